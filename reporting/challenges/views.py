"""The challenge log: challenges the board or its chair raise with partner agencies."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import (
    agency_required,
    board_required,
    get_for_board,
    is_manager,
    manager_required,
    rep_agency_id,
    speaks_for,
)
from lscb.editing import edit, takes_form
from lscb.evidence import EvidenceFilesField, download
from lscb.models import Agency, Challenge, ChallengeEvidence
from lscb.stored import kept_only_if_saved
from reporting.section11.services import tell_managers


class ChallengeForm(forms.ModelForm):
    class Meta:
        model = Challenge
        fields = ["raised_on", "raised_by", "agency", "issue", "response_due", "response",
                  "status", "outcome"]
        widgets = {
            "raised_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "response_due": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "issue": forms.Textarea(attrs={"rows": 3}),
            "response": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board
        self.fields["agency"].queryset = Agency.objects.for_board(board)
        if not self.instance.pk:
            self.fields["raised_on"].initial = timezone.localdate()

    def clean(self):
        data = super().clean()
        due, raised = data.get("response_due"), data.get("raised_on")
        if due and raised and due < raised:
            self.add_error("response_due", "The response cannot be due before the challenge was raised.")
        if data.get("status") in (Challenge.Status.RESOLVED, Challenge.Status.ESCALATED) and not (
                data.get("outcome") or "").strip():
            self.add_error("outcome", "Say what the outcome was.")
        return data


@require_safe
@board_required
def challenge_list(request):
    challenges = Challenge.objects.for_board(request.board).select_related("agency") \
        .prefetch_related("files")
    own = rep_agency_id(request)
    if own is not None:  # an agency's representative sees only the challenges to their agency
        challenges = challenges.filter(agency_id=own)
    status = request.GET.get("status")
    if status in Challenge.Status.values:
        challenges = challenges.filter(status=status)
    challenges = list(challenges)
    return render(request, "reporting/challenges.html", {
        "challenges": challenges, "status": status, "statuses": Challenge.Status.choices,
        "overdue": sum(c.is_overdue for c in challenges), "can_edit": is_manager(request),
        "is_rep": own is not None})


@takes_form
@manager_required
def challenge_edit(request, pk=None):
    challenge = get_for_board(request, Challenge, pk=pk) if pk else None
    return edit(request, ChallengeForm, instance=challenge, board=request.board,
                done="reporting:challenges", saved="Challenge to {0.agency} saved.", context={
                    "back": "reporting:challenges",
                    "heading": "Edit challenge" if challenge else "Record a challenge"})


class ResponseForm(forms.ModelForm):
    """The agency's answer to a challenge: what it says, when and who answered, files."""

    files = EvidenceFilesField(label="Attach evidence (optional)")

    class Meta:
        model = Challenge
        fields = ["response", "responded_on", "responded_by"]
        labels = {"response": "Your agency's response", "responded_on": "Date of the response"}
        widgets = {"response": forms.Textarea(attrs={"rows": 5}),
                   "responded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].required = True
        self.fields["responded_on"].required = True
        if not self.instance.responded_on:
            self.fields["responded_on"].initial = timezone.localdate()

    def clean_responded_on(self):
        day = self.cleaned_data["responded_on"]
        if day < self.instance.raised_on:
            raise forms.ValidationError("The response cannot come before the challenge.")
        if day > timezone.localdate():
            raise forms.ValidationError("The response cannot be dated in the future.")
        return day


@takes_form
@agency_required
def challenge_respond(request, pk):
    """The challenged agency answers; the business manager is told. The board then records
    the outcome (``challenge_edit``)."""
    challenge = get_for_board(request, Challenge.objects.select_related("agency"), pk=pk)
    if not speaks_for(request, challenge.agency_id):
        raise Http404("No such challenge.")
    form = ResponseForm(request.POST or None, request.FILES or None, instance=challenge)
    if request.method == "POST" and form.is_valid():
        with kept_only_if_saved() as saved, transaction.atomic():
            challenge = form.save()
            for upload in form.cleaned_data["files"]:
                evidence = ChallengeEvidence(challenge=challenge, original_name=upload.name,
                                             uploaded_on=timezone.localdate())
                evidence.file.save(upload.name, upload, save=True)
                saved.append(evidence.file.name)
        if not is_manager(request):
            tell_managers(request.board, f"{challenge.agency} responded to a challenge",
                          f"{challenge.agency} has responded to the challenge raised on "
                          f"{challenge.raised_on:%d %B %Y}: record the outcome in the "
                          "challenge log.")
        messages.success(request, "The response is recorded.")
        return redirect("reporting:challenges")
    return render(request, "reporting/challenge_respond.html",
                  {"form": form, "challenge": challenge})


@require_safe
@agency_required
def challenge_file(request, pk):
    evidence = get_for_board(request, ChallengeEvidence.objects.select_related("challenge"),
                             pk=pk)
    if not speaks_for(request, evidence.challenge.agency_id):
        raise Http404("No such file.")
    return download(evidence.file, evidence.original_name)

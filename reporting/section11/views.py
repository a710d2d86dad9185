"""Section 11 audit pages."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from actions.models import Action
from lscb import once
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
from lscb.fiscal import FIRST_YEAR, LAST_YEAR
from lscb.models import Agency
from lscb.papers.figures import possessive
from lscb.rag import Compliance
from lscb.stored import kept_only_if_saved
from reporting.models import (
    Section11Evidence,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
)
from reporting.section11.services import (
    carried_plans,
    ensure_standards,
    remind_laggards,
    round_status,
    start_return,
    submission_problems,
    submit,
    summary_grid,
)


class RoundForm(forms.ModelForm):
    class Meta:
        model = Section11Round
        fields = ["title", "year", "opened_on", "closes_on"]
        widgets = {"opened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(f"Give the financial year it starts in, {FIRST_YEAR} to "
                                        f"{LAST_YEAR} (e.g. 2015 for 2015/16).")
        return year

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if Section11Round.objects.filter(board=self.instance.board, title__iexact=title).exclude(
                pk=self.instance.pk).exists():
            raise forms.ValidationError("There is already a round with this title.")
        return title


class ReturnForm(forms.Form):
    """One agency's return: per standard its self-rating and evidence, an action plan for an
    amber or red standard and how the last round's plan went; for the business manager also
    the QA rating and comment and the board's follow-up actions. ``manager`` says which."""

    completed_by = forms.CharField(
        max_length=200, required=False, label="Completed by",
        help_text="The name and job title of who completed the return.")
    files = EvidenceFilesField(label="Add evidence files (optional)")

    AGENCY_FIELDS = ("rating", "evidence", "plan_what", "plan_who", "plan_by", "plan_progress")
    MANAGER_FIELDS = ("qa_rating", "qa", "actions")

    def __init__(self, *args, standards, ratings, board, manager, ret=None, carried=None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.standards, self.manager, self.carried = standards, manager, carried or {}
        # the business manager recording or assuring a submitted return rates what has content
        self.require_ratings = manager and (ret is None or ret.is_submitted)
        self.fields["completed_by"].initial = ret.completed_by if ret else ""
        self.fields["files"].widget.attrs["aria-describedby"] = "id_files_helptext"
        actions = Action.objects.for_board(board).active().select_related("plan")
        rated = [("", "Not rated yet"), *Compliance.choices]
        for s in standards:
            current = ratings.get(s.pk)
            label = f"{s.number}. {s.title}"

            def value(name, default="", current=current):
                return getattr(current, name) if current else default

            self.fields[f"rating_{s.pk}"] = forms.ChoiceField(
                label=f"{label}: self-rating", required=False, choices=rated,
                initial=value("rating"))
            self.fields[f"evidence_{s.pk}"] = forms.CharField(
                label=f"{label}: evidence", required=False,
                widget=forms.Textarea(attrs={"rows": 3}), initial=value("evidence"))
            self.fields[f"plan_what_{s.pk}"] = forms.CharField(
                label=f"{label}: action plan, what", required=False,
                help_text="Needed when the standard is rated amber or red.",
                widget=forms.Textarea(attrs={"rows": 2}), initial=value("plan_what"))
            self.fields[f"plan_who_{s.pk}"] = forms.CharField(
                label=f"{label}: action plan, who", required=False, max_length=200,
                initial=value("plan_who"))
            self.fields[f"plan_by_{s.pk}"] = forms.DateField(
                label=f"{label}: action plan, by when", required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                initial=value("plan_by", None))
            if s.pk in self.carried:
                self.fields[f"plan_progress_{s.pk}"] = forms.CharField(
                    label=f"{label}: progress on the last round's action plan", required=False,
                    widget=forms.Textarea(attrs={"rows": 2}), initial=value("plan_progress"))
            if manager:
                self.fields[f"qa_rating_{s.pk}"] = forms.ChoiceField(
                    label=f"{label}: QA rating", required=False,
                    choices=[("", "Not moderated yet"), *Compliance.choices],
                    initial=value("qa_rating"))
                self.fields[f"qa_{s.pk}"] = forms.CharField(
                    label=f"{label}: QA comment", required=False,
                    widget=forms.Textarea(attrs={"rows": 2}), initial=value("qa_comment"))
                self.fields[f"actions_{s.pk}"] = forms.ModelMultipleChoiceField(
                    label=f"{label}: board follow-up actions", required=False,
                    queryset=actions,
                    initial=list(current.follow_up_actions.all()) if current else [])

    def clean(self):
        data = super().clean()
        for s in self.standards:
            if data.get(f"rating_{s.pk}"):
                continue
            if data.get(f"qa_rating_{s.pk}"):
                self.add_error(f"qa_rating_{s.pk}", "The agency has not rated this standard yet.")
            elif self.require_ratings and any(data.get(f"{k}_{s.pk}") for k in (
                    "evidence", "qa", "actions", "plan_what")):
                self.add_error(f"rating_{s.pk}", "Rate compliance with this standard.")
        return data

    def groups(self):
        names = self.AGENCY_FIELDS + (self.MANAGER_FIELDS if self.manager else ())
        for s in self.standards:
            yield s, self.carried.get(s.pk), [self[f"{k}_{s.pk}"] for k in names
                                                if f"{k}_{s.pk}" in self.fields]

    def save(self, ret, user_name):
        """Write the answers (a standard with nothing in it has no rating row)."""
        data = self.cleaned_data
        ret.completed_by = data["completed_by"].strip()
        ret.save(update_fields=["completed_by", "updated_at"])
        for s in self.standards:
            values = {k: data.get(f"{k}_{s.pk}") for k in self.AGENCY_FIELDS
                      if f"{k}_{s.pk}" in self.fields}
            values = {k: (v if v is not None else ("" if k != "plan_by" else None))
                      for k, v in values.items()}
            if self.manager:
                values["qa_rating"] = data.get(f"qa_rating_{s.pk}") or ""
                values["qa_comment"] = data.get(f"qa_{s.pk}") or ""
            if not any(values.values()):
                Section11Rating.objects.filter(section11_return=ret, standard=s).delete()
                continue
            row, _ = Section11Rating.objects.update_or_create(
                section11_return=ret, standard=s, defaults=values)
            if self.manager:
                row.follow_up_actions.set(data[f"actions_{s.pk}"])
        for upload in data["files"]:
            evidence = Section11Evidence(section11_return=ret, original_name=upload.name,
                                         uploaded_on=timezone.localdate(), uploaded_by=user_name)
            evidence.file.save(upload.name, upload, save=True)
            yield evidence.file.name


@require_safe
@board_required
def round_list(request):
    rounds = Section11Round.objects.for_board(request.board)
    standards = Section11Standard.objects.for_board(request.board)
    return render(request, "reporting/section11_rounds.html", {
        "rounds": rounds, "standards": standards, "can_edit": is_manager(request)})


@takes_form
@manager_required
def round_new(request):
    if answered := once.replayed(request):
        return answered
    form = RoundForm(request.POST or None, board=request.board)
    if request.method == "POST" and form.is_valid():
        def start():
            round_ = form.save()
            ensure_standards(request.board)
            return round_

        return once.save_once(request, start,
                              done=lambda round_: reverse("reporting:s11_round", args=[round_.pk]))
    return render(request, "plans/register_form.html", {
        "form": form, "heading": "Start a Section 11 audit round", "back": "reporting:s11"})


@require_safe
@board_required
def round_detail(request, pk):
    """The round: its summary grid and, for the business manager, every agency's state
    (not started, draft, submitted, late). An agency representative sees only their own
    agency's row and return."""
    round_ = get_for_board(request, Section11Round, pk=pk)
    standards, rows, counts = summary_grid(round_)
    status = round_status(round_)
    own = rep_agency_id(request)
    if own is not None:
        rows = [row for row in rows if row[0].pk == own]
        status = [row for row in status if row["agency"].pk == own]
        counts = None
    return render(request, "reporting/section11_round.html", {
        "round": round_, "standards": standards, "rows": rows, "counts": counts,
        "status": status, "can_edit": is_manager(request), "is_rep": own is not None,
        "laggards": sum(row["state"] != "submitted" for row in status)})


@takes_form
@agency_required
def return_edit(request, pk, agency_pk):
    """An agency's return: its representative drafts and submits it, the business manager
    quality-assures it. After the round closes it stays open and is marked late."""
    round_ = get_for_board(request, Section11Round, pk=pk)
    agency = get_for_board(request, Agency, pk=agency_pk)
    if not speaks_for(request, agency.pk):
        raise Http404("No such return.")  # another agency's return is simply not there
    manager = is_manager(request)
    standards = ensure_standards(request.board)
    existing = Section11Return.objects.filter(round=round_, agency=agency).first()
    if existing is None and request.method == "GET" and not manager:
        existing = start_return(round_, agency)  # the agency opens its return: a draft
    ratings = {}
    if existing:
        ratings = {r.standard_id: r for r in existing.ratings.prefetch_related("follow_up_actions")}
    carried = carried_plans(existing)
    form = ReturnForm(request.POST or None, request.FILES or None, standards=standards,
                      ratings=ratings, board=request.board, manager=manager, ret=existing,
                      carried=carried)
    problems = []
    if request.method == "POST" and form.is_valid():
        user_name = request.user.get_full_name() or request.user.get_username()
        wants_submit = "submit" in request.POST
        with kept_only_if_saved() as saved, transaction.atomic():
            ret = existing or start_return(round_, agency)
            if existing is None and not manager:
                ret.ratings.all().delete()  # the form carries the answers now
            if existing is None and manager:
                ret.status = Section11Return.Status.SUBMITTED
                ret.submitted_on = ret.submitted_on or timezone.localdate()
                ret.save(update_fields=["status", "submitted_on"])
            saved.extend(form.save(ret, user_name))
            if wants_submit and not ret.is_submitted:
                problems = submission_problems(ret, standards)
                if not problems:
                    submit(ret)
        if not problems:
            if wants_submit:
                messages.success(request, f"{possessive(agency.name)} return submitted"
                                 f"{' (late)' if ret.is_late else ''}. Thank you.")
            else:
                messages.success(request, f"{possessive(agency.name)} return saved"
                                 f"{' as a draft' if not ret.is_submitted else ''}.")
            return redirect("reporting:s11_return", pk=round_.pk, agency_pk=agency.pk)
        existing = ret
    return render(request, "reporting/section11_return.html", {
        "round": round_, "agency": agency, "form": form, "ret": existing,
        "problems": problems, "manager": manager,
        "files": existing.evidence_files.select_related("standard") if existing else []})


@require_safe
@agency_required
def evidence_file(request, pk):
    """A Section 11 evidence file: to the business manager and the agency's own people."""
    evidence = get_for_board(request, Section11Evidence.objects.select_related(
        "section11_return__agency"), pk=pk)
    if not speaks_for(request, evidence.section11_return.agency_id):
        raise Http404("No such file.")
    return download(evidence.file, evidence.original_name)


@require_POST
@manager_required
def remind(request, pk):
    round_ = get_for_board(request, Section11Round, pk=pk)
    sent = remind_laggards(round_)
    messages.success(request, f"{sent} reminder(s) sent to the agencies that have not "
                     "submitted." if sent else "Nobody to remind: no representative of an agency "
                     "that has not submitted has an e-mail address.")
    return redirect("reporting:s11_round", pk=round_.pk)


class StandardForm(forms.ModelForm):
    class Meta:
        model = Section11Standard
        fields = ["number", "title", "minimum_requirements"]
        widgets = {"minimum_requirements": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board

    def clean_number(self):
        number = self.cleaned_data["number"]
        if Section11Standard.objects.filter(board=self.instance.board, number=number).exclude(
                pk=self.instance.pk).exists():
            raise forms.ValidationError("Another standard has this number.")
        return number


@takes_form
@manager_required
def standard_edit(request, pk=None):
    if pk is None:
        ensure_standards(request.board)
    standard = get_for_board(request, Section11Standard, pk=pk) if pk else None
    return edit(request, StandardForm, instance=standard, board=request.board,
                done="reporting:s11", saved="Standard saved.", context={
                    "back": "reporting:s11",
                    "heading": f"Edit standard {standard.number}" if standard else "Add a standard"})

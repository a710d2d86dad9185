"""The challenge log: challenges the board or its chair raise with partner agencies."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from lscb.access import board_required, get_for_board, is_manager, manager_required
from lscb.editing import edit, takes_form
from lscb.models import Agency, Challenge


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
    challenges = Challenge.objects.for_board(request.board).select_related("agency")
    status = request.GET.get("status")
    if status in Challenge.Status.values:
        challenges = challenges.filter(status=status)
    challenges = list(challenges)
    return render(request, "reporting/challenges.html", {
        "challenges": challenges, "status": status, "statuses": Challenge.Status.choices,
        "overdue": sum(c.is_overdue for c in challenges), "can_edit": is_manager(request)})


@takes_form
@manager_required
def challenge_edit(request, pk=None):
    challenge = get_for_board(request, Challenge, pk=pk) if pk else None
    return edit(request, ChallengeForm, instance=challenge, board=request.board,
                done="reporting:challenges", saved="Challenge to {0.agency} saved.", context={
                    "back": "reporting:challenges",
                    "heading": "Edit challenge" if challenge else "Record a challenge"})

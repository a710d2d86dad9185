from django import forms
from django.utils import timezone

from lscb.evidence import EvidenceFilesField
from lscb.fiscal import Quarter
from lscb.models import Agency
from lscb.rag import CHOOSABLE, NARRATIVE_REQUIRED, RAG
from plans.models import Recommendation
from subgroups.models import Subgroup

from .dating import date_problems
from .models import Action, ProgressUpdate


class ProgressUpdateForm(forms.ModelForm):
    rag = forms.ChoiceField(
        label="RAG rating", choices=[("", "Choose a rating…"), *((r.value, r.label) for r in CHOOSABLE)]
    )

    class Meta:
        model = ProgressUpdate
        fields = ["rag", "date", "narrative", "backdate_reason"]
        labels = {"date": "Date of update", "narrative": "Progress narrative"}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "narrative": forms.Textarea(attrs={"rows": 3}),
            "backdate_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"narrative": "Required for Red and Amber: say what is wrong and what is "
                      "being done.",
                      "date": "This quarter, or last quarter as a late update. Closed quarters "
                      "cannot take updates."}

    impact_statement = forms.CharField(
        label="Impact: what changed for children or practice", required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you mark the action Complete.",
    )
    impact_evidence = forms.CharField(label="Evidence of the impact", required=False,
                                      widget=forms.Textarea(attrs={"rows": 2}))
    impact_review_on = forms.DateField(
        label="Check the change has held on (optional)", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Usually 3 to 6 months after completion; the owner is reminded then.",
    )

    def __init__(self, *args, prefix_id="", action=None, manager=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.manager = manager  # only the business manager may back-date (with a reason)
        if not manager:
            del self.fields["backdate_reason"]
        if action is not None:
            self.instance.action = action  # for the model's date floor (the plan's start)
        self.fields["date"].initial = timezone.localdate() if action is None else min(
            timezone.localdate(), action.plan.last_day)  # an ended plan: its last day
        if action is not None and action.completed_on:
            for name in ("impact_statement", "impact_evidence", "impact_review_on"):
                del self.fields[name]
        if prefix_id:  # unique ids when one page holds many inline forms
            self.auto_id = f"id_{prefix_id}_%s"

    def clean(self):
        data = super().clean()
        if data.get("date") and self.action is not None:
            for field, message in date_problems(
                self.action, data["date"], manager=self.manager,
                reason=data.get("backdate_reason", ""),
            ).items():
                self.add_error(field, message)
        elif data.get("date") and data["date"] > timezone.localdate():
            self.add_error("date", "An update cannot be dated in the future.")
        rag, narrative = data.get("rag"), (data.get("narrative") or "").strip()
        if rag in NARRATIVE_REQUIRED and not narrative:
            self.add_error(
                "narrative",
                f"Say what is happening: a narrative is required for {RAG(rag).label}.",
            )
        if data.get("date"):
            self.quarter = Quarter.of(data["date"])
        if rag == RAG.COMPLETE and "impact_statement" in self.fields:
            if not (data.get("impact_statement") or "").strip():
                self.add_error("impact_statement", "Say what changed for children or practice "
                               "before marking the action complete.")
            review = data.get("impact_review_on")
            if review and data.get("date") and review <= data["date"]:
                self.add_error("impact_review_on", "Choose a date after the completion date.")
        return data

    @property
    def completes(self):
        return self.cleaned_data.get("rag") == RAG.COMPLETE and "impact_statement" in self.fields


class WithdrawForm(forms.Form):
    reason = forms.CharField(label="Why withdraw this update", max_length=1000,
                             widget=forms.TextInput())

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the update is withdrawn.")
        return reason


class ImpactReviewForm(forms.Form):
    """The owner's answer, some months on: has the change held?"""

    held = forms.TypedChoiceField(
        label="Has the change held?", coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", "Yes, the change has held"), ("no", "No, it has not held")],
    )
    note = forms.CharField(label="What shows this", widget=forms.Textarea(attrs={"rows": 3}))


class UpdateFilesForm(forms.Form):
    """Evidence files posted with a progress update (the update's own form is unchanged)."""

    files = EvidenceFilesField(label="Evidence files (optional)")


class ActionForm(forms.ModelForm):
    """Add or edit an action. ``version`` carries the version the user started
    from, so a save over someone else's newer edit is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    STALE = ("This form is out of date or incomplete (it does not say which version of the "
             "action you started from), so it was not saved: open the action again and make "
             "your change there.")

    class Meta:
        model = Action
        fields = [
            "theme", "reference", "description", "owners", "lead_role", "lead_agency",
            "due_precision",
            "due_date", "due_text", "outcome", "measures", "source", "recommendations",
            "risk_note",
        ]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            "source": forms.Textarea(attrs={"rows": 2}),
            "risk_note": forms.Textarea(attrs={"rows": 2}),
            "owners": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "description": "Start a line with “- ” for a bullet point.",
            "due_date": "For a month, a quarter or a financial year, any day in it: the "
                        "action is due on its last day.",
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.instance.board = plan.board
        self.fields["theme"].queryset = plan.themes.all()
        self.fields["owners"].queryset = Subgroup.objects.for_board(plan.board)
        self.fields["lead_agency"].queryset = Agency.objects.for_board(plan.board)
        self.fields["recommendations"].queryset = Recommendation.objects.filter(
            source__board=plan.board
        ).select_related("source")
        self.fields["recommendations"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        version = data.get("version")
        if self.instance.pk and (version is None or version < 1):
            # without the version it started from, a save could overwrite someone's edit
            raise forms.ValidationError(self.STALE, code="stale")
        return data

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = Action.objects.filter(plan=self.plan, reference=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"This plan already has an action {reference}.")
        return reference

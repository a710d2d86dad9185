from django import forms
from django.utils import timezone

from lscb.fiscal import financial_year_of, year_label
from lscb.models import Member

from .models import BusinessPlan, Indicator, Risk, Theme
from .themes import NUMBER


class BoardModelForm(forms.ModelForm):
    """A model form whose instance belongs to the given board."""

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board


class IndicatorForm(BoardModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "polarity", "target", "previous_year_end", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Indicator.objects.filter(board=self.instance.board, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an indicator with this name.")
        return name


class QuarterValuesForm(forms.Form):
    """The four quarterly actuals of one indicator in one financial year."""

    q1 = forms.DecimalField(label="Q1 (April–June)", required=False, max_digits=12, decimal_places=2)
    q2 = forms.DecimalField(label="Q2 (July–September)", required=False, max_digits=12,
                            decimal_places=2)
    q3 = forms.DecimalField(label="Q3 (October–December)", required=False, max_digits=12,
                            decimal_places=2)
    q4 = forms.DecimalField(label="Q4 (January–March)", required=False, max_digits=12,
                            decimal_places=2)


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RiskForm(BoardModelForm):
    class Meta:
        model = Risk
        fields = ["theme", "reference", "description", "inherent_likelihood", "inherent_impact",
                  "current_controls", "residual_likelihood", "residual_impact",
                  "further_controls", "by_when", "by_whom", "status", "review_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "current_controls": forms.Textarea(attrs={"rows": 3}),
            "further_controls": forms.Textarea(attrs={"rows": 3}),
            "by_when": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "inherent_likelihood": forms.Select(choices=RATING_CHOICES),
            "inherent_impact": forms.Select(choices=RATING_CHOICES),
            "residual_likelihood": forms.Select(choices=RATING_CHOICES),
            "residual_impact": forms.Select(choices=RATING_CHOICES),
        }

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = Risk.objects.filter(board=self.instance.board, reference=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"The register already has a risk {reference}.")
        return reference


def year_choices():
    return [(year, year_label(year)) for year in range(2000, 2101)]


class PlanForm(BoardModelForm):
    """A plan's own details. Its status moves between draft and approved here; it becomes
    live (and leaves live) only through the confirmation pages."""

    start_year = forms.TypedChoiceField(label="First financial year", coerce=int,
                                        choices=year_choices)
    end_year = forms.TypedChoiceField(label="Last financial year", coerce=int,
                                      choices=year_choices,
                                      help_text="The same as the first for a one-year plan.")

    class Meta:
        model = BusinessPlan
        fields = ["title", "start_year", "end_year", "status", "approved_on", "approved_by",
                  "review_note", "introduction", "planning_process"]
        labels = {"approved_on": "Approval date", "review_note": "When the plan is reviewed",
                  "planning_process": "How the plan was made"}
        help_texts = {"introduction": "Markdown: blank lines between paragraphs, “- ” for a "
                                      "bulleted list, **bold**.",
                      "planning_process": "Markdown, as the introduction."}
        widgets = {"approved_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "introduction": forms.Textarea(attrs={"rows": 8}),
                   "planning_process": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status in (BusinessPlan.Status.LIVE, BusinessPlan.Status.ARCHIVED):
            del self.fields["status"]  # live and archived are reached by confirmation only
        else:
            self.fields["status"].choices = [
                (value, label) for value, label in BusinessPlan.Status.choices
                if value in (BusinessPlan.Status.DRAFT, BusinessPlan.Status.APPROVED)]
        if not self.instance.pk:
            today = timezone.localdate()
            self.fields["start_year"].initial = financial_year_of(today) + 1
            self.fields["end_year"].initial = financial_year_of(today) + 1

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error("end_year", "The last year cannot come before the first.")
        status = data.get("status", self.instance.status)
        if status in (BusinessPlan.Status.APPROVED, BusinessPlan.Status.LIVE) \
                and not data.get("approved_on") and "approved_on" not in self.errors:
            self.add_error("approved_on", "Give the date the plan was approved.")
        return data

    def save(self, commit=True):
        plan = super().save(commit=False)
        if not plan.pk:
            plan.slug = BusinessPlan.unique_slug(plan.board, plan.title)
        if commit:
            plan.save()
        return plan


class MakeLiveForm(forms.Form):
    """What a plan needs before it goes live, if it does not have it yet."""

    approved_on = forms.DateField(label="Approval date", widget=forms.DateInput(
        attrs={"type": "date"}, format="%Y-%m-%d"))
    approved_by = forms.CharField(label="Approving body", max_length=200, required=False,
                                  help_text="E.g. “LSCB Board meeting”.")


class ThemeForm(forms.ModelForm):
    """A theme or a sub-section of one (one level: "2.2 Early Help" inside 2)."""

    class Meta:
        model = Theme
        fields = ["number", "title", "parent", "sponsor", "description"]
        labels = {"parent": "Sub-section of", "sponsor": "Sponsor (a board member)"}
        help_texts = {"number": "E.g. “3”, or “2.2” for a sub-section of theme 2. Action "
                                "references are renumbered only when you ask."}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.instance.plan = plan
        self.instance.board = plan.board
        top = Theme.objects.filter(plan=plan, parent__isnull=True)
        if self.instance.pk:
            top = top.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = top
        self.fields["parent"].empty_label = "None: a theme of its own"
        members = Member.objects.for_board(plan.board)
        chosen = [self.instance.sponsor_id] if self.instance.sponsor_id else []
        self.fields["sponsor"].queryset = (members.current().exclude(
            board_role=Member.BoardRole.NONE) | members.filter(pk__in=chosen)).distinct()

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        if not NUMBER.match(number):
            raise forms.ValidationError("Use numbers or letters separated by dots, e.g. 3 or 2.2.")
        clash = Theme.objects.filter(plan=self.plan, number=number)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"The plan already has a theme {number}.")
        return number

    def clean(self):
        data = super().clean()
        parent, number = data.get("parent"), data.get("number")
        if parent and self.instance.pk and self.instance.sections.exists():
            self.add_error("parent", "This theme has sub-sections of its own, so it cannot "
                                     "become a sub-section.")
        elif parent and number and not number.startswith(f"{parent.number}."):
            self.add_error("number", f"A sub-section of theme {parent.number} is numbered "
                                     f"{parent.number}.1, {parent.number}.2 and so on.")
        return data


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label="Move its actions into", queryset=Theme.objects.none(),
                                  empty_label="Choose a theme…")

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.filter(plan_id=theme.plan_id).exclude(
            pk=theme.pk)

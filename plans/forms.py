from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone

from lscb.fiscal import date_window, day_label, financial_year_of, year_label
from lscb.models import Member

from .models import BusinessPlan, Indicator, Risk, RiskSettings, Theme
from .scoring import fits, scheme
from .themes import LETTERED, NUMBER


class BoardModelForm(forms.ModelForm):
    """A model form whose instance belongs to the given board."""

    def __init__(self, *args, board, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.board = board


class IndicatorForm(BoardModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "measure", "unit", "allow_beyond_range", "polarity", "target",
                  "previous_year_end", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        labels = {"target": "Standing target", "previous_year_end": "Standing previous year-end",
                  "unit": "Unit words"}
        help_texts = {"target": "Used for years without a target of their own (set on the "
                      "year's Values page, or imported).",
                      "previous_year_end": "Used for the first year with figures; later years "
                      "take the year before's last figure unless they give their own."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].required = False  # blank: a number, or as the unit says

    def clean_measure(self):
        return self.cleaned_data.get("measure") or Indicator.Measure.NUMBER

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Indicator.objects.filter(board=self.instance.board, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an indicator with this name.")
        return name

    def clean(self):
        data = super().clean()
        measure = data.get("measure") or Indicator.Measure.NUMBER
        if measure == Indicator.Measure.NUMBER:  # as Indicator.save reads "%" or "£"
            measure = Indicator.UNIT_MEASURES.get((data.get("unit") or "").strip().lower(),
                                                  measure)
        probe = Indicator(measure=measure,
                          allow_beyond_range=data.get("allow_beyond_range", False))
        for name in ("target", "previous_year_end"):
            problem = probe.value_problem(data.get(name))
            if problem and name not in self.errors:
                self.add_error(name, problem)
        return data


QUARTER_LABELS = {1: "Q1 (April–June)", 2: "Q2 (July–September)", 3: "Q3 (October–December)",
                  4: "Q4 (January–March)"}


def _figure(label):
    return forms.DecimalField(label=label, required=False, max_digits=12, decimal_places=2)


class QuarterValuesForm(forms.Form):
    """The four quarterly actuals of one indicator in one financial year, each with a
    commentary (what is behind the figure), with that year's target, polarity and the
    end-of-year value of the year before (blank: the indicator's own, or the year
    before's last figure). Figures are checked against the indicator's measure."""

    target = _figure("Target for the year")
    previous_year_end = _figure("End-of-year value of the year before")
    polarity = forms.ChoiceField(label="Which way is better this year", required=False,
                                 choices=[("", "As the indicator"), *Indicator.Polarity.choices])

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        unit = indicator.display_unit
        for q, label in QUARTER_LABELS.items():
            self.fields[f"q{q}"] = _figure(f"{label}{f' ({unit})' if unit else ''}")
            self.fields[f"commentary_{q}"] = forms.CharField(
                label=f"Commentary on {label[:2]}", required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="What is behind the figure.")

    def clean(self):
        data = super().clean()
        for name in ["target", "previous_year_end", *(f"q{q}" for q in QUARTER_LABELS)]:
            problem = self.indicator.value_problem(data.get(name))
            if problem and name not in self.errors:
                self.add_error(name, problem)
        for q in QUARTER_LABELS:
            if (data.get(f"commentary_{q}") or "").strip() and data.get(f"q{q}") is None \
                    and f"q{q}" not in self.errors:
                self.add_error(f"q{q}", "Give the figure the commentary is about.")
        return data


STAGES = ["inherent", "residual", "target"]


class RiskForm(BoardModelForm):
    """A risk, rated the way the board scores its register: likelihood and impact up to
    the matrix's size, or one score, or High/Medium/Low. The target rating is optional."""

    class Meta:
        model = Risk
        fields = ["theme", "reference", "description",
                  "inherent_likelihood", "inherent_impact", "inherent_value", "current_controls",
                  "residual_likelihood", "residual_impact", "residual_value", "residual_note",
                  "confirm_residual_above",
                  "further_controls",
                  "target_likelihood", "target_impact", "target_value",
                  "by_when", "by_whom", "status", "status_text", "review_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "current_controls": forms.Textarea(attrs={"rows": 3}),
            "further_controls": forms.Textarea(attrs={"rows": 3}),
            "residual_note": forms.Textarea(attrs={"rows": 2}),
            "by_when": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    confirm_residual_above = forms.BooleanField(
        label="Yes, the residual rating is higher than the inherent rating", required=False,
        help_text="Tick to confirm when the rating now is above the rating before controls.")

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.window = date_window(BusinessPlan.objects.live_period(self.instance.board))
        for name in ("by_when", "review_date"):
            self.fields[name].help_text = (f"Between {day_label(self.window[0])} and "
                                           f"{day_label(self.window[1])}.")
        for stage in STAGES:
            if scheme.is_matrix:
                del self.fields[f"{stage}_value"]
                parts = [f"{stage}_likelihood", f"{stage}_impact"]
                choices = [(n, str(n)) for n in range(1, scheme.size + 1)]
            else:
                del self.fields[f"{stage}_likelihood"], self.fields[f"{stage}_impact"]
                parts = [f"{stage}_value"]
                choices = [(3, "High"), (2, "Medium"), (1, "Low")] if scheme.is_levels else [
                    (n, str(n)) for n in range(1, scheme.top + 1)]
            for name in parts:
                field = self.fields[name]
                field.widget = forms.Select(choices=[("", "—"), *choices])
                field.required = stage != "target"
                field.validators.append(MaxValueValidator(scheme.size or scheme.top))
                if not scheme.is_matrix:
                    field.label = f"{stage.capitalize()} rating"

    def clean(self):
        data = super().clean()
        first, last = self.window
        for name in ("by_when", "review_date"):
            day = data.get(name)
            if day and not first <= day <= last:
                self.add_error(name, f"Give a date between {day_label(first)} and "
                                     f"{day_label(last)} (the plan's period, a year before "
                                     "and three after).")
        scores = {}
        for stage in ("inherent", "residual"):
            probe = Risk(**{k: data.get(k) for k in (f"{stage}_likelihood", f"{stage}_impact",
                                                     f"{stage}_value")})
            scores[stage] = probe.score(stage)
        if scores["inherent"] and scores["residual"] and scores["residual"] > scores["inherent"]:
            if not data.get("confirm_residual_above"):
                self.add_error("confirm_residual_above",
                               f"The residual rating ({scores['residual']}) is above the "
                               f"inherent rating ({scores['inherent']}): tick to confirm.")
            if not (data.get("residual_note") or "").strip():
                self.add_error("residual_note", "Say why the rating is higher now than "
                                                "before controls.")
        return data

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        clash = Risk.objects.filter(board=self.instance.board, reference=reference)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(f"The register already has a risk {reference}.")
        return reference


class RiskScoringForm(BoardModelForm):
    """How the board scores its register; refused when a risk on it does not fit."""

    class Meta:
        model = RiskSettings
        fields = ["scoring"]
        widgets = {"scoring": forms.RadioSelect}

    def clean_scoring(self):
        chosen = scheme(self.cleaned_data["scoring"])
        misfits = [risk.reference for risk in Risk.objects.for_board(self.instance.board)
                   if not fits(risk, chosen)]
        if misfits:
            raise forms.ValidationError(
                f"{len(misfits)} risk(s) are rated outside this scheme ({', '.join(misfits[:10])}"
                f"{'…' if len(misfits) > 10 else ''}): change their ratings first.")
        return self.cleaned_data["scoring"]


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
        elif parent and number and not (number.startswith(f"{parent.number}.") or (
                LETTERED.fullmatch(number) and number[:-1] == parent.number)):
            self.add_error("number", f"A sub-section of theme {parent.number} is numbered "
                                     f"{parent.number}.1, {parent.number}.2 and so on (or "
                                     f"{parent.number}a, {parent.number}b).")
        return data


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label="Move its actions into", queryset=Theme.objects.none(),
                                  empty_label="Choose a theme…")

    def __init__(self, *args, theme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Theme.objects.filter(plan_id=theme.plan_id).exclude(
            pk=theme.pk)

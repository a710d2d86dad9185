from django import forms
from django.core.validators import MaxValueValidator

from .models import Indicator, Risk, RiskSettings
from .scoring import fits, scheme


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
        labels = {"target": "Standing target", "previous_year_end": "Standing previous year-end"}
        help_texts = {"target": "Used for years without a target of their own (set on the "
                      "year's Values page, or imported)."}

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Indicator.objects.filter(board=self.instance.board, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("There is already an indicator with this name.")
        return name


class QuarterValuesForm(forms.Form):
    """The four quarterly actuals of one indicator in one financial year, with that year's
    target and the end-of-year value of the year before (blank: the indicator's own)."""

    target = forms.DecimalField(label="Target for the year", required=False, max_digits=12,
                                decimal_places=2)
    previous_year_end = forms.DecimalField(label="End-of-year value of the year before",
                                           required=False, max_digits=12, decimal_places=2)
    q1 = forms.DecimalField(label="Q1 (April–June)", required=False, max_digits=12, decimal_places=2)
    q2 = forms.DecimalField(label="Q2 (July–September)", required=False, max_digits=12,
                            decimal_places=2)
    q3 = forms.DecimalField(label="Q3 (October–December)", required=False, max_digits=12,
                            decimal_places=2)
    q4 = forms.DecimalField(label="Q4 (January–March)", required=False, max_digits=12,
                            decimal_places=2)


STAGES = ["inherent", "residual", "target"]


class RiskForm(BoardModelForm):
    """A risk, rated the way the board scores its register: likelihood and impact up to
    the matrix's size, or one score, or High/Medium/Low. The target rating is optional."""

    class Meta:
        model = Risk
        fields = ["theme", "reference", "description",
                  "inherent_likelihood", "inherent_impact", "inherent_value", "current_controls",
                  "residual_likelihood", "residual_impact", "residual_value", "further_controls",
                  "target_likelihood", "target_impact", "target_value",
                  "by_when", "by_whom", "status", "status_text", "review_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "current_controls": forms.Textarea(attrs={"rows": 3}),
            "further_controls": forms.Textarea(attrs={"rows": 3}),
            "by_when": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
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

from django import forms

from .models import Indicator, Risk


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

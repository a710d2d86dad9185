from django import forms

from lscb.fiscal import Quarter, parse_year_label, year_label


class QuarterForm(forms.Form):
    """Choose the financial year and quarter of a paper."""

    year = forms.CharField(label="Financial year", max_length=9,
                           help_text="For example 2015/16.")
    quarter = forms.TypedChoiceField(
        label="Quarter", coerce=int,
        choices=[(1, "Q1 (April–June)"), (2, "Q2 (July–September)"),
                 (3, "Q3 (October–December)"), (4, "Q4 (January–March)")],
    )

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        if years:
            self.fields["year"] = forms.ChoiceField(
                label="Financial year", choices=[(year_label(y), year_label(y)) for y in years]
            )

    def clean_year(self):
        try:
            return parse_year_label(self.cleaned_data["year"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error

    @property
    def quarter_value(self):
        return Quarter(self.cleaned_data["year"], self.cleaned_data["quarter"])

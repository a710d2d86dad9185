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

    # How the paper is tabled (all optional; the body defaults to the planner's).
    body = forms.ChoiceField(label="Meeting", required=False,
                             help_text="The body the paper goes to; blank: as the reporting planner says.")
    meeting_date = forms.DateField(label="Meeting date", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    agenda_item = forms.CharField(label="Agenda item", max_length=40, required=False,
                                  help_text="E.g. 6.2")
    author = forms.CharField(label="Author", max_length=120, required=False)

    MEETING_FIELDS = ("body", "meeting_date", "agenda_item", "author")

    def __init__(self, *args, years=(), bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "As the reporting planner says")] + [
            (name, name) for name in bodies]
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

    def meeting_kwargs(self):
        data = self.cleaned_data
        return {"body": data.get("body") or "", "on": data.get("meeting_date"),
                "agenda_item": data.get("agenda_item") or "", "author": data.get("author") or ""}


class CommentaryForm(forms.ModelForm):
    class Meta:
        from reporting.models import QuarterCommentary

        model = QuarterCommentary
        fields = ["summary", "asks"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6}),
                   "asks": forms.Textarea(attrs={"rows": 4})}


class PresetLayoutForm(forms.Form):
    """One of the layouts boards publish, as a whole."""

    preset = forms.ChoiceField(label="Layout")

    def __init__(self, *args, **kwargs):
        from .plan_layout import PRESETS

        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = [(p.key, p.name) for p in PRESETS.values()]

    def columns(self):
        from .plan_layout import PRESETS

        return [[key, label] for key, label in PRESETS[self.cleaned_data["preset"]].columns]

    def is_landscape(self):
        from .plan_layout import PRESETS

        return PRESETS[self.cleaned_data["preset"]].landscape


class PlanLayoutForm(forms.Form):
    """Which action fields the Business Plan document prints, in which order, under
    which headings: a position for each field (blank: not printed)."""

    landscape = forms.BooleanField(label="Print the action plan landscape", required=False)

    def __init__(self, *args, columns=(), **kwargs):
        from .plan_layout import FIELDS

        super().__init__(*args, **kwargs)
        positions = {c.key: (n, c.label) for n, c in enumerate(columns, start=1)}
        for key, field in FIELDS.items():
            position, label = positions.get(key, (None, ""))
            self.fields[f"pos_{key}"] = forms.IntegerField(
                label=f"{field.label}: position", required=False, min_value=1, max_value=20,
                initial=position, help_text="Blank: not printed.")
            self.fields[f"label_{key}"] = forms.CharField(
                label=f"{field.label}: heading", required=False, max_length=80,
                initial=label if label != field.label else "",
                help_text=f"Blank: “{field.label}”.")

    def field_rows(self):
        from .plan_layout import FIELDS

        return [(FIELDS[key], self[f"pos_{key}"], self[f"label_{key}"]) for key in FIELDS]

    def clean(self):
        from .plan_layout import FIELDS

        data = super().clean()
        for key in FIELDS:
            if data.get(f"label_{key}") and not data.get(f"pos_{key}") \
                    and f"pos_{key}" not in self.errors:
                self.add_error(f"label_{key}", "Give this field a position to print this "
                                               "heading, or leave the heading blank.")
        if not any(data.get(f"pos_{key}") for key in FIELDS) and not self.errors:
            raise forms.ValidationError("Give at least one field a position.")
        return data

    def is_landscape(self):
        return self.cleaned_data["landscape"]

    def columns(self):
        """[[field, heading]] in print order."""
        from .plan_layout import FIELDS

        data = self.cleaned_data
        order = list(FIELDS)
        chosen = sorted((data[f"pos_{key}"], order.index(key), key) for key in FIELDS
                        if data.get(f"pos_{key}"))
        return [[key, data.get(f"label_{key}") or FIELDS[key].label] for _p, _i, key in chosen]

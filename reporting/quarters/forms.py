from django import forms

from lscb.fiscal import Quarter


def plan_quarters(plan):
    """Every quarter of the plan's years, in order."""
    return [Quarter(year, number) for year in range(plan.start_year, plan.end_year + 1)
            for number in range(1, 5)]


def quarter_key(quarter):
    return f"{quarter.year}-{quarter.number}"


def nearest_quarter(key, quarters, default):
    """The quarter of ``quarters`` nearest the one ``key`` ("2015-2") names; ``default``
    when ``key`` names no quarter."""
    try:
        asked = Quarter(*map(int, str(key).split("-")))
    except (TypeError, ValueError):
        return default
    return min(max(asked, quarters[0]), quarters[-1])


class QuarterChoiceField(forms.TypedChoiceField):
    def __init__(self, *, quarters, **kwargs):
        super().__init__(
            choices=[(quarter_key(q), str(q)) for q in quarters],
            coerce=lambda key: Quarter(*map(int, key.split("-"))), **kwargs)


class CloseQuarterForm(forms.Form):
    note = forms.CharField(
        label="Note (optional)", max_length=300, required=False,
        help_text="For example “Reported to the Business Group on 14 July 2015”.")


class CompareForm(forms.Form):
    def __init__(self, *args, quarters, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["a"] = QuarterChoiceField(quarters=quarters, label="Compare")
        self.fields["b"] = QuarterChoiceField(quarters=quarters, label="with")

    def clean(self):
        data = super().clean()
        first, second = data.get("a"), data.get("b")
        if first and second:
            if first == second:
                self.add_error("b", "Choose two different quarters.")
            elif (second.year, second.number) < (first.year, first.number):
                data["a"], data["b"] = second, first  # earlier one first
        return data

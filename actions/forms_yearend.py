"""The year-end review grid: one row per open action, keep / complete / drop."""

from django import forms

from lscb.fiscal import day_label, year_range
from plans.models import BusinessPlan

from .dating import plan_period
from .yearend import CHOICES, COMPLETE, DROP, KEEP, Decision

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class YearEndForm(forms.Form):
    target = forms.ModelChoiceField(
        label="Carry into", queryset=BusinessPlan.objects.none(), required=False,
        empty_label="A new plan (give its details below)",
    )
    title = forms.CharField(label="New plan title", max_length=200, required=False)
    start_year = forms.IntegerField(label="First financial year (e.g. 2018 for 2018/19)",
                                    required=False, min_value=2000, max_value=2100)
    end_year = forms.IntegerField(label="Last financial year (e.g. 2020 for 2020/21)",
                                  required=False, min_value=2000, max_value=2100)
    go_live = forms.BooleanField(
        label="Make the new plan live now (this plan is archived)", required=False, initial=True)
    approved_by = forms.CharField(label="Approved by", max_length=200, required=False,
                                  help_text="E.g. “LSCB Board meeting”.")

    def __init__(self, *args, plan, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan, self.actions = plan, actions
        length = plan.end_year - plan.start_year
        self.fields["target"].queryset = BusinessPlan.objects.for_board(plan.board).filter(
            status=BusinessPlan.Status.DRAFT)
        self.fields["start_year"].initial = plan.end_year + 1
        self.fields["end_year"].initial = plan.end_year + 1 + length
        self.rows = []
        for action in actions:
            prefix = f"a{action.pk}"
            self.fields[f"{prefix}_choice"] = forms.ChoiceField(
                label=f"Decision for {action.reference}", choices=CHOICES,
                widget=forms.RadioSelect, initial=KEEP)
            self.fields[f"{prefix}_due"] = forms.DateField(
                label=f"New due date for {action.reference}", required=False, widget=DATE)
            self.fields[f"{prefix}_impact"] = forms.CharField(
                label=f"Impact of {action.reference}: what changed for children or practice",
                required=False, widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{prefix}_reason"] = forms.CharField(
                label=f"Why {action.reference} is dropped", required=False,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.rows.append((action, prefix))

    def bound_rows(self):
        """[(action, choice, due, impact, reason)] bound fields, for the grid."""
        return [(action, self[f"{p}_choice"], self[f"{p}_due"], self[f"{p}_impact"],
                 self[f"{p}_reason"]) for action, p in self.rows]

    def clean(self):
        data = super().clean()
        target = data.get("target")
        if target is None:
            for name in ("title", "start_year", "end_year"):
                if not data.get(name):
                    self.add_error(name, "Needed for a new plan.")
            start, end = data.get("start_year"), data.get("end_year")
            if start and end and end < start:
                self.add_error("end_year", "The last year cannot be before the first.")
        else:
            start, end = target.start_year, target.end_year
        if data.get("go_live") and target is None and not data.get("approved_by", "").strip():
            data["approved_by"] = "Year-end review"
        plan_first, plan_last = (year_range(start)[0], year_range(end)[1]) if (
            start and end and end >= start) else (None, None)
        old_first = plan_period(self.plan)[0]
        for action, p in self.rows:
            choice = data.get(f"{p}_choice")
            if choice == KEEP:
                due = data.get(f"{p}_due")
                if due is None and action.due_date is not None:
                    self.add_error(f"{p}_due", f"Give {action.reference} a new due date in the "
                                   "new plan.")
                elif due is not None and plan_first and not plan_first <= due <= plan_last:
                    self.add_error(f"{p}_due", f"Choose a date within the new plan, "
                                   f"{day_label(plan_first)} to {day_label(plan_last)}.")
                elif due is not None and due < old_first:
                    self.add_error(f"{p}_due", "Choose a date after the old plan began.")
            elif choice == COMPLETE and not (data.get(f"{p}_impact") or "").strip():
                self.add_error(f"{p}_impact", f"Say what changed for children or practice "
                               f"before marking {action.reference} complete.")
            elif choice == DROP and not (data.get(f"{p}_reason") or "").strip():
                self.add_error(f"{p}_reason", f"Say why {action.reference} is dropped.")
        return data

    def decisions(self):
        data = self.cleaned_data
        return {
            action.pk: Decision(
                choice=data[f"{p}_choice"], due_date=data.get(f"{p}_due"),
                impact_statement=data.get(f"{p}_impact") or "",
                reason=data.get(f"{p}_reason") or "",
            ) for action, p in self.rows
        }

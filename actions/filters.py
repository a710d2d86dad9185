"""Filters of the actions table. Every choice is limited to the current board."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from lscb.fiscal import Quarter
from lscb.glossary import TERMS
from lscb.rag import RAG
from lscb.widgets import ListedChoices, plain_bootstrap
from plans.models import BusinessPlan, Theme
from subgroups.models import Subgroup

from . import contradictions
from .models import Action


class ListedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = ListedChoices


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of the board's plans, themes or groups, read with one plain query."""

    field_class = ListedModelChoiceField


def quarter_choices(today=None):
    """The current quarter with the four before and after it."""
    current = Quarter.of(today or timezone.localdate())
    quarters, q = [], current
    for _ in range(4):
        q = q.previous()
    for _ in range(9):
        quarters.append(q)
        q = q.next()
    return [(f"{q.year}-{q.number}", f"{q} ({q.months_label})") for q in quarters]


def parse_quarter(value):
    year, number = (int(part) for part in value.split("-"))
    return Quarter(year, number)


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="search", max_length=200)
    plan = ModelChoiceFilter(queryset=BusinessPlan.objects.none(), empty_label="Any plan")
    theme = ModelChoiceFilter(queryset=Theme.objects.none(), empty_label="Any theme")
    owner = ModelChoiceFilter(
        field_name="owners", label=TERMS["owner_group"], queryset=Subgroup.objects.none(),
        empty_label="Any group",
    )
    rag = django_filters.ChoiceFilter(label="RAG", choices=RAG.choices, empty_label="Any rating")
    overdue = django_filters.BooleanFilter(
        label="Overdue only", method="filter_overdue", widget=forms.CheckboxInput
    )
    due_quarter = django_filters.ChoiceFilter(
        label="Due in quarter", choices=quarter_choices, method="filter_due_quarter",
        empty_label="Any time",
    )
    no_update = django_filters.BooleanFilter(
        label="No update this quarter", method="filter_no_update", widget=forms.CheckboxInput
    )
    contradiction = django_filters.ChoiceFilter(
        label="Contradictions", choices=contradictions.CHOICES, method="filter_contradiction",
        empty_label="Any or none",
    )
    archived = django_filters.BooleanFilter(
        label="Show archived actions", method="filter_archived", widget=forms.CheckboxInput
    )

    class Meta:
        model = Action
        fields = ["q", "plan", "theme", "owner", "rag", "due_quarter"]

    def __init__(self, data=None, *args, board, manager=True, **kwargs):
        super().__init__(data, *args, **kwargs)
        plans = BusinessPlan.objects.visible_to(board, manager)
        self.filters["plan"].queryset = plans
        # a theme's label is its number and title: its plan is not read
        self.filters["theme"].queryset = Theme.objects.filter(plan__in=plans)
        self.filters["owner"].queryset = Subgroup.objects.for_board(board)

    def styled_form(self):
        """The form for actions/_filter_field.html: the markup crispy-forms gave, without
        its cost (a tenth of the page at demo size): ``lscb.widgets.plain_bootstrap``."""
        return plain_bootstrap(self.form)

    @property
    def is_filtering(self):
        """Whether any filter is set (a valid one: an invalid form filters nothing)."""
        return self.is_valid() and any(
            value not in (None, "", False) for value in self.form.cleaned_data.values())

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("archived"):
            queryset = queryset.filter(archived=False)
        return queryset

    def search(self, queryset, name, value):
        words = value.split()
        for word in words[:10]:
            queryset = queryset.filter(
                Q(reference__icontains=word)
                | Q(description__icontains=word)
                | Q(outcome__icontains=word)
                | Q(source__icontains=word)
                | Q(lead_role__icontains=word)
                | Q(Exists(Subgroup.objects.filter(
                    Q(name__icontains=word) | Q(short_name__icontains=word),
                    actions=OuterRef("pk"))))
            )
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.overdue() if value else queryset

    def filter_due_quarter(self, queryset, name, value):
        quarter = parse_quarter(value)
        return queryset.due_between(quarter.start, quarter.end)

    def filter_no_update(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.without_update_in(Quarter.current()).exclude(rag=RAG.COMPLETE)

    def filter_contradiction(self, queryset, name, value):
        return queryset.filter(contradictions.condition(value)) if value else queryset

    def filter_archived(self, queryset, name, value):
        return queryset  # applied in qs so that "unticked" hides archived actions

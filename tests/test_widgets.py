"""PlainWidgets writes text inputs, checkboxes and selects with exactly the HTML of
Django's own widget templates, and leaves every other widget to them."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from actions.filters import ActionFilter
from actions.models import Action
from lscb.widgets import PlainWidgets


class Everything(forms.Form):
    text = forms.CharField(max_length=20, widget=forms.TextInput(
        attrs={"class": "a <b>", "data-x": 'say "hi" & go', "autofocus": True,
               "hidden-if-false": False}))
    number = forms.IntegerField(required=False)
    tick = forms.BooleanField(required=False)
    plain = forms.ChoiceField(choices=[("", "Any"), ("a&b", "A & <B>"), (3, 3)])
    grouped = forms.ChoiceField(choices=[
        ("Old <plans>", [("1", "One"), ("2", mark_safe("<em>Two</em>"))]),
        ("3", "Three"),
    ], widget=forms.Select(attrs={"disabled": True, "aria-describedby": "help"}))
    many = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)  # not written here


@pytest.mark.parametrize("data", [
    None,
    {"text": "<script>&", "number": "7", "tick": "on", "plain": "a&b", "grouped": "2",
     "many": ["x", "y"], "note": "<i>"},
    {"text": "x" * 30, "number": "nope", "plain": "zzz", "grouped": "9"},  # errors
])
def test_every_widget_is_written_as_djangos_templates_write_it(data):
    django_form = Everything(data, renderer=DjangoTemplates())
    plain_form = Everything(data, renderer=PlainWidgets())
    for name in Everything.base_fields:
        assert str(plain_form[name]) == str(django_form[name]), name


def test_the_actions_filter_form_is_unchanged(board, plan, theme, groups):
    data = {"q": 'a "b" <c>', "plan": str(plan.pk), "theme": "nonsense", "rag": "green",
            "overdue": "on", "due_quarter": "2015-3", "contradiction": "any"}
    for query in [None, data]:
        filterset = ActionFilter(query, queryset=Action.objects.all(), board=board)
        fast = [str(field) for field in filterset.styled_form()]
        filterset.form.renderer = DjangoTemplates()
        assert fast == [str(field) for field in filterset.form]
        assert any("<option" in html for html in fast) and any("checkbox" in html for html in fast)


def test_the_filters_model_choices_are_djangos_read_without_a_server_side_cursor(
        board, plan, theme, groups):
    """ListedChoices gives the choices Django's ModelChoiceIterator gives (values, labels,
    the empty label first), from one ordinary query instead of QuerySet.iterator()."""
    from django.db import connection
    from django.forms.models import ModelChoiceIterator
    from django.test.utils import CaptureQueriesContext

    form = ActionFilter({}, queryset=Action.objects.all(), board=board).form
    for name in ("plan", "theme", "owner"):
        field = form.fields[name]
        ours = [(str(value), label) for value, label in field.choices]
        theirs = [(str(value), label) for value, label in ModelChoiceIterator(field)]
        assert ours == theirs and len(ours) > 1, name
    fresh = ActionFilter({}, queryset=Action.objects.all(), board=board).form
    with CaptureQueriesContext(connection) as ctx:
        html = str(fresh["owner"])
    assert len(ctx.captured_queries) == 1 and "DECLARE" not in ctx.captured_queries[0]["sql"]
    assert f'<option value="{groups["own"].pk}">' in html

"""forms/_plain_field.html with ``lscb.widgets.plain_bootstrap`` gives the markup of
crispy-forms' bootstrap5 field (the quarterly report's quarter form uses it, since crispy
cost several milliseconds a page): the same elements, attributes and text, whatever the
whitespace, for a valid form, one in error and an unbound one."""

import re

import pytest
from django.template import engines

from lscb.widgets import plain_bootstrap
from reporting.papers.forms import QuarterForm

FIELDS = ("year", "quarter", "body", "meeting_date", "agenda_item", "author")
CRISPY = engines["django"].from_string(
    "{% load crispy_forms_tags %}" + "".join(f"{{{{ form.{name}|as_crispy_field }}}}"
                                            for name in FIELDS))
PLAIN = engines["django"].from_string("".join(
    f'{{% include "forms/_plain_field.html" with field=form.{name} %}}' for name in FIELDS))


def normalised(html):
    """Whitespace between and inside tags does not change what a browser builds."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    return re.sub(r"<label\s+", "<label ", html).strip()


def make(data=None):
    kwargs = {"years": range(2014, 2019), "bodies": ["Business Group", "Board <&> Co"]}
    return QuarterForm(data, **kwargs) if data is not None else QuarterForm(
        initial={"year": "2015/16", "quarter": 3, "author": "Ann <b>"}, **kwargs)


@pytest.mark.parametrize("data", [
    None,
    {"year": "2015/16", "quarter": "3", "body": "Business Group", "agenda_item": "6.2 & <i>"},
    {"year": "1999/00", "quarter": "7", "meeting_date": "not a date"},
], ids=["unbound", "valid", "errors"])
def test_the_plain_fields_are_crispys_markup(data):
    crispy_form, plain_form = make(data), make(data)
    if data is not None:
        crispy_form.is_valid(), plain_form.is_valid()
    crispy = normalised(CRISPY.render({"form": crispy_form}))
    plain = normalised(PLAIN.render({"form": plain_bootstrap(plain_form)}))
    assert plain == crispy
    if data and "meeting_date" in data:
        assert "is-invalid" in plain and "invalid-feedback" in plain
    assert "<b>" not in plain and "<i>" not in plain

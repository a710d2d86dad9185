"""The progress update form's fields (actions/_update_fields.html) written with
forms/_plain_field.html give crispy-forms' markup, whitespace aside: unbound, in error,
for the manager (back-dating) and with the inline form's ids."""

import datetime as dt

import pytest
from django.template import engines

from actions.forms import ProgressUpdateForm

from .test_plain_fields import normalised

# actions/_update_fields.html as it was, with crispy-forms
CRISPY = engines["django"].from_string(
    "{% load crispy_forms_tags %}{% if form.non_field_errors %}"
    '<div class="alert alert-danger py-2">{{ form.non_field_errors }}</div>{% endif %}\n'
    "{% for field in form.hidden_fields %}{{ field }}{% endfor %}\n"
    "{{ form.rag|as_crispy_field }}\n{{ form.date|as_crispy_field }}\n"
    "{{ form.narrative|as_crispy_field }}\n"
    '{% for field in form.visible_fields %}{% if field.name != "rag" and field.name != "date"'
    ' and field.name != "narrative" and not field.name|slice:":7" == "impact_" %}'
    "{{ field|as_crispy_field }}{% endif %}{% endfor %}\n"
    '{% if "impact_statement" in form.fields %}\n'
    '<fieldset class="impact-fields border rounded p-2 mb-3" data-impact-fields>\n'
    '  <legend class="fs-6 fw-semibold float-none w-auto px-1 mb-1">'
    "When you mark the action Complete</legend>\n"
    "  {{ form.impact_statement|as_crispy_field }}\n"
    "  {{ form.impact_evidence|as_crispy_field }}\n"
    "  {{ form.impact_review_on|as_crispy_field }}\n"
    "</fieldset>\n{% endif %}")
PLAIN = engines["django"].from_string('{% include "actions/_update_fields.html" %}')


@pytest.mark.parametrize("data", [
    None,
    {"rag": "red", "date": "2015-10-01", "narrative": ""},
    {"rag": "", "date": "not a date", "narrative": "<b>x</b>", "impact_review_on": "x"},
    {"rag": "complete", "date": "2015-10-01", "narrative": "Done & <i>dusted</i>"},
], ids=["unbound", "narrative missing", "errors", "complete"])
@pytest.mark.parametrize("manager", [False, True])
@pytest.mark.parametrize("prefix_id", ["", "a7"])
def test_the_update_fields_are_crispys_markup(own_action, data, manager, prefix_id):
    def form():
        made = ProgressUpdateForm(data, action=own_action, manager=manager, prefix_id=prefix_id)
        if data is not None:
            made.is_valid()
        return made

    crispy = normalised(CRISPY.render({"form": form()}))
    plain = normalised(PLAIN.render({"form": form()}))
    assert plain == crispy
    if data and data["date"] == "not a date":
        assert "is-invalid" in plain and "invalid-feedback" in plain
    assert "<b>" not in plain and "<i>" not in plain


def test_a_completed_action_has_no_impact_fields(own_action):
    own_action.completed_on = dt.date(2015, 9, 1)
    plain = PLAIN.render({"form": ProgressUpdateForm(action=own_action)})
    assert "impact_statement" not in plain and 'name="narrative"' in plain

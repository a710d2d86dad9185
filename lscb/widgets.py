"""A form renderer that writes the commonest widgets in Python.

Django renders every widget through templates: a <select> is one template, plus an
include for its attributes and two includes per option. On a page with a filter form
of ten fields (the actions table's) that is a tenth of the page. ``PlainWidgets``
writes text inputs, checkboxes and selects with the same bytes as Django's own
templates (``django/forms/widgets/*.html``; tests/test_widgets.py compares them) and
leaves every other widget to those templates.
"""

from django.forms.renderers import DjangoTemplates
from django.template.defaultfilters import stringformat
from django.utils.html import conditional_escape


def _text(value):
    """``{{ value|stringformat:'s' }}`` in a template: escaped unless already safe."""
    return conditional_escape(stringformat(value, "s"))


def attrs_html(attrs):
    """django/forms/widgets/attrs.html"""
    return "".join(
        f" {conditional_escape(name)}" if value is True else
        f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items() if value is not False)


def input_html(widget):
    """django/forms/widgets/input.html"""
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{value}{attrs_html(widget["attrs"])}>')


def option_html(option):
    """django/forms/widgets/select_option.html"""
    return (f'<option value="{_text(option["value"])}"{attrs_html(option["attrs"])}>'
            f'{conditional_escape(option["label"])}</option>\n')


def select_html(widget):
    """django/forms/widgets/select.html, its options by select_option.html."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # an option of another kind: Django's templates write it
            parts.append(f"\n  {option_html(option)}")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


# what Django's renderer gives once it has stripped the template's output
WRITERS = {
    "django/forms/widgets/text.html": input_html,
    "django/forms/widgets/checkbox.html": input_html,
    "django/forms/widgets/select.html": select_html,
}


class PlainWidgets(DjangoTemplates):
    """Django's default form renderer, with text inputs, checkboxes and selects written
    in Python (the same HTML); any other template is rendered as usual."""

    def render(self, template_name, context, request=None):
        writer = WRITERS.get(template_name)
        html = writer(context["widget"]) if writer else None
        if html is None:
            return super().render(template_name, context, request=request)
        return html


# Bootstrap's classes on each kind of widget, as crispy-forms' bootstrap5 pack gives them.
BOOTSTRAP_CLASSES = {"checkbox": "checkboxinput form-check-input", "select": "select form-select",
                     "date": "dateinput form-control"}
PLAIN_WIDGETS = PlainWidgets()


def plain_bootstrap(form):
    """``form`` made ready for forms/_plain_field.html, the markup of crispy-forms' field
    without its cost (several milliseconds for a handful of fields): Bootstrap's classes
    on the widgets (is-invalid on a field in error) and the widgets written by
    ``PlainWidgets``. Call it after validation, so that errors are known."""
    form.renderer = PLAIN_WIDGETS
    for field in form:
        css = BOOTSTRAP_CLASSES.get(field.widget_type, "textinput form-control")
        field.field.widget.attrs["class"] = f"{css} is-invalid" if field.errors else css
    return form

"""``{% load plain_forms %}``: ``form|plain_bootstrap`` readies a form for
forms/_plain_field.html (crispy-forms' field markup without its cost; lscb.widgets)."""

from django import template

from lscb.widgets import plain_bootstrap as ready

register = template.Library()


@register.filter
def plain_bootstrap(form):
    return ready(form)

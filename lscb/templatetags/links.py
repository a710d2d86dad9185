"""``{% load links %}``: ``{% fixed_url 'name' %}`` is ``{% url 'name' %}`` for a route
without arguments, without a reverse() on every page (base.html's menu has a dozen)."""

from django import template

from lscb.links import fixed_url as fixed

register = template.Library()


@register.simple_tag
def fixed_url(name):
    return fixed(name)

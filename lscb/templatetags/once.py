"""``{% submission_key %}``: the one-off key that lets a form be stored once however
many times it is sent (see lscb.once)."""

from django import template
from django.utils.html import format_html

from lscb.once import FIELD, new_key

register = template.Library()


@register.simple_tag
def submission_key():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())

"""``{% load glossary %}``: the words of lscb/glossary.py in templates."""

from django import template

from lscb import glossary

register = template.Library()


@register.filter
def movement_word(value):
    return glossary.movement_word(value)


@register.simple_tag
def term(name):
    return glossary.term(name)


@register.filter
def chair_name(group):
    return glossary.chair_name(group) or glossary.TERMS["no_chair"]

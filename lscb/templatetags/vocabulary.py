"""``{% load vocabulary %}{% board_words board as words %}``: the words of the board's kind
(see :mod:`lscb.vocabulary`) in a template rendered without a request, e.g. a paper rendered
in the background. Pages rendered with a request have ``words`` already."""

from django import template

from lscb.vocabulary import words_for

register = template.Library()


@register.simple_tag
def board_words(board):
    return words_for(board)

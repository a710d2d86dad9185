from django import template

from lscb.papers.figures import figure
from lscb.papers.pdf import static_file_url
from lscb.rag import RAG

register = template.Library()


@register.simple_tag
def print_static(path):
    """Absolute file:// URL of a static file, for the PDF renderer."""
    return static_file_url(path)


@register.filter
def rag_label(value):
    try:
        return RAG(value).label
    except ValueError:
        return value


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def with_unit(value, unit=""):
    """An indicator's figure with its unit: 100% prints as 100%, £152757 as £152,757."""
    return figure(value, unit)

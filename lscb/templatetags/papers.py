from django import template

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

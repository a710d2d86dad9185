from django import template
from django.template.defaultfilters import truncatechars

from lscb.papers import figures
from lscb.papers.figures import figure
from lscb.papers.images import stored_data_uri
from lscb.papers.markdown import render_markdown
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


@register.filter(is_safe=True)
def clip(value, length):
    """``truncatechars`` without its cost on plain ASCII text (a table of thousands of
    rows calls it thousands of times): the same result at a fraction of its cost."""
    text, length = str(value), int(length)
    if not text.isascii() or length < 1:
        return truncatechars(text, length)
    return text if len(text) <= length else f"{text[:length - 1]}…"


@register.filter
def get_item(mapping, key):
    return mapping.get(key)


@register.filter
def image_data_uri(stored):
    """A stored image (e.g. ``board.logo``) inside the page: nothing to fetch."""
    return stored_data_uri(stored) or ""


@register.filter
def markdown(text):
    """Narrative Markdown as sanitised HTML (the annual report's rules)."""
    return render_markdown(text)


@register.simple_tag
def paper_marking(board, plan=None):
    """The protective marking, with DRAFT when the paper is of a draft plan."""
    return board.paper_marking(draft=bool(getattr(plan, "is_draft", False)))


@register.filter
def with_unit(value, unit=""):
    """An indicator's figure with its unit: 100% prints as 100%, £152757 as £152,757."""
    return figure(value, unit)


register.filter("count", figures.count)
register.filter("money", figures.money)
register.filter("percent", figures.percent)
register.filter("signed", figures.signed)
register.filter("possessive", figures.possessive)


@register.filter
def recipient(item):
    """The bodies a planner line reports to, each named once."""
    return "; ".join(r.label for r in item.recipient_list())

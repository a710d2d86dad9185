"""Narrative text boards type: Markdown (paragraphs, lists, bold, links), sanitised."""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h3", "h4",
                "blockquote", "table", "thead", "tbody", "tr", "th", "td"}


def render_markdown(text):
    """Safe HTML from Markdown: scripts, styles, images and event handlers are removed,
    links keep only http(s) and mailto addresses."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")
    return mark_safe(clean)  # nh3 has removed everything not on the allow-list


def word_count(text):
    return len((text or "").split())

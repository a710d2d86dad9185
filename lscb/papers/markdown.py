"""Narrative text boards type: Markdown (paragraphs, lists, bold, links), sanitised."""

import re
from urllib.parse import urlsplit

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "h3", "h4",
                "blockquote", "table", "thead", "tbody", "tr", "th", "td"}
LINK_SCHEMES = {"http", "https", "mailto"}
UNSAFE_IN_LINKS = re.compile(r"[\\\s\x00-\x1f\x7f]")


def render_markdown(text):
    """Safe HTML from Markdown: scripts, styles, images and event handlers are removed,
    links keep only absolute http(s) and mailto addresses (a relative or UNC link such as
    ``\\\\host\\share`` would point wherever the reader's machine resolves it)."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes={"a": {"href", "title"}},
                      url_schemes=LINK_SCHEMES, url_relative="deny",
                      link_rel="noopener noreferrer")
    return mark_safe(clean)  # nh3 has removed everything not on the allow-list


def allowed_link(url):
    """``url`` if a paper may link to it (an absolute http(s) address with a host, or a
    mailto address), else None: the Word writer makes only these into hyperlinks."""
    url = (url or "").strip()
    if not url or UNSAFE_IN_LINKS.search(url):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url
    if parts.scheme.lower() == "mailto" and "@" in parts.path:
        return url
    return None


def word_count(text):
    return len((text or "").split())

"""The one PDF path: HTML rendered by a Django template goes to WeasyPrint.

Only the app's own static files may be fetched while rendering; everything
else (http, https, ftp, other files) is refused, so text typed by users can
never make the server fetch a URL. Rendered PDFs are kept by the hash of
their final HTML: an unchanged paper is never rendered twice. The store is a cache,
not an archive: copies older than ``CACHE_DAYS`` go, and beyond ``CACHE_FILES`` copies
the oldest go first, so asking for many variants of a paper cannot fill the disk.
"""

import datetime
import hashlib
import logging
import mimetypes
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

logger = logging.getLogger("lscb.pdf")

PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "optimize_images": True}
CACHE_DIR = "paper-cache"
CACHE_FILES = 300
CACHE_DAYS = 30


class RefusedURL(ValueError):
    pass


def static_roots():
    """Directories the renderer may read: the app's static files and nothing else."""
    roots = [Path(p) for p in settings.STATICFILES_DIRS]
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            location = getattr(storage, "location", None)
            if location:
                roots.append(Path(location))
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_file_url(path):
    """A file:// URL for a static file (used by print templates)."""
    found = finders.find(path)
    if not found:
        raise ValueError(f"No static file {path!r}")
    return Path(found).resolve().as_uri()


def check_url(url):
    """Return the local path for an allowed URL, or raise RefusedURL."""
    parsed = urlparse(url)
    if parsed.scheme == "data":
        return None
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        raise RefusedURL(f"Refused to fetch {url!r}: only the app's static files are allowed")
    path = Path(unquote(parsed.path)).resolve()
    if not any(path.is_relative_to(root) for root in static_roots()):
        raise RefusedURL(f"Refused to read {path}: not one of the app's static files")
    if not path.is_file():
        raise RefusedURL(f"No such static file: {path}")
    return path


def make_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            path = check_url(url)
            if path is None:  # data: URL, decoded by WeasyPrint's own handler
                return super().fetch(url, headers)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyFetcher(allowed_protocols={"file", "data"})


def layout(html):
    """Lay the HTML out into pages (the slow part); ``write_pdf`` finishes it."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=Path(settings.BASE_DIR / "static").as_uri() + "/",
                    url_fetcher=make_fetcher())
    return document.render(**PDF_OPTIONS)


# pydyf's ``PDF.page_references`` builds a new tuple of every page's reference each time it
# is read, and WeasyPrint's PDF/UA tagging reads it once per tagged element: writing a
# paper of n pages costs ~n² (1,256 pages: 169 s, 2.5 GB). While ``write_pdf`` runs, the
# property below keeps the tuple until a page is added. It returns exactly what pydyf's
# does (tests/test_pdf_speed.py compares the bytes with the unpatched output), and it is
# used only with the versions it was checked against: any other version runs unpatched.
PATCHED_FOR = {"weasyprint": "70.0", "pydyf": "0.13.0"}


def _cached_page_references(pdf):
    kids = pdf.pages["Kids"]
    cached = pdf.__dict__.get("_lscb_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), tuple(f"{number} 0 R".encode("ascii") for number in kids[::3]))
        pdf.__dict__["_lscb_page_references"] = cached
    return cached[1]


_CACHED = property(_cached_page_references)
_ORIGINAL = {}


def page_references_patchable():
    import pydyf
    import weasyprint

    return (weasyprint.__version__, pydyf.__version__) == (PATCHED_FOR["weasyprint"],
                                                          PATCHED_FOR["pydyf"])


@contextmanager
def cached_page_references():
    """Within the block (one ``write_pdf``), pydyf's page list is built once per page
    added instead of once per tagged element."""
    import pydyf

    if not page_references_patchable():
        yield False
        return
    original = _ORIGINAL.setdefault("page_references", pydyf.PDF.__dict__["page_references"])
    pydyf.PDF.page_references = _CACHED  # (two threads at once: both restore pydyf's own)
    try:
        yield True
    finally:
        pydyf.PDF.page_references = original


def write_pdf(rendered, fast=True):
    if not fast:
        return rendered.write_pdf(**PDF_OPTIONS)
    with cached_page_references():
        return rendered.write_pdf(**PDF_OPTIONS)


def html_to_pdf(html):
    """Render final HTML to PDF bytes with the static-only fetcher."""
    return write_pdf(layout(html))


def render_html(template, context):
    return render_to_string(template, context)


def cache_key(html):
    """Hash of everything that shapes the PDF: the HTML, the print stylesheet
    it links to, the renderer's version and options."""
    import weasyprint

    digest = hashlib.sha256(html.encode())
    digest.update(Path(finders.find("css/print.css")).read_bytes())
    digest.update(f"{weasyprint.__version__}{sorted(PDF_OPTIONS.items())}".encode())
    return digest.hexdigest()


def render_pdf(template, context, use_cache=True):
    """(pdf bytes, was_cached). An unchanged paper is served from its stored copy;
    ``use_cache=False`` renders without storing."""
    html = render_html(template, context)
    key = cache_key(html)
    name = f"{CACHE_DIR}/{key}.pdf"
    if use_cache and default_storage.exists(name):
        try:
            with default_storage.open(name, "rb") as cached:
                return cached.read(), True
        except FileNotFoundError:  # evicted a moment ago: render it again
            pass
    pdf = html_to_pdf(html)
    if use_cache:
        store(name, pdf)
    return pdf, False


def store(name, pdf):
    """Keep the copy under its hash (once, even when two requests render it at the same
    time) and evict old copies."""
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(pdf))
        if saved != name:  # another request stored it a moment ago: keep one copy
            default_storage.delete(saved)
    evict()


def evict(now=None):
    """Remove cached copies older than CACHE_DAYS, then the oldest beyond CACHE_FILES."""
    try:
        names = default_storage.listdir(CACHE_DIR)[1]
    except FileNotFoundError:
        return
    now = now or datetime.datetime.now(datetime.UTC)
    dated = sorted(((default_storage.get_modified_time(f"{CACHE_DIR}/{n}"), n) for n in names),
                   reverse=True)
    for index, (modified, file_name) in enumerate(dated):
        if index >= CACHE_FILES or now - modified > datetime.timedelta(days=CACHE_DAYS):
            default_storage.delete(f"{CACHE_DIR}/{file_name}")

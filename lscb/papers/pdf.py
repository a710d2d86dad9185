"""The one PDF path: HTML rendered by a Django template goes to WeasyPrint.

Only the app's own static files may be fetched while rendering; everything
else (http, https, ftp, other files) is refused, so text typed by users can
never make the server fetch a URL. Rendered PDFs are kept by the hash of
their final HTML: an unchanged paper is never rendered twice.
"""

import hashlib
import logging
import mimetypes
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


def write_pdf(rendered):
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
    """(pdf bytes, was_cached). An unchanged paper is served from its stored copy."""
    html = render_html(template, context)
    key = cache_key(html)
    name = f"{CACHE_DIR}/{key}.pdf"
    if use_cache and default_storage.exists(name):
        with default_storage.open(name, "rb") as cached:
            return cached.read(), True
    pdf = html_to_pdf(html)
    if use_cache:
        default_storage.save(name, ContentFile(pdf))
    return pdf, False

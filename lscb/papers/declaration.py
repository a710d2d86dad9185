"""One paper, one declaration.

A board paper is declared once: the function that builds its context, the template of
its body, its file name and, when it has one, its Word builder. The HTML preview, the
PDF and the Word file all come from that declaration, so they cannot drift: the
preview page includes the same body template that the print page wraps for
WeasyPrint, and the Word builder reads the same context.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

from .docx import CONTENT_TYPE as DOCX_CONTENT_TYPE
from .download import attachment
from .html_docx import html_to_docx
from .pdf import render_pdf

PRINT_TEMPLATE = "papers/print.html"
# A cover page only on papers longer than this many pages (without the cover).
COVER_AFTER_PAGES = 4


def page_count(pdf):
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


@dataclass(frozen=True)
class Paper:
    """A paper: ``context(*subject)`` builds what it shows; ``body`` prints it (screen and
    PDF); ``page`` is the screen page around the body; ``filename(context)`` names the
    downloads (without extension); ``word(context)`` writes the .docx, if it has one."""

    name: str
    context: Callable[..., dict]
    body: str
    page: str
    filename: Callable[[dict], str]

    def print_context(self, context, with_cover=True):
        return {**context, "paper_body": self.body, "with_cover": with_cover}

    def html(self, context, with_cover=True):
        """The print HTML (what goes to WeasyPrint)."""
        return render_to_string(PRINT_TEMPLATE, self.print_context(context, with_cover))

    def laid_out(self, context, layout):
        """The paper laid out by ``layout(html)`` (a WeasyPrint document), with a cover
        page only when it runs past ``COVER_AFTER_PAGES`` pages without one (as ``pdf``)."""
        document = layout(self.html(context))
        if len(document.pages) > COVER_AFTER_PAGES + 1:
            return document
        bare = layout(self.html(context, with_cover=False))
        return document if len(bare.pages) > COVER_AFTER_PAGES else bare

    def pdf(self, context, use_cache=True):
        """(pdf bytes, was it the stored copy). A cover page only when the paper runs to
        more than ``COVER_AFTER_PAGES`` pages without it: a short paper is printed again
        with its heading on page 1."""
        pdf, cached = render_pdf(PRINT_TEMPLATE, self.print_context(context), use_cache=use_cache)
        if page_count(pdf) > COVER_AFTER_PAGES + 1:
            return pdf, cached
        bare, bare_cached = render_pdf(PRINT_TEMPLATE,
                                       self.print_context(context, with_cover=False),
                                       use_cache=use_cache)
        if page_count(bare) > COVER_AFTER_PAGES:  # still long without it: keep the cover
            return pdf, cached
        return bare, bare_cached

    def pdf_download(self, context, use_cache=True):
        pdf, _cached = self.pdf(context, use_cache=use_cache)
        return attachment(pdf, "application/pdf", f"{self.filename(context)}.pdf")

    def word(self, context, note=""):
        """The .docx built from the same body HTML as the PDF (``html_docx``): one path,
        so the two cannot drift. ``note`` is a line printed first (e.g. why a closed
        quarter's Word copy differs from its frozen PDF)."""
        board = context["board"]
        draft = bool(context.get("is_draft") or getattr(context.get("plan"), "is_draft", False))
        html = render_to_string(self.body, {**context, "with_cover": True, "word_note": note})
        return html_to_docx(html, board_name=board.name, title=context.get("title", ""),
                            subject=context.get("title", ""),
                            marking=board.paper_marking(draft=draft))

    def word_download(self, context):
        return attachment(self.word(context), DOCX_CONTENT_TYPE, f"{self.filename(context)}.docx")

"""Writing a tagged PDF without pydyf rebuilding its page list per tagged element
(issue 21): the patched write gives the very bytes of the unpatched one."""

import pydyf
import pytest

from lscb.papers import pdf

PAGES_OF_TAGGED_CONTENT = "".join(
    f"<h2>Theme {n}</h2><p>Action {n}.1 <a href='#t{n}'>link</a></p>"
    f"<table><tr><th>RAG</th><td id='t{n}'>Green</td></tr></table>"
    f"<ul><li>One</li><li>Two</li></ul><div style='page-break-after: always'></div>"
    for n in range(12))
HTML = f"<html lang='en-GB'><head><title>T</title></head><body>{PAGES_OF_TAGGED_CONTENT}</body></html>"


@pytest.mark.real_pdf
def test_patched_write_is_byte_for_byte_the_unpatched_one():
    assert pdf.page_references_patchable()
    original = pydyf.PDF.__dict__["page_references"]
    rendered = pdf.layout(HTML)  # laid out once: writing does not change it
    plain = pdf.write_pdf(rendered, fast=False)
    fast = pdf.write_pdf(rendered)
    assert len(rendered.pages) >= 12
    assert fast == plain
    assert pydyf.PDF.__dict__["page_references"] is original  # restored after the write


def test_cached_references_follow_added_pages():
    document = pydyf.PDF()
    with pdf.cached_page_references() as patched:
        assert patched
        assert document.page_references == ()
        for _ in range(3):
            document.add_page(pydyf.Dictionary({"Type": "/Page"}))
            expected = tuple(f"{n} 0 R".encode() for n in document.pages["Kids"][::3])
            assert document.page_references == expected
        assert document.page_references is document.page_references  # built once


def test_other_versions_run_unpatched(monkeypatch):
    monkeypatch.setattr(pydyf, "__version__", "0.99.0")
    original = pydyf.PDF.__dict__["page_references"]
    with pdf.cached_page_references() as patched:
        assert not patched
        assert pydyf.PDF.__dict__["page_references"] is original

"""Links typed into narratives (L1): relative, UNC and file links never become links in
the page, the PDF or the Word file; only http(s) and mailto addresses do."""

import io

import docx
import pytest
from django.urls import reverse
from docx.opc.constants import RELATIONSHIP_TYPE as RT

from lscb.papers.docx import Paper
from lscb.papers.markdown import render_markdown
from reporting.annual.services import start_report

HOSTILE_LINKS = [r"\\attacker.example\share\f.docx", "//attacker.example/x", "/admin/",
                 "../x", "file:///etc/passwd", "javascript:alert(1)", "smb://host/share"]
# a browser reads these as https://host/x, but Word would not: never a Word link
WORD_ONLY = ["https:\\\\host\\x", "http://exa mple.org"]


@pytest.mark.parametrize("url", HOSTILE_LINKS)
def test_markdown_keeps_no_relative_or_unc_link(url):
    html = render_markdown(f"[read this]({url}) and <a href=\"{url}\">this</a>")
    assert "href" not in html and "read this" in html


@pytest.mark.parametrize("url", ["https://example.org/a?b=1#c", "http://example.org",
                                 "mailto:chair@example.org"])
def test_markdown_keeps_http_and_mailto_links(url):
    from lscb.papers.markdown import allowed_link

    assert f'href="{url.replace("&", "&amp;")}"' in render_markdown(f"[x]({url})")
    assert allowed_link(url) == url


@pytest.mark.parametrize("url", HOSTILE_LINKS + WORD_ONLY + ["", "mailto:", "https://"])
def test_word_writes_no_external_relationship_but_http_and_mailto(url):
    paper = Paper("North LSCB", "Test")
    paper.narrative(f'<p><a href="{url}">click</a> <a href="https://example.org/ok">ok</a></p>')
    document = docx.Document(io.BytesIO(paper.save()))
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK]
    assert targets == ["https://example.org/ok"]
    assert "click ok" in "\n".join(p.text for p in document.paragraphs)


def test_a_chairs_unc_link_in_the_annual_update_is_text_in_word(login, users, board, groups):
    report = start_report(board, 2015)
    client = login(users["chair"])
    response = client.post(reverse("reporting:annual_group", args=[2015, groups["own"].slug]), {
        "chair": "Casey", "successes": r"See [the minutes](\\attacker.example\share\f.docx).",
        "key_functions": "", "key_priorities": "", "achieved": "", "contribution": ""})
    assert response.status_code == 302
    word = client.get(reverse("reporting:annual_docx", args=[report.year]))
    document = docx.Document(io.BytesIO(word.content))
    targets = [rel.target_ref for rel in document.part.rels.values() if rel.reltype == RT.HYPERLINK]
    assert not any("attacker" in target for target in targets)
    assert "See the minutes." in "\n".join(p.text for p in document.paragraphs)
    preview = client.get(reverse("reporting:annual_preview", args=[report.year])).content.decode()
    assert "attacker.example" not in preview

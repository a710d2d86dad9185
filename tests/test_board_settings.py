"""Board settings at /board/: everyone reads, the business manager edits, every edit is
kept; the logo (PNG or SVG, checked, SVG rebuilt from an allow-list) and the protective
marking appear on the papers, the logo inside the page so nothing is fetched."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from lscb.papers.images import ImageRefused, clean_logo, sanitise_svg

from . import factories as f

SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="alert(1)">'
       b'<script>alert(2)</script><rect width="10" height="10" fill="#1d3557"/>'
       b'<image href="https://example.org/track.png"/></svg>')


def png(size=(20, 10)):
    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, "PNG")
    return out.getvalue()


def settings_data(board, **changes):
    data = {"name": board.name, "short_name": board.short_name, "kind": board.kind,
            "area": board.area, "introduction": "", "vision": board.vision, "vision_note": "",
            "values": "", "statutory_objectives": "", "core_functions": "",
            "independent_chair": "", "protective_marking": ""}
    data.update(changes)
    return data


def test_everyone_on_the_board_reads_the_settings(login, users, board):
    board.vision = "Every child safe"
    board.core_functions = "Policies\nTraining"
    board.review_months = [3, 6]
    board.save()
    page = login(users["viewer"]).get(reverse("board:settings")).content.decode()
    assert "Every child safe" in page and "<li>Policies</li>" in page
    assert "June, March" in page  # financial-year order
    assert reverse("board:edit") not in page


def test_the_manager_edits_every_field_and_the_edit_is_kept_in_the_history(login, users, board):
    chair = f.make_member(board, "Alex Independent", board_role="chair")
    client = login(users["manager"])
    response = client.post(reverse("board:edit"), settings_data(
        board, name="North Safeguarding Children Partnership", short_name="North SCP",
        kind="scp", area="North", vision="Children in the north are safe",
        values="Child first\nTogether", statutory_objectives="Coordinate\nEnsure",
        core_functions="Policies\nTraining\nReview", independent_chair=chair.pk,
        review_months=["6", "9", "12", "3"], protective_marking="OFFICIAL"))
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.name, board.kind, board.independent_chair, board.protective_marking) == (
        "North Safeguarding Children Partnership", "scp", chair, "OFFICIAL")
    assert board.core_function_list == ["Policies", "Training", "Review"]
    assert sorted(board.review_months) == [3, 6, 9, 12]
    page = client.get(reverse("board:settings")).content.decode()
    assert "Changes to the board settings" in page and "Edited by manager" in page
    assert "Name: “North LSCB” → “North Safeguarding Children Partnership”" in page
    assert "Kind: “Local Safeguarding Children Board” → “Safeguarding Children Partnership”" \
        in page
    assert "Independent chair: “” → “Alex Independent”" in page


def test_bad_settings_get_field_errors_and_change_nothing(login, users, board, other_board):
    elsewhere = f.make_member(other_board, "Someone Else")
    response = login(users["manager"]).post(reverse("board:edit"), settings_data(
        board, name=other_board.name, short_name="", kind="nope", independent_chair=elsewhere.pk,
        review_months=["13"]))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {
        "name", "short_name", "kind", "independent_chair", "review_months"}
    board.refresh_from_db()
    assert board.name == "North LSCB" and board.history.count() == 1


def test_a_png_logo_is_stored_through_the_storage_and_shown_inline(login, users, board):
    client = login(users["manager"])
    upload = SimpleUploadedFile("crest.PNG", png(), content_type="image/png")
    assert client.post(reverse("board:edit"), {**settings_data(board), "logo": upload}
                       ).status_code == 302
    board.refresh_from_db()
    assert board.logo.name.startswith("logos/north-logo") and board.logo.name.endswith(".png")
    assert default_storage.exists(board.logo.name)
    page = client.get(reverse("board:settings")).content.decode()
    assert 'src="data:image/png;base64,' in page and "/media/" not in page


def test_an_svg_logo_is_rebuilt_without_scripts_or_links(login, users, board):
    client = login(users["manager"])
    upload = SimpleUploadedFile("crest.svg", SVG, content_type="image/svg+xml")
    assert client.post(reverse("board:edit"), {**settings_data(board), "logo": upload}
                       ).status_code == 302
    board.refresh_from_db()
    stored = board.logo.read()
    assert b"<rect" in stored and b"script" not in stored and b"onload" not in stored
    assert b"example.org" not in stored and b"<image" not in stored


@pytest.mark.parametrize("name, content, message", [
    ("crest.gif", b"GIF89a....", "PNG or SVG"),
    ("crest.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a PNG"),
    ("crest.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged"),
    ("crest.svg", b"<html><body>hi</body></html>", "not an SVG"),
    ("crest.svg", b'<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg">'
                  b"&x;</svg>", "not a readable SVG"),
    ("crest.png", b"\x89PNG" + b"x" * (1024 * 1024), "at most 1024 KB"),
])
def test_a_logo_of_the_wrong_type_or_size_is_refused_with_a_reason(login, users, board, name,
                                                                   content, message):
    response = login(users["manager"]).post(reverse("board:edit"), {
        **settings_data(board), "logo": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["logo"])
    board.refresh_from_db()
    assert not board.logo


def test_a_huge_png_is_refused_before_it_is_decoded():
    with pytest.raises(ImageRefused, match="at most 4000"):
        clean_logo("big.png", png((4001, 1)))


def test_the_svg_allow_list_keeps_drawing_and_drops_everything_that_reaches_out():
    clean = sanitise_svg(
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<style>@import url(http://x/a.css); .a { fill: red; background: url(http://x/b) }</style>'
        b'<linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        b'<a xlink:href="javascript:alert(1)"><circle r="1"/></a>'
        b'<rect class="a" style="fill: url(http://x/c); stroke: blue" fill="url(#g)"/>'
        b'<use xlink:href="http://x/d.svg#e"/><foreignObject><p>hi</p></foreignObject>'
        b"<text>Board <tspan>name</tspan></text></svg>").decode()
    for kept in [".a { fill: red }", 'fill="url(#g)"', 'style="stroke: blue"', "<tspan>name",
                 "<linearGradient"]:
        assert kept in clean
    assert clean.count("http://") == 1  # the SVG namespace itself
    for dropped in ["@import", "http://x", "javascript", "<a ", "foreignObject", "<circle"]:
        assert dropped not in clean


@pytest.fixture
def paper_board(board, plan, own_action):
    board.protective_marking = "OFFICIAL-SENSITIVE"
    board.logo.save("crest.png", ContentFile(png()))  # saves the board too
    f.make_update(own_action, "green", dt.date(2015, 9, 1), "On track")
    return board


@pytest.mark.real_pdf
def test_the_quarterly_pdf_carries_the_logo_inline_and_the_marking(login, users, paper_board,
                                                                   monkeypatch):
    fetched = []
    from lscb.papers import pdf as engine

    original = engine.check_url
    monkeypatch.setattr(engine, "check_url", lambda url: fetched.append(url) or original(url))
    response = login(users["viewer"]).get(
        reverse("reporting:quarterly_pdf") + "?year=2015/16&quarter=2")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages[0].images) >= 1  # the logo, on the cover
    assert all("OFFICIAL-SENSITIVE" in page.extract_text() for page in reader.pages)
    assert not [url for url in fetched if not url.startswith(("data:", "file:"))]
    assert any(url.startswith("data:image/png") for url in fetched)


@pytest.mark.real_pdf
def test_a_draft_plans_papers_say_draft(login, users, board, plan):
    draft = f.make_plan(board, title="Plan 2018-21", slug="next", start_year=2018, end_year=2020)
    client = login(users["manager"])
    page = client.get(reverse("reporting:business_plan", args=[draft.slug])).content.decode()
    assert '<p class="marking">DRAFT</p>' in page
    pdf = client.get(reverse("reporting:business_plan_pdf", args=[draft.slug])).content
    assert "DRAFT" in PdfReader(io.BytesIO(pdf)).pages[1].extract_text()  # every page
    live = client.get(reverse("reporting:business_plan", args=[plan.slug])).content.decode()
    assert 'class="marking"' not in live


def test_the_word_report_has_the_marking_at_the_top_and_foot(login, users, paper_board):
    response = login(users["viewer"]).get(
        reverse("reporting:quarterly_docx") + "?year=2015/16&quarter=2")
    document = docx.Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "OFFICIAL-SENSITIVE"
    assert section.footer.paragraphs[-1].text == "OFFICIAL-SENSITIVE"

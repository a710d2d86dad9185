"""Stored files cannot pile up (L7): PDFs are stored only for a board's own years, old
cached copies are evicted, and files saved by a write that rolls back are removed."""

import datetime as dt
import os
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse

from lscb.fiscal import Quarter
from lscb.papers import pdf
from reporting.models import QuarterSnapshot
from reporting.quarters import services as quarters
from reporting.quarters.services import AlreadyClosed, close_quarter

from .. import factories as f
from ..fake_pdf import pdf_with_text


def stored(folder):
    root = settings.MEDIA_ROOT / folder
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def fake_renderer(monkeypatch):
    """PDF bytes without WeasyPrint: these tests are about what is kept, not the layout."""
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: pdf_with_text([str(len(html))]))


def test_agency_pdfs_are_stored_only_for_the_boards_years(login, users, board, plan,
                                                          fake_renderer):
    agency = f.make_agency(board, "Police")
    client = login(users["viewer"])
    url = reverse("reporting:agency_pdf", args=[agency.pk])
    for year in ["2090/91", "2003/04", "2099/00", "9999/00"]:  # not the board's years
        response = client.get(url, {"year": year})
        assert response.status_code == 302  # to the nearest year of the board's
        assert "year=" in response["Location"] and year.replace("/", "%2F") not in \
            response["Location"]
    assert stored(pdf.CACHE_DIR) == []
    assert client.get(url, {"year": "2015/16"}).status_code == 200  # the plan's first year
    assert len(stored(pdf.CACHE_DIR)) == 1


def test_old_and_surplus_cached_copies_are_evicted(db, monkeypatch):
    monkeypatch.setattr(pdf, "CACHE_FILES", 3)
    now = time.time()
    for n in range(6):
        name = default_storage.save(f"{pdf.CACHE_DIR}/{n}.pdf", ContentFile(b"x"))
        os.utime(settings.MEDIA_ROOT / name, (now - n * 60, now - n * 60))
    old = default_storage.save(f"{pdf.CACHE_DIR}/old.pdf", ContentFile(b"x"))
    os.utime(settings.MEDIA_ROOT / old, (now - 40 * 86400,) * 2)
    pdf.evict()
    assert stored(pdf.CACHE_DIR) == ["0.pdf", "1.pdf", "2.pdf"]


def test_a_copy_stored_by_two_requests_at_once_is_kept_once(db):
    name = f"{pdf.CACHE_DIR}/abc.pdf"
    default_storage.save(name, ContentFile(b"first"))
    real_exists, asked = default_storage.exists, []

    def checked_before_the_first_saved(n):
        asked.append(n)
        return False if len(asked) == 1 else real_exists(n)
    default_storage.exists = checked_before_the_first_saved
    try:
        pdf.store(name, b"second")
    finally:
        del default_storage.exists
    assert stored(pdf.CACHE_DIR) == ["abc.pdf"]


def test_files_of_a_write_that_rolls_back_are_removed(db):
    from lscb.stored import kept_only_if_saved

    with pytest.raises(IntegrityError):
        with kept_only_if_saved() as saved, transaction.atomic():
            saved.append(default_storage.save("quarters/x.pdf", ContentFile(b"x")))
            raise IntegrityError("lost the race")
    assert stored("quarters") == []


def test_three_simultaneous_quarter_closes_leave_one_pair_of_files(board, plan, own_action, users,
                                                                   monkeypatch, fake_renderer):
    """Each request saw the quarter still open; the two that lose the race keep nothing."""
    monkeypatch.setattr(quarters, "snapshot_for", lambda plan, quarter: None)
    quarter = Quarter(2015, 2)
    close_quarter(board, plan, quarter, users["manager"])
    for _ in range(2):
        with pytest.raises(AlreadyClosed):
            close_quarter(board, plan, quarter, users["manager"])
    snapshot = QuarterSnapshot.objects.get()
    assert stored("quarters") == sorted([os.path.basename(snapshot.pdf.name),
                                         os.path.basename(snapshot.docx.name)])
    assert snapshot.closed_at.date() <= dt.date.today()

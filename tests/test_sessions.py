"""lscb.sessions.SessionStore reads a session as Django's database store does, with a
written-out query."""

import datetime as dt
import logging

from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.core.exceptions import SuspiciousOperation
from django.utils import timezone

from lscb.sessions import SessionStore


def test_it_loads_what_djangos_store_loads(db):
    store = SessionStore()
    store["board_id"] = 7
    store.create()
    loaded = SessionStore(store.session_key)
    assert loaded.load() == DjangoStore(store.session_key).load() == {"board_id": 7}
    stored = Session.objects.get(session_key=store.session_key)
    assert loaded.stored_expiry == stored.expire_date
    assert loaded.session_key == store.session_key


def test_an_expired_or_unknown_session_is_empty_and_its_key_forgotten(db):
    store = SessionStore()
    store["board_id"] = 7
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1))
    for key in (store.session_key, "x" * 32):
        loaded = SessionStore(key)
        assert loaded.load() == {} and loaded.session_key is None
        assert loaded.stored_expiry is None


def test_a_suspicious_session_is_logged_and_empty(db, monkeypatch, caplog):
    def refuse(*args):
        raise SuspiciousOperation("Session data corrupted")

    monkeypatch.setattr(Session.objects, "raw", refuse)
    with caplog.at_level(logging.WARNING, logger="django.security.SuspiciousOperation"):
        loaded = SessionStore("y" * 32)
        assert loaded.load() == {} and loaded.session_key is None
    assert "Session data corrupted" in caplog.text

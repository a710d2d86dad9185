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


def test_the_middleware_reads_a_users_boards_as_the_orm_does(board, other_board, users):
    """lscb.middleware.memberships_of: the memberships in board-name order, each with its
    whole board (converted fields too), in one written-out query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lscb.middleware import memberships_of
    from lscb.models import BoardUser, Role

    user = users["manager"]
    BoardUser.objects.get_or_create(board=other_board, user=user,
                                    defaults={"role": Role.VIEWER})
    type(board).objects.filter(pk=board.pk).update(review_months=[3, 6, 9, 12])
    expected = list(BoardUser.objects.filter(user=user).select_related("board"))
    assert len(expected) == 2
    with CaptureQueriesContext(connection) as ctx:
        got = memberships_of(user)
    assert len(ctx.captured_queries) == 1
    assert [(m.pk, m.role, m.board_id) for m in got] == [
        (m.pk, m.role, m.board_id) for m in expected]
    for mine, theirs in zip(got, expected, strict=True):
        assert {k: v for k, v in vars(mine.board).items() if k != "_state"} == {
            k: v for k, v in vars(theirs.board).items() if k != "_state"}
    assert any(m.board.review_months == [3, 6, 9, 12] for m in got)
    assert memberships_of(users["viewer"]) == list(BoardUser.objects.filter(user=users["viewer"]))

"""When the database fails: a clear 503 page (never a stack trace), recovery by itself
when it is back, and a progress update in flight either stored or reported as not
stored.

The live tests run gunicorn (one sync worker, so one persistent database connection
across requests, as in production) against a throwaway PostgreSQL database reached
through a TCP proxy that the test cuts and restores. They skip when PostgreSQL is not
reachable. The first tests below need no server at all.
"""

import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import httpx
import psycopg2
import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings

from lscb.faults import is_database_unavailable

from . import factories as f
from . import pg

NOT_SAVED = "Nothing you just sent has been saved"


def django_error(cls, cause):
    try:
        raise cls(str(cause)) from cause
    except cls as error:
        return error


# --- in-process: which errors count as "the database is not available" ----------------

def test_outages_are_told_apart_from_faulty_queries():
    lost = psycopg2.OperationalError("server closed the connection unexpectedly")
    assert is_database_unavailable(django_error(OperationalError, lost))
    assert is_database_unavailable(django_error(InterfaceError, psycopg2.InterfaceError("closed")))
    locked = sqlite3.OperationalError("database is locked")
    assert is_database_unavailable(django_error(OperationalError, locked))
    # a missing table is a bug to see, not an outage to wait out
    assert not is_database_unavailable(
        django_error(OperationalError, sqlite3.OperationalError("no such table: x")))
    assert not is_database_unavailable(ValueError("x"))


def _raise_lost_connection(*args, **kwargs):
    raise django_error(OperationalError,
                       psycopg2.OperationalError("server closed the connection unexpectedly"))


@override_settings(DEBUG=False)
def test_view_failing_on_the_database_gives_the_503_page(login, users, monkeypatch):
    client = login(users["viewer"])
    monkeypatch.setattr("reporting.dashboard.render", _raise_lost_connection)
    page = client.get("/")
    body = page.content.decode()
    assert page.status_code == 503 and page["Retry-After"] == "60"
    assert "The database is not available" in body and NOT_SAVED in body
    assert "Traceback" not in body and "OperationalError" not in body
    fragment = client.get("/", headers={"HX-Request": "true"})
    assert fragment.status_code == 503 and fragment["HX-Reswap"] == "beforebegin"
    assert "<html" not in fragment.content.decode()
    assert "nothing you just sent has been saved" in fragment.content.decode()


@pytest.mark.parametrize("debug", [False, True])
def test_middleware_failing_on_the_database_gives_the_503_page(db, users, monkeypatch, debug):
    """Raised before the view (loading the user's boards): still the 503 page, even with DEBUG."""
    client = Client(raise_request_exception=False)
    client.force_login(users["viewer"])
    monkeypatch.setattr("lscb.middleware.membership_sql", _raise_lost_connection)
    with override_settings(DEBUG=debug):
        page = client.get("/actions/")
    body = page.content.decode()
    assert page.status_code == 503 and "The database is not available" in body
    assert "Traceback" not in body and "server closed" not in body
    assert page["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" in page


def test_health_is_503_without_the_database(client, db, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr("lscb.views.connection.cursor", _raise_lost_connection)
        response = client.get("/health/")
    assert response.status_code == 503 and response.content == b"database unavailable"


# --- live: gunicorn, PostgreSQL, and a proxy between them -------------------------------

class CuttableProxy:
    """A TCP proxy to PostgreSQL. ``cut()`` drops every connection and refuses new ones
    until ``restore()``; ``cut_on`` cuts at the moment the app sends those bytes, before
    they reach the server (the database failing in the middle of a request)."""

    def __init__(self, upstream):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self.cut_on = None
        self.sockets = set()
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.sockets |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source, target, from_app):
        try:
            while data := source.recv(65536):
                if from_app and self.cut_on and self.cut_on in data:
                    self.cut()
                    return
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source, target)

    def _close(self, *sockets):
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
            with self.lock:
                self.sockets.discard(sock)

    def cut(self):
        self.up = False
        self.cut_on = None
        with self.lock:
            sockets = list(self.sockets)
        self._close(*sockets)

    def restore(self):
        self.up = True

    def close(self):
        self.cut()
        self.listener.close()


SETUP = """
from lscb.models import Role
from tests import factories as f
board = f.make_board("faults", name="Faults LSCB", short_name="Faults")
from django.utils import timezone
from lscb.fiscal import financial_year_of
# the plan runs to today: updates are dated today (actions/dating.py)
plan = f.make_plan(board, slug="plan", end_year=financial_year_of(timezone.localdate()))
theme = f.make_theme(plan, "1", "Leadership")
action = f.make_action(theme, "1.1")
f.make_user("manager", board, Role.MANAGER)
print(action.pk)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    pg.require_postgres()
    database = pg.create_database(f"lscb_fault_{free_port()}", template=pg.migrated_template())
    proxy = CuttableProxy(pg.server()[:2])
    port = free_port()
    server = None
    try:
        action_pk = int(pg.manage(pg.url(database), "shell", "-c", SETUP).split()[-1])
        env = pg.subprocess_env(
            pg.url(database, port=proxy.port, sslmode="disable"), DEBUG="0",
            LSCB_REQUIRE_2FA="0", DB_CONNECT_TIMEOUT="2", AXES_FAILURE_LIMIT="50",
            MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
        log = tmp_path_factory.mktemp("gunicorn") / "log.txt"
        with open(log, "w") as log_file:
            server = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "lscb.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "30", "--graceful-timeout", "2"],
                cwd=pg.ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/health/", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)
        yield {"base": base, "proxy": proxy, "database": database, "action": action_pk,
               "log": log}
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
        proxy.close()
        pg.drop_database(database)



@pytest.fixture
def browser(live):
    """A signed-in business manager (the database is up again afterwards, whatever happens)."""
    live["proxy"].restore()
    with httpx.Client(base_url=live["base"], timeout=20) as client:
        login = client.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
        signed_in = client.post("/accounts/login/", data={
            "username": "manager", "password": f.PASSWORD, "csrfmiddlewaretoken": token})
        assert signed_in.status_code == 302, signed_in.text[:500]
        client.headers["X-CSRFToken"] = client.cookies["csrftoken"]
        yield client
    live["proxy"].restore()


def stored(live, narrative):
    return pg.scalar(live["database"],
                     "SELECT count(*) FROM actions_progressupdate WHERE narrative = %s", [narrative])


def post_update(browser, live, narrative, **headers):
    return browser.post(f"/actions/{live['action']}/updates/", headers=headers, data={
        "rag": "amber", "date": time.strftime("%Y-%m-%d"), "narrative": narrative})


def assert_503_page(response, htmx=False):
    assert response.status_code == 503, response.text[:500]
    assert response.headers["Retry-After"] == "60"
    text = response.text
    assert "Traceback" not in text and "psycopg2" not in text and "Error" not in text
    if htmx:
        assert "<html" not in text and "nothing you just sent has been saved" in text
    else:
        assert "The database is not available" in text and NOT_SAVED in text


def test_error_page_while_down_and_recovery_by_itself(live, browser):
    proxy = live["proxy"]
    assert browser.get("/actions/").status_code == 200  # a persistent connection is open
    proxy.cut()
    for url in ["/actions/", f"/actions/{live['action']}/", "/"]:
        assert_503_page(browser.get(url))
    assert_503_page(browser.get("/actions/", headers={"HX-Request": "true"}), htmx=True)
    health = httpx.get(live["base"] + "/health/", timeout=10)
    assert health.status_code == 503 and health.text == "database unavailable"
    proxy.restore()
    # the same gunicorn process, nothing restarted: the next requests just work
    assert httpx.get(live["base"] + "/health/", timeout=10).text == "ok"
    page = browser.get(f"/actions/{live['action']}/")
    assert page.status_code == 200 and "1.1" in page.text


def test_update_posted_while_down_is_reported_not_stored(live, browser):
    live["proxy"].cut()
    response = post_update(browser, live, "Sent while the database was down")
    assert_503_page(response)
    live["proxy"].restore()
    assert stored(live, "Sent while the database was down") == 0
    again = post_update(browser, live, "Sent again once it was back")
    assert again.status_code == 302, again.text[:500]
    assert stored(live, "Sent again once it was back") == 1
    page = browser.get(f"/actions/{live['action']}/")
    assert "Sent again once it was back" in page.text


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_update_in_flight_when_the_database_fails(live, browser, htmx):
    """The connection dies at the very moment the INSERT is sent: the user is told it was
    not saved, and it is not there; sent again after recovery, it is stored once."""
    narrative = f"In flight ({'htmx' if htmx else 'page'})"
    headers = {"HX-Request": "true"} if htmx else {}
    assert browser.get(f"/actions/{live['action']}/").status_code == 200
    live["proxy"].cut_on = b'INSERT INTO "actions_progressupdate"'
    response = post_update(browser, live, narrative, **headers)
    assert not live["proxy"].up, "the proxy never saw the INSERT"
    assert_503_page(response, htmx=htmx)
    live["proxy"].restore()
    assert stored(live, narrative) == 0
    again = post_update(browser, live, narrative, **headers)
    assert again.status_code == (200 if htmx else 302), again.text[:500]
    if htmx:
        assert "Update saved" in again.text
    assert stored(live, narrative) == 1

"""Bad input never gives a 500 and is never stored half-way; typed text is shown escaped.

Every form of the app is found from the URLconf (the permission matrix: a URL whose
business manager POST is "ok" or "done" takes a form), its fields are read from the
page that shows it, and hypothesis posts random values to them: unicode, control
characters, NUL, a 100,000-character string, HTML and script, SQL, spreadsheet formulas,
numbers as text, nothing. Each example runs inside a savepoint that is rolled back.
"""

import datetime as dt
import logging
import os
import re
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import quote, urlparse

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action
from lscb.models import BoardUser
from reporting.models import AnnualReport
from subgroups.models import Subgroup

from . import factories as f
from . import otp
from .test_permission_matrix import MATRIX, codes, make_objects, objects  # noqa: F401  (fixture)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
# The suite (and CI) runs the same examples every time; FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = os.environ.get("FUZZ_RANDOM") != "1"
PROJECT_APPS = ["lscb", "actions", "plans", "reporting", "subgroups", "auth"]  # auth: people
SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [
    SCRIPT,
    "\"><img src=x onerror=alert(1)>",
    "'; DROP TABLE actions_action; --",
    "1' OR '1'='1",
    "=HYPERLINK(\"http://x\")",
    "@SUM(A1:A9)",
    "x" * 100_000,
    "\x00",
    "a\x00b",
    "\x1b[31m\x07\x08\x0b\x0c\x7f",
    "\u202e\u200b\ufeff\u2028",
    "😀" * 20,
    "-1", "0", "3.5", "1e309", "99999999999999999999999", "NaN", "-0",
    "2015-13-45", "31/12/2015",
    " ", "\r\n", "",
]
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
CONTROL = st.text(alphabet=st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\x85"),
                  min_size=1, max_size=5)
FUZZ = st.one_of(st.sampled_from(PAYLOADS), st.sampled_from(PAYLOADS), TEXT, CONTROL, st.integers().map(str),
                 st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), TEXT))

# POST-only URLs: the page that holds their form.
HOSTS = {
    "actions:archive": "actions:detail",
    "actions:impact_review": "actions:detail",
    "reporting:annual_start": "reporting:annual",
    "reporting:annual_pdf": "reporting:annual_edit",
    "reporting:annual_approve": "reporting:annual_edit",
    "reporting:annual_reopen": "reporting:annual_edit",
    "reporting:annual_template": "reporting:annual_edit",
    "reporting:annual_section_move": "reporting:annual_edit",
    "reporting:annual_section_remove": "reporting:annual_edit",
    "reporting:calendar_reset": "reporting:calendar",
    "reporting:calendar_revoke": "reporting:calendar",
    "reporting:quarter_close": "reporting:quarters",
    "actions:post_update": "actions:detail",
    "actions:withdraw_update": "actions:detail",
    "board:person_send_link": "board:person_edit",
    "plans:theme_move": "plans:themes",
    "reporting:s11_remind": "reporting:s11_round",
}
# Forms only an administrator sees (none of the matrix's roles is one).
ADMIN_FORMS = {"board_new"}
# Two-factor forms show only to a password-only session: without an authenticator yet
# (setup) or with one not yet confirmed in this session (verify).
UNVERIFIED = {"two_factor_setup": False, "two_factor_verify": True}
# logout; a valid set-password link (test_people); a partnership's one-button form with
# no field to fuzz, shown only on a partnership's report (test_annual_signatories)
NOT_FORMS = {"logout", "password_reset_confirm", "reporting:annual_signatories_partners"}


def approve_annual_report(found):
    """The reopen form shows only on an approved report."""
    AnnualReport.objects.filter(year=found["year"]["year"]).update(
        status=AnnualReport.Status.APPROVED, approved_by="Chair", approved_on=dt.date(2016, 7, 1))


# Forms that show only when their record is in a given state: put it there first.
PREPARE = {"reporting:annual_reopen": approve_annual_report}


def form_urls():
    """(url name, role who may post) for every URL that takes a form."""
    found = []
    for name, (_key, _get, post) in sorted(MATRIX.items()):
        spec = codes(post)
        if name in NOT_FORMS:
            continue
        if name in ADMIN_FORMS:
            found.append((name, "admin"))
        elif name == "login":
            found.append((name, "anonymous"))
        elif spec["manager"] in ("ok", "done"):
            found.append((name, "manager"))
        elif spec["chair"] in ("ok", "done"):
            found.append((name, "chair"))
    return found


class Forms(HTMLParser):
    """The POST forms of a page: action and fields (name, kind, value, options)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.select, self.textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "method": (a.get("method") or "get")
                         .lower(), "multipart": "multipart" in (a.get("enctype") or ""),
                         "fields": {}}
            self.forms.append(self.form)
        elif tag == "option" and self.select is not None:
            self.select["options"].append(a.get("value", ""))
            if "selected" in a:
                self.select["checked"].append(a.get("value", ""))
        elif self.form is None or not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image"):
                return
            field = self.form["fields"].setdefault(
                a["name"], {"kind": kind, "value": "", "options": [], "checked": []})
            if kind in ("checkbox", "radio"):
                field["options"].append(a.get("value", "on"))
                if "checked" in a:
                    field["checked"].append(a.get("value", "on"))
            else:
                field["value"] = a.get("value") or ""
        elif tag == "textarea":
            self.textarea = self.form["fields"][a["name"]] = {
                "kind": "textarea", "value": "", "options": [], "checked": []}
        elif tag == "select":
            self.select = self.form["fields"][a["name"]] = {
                "kind": "select", "value": "", "options": [], "checked": [],
                "multiple": "multiple" in a}

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["value"] += data


def find_form(html, page_url, url):
    parser = Forms()
    parser.feed(html)
    for form in parser.forms:
        target = urlparse(form["action"]).path or urlparse(page_url).path
        if form["method"] == "post" and target == urlparse(url).path:
            return form
    return None


def field_strategy(name, field):
    """Mostly valid choices for structured fields, anything at all for text."""
    kind, options = field["kind"], [o for o in field["options"]]
    if name == "csrfmiddlewaretoken":
        return st.just(field["value"])
    if kind in ("text", "textarea", "email", "search", "url", "tel", "password"):
        valid = [field["value"]] + (["pat@example.org"] if kind == "email" else [])
        return st.one_of(st.sampled_from(valid), FUZZ, FUZZ)
    if kind == "checkbox" or (kind == "select" and field.get("multiple")):
        return st.one_of(st.lists(st.sampled_from(options or [""]), unique=True, max_size=3),
                         st.lists(FUZZ, max_size=2))
    if kind == "file":
        return st.one_of(st.none(), st.builds(
            lambda text, ext: SimpleUploadedFile(f"upload{ext}", text.encode("utf-8", "replace")),
            FUZZ, st.sampled_from([".csv", ".xlsx", ".pdf", ".txt", ".exe", ""])))
    valid = [field["value"], *field["checked"], *options]
    if kind == "date":
        valid += ["2015-09-01", "2016-03-31"]
    if kind == "number":
        valid += ["1", "2", "2015"]
    valid = [v for v in dict.fromkeys(valid) if v is not None]
    return st.one_of(st.sampled_from(valid), st.sampled_from(valid), st.sampled_from(valid), FUZZ)


# Pages that save each valid row and show the invalid ones again: the tables they may write
# (the grid: updates, the completions they record and their history, its one-off key).
SAVES_VALID_ROWS = {"/actions/update-grid/": ("actions_", "lscb_submission")}


def project_models():
    return [m for label in PROJECT_APPS for m in apps.get_app_config(label).get_models()]


def snapshot():
    """Every row of every project table (history included), read with plain SQL (fast)."""
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for model in project_models():
            cursor.execute(f"SELECT * FROM {quote(model._meta.db_table)}")
            rows[model._meta.db_table] = sorted(cursor.fetchall(), key=repr)
    return rows


def changes(before, after):
    """Rows that appeared or disappeared (an edited row does both), by table."""
    out = []
    for table, rows in after.items():
        old = before[table]
        if rows != old:
            out += [(table, "new", row) for row in rows if row not in old]
            out += [(table, "gone", row) for row in old if row not in rows]
    return out


def stored_text(snap):
    return [v for rows in snap.values() for row in rows for v in row if isinstance(v, str)]


pytestmark = pytest.mark.usefixtures("shared_world")  # the matrix's records, made once


def build_shared(world):
    return {"objects": make_objects(world["board"], world["plan"], world["own_action"],
                                    world["groups"], world["users"])}


@pytest.fixture
def form_objects(objects, own_action, users):  # noqa: F811  (the imported fixture)
    """The permission matrix objects; the action is complete with its impact review due,
    another action's reference does not match its theme (so the renumbering form shows),
    and one person has not set their password yet (so the new-link form shows)."""
    Action.objects.filter(pk=own_action.pk).update(
        completed_on=dt.date(2015, 9, 1), impact_statement="Fewer re-referrals",
        impact_review_on=dt.date(2016, 1, 1))
    f.make_action(own_action.theme, "7.3")
    person = BoardUser.objects.get(pk=objects["person"]["pk"]).user
    person.set_unusable_password()
    person.save()
    users["admin"] = f.make_user("administrator", is_staff=True, is_superuser=True)
    return objects


@pytest.mark.parametrize("name,role", form_urls())
def test_random_input_to_every_form(client, users, form_objects, name, role):
    key = MATRIX[name][0]
    url = reverse(name, kwargs=form_objects[key] if key else None)
    host_name = HOSTS.get(name, name)
    host_key = MATRIX[host_name][0]
    host = reverse(host_name, kwargs=form_objects[host_key] if host_key else None)
    if name in PREPARE:
        PREPARE[name](form_objects)
    if name in UNVERIFIED:
        if UNVERIFIED[name]:
            otp.confirmed_device(users[role])
        otp.ORIGINAL_FORCE_LOGIN(client, users[role])
    elif role != "anonymous":
        client.force_login(users[role])
    page = client.get(host)
    assert page.status_code == 200, (host, page.status_code)
    form = find_form(page.content.decode(), host, url)
    assert form is not None, f"no POST form for {url} on {host}"
    fields = {n: fd for n, fd in form["fields"].items()}
    strategy = st.fixed_dictionaries({n: field_strategy(n, fd) for n, fd in fields.items()})

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=strategy)
    def post_random(data):
        data = {k: v for k, v in data.items() if v is not None}
        with transaction.atomic():
            before = snapshot()
            response = client.post(url, data)
            after = snapshot()
            status = response.status_code
            assert status < 500, f"{status} for {url} with {data!r}"
            changed = changes(before, after)
            if status == 200 and url in SAVES_VALID_ROWS and changed:
                # the grid saves its valid rows and shows the others with their errors
                assert all(table.startswith(SAVES_VALID_ROWS[url]) for table, *_ in changed), changed
                assert b"update saved" in response.content or b"updates saved" in \
                    response.content, f"{url}: wrote {changed} without saying so"
            elif status == 200:
                assert changed == [], f"{url}: the form showed errors but wrote {changed}"
                nul = [k for k, v in data.items() if fields[k]["kind"] in ("text", "textarea")
                       and isinstance(v, str) and "\x00" in v
                       and not re.search(r"-\d+-", k)]  # not in a formset: its count may be junk
                assert not nul or b"Null characters are not allowed" in response.content, (
                    f"{url}: NUL in {nul} refused without saying why")
            if status == 302:
                followed = client.get(response["Location"])
                assert followed.status_code < 500, response["Location"]
                if changed:  # every text the form accepted is stored whole
                    stored = stored_text(after)
                    for field, value in data.items():
                        if fields[field]["kind"] in ("text", "textarea") and isinstance(value, str):
                            text = value.strip()
                            assert not text or any(text in s for s in stored), (
                                f"{url}: {field}={text[:80]!r} accepted but not stored")
            transaction.set_rollback(True)

    post_random()


def search_pages():
    """Pages anyone signed in can read (no files): their GET forms filter and choose."""
    return [name for name, (_key, get, _post) in sorted(MATRIX.items())
            if codes(get)["manager"] == "ok" and codes(get)["viewer"] == "ok"
            and not re.search(r"pdf|docx|feed|file|archive|data_table|health|two_factor", name)]


@pytest.mark.parametrize("name", search_pages())
def test_random_input_to_every_search_form(client, users, form_objects, name):
    """Filters, sorting and quarter choosers: junk in the query string is never a 500."""
    key = MATRIX[name][0]
    url = reverse(name, kwargs=form_objects[key] if key else None)
    client.force_login(users["manager"])
    parser = Forms()
    parser.feed(client.get(url).content.decode())
    fields = {n: fd for form in parser.forms if form["method"] == "get"
              for n, fd in form["fields"].items()}
    if not fields:
        return
    strategy = st.fixed_dictionaries({n: field_strategy(n, fd) for n, fd in fields.items()})

    @settings(max_examples=max(EXAMPLES // 2, 5), deadline=None, database=None,
              derandomize=DERANDOMIZE,
              suppress_health_check=list(HealthCheck))
    @given(data=strategy)
    def get_random(data):
        data = {k: v for k, v in data.items() if isinstance(v, str | list)}
        response = client.get(url, data)
        assert response.status_code < 500, f"{response.status_code} for {url} with {data!r}"

    get_random()


@pytest.mark.filterwarnings("ignore:Use '__' to separate:DeprecationWarning")
@pytest.mark.parametrize("value", ["\x00", "a\x00b", "²", "x" * 5000, "<script>", "../../etc"])
def test_raw_values_looked_up_from_the_request(client, users, form_objects, groups, value):
    """Values read straight from the URL or query string (not through a form) still never
    give a 500: NUL is refused by PostgreSQL, "²".isdigit() is true but int("²") fails."""
    client.force_login(users["manager"])
    quoted = quote(value, safe="")
    gets = [
        f"{reverse('reporting:quarterly')}?plan={quoted}",
        f"{reverse('reporting:quarterly_pdf')}?plan={quoted}",
        f"{reverse('reporting:quarter_compare')}?plan={quoted}&a={quoted}",
        f"{reverse('reporting:quarters')}?plan={quoted}",
        f"{reverse('subgroups:group_members', args=[groups['own'].slug])}?spell={quoted}",
        f"/reports/annual/2015/sections/{quoted}/",
        f"{reverse('actions:create', args=['plan'])}?theme={quoted}",
        f"{reverse('subgroups:meeting_new')}?group={quoted}",
        f"{reverse('actions:list')}?q={quoted}&sort={quoted}&page={quoted}",
        f"{reverse('plans:themes', args=['plan'])}?moved={quoted}",
        f"{reverse('plans:theme_new', args=['plan'])}?parent={quoted}",
    ]
    for url in gets:
        assert client.get(url).status_code < 500, url
    assert client.post(reverse("switch_board"), {"board": value}).status_code == 404
    client.logout()
    assert client.get(f"/reports/calendar/{quoted}.ics").status_code == 404


# --- typed text is shown as text: escaped in pages, literal in PDFs -----------------------

PAYLOAD = '<script>alert("fuzz")</script><img src="http://example.com/x.png">'
RAW = ["<script>alert(", '<img src="http://example.com']
ESCAPED = "&lt;script&gt;alert("


def submit(client, page_url, url=None, **values):
    """Post a page's form with its own initial values, changed by ``values``."""
    url = url or page_url
    form = find_form(client.get(page_url).content.decode(), page_url, url)
    assert form is not None, f"no form for {url} on {page_url}"
    data = {}
    for name, field in form["fields"].items():
        if field["kind"] in ("checkbox", "radio") or field.get("multiple"):
            data[name] = field["checked"]
        elif field["kind"] == "select":
            data[name] = (field["checked"] or [""])[0]
        elif field["kind"] != "file":
            data[name] = field["value"]
    data.update(values)
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.content.decode()[-3000:])
    return response


@pytest.fixture
def payload_everywhere(client, users, board, plan, own_action, groups):
    """The payload typed into the real forms: an action, a progress update, a challenge, a
    risk, a member, a group and a planner item."""
    client.force_login(users["manager"])
    agency = f.make_agency(board, "Police")
    action_url = reverse("actions:edit", args=[own_action.pk])
    submit(client, action_url, description=f"Audit {PAYLOAD}\n- bullet {PAYLOAD}",
           owners=[str(groups["own"].pk)])
    submit(client, own_action.get_absolute_url(), reverse("actions:post_update", args=[own_action.pk]),
           rag="amber", date="2015-09-15", narrative=f"Slipping {PAYLOAD}",
           backdate_reason=f"Minutes {PAYLOAD}")
    submit(client, reverse("reporting:challenge_new"), raised_on="2015-09-01",
           raised_by=f"Chair {PAYLOAD}", agency=str(agency.pk), issue=f"Issue {PAYLOAD}")
    submit(client, reverse("plans:risk_new"), theme=f"Theme {PAYLOAD}", reference="R9",
           description=f"Risk {PAYLOAD}", inherent_likelihood="3", inherent_impact="3",
           residual_likelihood="2", residual_impact="2")
    submit(client, reverse("subgroups:member_new"), name=f"Pat {PAYLOAD}",
           job_title=f"Lead {PAYLOAD}")
    submit(client, reverse("subgroups:new"), name=f"Group {PAYLOAD}", short_name="Fuzz",
           kind=Subgroup.Kind.values[0] if hasattr(Subgroup, "Kind") else "")
    submit(client, reverse("reporting:planner_new"), title=f"Report {PAYLOAD}",
           **{"recipients-TOTAL_FORMS": "1", "recipients-INITIAL_FORMS": "0",
              "recipients-0-body": "board", "recipients-0-frequency": "annually",
              "recipients-0-months": ["3"], "recipients-0-order": "0"})
    return client


QUARTER = {"year": "2015/16", "quarter": "2"}
PAGES = [
    ("plans:detail", ["plan"], None),
    ("actions:detail", ["action"], None),
    ("actions:list", [], None),
    ("subgroups:detail", ["learning"], None),
    ("subgroups:list", [], None),
    ("subgroups:structure", [], None),
    ("subgroups:members", [], None),
    ("plans:risks", [], None),
    ("reporting:challenges", [], None),
    ("reporting:planner", [], None),
    ("reporting:quarterly", [], QUARTER),
    ("reporting:workplan", ["learning"], None),
    ("reporting:business_plan", ["plan"], None),
    ("dashboard", [], None),
]
PAPERS = [
    ("reporting:quarterly_pdf", [], QUARTER),
    ("reporting:workplan_pdf", ["learning"], None),
    ("reporting:business_plan_pdf", ["plan"], None),
]


def test_typed_html_is_shown_escaped(payload_everywhere, own_action):
    for name, args, query in PAGES:
        args = [own_action.pk if a == "action" else a for a in args]
        response = payload_everywhere.get(reverse(name, args=args), query)
        assert response.status_code == 200, name
        body = response.content.decode()
        for raw in RAW:
            assert raw not in body, f"{name} shows typed HTML unescaped"
        assert ESCAPED in body, f"{name} does not show the typed text"


def pdf_text(content):
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return re.sub(r"\s+", "", text)


@pytest.mark.real_pdf
def test_typed_html_is_literal_text_in_pdfs(payload_everywhere, monkeypatch):
    from lscb.papers import pdf

    asked = []
    check_url = pdf.check_url

    def recording_check(url):
        asked.append(url)
        return check_url(url)

    monkeypatch.setattr(pdf, "check_url", recording_check)
    for name, args, query in PAPERS:
        response = payload_everywhere.get(reverse(name, args=args), query)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf", name
        assert '<script>alert("fuzz")</script>' in pdf_text(response.content), name
    assert asked, "the papers link the app's print stylesheet"
    assert not [u for u in asked if "example.com" in u], "the PDF engine was asked for a URL"


@pytest.mark.real_pdf
def test_pdf_engine_refuses_urls_in_html(monkeypatch, caplog, db):
    """Even HTML that does reach the renderer cannot make the server fetch a URL."""
    from urllib import request as urllib_request

    from lscb.papers.pdf import html_to_pdf

    fetched = []
    monkeypatch.setattr(urllib_request, "urlopen", lambda *a, **k: fetched.append(a))
    with caplog.at_level(logging.WARNING):
        pdf = html_to_pdf('<p>x</p><img src="http://example.com/x.png">'
                          '<link rel="stylesheet" href="https://example.com/x.css">')
    assert pdf.startswith(b"%PDF") and fetched == []
    assert "example.com" in caplog.text and "Refused" in caplog.text

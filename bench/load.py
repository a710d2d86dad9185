"""Load test: simulated board users against gunicorn on PostgreSQL.

Creates a fresh PostgreSQL database, migrates it, loads the demo board
(``manage.py load_demo``) and adds ``--users`` managers and chairs, starts
gunicorn with 2 workers and runs that many simulated users (asyncio + httpx)
for ``--seconds``. Each user loops over a weighted mix of the dashboard, the
plan page, the filtered actions table, an action page, the quarterly PDF and a
progress update POST, with a short think time between requests.

Prints requests per second, p50/p95/p99 latency per request type and the
errors, the server's CPU per request (read from the gunicorn workers and the
PostgreSQL backends, not from wall time; per request type from the workers'
own clocks, see bench/gunicorn_cpu.py) and how busy the machine was (its CPU
time used by other processes during the run, and the load average), then
checks in the database that every update the server acknowledged
(a redirect back to the action) was stored exactly once with what was sent.
Exits non-zero on any error, lost, duplicated or altered update. gunicorn is
stopped and the database dropped at the end, even on failure.

    .venv/bin/python -m bench.load [--users 50] [--seconds 60]

PostgreSQL: $BENCH_PG (default postgres://postgres@127.0.0.1:5432); the
database is created as lscb_bench_load_<pid> and dropped afterwards.
"""

import argparse
import asyncio
import datetime as dt
import math
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
PASSWORD = "load-bench-password-2015"
BACKEND = "django.contrib.auth.backends.ModelBackend"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# How often each kind of request comes up in a user's loop.
MIX = {
    "dashboard": 20,
    "plan": 10,
    "actions_list": 25,
    "action": 25,
    "quarterly_pdf": 5,
    "post_update": 15,
}
# The quarterly paper of a closed demo quarter of the archived plan (2015/16 Q4): updates
# posted today to the live plan do not change it, so after the first render it comes from
# the stored copy (found by the fingerprint of its data). The plan's slug is added in build.
PDF_QUARTER = {"year": "2015/16", "quarter": "4"}


# -- the database -----------------------------------------------------------------------------

def admin_sql(sql):
    """Run CREATE/DROP DATABASE from a short-lived connection to template1."""
    import psycopg2

    parts = urlsplit(PG)
    conn = psycopg2.connect(host=parts.hostname, port=parts.port or 5432,
                            user=parts.username or "postgres", password=parts.password,
                            dbname="template1")
    try:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def create_database(name):
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')


def drop_database(name):
    try:
        from django.db import connections

        connections.close_all()
    except Exception:  # Django may not be set up yet
        pass
    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_env(db_url, media_root):
    env = dict(os.environ)
    env.update({
        "DJANGO_SETTINGS_MODULE": "lscb.settings",  # plain http: no SSL redirect
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "SECRET_KEY": "bench-load-" + secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "LSCB_REQUIRE_2FA": "0",
        "MEDIA_ROOT": str(media_root),
        "STATIC_ROOT": str(media_root / "static"),  # empty; present so WhiteNoise does not warn
        "AXES_FAILURE_LIMIT": "1000",
        "LOG_LEVEL": "WARNING",
    })
    return env


# -- board, users and sessions ---------------------------------------------------------------

def build(users_count):
    """Migrate, load the demo board and add the simulated users.

    Returns (plan slug, archived plan slug, group ids, [user dict]); each user dict holds the
    username, pk, a session key (all but the first, who signs in through the
    login form) and the ids of the actions that user may update.
    """
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from actions.models import Action
    from lscb.fiscal import financial_year_of
    from lscb.models import Board, BoardUser, Role
    from plans.models import BusinessPlan
    from subgroups.models import Subgroup

    call_command("migrate", verbosity=0)
    call_command("load_demo", password=PASSWORD, verbosity=0, stdout=open(os.devnull, "w"))
    board = Board.objects.get(slug="cumbria")
    plan = BusinessPlan.objects.current(board)
    # The demo's plans are history (2015-17) and an update is dated inside its plan's
    # period (actions/dating.py): run the live plan on to this year, so the simulated
    # users post today's progress as a board in the middle of its plan does.
    BusinessPlan.objects.filter(pk=plan.pk).update(
        end_year=max(plan.end_year, financial_year_of(dt.date.today())))
    actions = list(Action.objects.filter(plan=plan, archived=False).prefetch_related("owners"))
    all_ids = [a.pk for a in actions]
    by_group = defaultdict(list)
    for action in actions:
        for group in action.owners.all():
            by_group[group.pk].append(action.pk)
    groups = [g for g in Subgroup.objects.filter(board=board).order_by("pk") if by_group[g.pk]]

    User = get_user_model()
    hashed = make_password(PASSWORD)  # one hash for everyone: hashing is slow by design
    run = secrets.token_hex(3)
    users = User.objects.bulk_create([
        User(username=f"load{run}-{n:03d}", first_name="Load", last_name=f"User {n}",
             email=f"load{n}@bench.invalid", password=hashed)
        for n in range(users_count)
    ])
    simulated = []
    for n, user in enumerate(users):
        if n % 2 == 0:  # managers may update any action
            BoardUser.objects.create(board=board, user=user, role=Role.MANAGER)
            updatable = all_ids
        else:  # chairs update the actions of the group they lead
            group = groups[(n // 2) % len(groups)]
            BoardUser.objects.create(board=board, user=user, role=Role.CHAIR)
            group.leads.add(user)
            updatable = by_group[group.pk]
        session_key = None
        if n > 0:  # the first user signs in through the login form; the rest get a session
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = BACKEND
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            session_key = session.session_key
        simulated.append({"username": user.username, "pk": user.pk, "session": session_key,
                          "actions": updatable, "all_actions": all_ids})
    archived = BusinessPlan.objects.for_board(board).filter(
        status=BusinessPlan.Status.ARCHIVED).get(start_year=2015)
    return plan.slug, archived.slug, [g.pk for g in groups], simulated


# -- gunicorn ---------------------------------------------------------------------------------

def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env, port, log_path):
    log = open(log_path, "wb")
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "lscb.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--timeout", "120", "--graceful-timeout", "5", "-c", str(ROOT / "bench/gunicorn_cpu.py")],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )


def stop_server(proc):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)  # gunicorn's master stops its workers
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def wait_for_health(base, proc, timeout=60):
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {proc.returncode}")
        try:
            if httpx.get(f"{base}/health/", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /health/ in time")


def cpu_seconds(pids):
    """User + system CPU seconds used so far by these processes (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def machine_cpu():
    """(busy, all) CPU seconds of the whole machine since boot, every core (/proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:8]]
    idle = fields[3] + fields[4]  # idle, iowait
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(fields) - idle) / tick, sum(fields) / tick


def request_kind(method, path):
    """The MIX name of a request the server logged (bench/gunicorn_cpu.py)."""
    if method == "POST":
        return "post_update" if re.fullmatch(r"/actions/\d+/updates/", path) else "other"
    if path == "/":
        return "dashboard"
    if path.startswith("/plans/"):
        return "plan"
    if path == "/actions/":
        return "actions_list"
    if re.fullmatch(r"/actions/\d+/", path):
        return "action"
    if path == "/reports/quarterly/pdf/":
        return "quarterly_pdf"
    return "other"


def cpu_by_kind(log_path):
    """{kind: [worker CPU seconds of each request]} from the workers' log."""
    by_kind = defaultdict(list)
    if log_path.exists():
        for line in log_path.read_text().splitlines():
            method, path, _status, seconds = line.split(" ")
            by_kind[request_kind(method, path)].append(float(seconds))
    return by_kind


def server_pids(proc, db_name):
    """gunicorn's workers and the PostgreSQL backends connected to the database."""
    from django.db import connection

    workers = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True,
                             text=True).stdout.split()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s "
                       "AND pid <> pg_backend_pid()", [db_name])
        backends = [row[0] for row in cursor.fetchall()]
    return [int(p) for p in workers], backends


# -- simulated users --------------------------------------------------------------------------

class Stats:
    def __init__(self):
        self.latency = defaultdict(list)  # kind -> [seconds] of answered requests
        self.errors = Counter()  # (kind, status or exception name)
        self.sent = {}  # token -> what was posted (for the database check)
        self.acked = set()  # tokens the server acknowledged with a redirect to the action
        self.unanswered = set()  # tokens whose POST failed with an exception (fate unknown)
        self.rejected = set()  # tokens the server answered without saving (e.g. 200 form)
        self.last_done = 0.0  # when the last answer came

    def record(self, kind, seconds, status, ok):
        self.last_done = time.perf_counter()
        self.latency[kind].append(seconds)
        if not ok:
            self.errors[(kind, status)] += 1


async def sign_in(client, username):
    """The real login form: CSRF cookie from the GET, token in the POST."""
    page = await client.get("/accounts/login/")
    token = CSRF_RE.search(page.text).group(1)
    response = await client.post("/accounts/login/", data={
        "username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    if response.status_code != 302 or "sessionid" not in client.cookies:
        raise RuntimeError(f"sign-in of {username} failed: {response.status_code}")


async def simulated_user(n, user, base, ctx, stats, start_gate):
    import httpx

    rng = random.Random(n)
    kinds, weights = list(MIX), list(MIX.values())
    limits = httpx.Limits(max_connections=2, max_keepalive_connections=2)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits,
                                 follow_redirects=False) as client:
        if user["session"]:
            client.cookies.set("sessionid", user["session"], domain="127.0.0.1", path="/")
        else:
            await sign_in(client, user["username"])
        # The CSRF cookie and token, as a browser gets them from the action page's form.
        page = await client.get(f"/actions/{user['actions'][0]}/")
        if page.status_code != 200:
            raise RuntimeError(f"{user['username']}: action page answered {page.status_code}")
        token = CSRF_RE.search(page.text).group(1)
        ctx["ready"].add(n)
        await start_gate.wait()
        seq = 0
        while time.perf_counter() < ctx["deadline"]:
            kind = rng.choices(kinds, weights)[0]
            expect, data, method = 200, None, "GET"
            if kind == "dashboard":
                url = "/"
            elif kind == "plan":
                url = f"/plans/{ctx['plan']}/"
            elif kind == "actions_list":
                url = "/actions/?" + rng.choice([
                    "rag=red", "rag=amber", "rag=green&sort=-when", "overdue=on",
                    f"owner={rng.choice(ctx['groups'])}", "q=training", "sort=rag",
                    "no_update=on",
                ])
            elif kind == "action":
                url = f"/actions/{rng.choice(user['all_actions'])}/"
            elif kind == "quarterly_pdf":
                url = ("/reports/quarterly/pdf/?plan=" + ctx["archived_plan"] + "&year="
                       + quote(PDF_QUARTER["year"], safe="") + "&quarter=" + PDF_QUARTER["quarter"])
            else:
                seq += 1
                action_id = rng.choice(user["actions"])
                tag = f"[load {ctx['run']}] {user['username']} #{seq} {uuid.uuid4().hex[:12]}"
                rag = rng.choice(["green", "amber", "red"])
                narrative = f"{tag}: progress reported during the load test ({rag})."
                day = dt.datetime.now(ZoneInfo("Europe/London")).date()
                data = {"csrfmiddlewaretoken": token, "rag": rag, "date": day.isoformat(),
                        "narrative": narrative}
                stats.sent[tag] = {"action_id": action_id, "rag": rag, "date": day,
                                   "narrative": narrative, "author_id": user["pk"]}
                url, method, expect = f"/actions/{action_id}/updates/", "POST", 302
            start = time.perf_counter()
            try:
                response = await client.request(method, url, data=data)
            except httpx.HTTPError as error:
                stats.record(kind, time.perf_counter() - start, type(error).__name__, False)
                if data:
                    stats.unanswered.add(tag)
            else:
                ok = response.status_code == expect
                if ok and method == "POST":
                    location = response.headers.get("location", "")
                    ok = location.rstrip("/").endswith(f"/actions/{action_id}")
                stats.record(kind, time.perf_counter() - start, response.status_code, ok)
                if data:
                    (stats.acked if ok else stats.rejected).add(tag)
            await asyncio.sleep(rng.uniform(ctx["think_min"], ctx["think_max"]))


async def run_users(users, base, ctx, seconds, on_start):
    """Run every user; the timed window opens once all have signed in and got a token
    (``on_start`` is called then: what was spent signing in does not count)."""
    stats = Stats()
    gate = asyncio.Event()
    tasks = [asyncio.create_task(simulated_user(n, user, base, ctx, stats, gate))
             for n, user in enumerate(users)]
    while len(ctx["ready"]) < len(users) and not any(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    on_start()
    start = time.perf_counter()
    ctx["deadline"] = start + seconds
    gate.set()
    results = await asyncio.gather(*tasks, return_exceptions=True)
    elapsed = (stats.last_done or time.perf_counter()) - start  # not the final think time
    failures = [r for r in results if isinstance(r, BaseException)]
    return stats, elapsed, failures


# -- report -----------------------------------------------------------------------------------

def percentile(samples, p):
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def verify(stats, run):
    """Every acknowledged update stored exactly once, with what was sent."""
    from actions.models import ProgressUpdate

    rows = defaultdict(list)
    for update in ProgressUpdate.objects.filter(narrative__startswith=f"[load {run}] "):
        rows[update.narrative.split(":", 1)[0]].append(update)
    lost, duplicated, altered = [], [], []
    for tag in stats.acked:
        found, sent = rows.get(tag, []), stats.sent[tag]
        if not found:
            lost.append(tag)
            continue
        if len(found) > 1:
            duplicated.append(tag)
        got = found[0]
        if (got.action_id, got.rag, got.date, got.narrative, got.author_id) != (
                sent["action_id"], sent["rag"], sent["date"], sent["narrative"], sent["author_id"]):
            altered.append(tag)
    stored_unacked = [t for t in rows if t not in stats.acked]
    unknown = [t for t in stored_unacked if t not in stats.sent]
    rejected_but_stored = [t for t in stored_unacked if t in stats.rejected]
    return {"stored": sum(len(v) for v in rows.values()), "lost": lost,
            "duplicated": duplicated, "altered": altered, "unknown": unknown,
            "rejected_but_stored": rejected_but_stored,
            "unanswered_stored": [t for t in stored_unacked if t in stats.unanswered]}


def single_user(first_session, base, plan_slug, archived_slug, repeat=5):
    """Median latency of each page for one user alone, measured before the load."""
    import httpx

    urls = {
        "dashboard": "/",
        "plan": f"/plans/{plan_slug}/",
        "actions_list": "/actions/?rag=red",
        "action": f"/actions/{first_session['all_actions'][0]}/",
        "quarterly_pdf": f"/reports/quarterly/pdf/?plan={archived_slug}&year=2015%2F16&quarter=4",
    }
    medians = {}
    with httpx.Client(base_url=base, cookies={"sessionid": first_session["session"]},
                      timeout=120) as client:
        for kind, url in urls.items():
            samples = []
            for _ in range(repeat + 1):
                start = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - start)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}")
            medians[kind] = sorted(samples[1:])[repeat // 2]
    return medians


def report(stats, elapsed, args, baseline, cpu):
    total = sum(len(v) for v in stats.latency.values())
    errors = sum(stats.errors.values())
    print(f"\n{args.users} users, {elapsed:.1f} s, gunicorn -w 2 on PostgreSQL, think time "
          f"{args.think_min}-{args.think_max} s")
    print(f"requests: {total}   throughput: {total / elapsed:.1f} req/s   errors: {errors}")
    print(f"{'request':16} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
          f" {'alone ms':>9} {'CPU ms':>7}")
    for kind in MIX:
        samples = stats.latency.get(kind)
        if not samples:
            print(f"{kind:16} {0:6}")
            continue
        p50, p95, p99 = (percentile(samples, p) * 1000 for p in (50, 95, 99))
        alone = f"{baseline[kind] * 1000:9.0f}" if kind in baseline else f"{'-':>9}"
        spent = cpu.get(kind)
        cpu_ms = f"{sum(spent) / len(spent) * 1000:7.1f}" if spent else f"{'-':>7}"
        print(f"{kind:16} {len(samples):6} {p50:8.0f} {p95:8.0f} {p99:8.0f} "
              f"{max(samples) * 1000:8.0f} {alone} {cpu_ms}")
    for (kind, status), count in sorted(stats.errors.items(), key=str):
        print(f"  error: {kind} -> {status} ×{count}")
    print("(alone: median for one user with the server otherwise idle, same run; CPU: mean "
          "gunicorn worker CPU per request, from the worker's own clock)")
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think-min", type=float, default=0.1)
    parser.add_argument("--think-max", type=float, default=0.5)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    args = parser.parse_args()

    db_name = f"lscb_bench_load_{os.getpid()}"
    db_url = f"{PG}/{db_name}"
    media_root = Path(tempfile.mkdtemp(prefix="lscb-bench-load-"))
    (media_root / "static").mkdir()
    log_path = media_root / "gunicorn.log"
    env = server_env(db_url, media_root)
    cpu_log = media_root / "cpu.log"
    env["BENCH_CPU_LOG"] = str(cpu_log)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG",
                                           "SECRET_KEY", "ALLOWED_HOSTS", "LSCB_REQUIRE_2FA",
                                           "MEDIA_ROOT", "STATIC_ROOT", "LOG_LEVEL")})
    sys.path.insert(0, str(ROOT))
    server, created, failed = None, False, True

    def terminated(signum, frame):  # a CI timeout: still stop gunicorn and drop the database
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminated)
    try:
        import django
        import httpx

        t0 = time.perf_counter()
        create_database(db_name)
        created = True
        django.setup()
        plan_slug, archived_slug, groups, users = build(args.users)
        print(f"Database {db_name}: migrated, demo board and {args.users} users "
              f"({(args.users + 1) // 2} managers, {args.users // 2} chairs) "
              f"in {time.perf_counter() - t0:.1f} s")

        port = args.port or free_port()
        base = f"http://127.0.0.1:{port}"
        server = start_server(env, port, log_path)
        wait_for_health(base, server)
        # The first quarterly PDF renders with WeasyPrint; later ones are the stored copy.
        first = httpx.Client(base_url=base, cookies={"sessionid": users[-1]["session"]},
                             timeout=120)
        t1 = time.perf_counter()
        pdf = first.get("/reports/quarterly/pdf/", params={"plan": archived_slug, **PDF_QUARTER})
        cold = time.perf_counter() - t1
        first.close()
        if pdf.status_code != 200 or not pdf.content.startswith(b"%PDF"):
            raise RuntimeError(f"quarterly PDF answered {pdf.status_code}")
        print(f"gunicorn -w 2 on {base}; first quarterly PDF (rendered, then stored) "
              f"{cold:.2f} s, {len(pdf.content):,} bytes")

        baseline = single_user(first_session=users[-1], base=base, plan_slug=plan_slug,
                               archived_slug=archived_slug)
        ctx = {"plan": plan_slug, "archived_plan": archived_slug, "groups": groups,
               "run": users[0]["username"][4:10],
               "think_min": args.think_min, "think_max": args.think_max, "ready": set(),
               "deadline": math.inf}
        pids = sum(server_pids(server, db_name), [])
        mark = {}

        def on_start():  # the timed window opens: the sign-ins and warm-up pages do not count
            mark.update(cpu={pid: cpu_seconds([pid]) for pid in pids}, load=os.getloadavg()[0],
                        machine=machine_cpu(), client=time.process_time())
            cpu_log.unlink(missing_ok=True)

        stats, elapsed, failures = asyncio.run(run_users(users, base, ctx, args.seconds,
                                                         on_start))
        before, load_before, machine_before, client_before = (
            mark["cpu"], mark["load"], mark["machine"], mark["client"])
        workers, backends = server_pids(server, db_name)
        # CPU used during the run; a process started during it counts from zero
        cpu_app, cpu_db = (sum(cpu_seconds([pid]) - before.get(pid, 0) for pid in pids)
                           for pids in (workers, backends))
        cpu_client = time.process_time() - client_before
        machine_after = machine_cpu()
        busy, capacity = (after - before for after, before in zip(machine_after, machine_before, strict=True))
        load_after = os.getloadavg()[0]
        for failure in failures:
            print(f"simulated user failed: {failure!r}")
        errors = report(stats, elapsed, args, baseline, cpu_by_kind(cpu_log))
        answered = sum(len(v) for v in stats.latency.values()) or 1
        print(f"server CPU: gunicorn workers {cpu_app:.1f} s, PostgreSQL {cpu_db:.1f} s "
              f"= {(cpu_app + cpu_db) / answered * 1000:.1f} ms per request "
              f"({cpu_app / answered * 1000:.1f} + {cpu_db / answered * 1000:.1f}); "
              f"this client {cpu_client:.1f} s")
        others = max(0.0, busy - cpu_app - cpu_db - cpu_client)
        print(f"machine: {os.cpu_count()} CPUs, {busy:.1f} of {capacity:.1f} CPU-seconds busy "
              f"({busy / (capacity or 1):.0%}) during the run, {others:.1f} s of it by other "
              f"processes ({others / (capacity or 1):.0%} of the machine); load average "
              f"{load_before:.1f} before the run, {load_after:.1f} after")

        check = verify(stats, ctx["run"])
        print(f"\nprogress updates: {len(stats.sent)} posted, {len(stats.acked)} acknowledged, "
              f"{len(stats.rejected)} refused, {len(stats.unanswered)} without an answer; "
              f"{check['stored']} stored")
        print(f"  acknowledged but lost: {len(check['lost'])}   stored more than once: "
              f"{len(check['duplicated'])}   stored with other content: {len(check['altered'])}")
        if check["unknown"] or check["rejected_but_stored"]:
            print(f"  stored but never sent: {len(check['unknown'])}   refused but stored: "
                  f"{len(check['rejected_but_stored'])}")
        if check["unanswered_stored"]:
            print(f"  (stored though the client got no answer: {len(check['unanswered_stored'])})")
        for tag in (check["lost"] + check["duplicated"] + check["altered"])[:10]:
            print(f"    {tag}")
        bad = (errors or failures or check["lost"] or check["duplicated"] or check["altered"]
               or check["unknown"] or check["rejected_but_stored"] or not stats.acked)
        failed = bool(bad)
        print("LOAD TEST FAILED" if failed else "Load test passed: no errors, no lost updates.")
    finally:
        stop_server(server)
        if failed and log_path.exists():
            lines = log_path.read_text(errors="replace").splitlines()
            # the server's own errors (tracebacks of 500s), then how it ended
            errors = [line for line in lines if "[INFO]" not in line]
            if errors:
                print("--- gunicorn log, errors (first lines) ---\n" + "\n".join(errors[:120]))
            if lines:
                print("--- gunicorn log (last lines) ---\n" + "\n".join(lines[-30:]))
        if created:
            drop_database(db_name)
        shutil.rmtree(media_root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

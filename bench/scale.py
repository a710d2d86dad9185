"""Many boards in one database: does one board's page slow down as others grow?

Builds on PostgreSQL a big database of ``--boards`` boards, each with one plan of
``--actions`` actions and ``--updates`` progress updates per action, and a
second database holding only one board of the same shape. Then, in one run,
times (median of ``--repeat``) the dashboard, the actions table, the plan page
and the quarterly report (HTML) for one board in both databases and prints
each page's time in both and the ratio (target ≤ 1.5×). Last, it prints
EXPLAIN (ANALYZE, BUFFERS) of the three slowest queries those pages ran in the
big database, and lists any query whose plan scans a big table sequentially.

    .venv/bin/python -m bench.scale [--boards 150] [--actions 1000] [--updates 8]
    .venv/bin/python -m bench.scale --quick      # 20 boards × 300 actions

PostgreSQL: $BENCH_PG (default postgres://postgres@127.0.0.1:5432). The databases
lscb_bench_scale and lscb_bench_one are created afresh and dropped at the end
(--keep keeps them).
"""

import argparse
import datetime as dt
import io
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import PG, admin_sql  # noqa: E402

BIG, ONE = "lscb_bench_scale", "lscb_bench_one"
BIG_ROWS = 10_000  # a Seq Scan on a table this big is reported as a problem
RAGS = ["green", "amber", "red", "green", "amber", "green", "complete", "green"]


def use_database(name):
    """Point Django's default connection at another database."""
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name


def copy_rows(table, columns, rows):
    """COPY rows (tuples of Python values) into a table: far faster than INSERTs."""
    from django.db import connection

    def text(value):
        if value is None:
            return "\\N"
        if isinstance(value, bool):
            return "t" if value else "f"
        return (str(value).replace("\\", "\\\\").replace("\t", "\\t")
                .replace("\n", "\\n").replace("\r", "\\r"))

    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(text(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer, size=1 << 20)


def copy_models(model, objects):
    """COPY unsaved model instances (every concrete field but the id, as bulk_create would)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    rows = ([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
            for obj in objects)
    copy_rows(model._meta.db_table, [f.column for f in fields], rows)


def build_board(n, actions_count, updates_per_action):
    """One board: a plan of 9 themes, 12 groups and its actions; returns the plan."""
    from actions.models import Action
    from lscb.models import Board
    from lscb.refs import natural_key
    from plans.models import BusinessPlan, Theme
    from subgroups.models import Subgroup

    board = Board.objects.create(name=f"Scale LSCB {n}", short_name=f"S{n}", slug=f"scale-{n}")
    plan = BusinessPlan.objects.create(board=board, title="Business Plan 2015-18", slug="plan",
                                       start_year=2015, end_year=2017, status="live",
                                       approved_on=dt.date(2015, 7, 1))
    themes = Theme.objects.bulk_create([
        Theme(board=board, plan=plan, number=str(t), sort_key=natural_key(str(t)),
              title=f"Theme {t}") for t in range(1, 10)])
    groups = Subgroup.objects.bulk_create([
        Subgroup(board=board, name=f"Group {g}", slug=f"g{g}") for g in range(12)])
    copy_models(Action, (
        Action(board=board, plan=plan, theme=themes[a % 9], reference=f"{a % 9 + 1}.{a}",
               sort_key=natural_key(f"{a % 9 + 1}.{a}"),
               description=f"Action number {a}: develop and embed the shared approach " * 3,
               outcome="Children are safer", due_date=dt.date(2016, 1 + a % 12, 28))
        for a in range(actions_count)))
    ids = list(Action.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True))
    copy_rows(Action.owners.through._meta.db_table, ["action_id", "subgroup_id"],
              ((pk, groups[i % 12].pk) for i, pk in enumerate(ids)))
    return board, plan


def add_updates(updates_per_action):
    """Progress updates for every action, generated inside PostgreSQL: one per quarter
    from 2015/16 Q1, ratings cycling through RAGS."""
    from django.db import connection

    from actions.latest import refresh
    from actions.models import Action
    from lscb.fiscal import Quarter

    quarters, q = [], Quarter(2015, 1)
    for k in range(updates_per_action):
        quarters.append(f"({k}, DATE '{q.start + dt.timedelta(days=10)}', {q.year}, {q.number})")
        q = q.next()
    rags = "ARRAY[" + ", ".join(f"'{r}'" for r in RAGS) + "]"
    with connection.cursor() as cursor:
        cursor.execute(f"""
            INSERT INTO actions_progressupdate
                (action_id, date, year, quarter, rag, narrative, author_name, created_at)
            SELECT a.id, q.day, q.year, q.quarter,
                   ({rags})[1 + (a.id + q.k) % {len(RAGS)}],
                   'Progress narrative: workshops delivered and reported to the subgroup. '
                   || a.id, 'Bench', q.day + TIME '10:00'
            FROM actions_action a
            CROSS JOIN (VALUES {', '.join(quarters)}) AS q(k, day, year, quarter)
            ORDER BY a.id, q.k
        """)
    refresh(Action.objects.values("pk"))  # inserted behind the ORM's back: no signal


def build_database(name, boards, actions_count, updates_per_action, measured):
    """Create, migrate and fill one database; returns (user pk, plan slug) of ``measured``."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from lscb.models import BoardUser, Role

    admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{name}"')
    use_database(name)
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    for n in range(boards):
        board, plan = build_board(n, actions_count, updates_per_action)
        if n == measured:
            user = get_user_model().objects.create_user("bench-manager", password=None)
            BoardUser.objects.create(board=board, user=user, role=Role.MANAGER)
            target = (user.pk, plan.slug)
    add_updates(updates_per_action)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  {name}: {boards} boards × {actions_count} actions × {updates_per_action} updates "
          f"built in {time.perf_counter() - start:.1f} s")
    return target


PAGES = {
    "dashboard (/)": "/",
    "actions table (/actions/)": "/actions/",
    "plan page (1 plan, all actions)": "/plans/{plan}/",
    "quarterly report (HTML)": "/reports/quarterly/",
}


def existing(name):
    from django.contrib.auth import get_user_model

    use_database(name)
    user = get_user_model().objects.get(username="bench-manager")
    return user.pk, "plan"


def measure(targets, repeat):
    """Median seconds per page and per database, and median seconds in SQL.

    The databases are measured in turns, round by round, so that other load on
    the machine falls on both alike. Returns ({db: {page: seconds}},
    {db: {page: sql seconds}}, [(seconds, page, sql)] of the last database).
    """
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = {}
    for name, (user_pk, _) in targets.items():
        use_database(name)
        clients[name] = Client()
        clients[name].force_login(get_user_model().objects.get(pk=user_pk))

    def fetch(name, url):
        response = clients[name].get(url)
        assert response.status_code == 200, (url, response.status_code)

    samples = {name: {page: [] for page in PAGES} for name in targets}
    sql = {name: {page: [] for page in PAGES} for name in targets}
    queries = []  # the last captured run of each page in each database
    order = list(targets.items())
    for round_ in range(repeat + 1):  # round 0 warms up
        for name, (_, plan_slug) in order if round_ % 2 else order[::-1]:
            use_database(name)
            connection.ensure_connection()
            for page, url in PAGES.items():
                url = url.format(plan=plan_slug)
                start = time.perf_counter()
                fetch(name, url)
                if round_:
                    samples[name][page].append(time.perf_counter() - start)
                if round_ <= 3:  # the time spent in SQL, from three captured runs
                    with CaptureQueriesContext(connection) as captured:
                        fetch(name, url)
                    if round_:
                        sql[name][page].append(sum(float(q["time"])
                                                   for q in captured.captured_queries))
                    queries = [q for q in queries if q[1] != page or q[3] != name] + [
                        (float(q["time"]), page, q["sql"], name)
                        for q in captured.captured_queries]
    median = statistics.median
    return ({n: {p: median(v) for p, v in pages.items()} for n, pages in samples.items()},
            {n: {p: median(v) for p, v in pages.items()} for n, pages in sql.items()},
            queries)


def explain(sql, analyze=True):
    from django.db import connection

    options = "ANALYZE, BUFFERS" if analyze else "COSTS OFF"
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        return [row[0] for row in cursor.fetchall()]


def seq_scans(plan_lines):
    return {m.group(1) for line in plan_lines for m in [re.search(r"Seq Scan on (\w+)", line)]
            if m}


def table_rows():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples::bigint FROM pg_class "
                       "WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace")
        return dict(cursor.fetchall())


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--boards", type=int, default=150)
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--updates", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="20 boards × 300 actions, 3 runs")
    parser.add_argument("--keep", action="store_true", help="keep both databases afterwards")
    parser.add_argument("--reuse", action="store_true",
                        help="measure databases kept by an earlier --keep run (no build)")
    args = parser.parse_args()
    if args.quick:
        args.boards, args.actions, args.repeat = min(args.boards, 20), min(args.actions, 300), 3

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lscb.settings")
    os.environ["DATABASE_URL"] = f"{PG}/{ONE}"
    os.environ["DEBUG"] = "0"
    os.environ["LSCB_REQUIRE_2FA"] = "0"
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="lscb-scale-")
    os.environ["STATIC_ROOT"] = os.path.join(os.environ["MEDIA_ROOT"], "static")
    os.mkdir(os.environ["STATIC_ROOT"])
    import django

    django.setup()
    measured = args.boards // 2  # a board in the middle of the big database
    try:
        if args.reuse:
            big, one = existing(BIG), existing(ONE)
        else:
            print("Building (COPY and INSERT … SELECT, then ANALYZE):")
            big = build_database(BIG, args.boards, args.actions, args.updates, measured)
            one = build_database(ONE, 1, args.actions, args.updates, 0)

        times, sql, queries = measure({ONE: one, BIG: big}, args.repeat)

        print(f"\nOne board's pages: {args.boards} boards in the database vs 1 board "
              f"({args.actions} actions × {args.updates} updates each), median of {args.repeat} "
              "(the two databases measured in turns)")
        print(f"{'page':34} {'1 board ms':>11} {f'{args.boards} boards ms':>14} {'ratio':>6}"
              f"   {'SQL ms: 1 board':>15} {f'{args.boards} boards':>11} {'ratio':>6}")
        worst = 0
        for label in PAGES:
            alone, shared = times[ONE][label], times[BIG][label]
            ratio = shared / alone
            worst = max(worst, ratio)
            flag = "" if ratio <= 1.5 else "  > 1.5×"
            print(f"{label:34} {alone * 1000:11.1f} {shared * 1000:14.1f} {ratio:6.2f}"
                  f"   {sql[ONE][label] * 1000:15.1f} {sql[BIG][label] * 1000:11.1f} "
                  f"{sql[BIG][label] / sql[ONE][label]:6.2f}{flag}")
        print(f"worst ratio {worst:.2f} (target ≤ 1.5); load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

        queries = [q[:3] for q in queries if q[3] == BIG]
        use_database(BIG)
        # the database is still the big one
        queries.sort(key=lambda q: q[0], reverse=True)
        print(f"\nThe 3 slowest of {len(queries)} queries (big database), "
              "EXPLAIN (ANALYZE, BUFFERS):")
        for seconds, label, sql in queries[:3]:
            print(f"\n-- {label}: {seconds * 1000:.1f} ms\n-- {sql[:300]}"
                  f"{' …' if len(sql) > 300 else ''}")
            print("\n".join("   " + line for line in explain(sql)))
        scanned = {}
        for _, label, sql in queries:
            if sql.lstrip().upper().startswith("SELECT"):
                for table in seq_scans(explain(sql, analyze=False)):
                    scanned.setdefault(table, set()).add(label)
        rows = table_rows()
        big_scans = sorted(t for t in scanned if rows.get(t, 0) >= BIG_ROWS)
        print(f"\nSeq Scans in the plans of all {len(queries)} queries (big database):")
        for table, labels in sorted(scanned.items(), key=lambda item: -rows.get(item[0], 0)):
            size = "BIG" if table in big_scans else "small"
            print(f"  {table:32} {rows.get(table, 0):>10,} rows ({size})  in "
                  f"{', '.join(sorted(labels))}")
        if not big_scans:
            print(f"  none on a table of {BIG_ROWS:,} rows or more")
        return 0 if worst <= 1.5 and not big_scans else 1
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(os.environ["MEDIA_ROOT"], ignore_errors=True)
        if not (args.keep or args.reuse):
            for name in (BIG, ONE):
                admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())

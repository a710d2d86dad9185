"""Page speed with a big board: 2,000 actions with 8 progress updates each.

Prints, measured in this run, each page's median time and the median of its ratios
to the Django admin changelist of the same actions, timed in interleaved rounds
(admin, page, admin, page…) so that a change in the machine's load hits both alike;
and the load average before and after.

    .venv/bin/python bench/pages.py [--actions 2000] [--updates 8] [--rounds 7] [--only dashboard,plan]
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django  # noqa: E402


def build(actions_count, updates_per_action):
    from django.contrib.auth import get_user_model

    from actions.latest import refresh_board
    from actions.models import Action, ProgressUpdate
    from lscb.fiscal import Quarter
    from lscb.models import Board, BoardUser, Role
    from lscb.refs import natural_key
    from plans.models import BusinessPlan, Theme
    from subgroups.models import Subgroup

    board = Board.objects.create(name="Bench LSCB", short_name="Bench", slug="bench")
    plan = BusinessPlan.objects.create(board=board, title="Plan", slug="plan", start_year=2015,
                                       end_year=2017, status="live",
                                       approved_on=dt.date(2015, 7, 1))
    themes = [Theme.objects.create(board=board, plan=plan, number=str(n), title=f"Theme {n}")
              for n in range(1, 10)]
    groups = [Subgroup.objects.create(board=board, name=f"Group {n}", slug=f"g{n}")
              for n in range(12)]
    actions = Action.objects.bulk_create([
        Action(board=board, plan=plan, theme=themes[n % 9], reference=f"{n % 9 + 1}.{n}",
               sort_key=natural_key(f"{n % 9 + 1}.{n}"), description=f"Action number {n} " * 8,
               outcome="Children are safer", due_date=dt.date(2016, 1 + n % 12, 28))
        for n in range(actions_count)
    ], batch_size=500)
    through = Action.owners.through
    through.objects.bulk_create([through(action_id=a.pk, subgroup_id=groups[i % 12].pk)
                                 for i, a in enumerate(actions)], batch_size=1000)
    quarter, rags = Quarter(2015, 1), ["green", "amber", "red", "green"]
    updates = []
    for a in actions:
        q = quarter
        for k in range(updates_per_action):
            updates.append(ProgressUpdate(action=a, date=q.start + dt.timedelta(days=10),
                                          year=q.year, quarter=q.number, rag=rags[k % 4],
                                          narrative="Progress narrative " * 6))
            q = q.next()
    ProgressUpdate.objects.bulk_create(updates, batch_size=2000)
    refresh_board(board)  # bulk_create sends no signal
    user = get_user_model().objects.create_superuser("bench", password="bench-password-123")
    BoardUser.objects.create(board=board, user=user, role=Role.MANAGER)
    return user, plan


def main():
    import os
    import statistics
    import time

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--only", help="comma-separated page names (substrings) to time")
    args = parser.parse_args()
    db = setup_django("lscb-bench-pages")
    from django.test import Client

    from actions.models import Action

    user, plan = build(args.actions, args.updates)
    from django.db import connection

    if connection.vendor == "postgresql":  # as autovacuum leaves a table after a load:
        with connection.cursor() as cursor:  # statistics, and the visibility map that
            cursor.execute("VACUUM ANALYZE")  # lets index-only scans skip the table
    from tests.otp import verified_force_login

    client = Client()
    verified_force_login(client, user)  # signed in with a second factor, as admins must be
    action = Action.objects.filter(plan=plan).order_by("pk")[args.actions // 2]
    theme = plan.themes.order_by("pk").first()

    pages = {
        "trivial view (/health/)": "/health/",
        "actions page (/actions/)": "/actions/",
        "actions page, filtered+sorted": "/actions/?rag=green&sort=-when",
        "action page": f"/actions/{action.pk}/",
        "plan page": f"/plans/{plan.slug}/",
        "plan page, one theme's rows": f"/plans/{plan.slug}/themes/{theme.pk}/actions/",
        "plan page, every theme (?all=1)": f"/plans/{plan.slug}/?all=1",
        "dashboard": "/",
        "quarterly preview": "/reports/quarterly/?year=2015/16&quarter=3",
        "quarterly preview, first view after a change": "/reports/quarterly/?year=2015/16&quarter=3",
        "quarterly preview, one theme's rows":
            f"/reports/quarterly/themes/{theme.pk}/actions/?year=2015/16&quarter=3",
        "quarterly preview, one theme's rows, first view after a change":
            f"/reports/quarterly/themes/{theme.pk}/actions/?year=2015/16&quarter=3",
        "quarterly preview, every theme (?all=1)": "/reports/quarterly/?year=2015/16&quarter=3&all=1",
    }
    if args.only:
        wanted = args.only.split(",")
        pages = {k: v for k, v in pages.items() if any(w in k for w in wanted)}
    admin_url = "/admin/actions/action/"
    # The quarterly preview keeps its body under the data's fingerprint, so a repeat view
    # of unchanged data is what the plain names time. "First view after a change" first
    # posts an update to an action, dated in the quarter shown (not timed): every kept
    # body of the plan is void, and the paper is built again.
    from actions.models import ProgressUpdate

    changed = Action.objects.filter(plan=plan).order_by("pk")[args.actions // 3]

    def prepare(name):
        if "after a change" in name:
            ProgressUpdate.objects.create(action=changed, date=dt.date(2015, 11, 20),
                                          rag=["red", "amber"][len(times_of(name)) % 2],
                                          narrative="A change before the view")

    def fetch(url, name=""):
        prepare(name)
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    times = {name: [] for name in pages}

    def times_of(name):
        return times[name]

    for name, url in [("admin", admin_url), *pages.items()]:  # warm up
        fetch(url, name)
    load_before = os.getloadavg()
    admin_times, ratios = [], {name: [] for name in pages}
    changes = any("first view" in name for name in pages)  # between the pages
    for _ in range(args.rounds):  # interleaved: admin, page, admin, page...
        for name, url in pages.items():
            admin = fetch(admin_url)
            if changes and "first view" not in name:  # a repeat view, after an untimed first
                fetch(url)
            seconds = fetch(url, name)
            admin_times.append(admin)
            times[name].append(seconds)
            ratios[name].append(seconds / admin)
    load_after = os.getloadavg()
    print(f"Database: {db.split('://')[0]}; {args.actions} actions × {args.updates} updates; "
          f"{args.rounds} interleaved rounds; load average {load_before[0]:.1f} before, "
          f"{load_after[0]:.1f} after ({os.cpu_count()} cores)")
    print(f"admin changelist of the same actions: median {statistics.median(admin_times) * 1000:.1f} ms")
    print(f"{'page':64} {'median ms':>10} {'× admin (median of ratios)':>28}")
    for name in pages:
        print(f"{name:64} {statistics.median(times[name]) * 1000:10.1f} "
              f"{statistics.median(ratios[name]):28.2f}")


if __name__ == "__main__":
    main()

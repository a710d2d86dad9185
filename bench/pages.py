"""Page speed with a big board: 2,000 actions with 8 progress updates each.

Prints, measured in this run, the median time of the actions page, plan page
and dashboard, as ratios against the Django admin changelist of the same
actions and against a trivial view (/health/).

    .venv/bin/python bench/pages.py [--actions 2000] [--updates 8]
"""

import argparse
import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, timed  # noqa: E402


def build(actions_count, updates_per_action):
    from django.contrib.auth import get_user_model

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
    user = get_user_model().objects.create_superuser("bench", password="bench-password-123")
    BoardUser.objects.create(board=board, user=user, role=Role.MANAGER)
    return user, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=2000)
    parser.add_argument("--updates", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    db = setup_django("lscb-bench-pages")
    from django.test import Client

    user, plan = build(args.actions, args.updates)
    client = Client()
    client.force_login(user)

    def get(url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return fetch

    pages = {
        "trivial view (/health/)": "/health/",
        "admin changelist": "/admin/actions/action/",
        "actions page (/actions/)": "/actions/",
        "actions page, filtered+sorted": "/actions/?rag=green&sort=-when",
        "plan page (all actions)": f"/plans/{plan.slug}/",
        "dashboard": "/",
    }
    results = {name: timed(get(url), repeat=args.repeat) for name, url in pages.items()}
    base, admin = results["trivial view (/health/)"], results["admin changelist"]
    print(f"Database: {db.split('://')[0]}; {args.actions} actions × {args.updates} updates")
    print(f"{'page':34} {'median ms':>10} {'× admin':>8} {'× trivial':>10}")
    for name, seconds in results.items():
        print(f"{name:34} {seconds * 1000:10.1f} {seconds / admin:8.2f} {seconds / base:10.1f}")


if __name__ == "__main__":
    main()

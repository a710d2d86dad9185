"""Quarterly report PDF: our overhead against WeasyPrint alone.

Builds a 200-action plan with a year of updates and prints, measured in this
run: the time to produce the quarterly PDF (queries, template, WeasyPrint)
against WeasyPrint alone rendering the same final HTML (the ratio is our
overhead; aim ≤ 1.15), the pages produced and peak memory.

    .venv/bin/python bench/quarterly_pdf.py [--actions 200] [--repeat 3]
"""

import argparse
import datetime as dt
import io
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django, timed  # noqa: E402


def build(count):
    from actions.models import Action, ProgressUpdate
    from lscb.fiscal import Quarter
    from lscb.models import Board
    from lscb.refs import natural_key
    from plans.models import BusinessPlan, Theme
    from subgroups.models import Subgroup

    board = Board.objects.create(name="Bench LSCB", short_name="Bench", slug="bench")
    plan = BusinessPlan.objects.create(board=board, title="Business Plan 2015-18", slug="plan",
                                       start_year=2015, end_year=2017, status="live",
                                       approved_on=dt.date(2015, 7, 1))
    themes = [Theme.objects.create(board=board, plan=plan, number=str(n), title=f"Theme {n}")
              for n in range(1, 10)]
    group = Subgroup.objects.create(board=board, name="Learning and Improvement", slug="li")
    actions = Action.objects.bulk_create([
        Action(board=board, plan=plan, theme=themes[n % 9], reference=f"{n % 9 + 1}.{n}",
               sort_key=natural_key(f"{n % 9 + 1}.{n}"),
               description="Develop and implement a shared training evaluation methodology "
                           "to assess the impact of training on practice. " * 2,
               outcome="Training is evaluated and the results used to improve the offer",
               due_date=dt.date(2016, 1 + n % 12, 28))
        for n in range(count)
    ])
    Action.owners.through.objects.bulk_create(
        [Action.owners.through(action_id=a.pk, subgroup_id=group.pk) for a in actions])
    rags = ["green", "amber", "red", "green", "complete"]
    ProgressUpdate.objects.bulk_create([
        ProgressUpdate(action=a, date=q.start + dt.timedelta(days=20), year=q.year,
                       quarter=q.number, rag=rags[(i + q.number) % 5],
                       narrative="Progress this quarter: workshops delivered, evaluation "
                                 "returns analysed and reported to the subgroup. " * 2)
        for i, a in enumerate(actions)
        for q in [Quarter(2015, 1), Quarter(2015, 2), Quarter(2015, 3), Quarter(2015, 4)]
    ])
    return board, plan


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    setup_django("lscb-bench-pdf")
    from pypdf import PdfReader

    from lscb.fiscal import Quarter
    from lscb.papers.pdf import html_to_pdf
    from reporting.papers.registry import QUARTERLY

    board, plan = build(args.actions)
    quarter = Quarter(2015, 3)

    def ours():
        return QUARTERLY.pdf(QUARTERLY.context(board, plan, quarter), use_cache=False)[0]

    html = QUARTERLY.html(QUARTERLY.context(board, plan, quarter))
    full = timed(ours, repeat=args.repeat)
    alone = timed(lambda: html_to_pdf(html), repeat=args.repeat)
    pdf = ours()
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    cached_time = timed(lambda: QUARTERLY.pdf(QUARTERLY.context(board, plan, quarter)), repeat=3)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Quarterly report, {args.actions} actions with a year of updates")
    print(f"  full pipeline (queries + template + WeasyPrint): {full:6.2f} s")
    print(f"  WeasyPrint alone on the same final HTML:         {alone:6.2f} s")
    print(f"  overhead ratio:                                  {full / alone:6.3f}  (target ≤ 1.15)")
    print(f"  pages: {pages}   seconds per page: {full / pages:.3f}   PDF size: {len(pdf):,} bytes")
    print(f"  unchanged paper served from its stored copy:     {cached_time * 1000:6.1f} ms")
    print(f"  peak memory (max RSS of this process):           {peak_mb:6.0f} MB")


if __name__ == "__main__":
    main()

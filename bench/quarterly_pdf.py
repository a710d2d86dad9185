"""Quarterly report PDF at 200, 1,000 and 2,000 actions: pages, time, peak memory.

Each size is built and rendered once in its own process (so its peak memory is its
own): the HTML (queries + template), WeasyPrint's layout and the PDF write, in CPU
seconds of the process (so other work on a shared machine does not inflate them; the
wall time is printed too), seconds per page (constant when growth is linear), and the
time to find the stored copy by its fingerprint as the download does (a share of the
rendering time).
``--compare`` also writes each PDF with pydyf's own ``page_references`` and checks
the bytes are the same.

    .venv/bin/python bench/quarterly_pdf.py [--sizes 200,1000,2000] [--compare]
"""

import argparse
import datetime as dt
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import setup_django  # noqa: E402


def build(count):
    from actions.latest import refresh_board
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
    refresh_board(board)  # bulk_create sends no signal
    return board, plan


def one(count, compare):
    """Render one size in this process: prints a JSON line of its figures."""
    import json
    import os
    import tempfile
    import time

    # its own media folder: every run's fresh database has the same board id and data
    # version, so a copy stored by an earlier run would carry this run's fingerprint
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="lscb-bench-pdf-")
    setup_django(f"lscb-bench-pdf-{count}")
    from lscb.fiscal import Quarter
    from lscb.papers import fingerprint as fp
    from lscb.papers.pdf import layout, write_pdf
    from reporting.papers import background
    from reporting.papers.registry import QUARTERLY

    board, plan = build(count)
    quarter = Quarter(2015, 3)
    wall = time.perf_counter()
    start = time.process_time()
    html = QUARTERLY.html(QUARTERLY.context(board, plan, quarter))
    context_s = time.process_time() - start
    start = time.process_time()
    rendered = layout(html)
    layout_s = time.process_time() - start
    start = time.process_time()
    pdf = write_pdf(rendered)
    write_s = time.process_time() - start
    figures = {"actions": count, "pages": len(rendered.pages), "bytes": len(pdf),
               "html_s": context_s, "layout_s": layout_s, "write_s": write_s,
               "wall_s": time.perf_counter() - wall}
    if compare:  # pydyf's own page_references, same document: the bytes must match
        start = time.process_time()
        plain = write_pdf(rendered, fast=False)
        figures["write_unpatched_s"] = time.process_time() - start
        figures["identical"] = plain == pdf
    # the stored copy, found by fingerprint (what the download view does)
    key = background.quarterly_key(board, plan, quarter)
    fp.store(key, pdf)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        assert fp.stored_copy(background.quarterly_key(board, plan, quarter)) == pdf
        samples.append(time.perf_counter() - start)
    figures["stored_copy_ms"] = sorted(samples)[2] * 1000
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(figures), flush=True)


def main():
    import json
    import os
    import subprocess

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="200,1000,2000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--compare", action="store_true",
                        help="also write each PDF with pydyf's own page_references and compare")
    args = parser.parse_args()
    if args.one:
        return one(args.one, args.compare)
    print(f"Quarterly report PDF, actions with a year of updates (load average before: "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}, {os.cpu_count()} cores)")
    print("CPU seconds of the rendering process (wall-clock total beside them)")
    print(f"{'actions':>7} {'pages':>6} {'HTML s':>7} {'layout s':>9} {'write s':>8} "
          f"{'total s':>8} {'wall s':>7} {'s/page':>7} {'peak MB':>8} {'stored copy':>12}")
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        command = [sys.executable, __file__, "--one", str(size)] + (
            ["--compare"] if args.compare else [])
        out = subprocess.run(command, check=True, stdout=subprocess.PIPE, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        rows.append(row)
        total = row["html_s"] + row["layout_s"] + row["write_s"]
        print(f"{size:>7} {row['pages']:>6} {row['html_s']:>7.2f} {row['layout_s']:>9.2f} "
              f"{row['write_s']:>8.2f} {total:>8.2f} {row['wall_s']:>7.1f} {total / row['pages']:>7.3f} "
              f"{row['peak_mb']:>8.0f} {row['stored_copy_ms']:>9.1f} ms"
              f" ({row['stored_copy_ms'] / 10 / total:.3f}% of rendering)")
        if args.compare:
            print(f"{'':>7} write with pydyf's own page_references: "
                  f"{row['write_unpatched_s']:.2f} s, same bytes: {row['identical']}")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        per_page = [(r["html_s"] + r["layout_s"] + r["write_s"]) / r["pages"] for r in rows]
        print(f"CPU seconds per page from {first['actions']} to {last['actions']} actions: "
              f"{per_page[0]:.3f} → {per_page[-1]:.3f} (×{per_page[-1] / per_page[0]:.2f}; "
              f"1.0 is linear growth); load average after: "
              f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

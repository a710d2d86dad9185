"""Produce a paper from the command line, e.g. for scheduled jobs:

    manage.py render_report quarterly --board cumbria --year 2015/16 --quarter 2 --output q2.pdf
    manage.py render_report workplan --board cumbria --subgroup learning-and-improvement --output wp.pdf
    manage.py render_report plan --board cumbria [--plan business-plan-2015-18] --output plan.pdf
    manage.py render_report annual --board cumbria --year 2015/16 --output annual.pdf
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lscb.fiscal import Quarter, parse_year_label
from lscb.models import Board
from plans.models import BusinessPlan
from reporting.models import AnnualReport, QuarterSnapshot
from reporting.papers import registry
from reporting.quarters.services import FrozenCopyMissing, frozen_copy, snapshot_for
from subgroups.models import Subgroup

PAPERS = ("quarterly", "workplan", "plan", "annual")


class Command(BaseCommand):
    help = "Render one of the board's papers to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("paper", choices=PAPERS)
        parser.add_argument("--board", required=True, help="Board slug, e.g. cumbria")
        parser.add_argument("--output", required=True, help="PDF file to write")
        parser.add_argument("--year", help="Financial year, e.g. 2015/16 (quarterly)")
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="Quarter (quarterly)")
        parser.add_argument("--plan", help="Plan slug (quarterly; default: the current plan)")
        parser.add_argument("--subgroup", help="Subgroup slug (workplan)")
        parser.add_argument("--live", action="store_true",
                            help="For a closed quarter, today's figures instead of the frozen report")

    def handle(self, *args, **options):
        board = Board.objects.filter(slug=options["board"]).first()
        if board is None:
            raise CommandError(f"No board with slug {options['board']!r}.")
        paper = getattr(self, f"paper_{options['paper']}")(board, options)
        started = time.perf_counter()
        if isinstance(paper, QuarterSnapshot):
            try:
                pdf = frozen_copy(paper)
            except FrozenCopyMissing as error:
                raise CommandError(f"{error} (--live renders them.)") from error
            how = "as frozen when the quarter was closed"
        else:
            declaration, context = paper
            pdf, cached = declaration.pdf(context)
            how = "from its stored copy" if cached else f"in {time.perf_counter() - started:.1f} s"
        output = Path(options["output"])
        output.write_bytes(pdf)
        self.stdout.write(self.style.SUCCESS(f"Wrote {output} ({len(pdf):,} bytes, {how})."))

    def paper_quarterly(self, board, options):
        if not options["year"] or not options["quarter"]:
            raise CommandError("quarterly needs --year (e.g. 2015/16) and --quarter (1-4).")
        try:
            quarter = Quarter(parse_year_label(options["year"]), options["quarter"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        plan = self.find_plan(board, options)
        snapshot = None if options["live"] else snapshot_for(plan, quarter)
        return snapshot or (registry.QUARTERLY, registry.QUARTERLY.context(board, plan, quarter))

    def paper_annual(self, board, options):
        if not options["year"]:
            raise CommandError("annual needs --year (e.g. 2015/16).")
        try:
            year = parse_year_label(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        report = AnnualReport.objects.filter(board=board, year=year).first()
        if report is None:
            raise CommandError(f"No annual report for {options['year']}: start it in the browser.")
        return registry.ANNUAL, registry.ANNUAL.context(report)

    def paper_plan(self, board, options):
        plan = self.find_plan(board, options)
        return registry.BUSINESS_PLAN, registry.BUSINESS_PLAN.context(board, plan)

    def find_plan(self, board, options):
        if options["plan"]:
            plan = BusinessPlan.objects.for_board(board).filter(slug=options["plan"]).first()
        else:
            plan = BusinessPlan.objects.current(board)
        if plan is None:
            raise CommandError("No such plan on this board.")
        return plan

    def paper_workplan(self, board, options):
        group = Subgroup.objects.for_board(board).filter(slug=options["subgroup"] or "").first()
        if group is None:
            raise CommandError("workplan needs --subgroup with the slug of one of the board's groups.")
        return registry.WORKPLAN, registry.WORKPLAN.context(board, group)

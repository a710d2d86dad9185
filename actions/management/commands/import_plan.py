"""python manage.py import_plan FILE --board SLUG --plan "TITLE" [--as-at DATE] [--user NAME]

Imports a business plan's actions from an XLSX or CSV file, creating the plan if it does
not exist. Problems and warnings are listed by row and column and nothing is written
unless the whole file is good. Progress without a date of its own is dated ``--as-at``
(default: the end of the last quarter of the plan's period that has started), and each
update is credited "Imported from FILE by NAME".
"""

import datetime
import getpass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from actions.importing.apply import CREATE_GROUP, KEEP_AS_ROLE, apply_import
from actions.importing.preview import build_preview
from lscb.import_command import board_and_file, checked_preview
from plans.models import BusinessPlan


def day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        try:
            return datetime.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            raise CommandError(f"--as-at {text!r}: give a date such as 2013-03-31") from None


class Command(BaseCommand):
    help = "Import a business plan's actions from a spreadsheet (XLSX or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--board", required=True, help="Board slug")
        parser.add_argument("--plan", required=True, help="Plan title (created if missing)")
        parser.add_argument("--as-at", type=day, help="Date of the progress in the file "
                            "(YYYY-MM-DD), when it has no As at column")
        parser.add_argument("--user", help="Username credited with the imported updates "
                            "(default: the account running the command)")
        parser.add_argument("--create-groups", action="store_true",
                            help="Create a subgroup for each unknown name in Who "
                                 "(default: keep unknown names as lead text)")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only")

    def handle(self, *args, **options):
        board, path = board_and_file(options)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']!r}.")
        plan = BusinessPlan.objects.for_board(board).filter(title=options["plan"]).first()
        preview = checked_preview(self, lambda: build_preview(
            path.read_bytes(), path.name, board, plan, title=options["plan"],
            progress=self.stdout.write))
        for row, column, message in preview.warnings:
            self.stdout.write(f"note: row {row}{', ' + column if column else ''}: {message}")
        if preview.unknown_owners:
            how = "new groups" if options["create_groups"] else "lead text"
            self.stdout.write(f"Not matched to a group (imported as {how}): "
                              + "; ".join(preview.unknown_owners))
        as_at = options["as_at"] or preview.default_as_at
        if preview.undated_progress:
            self.stdout.write(f"Progress without a date of its own is as at {as_at:%d/%m/%Y}"
                              + ("" if options["as_at"] else " (give --as-at to change it)") + ".")
        self.stdout.write(preview.summary())
        if options["dry_run"]:
            return
        choice = CREATE_GROUP if options["create_groups"] else KEEP_AS_ROLE
        result = apply_import(
            preview, board, plan, title=options["plan"], user=user, as_at=as_at,
            owner_choices={name: choice for name in preview.unknown_owners},
            credited="" if user else f"{getpass.getuser()} (command line)",
            progress=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(f"Imported into “{result.plan.title}”: {result}."))

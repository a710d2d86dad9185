"""python manage.py import_plan FILE --board SLUG --plan "TITLE"

Imports a business plan's actions from an XLSX or CSV file, creating the plan
if it does not exist. Problems are listed by row and column and nothing is
written unless the whole file is good.
"""

from django.core.management.base import BaseCommand

from actions.importing.apply import CREATE_GROUP, KEEP_AS_ROLE, apply_import
from actions.importing.preview import build_preview
from lscb.import_command import board_and_file, checked_preview
from plans.models import BusinessPlan


class Command(BaseCommand):
    help = "Import a business plan's actions from a spreadsheet (XLSX or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--board", required=True, help="Board slug")
        parser.add_argument("--plan", required=True, help="Plan title (created if missing)")
        parser.add_argument("--create-groups", action="store_true",
                            help="Create a subgroup for each unknown name in Who "
                                 "(default: keep unknown names as the lead role)")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only")

    def handle(self, *args, **options):
        board, path = board_and_file(options)
        plan = BusinessPlan.objects.for_board(board).filter(title=options["plan"]).first()
        preview = checked_preview(self, lambda: build_preview(
            path.read_bytes(), path.name, board, plan, progress=self.stdout.write))
        if preview.unknown_owners:
            how = "new subgroups" if options["create_groups"] else "lead roles"
            self.stdout.write(f"Not matched to a group (imported as {how}): "
                              + "; ".join(preview.unknown_owners))
        self.stdout.write(f"{preview.new_count} new action(s), {preview.update_count} to update, "
                          f"{len(preview.themes)} theme(s).")
        if options["dry_run"]:
            return
        choice = CREATE_GROUP if options["create_groups"] else KEEP_AS_ROLE
        plan, created, updated, updates = apply_import(
            preview, board, plan, title=options["plan"],
            owner_choices={name: choice for name in preview.unknown_owners},
            progress=self.stdout.write,
        )
        self.stdout.write(self.style.SUCCESS(
            f"Imported into “{plan.title}”: {created} created, {updated} updated, "
            f"{updates} progress update(s) added."))

"""python manage.py import_attendance FILE --board SLUG --year 2012/13 [--body board|GROUP]

Imports a year's attendance at the board's meetings (or a group's: its slug, name or short
name) from an XLSX or CSV file: a summary per agency or seat (% attended, attended,
invited) or a grid with a column per meeting date. Problems are listed by row and column
and nothing is written unless the whole file is good; re-importing adds nothing twice.
"""

from django.core.management.base import BaseCommand, CommandError

from lscb.fiscal import parse_year_label
from lscb.import_command import board_and_file, checked_preview
from subgroups.importing.attendance import GRID, apply_import, body_named, build_preview


class Command(BaseCommand):
    help = "Import a year's meeting attendance from a spreadsheet (XLSX or CSV)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--board", required=True, help="Board slug")
        parser.add_argument("--year", required=True, help="Financial year, e.g. 2012/13")
        parser.add_argument("--body", default="board",
                            help="'board' (default) or the group whose meetings these are")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only")

    def handle(self, *args, **options):
        board, path = board_and_file(options)
        try:
            year = parse_year_label(options["year"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        try:
            body = body_named(board, options["body"])
        except LookupError:
            raise CommandError(f"No group {options['body']!r} on {board}: give 'board' or "
                               "a group's slug or name.") from None
        preview = checked_preview(self, lambda: build_preview(
            path.read_bytes(), path.name, board, year, body))
        for row, column, message in preview.warnings:
            self.stdout.write(f"note: row {row}, {column}: {message}")
        shape = ("a grid of meetings" if preview.shape == GRID else "a summary by agency or seat")
        self.stdout.write(f"Read as {shape} for {body.name if body else 'the board'}.")
        self.stdout.write(preview.summary("seats")
                          + (f" {len(preview.removed)} to remove." if preview.removed else ""))
        if options["dry_run"]:
            return
        self.stdout.write(self.style.SUCCESS(
            f"Imported {path.name}: {apply_import(preview, board, path.name)}."))

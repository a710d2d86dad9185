"""What import_indicators and import_risks share with import_plan: the board by slug,
problems by row and column on stderr, progress of long files, all or nothing."""

from django.core.management.base import BaseCommand

from lscb.import_command import board_and_file, checked_preview


class RegisterImportCommand(BaseCommand):
    noun = "rows"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--board", required=True, help="Board slug")
        parser.add_argument("--dry-run", action="store_true", help="Check the file only")

    def build(self, data, name, board, options):
        raise NotImplementedError

    def apply(self, preview, board, options):
        raise NotImplementedError

    def handle(self, *args, **options):
        board, path = board_and_file(options)
        preview = checked_preview(
            self, lambda: self.build(path.read_bytes(), path.name, board, options))
        for row, column, message in preview.warnings:
            self.stdout.write(f"note: row {row}, {column}: {message}")
        if preview.ignored_columns:
            self.stdout.write("Columns not used: " + ", ".join(preview.ignored_columns))
        self.stdout.write(preview.summary(self.noun))
        if options["dry_run"]:
            return
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: "
                                             f"{self.apply(preview, board, options)}."))

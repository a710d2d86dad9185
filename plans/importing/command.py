"""What import_indicators and import_risks share with import_plan: the board by slug,
problems by row and column on stderr, progress of long files, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.importing.reader import ImportError_, size_problem
from lscb.models import Board


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
        board = Board.objects.filter(slug=options["board"]).first()
        if board is None:
            raise CommandError(f"No board with slug {options['board']!r}.")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        if size_problem(path.stat().st_size):
            raise CommandError(size_problem(path.stat().st_size))
        try:
            preview = self.build(path.read_bytes(), path.name, board, options)
        except ImportError_ as error:
            raise CommandError(str(error)) from error
        for row, column, message in preview.problems:
            self.stderr.write(f"row {row}, {column}: {message}")
        if not preview.ok:
            raise CommandError(f"{len(preview.problems)} problem(s): nothing was imported.")
        for row, column, message in preview.warnings:
            self.stdout.write(f"note: row {row}, {column}: {message}")
        if preview.ignored_columns:
            self.stdout.write("Columns not used: " + ", ".join(preview.ignored_columns))
        self.stdout.write(preview.summary(self.noun))
        if options["dry_run"]:
            return
        self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: "
                                             f"{self.apply(preview, board, options)}."))

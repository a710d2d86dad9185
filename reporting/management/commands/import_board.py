"""``manage.py import_board FILE``: restore a board archive made by export_board."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.exports.archive import ArchiveError, import_board


class Command(BaseCommand):
    help = ("Restore a board archive into this installation, all or nothing. Users come "
            "without passwords: each sets a new one (manage.py changepassword USER).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="An archive written by export_board.")

    def handle(self, *args, file, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            board = import_board(data)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored {board.name} ({board.slug})."))

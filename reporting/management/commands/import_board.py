"""``manage.py import_board FILE``: restore a board archive made by export_board."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reporting.exports.archive import ArchiveError
from reporting.exports.restore import import_board


class Command(BaseCommand):
    help = ("Restore a board archive into this installation, all or nothing. Every record is "
            "checked; users come without passwords, staff rights or permissions: each sets a "
            "new password (manage.py changepassword USER).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="An archive written by export_board.")
        parser.add_argument(
            "--accept-unsigned", action="store_true",
            help="Restore an archive this installation did not sign (made by another "
                 "installation, or edited since): only if you know where it came from.")

    def handle(self, *args, file, accept_unsigned, **options):
        try:
            data = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            restored = import_board(data, accept_unsigned=accept_unsigned)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        board = restored.board
        if not restored.signed:
            self.stderr.write(self.style.WARNING(
                "The archive was not signed by this installation (another SECRET_KEY, or "
                "edited since it was made); restored because --accept-unsigned was given."))
        self.stdout.write(self.style.SUCCESS(f"Restored {board.name} ({board.slug})."))

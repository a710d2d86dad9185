"""``manage.py export_board SLUG FILE``: the whole board as one zip archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lscb.models import Board
from reporting.exports.archive import export_board


class Command(BaseCommand):
    help = ("Write every record of a board (plans, actions and their full history, groups, "
            "registers, papers' files) to a zip of JSON that import_board can restore.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The board's short name in URLs, e.g. cumbria.")
        parser.add_argument("file", help="Where to write the archive (.zip).")

    def handle(self, *args, slug, file, **options):
        board = Board.objects.filter(slug=slug).first()
        if board is None:
            known = ", ".join(Board.objects.values_list("slug", flat=True)) or "none"
            raise CommandError(f"No board {slug!r} (boards here: {known}).")
        data = export_board(board)
        Path(file).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(
            f"Wrote {board.name} to {file} ({len(data) / 1024:.0f} KB)."))

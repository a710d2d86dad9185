"""What the import commands (import_plan, import_indicators, import_risks) share:
the board by slug, the file checked before it is read, problems by row and column."""

from pathlib import Path

from django.core.management.base import CommandError

from lscb.models import Board
from lscb.spreadsheets.reader import ImportError_, size_problem


def board_and_file(options):
    """(board, path) from ``--board`` and FILE; CommandError when either is wrong."""
    board = Board.objects.filter(slug=options["board"]).first()
    if board is None:
        raise CommandError(f"No board with slug {options['board']!r}.")
    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"No such file: {path}")
    if size_problem(path.stat().st_size):
        raise CommandError(size_problem(path.stat().st_size))
    return board, path


def checked_preview(command, build):
    """``build()``'s preview, its problems written to stderr; CommandError unless it is good."""
    try:
        preview = build()
    except ImportError_ as error:
        raise CommandError(str(error)) from error
    for row, column, message in preview.problems:
        command.stderr.write(f"row {row}, {column}: {message}")
    if not preview.ok:
        raise CommandError(f"{len(preview.problems)} problem(s): nothing was imported.")
    return preview

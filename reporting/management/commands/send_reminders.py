import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lscb.models import Board
from reporting.reminders.services import send_reminders


class Command(BaseCommand):
    help = ("E-mail each chair a digest of their groups' overdue and due-soon actions, missing "
            "quarterly updates and planner reports, and the business manager a board-wide "
            "summary. Run daily from cron; a second run on the same day sends nothing.")

    def add_arguments(self, parser):
        parser.add_argument("--board", help="Only this board (slug).")
        parser.add_argument("--date", help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        boards = Board.objects.all()
        if options["board"]:
            boards = boards.filter(slug=options["board"])
            if not boards:
                raise CommandError(f"No board with slug {options['board']!r}.")
        total = 0
        for board in boards:
            sent = send_reminders(board, today)
            total += sent
            self.stdout.write(f"{board.slug}: {sent} e-mail(s) sent")
        self.stdout.write(self.style.SUCCESS(f"{total} reminder e-mail(s) sent."))

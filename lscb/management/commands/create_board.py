"""``manage.py create_board SLUG --name NAME [--short-name X] [--manager USERNAME]``."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from lscb.boards import create_board, find_user
from lscb.models import Board


class Command(BaseCommand):
    help = ("Create a board and, with --manager, make an existing account its business "
            "manager. Safe to run again: a board with this slug is left as it is.")

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Part of the board's address, e.g. “north”.")
        parser.add_argument("--name", required=True, help="E.g. “North Safeguarding Children "
                            "Partnership”.")
        parser.add_argument("--short-name", default="", help="E.g. “North SCP” (40 letters).")
        parser.add_argument("--area", default="", help="The local authority area.")
        parser.add_argument("--kind", default=Board.Kind.LSCB, choices=Board.Kind.values,
                            help="lscb, scp, sab or other (default lscb).")
        parser.add_argument("--manager", help="Username or e-mail of an existing account.")

    def handle(self, *args, slug, name, short_name, area, kind, manager, **options):
        existing = Board.objects.filter(slug=slug).first()
        if existing is not None:
            self.stdout.write(f"Board “{slug}” already exists ({existing.name}): nothing "
                              "changed.")
            return
        self.check_new(slug, name, short_name)
        user = None
        if manager:
            user = find_user(manager)
            if user is None:
                raise CommandError(f"No account “{manager}”: create it in /admin/ first.")
        board, _created = create_board(slug, name, short_name=short_name, area=area, kind=kind,
                                       manager=user)
        self.stdout.write(self.style.SUCCESS(f"Created {board.name} ({board.slug})."))
        if user is not None:
            self.stdout.write(f"  {user.get_username()} is its business manager: they will see "
                              "the set-up checklist when they sign in.")

    @staticmethod
    def check_new(slug, name, short_name):
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError("The slug may hold only letters, numbers, - and _.") from None
        if len(slug) > 60 or len(name.strip()) > 200 or len(short_name) > 40 or not name.strip():
            raise CommandError("Slug at most 60, name 1 to 200, short name at most 40 "
                               "characters.")
        if Board.objects.filter(name__iexact=name.strip()).exists():
            raise CommandError(f"Another board is already called “{name.strip()}”.")

"""Creating a board: one function for the administrator's page and ``create_board``."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from .models import Board, BoardUser, Role


def find_user(name):
    """The account with this username or e-mail address (None if none or several)."""
    users = list(get_user_model().objects.filter(
        Q(username__iexact=name) | Q(email__iexact=name))[:2])
    exact = [u for u in users if u.username == name]
    if exact:
        return exact[0]
    return users[0] if len(users) == 1 else None


def default_short_name(name):
    return name.strip()[:40].strip()


@transaction.atomic
def create_board(slug, name, *, short_name="", area="", kind=Board.Kind.LSCB, manager=None):
    """(board, created). A board with this slug already there is left exactly as it is,
    so running it twice changes nothing. ``manager`` (a user) becomes its business manager."""
    existing = Board.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    board = Board.objects.create(slug=slug, name=name.strip(), area=area.strip(), kind=kind,
                                 short_name=short_name.strip() or default_short_name(name))
    if manager is not None:
        BoardUser.objects.create(board=board, user=manager, role=Role.MANAGER)
    return board, True

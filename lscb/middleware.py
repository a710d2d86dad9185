import functools
import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import connections, router
from django.utils.cache import add_never_cache_headers, patch_cache_control

from .models import Board, BoardUser
from .security import ip_for_log

logger = logging.getLogger("lscb.security")

SESSION_KEY = "board_id"


class CurrentBoardMiddleware:
    """Sets ``request.board`` and ``request.board_user`` for a signed-in user.

    The board is the one chosen in the session if the user is a member of it,
    otherwise the user's first board. A user with no board gets ``None`` and
    board pages refuse them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.board = request.board_user = None
        request.board_users = []
        if request.user.is_authenticated:
            memberships = memberships_of(request.user)
            request.board_users = memberships
            chosen = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.board_id == chosen), None)
            current = current or (memberships[0] if memberships else None)
            if current:
                request.board_user, request.board = current, current.board
        return self.get_response(request)


def memberships_of(user):
    """The user's memberships with their boards, in the model's order (board name; one
    user's, so no username), as ``BoardUser.objects.filter(user=user)
    .select_related("board")`` gives them. Read on every request, so the query is written
    out (``membership_sql``), both records read from each row of one join with each
    field's converters: building it with the ORM cost more CPU than the rest of the
    page's sign-in work, and a second query for the boards a round trip more."""
    connection = connections[router.db_for_read(BoardUser)]
    with connection.cursor() as cursor:
        cursor.execute(membership_sql(connection.alias), [user.pk])
        rows = cursor.fetchall()
    member, board = record_reader(BoardUser, connection), record_reader(Board, connection)
    split = len(BoardUser._meta.concrete_fields)
    memberships = []
    for row in rows:
        membership = member(row[:split])
        membership.board = board(row[split:])
        memberships.append(membership)
    return memberships


@functools.cache
def membership_sql(alias):
    """SELECT every column of the membership, then of its board, in board-name order."""
    quote = connections[alias].ops.quote_name
    member, board = BoardUser._meta, Board._meta

    def columns(meta):
        return ", ".join(f"{quote(meta.db_table)}.{quote(f.column)}" for f in meta.concrete_fields)

    return (f"SELECT {columns(member)}, {columns(board)} FROM {quote(member.db_table)} "
            f"INNER JOIN {quote(board.db_table)} ON {quote(member.db_table)}."
            f"{quote(member.get_field('board').column)} = {quote(board.db_table)}."
            f"{quote(board.pk.column)} "
            f"WHERE {quote(member.db_table)}.{quote(member.get_field('user').column)} = %s "
            f"ORDER BY {quote(board.db_table)}.{quote(board.get_field('name').column)} ASC")


def record_reader(model, connection):
    """``read(values)``: a ``model`` instance from the values of its concrete fields in
    order, each passed through the converters the ORM applies (a JSON field's parsing;
    this connection's, as a query's compiler asks them)."""
    table = model._meta.db_table
    fields = model._meta.concrete_fields
    converters = []
    for n, field in enumerate(fields):
        col = field.get_col(table)
        found = field.get_db_converters(connection) + connection.ops.get_db_converters(col)
        if found:
            converters.append((n, found, col))
    names = [f.attname for f in fields]

    def read(values):
        values = list(values)
        for n, found, col in converters:
            for convert in found:
                values[n] = convert(values[n], col, connection)
        return model.from_db(connection.alias, names, values)

    return read


class NoStoreMiddleware:
    """Signed-in pages and papers hold personal data: never let a cache keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class SessionLimitMiddleware:
    """Ends a session 12 hours after sign-in, however active (the 30-minute idle
    limit is the session cookie's age, renewed on each request)."""

    KEY = "signed_in_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault(self.KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_AGE:
                logger.info("session expired user=%s ip=%s", request.user.get_username(),
                            ip_for_log(request))
                logout(request)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

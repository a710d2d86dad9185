"""Role checks used by every view.

Each board page fetches its objects through ``request.board`` so another
board's records are simply not found (404). Writes check the role here and
raise ``PermissionDenied`` (403) when the user may only read.
"""

from functools import cache, wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.shortcuts import get_object_or_404

from .lookups import lookup_value
from .models import Agency, Role


def board_required(view):
    """The user must belong to a board; the view then works on ``request.board``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.board is None:
            raise PermissionDenied("You are not a member of any board yet.")
        return view(request, *args, **kwargs)

    return wrapper


def get_for_board(request, source, **lookup):
    """The record of the user's current board that matches ``lookup``, else 404.

    ``source`` is a model or a queryset (to add ``select_related`` and the like). A model
    that does not hold its board directly names the path to it in ``board_path`` (e.g.
    ``"item__board"``). A record of another board is simply not found, so no view can
    forget the board: every view fetches through here.
    """
    queryset = source._default_manager.all() if isinstance(source, type) else source
    board_path = getattr(queryset.model, "board_path", "board")
    lookup = {key: lookup_value(value) for key, value in lookup.items()}
    return get_object_or_404(queryset, **{board_path: request.board}, **lookup)


def is_manager(request):
    return request.board_user is not None and request.board_user.role == Role.MANAGER


def is_chair(request):
    return request.board_user is not None and request.board_user.role == Role.CHAIR


def is_agency_rep(request):
    return request.board_user is not None and request.board_user.role == Role.AGENCY_REP


def rep_agency_id(request):
    """The agency the user represents on this board, or None (not an agency representative)."""
    return request.board_user.agency_id if is_agency_rep(request) else None


def speaks_for(request, agency_id):
    """Whether the user may act for this agency: the business manager for any, an agency's
    representative for their own."""
    return is_manager(request) or (agency_id is not None and rep_agency_id(request) == agency_id)


def visible_agencies(request):
    """The agencies whose records (returns, challenges, the agency page) the user may see:
    all of the board's, but only their own for an agency representative."""
    agencies = Agency.objects.for_board(request.board)
    own = rep_agency_id(request)
    return agencies if own is None else agencies.filter(pk=own)


def agency_required(view):
    """The business manager, or an agency representative (who sees only their agency)."""

    @wraps(view)
    @board_required
    def wrapper(request, *args, **kwargs):
        if not (is_manager(request) or is_agency_rep(request)):
            raise PermissionDenied("Only the business manager or an agency's representative "
                                   "can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def manager_required(view):
    """Only the board's business manager may use this view."""

    @wraps(view)
    @board_required
    def wrapper(request, *args, **kwargs):
        if not is_manager(request):
            raise PermissionDenied("Only the business manager can do this.")
        return view(request, *args, **kwargs)

    return wrapper


def led_subgroup_ids(request):
    """Ids of the groups on this board that the user leads (cached per request)."""
    if not hasattr(request, "_led_subgroup_ids"):
        if is_chair(request):
            ids = set(
                request.user.led_subgroups.filter(board=request.board).values_list("pk", flat=True)
            )
        else:
            ids = set()
        request._led_subgroup_ids = ids
    return request._led_subgroup_ids


def can_update_action(request, action, owner_ids=None):
    """Managers update any action; chairs only those owned by groups they lead; nobody an
    action whose plan is archived (``action.is_read_only``).

    ``owner_ids`` may be passed when the owners are already loaded.
    """
    if not (is_manager(request) or is_chair(request)) or action.is_read_only:
        return False
    if is_manager(request):
        return True
    if owner_ids is None:
        owner_ids = {group.pk for group in action.owners.all()}
    return bool(led_subgroup_ids(request) & set(owner_ids))


def can_post_update(request, action, owner_ids=None):
    """Who may post a progress update: whoever may update the action, and the
    representative of the agency that leads it (who may not edit the action itself)."""
    if is_agency_rep(request):
        return (not action.is_read_only and action.lead_agency_id is not None
                and action.lead_agency_id == rep_agency_id(request))
    return can_update_action(request, action, owner_ids)


def is_administrator(user):
    """Administrators create boards (and keep accounts in /admin/): an active superuser, or
    an active user given ``lscb.add_board`` directly or through a group, as ModelBackend
    decides. Asked on every page (the menu's "New board"): one EXISTS query, written out
    (``ADMINISTRATOR_SQL``) because building it with the ORM cost more CPU than the
    rest of the signed-in page's fixed work bar the session."""
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    loaded = getattr(user, "_perm_cache", None)
    if loaded is not None:
        return "lscb.add_board" in loaded
    with connection.cursor() as cursor:
        cursor.execute(administrator_sql(), {"user": user.pk, "app": "lscb",
                                             "codename": "add_board"})
        return cursor.fetchone() is not None


@cache
def administrator_sql():
    """Whether a user holds a permission directly or through a group: what
    ``Permission.objects.filter(Q(user=user) | Q(group__user=user))`` asks, with the
    table and column names read from the models."""
    User = get_user_model()
    own = User.user_permissions.through._meta
    member = User.groups.through._meta
    granted = Group.permissions.through._meta
    permission, content_type = Permission._meta, ContentType._meta

    quote = connection.ops.quote_name

    def column(meta, name):
        return f"{quote(meta.db_table)}.{quote(meta.get_field(name).column)}"

    return (
        f"SELECT 1 FROM {quote(permission.db_table)} INNER JOIN {quote(content_type.db_table)} "
        f"ON {column(permission, 'content_type')} = {column(content_type, 'id')} "
        f"WHERE {column(content_type, 'app_label')} = %(app)s "
        f"AND {column(permission, 'codename')} = %(codename)s "
        f"AND ({column(permission, 'id')} IN (SELECT {column(own, 'permission')} "
        f"FROM {quote(own.db_table)} WHERE {column(own, 'user')} = %(user)s) "
        f"OR {column(permission, 'id')} IN (SELECT {column(granted, 'permission')} "
        f"FROM {quote(granted.db_table)} INNER JOIN {quote(member.db_table)} "
        f"ON {column(granted, 'group')} = {column(member, 'group')} "
        f"WHERE {column(member, 'user')} = %(user)s)) LIMIT 1"
    )


def administrator_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_administrator(request.user):
            raise PermissionDenied("Only an administrator can do this.")
        return view(request, *args, **kwargs)

    return wrapper

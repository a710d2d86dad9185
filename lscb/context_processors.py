from .access import is_administrator
from .models import Role
from .vocabulary import words_for


def administrator(request):
    """Whether the user is an administrator, asked once per request: a page whose parts
    render with the request (django-tables2's table) runs the context processors again."""
    if not hasattr(request, "user"):
        return False
    if not hasattr(request, "_lscb_is_administrator"):
        request._lscb_is_administrator = is_administrator(request.user)
    return request._lscb_is_administrator


def board(request):
    board_user = getattr(request, "board_user", None)
    role = board_user.role if board_user else None
    current = getattr(request, "board", None)
    return {
        "board": current,
        "board_user": board_user,
        "board_users": getattr(request, "board_users", []),
        "is_manager": role == Role.MANAGER,
        "is_chair": role == Role.CHAIR,
        "is_agency_rep": role == Role.AGENCY_REP,
        "is_administrator": administrator(request),
        "words": words_for(current),
    }

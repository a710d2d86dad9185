from .access import is_administrator
from .models import Role
from .vocabulary import words_for


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
        "is_administrator": is_administrator(request.user) if hasattr(request, "user") else False,
        "words": words_for(current),
    }

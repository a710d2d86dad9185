from .access import is_administrator
from .models import Role


def board(request):
    board_user = getattr(request, "board_user", None)
    role = board_user.role if board_user else None
    return {
        "board": getattr(request, "board", None),
        "board_user": board_user,
        "board_users": getattr(request, "board_users", []),
        "is_manager": role == Role.MANAGER,
        "is_chair": role == Role.CHAIR,
        "is_administrator": is_administrator(request.user) if hasattr(request, "user") else False,
    }

"""The board itself: an administrator creates one; everyone on it reads its settings at
/board/ and the business manager edits them."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import once
from .access import (
    administrator_required,
    board_required,
    get_for_board,
    is_manager,
    manager_required,
)
from .boards import create_board
from .editing import edit, takes_form
from .forms import BoardSettingsForm, NewBoardForm, PartnerForm
from .history import field_changes
from .middleware import SESSION_KEY
from .models import Agency, Board, SafeguardingPartner
from .papers.images import stored_data_uri
from .vocabulary import partners_of


@takes_form
@administrator_required
def board_new(request):
    if answered := once.replayed(request):  # the same form again: one board
        return answered
    form = NewBoardForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        manager = data["manager"]

        def create():
            board, _created = create_board(data["slug"], data["name"],
                                           short_name=data["short_name"], area=data["area"],
                                           kind=data["kind"], manager=manager)
            if manager == request.user:
                request.session[SESSION_KEY] = board.pk
            return board

        def message(board):
            if manager == request.user:
                return f"{board.name} created. Set it up with the checklist below."
            return (f"{board.name} created. {manager.get_full_name() or manager} is its business "
                    "manager: they will see the set-up checklist when they sign in.")

        return once.save_once(request, create, saved=message,
                              done="dashboard" if manager == request.user else "board_new")
    return render(request, "lscb/board_new.html", {"form": form})


@board_required
@require_safe
def board_settings(request):
    board = (Board.objects.select_related("independent_chair__agency").get(pk=request.board.pk))
    return render(request, "lscb/board.html", {
        "object": board, "logo": stored_data_uri(board.logo), "can_edit": is_manager(request),
        "changes": field_changes(board.history.all(), Board), "partners": partners_of(board),
        "relevant": Agency.objects.for_board(board).filter(relevant_agency_since__isnull=False)
        .order_by("relevant_agency_since", "name")})


@takes_form
@manager_required
def board_edit(request):
    return edit(request, BoardSettingsForm, instance=request.board, done="board:settings",
                saved="Board settings saved.", template="lscb/board_form.html")


@takes_form
@manager_required
def partner_edit(request, pk=None):
    """Add or change one of the partnership's safeguarding partners."""
    partner = get_for_board(request, SafeguardingPartner, pk=pk) if pk else None
    return edit(request, PartnerForm, instance=partner, board=request.board,
                done="board:settings", saved="Safeguarding partner {0.agency} saved.", context={
                    "back": "board:settings",
                    "heading": "Edit a safeguarding partner" if partner
                    else "Add a safeguarding partner"})

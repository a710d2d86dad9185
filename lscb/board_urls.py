"""/board/: the board's own settings. The root URLconf serves these in the ``board``
namespace together with the people pages (subgroups), which show the groups people lead."""

from django.urls import path

from . import views_board

urlpatterns = [
    path("", views_board.board_settings, name="settings"),
    path("edit/", views_board.board_edit, name="edit"),
    path("partners/new/", views_board.partner_edit, name="partner_new"),
    path("partners/<int:pk>/edit/", views_board.partner_edit, name="partner_edit"),
]

"""The board's tables as spreadsheets and the whole board as one archive."""

from django.urls import path

from . import views

urlpatterns = [
    path("export/board.zip", views.board_archive, name="board_archive"),
    path("export/<slug:name>.<str:fmt>", views.data_table, name="data_table"),
]

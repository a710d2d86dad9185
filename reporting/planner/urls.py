"""The reporting planner."""

from django.urls import path

from . import views

urlpatterns = [
    path("planner/", views.planner, name="planner"),
    path("planner/year/", views.planner_year_view, name="planner_year"),
    path("planner/new/", views.item_edit, name="planner_new"),
    path("planner/<int:pk>/edit/", views.item_edit, name="planner_edit"),
    path("planner/<int:pk>/due/<str:due>/", views.receipt_edit, name="receipt"),
    path("planner/receipts/<int:pk>/file/", views.receipt_file, name="receipt_file"),
]

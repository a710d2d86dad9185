"""/plans/sources/: inspections and reviews with their recommendation trackers."""

from django.urls import path

from . import views

urlpatterns = [
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_edit, name="source_new"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/pdf/", views.source_pdf, name="source_pdf"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
]

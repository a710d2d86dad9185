"""/plans/sources/: inspections and reviews with their recommendation trackers."""

from django.urls import path

from reporting.papers import views as papers

from . import views

urlpatterns = [
    path("sources/", views.source_list, name="sources"),
    path("sources/new/", views.source_edit, name="source_new"),
    path("sources/<int:pk>/", papers.tracker, name="source"),
    path("sources/<int:pk>/pdf/", papers.tracker_pdf, name="source_pdf"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
]

"""Section 11 audits."""

from django.urls import path

from . import views

urlpatterns = [
    path("section11/", views.round_list, name="s11"),
    path("section11/new/", views.round_new, name="s11_new"),
    path("section11/standards/new/", views.standard_edit, name="s11_standard_new"),
    path("section11/standards/<int:pk>/edit/", views.standard_edit, name="s11_standard_edit"),
    path("section11/<int:pk>/", views.round_detail, name="s11_round"),
    path("section11/<int:pk>/agency/<int:agency_pk>/", views.return_edit, name="s11_return"),
    path("section11/<int:pk>/remind/", views.remind, name="s11_remind"),
    path("section11/evidence/<int:pk>/", views.evidence_file, name="s11_evidence"),
]

"""Each partner agency's record."""

from django.urls import path

from reporting.papers import views as papers

from . import views

urlpatterns = [
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", papers.agency, name="agency"),
    path("agencies/<int:pk>/pdf/", papers.agency_pdf, name="agency_pdf"),
]

"""Each partner agency's record."""

from django.urls import path

from . import views

urlpatterns = [
    path("agencies/", views.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("agencies/<int:pk>/pdf/", views.agency_pdf, name="agency_pdf"),
]

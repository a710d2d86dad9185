"""Closed quarters."""

from django.urls import path

from . import views

urlpatterns = [
    path("quarters/", views.quarter_list, name="quarters"),
    path("quarters/close/", views.quarter_close, name="quarter_close"),
    path("quarters/compare/", views.quarter_compare, name="quarter_compare"),
    path("quarters/<int:pk>/pdf/", views.quarter_pdf, name="quarter_pdf"),
]

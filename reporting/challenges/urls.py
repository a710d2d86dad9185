"""The challenge log."""

from django.urls import path

from . import views

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/new/", views.challenge_edit, name="challenge_new"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
]

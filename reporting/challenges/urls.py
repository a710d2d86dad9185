"""The challenge log."""

from django.urls import path

from . import views

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/new/", views.challenge_edit, name="challenge_new"),
    path("challenges/<int:pk>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:pk>/respond/", views.challenge_respond, name="challenge_respond"),
    path("challenges/files/<int:pk>/", views.challenge_file, name="challenge_file"),
]

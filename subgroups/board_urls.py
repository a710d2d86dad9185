"""/board/people/: served in the ``board`` namespace with the board's settings (lscb)."""

from django.urls import path

from . import views_people

urlpatterns = [
    path("people/", views_people.people_list, name="people"),
    path("people/new/", views_people.person_new, name="person_new"),
    path("people/<int:pk>/", views_people.person_edit, name="person_edit"),
    path("people/<int:pk>/remove/", views_people.person_remove, name="person_remove"),
    path("people/<int:pk>/send-link/", views_people.person_send_link, name="person_send_link"),
]

"""/subgroups/ and /subgroups/<slug>/: each group with its actions, reports owed and
meetings (served in the subgroups namespace, see lscb/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.subgroup_list, name="list"),
    path("<slug:slug>/", views.subgroup_detail, name="detail"),
]

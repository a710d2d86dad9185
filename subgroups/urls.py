"""/subgroups/: groups, members, agencies, meetings and attendance. The root URLconf serves
these in the ``subgroups`` namespace with the group pages reporting adds."""

from django.urls import path

from . import views_import, views_manage, views_meetings

urlpatterns = [
    path("new/", views_manage.group_edit, name="new"),
    path("structure/", views_manage.structure, name="structure"),
    path("members/", views_manage.register, name="members"),
    path("members/new/", views_manage.member_edit, name="member_new"),
    path("members/<int:pk>/edit/", views_manage.member_edit, name="member_edit"),
    path("agencies/new/", views_manage.agency_edit, name="agency_new"),
    path("agencies/<int:pk>/edit/", views_manage.agency_edit, name="agency_edit"),
    path("meetings/", views_meetings.meeting_list, name="meetings"),
    path("meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/delete/", views_meetings.meeting_delete, name="meeting_delete"),
    path("attendance/", views_meetings.attendance, name="attendance"),
    path("attendance/import/", views_import.attendance_import, name="attendance_import"),
    path("attendance/import/template.xlsx", views_import.attendance_import_template,
         name="attendance_import_template"),
    path("attendance/import/<str:token>/", views_import.attendance_import_preview,
         name="attendance_import_preview"),
    path("<slug:slug>/edit/", views_manage.group_edit, name="edit"),
    path("<slug:slug>/members/", views_manage.group_members, name="group_members"),
]

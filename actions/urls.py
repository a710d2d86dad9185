from django.urls import path

from . import views, views_chase, views_import, views_manage, views_plan

app_name = "actions"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("my-work-plan/", views_chase.my_work_plan, name="my_work_plan"),
    path("updates-due/", views_chase.updates_due, name="updates_due"),
    path("new/<slug:slug>/", views_manage.action_create, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views_manage.action_edit, name="edit"),
    path("<int:pk>/archive/", views_manage.action_archive, name="archive"),
    path("<int:pk>/updates/", views.post_update, name="post_update"),
    path("<int:pk>/impact-review/", views.impact_review, name="impact_review"),
    path("import/", views_import.upload, name="import"),
    path("import/template/", views_import.template, name="import_template"),
    path("import/<int:pk>/", views_import.preview, name="import_preview"),
    path("carry-over/<slug:slug>/", views_manage.plan_carry_over, name="carry_over"),
]

# Served under /plans/ in the plans namespace (see lscb/urls.py): a plan read with its actions.
plan_urlpatterns = [
    path("<slug:slug>/", views_plan.plan_detail, name="detail"),
]

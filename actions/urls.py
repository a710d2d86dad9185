from django.urls import path

from . import (
    views,
    views_chase,
    views_grid,
    views_import,
    views_manage,
    views_plan,
    views_themes,
)

app_name = "actions"
urlpatterns = [
    path("", views.action_list, name="list"),
    path("my-work-plan/", views_chase.my_work_plan, name="my_work_plan"),
    path("update-grid/", views_grid.update_grid, name="update_grid"),
    path("updates-due/", views_chase.updates_due, name="updates_due"),
    path("new/<slug:slug>/", views_manage.action_create, name="create"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views_manage.action_edit, name="edit"),
    path("<int:pk>/archive/", views_manage.action_archive, name="archive"),
    path("<int:pk>/updates/", views.post_update, name="post_update"),
    path("update-files/<int:pk>/", views.update_file, name="update_file"),
    path("<int:pk>/updates/<int:update_pk>/withdraw/", views.withdraw_update,
         name="withdraw_update"),
    path("<int:pk>/impact-review/", views.impact_review, name="impact_review"),
    path("import/", views_import.upload, name="import"),
    path("import/template/", views_import.template, name="import_template"),
    path("import/<int:pk>/", views_import.preview, name="import_preview"),
]

# Served under /plans/ in the plans namespace (see lscb/urls.py): a plan read with its actions.
plan_urlpatterns = [
    path("<slug:slug>/themes/", views_themes.theme_list, name="themes"),
    path("<slug:slug>/themes/new/", views_themes.theme_new, name="theme_new"),
    path("<slug:slug>/themes/references/", views_themes.theme_references,
         name="theme_references"),
    path("<slug:slug>/themes/<int:pk>/edit/", views_themes.theme_edit, name="theme_edit"),
    path("<slug:slug>/themes/<int:pk>/move/", views_themes.theme_move, name="theme_move"),
    path("<slug:slug>/themes/<int:pk>/delete/", views_themes.theme_delete, name="theme_delete"),
    path("<slug:slug>/themes/<int:pk>/merge/", views_themes.theme_merge, name="theme_merge"),
    path("<slug:slug>/themes/<int:pk>/actions/", views_plan.plan_theme_actions,
         name="theme_actions"),
    path("<slug:slug>/year-end/", views_manage.plan_year_end, name="year_end"),
    path("<slug:slug>/", views_plan.plan_detail, name="detail"),  # the catch-all comes last
]

"""/plans/: the plans and the indicator and risk registers. The root URLconf serves
these in the ``plans`` namespace together with the pages higher apps add under
/plans/ (sources, the plan page)."""

from django.urls import path

from . import views, views_import, views_plans, views_registers

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views_plans.plan_new, name="new"),
    path("indicators/", views_registers.indicator_list, name="indicators"),
    path("indicators/new/", views_registers.indicator_edit, name="indicator_new"),
    path("indicators/<int:pk>/", views_registers.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views_registers.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/", views_registers.indicator_values, name="indicator_values"),
    path("indicators/import/", views_import.indicator_import, name="indicator_import"),
    path("indicators/import/template.xlsx", views_import.indicator_import_template,
         name="indicator_import_template"),
    path("indicators/import/<str:token>/", views_import.indicator_import_preview,
         name="indicator_import_preview"),
    path("risks/", views_registers.risk_list, name="risks"),
    path("risks/new/", views_registers.risk_edit, name="risk_new"),
    path("risks/scoring/", views_registers.risk_scoring, name="risk_scoring"),
    path("risks/<int:pk>/", views_registers.risk_detail, name="risk"),
    path("risks/<int:pk>/edit/", views_registers.risk_edit, name="risk_edit"),
    path("risks/import/", views_import.risk_import, name="risk_import"),
    path("risks/import/template.xlsx", views_import.risk_import_template,
         name="risk_import_template"),
    path("risks/import/<str:token>/", views_import.risk_import_preview, name="risk_import_preview"),
    path("<slug:slug>/edit/", views_plans.plan_edit, name="edit"),
    path("<slug:slug>/make-live/", views_plans.plan_make_live, name="make_live"),
    path("<slug:slug>/archive/", views_plans.plan_archive, name="archive"),
]

from django.urls import path

from . import views, views_registers, views_sources

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("indicators/", views_registers.indicator_list, name="indicators"),
    path("indicators/new/", views_registers.indicator_edit, name="indicator_new"),
    path("indicators/<int:pk>/edit/", views_registers.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/", views_registers.indicator_values, name="indicator_values"),
    path("risks/", views_registers.risk_list, name="risks"),
    path("risks/new/", views_registers.risk_edit, name="risk_new"),
    path("risks/<int:pk>/", views_registers.risk_detail, name="risk"),
    path("risks/<int:pk>/edit/", views_registers.risk_edit, name="risk_edit"),
    path("sources/", views_sources.source_list, name="sources"),
    path("sources/new/", views_sources.source_edit, name="source_new"),
    path("sources/<int:pk>/", views_sources.source_detail, name="source"),
    path("sources/<int:pk>/pdf/", views_sources.source_pdf, name="source_pdf"),
    path("sources/<int:pk>/edit/", views_sources.source_edit, name="source_edit"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
]

"""The papers: quarterly report, work plans, the Business Plan document."""

from django.urls import path

from . import views

urlpatterns = [
    path("quarterly/", views.quarterly, name="quarterly"),
    path("quarterly/themes/<int:pk>/actions/", views.quarterly_theme_actions,
         name="quarterly_theme_actions"),
    path("quarterly/parts/<slug:name>/", views.quarterly_part, name="quarterly_part"),
    path("quarterly/pdf/", views.quarterly_pdf, name="quarterly_pdf"),
    path("papers/jobs/<int:pk>/", views.paper_job, name="paper_job"),
    path("papers/jobs/<int:pk>/file/", views.paper_job_file, name="paper_job_file"),
    path("quarterly/docx/", views.quarterly_docx, name="quarterly_docx"),
    path("quarterly/commentary/", views.quarter_commentary, name="quarter_commentary"),
    path("plan/<slug:slug>/", views.business_plan, name="business_plan"),
    path("plan/<slug:slug>/pdf/", views.business_plan_pdf, name="business_plan_pdf"),
    path("plan/<slug:slug>/layout/", views.plan_layout, name="plan_layout"),
    path("plan/<slug:slug>/docx/", views.business_plan_docx, name="business_plan_docx"),
    path("workplan/<slug:slug>/", views.workplan, name="workplan"),
    path("workplan/<slug:slug>/pdf/", views.workplan_pdf, name="workplan_pdf"),
    path("workplan/<slug:slug>/docx/", views.workplan_docx, name="workplan_docx"),
    path("annual/<int:year>/docx/", views.annual_docx, name="annual_docx"),
]

"""The annual report."""

from django.urls import path

from reporting.papers import views as papers

from . import views, views_sections, views_signoff

urlpatterns = [
    path("annual/", views.annual_list, name="annual"),
    path("annual/start/", views.annual_start, name="annual_start"),
    path("annual/jobs/<int:pk>/", views.annual_job, name="annual_job"),
    path("annual/jobs/<int:pk>/file/", views.annual_job_file, name="annual_job_file"),
    path("annual/<int:year>/", views.annual_edit, name="annual_edit"),
    path("annual/<int:year>/sections/add/", views_sections.annual_section_add,
         name="annual_section_add"),
    path("annual/<int:year>/template/", views_sections.annual_template, name="annual_template"),
    path("annual/<int:year>/sections/<str:key>/", views.annual_section, name="annual_section"),
    path("annual/<int:year>/sections/<str:key>/move/", views_sections.annual_section_move,
         name="annual_section_move"),
    path("annual/<int:year>/sections/<str:key>/remove/", views_sections.annual_section_remove,
         name="annual_section_remove"),
    path("annual/<int:year>/signatories/add/", views_sections.annual_signatory,
         name="annual_signatory_add"),
    path("annual/<int:year>/signatories/partners/", views_sections.annual_signatories_partners,
         name="annual_signatories_partners"),
    path("annual/<int:year>/signatories/<int:pk>/", views_sections.annual_signatory,
         name="annual_signatory"),
    path("annual/<int:year>/groups/<slug:slug>/", views.annual_group, name="annual_group"),
    path("annual/<int:year>/budget/", views.annual_budget, name="annual_budget"),
    path("annual/<int:year>/preview/", papers.annual_preview, name="annual_preview"),
    path("annual/<int:year>/pdf/", views.annual_pdf, name="annual_pdf"),
    path("annual/<int:year>/approve/", views_signoff.annual_approve, name="annual_approve"),
    path("annual/<int:year>/reopen/", views_signoff.annual_reopen, name="annual_reopen"),
    path("annual/<int:year>/approved.pdf", views_signoff.annual_approved_file,
         name="annual_approved"),
    path("annual/<int:year>/approvals/<int:pk>.pdf", views_signoff.annual_approval_file,
         name="annual_approval_pdf"),
]

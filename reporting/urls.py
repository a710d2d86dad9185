from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("", views.index, name="index"),
    path("quarterly/", views.quarterly, name="quarterly"),
    path("quarterly/pdf/", views.quarterly_pdf, name="quarterly_pdf"),
]

from . import views_planner  # noqa: E402

urlpatterns += [
    path("planner/", views_planner.planner, name="planner"),
    path("planner/year/", views_planner.planner_year_view, name="planner_year"),
    path("planner/new/", views_planner.item_edit, name="planner_new"),
    path("planner/<int:pk>/edit/", views_planner.item_edit, name="planner_edit"),
    path("planner/<int:pk>/due/<str:due>/", views_planner.receipt_edit, name="receipt"),
    path("planner/receipts/<int:pk>/file/", views_planner.receipt_file, name="receipt_file"),
]

from . import views_calendar  # noqa: E402

urlpatterns += [
    path("calendar/", views_calendar.calendar_settings, name="calendar"),
    path("calendar/reset/", views_calendar.calendar_reset, name="calendar_reset"),
    path("calendar/revoke/", views_calendar.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]

urlpatterns += [
    path("plan/<slug:slug>/", views.business_plan, name="business_plan"),
    path("plan/<slug:slug>/pdf/", views.business_plan_pdf, name="business_plan_pdf"),
    path("workplan/<slug:slug>/", views.workplan, name="workplan"),
    path("workplan/<slug:slug>/pdf/", views.workplan_pdf, name="workplan_pdf"),
]

from . import views_challenges  # noqa: E402

urlpatterns += [
    path("challenges/", views_challenges.challenge_list, name="challenges"),
    path("challenges/new/", views_challenges.challenge_edit, name="challenge_new"),
    path("challenges/<int:pk>/edit/", views_challenges.challenge_edit, name="challenge_edit"),
]

from . import views_section11  # noqa: E402

urlpatterns += [
    path("section11/", views_section11.round_list, name="s11"),
    path("section11/new/", views_section11.round_new, name="s11_new"),
    path("section11/standards/new/", views_section11.standard_edit, name="s11_standard_new"),
    path("section11/standards/<int:pk>/edit/", views_section11.standard_edit,
         name="s11_standard_edit"),
    path("section11/<int:pk>/", views_section11.round_detail, name="s11_round"),
    path("section11/<int:pk>/agency/<int:agency_pk>/", views_section11.return_edit,
         name="s11_return"),
]

from . import views_annual  # noqa: E402

urlpatterns += [
    path("annual/", views_annual.annual_list, name="annual"),
    path("annual/start/", views_annual.annual_start, name="annual_start"),
    path("annual/jobs/<int:pk>/", views_annual.annual_job, name="annual_job"),
    path("annual/jobs/<int:pk>/file/", views_annual.annual_job_file, name="annual_job_file"),
    path("annual/<int:year>/", views_annual.annual_edit, name="annual_edit"),
    path("annual/<int:year>/sections/<str:key>/", views_annual.annual_section,
         name="annual_section"),
    path("annual/<int:year>/groups/<slug:slug>/", views_annual.annual_group, name="annual_group"),
    path("annual/<int:year>/budget/", views_annual.annual_budget, name="annual_budget"),
    path("annual/<int:year>/preview/", views_annual.annual_preview, name="annual_preview"),
    path("annual/<int:year>/pdf/", views_annual.annual_pdf, name="annual_pdf"),
    path("annual/<int:year>/approve/", views_annual.annual_approve, name="annual_approve"),
    path("annual/<int:year>/approved.pdf", views_annual.annual_approved_file,
         name="annual_approved"),
]

from . import views_agency  # noqa: E402

urlpatterns += [
    path("agencies/", views_agency.agency_list, name="agencies"),
    path("agencies/<int:pk>/", views_agency.agency_detail, name="agency"),
    path("agencies/<int:pk>/pdf/", views_agency.agency_pdf, name="agency_pdf"),
    path("export/board.zip", views_agency.board_archive, name="board_archive"),
    path("export/<slug:name>.<str:fmt>", views_agency.data_table, name="data_table"),
]

from . import views_snapshots  # noqa: E402

urlpatterns += [
    path("quarters/", views_snapshots.quarter_list, name="quarters"),
    path("quarters/close/", views_snapshots.quarter_close, name="quarter_close"),
    path("quarters/compare/", views_snapshots.quarter_compare, name="quarter_compare"),
    path("quarters/<int:pk>/pdf/", views_snapshots.quarter_pdf, name="quarter_pdf"),
]

from . import views_docx  # noqa: E402

urlpatterns += [
    path("quarterly/docx/", views_docx.quarterly_docx, name="quarterly_docx"),
    path("annual/<int:year>/docx/", views_docx.annual_docx, name="annual_docx"),
]

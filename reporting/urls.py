"""/reports/: each concern keeps its own URL list in its package."""

from django.urls import path

from . import dashboard
from .agencies import urls as agencies
from .annual import urls as annual
from .challenges import urls as challenges
from .exports import urls as exports
from .papers import urls as papers
from .planner import urls as planner
from .quarters import urls as quarters
from .reminders import urls as reminders
from .section11 import urls as section11

app_name = "reporting"
urlpatterns = [
    path("", dashboard.index, name="index"),
    *papers.urlpatterns,
    *planner.urlpatterns,
    *reminders.urlpatterns,
    *challenges.urlpatterns,
    *section11.urlpatterns,
    *annual.urlpatterns,
    *agencies.urlpatterns,
    *exports.urlpatterns,
    *quarters.urlpatterns,
]

"""The root URLconf: the one place that knows every app. A URL prefix can be served by
several apps (pages that show a higher app's records live in that higher app), so
the plans and subgroups namespaces are put together here."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from actions import urls as actions_urls
from plans import urls as plans_urls
from reporting import dashboard
from reporting.groups import urls as groups_urls
from reporting.sources import urls as sources_urls
from subgroups import board_urls as people_urls
from subgroups import urls as subgroups_urls

from . import board_urls, two_factor, views, views_board


def served_together(namespace, *pattern_lists):
    """One namespace whose pages come from several apps, matched in the order given
    (so a catch-all ``<slug>/`` comes last)."""
    return include(([pattern for patterns in pattern_lists for pattern in patterns], namespace))


urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/recovery-codes/", two_factor.two_factor_recovery,
         name="two_factor_recovery"),
    path("accounts/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("boards/switch/", views.switch_board, name="switch_board"),
    path("boards/new/", views_board.board_new, name="board_new"),
    path("board/", served_together("board", board_urls.urlpatterns, people_urls.urlpatterns)),
    path("health/", views.health, name="health"),
    path("plans/", served_together("plans", plans_urls.urlpatterns, sources_urls.urlpatterns,
                                   actions_urls.plan_urlpatterns)),
    path("actions/", include("actions.urls")),
    path("subgroups/", served_together("subgroups", subgroups_urls.urlpatterns,
                                       groups_urls.urlpatterns)),
    path("reports/", include("reporting.urls")),
    path("reviews/", include("reporting.reviews.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served as public URLs: views check the board first.
handler403 = "lscb.views.permission_denied"

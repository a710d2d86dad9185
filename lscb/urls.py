from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from reporting import views as reporting_views

from . import two_factor, views

urlpatterns = [
    path("", reporting_views.dashboard, name="dashboard"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/setup/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/recovery-codes/", two_factor.two_factor_recovery,
         name="two_factor_recovery"),
    path("boards/switch/", views.switch_board, name="switch_board"),
    path("health/", views.health, name="health"),
    path("plans/", include("plans.urls")),
    path("actions/", include("actions.urls")),
    path("subgroups/", include("subgroups.urls")),
    path("reports/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]

# Uploaded files are never served as public URLs: views check the board first.
handler403 = "lscb.views.permission_denied"

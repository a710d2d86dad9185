from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from .faults import RETRY_AFTER_SECONDS
from .lookups import lookup_value
from .middleware import SESSION_KEY
from .models import BoardUser
from .security import log_event, log_refusal
from .two_factor import after_sign_in


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        # managers and chairs go on to confirm it is them with their authenticator code
        return after_sign_in(self.request, super().form_valid(form))


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password: the current one first, then a new one under the same
    rules as everywhere (12 characters or more, not a common password, not like the
    user's name). This session stays signed in; the user's other sessions end. Each
    change and each wrong current password goes to the security log, and five wrong
    current passwords in a row sign the session out."""

    template_name = "registration/password_change.html"
    success_url = reverse_lazy("dashboard")
    http_method_names = ["get", "post", "head", "options"]
    WRONG_KEY, MAX_WRONG = "password_change_wrong", 5

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session.pop(self.WRONG_KEY, None)
        log_event(self.request, "password changed")
        messages.success(self.request, "Your password has been changed.")
        return response

    def form_invalid(self, form):
        if "old_password" in form.errors:
            wrong = self.request.session.get(self.WRONG_KEY, 0) + 1
            self.request.session[self.WRONG_KEY] = wrong
            log_event(self.request, "password change refused", reason="current password wrong",
                      attempt=wrong)
            if wrong >= self.MAX_WRONG:
                log_event(self.request, "signed out after wrong current passwords")
                logout(self.request)
                return redirect("login")
        return super().form_invalid(form)


@require_POST
def switch_board(request):
    """Make another of the user's boards the current one."""
    membership = get_object_or_404(
        BoardUser, user=request.user, board__slug=lookup_value(request.POST.get("board"))
    )
    request.session[SESSION_KEY] = membership.board_id
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)


@login_not_required
@require_safe
def health(request):
    """For load balancers: answers without signing in and checks the database
    (503 while the database cannot be reached)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse("database unavailable", content_type="text/plain", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok", content_type="text/plain")


def permission_denied(request, exception=None):
    """403 page; each refusal is logged."""
    log_refusal(request, str(exception) if exception else "forbidden")
    message = str(exception) if exception and str(exception) else None
    return render(request, "403.html", {"message": message}, status=403)

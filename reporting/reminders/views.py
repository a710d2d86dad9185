import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from lscb.access import board_required
from lscb.lookups import lookup_value
from lscb.models import BoardUser
from reporting.models import CalendarFeed
from reporting.reminders.calendar import build_calendar


@board_required
@require_safe
def calendar_settings(request):
    feed = CalendarFeed.objects.filter(board=request.board, user=request.user).first()
    url = request.build_absolute_uri(f"/reports/calendar/{feed.token}.ics") if feed else None
    return render(request, "reporting/calendar.html", {"feed": feed, "feed_url": url})


@require_POST
@board_required
def calendar_reset(request):
    """Create the secret link, or replace it (the old one stops working at once)."""
    CalendarFeed.objects.update_or_create(
        board=request.board, user=request.user, defaults={"token": secrets.token_urlsafe(32)}
    )
    messages.success(request, "Your calendar link is ready. Any earlier link no longer works.")
    return redirect("reporting:calendar")


@require_POST
@board_required
def calendar_revoke(request):
    CalendarFeed.objects.filter(board=request.board, user=request.user).delete()
    messages.success(request, "Your calendar link has been switched off.")
    return redirect("reporting:calendar")


@login_not_required
@require_safe
def calendar_feed(request, token):
    """The feed itself: the secret token is the credential (calendar apps cannot sign in)."""
    feed = CalendarFeed.objects.filter(token=lookup_value(token)).select_related("board", "user").first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar")
    membership = BoardUser.objects.filter(board=feed.board, user=feed.user).first()
    if membership is None:
        raise Http404("No such calendar")
    body = build_calendar(feed.board, feed.user, membership.role, timezone.localdate(),
                          request.build_absolute_uri("/").rstrip("/"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response

"""The people of a board and their roles (/board/people/): add someone (an existing
account is attached; a new one gets a one-time link to set its password), change a
role and the groups they lead, remove someone. A board always keeps a business manager."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lscb.models import BoardUser, Role

from .models import Subgroup

LAST_MANAGER = "The board must keep a business manager: make someone else business manager first."


class LastManager(Exception):
    pass


def people(board):
    """The board's memberships, each with ``led`` (the groups of this board the user leads)."""
    memberships = list(BoardUser.objects.filter(board=board).select_related("user")
                       .order_by("user__last_name", "user__first_name", "user__username"))
    led = {}
    for group in Subgroup.objects.for_board(board).prefetch_related("leads").order_by("name"):
        for user in group.leads.all():
            led.setdefault(user.pk, []).append(group)
    for membership in memberships:
        membership.led = led.get(membership.user_id, [])
    return memberships


def accounts_with_email(email):
    """The accounts this address names (as their e-mail or as their username)."""
    return list(get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))[:2])


def set_led_groups(board, user, groups):
    """The user leads exactly ``groups`` among this board's groups (other boards untouched)."""
    through = Subgroup.leads.through
    through.objects.filter(subgroup__board=board, user=user).exclude(
        subgroup__in=groups).delete()
    for group in groups:
        group.leads.add(user)


def _new_account(name, email):
    """The whole name goes in ``first_name``: names do not split reliably into first and
    last ("Mary Ann de Souza"), and ``get_full_name()`` reads it back whole."""
    user = get_user_model()(username=email.lower()[:150], email=email, first_name=name.strip())
    user.set_unusable_password()
    user.save()
    return user


def set_password_link(user, base_url):
    """A link to set a password that works once (it depends on the password it replaces)
    and expires after PASSWORD_RESET_TIMEOUT: Django's password-reset machinery."""
    path = reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user)})
    return f"{base_url}{path}"


def send_set_password_link(user, board, base_url, sender=None):
    context = {"user": user, "board": board, "link": set_password_link(user, base_url),
               "sender": sender, "days": max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)}
    body = render_to_string("registration/set_password_email.txt", context)
    send_mail(f"{board.short_name}: set your password for LSCB Planner", body,
              settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def add_person(board, *, name, email, role, groups, base_url, sender=None, agency=None):
    """(membership, new account?). The e-mail goes only once the records are saved."""
    found = accounts_with_email(email)
    user = found[0] if found else _new_account(name, email)
    membership = BoardUser.objects.create(board=board, user=user, role=role, agency=agency)
    set_led_groups(board, user, groups)
    if not found:
        transaction.on_commit(lambda: send_set_password_link(user, board, base_url, sender))
    return membership, not found


def _is_last_manager(membership):
    """Whether this is the board's only business manager, read under a lock on the board's
    managers so that two managers demoting each other at once cannot both succeed."""
    managers = list(BoardUser.objects.select_for_update().filter(board=membership.board_id,
                                                                 role=Role.MANAGER))
    return [m.pk for m in managers] == [membership.pk]


@transaction.atomic
def change_role(membership, role, groups, agency=None):
    if role != Role.MANAGER and _is_last_manager(membership):
        raise LastManager(LAST_MANAGER)
    agency = agency if role == Role.AGENCY_REP else None
    BoardUser.objects.filter(pk=membership.pk).update(role=role, agency=agency)
    membership.role, membership.agency = role, agency
    set_led_groups(membership.board, membership.user, groups)
    return membership


@transaction.atomic
def remove_person(membership):
    """Their account stays (and their past updates keep their name); they leave this board."""
    if _is_last_manager(membership):
        raise LastManager(LAST_MANAGER)
    set_led_groups(membership.board, membership.user, [])
    membership.delete()

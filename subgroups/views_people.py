"""People at /board/people/ (the business manager): who is on the board with which role,
and the groups each leads. Accounts themselves stay with administrators in /admin/."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from lscb import once
from lscb.access import get_for_board, manager_required
from lscb.editing import takes_form
from lscb.models import BoardUser

from . import people
from .people_forms import PersonForm, RoleForm


def _membership(request, pk):
    return get_for_board(request, BoardUser.objects.select_related("user", "board"), pk=pk)


def _name(user):
    return user.get_full_name() or user.get_username()


@manager_required
@require_safe
def people_list(request):
    return render(request, "subgroups/people.html", {"people": people.people(request.board)})


@takes_form
@manager_required
def person_new(request):
    if answered := once.replayed(request):  # the same form again: one person, one e-mail
        return answered
    form = PersonForm(request.POST or None, board=request.board)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def add():
            membership, new = people.add_person(
                request.board, name=data["name"], email=data["email"], role=data["role"],
                groups=list(data["groups"]), base_url=request.build_absolute_uri("/").rstrip("/"),
                sender=request.user, agency=data["agency"])
            membership.is_new_account = new
            return membership

        def message(membership):
            if membership.is_new_account:
                return (f"{_name(membership.user)} added. We have e-mailed "
                        f"{membership.user.email} a link to set their password.")
            return f"{_name(membership.user)} already had an account and is now on the board."

        return once.save_once(request, add, done="board:people", saved=message)
    return render(request, "subgroups/person_form.html", {"form": form})


@takes_form
@manager_required
def person_edit(request, pk):
    membership = _membership(request, pk)
    led = [g.pk for g in membership.user.led_subgroups.filter(board=request.board)]
    form = RoleForm(request.POST or None, board=request.board,
                    initial={"role": membership.role, "groups": led,
                             "agency": membership.agency_id})
    if request.method == "POST" and form.is_valid():
        try:
            people.change_role(membership, form.cleaned_data["role"],
                               list(form.cleaned_data["groups"]), form.cleaned_data["agency"])
        except people.LastManager as error:
            form.add_error("role", str(error))
        else:
            messages.success(request, f"{_name(membership.user)} is now "
                                      f"{membership.get_role_display().lower()}.")
            return redirect("board:people")
    return render(request, "subgroups/person_form.html", {
        "form": form, "membership": membership,
        "awaiting_password": not membership.user.has_usable_password()})


@takes_form
@manager_required
def person_remove(request, pk):
    """GET asks for confirmation; POST removes them from the board."""
    membership = _membership(request, pk)
    error = None
    if request.method == "POST":
        try:
            people.remove_person(membership)
        except people.LastManager as refused:
            error = str(refused)
        else:
            messages.success(request, f"{_name(membership.user)} is no longer on the board. "
                                      "Their past updates keep their name.")
            return redirect("board:people" if membership.user != request.user else "dashboard")
    return render(request, "subgroups/person_remove.html",
                  {"membership": membership, "error": error}, status=400 if error else 200)


@require_POST
@manager_required
def person_send_link(request, pk):
    """A new set-password link for someone who has not set their password yet."""
    membership = _membership(request, pk)
    user = membership.user
    if user.has_usable_password() or not user.email:
        messages.error(request, f"{_name(user)} has already set a password.")
    else:
        people.send_set_password_link(user, request.board,
                                      request.build_absolute_uri("/").rstrip("/"), request.user)
        messages.success(request, f"A new link to set a password has gone to {user.email}.")
    return redirect("board:person_edit", pk=membership.pk)

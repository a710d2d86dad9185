"""Edits that must not overwrite or rewrite what others wrote: the edit lock needs its
version (L3), updates have a date floor, and an update added in the admin is credited
to whoever added it, with a line in the security log."""

import logging

import pytest
from django.urls import reverse

from actions.forms import ActionForm
from actions.models import ProgressUpdate

from .. import factories as f
from ..test_tracking import edit_data


@pytest.mark.parametrize("version", [None, "", "0", "-1"])
def test_an_edit_without_its_version_overwrites_nothing(login, users, own_action, version):
    """Someone saved (version 2) while this form was open; the form is sent without the
    version it started from: nothing is saved and the user is told why."""
    client = login(users["manager"])
    assert client.post(reverse("actions:edit", args=[own_action.pk]),
                       edit_data(own_action, description="Their edit")).status_code == 302
    data = edit_data(own_action, description="Blind overwrite")
    if version is None:
        del data["version"]
    else:
        data["version"] = version
    response = client.post(reverse("actions:edit", args=[own_action.pk]), data)
    assert response.status_code == 200
    assert ActionForm.STALE in response.content.decode()
    own_action.refresh_from_db()
    assert own_action.description == "Their edit" and own_action.version == 2


def test_an_edit_with_its_version_saves(login, users, own_action):
    response = login(users["chair"]).post(reverse("actions:edit", args=[own_action.pk]),
                                          edit_data(own_action, description="Mine"))
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert own_action.description == "Mine"


@pytest.mark.parametrize("date, saved", [
    ("0001-01-01", False), ("1999-12-31", False),
    ("2015-03-31", False),  # the day before the plan (2015-18) began
    ("2015-04-01", True),  # back-dated by the business manager, with a reason
])
def test_updates_have_a_date_floor(login, users, own_action, date, saved):
    response = login(users["manager"]).post(
        reverse("actions:post_update", args=[own_action.pk]),
        {"rag": "green", "date": date, "narrative": "x", "backdate_reason": "Found in minutes"})
    assert own_action.updates.exists() is saved
    if not saved:
        assert response.status_code == 200
        assert "Choose a date within the plan’s period" in response.content.decode()


def test_the_floor_holds_in_the_admin_and_the_update_is_the_admins(client, own_action, users,
                                                                   caplog):
    admin = f.make_user("root", is_staff=True, is_superuser=True, first_name="Sys",
                        last_name="Admin")
    client.force_login(admin)
    url = reverse("admin:actions_progressupdate_add")
    early = client.post(url, {"action": own_action.pk, "date": "0001-01-01", "rag": "green",
                              "narrative": "old"})
    assert early.status_code == 200 and not ProgressUpdate.objects.exists()
    with caplog.at_level(logging.INFO, logger="lscb.security"):
        added = client.post(url, {"action": own_action.pk, "date": "2015-09-01", "rag": "red",
                                  "narrative": "Posted for the chair", "author": users["chair"].pk,
                                  "author_name": "Chair of L&I"})
    assert added.status_code == 302
    update = ProgressUpdate.objects.get()
    assert update.author == admin and update.author_name == "Sys Admin"
    assert f"admin added a progress update user=root ip=127.0.0.1 action={own_action.pk}" in caplog.text

"""People at /board/people/: the business manager adds people (a new account gets a
one-time link to set its password), changes roles and led groups, and removes people;
the board always keeps a business manager."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from lscb.models import BoardUser, Role
from subgroups import people

from . import factories as f

User = get_user_model()


def add(client, **data):
    data = {"name": "Sam Taylor", "email": "sam@example.org", "role": "chair", **data}
    return client.post(reverse("board:person_new"), data)


def link_in(message):
    return re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)


def test_the_list_shows_roles_and_led_groups(login, users, groups):
    page = login(users["manager"]).get(reverse("board:people")).content.decode()
    assert "Subgroup chair / lead" in page and "Learning and Improvement" in page
    assert "robin" not in page and "outsider" not in page  # only this board's people


def test_a_new_person_gets_an_account_and_a_one_time_link_to_set_a_password(
        login, users, groups, client, django_capture_on_commit_callbacks):
    manager = login(users["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = add(manager, groups=[groups["other"].pk])
    assert response.status_code == 302
    sam = User.objects.get(email="sam@example.org")
    assert sam.get_full_name() == "Sam Taylor" and not sam.has_usable_password()
    assert BoardUser.objects.get(user=sam).role == Role.CHAIR
    assert list(sam.led_subgroups.all()) == [groups["other"]]
    (message,) = mail.outbox
    assert message.to == ["sam@example.org"] and "North LSCB" in message.subject
    link = link_in(message)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    bad = client.post(set_url, {"new_password1": "a-long-passphrase-1", "new_password2": "other"})
    assert bad.status_code == 200 and bad.context["form"].errors["new_password2"]
    done = client.post(set_url, {"new_password1": "a-long-passphrase-1",
                                 "new_password2": "a-long-passphrase-1"})
    assert done.status_code == 302
    sam.refresh_from_db()
    assert sam.check_password("a-long-passphrase-1")
    again = client.get(link, follow=True)
    assert not again.context["validlink"]  # the link works once


def test_the_link_expires(users, board, settings, monkeypatch):
    sam = f.make_user("sam", email="sam@example.org")
    link = people.set_password_link(sam, "")
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert default_token_generator.check_token(sam, token)
    later = dt.datetime.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    assert not default_token_generator.check_token(sam, token)


def test_nothing_is_sent_when_the_save_fails(users, board, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            people.add_person(board, name="Sam", email="sam@example.org", role=Role.VIEWER,
                              groups=[], base_url="")
            raise RuntimeError("the rest of the save failed")
    assert mail.outbox == [] and not User.objects.filter(email="sam@example.org").exists()


def test_an_existing_account_is_attached_without_an_email(login, users, other_board,
                                                          django_capture_on_commit_callbacks):
    outsider = users["outsider"]
    outsider.email = "Out@Example.org"
    outsider.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = add(login(users["manager"]), email="out@example.org", role="viewer")
    assert response.status_code == 302 and mail.outbox == []
    assert BoardUser.objects.filter(user=outsider).count() == 2
    assert User.objects.filter(email__iexact="out@example.org").count() == 1


@pytest.mark.parametrize("data, field", [
    ({"email": "viewer-address"}, "email"),
    ({"name": ""}, "name"),
    ({"role": "owner"}, "role"),
    ({"groups": ["999999"]}, "groups"),
])
def test_bad_input_gets_field_errors_and_adds_no_one(login, users, data, field):
    response = add(login(users["manager"]), **data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert not User.objects.filter(email="sam@example.org").exists()


def test_someone_already_on_the_board_is_not_added_twice(login, users):
    users["viewer"].email = "vic@example.org"
    users["viewer"].save()
    response = add(login(users["manager"]), email="vic@example.org")
    assert "already on the board" in response.context["form"].errors["email"][0]


def test_another_boards_group_cannot_be_led(login, users, other_board):
    theirs = f.make_subgroup(other_board, "Their group")
    response = add(login(users["manager"]), groups=[theirs.pk])
    assert "groups" in response.context["form"].errors


def test_changing_a_role_and_the_groups_led(login, users, groups):
    membership = BoardUser.objects.get(user=users["chair"])
    response = login(users["manager"]).post(
        reverse("board:person_edit", args=[membership.pk]),
        {"role": "viewer", "groups": [groups["other"].pk]})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    assert list(users["chair"].led_subgroups.all()) == [groups["other"]]


def test_the_last_business_manager_cannot_be_demoted_or_removed(login, users):
    membership = BoardUser.objects.get(user=users["manager"])
    client = login(users["manager"])
    response = client.post(reverse("board:person_edit", args=[membership.pk]), {"role": "viewer"})
    assert response.status_code == 200
    assert "must keep a business manager" in response.context["form"].errors["role"][0]
    response = client.post(reverse("board:person_remove", args=[membership.pk]))
    assert response.status_code == 400 and "must keep a business manager" in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.MANAGER


def test_with_two_managers_one_may_step_down(login, users, board):
    second = f.make_user("deputy", board, Role.MANAGER)
    membership = BoardUser.objects.get(user=users["manager"])
    client = login(second)
    assert client.post(reverse("board:person_edit", args=[membership.pk]),
                       {"role": "viewer"}).status_code == 302
    with pytest.raises(people.LastManager):
        people.change_role(BoardUser.objects.get(user=second), Role.VIEWER, [])


def test_removing_someone_keeps_their_name_on_past_updates(login, users, groups, own_action):
    f.make_update(own_action, "green", dt.date(2015, 9, 1), "All good", author=users["chair"])
    users["chair"].first_name, users["chair"].last_name = "Casey", "Chair"
    users["chair"].save()
    membership = BoardUser.objects.get(user=users["chair"])
    client = login(users["manager"])
    confirm = client.get(reverse("board:person_remove", args=[membership.pk]))
    assert "keep their name" in confirm.content.decode()
    assert client.post(reverse("board:person_remove", args=[membership.pk])).status_code == 302
    assert not BoardUser.objects.filter(pk=membership.pk).exists()
    assert User.objects.filter(pk=users["chair"].pk).exists()
    assert not users["chair"].led_subgroups.exists()
    page = client.get(own_action.get_absolute_url()).content.decode()
    assert "chair" in page and "All good" in page


def test_a_new_link_only_for_someone_who_has_not_set_a_password(login, users, board):
    membership = BoardUser.objects.get(user=users["viewer"])
    client = login(users["manager"])
    url = reverse("board:person_send_link", args=[membership.pk])
    client.post(url)
    assert mail.outbox == []
    users["viewer"].email = "vic@example.org"
    users["viewer"].set_unusable_password()
    users["viewer"].save()
    page = client.get(reverse("board:person_edit", args=[membership.pk])).content.decode()
    assert "E-mail a new link" in page
    assert client.post(url).status_code == 302
    assert mail.outbox[0].to == ["vic@example.org"]

"""The one create/edit view (lscb.editing.edit) and the one board-scoped fetch
(lscb.access.get_for_board) that every register page uses."""

import pytest
from django.urls import reverse

from lscb.models import Challenge
from plans.models import Indicator

from . import factories as f


@pytest.fixture
def manager(login, users):
    return login(users["manager"])


def test_a_valid_post_saves_says_so_and_goes_on(manager, board):
    response = manager.post(reverse("plans:indicator_new"), {
        "name": "Children on a plan", "unit": "number", "polarity": "lower", "order": 1},
        follow=True)
    assert Indicator.objects.filter(board=board, name="Children on a plan").exists()
    assert "Indicator “Children on a plan” saved." in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plans:indicators")


def test_an_invalid_post_keeps_what_the_page_shows_of_the_record(manager, board):
    """Clearing a group's name must not turn its title and its links into what was
    typed (an empty slug could not even be linked to)."""
    group = f.make_subgroup(board, "Performance Group", slug="performance")
    response = manager.post(reverse("subgroups:edit", args=["performance"]), {
        "name": "", "short_name": "", "slug": "", "kind": group.kind,
        "functions-TOTAL_FORMS": "0", "functions-INITIAL_FORMS": "0"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Edit Performance Group" in page
    assert group.get_absolute_url() in page
    group.refresh_from_db()
    assert group.name == "Performance Group"


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_views_that_take_a_form_accept_only_get_and_post(manager, method):
    response = getattr(manager, method)(reverse("reporting:challenge_new"))
    assert response.status_code == 405
    assert not Challenge.objects.exists()


def test_another_boards_record_is_not_found(manager, other_board):
    theirs = Indicator.objects.create(board=other_board, name="Theirs")
    assert manager.get(reverse("plans:indicator_edit", args=[theirs.pk])).status_code == 404
    assert manager.get(reverse("plans:indicator_edit", args=[999999])).status_code == 404

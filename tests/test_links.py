"""lscb.links.id_url gives what reverse() gives, without a reverse() each."""

import pytest
from django.urls import reverse, set_script_prefix

from lscb.links import id_url


@pytest.mark.parametrize("name", ["actions:detail", "actions:post_update", "actions:edit"])
@pytest.mark.parametrize("pk", [1, 42, 987654321, 10**12])
def test_id_url_is_reverse(name, pk):
    assert id_url(name, pk) == reverse(name, args=[pk])


def test_id_url_follows_the_script_prefix():
    try:
        set_script_prefix("/planner/")
        assert id_url("actions:detail", 7) == reverse("actions:detail", args=[7]) == (
            "/planner/actions/7/")
    finally:
        set_script_prefix("/")
    assert id_url("actions:detail", 7) == "/actions/7/"


def test_an_id_that_is_not_a_number_is_reversed_as_usual():
    assert id_url("actions:detail", "7") == reverse("actions:detail", args=["7"])


@pytest.mark.parametrize("name", ["dashboard", "plans:list", "actions:list", "logout"])
def test_fixed_url_is_reverse(name):
    from lscb.links import fixed_url

    assert fixed_url(name) == reverse(name)
    try:
        set_script_prefix("/planner/")
        assert fixed_url(name) == reverse(name) and fixed_url(name).startswith("/planner/")
    finally:
        set_script_prefix("/")

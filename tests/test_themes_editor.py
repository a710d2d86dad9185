"""The themes editor at /plans/<slug>/themes/: add, rename, renumber, reorder with
buttons, sponsors and sub-sections; delete only an empty theme, merge one with actions;
action references follow renumbering only when asked, after a preview."""

import pytest
from django.urls import reverse

from actions.models import Action
from plans.models import Theme

from . import factories as f


@pytest.fixture
def themes(plan):
    """Themes 1, 2 (with sections 2.1 and 2.2) and 3; actions 1.1, 2.1.1, 2.4 and 3.1."""
    one = f.make_theme(plan, "1", "Leadership")
    two = f.make_theme(plan, "2", "Early Help")
    early = f.make_theme(plan, "2.1", "Early Help assessments", parent=two)
    later = f.make_theme(plan, "2.2", "Early Help outcomes", parent=two)
    three = f.make_theme(plan, "3", "Neglect")
    actions = {ref: f.make_action(theme, ref) for ref, theme in
               [("1.1", one), ("2.1.1", early), ("2.4", two), ("3.1", three)]}
    return {"1": one, "2": two, "2.1": early, "2.2": later, "3": three, "actions": actions}


def numbers(plan):
    return list(Theme.objects.filter(plan=plan).order_by("sort_key").values_list("number",
                                                                               "title"))


def url(name, plan, theme=None):
    return reverse(f"plans:{name}", args=[plan.slug] + ([theme.pk] if theme else []))


def test_the_editor_lists_themes_with_sections_after_their_theme(login, users, plan, themes):
    response = login(users["manager"]).get(url("themes", plan))
    order = [t.number for t in response.context["themes"]]
    assert order == ["1", "2", "2.1", "2.2", "3"]
    page = response.content.decode()
    assert page.count('name="direction" value="up"') == 3  # 2, 3 and 2.2 can move up
    assert "Merge<span" in page and "Delete<span" in page


def test_a_viewer_reads_the_themes_without_controls(login, users, plan, themes):
    page = login(users["viewer"]).get(url("themes", plan)).content.decode()
    assert "Early Help outcomes" in page and "Move up" not in page and "Add a theme" not in page


def test_adding_a_theme_suggests_the_next_number(login, users, plan, themes):
    client = login(users["manager"])
    assert client.get(url("theme_new", plan)).context["form"].initial["number"] == "4"
    page = client.get(url("theme_new", plan) + f"?parent={themes['2'].pk}")
    assert page.context["form"].initial["number"] == "2.3"
    sponsor = f.make_member(plan.board, "Dr Sponsor", board_role="member")
    response = client.post(url("theme_new", plan), {
        "number": "4", "title": "Child exploitation", "parent": "", "sponsor": sponsor.pk,
        "description": "CSE and CCE"})
    assert response.status_code == 302
    theme = Theme.objects.get(plan=plan, number="4")
    assert (theme.title, theme.sponsor, theme.board) == ("Child exploitation", sponsor, plan.board)


@pytest.mark.parametrize("data, field", [
    ({"number": "3"}, "number"),  # taken
    ({"number": "4 and 5"}, "number"),
    ({"number": "", "title": ""}, "title"),
    ({"number": "5.1", "parent": "PARENT"}, "number"),  # a section of 2 is numbered 2.x
])
def test_bad_theme_input_gets_field_errors(login, users, plan, themes, data, field):
    data = {"title": "T", "parent": "", "sponsor": "", "description": "", **data}
    if data["parent"] == "PARENT":
        data["parent"] = themes["2"].pk
    response = login(users["manager"]).post(url("theme_new", plan), data)
    assert response.status_code == 200 and field in response.context["form"].errors
    assert Theme.objects.filter(plan=plan).count() == 5


def test_a_sponsor_must_be_a_member_of_this_board(login, users, plan, themes, other_board):
    outsider = f.make_member(other_board, "Not ours")
    response = login(users["manager"]).post(url("theme_edit", plan, themes["1"]), {
        "number": "1", "title": "Leadership", "sponsor": outsider.pk, "parent": ""})
    assert "sponsor" in response.context["form"].errors


def test_renaming_and_renumbering_a_theme_moves_its_sections_not_its_actions(login, users, plan,
                                                                            themes):
    client = login(users["manager"])
    response = client.post(url("theme_edit", plan, themes["2"]), {
        "number": "5", "title": "Early Help and Prevention", "parent": "", "description": ""})
    assert response.status_code == 302
    assert numbers(plan) == [("1", "Leadership"), ("3", "Neglect"),
                             ("5", "Early Help and Prevention"), ("5.1", "Early Help assessments"),
                             ("5.2", "Early Help outcomes")]
    assert Action.objects.get(pk=themes["actions"]["2.4"].pk).reference == "2.4"
    page = client.get(url("themes", plan)).content.decode()
    assert "Changes to the themes" in page and "Number: “2” → “5”" in page


def test_moving_a_theme_swaps_numbers_with_its_neighbour_and_sections_follow(login, users, plan,
                                                                            themes):
    client = login(users["manager"])
    response = client.post(url("theme_move", plan, themes["2"]), {"direction": "down"})
    assert response["Location"].endswith(f"?moved={themes['2'].pk}&direction=down")
    assert numbers(plan) == [("1", "Leadership"), ("2", "Neglect"), ("3", "Early Help"),
                             ("3.1", "Early Help assessments"), ("3.2", "Early Help outcomes")]
    client.post(url("theme_move", plan, themes["2.2"]), {"direction": "up"})
    assert numbers(plan)[3:] == [("3.1", "Early Help outcomes"), ("3.2", "Early Help assessments")]
    page = client.get(response["Location"]).content.decode()
    assert "autofocus" in page  # focus stays on the moved theme's button


def test_the_first_theme_cannot_move_up(login, users, plan, themes):
    client = login(users["manager"])
    client.post(url("theme_move", plan, themes["1"]), {"direction": "up"})
    client.post(url("theme_move", plan, themes["1"]), {"direction": "sideways"})
    assert numbers(plan)[0] == ("1", "Leadership")


def test_action_references_follow_only_when_asked_after_a_preview(login, users, plan, themes):
    client = login(users["manager"])
    client.post(url("theme_move", plan, themes["2"]), {"direction": "down"})
    assert "3 action references no longer start" in client.get(url("themes", plan)).content.decode()
    preview = client.get(url("theme_references", plan))
    pairs = [(c.old, c.new) for c in preview.context["changes"]]
    assert pairs == [("2.1.1", "3.1.1"), ("2.4", "3.4"), ("3.1", "2.1")]
    assert Action.objects.get(pk=themes["actions"]["2.4"].pk).reference == "2.4"  # not yet
    response = client.post(url("theme_references", plan), {"preview": preview.context["preview"]})
    assert response.status_code == 302
    refs = {a.pk: a.reference for a in Action.objects.filter(plan=plan)}
    assert [refs[themes["actions"][r].pk] for r in ("1.1", "2.1.1", "2.4", "3.1")] == [
        "1.1", "3.1.1", "3.4", "2.1"]
    edited = Action.objects.get(pk=themes["actions"]["2.4"].pk)
    assert edited.version == 2 and edited.history.first().reference == "3.4"


def test_a_stale_preview_is_not_applied(login, users, plan, themes):
    client = login(users["manager"])
    client.post(url("theme_move", plan, themes["1"]), {"direction": "down"})
    preview = client.get(url("theme_references", plan)).context["preview"]
    client.post(url("theme_move", plan, themes["2"]), {"direction": "down"})  # 1 ↔ 3 now
    response = client.post(url("theme_references", plan), {"preview": preview})
    assert response.status_code == 302
    assert Action.objects.get(pk=themes["actions"]["1.1"].pk).reference == "1.1"


def test_a_clashing_reference_takes_the_next_free_number(login, users, plan, themes):
    theme = themes["3"]
    Action.objects.filter(pk=themes["actions"]["2.4"].pk).update(theme=theme)
    f.make_action(theme, "3.4")
    preview = login(users["manager"]).get(url("theme_references", plan)).context["changes"]
    assert [(c.old, c.new) for c in preview] == [("2.4", "3.5")]


def test_an_empty_theme_is_deleted_after_confirmation(login, users, plan, themes):
    client = login(users["manager"])
    assert "Delete the theme" in client.get(url("theme_delete", plan, themes["2.2"])).content.decode()
    client.post(url("theme_delete", plan, themes["2.2"]))
    assert not Theme.objects.filter(pk=themes["2.2"].pk).exists()


def test_a_theme_with_actions_or_sections_is_not_deleted(login, users, plan, themes):
    client = login(users["manager"])
    page = client.get(url("theme_delete", plan, themes["1"])).content.decode()
    assert "Merge it into another theme" in page and "Delete the theme" not in page
    for theme in (themes["1"], themes["2"]):
        client.post(url("theme_delete", plan, theme))
        assert Theme.objects.filter(pk=theme.pk).exists()


def test_merging_moves_the_actions_with_their_history_and_deletes_the_theme(login, users, plan,
                                                                           themes):
    action = themes["actions"]["3.1"]
    f.make_update(action, "amber")
    client = login(users["manager"])
    response = client.post(url("theme_merge", plan, themes["3"]), {"into": themes["1"].pk})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.theme == themes["1"] and action.updates.count() == 1
    assert not Theme.objects.filter(pk=themes["3"].pk).exists()
    refused = client.post(url("theme_merge", plan, themes["2"]), {"into": themes["1"].pk})
    assert refused.status_code == 200 and "sub-sections" in refused.content.decode()
    other = f.make_theme(f.make_plan(plan.board, slug="other"), "1")
    wrong = client.post(url("theme_merge", plan, themes["1"]), {"into": other.pk})
    assert "into" in wrong.context["form"].errors


def test_another_plans_theme_is_not_found_here(login, users, plan, themes, board):
    other = f.make_plan(board, slug="other")
    theme = f.make_theme(other, "9")
    client = login(users["manager"])
    assert client.get(url("theme_edit", plan, theme)).status_code == 404
    assert client.post(url("theme_move", plan, theme), {"direction": "up"}).status_code == 404

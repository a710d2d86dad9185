"""Everyday screens: the update panel's answers, the bulk update grid, the chair's
dashboard, contradictions, the top bar, and the one vocabulary (issue 19)."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import contradictions
from actions.models import Action, ProgressUpdate
from lscb import glossary
from lscb.once import FIELD

from . import factories as f

GRID = "/actions/update-grid/"

# updates are dated today: the plan must run to today (actions/dating.py)
pytestmark = pytest.mark.usefixtures("plan_through_today")
KEY = "k" * 24


def today():
    return timezone.localdate()


# --- contradictions ---------------------------------------------------------------------------

def test_contradictions_found_by_python_and_sql_alike(theme, groups):
    late_green = f.make_action(theme, "1.1", due=dt.date(2015, 12, 1))
    f.make_update(late_green, "green", today(), "On track")
    done_silent = f.make_action(theme, "1.2")
    f.make_update(done_silent, "complete", today(), "Done")
    stale = f.make_action(theme, "1.3", due=today() + dt.timedelta(days=400))
    f.make_update(stale, "amber", dt.date(2015, 9, 1), "Slipping")
    fine = f.make_action(theme, "1.4", due=today() + dt.timedelta(days=400))
    f.make_update(fine, "green", today(), "On track")
    listed = {a.reference: a for a in Action.objects.filter(plan=theme.plan).for_listing()}
    assert listed["1.1"].contradictions == ["Green but past due"]
    assert listed["1.2"].contradictions == ["Complete with no impact statement"]
    assert listed["1.3"].contradictions == ["No update for two quarters"]
    assert listed["1.4"].contradictions == []
    queryset = Action.objects.filter(plan=theme.plan).for_listing()
    for kind, reference in [(contradictions.GREEN_PAST_DUE, "1.1"),
                            (contradictions.COMPLETE_NO_IMPACT, "1.2"),
                            (contradictions.STALE, "1.3")]:
        found = queryset.filter(contradictions.condition(kind))
        assert [a.reference for a in found] == [reference]
    kinds, total = contradictions.counts(queryset)
    assert total == 3 and [n for _, _, n in kinds] == [1, 1, 1]


def test_contradiction_filter_and_flags_on_the_actions_table(login, users, theme, own_action):
    f.make_update(own_action, "green", today(), "On track")  # due 2015: green but past due
    other = f.make_action(theme, "1.2", due=today() + dt.timedelta(days=400))
    f.make_update(other, "green", today(), "On track")
    client = login(users["viewer"])
    body = client.get("/actions/?contradiction=green_past_due").content.decode()
    assert "1 action found" in body and "Green but past due" in body
    assert client.get("/actions/?contradiction=any").context["table"].paginator.count == 1
    assert client.get("/actions/?contradiction=nonsense").status_code == 200


def test_dashboard_counts_contradictions_with_links(login, users, own_action):
    f.make_update(own_action, "green", today(), "On track")
    body = login(users["manager"]).get("/").content.decode()
    assert "Ratings to check (1)" in body
    assert "contradiction=green_past_due" in body


# --- search ---------------------------------------------------------------------------------

def test_search_matches_owner_group_names_and_short_names(login, users, groups, own_action,
                                                          other_action):
    groups["other"].short_name = "CRG"
    groups["other"].save()
    client = login(users["viewer"])
    assert [a.pk for a in client.get("/actions/?q=learning").context["table"].data] == [
        own_action.pk]
    assert [a.pk for a in client.get("/actions/?q=crg").context["table"].data] == [
        other_action.pk]


# --- the update panel -----------------------------------------------------------------------

def test_panel_save_refreshes_rag_last_update_and_counts(login, users, own_action):
    client = login(users["chair"])
    url = reverse("actions:post_update", args=[own_action.pk])
    form = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "data-panel-close" in form and "data-impact-fields" in form  # Cancel; impact part
    response = client.post(url, {"rag": "green", "date": today().isoformat(),
                                 "narrative": "Fine"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'<span id="last-update-{own_action.pk}" hx-swap-oob="true">' \
           f'{today():%-d %b %Y}</span>' in body.replace(today().strftime("%d"), str(today().day)) \
        or today().strftime("%b %Y") in body
    event = json.loads(response["HX-Trigger"])["action-updated"]
    assert event == {"id": own_action.pk, "rag": "green", "thisQuarter": True, "closed": False}


def test_actions_table_always_carries_the_last_update_cell(login, users, own_action):
    body = login(users["manager"]).get("/actions/").content.decode()
    assert f'<span id="last-update-{own_action.pk}">—</span>' in body
    assert 'href="#actions-rows"' in body and 'id="actions-rows"' in body
    assert body.count('id="update-panel"') == 1  # one dialog per page, outside the rows


# --- the bulk update grid -------------------------------------------------------------------

def grid_post(client, key=KEY, query="", **rows):
    data = {FIELD: key}
    for action, values in rows.items():
        pk = int(action[1:])
        for name, value in values.items():
            data[f"a{pk}-{name}"] = value
        data.setdefault(f"a{pk}-date", today().isoformat())
    return client.post(GRID + query, data)


def test_grid_shows_chairs_only_their_groups_and_refuses_viewers(login, users, own_action,
                                                                 other_action):
    rows = login(users["chair"]).get(GRID).context["rows"]
    assert [row["action"].pk for row in rows] == [own_action.pk]
    manager_rows = login(users["manager"]).get(GRID).context["rows"]
    assert {row["action"].pk for row in manager_rows} == {own_action.pk, other_action.pk}
    assert login(users["viewer"]).get(GRID).status_code == 403


def test_grid_filters_by_group_and_no_update(login, users, groups, own_action, other_action):
    f.make_update(other_action, "green", today(), "Fine")
    client = login(users["manager"])
    rows = client.get(GRID, {"owner": groups["other"].pk}).context["rows"]
    assert [row["action"].pk for row in rows] == [other_action.pk]
    rows = client.get(GRID, {"no_update": "on"}).context["rows"]
    assert [row["action"].pk for row in rows] == [own_action.pk]


def test_grid_saves_valid_rows_and_keeps_invalid_ones_with_what_was_typed(
        login, users, own_action, other_action):
    client = login(users["manager"])
    response = grid_post(client, **{
        f"a{own_action.pk}": {"rag": "green", "narrative": "All fine"},
        f"a{other_action.pk}": {"rag": "red", "narrative": ""},  # red needs a narrative
    })
    assert response.status_code == 200
    body = response.content.decode()
    assert "1 update saved. 1 row could not be saved" in body
    assert "a narrative is required for Red" in body
    assert f'name="a{other_action.pk}-rag"' in body and 'value="red" selected' in body
    assert own_action.updates.get().narrative == "All fine"
    assert other_action.updates.count() == 0
    # the same form again (a double submit): nothing saved twice, the same rows answered
    again = grid_post(client, **{
        f"a{own_action.pk}": {"rag": "green", "narrative": "All fine"},
        f"a{other_action.pk}": {"rag": "red", "narrative": ""},
    })
    assert "1 update saved. 1 row could not be saved" in again.content.decode()
    assert own_action.updates.count() == 1
    # corrected, under the new key the page gave
    fixed = grid_post(client, key="n" * 24, **{
        f"a{other_action.pk}": {"rag": "red", "narrative": "Chair to escalate"}})
    assert fixed.status_code == 302
    assert other_action.updates.get().rag == "red"
    f.assert_latest_stored()


def test_grid_double_submit_of_a_valid_grid_saves_once(login, users, own_action):
    client = login(users["manager"])
    rows = {f"a{own_action.pk}": {"rag": "amber", "narrative": "Venue late"}}
    assert grid_post(client, **rows).status_code == 302
    assert grid_post(client, **rows).status_code == 302
    assert own_action.updates.count() == 1


def test_grid_skips_blank_rows_and_applies_completion_rules(login, users, own_action,
                                                            other_action):
    client = login(users["manager"])
    response = grid_post(client, **{f"a{own_action.pk}": {"rag": "complete",
                                                           "narrative": "Done"}})
    assert "before marking the action complete" in response.content.decode()
    response = grid_post(client, key="m" * 24, **{f"a{own_action.pk}": {
        "rag": "complete", "narrative": "Done", "impact_statement": "Staff refer same day"}})
    assert response.status_code == 302
    own_action.refresh_from_db()
    assert own_action.completed_on == today()
    assert own_action.impact_statement == "Staff refer same day"
    assert other_action.updates.count() == 0


def test_grid_refuses_a_chair_posting_for_another_group(login, users, other_action):
    client = login(users["chair"])
    grid_post(client, **{f"a{other_action.pk}": {"rag": "green", "narrative": "x"}})
    assert other_action.updates.count() == 0


# --- my work plan and the chair's dashboard ---------------------------------------------------

def test_my_work_plan_does_not_flag_completed_actions(login, users, theme, groups, own_action):
    done = f.make_action(theme, "1.5", owners=[groups["own"]])
    f.make_update(done, "complete", dt.date(2015, 9, 1), "Done")
    response = login(users["chair"]).get(reverse("actions:my_work_plan"))
    assert response.context["missing"] == 1
    body = response.content.decode()
    assert body.count("data-no-update-flag") == 1
    assert f'id="update-link-{own_action.pk}"' in body  # the panel, not only a link away


def test_chair_dashboard_shows_their_groups_and_switches_to_the_board(
        login, users, groups, own_action, other_action):
    meeting_day = today() + dt.timedelta(days=10)
    from subgroups.models import Meeting
    Meeting.objects.create(board=groups["own"].board, subgroup=groups["own"], date=meeting_day,
                           title="Quarterly review")
    client = login(users["chair"])
    response = client.get("/")
    mine = response.context["mine"]
    assert [g.pk for g in mine["groups"]] == [groups["own"].pk]
    assert mine["total"] == 1 and [a.pk for a in mine["needs_update"]] == [own_action.pk]
    assert [a.pk for a in mine["overdue"]] == [own_action.pk]
    body = response.content.decode()
    assert "Quarterly review" in body and "Show the whole board" in body
    board = client.get("/?scope=board")
    assert "mine" not in board.context and "Show my groups" in board.content.decode()
    assert "mine" not in login(users["manager"]).get("/").context


# --- top bar and vocabulary -----------------------------------------------------------------

@pytest.mark.parametrize("url", ["/actions/my-work-plan/", "/actions/", "/"])
def test_the_current_page_is_marked_once(login, users, url):
    body = login(users["chair"]).get(url).content.decode()
    nav = body[body.index("<nav"):body.index("</nav>")]
    assert nav.count('aria-current="page"') == 1


def test_user_menu_holds_name_role_two_factor_and_sign_out(login, users):
    body = login(users["chair"]).get("/").content.decode()
    menu = body[body.index("data-user-menu"):body.index("</details>")]
    for text in ["Subgroup chair", "Two-factor sign-in", "Change password", "Sign out"]:
        assert text in menu


def test_one_vocabulary_for_movement_and_chairs(login, users, groups):
    assert glossary.movement_word("worsened") == "Worse"
    assert glossary.movement_word("new") == "Started"
    assert glossary.movement_word(None) == ""
    # no chair member recorded: the chair is the person who leads the group, as the chase
    # list names them, on the list and on the group's page
    name = users["chair"].get_full_name() or "chair"
    client = login(users["viewer"])
    row = client.get("/subgroups/").content.decode().split(groups["own"].name)[1]
    assert name in row[:400]
    detail = client.get(f"/subgroups/{groups['own'].slug}/").content.decode()
    assert f'<dd class="col-sm-9">{name}</dd>' in detail
    assert glossary.chair_name(groups["own"]) == (users["chair"].get_full_name() or "chair")
    assert glossary.chair_name(groups["other"]) == (
        users["other_chair"].get_full_name() or "otherchair")


def test_progress_update_count_unchanged_by_reads(login, users, own_action):
    login(users["manager"]).get(GRID)
    assert ProgressUpdate.objects.count() == 0

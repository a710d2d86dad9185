import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, ProgressUpdate
from lscb.fiscal import Quarter
from lscb.fiscal.due import DuePrecision
from lscb.models import Board
from lscb.rag import RAG
from plans.models import IndicatorValue, Risk

from . import factories as f

PROJECT_APPS = {"lscb", "plans", "actions", "subgroups", "reporting"}
# Technical records kept per user, not the board's data: a form's one-off key (lscb.once).
NOT_BOARD_DATA = ["Submission"]


def reaches_board(model, seen=()):
    """True when the model has a non-null foreign key chain up to Board."""
    if model is Board:
        return True
    for field in model._meta.concrete_fields:
        if field.is_relation and (field.many_to_one or field.one_to_one) and not field.null:
            target = field.related_model
            if target is model or target in seen:
                continue
            if reaches_board(target, (*seen, model)):
                return True
    return False


def test_every_record_belongs_to_a_board():
    models = [
        m for m in apps.get_models()
        if m._meta.app_label in PROJECT_APPS and not m.__name__.startswith("Historical")
    ]
    assert len(models) >= 25
    orphans = [m.__name__ for m in models if not reaches_board(m)]
    assert orphans == NOT_BOARD_DATA


def test_reference_is_unique_per_plan(theme):
    f.make_action(theme, "1.1")
    with pytest.raises(IntegrityError), transaction.atomic():
        f.make_action(theme, "1.1")
    other_plan = f.make_plan(theme.board, slug="next")
    f.make_action(f.make_theme(other_plan, "1"), "1.1")  # same ref, other plan: fine


def test_actions_sort_naturally_in_the_database(theme):
    for ref in ["1.10", "1.2", "1.1", "1.2.1"]:
        f.make_action(theme, ref)
    refs = list(Action.objects.in_plan_order().values_list("reference", flat=True))
    assert refs == ["1.1", "1.2", "1.2.1", "1.10"]


def test_month_precision_due_date_is_the_month_end_and_reads_as_month(theme):
    action = f.make_action(theme, due=dt.date(2015, 12, 1))
    assert action.due_date == dt.date(2015, 12, 31)
    assert action.due_label == "December 2015"
    assert not action.is_overdue(today=dt.date(2015, 12, 31))
    assert action.is_overdue(today=dt.date(2016, 1, 1))


def test_text_due_dates(theme):
    action = f.make_action(theme, due=None, due_text="Ongoing – following a review")
    assert action.due_label == "Ongoing – following a review"
    assert not action.is_overdue()
    day = f.make_action(
        theme, due=dt.date(2015, 7, 1), due_precision=DuePrecision.DAY,
        due_text="Sign off by LSCB – 1 July 2015",
    )
    assert day.due_label == "Sign off by LSCB – 1 July 2015"
    plain = f.make_action(theme, due=dt.date(2015, 7, 1), due_precision=DuePrecision.DAY)
    assert plain.due_label == "1 July 2015"


def test_due_date_must_match_its_precision(theme):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.make_action(theme, due=None, due_precision=DuePrecision.MONTH)
    action = Action(
        board=theme.board, plan=theme.plan, theme=theme, reference="9", description="x",
        due_precision=DuePrecision.TEXT,
    )
    with pytest.raises(ValidationError) as err:
        action.full_clean()
    assert "due_text" in err.value.message_dict


def test_progress_updates_are_append_only(own_action):
    update = f.make_update(own_action, "amber", dt.date(2016, 3, 31), "Slipping")
    assert (update.year, update.quarter) == (2015, 4)
    assert update.financial_quarter == Quarter(2015, 4)
    update.narrative = "rewritten"
    with pytest.raises(TypeError):
        update.save()
    with pytest.raises(TypeError):
        update.delete()
    with pytest.raises(TypeError):
        ProgressUpdate.objects.filter(pk=update.pk).update(narrative="x")
    with pytest.raises(TypeError):
        ProgressUpdate.objects.all().delete()
    assert ProgressUpdate.objects.get(pk=update.pk).narrative == "Slipping"


def test_update_on_1_april_is_q1_of_next_year(own_action):
    update = f.make_update(own_action, "green", dt.date(2016, 4, 1))
    assert (update.year, update.quarter) == (2016, 1)


def test_current_rag_is_the_latest_update(own_action):
    assert own_action.current_rag == RAG.NOT_STARTED
    f.make_update(own_action, "red", dt.date(2015, 9, 1), "Late")
    f.make_update(own_action, "green", dt.date(2015, 12, 1))
    f.make_update(own_action, "amber", dt.date(2015, 10, 1), "Older")
    annotated = Action.objects.with_progress().get(pk=own_action.pk)
    assert annotated.rag == RAG.GREEN
    assert annotated.last_update_on == dt.date(2015, 12, 1)
    assert Action.objects.get(pk=own_action.pk).current_rag == RAG.GREEN


def test_without_update_in_quarter(own_action, other_action):
    f.make_update(own_action, "green", dt.date(2015, 8, 1))
    missing = Action.objects.without_update_in(Quarter(2015, 2))
    assert list(missing) == [other_action]


def test_action_edits_are_kept_in_history(own_action):
    own_action.description = "A better description"
    own_action.save()
    records = list(own_action.history.order_by("history_id"))
    assert len(records) == 2
    changes = records[1].diff_against(records[0]).changes
    assert [(c.field, c.new) for c in changes] == [("description", "A better description")]


def test_subgroup_cannot_be_accountable_to_itself_or_a_descendant(board):
    top = f.make_subgroup(board, "Business Group")
    middle = f.make_subgroup(board, "PMQAG", accountable_to=top)
    leaf = f.make_subgroup(board, "Audit T&F", accountable_to=middle)
    top.accountable_to = leaf
    with pytest.raises(ValidationError):
        top.full_clean()
    middle.accountable_to = middle
    with pytest.raises(ValidationError):
        middle.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        middle.save()
    leaf.refresh_from_db()
    assert [g.name for g in leaf.ancestors()] == ["PMQAG", "Business Group"]


def test_independent_chair_is_a_member_of_the_same_board(board, other_board, rf):
    from django.contrib import admin

    ours, theirs = f.make_member(board, "Our Chair"), f.make_member(other_board, "Their Chair")
    board.independent_chair = theirs
    with pytest.raises(ValidationError) as refused:
        board.full_clean()
    assert "independent_chair" in refused.value.message_dict
    board.independent_chair = ours
    board.full_clean()
    # the admin's form (the only form that sets it) offers and accepts this board's members
    request = rf.get("/")
    request.user = f.make_user("root", is_staff=True, is_superuser=True)
    board_admin = admin.site._registry[Board]
    form_class = board_admin.get_form(request, board)
    assert list(form_class.base_fields["independent_chair"].queryset) == [ours]
    data = {"name": board.name, "short_name": board.short_name, "slug": board.slug, "kind": board.kind,
            "review_months": "[]"}
    form = form_class({**data, "independent_chair": theirs.pk}, instance=board)
    assert not form.is_valid() and "independent_chair" in form.errors
    assert form_class({**data, "independent_chair": ours.pk}, instance=board).is_valid()
    new_board_form = board_admin.get_form(request, None)
    assert not new_board_form.base_fields["independent_chair"].queryset.exists()


def test_risk_ratings_are_in_range_and_scored(board):
    risk = Risk.objects.create(
        board=board, theme="Governance", reference="R1", description="Partners disengage",
        inherent_likelihood=4, inherent_impact=5, residual_likelihood=2, residual_impact=3,
    )
    assert (risk.inherent_score, risk.inherent_band) == (20, "Very high")
    assert (risk.residual_score, risk.residual_band) == (6, "Medium")
    risk.residual_impact = 6
    with pytest.raises(IntegrityError), transaction.atomic():
        risk.save()


def test_indicator_quarter_in_range(board):
    from plans.models import Indicator

    indicator = Indicator.objects.create(board=board, name="Re-referrals", unit="%")
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(indicator=indicator, year=2015, quarter=5, value=1)


def test_reporting_item_due_dates(board):
    from reporting.models import ReportingItem

    item = ReportingItem(board=board, title="S.11", recipient="board", frequency="annually",
                         months=[3])
    assert item.due_dates(2015) == [dt.date(2016, 3, 31)]
    item.frequency, item.months = "quarterly", []
    assert item.due_dates(2015) == [
        dt.date(2015, 6, 30), dt.date(2015, 9, 30), dt.date(2015, 12, 31), dt.date(2016, 3, 31)
    ]
    item.months = [13]
    with pytest.raises(ValidationError):
        item.clean()

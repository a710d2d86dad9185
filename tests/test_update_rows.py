"""The action page's update strip and history rows, written in Python (actions.update_rows),
are the markup the page's template loop gave, byte for byte: a plain update, a late one,
a back-dated one with evidence files, a withdrawn one and one never rated, for the
business manager (who may withdraw them) and for a reader (who may not)."""

import re
from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone

from actions.models import UpdateEvidence, UpdateWithdrawal
from actions.update_rows import history_html, strip_html
from lscb.fiscal import Quarter

from . import factories as f

# the page's template loops before issue 21 (templates/actions/action_detail.html)
DATA = Path(__file__).parent / "data"
STRIP = (DATA / "update_strip_before_issue21.html").read_text()
HISTORY = "{% load once %}" + (DATA / "update_rows_before_issue21.html").read_text()
KEYS = re.compile(r'(name="(?:csrfmiddlewaretoken|submission_key)" value=")[^"]+')


def same_keys(html):
    return KEYS.sub(r"\1…", str(html))


@pytest.fixture
def updates(own_action, users, plan_through_today):
    today = timezone.localdate()
    previous = Quarter.of(today).previous()
    plain = f.make_update(own_action, "green", today, "On <track> & more\nnext line",
                          author=users["chair"])
    late = f.make_update(own_action, "amber", previous.start, "Late", author=users["chair"])
    back = f.make_update(own_action, "red", previous.previous().start, "Back",
                         backdate_reason="Forgot <it>")
    for name in ("Minutes <1>.pdf", "b.pdf"):
        UpdateEvidence.objects.create(update=back, file=f"evidence/{name}", original_name=name)
    withdrawn = f.make_update(own_action, "complete", today, "Oops")
    UpdateWithdrawal.objects.create(update=withdrawn, by=users["manager"], reason="Wrong <one>",
                                    at=timezone.now())
    unrated = f.make_update(own_action, "not_rated", today, "", author_name="")
    return [plain, late, back, withdrawn, unrated]


@pytest.mark.parametrize("may_withdraw", [True, False], ids=["manager", "reader"])
def test_rows_are_the_templates_markup(own_action, updates, may_withdraw):
    listed = list(own_action.updates.select_related("author", "withdrawal")
                  .prefetch_related("files"))
    withdrawable = {u.pk for u in listed if u.withdrawn is None} if may_withdraw else set()
    request = RequestFactory().get("/")
    engine = engines["django"]
    context = {"action": own_action, "updates": listed, "withdrawable": withdrawable,
               "strip": listed}
    template = engine.from_string(HISTORY).render(context, request)
    assert same_keys(history_html(own_action, listed, withdrawable, "token")) == same_keys(
        template)
    assert strip_html(listed) == engine.from_string(STRIP).render(context)
    assert ("Withdraw update</button>" in template) == may_withdraw and "&lt;one&gt;" in template
    assert "Minutes &lt;1&gt;.pdf</a><br>" in template and "Back-dated because" in template

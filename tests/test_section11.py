import pytest
from django.urls import reverse

from reporting.models import Section11Rating, Section11Round, Section11Standard

from . import factories as f


@pytest.fixture
def audit(board):
    return Section11Round.objects.create(board=board, title="Section 11 audit 2015/16", year=2015)


def test_return_and_summary_grid(login, users, board, audit, own_action):
    police = f.make_agency(board, "Police")
    f.make_agency(board, "Health")
    client = login(users["manager"])
    page = client.get(reverse("reporting:s11_return", args=[audit.pk, police.pk]))
    standards = list(Section11Standard.objects.filter(board=board))
    assert [s.title for s in standards][:3] == ["Leadership", "Commitment",
                                                "Accountability and governance"]
    assert len(standards) == 9 and page.status_code == 200
    lead, training = standards[0], standards[4]
    data = {f"rating_{lead.pk}": "green", f"evidence_{lead.pk}": "Chief officer signs off",
            f"evidence_{training.pk}": "62% trained"}
    response = client.post(reverse("reporting:s11_return", args=[audit.pk, police.pk]), data)
    assert "Rate compliance with this standard" in response.content.decode()
    assert not Section11Rating.objects.exists()
    data.update({f"rating_{training.pk}": "amber", f"qa_{training.pk}": "Plan to reach 90%",
                 f"actions_{training.pk}": [own_action.pk]})
    response = client.post(reverse("reporting:s11_return", args=[audit.pk, police.pk]), data)
    assert response.status_code == 302
    rating = Section11Rating.objects.get(standard=training)
    assert rating.rating == "amber" and list(rating.follow_up_actions.all()) == [own_action]
    grid = login(users["viewer"]).get(reverse("reporting:s11_round", args=[audit.pk]))
    body = grid.content.decode()
    assert "Police" in body and "Amber – partially compliant" in body
    assert grid.context["counts"] == {"green": 1, "amber": 1, "red": 0}
    assert login(users["chair"]).post(
        reverse("reporting:s11_return", args=[audit.pk, police.pk]), data).status_code == 403


def test_standards_are_editable(login, users, board, audit):
    client = login(users["manager"])
    client.get(reverse("reporting:s11"))
    client.get(reverse("reporting:s11_standard_new"))
    standard = Section11Standard.objects.get(board=board, number=6)
    response = client.post(reverse("reporting:s11_standard_edit", args=[standard.pk]), {
        "number": 6, "title": "Supervision and reflective practice", "minimum_requirements": "x"})
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.title == "Supervision and reflective practice"
    clash = client.post(reverse("reporting:s11_standard_edit", args=[standard.pk]), {
        "number": 1, "title": "x"})
    assert "Another standard has this number" in clash.content.decode()

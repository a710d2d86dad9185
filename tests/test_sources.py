import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.models import Recommendation, Source

from . import factories as f


@pytest.fixture
def ofsted(board, own_action, other_action):
    source = Source.objects.create(board=board, kind="ofsted", title="Ofsted inspection 2015",
                                   date=dt.date(2015, 3, 25))
    r1 = Recommendation.objects.create(source=source, number="1", text="Domestic abuse")
    r2 = Recommendation.objects.create(source=source, number="2", text="CSE")
    Recommendation.objects.create(source=source, number="10", text="Not yet answered")
    own_action.recommendations.add(r1)
    other_action.recommendations.add(r1, r2)
    f.make_update(own_action, "complete", dt.date(2016, 1, 5))
    f.make_update(other_action, "amber", dt.date(2016, 1, 5), "Slipping")
    return source


@pytest.mark.real_pdf
def test_tracker_lists_every_recommendation_with_its_actions(login, users, ofsted):
    response = login(users["viewer"]).get(reverse("plans:source", args=[ofsted.pk]))
    recs = response.context["recommendations"]
    assert [r.number for r in recs] == ["1", "2", "10"]
    assert [a.reference for a in recs[0].action_list] == ["1.1", "1.2"]
    assert [r.closed for r in recs] == [False, False, False]
    body = response.content.decode()
    assert "No action answers this recommendation yet" in body and "Slipping" in body
    pdf = login(users["viewer"]).get(reverse("plans:source_pdf", args=[ofsted.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Ofsted inspection 2015" in text and "Not yet answered" in text


def test_manager_adds_a_source_with_recommendations(login, users, board):
    client = login(users["manager"])
    data = {"kind": "scr", "title": "Child J SCR", "date": "2015-02-01", "summary": "",
            "recommendations-TOTAL_FORMS": "3", "recommendations-INITIAL_FORMS": "0",
            "recommendations-0-number": "1", "recommendations-0-text": "Teenagers' online world",
            "recommendations-1-number": "", "recommendations-1-text": "",
            "recommendations-2-number": "", "recommendations-2-text": ""}
    response = client.post(reverse("plans:source_new"), data)
    source = Source.objects.get(title="Child J SCR")
    assert response["Location"] == reverse("plans:source", args=[source.pk])
    assert list(source.recommendations.values_list("number", flat=True)) == ["1"]
    assert login(users["chair"]).post(reverse("plans:source_new"), data).status_code == 403
    assert login(users["outsider"]).get(reverse("plans:source", args=[source.pk])).status_code == 404

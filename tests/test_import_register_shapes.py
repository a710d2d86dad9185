"""Registers as boards keep them (tests/data/risks-*.csv, indicators-*.csv): risk registers
scored with single numbers, High/Medium/Low or a 4 × 4 matrix, headings in any case style;
indicator tables whose "Direction" is the direction of travel, with units and words for
no value. Through the browser preview and the command."""

import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from plans.importing import risks
from plans.indicators import indicator_rows
from plans.models import Indicator, Risk, RiskSettings
from plans.scoring import SCHEMES, Scoring

DATA = Path(__file__).parent / "data"


def upload(client, kind, name, **fields):
    response = client.post(reverse(f"plans:{kind}_import"), {
        "file": SimpleUploadedFile(name, (DATA / name).read_bytes()), **fields})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response["Location"]


def test_single_score_register_with_camelcase_headings(login, users, board):
    client = login(users["manager"])
    url = upload(client, "risk", "risks-single-scores-camelcase.csv")
    page = client.get(url).content.decode()
    assert '<option value="score_16" selected>' in page  # guessed from the highest score
    assert "The app guessed this" in page and "<strong>4</strong> new risks" in page
    assert "&#x27;9?&#x27; is read as 9, and the query is noted on the risk" in page
    assert "Columns not used" not in page  # every CamelCase heading was recognised
    page = client.get(url, {"scoring": "score_25"}).content.decode()
    assert '<option value="score_25" selected>' in page and "12 (High)" in page
    assert client.post(url, {"scoring": "score_25"}).status_code == 302
    assert RiskSettings.objects.get(board=board).scoring == Scoring.SCORE_25
    r2 = Risk.objects.get(board=board, reference="2")
    assert (r2.inherent_value, r2.residual_value, r2.target_value) == (12, 9, 6)
    assert r2.inherent_likelihood is None and r2.rating_query == "Residual score written “9?”"
    assert (r2.status, r2.status_text) == ("monitoring", "Reduced – review at year end")
    r4 = Risk.objects.get(board=board, reference="4")
    assert (r4.status, r4.status_text, r4.target_value) == ("closed",
                                                            "Closed – moved to the communications plan", None)
    assert Risk.objects.get(board=board, reference="3").review_date is None  # "N/A"
    page = client.get(reverse("plans:risks")).content.decode()
    assert "16 (High)" in page and "9 (Medium) (queried)" in page and "8 (Medium)" in page
    assert "Scores: 1–4 low, 5–9 medium, 10–19 high, 20–25 very high" in page
    assert "Medium (5–9): 1, 2, 3" not in page and "<svg" in page
    risk_page = client.get(reverse("plans:risk", args=[r2.pk])).content.decode()
    assert "Queried in the register" in risk_page and "Target (retained) rating" in risk_page


def test_the_same_register_through_the_command_with_its_own_scale(board, tmp_path, capsys):
    path = tmp_path / "register.csv"
    path.write_bytes((DATA / "risks-single-scores-camelcase.csv").read_bytes())
    call_command("import_risks", str(path), "--board", board.slug, "--scoring", "score_16")
    assert "Read as: A single score, 1–16." in capsys.readouterr().out
    r1 = Risk.objects.get(board=board, reference="1")
    assert r1.inherent_rating == "16 (Very high)" and r1.residual_rating == "12 (Very high)"
    assert r1.residual_rag == "red"
    call_command("import_risks", str(path), "--board", board.slug)  # the board's scheme now
    assert "0 new risks, 0 to update, 4 unchanged" in capsys.readouterr().out
    assert Risk.objects.filter(board=board).count() == 4


def test_high_medium_low_register_in_snake_case(login, users, board):
    client = login(users["manager"])
    url = upload(client, "risk", "risks-high-medium-low.csv")
    page = client.get(url).content.decode()
    assert '<option value="levels" selected>' in page
    client.post(url, {"scoring": "levels"})
    a3 = Risk.objects.get(board=board, reference="A3")
    assert (a3.inherent_value, a3.residual_value) == (3, 2) and a3.residual_rating == (
        "Medium (queried)")
    assert a3.by_whom == "PMQAG"
    page = client.get(reverse("plans:risks")).content.decode()
    assert "<td>High</td>" in page and "Low" in page and "Scores:" not in page


def test_four_by_four_register_and_its_heat_map(login, users, board):
    client = login(users["manager"])
    response = client.post(reverse("plans:risk_scoring"), {"scoring": "lxi_4"})
    assert response.status_code == 302
    url = upload(client, "risk", "risks-4x4.csv")
    assert '<option value="lxi_4" selected>' in client.get(url).content.decode()
    client.post(url, {"scoring": "lxi_4"})
    r1 = Risk.objects.get(board=board, reference="R1")
    assert r1.inherent_rating == "4×4 = 16 (Very high)" and r1.target_rating == "2×2 = 4 (Medium)"
    page = client.get(reverse("plans:risks")).content.decode()
    assert len(re.findall(r"<rect ", page)) == 16  # a 4 × 4 grid, not 5 × 5
    assert "Likelihood 3, impact 3: score 9 (High): R1" in page


def test_a_scheme_the_register_does_not_fit_is_refused(login, users, board):
    Risk.objects.create(board=board, reference="R9", description="x", theme="t",
                        inherent_likelihood=5, inherent_impact=5, residual_likelihood=5,
                        residual_impact=4)
    client = login(users["manager"])
    page = client.post(reverse("plans:risk_scoring"), {"scoring": "lxi_4"}).content.decode()
    assert "1 risk(s) are rated outside this scheme (R9)" in page
    assert not RiskSettings.objects.exists()
    preview = risks.build_preview((DATA / "risks-4x4.csv").read_bytes(), "r.csv", board,
                                  scoring="lxi_4")
    assert "risks R9 on the register are rated in another way" in preview.problems[0][2]
    assert client.post(reverse("plans:risk_scoring"), {"scoring": "score_25"}).status_code == 302
    assert Risk.objects.get(reference="R9").residual_rating == "5×4 = 20 (Very high)"


def test_indicators_with_a_direction_of_travel_column_units_and_no_values(login, users, board):
    client = login(users["manager"])
    url = upload(client, "indicator", "indicators-direction-of-travel.csv", year="2015/16")
    page = client.get(url).content.decode()
    assert "<strong>4</strong> new indicators" in page
    assert "Higher or lower is better?" in page and "Cost of the board" in page
    assert client.post(url, {"polarity_0": "lower"}).status_code == 302
    cost = Indicator.objects.get(name="Cost of the board's training programme")
    assert (cost.polarity, cost.unit) == ("lower", "£")
    rows = {r.indicator.name: r for r in indicator_rows(board, 2015)}
    refs = rows["Re-referrals within 12 months"]
    assert refs.indicator.unit == "%" and refs.quarters == [D(23), D(21), None, D(19)]
    assert (refs.previous_year_end, refs.target, refs.printed) == (D(24), D(20), "Improved")
    assert not refs.printed_differs
    cp = rows["Child protection plans reviewed in time"]
    assert cp.direction == "Improved" and cp.printed == "Same" and cp.printed_differs
    assert rows["Children looked after per 10,000"].quarters == [D(54), D(55), None, None]
    page = client.get(reverse("plans:indicators"), {"year": "2015/16"}).content.decode()
    assert ">100%<" in page and "100.00" not in page and "£152,757" in page
    assert "Printed:</strong> Same" in page  # shown beside the app's own, as they differ
    other_year = client.get(reverse("plans:indicators"), {"year": "2016/17"}).content.decode()
    assert "£152,757" not in other_year  # previous year-end and target belong to 2015/16


def test_indicators_command_asks_for_polarity_by_option(board, tmp_path, capsys):
    path = tmp_path / "pis.csv"
    path.write_bytes((DATA / "indicators-direction-of-travel.csv").read_bytes())
    call_command("import_indicators", str(path), "--board", board.slug, "--year", "2015/16",
                 "--polarity", "lower")
    assert "No polarity given for 1 new indicator(s): lower is better" in capsys.readouterr().out
    assert Indicator.objects.get(name__startswith="Cost").polarity == "lower"
    call_command("import_indicators", str(path), "--board", board.slug, "--year", "2015/16")
    assert "0 new indicators, 0 to update, 4 unchanged" in capsys.readouterr().out


@pytest.mark.parametrize("code", [c for c in Scoring.values])
def test_every_scheme_bands_its_whole_range(code):
    scheme = SCHEMES[code]
    bands = [scheme.band(score) for score in range(1, scheme.top + 1)]
    assert bands[0] == "Low" and bands[-1] in ("High", "Very high")
    assert all(scheme.rag(score) in ("green", "amber", "red") for score in range(1, scheme.top + 1))


def test_a_years_target_and_year_end_are_kept_for_that_year(login, users, board):
    indicator = Indicator.objects.create(board=board, name="Visits in time", unit="%", target=90)
    client = login(users["manager"])
    url = reverse("plans:indicator_values", args=[indicator.pk]) + "?year=2015/16"
    client.post(url, {"target": "95", "previous_year_end": "88", "q1": "91"})
    rows = {r.indicator.name: r for r in indicator_rows(board, 2015)}
    assert (rows["Visits in time"].target, rows["Visits in time"].previous_year_end) == (95, 88)
    later = {r.indicator.name: r for r in indicator_rows(board, 2016)}["Visits in time"]
    # the standing target; the year before's last figure (its Q1 here) is where it starts
    assert (later.target, later.previous_year_end) == (90, 91)

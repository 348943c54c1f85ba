"""The bundled sample data reproduces the published 5-8/2024 interim review (DOMAIN §3–§5),
through the same ``report`` command and code the pages use."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.data.contracts import INCIDENTS, RAI_RESULTS

from .conftest import run_cli

PERIOD = "5-8/2024"

CATEGORIES = {  # DOMAIN §3: category → (5-8/2024, 5-8/2023)
    "patient_safety": (5049, 4565), "occupational_safety": (1031, 1118), "environment": (122, 115),
    "information_security": (136, 182), "grievance": (5, 17), "total": (6343, 5997),
}
EVENT_KINDS = {"harm": (3181, 2788), "near_miss": (1578, 1485), "observation": (290, 292)}
TOP_TYPES = [("medication", "Lääkehoito", 44.3), ("accident", "Tapaturma, onnettomuus", 24.7),
             ("information_flow", "Tiedonkulku ja tiedonhallinta", 7.3)]

# DOMAIN §4: indicator → (national 2023, target 2024, 7-12/2023, 1-6/2023)
HOME_CARE = {
    "Ateriat riittämättömiä": (9.0, 7, 8.0, 10.0),
    "Tahaton painonlasku": (5.0, 4, 4.0, 5.0),
    "Lääkäri ei ole tarkistanut lääkitystä": (21.0, 10, 18.0, 21.0),
    "Kova päivittäinen tai ajoittain sietämätön kipu": (7.0, 5, 6.0, 6.0),
    "Kaatuminen 90 vrk aikana": (27.0, 23, 28.0, 27.0),
    "Sairaalahoito tai päivystyskäynti 90 vrk aikana": (28.0, 21, 21.0, 21.0),
    "Asiakas ei ole itse osallistunut arviointiin": (23.0, 20, 32.0, 30.0),
    "Ei kuntoutusta, vaikka kuntoutumisen mahdollisuus": (88.0, 87, 94.0, 93.0),
    "RUG18-kustannuspaino KPA1": (1.04, None, 1.03, 1.06),
    "RUG18 PA, hyvä fyysinen toimintakyky": (50.0, 57, 56.0, 55.0),
}
HOUSING = {
    "Kaatuminen": (12.0, 11, 12.0, 13.0),
    "Vähintään yhdeksän lääkettä": (57.0, 53, 55.0, 53.0),
    "Psykoosilääkitys, ei psykoottisia oireita": (34.0, 31, 30.0, 32.0),
    "Tahaton painonlasku": (8.0, 7, 10.0, 8.0),
    "Kova päivittäinen tai ajoittain sietämätön kipu": (4.0, 4, 5.0, 5.0),
    "Painehaavat, kaikki asteet": (9.0, 9, 10.0, 10.0),
    "Vuoteessa elävät": (16.0, 21, 22.0, 24.0),
    "Liikkumisrajoitteiden käyttö päivittäin": (17.0, 10, 10.0, 10.0),
    "Ei aktiviteetteja": (58.0, 55, 55.0, 63.0),
    "Asiakas ei itse osallistunut arviointiin": (49.0, 29, 30.0, 29.0),
    "RUG18-kustannuspaino KP2": (0.97, None, 1.00, 0.99),
    "RUG18-asiakasryhmittely PA": (8.0, 3, 2.0, 3.0),
}
RAI = {"kotihoito": (HOME_CARE, {"7-12/2023": 1679, "1-6/2023": 1618}, 41995),
       "asumispalvelut": (HOUSING, {"7-12/2023": 887, "1-6/2023": 884}, 38827)}


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    import json
    result = run_cli("report", "--period", PERIOD, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_incident_categories_match_the_review(published):
    got = {c["category"]: (c["current"], c["previous"]) for c in published["incidents"]["by_category"]}
    assert got == CATEGORIES


def test_event_kinds_match_the_review(published):
    got = {k["event_kind"]: (k["current"], k["previous"]) for k in published["incidents"]["by_event_kind"]}
    assert got == EVENT_KINDS


def test_top_event_types_and_their_shares(published):
    types = published["incidents"]["top_event_types"]
    assert [(t["event_type"], t["name_fi"], round(t["share_pct"], 1)) for t in types] == TOP_TYPES


def test_client_reports_and_development_actions(published):
    incidents = published["incidents"]
    assert (incidents["client_reports"]["current"], incidents["client_reports"]["previous"]) == (67, 39)
    actions = incidents["development_actions"]
    assert (actions["current"], actions["previous"]) == (240, 167)
    assert actions["by_theme"]["procedures"] == 146


def test_rescue_compliance_by_risk_class(published):
    rescue = {c["risk_class"]: c for c in published["rescue"]["compliance"]}
    assert {rc: round(rescue[rc]["share_pct"]) for rc in ("I", "II", "III")} == {"I": 79, "II": 84, "III": 98}
    assert {rc: rescue[rc]["target_minutes"] for rc in ("I", "II", "III")} == {"I": 6, "II": 10, "III": 20}
    assert all(rescue[rc]["target_share_pct"] == 50 for rc in ("I", "II", "III"))
    assert rescue["IV"]["share_pct"] is None and rescue["IV"]["target_minutes"] is None
    assert all(rescue[rc]["tasks"] > 0 for rc in rescue)


def test_rescue_effectiveness(published):
    rescue = published["rescue"]
    assert rescue["persons_rescued"] == 11
    assert round(rescue["property_saved_pct"]) == 77
    assert round(rescue["property_threatened_eur"] / 1e6, 1) == 22.7
    assert round(rescue["property_saved_eur"] / 1e6, 1) == 17.5


@pytest.mark.parametrize("setting", list(RAI))
def test_rai_tables_reproduce_the_published_values(published, setting):
    expected, n, national_n = RAI[setting]
    table = next(s for s in published["rai"] if s["setting"] == setting)
    assert table["half_years"] == ["7-12/2023", "1-6/2023"]
    assert table["n"] == n
    assert table["national_n"] == national_n
    got = {}
    for ind in table["indicators"]:
        decimals = 2 if ind["kind"] == "score" else 1
        got[ind["name_fi"]] = (
            round(ind["national"], decimals), ind["target"],
            round(ind["values"]["7-12/2023"], decimals), round(ind["values"]["1-6/2023"], decimals),
        )
    assert got == expected


def test_every_indicator_object_carries_its_finnish_name(published):
    objects = (published["incidents"]["by_category"] + published["incidents"]["by_event_kind"]
               + published["incidents"]["top_event_types"] + published["rescue"]["compliance"]
               + [i for s in published["rai"] for i in s["indicators"]] + published["rai"])
    assert objects and all(isinstance(o["name_fi"], str) and o["name_fi"] for o in objects)


def test_markdown_report_uses_finnish_number_formats():
    result = run_cli("report", "--period", PERIOD, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert "| Asiakas- ja potilasturvallisuus (HaiPro) | 5\u00a0049 | 4\u00a0565 | +484 |" in result.stdout
    assert "Lääkehoito: 44,3\u00a0% (2\u00a0237)" in result.stdout
    assert "| Riskiluokka I | 79\u00a0% | 50\u00a0% |" in result.stdout


def test_report_follows_the_data(data_copy, report):
    """Removing ten client-safety reports of 5-8/2024 and one home-care fall changes the report."""
    incidents = pd.read_parquet(data_copy / INCIDENTS.file)
    in_review = incidents.index[(incidents["category"] == "patient_safety")
                                & (incidents["report_date"] >= "2024-05-01") & (incidents["report_date"] < "2024-09-01")
                                & (incidents["event_kind"] == "near_miss")]
    incidents.drop(in_review[:10]).to_parquet(data_copy / INCIDENTS.file, index=False)
    rai = pd.read_parquet(data_copy / RAI_RESULTS.file)
    row = rai.index[(rai["indicator_id"] == "kh_falls") & (rai["year"] == 2023) & (rai["half"] == 2)
                    & (rai["numerator"] > 0)][0]
    rai.loc[row, "numerator"] -= 17
    rai.to_parquet(data_copy / RAI_RESULTS.file, index=False)

    changed = report("--period", PERIOD, "--data-dir", str(data_copy))
    categories = {c["category"]: c["current"] for c in changed["incidents"]["by_category"]}
    assert categories["patient_safety"] == 5039 and categories["total"] == 6333
    kinds = {k["event_kind"]: k["current"] for k in changed["incidents"]["by_event_kind"]}
    assert kinds["near_miss"] == 1568 and kinds["harm"] == 3181
    home = next(s for s in changed["rai"] if s["setting"] == "kotihoito")
    falls = next(i for i in home["indicators"] if i["id"] == "kh_falls")
    assert round(falls["values"]["7-12/2023"], 1) == round(28.0 - 17 / 1679 * 100, 1)


def test_palvelualue_filter_narrows_the_report(report):
    everything = report("--period", PERIOD)
    home_care = report("--period", PERIOD, "--palvelualue", "Kotihoito")
    whole = {c["category"]: c["current"] for c in everything["incidents"]["by_category"]}
    part = {c["category"]: c["current"] for c in home_care["incidents"]["by_category"]}
    assert 0 < part["patient_safety"] < whole["patient_safety"]
    assert [s["setting"] for s in home_care["rai"]] == ["kotihoito"]
    assert home_care["rescue"]["compliance"][0]["tasks"] == 0

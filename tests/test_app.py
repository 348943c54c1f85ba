"""AppTest: every page opens without exception, also with filters from the URL, in both languages."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["pages/overview.py", "pages/indicators.py"]
TIMEOUT = 120


def open_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, {"palvelualue": "Kotihoito"}, {"lang": "en", "toimiala": "Pelastuslaitos"}])
def test_every_page_opens(page, params):
    at = open_app(**params)
    at.switch_page(page).run()
    assert not at.exception
    assert len(at.title) == 1
    assert at.get("download_button"), "every page offers its table as a download"


def test_overview_shows_the_published_figures_for_5_8_2024():
    at = open_app(period="5-8/2024")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Asiakas- ja potilasturvallisuusilmoitukset"] == "5 049"
    assert metrics["Kaikki ilmoitukset"] == "6 343"
    assert metrics["Asiakkaiden ja omaisten ilmoitukset"] == "67"
    assert metrics["Kehittämistoimenpiteet"] == "240"
    assert metrics["Toimintavalmius, riskiluokka I (6 min)"] == "79,0 %"
    assert metrics["Välittömästä vaarasta pelastetut"] == "11"
    home_care = at.dataframe[0].value
    assert home_care.iloc[0, 0] == "Ateriat riittämättömiä"
    assert list(home_care.iloc[0, 1:5]) == ["8,0 %", "10,0 %", "9,0 %", "7 %"]
    assert "5 049" in at.info[0].value and "+10,6 %" in at.info[0].value
    # the finding and the card say whether the change exceeds normal month-to-month variation
    assert "Tämä on enemmän kuin tavanomainen kuukausivaihtelu selittää (p = 0,02)" in at.info[0].value
    captions = [c.value for c in at.caption]
    assert "Muutoksen 95 %:n luottamusväli +1,9 % … +20,0 %. Tämä on enemmän kuin tavanomainen kuukausivaihtelu selittää (p = 0,02)." in captions


def test_filters_are_written_back_to_the_url():
    at = open_app(palvelualue="Kotihoito", period="1-4/2024")
    assert at.query_params["palvelualue"] == "Kotihoito"
    assert at.query_params["period"] == "1-4/2024"
    assert at.multiselect(key="f_palvelualue").value == ["Kotihoito"]
    at.selectbox(key="f_period").set_value("5-8/2023").run()
    assert at.query_params["period"] == "5-8/2023"


def test_palvelualue_filter_changes_the_figures():
    whole = {m.label: m.value for m in open_app(period="5-8/2024").metric}
    part = {m.label: m.value for m in open_app(period="5-8/2024", palvelualue="Kotihoito").metric}
    assert part["Asiakas- ja potilasturvallisuusilmoitukset"] != whole["Asiakas- ja potilasturvallisuusilmoitukset"]


def test_rescue_only_view_says_why_incident_and_rai_sections_are_empty():
    at = open_app(period="5-8/2024", toimiala="Pelastuslaitos")
    assert not at.exception
    infos = " ".join(i.value for i in at.info)
    assert "RAI-tuloksia ei ole" in infos
    assert "ei valitulla rajauksella ole" in at.info[0].value  # the finding speaks of all reports
    assert "asiakas- ja potilasturvallisuusilmoituksia" in infos
    labels = [m.label for m in at.metric]
    assert "Kaikki ilmoitukset" in labels and "Läheltä piti / haittatapahtuma" not in labels


@pytest.mark.parametrize("params,name", [
    ({"palvelualue": "<script>alert(1)</script>"}, "palvelualue"),
    ({"period": "13-16/2024"}, "period"),
    ({"toimiala": "Ei tällaista"}, "toimiala"),
    ({"lang": "xx"}, "lang"),
])
def test_unknown_url_values_fall_back_with_a_note(params, name):
    at = open_app(**params)
    assert not at.exception
    assert any(name in w.value and "oletusta" in w.value or "default" in w.value for w in at.warning)
    assert at.title[0].value.startswith("Miten")
    assert "<script>" not in str(at.query_params)


def test_english_ui_uses_english_number_formats():
    at = open_app(lang="en", period="5-8/2024")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Client and patient safety reports"] == "5,049"
    assert metrics["Response within target, risk class II (10 min)"] == "84.0%"
    assert at.title[0].value == "How are the self-monitoring indicators doing in 5-8/2024?"


def test_broken_data_shows_an_error_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "indicators.toml").write_text("not = [toml", encoding="utf-8")
    monkeypatch.setenv("OMAVALVONTA_DATA_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "indicators.toml" in at.error[0].value


def test_indicator_page_explains_every_catalogue_entry_in_the_chosen_language():
    at = open_app(lang="en")
    at.switch_page("pages/indicators.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 31 and "Why this indicator?" in table.columns
    assert table.loc[table["Id"] == "incident_observation_share", "Target"].iloc[0] == 10.0
    near_miss = table[table["Id"] == "incident_near_miss_ratio"].iloc[0]
    assert near_miss["Target kind"] == "growth on a year before" and near_miss["Target"] != near_miss["Target"]  # NaN
    texts = " ".join(m.value for m in at.markdown)
    assert "Target:** < 14 days (standing)" in texts and "Target:** ↑ grows on a year before" in texts
    assert "31 indicators, 26 of them with a target" in at.info[0].value
    assert len(at.expander) >= 31

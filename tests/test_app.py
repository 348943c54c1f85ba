"""AppTest: every page opens without exception, also with filters from the URL, in both languages."""
from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.core import pages as site_pages
from analytics.text.i18n import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [page.file for page in site_pages.PAGES if page.slug not in ("kehittamistoimet", "esitys")]
"""Every page that shows the filtered figures (actions and the presentation have tests of their own)."""
TIMEOUT = 120


def open_page(page: str, **params) -> AppTest:
    """The app opened with ``params`` in the URL, switched to ``app_pages/<page>.py``, without an exception."""
    at = open_app(**params)
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception
    return at


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
    assert at.sidebar.selectbox(key="f_county").value, "every page keeps the sidebar filters"
    if page == "app_pages/rai.py" and params.get("toimiala") == "Pelastuslaitos":
        assert "no RAI results" in at.info[0].value  # the rescue division has no RAI: an empty state, no table
    elif page == "app_pages/compare.py":
        assert "--scale national" in at.info[0].value  # one county: nothing to compare, and how to get more
    elif page == "app_pages/rescue.py" and params.get("palvelualue") == "Kotihoito":
        assert "ei ole pelastustoimen tehtäviä" in at.info[0].value  # home care has no rescue tasks
    elif page == "app_pages/experience.py" and params:
        assert at.info[0].value == t("experience.scoped_page", params.get("lang", "fi"))  # people behind the figures
        assert at.get("download_button"), "below the county: its units' table, with the small-number rule"
    elif page == "app_pages/own.py" and params:
        assert at.info[0].value == t("own.county_only", params.get("lang", "fi"))
    else:
        assert at.get("download_button"), "every page offers its table as a download"


def test_overview_shows_the_published_figures_for_5_8_2024():
    at = open_app(period="5-8/2024")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Asiakas- ja potilasturvallisuusilmoitukset"] == "5\u00a0049"
    assert metrics["Kaikki ilmoitukset"] == "6\u00a0343"
    assert metrics["Asiakkaiden ja omaisten ilmoitukset"] == "67"
    assert metrics["Kehittämistoimenpiteet"] == "240"
    assert metrics["Toimintavalmius, riskiluokka I (6 min)"] == "79,0\u00a0%"
    assert metrics["Välittömästä vaarasta pelastetut"] == "11"
    home_care = at.dataframe[0].value
    assert home_care.iloc[0, 0] == "Ateriat riittämättömiä"
    assert list(home_care.iloc[0, 1:5]) == ["8,0\u00a0%", "10,0\u00a0%", "9,0\u00a0%", "7\u00a0%"]
    assert "5\u00a0049" in at.info[0].value and "+10,6\u00a0%" in at.info[0].value
    # the finding and the card say whether the change exceeds normal month-to-month variation
    assert "Tämä on enemmän kuin tavanomainen kuukausivaihtelu selittää (p = 0,02)" in at.info[0].value
    captions = [c.value for c in at.caption]
    assert "Muutoksen 95 %:n luottamusväli +1,9\u00a0% … +20,0\u00a0%. Tämä on enemmän kuin tavanomainen kuukausivaihtelu selittää (p = 0,02)." in captions


def test_a_card_s_arrow_and_colour_follow_the_change_and_the_better_direction():
    """The minus sign is CLDR's (U+2212), which Streamlit does not read as negative: the cards say the direction
    themselves. A fall is red where higher is better (near misses per harm event) and green where lower is
    better (reaction time); a count without a target direction is grey."""
    from streamlit.proto.Metric_pb2 import Metric
    at = open_app(period="5-8/2024")
    look = {m.label: (m.delta, Metric.MetricDirection.Name(m.proto.direction), Metric.MetricColor.Name(m.proto.color))
            for m in at.metric}
    assert look["Läheltä piti / haittatapahtuma"] == ("\u22120,04", "DOWN", "RED")
    assert look["Reagointiaika, mediaani"] == ("\u22122 vrk", "DOWN", "GREEN")
    assert look["Kaikki ilmoitukset"][1:] == ("UP", "GRAY")


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
    data_page = at.switch_page("app_pages/data.py").run()  # still opens, to put back an earlier version
    assert not data_page.exception and data_page.title[0].value.startswith("Aineisto")


def test_other_periods_of_a_view_are_computed_in_the_background(data_copy, monkeypatch):
    """After the first page of a view, choosing another period finds its review already computed."""
    from ui import cached, live
    monkeypatch.setenv("OMAVALVONTA_DATA_DIR", str(data_copy))  # a new data path: nothing cached from other tests
    at = open_app(period="5-8/2024", palvelualue="Kotihoito")
    deadline = time.monotonic() + 60
    while live._WARM_QUEUE.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not live._WARM_QUEUE.unfinished_tasks, "the background worker did not finish in 60 s"

    def not_warmed(*args):
        raise AssertionError("a review was computed while the page waited")
    monkeypatch.setattr(cached, "build_review", not_warmed)
    at.sidebar.selectbox(key="f_period").set_value("9-12/2022").run()
    assert not at.exception
    assert "9-12/2022" in at.title[0].value


def test_indicator_page_explains_every_catalogue_entry_in_the_chosen_language():
    at = open_app(lang="en")
    at.switch_page("app_pages/indicators.py").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 39 and "Why this indicator?" in table.columns  # 31, six of customer experience, two own
    assert table.loc[table["Id"] == "incident_observation_share", "Target"].iloc[0] == 10.0
    near_miss = table[table["Id"] == "incident_near_miss_ratio"].iloc[0]
    assert near_miss["Target kind"] == "growth on a year before" and near_miss["Target"] != near_miss["Target"]  # NaN
    texts = " ".join(m.value for m in at.markdown)
    assert "Target:** < 14 days (standing)" in texts and "Target:** ↑ grows on a year before" in texts
    assert "39 indicators, 30 of them with a target" in at.info[0].value
    assert len(at.expander) >= 39



def test_incidents_page_shows_the_published_figures_and_the_comparison():
    at = open_page("incidents", period="5-8/2024")
    categories = at.dataframe[0].value
    assert list(categories["5-8/2024"]) == ["5\u00a0049", "1\u00a0031", "122", "136", "5", "6\u00a0343"]
    assert list(categories["5-8/2023"]) == ["4\u00a0565", "1\u00a0118", "115", "182", "17", "5\u00a0997"]
    assert categories.iloc[0]["Muutoksen 95 %:n luottamusväli"] == "+1,9\u00a0% … +20,0\u00a0%"
    finding = at.info[0].value
    assert "6\u00a0343 ilmoitusta" in finding and "tavanomaiseen kuukausivaihteluun (p = 0,12)" in finding
    assert "paremmasta ilmoituskulttuurista" in finding
    text = " ".join(m.value for m in at.markdown)
    assert "67 ilmoitusta (+28" in text and "240 ilmoituksen" in text and "(146)" in text
    assert "0,50 haittatapahtumaa kohden (0,53" in text and "5,7\u00a0%" in text
    assert "mediaani oli 11 vrk" in text
    assert len(at.get("download_button")) >= 9


def _medication_by_area(period: str) -> dict[str, int]:
    from analytics.core.periods import Tertial
    from analytics.data.bundle import load_bundle
    bundle, tertial = load_bundle(Path(APP).parent / "data"), Tertial.parse(period)
    reports = bundle.incidents
    chosen = reports[(reports["event_type"] == "medication") & (reports["report_date"] >= tertial.start)
                     & (reports["report_date"] < tertial.end)]
    areas = chosen.merge(bundle.org_units, on="unit_id")["palvelualue"].value_counts()
    return {a: int(n) for a, n in areas.items()}


def test_choosing_an_event_type_narrows_the_page():
    at = open_page("incidents", period="5-8/2024")
    at.selectbox(key="inc_type").set_value("medication").run()
    assert not at.exception
    assert "Lääkehoito" in at.warning[0].value
    text = " ".join(m.value for m in at.markdown)
    assert "tekivät 30 ilmoitusta" in text and "101 ilmoituksen" in text
    where = at.dataframe[-1].value
    areas = where[where["Yksikkö"] == "Kaikki yksiköt"].set_index("Palvelualue")["5-8/2024"]
    assert areas.dtype.kind == "f"  # numbers stay numbers, so the columns sort by value ("< 5" sorts as 0,5)
    raw = _medication_by_area("5-8/2024")
    shown = areas[areas.notna() & (areas != 0.5)]
    assert len(shown) >= 7 and all(shown[a] == raw.get(a, 0) for a in shown.index)
    # the small palvelualue of one unit is "< 5", and one more is left empty so that 2 237 minus the rest
    # does not give it back
    assert areas["Pienryhmäkodit"] == 0.5 and areas.isna().sum() >= 1 and sum(raw.values()) == 2237
    assert at.dataframe[0].value.iloc[-1]["5-8/2024"] == "6\u00a0343"  # the category totals stay whole
    at.selectbox(key="inc_type").set_value("").run()
    assert not at.warning


def test_incidents_palvelualue_filter_and_category():
    whole = open_page("incidents", period="5-8/2024")
    part = open_page("incidents", period="5-8/2024", palvelualue="Kotihoito")
    where = whole.dataframe[-1].value
    kotihoito = where[(where["Palvelualue"] == "Kotihoito") & (where["Yksikkö"] == "Kaikki yksiköt")]
    part_where = part.dataframe[-1].value
    assert set(part_where["Palvelualue"]) == {"Kotihoito"}
    assert part_where.iloc[0]["5-8/2024"] == kotihoito.iloc[0]["5-8/2024"] == 1186
    assert part.dataframe[0].value.iloc[0]["5-8/2024"] == "1\u00a0186"  # patient-safety reports of Kotihoito
    part.selectbox(key="inc_category").set_value("occupational_safety").run()
    assert not part.exception
    assert part.dataframe[0].value.iloc[0]["5-8/2024"] == "1\u00a0186"  # section 1 does not depend on the category
    # the control chart of a palvelualue is drawn only where no month of it is hidden by the small-number rule;
    # otherwise the page says so and draws the months it may show, without limits
    alt = part.get("vega_lite_chart")[0].proto.alt
    withheld = any(i.value == t("incidents.trend_withheld", "fi") for i in part.info)
    assert alt == "Ilmoitukset kuukausittain (piilotetut kuukaudet puuttuvat) · Työturvallisuus (HaiPro)" if withheld \
        else alt.startswith("Työturvallisuus (HaiPro): ilmoitukset kuukausittain (")


def test_incidents_trend_is_an_i_chart_for_overdispersed_counts_and_the_user_can_switch():
    at = open_page("incidents", period="5-8/2024")
    assert at.radio(key="inc_chart").value == "auto"
    text = " ".join(m.value for m in at.markdown)
    # 1 000-1 400 reports a month vary more than Poisson counts: an I chart, and the dispersion in the sentence
    assert "kvasi-Poisson-hajontakerroin φ = 2,4" in text and "kuvassa on I-kortti (XmR)" in text
    assert "2 pistettä valvontarajojen ulkopuolella" in text  # of 44 months; the c chart had 17
    assert at.get("vega_lite_chart")[0].proto.alt == (
        "Asiakas- ja potilasturvallisuus (HaiPro): ilmoitukset kuukausittain (I-kortti)")
    at.radio(key="inc_chart").set_value("c").run()
    assert not at.exception and at.query_params["kortti"] == "c"
    text = " ".join(m.value for m in at.markdown)
    assert "valintasi mukaan c-kortti, vaikka suositus on I-kortti" in text
    assert "17 pistettä valvontarajojen ulkopuolella" in text
    assert at.get("vega_lite_chart")[0].proto.alt.endswith("(c-kortti)")
    linked = open_page("incidents", period="5-8/2024", kortti="c", lang="en")
    assert linked.radio(key="inc_chart").value == "c"
    assert "quasi-Poisson dispersion φ = 2.4" in " ".join(m.value for m in linked.markdown)


def test_incidents_page_in_english_and_an_empty_category():
    at = open_page("incidents", period="5-8/2024", lang="en")
    assert "In 5-8/2024, 6,343 reports were made" in at.info[0].value
    rescue = open_page("incidents", period="5-8/2024", toimiala="Pelastuslaitos")
    assert "256 ilmoitusta" in rescue.info[0].value
    assert "ei ole luokan Asiakas- ja potilasturvallisuus (HaiPro) ilmoituksia" in rescue.info[1].value
    assert [h.value for h in rescue.header][:1] == ["1. Kuinka monta ilmoitusta, ja onko muutos todellinen?"]
    assert len(rescue.header) == 2  # section 1 and the sidebar's filters; sections 2-7 are not drawn
    rescue.selectbox(key="inc_category").set_value("occupational_safety").run()
    assert not rescue.exception and len(rescue.header) == 8


def test_incidents_category_and_type_are_kept_in_the_link():
    at = open_page("incidents", period="5-8/2024", luokka="occupational_safety", tyyppi="workload")
    assert at.selectbox(key="inc_category").value == "occupational_safety"
    assert at.selectbox(key="inc_type").value == "workload"
    assert "Työkuormitus" in at.warning[0].value
    assert at.query_params["luokka"] == "occupational_safety" and at.query_params["tyyppi"] == "workload"
    at.selectbox(key="inc_type").set_value("").run()
    assert "tyyppi" not in at.query_params
    odd = open_page("incidents", period="5-8/2024", tyyppi="<script>x</script>")
    assert odd.selectbox(key="inc_type").value == ""
    assert any("tyyppi = '\\<script\\>x\\</script\\>'" in w.value for w in odd.warning)  # shown as text


def frame_with(at: AppTest, column: str):
    """The first table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)



def test_rai_page_shows_the_published_tables_and_switches_setting_and_half_year():
    at = open_page("rai", period="5-8/2024")
    assert at.title[0].value == "RAI-laatuindikaattorit: Kotihoito, 7-12/2023"  # the review's half-year by default
    status = at.dataframe[0].value.set_index("Mittari")
    assert round(status.loc["Ateriat riittämättömiä", "7-12/2023"], 1) == 8.0
    assert round(status.loc["Ateriat riittämättömiä", "1-6/2023"], 1) == 10.0
    assert round(status.loc["Ateriat riittämättömiä", "Koko maa"], 1) == 9.0
    assert status.loc["Ateriat riittämättömiä", "Tavoite"] == 7
    assert "1\u00a0679" in at.caption[1].value and "41\u00a0995" in at.caption[1].value
    at.radio(key="rai_setting").set_value("asumispalvelut").run()
    assert not at.exception and at.query_params["palvelu"] == "asumispalvelut"
    status = at.dataframe[0].value.set_index("Mittari")
    assert round(status.loc["Vuoteessa elävät", "7-12/2023"], 1) == 22.0
    assert "887" in at.caption[1].value
    at.selectbox(key="rai_half").set_value("1-6/2023").run()
    status = at.dataframe[0].value.set_index("Mittari")
    assert round(status.loc["Vuoteessa elävät", "1-6/2023"], 1) == 24.0
    assert round(status.loc["Ei aktiviteetteja", "1-6/2023"], 1) == 63.0
    assert at.query_params["puolivuosi"] == "1-6/2023"


def test_rai_indicator_choice_names_the_units_outside_the_funnel_and_leaks_no_small_unit():
    at = open_page("rai", period="5-8/2024", palvelu="asumispalvelut")
    at.selectbox(key="rai_indicator").set_value("ap_falls").run()
    text = " ".join(m.value for m in at.markdown)
    assert "Selvästi heikompi (99,8 %:n rajan ulkopuolella): Palvelukoti Kivijärvi (22,8\u00a0%, n = 127)" in text
    assert "Yksiköitä jätetty pois: 2" in text  # the small unit, and one more so that the total cannot give it back
    units = frame_with(at, "Arvioituja asiakkaita")
    assert "Ryhmäkoti Pihlaja" not in set(units["Yksikkö"]) and len(units) == 8
    assert "mittari" not in at.query_params  # the default indicator stays out of the link
    at.selectbox(key="rai_indicator").set_value("ap_bedridden").run()
    assert "Palvelukeskus Hollonkulma (36,6\u00a0%, n = 112)" in " ".join(m.value for m in at.markdown)
    assert at.query_params["mittari"] == "ap_bedridden"
    at.radio(key="rai_centre").set_value("national").run()
    assert "koko maan arvo 16,0\u00a0%" in " ".join(m.value for m in at.markdown)
    assert at.query_params["vertailu"] == "national"
    at.selectbox(key="rai_unit").set_value("PH-IKU-02-10").run()
    assert "Yksikön Ryhmäkoti Pihlaja arvoja ei näytetä" in " ".join(m.value for m in at.markdown)
    at.selectbox(key="rai_unit").set_value("PH-IKU-02-02").run()
    assert "Palvelukoti Kivijärvi: selvästi aluetta heikompi: Kaatuminen." in " ".join(m.value for m in at.markdown)
    profile = at.dataframe[-1].value.set_index("Mittari")
    assert round(profile.loc["Kaatuminen", "Yksikkö"], 1) == 22.8 and round(profile.loc["Kaatuminen", "Alue"], 1) == 12.0


def test_rai_palvelualue_filter_and_english():
    at = open_page("rai", period="5-8/2024", palvelualue="Asumispalvelut", lang="en")
    assert at.title[0].value == "RAI quality indicators: Housing services (24-hour care), 7-12/2023"
    assert [o for o in at.radio(key="rai_setting").options] == ["Housing services (24-hour care)"]
    # the county's 887 minus this palvelualue's 884 would give back the small unit's 3 (Pienryhmäkodit, a
    # palvelualue of its own): the group's values are withheld and the page says why
    assert "fewer than 5 assessed clients" in at.info[0].value and "884" not in at.info[0].value
    units = frame_with(at, "Assessed clients")
    assert set(units["Service area"]) <= {"Asumispalvelut"}
    home = open_page("rai", period="5-8/2024", palvelualue="Kotihoito", palvelu="asumispalvelut")
    assert home.radio(key="rai_setting").value == "kotihoito"  # the link's setting is not in scope: a note, a default
    assert any("palvelu = 'asumispalvelut'" in w.value for w in home.warning)



def test_incidents_page_says_what_the_small_number_rule_withholds():
    """Kuntoutus 5-8/2024: its patient-safety total, some months and the reaction times are withheld (they would
    give back a count under 5). The page says so in words, draws the months it may show and the event types as
    counts (their shares would need the hidden total); no sentence carries a bare "–" for a number."""
    at = open_page("incidents", period="5-8/2024", palvelualue="Kuntoutus")
    infos = [i.value for i in at.info]
    assert infos[0].startswith("Valitun rajauksen ilmoitusten määrää ei näytetä kaudelta 5-8/2024 (vuotta aiemmin 343)")
    assert any(i.startswith("Osa valitun rajauksen kuukausista jää piiloon") for i in infos)
    assert any(i.startswith("Valitun rajauksen reagointiaikoja ei näytetä kaudelta 5-8/2024") for i in infos)
    assert not any("– vrk" in m.value or "tehtiin –" in m.value or "oli –" in m.value for m in at.markdown)
    assert any(m.value.startswith("Läheltä piti -tilanteiden suhdetta haittatapahtumiin ja havaintojen osuutta ei "
                                  "näytetä kaudelta 5-8/2024") for m in at.markdown)
    charts = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert any("Ilmoitukset kuukausittain (piilotetut kuukaudet puuttuvat)" in spec for spec in charts)
    assert any("(ilmoituksia; osuudet piilotettu)" in spec for spec in charts)
    assert not any("Reagointiaika (ilmoitus" in spec for spec in charts)
    # a palvelualue whose figures may all be shown keeps its control chart and reaction times
    home = open_page("incidents", period="5-8/2024", palvelualue="Kotihoito")
    assert not any("piiloon" in i.value or "ei näytetä" in i.value for i in home.info)
    assert home.radio(key="inc_chart").value


def test_rescue_page_shows_the_published_figures_and_follows_the_period():
    at = open_page("rescue", period="5-8/2024")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Riskiluokka I (6 min)"] == "79,0\u00a0%" and metrics["Riskiluokka II (10 min)"] == "84,0\u00a0%"
    assert metrics["Riskiluokka III (20 min)"] == "98,0\u00a0%" and metrics["Välittömästä vaarasta pelastetut"] == "11"
    assert metrics["Pelastettu omaisuus (rakennuspalot ja -palovaarat)"] == "77\u00a0%"
    assert "Riskiluokka IV · Mediaani (min)" in metrics  # class IV: its times, no share
    table = frame_with(at, "Tavoiteajassa")
    assert table.iloc[0]["95 %:n luottamusväli"] == "74,7–82,7\u00a0%" and table.iloc[0]["Tehtäviä"] == 400
    assert "riskiluokka I 79,0\u00a0% tehtävistä (n = 400)" in at.info[0].value
    at.selectbox(key="f_period").set_value("5-8/2023").run()
    assert not at.exception and at.title[0].value == "Pelastustoimen toimintavalmius kaudella 5-8/2023"
    assert {m.label: m.value for m in at.metric}["Riskiluokka I (6 min)"] == "79,1\u00a0%"


def test_rescue_area_filter_keeps_totals_consistent():
    whole = open_page("rescue", period="5-8/2024")
    areas = frame_with(whole, "Kunta")
    lahti_i = areas[(areas["Kunta"] == "Lahti") & (areas["Riskiluokka"] == "Riskiluokka I (6 min)")].iloc[0]
    whole.multiselect(key="rescue_areas").set_value(["Lahti"]).run()
    assert not whole.exception and whole.query_params["alue"] in ("Lahti", ["Lahti"])
    table = frame_with(whole, "Tavoiteajassa")
    assert table.iloc[0]["Tehtäviä"] == lahti_i["Tehtäviä"]
    assert round(table.iloc[0]["Tavoiteajassa"], 1) == round(lahti_i["Tavoiteajassa"], 1)
    assert set(frame_with(whole, "Kunta")["Kunta"]) == {"Lahti"}
    linked = open_page("rescue", period="5-8/2024", alue="Lahti")
    assert linked.multiselect(key="rescue_areas").value == ["Lahti"]
    assert frame_with(linked, "Tavoiteajassa").iloc[0]["Tehtäviä"] == lahti_i["Tehtäviä"]


def test_rescue_grain_station_areas_and_english():
    at = open_page("rescue", period="5-8/2024", lang="en", aluejako="station", jakso="quarter", alue="Nope")
    assert any("alue = 'Nope'" in w.value for w in at.warning)
    assert at.radio(key="rescue_grain").value == "quarter"
    assert "Risk class I (6 min): share within the target time (quarter, p′ chart)" in [
        c.proto.alt for c in at.get("vega_lite_chart")]
    assert "Lahden paloasema" in set(frame_with(at, "Station area")["Station area"])
    at.radio(key="rescue_grain").set_value("tertial").run()
    assert at.query_params["jakso"] == "tertial" and not at.exception


def test_forecast_page_forecasts_the_chosen_series_and_says_the_chance_of_the_target():
    at = open_page("forecasts", period="9-12/2024", aihe="rescue", sarja="rescue:I")
    assert at.title[0].value == "Ennuste: Toimintavalmius riskiluokassa I (6 min)"
    assert at.number_input(key="fc_target_rescue:I").value == 50
    finding = at.info[0].value
    assert "jaksolla 12/2025 noin" in finding and "Tavoite ≥ 50\u00a0% täyttyy jaksolla 12/2025 noin 99\u00a0%" in finding
    backtest = frame_with(at, "MASE")
    assert backtest["Malli"].str.startswith("★ ").sum() == 1 and len(backtest) >= 8
    assert list(backtest["MASE"]) == sorted(backtest["MASE"])
    # why the chosen model won, in words, under the table
    assert any(m.value.startswith("Valittiin ") and "MASE" in m.value for m in at.markdown)
    at.number_input(key="fc_target_rescue:I").set_value(90.0).run()
    assert "Tavoite ≥ 90\u00a0% täyttyy" in at.info[0].value and "noin 99\u00a0%" not in at.info[0].value
    at.radio(key="fc_grain").set_value("quarter").run()
    assert not at.exception and at.slider(key="fc_horizon").value == 4
    assert "jaksolla Q4/2025" in at.info[0].value and at.query_params["jakso"] == "quarter"


def test_forecast_page_series_area_and_too_short_history():
    at = open_page("forecasts", period="9-12/2024", lang="en")
    assert at.title[0].value == "Forecast: Client and patient safety (HaiPro), reports"
    at.selectbox(key="fc_area").set_value("Kotihoito").run()
    assert not at.exception and at.query_params["sarja_alue"] == "Kotihoito"
    early = open_page("forecasts", period="1-4/2022")  # 16 months of history: too short for seasonality
    notes = [i.value for i in early.info]
    assert any("Kausivaihtelun malleihin tarvitaan vähintään 43 kuukautta" in n for n in notes)
    rescue_area = open_page("forecasts", period="9-12/2024", sarja="indicator:incident_near_miss_ratio",
                            sarja_alue="Pelastustoiminta")
    assert "Tätä sarjaa ei voi ennustaa" in rescue_area.error[0].value  # months without harm events: no ratio


def test_data_page_checks_an_upload_imports_it_and_can_undo(data_copy, monkeypatch):
    from analytics.data.bundle import load_bundle

    from .corpus import csv_bytes, haipro_export, snapshot

    monkeypatch.setenv("OMAVALVONTA_DATA_DIR", str(data_copy))
    bundle = load_bundle(data_copy)
    at = open_page("data")
    state = frame_with(at, "Rivejä").set_index("Taulu")
    assert state.loc["Vaaratapahtumailmoitukset", "Rivejä"] == 72658
    before = snapshot(data_copy)
    bad = haipro_export(bundle).assign(**{"Ilmoituspäivä": "31.2.2024"})
    at.file_uploader(key="data_file").set_value(("haipro.csv", csv_bytes(bad), "text/csv")).run()
    assert not at.exception and "Tiedostossa on 6 ongelmaa" in at.error[0].value
    problems = frame_with(at, "Syy")
    assert list(problems["Rivi"]) == [2, 3, 4, 5, 6, 7] and set(problems["Arvo"]) == {"31.2.2024"}
    assert set(problems["Syy"]) == {"ei ole päivämäärä: kirjoita p.k.vvvv (esim. 3.5.2024) tai p.k.vvvv hh:mm"}
    assert not [b for b in at.button if b.label == "Tuo"] and snapshot(data_copy) == before
    at.file_uploader(key="data_file").set_value(("haipro.csv", csv_bytes(haipro_export(bundle)), "text/csv")).run()
    assert "6 uutta riviä voidaan tuoda" in at.success[0].value
    at.button(key="data_import").click().run()
    assert not at.exception
    assert "Tuotu tauluun Vaaratapahtumailmoitukset: 6 uutta riviä tiedostosta haipro.csv" in at.success[-1].value
    state = frame_with(at, "Rivejä").set_index("Taulu")
    assert state.loc["Vaaratapahtumailmoitukset", "Rivejä"] == 72664
    assert state.loc["Vaaratapahtumailmoitukset", "Lähdetiedosto"] == "haipro.csv"
    assert len(load_bundle(data_copy).incidents) == 72664
    at.button(key="undo_incidents").click().run()
    assert not at.exception and len(load_bundle(data_copy).incidents) == 72658


def _frames(view) -> dict:
    """Every DataFrame of a view (a frozen dataclass), by field name."""
    return {f.name: getattr(view, f.name) for f in dataclasses.fields(view)
            if isinstance(getattr(view, f.name), pd.DataFrame)}


def test_pages_leave_the_shared_views_as_they_were_computed():
    """The views are cached as shared objects (one per data version and filters, for every session): a page that
    changed one in place would change what every other session sees. Each page is drawn twice, in two languages,
    and its view must still equal one computed afresh."""
    from analytics.core.periods import HalfYear, Tertial
    from analytics.data.bundle import DEFAULT_DATA_DIR, data_signature, load_bundle
    from analytics.views.incidents import build_incident_view
    from analytics.views.rai import build_rai_view
    from analytics.views.rescue import build_rescue_view
    from analytics.views.review import build_review
    from ui import cached

    for page, lang in (("overview", "fi"), ("incidents", "en"), ("rescue", "sv"), ("incidents", "fi")):
        open_page(page, period="5-8/2024", lang=lang)
    shown_half = open_page("rai", period="5-8/2024").selectbox(key="rai_half").value
    bundle = load_bundle(DEFAULT_DATA_DIR)
    county = bundle.org_units["county"].iloc[0]
    key = cached.ViewKey(str(DEFAULT_DATA_DIR), data_signature(DEFAULT_DATA_DIR), county)
    tertial, half = Tertial.parse("5-8/2024"), HalfYear.parse(shown_half)

    def computed_again(*args, **kwargs):
        raise AssertionError("not the view the page used: it was computed again")

    with pytest.MonkeyPatch.context() as patch:  # the views the pages drew, from the cache
        for name in ("build_review", "build_incident_view", "build_rescue_view", "build_rai_view"):
            patch.setattr(cached, name, computed_again)
        used = [cached.review_of(key, tertial.label), cached._incident_view(key, tertial.label, "patient_safety", None),
                cached._rescue_view(key, tertial.label, "municipality", (), "month"),
                cached._rai_view(key, "kotihoito", half.label)]
    fresh = [build_review(bundle, tertial, key.scope()),
             build_incident_view(bundle, tertial, key.scope(), "patient_safety", None),
             build_rescue_view(bundle, tertial, key.scope(), "municipality", (), "month"),
             build_rai_view(bundle, "kotihoito", half, key.scope())]
    pairs = list(zip(used, fresh))
    for used, fresh in pairs:
        assert _frames(used).keys() == _frames(fresh).keys() and _frames(used)
        for name, frame in _frames(used).items():
            pd.testing.assert_frame_equal(frame, _frames(fresh)[name], obj=f"{type(used).__name__}.{name}")


def test_a_new_data_version_drops_the_views_of_the_previous_one(tmp_path):
    # after an import the old version's bundle and views are never asked for again: kept, they held over 200 MB
    import shutil

    from analytics.data.bundle import DEFAULT_DATA_DIR, data_signature
    from ui import cached

    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    old = data_signature(data)
    cached.data_version(str(data), old)
    key = cached.ViewKey(str(data), old)
    review = cached.review_of(key, "5-8/2024")
    assert cached.review_of(key, "5-8/2024") is review and cached.is_current(key)
    feedback = pd.read_parquet(data / "feedback.parquet")
    feedback.iloc[:-1].to_parquet(data / "feedback.parquet", index=False)  # an import: a new version
    new = data_signature(data)
    assert new != old
    cached.data_version(str(data), new)
    assert not cached.is_current(key) and cached.is_current(cached.ViewKey(str(data), new))
    assert cached.review_of(key, "5-8/2024") is not review  # the old version's view was dropped

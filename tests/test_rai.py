"""The RAI page's figures: DOMAIN §4 for both half-years of 2023, the report command agreeing, the
funnel naming exactly the units outside the limits, and THL's small-number rule never leaking."""
from __future__ import annotations

import dataclasses
import json
import math

import pandas as pd
import pytest

from analytics.core.periods import HalfYear
from analytics.core.scope import Scope
from analytics.data.bundle import load_bundle
from analytics.domain.privacy import share_hidden
from analytics.domain.rai import display_decimals
from analytics.render import charts
from analytics.stats.funnel import binomial_limit
from analytics.text import rai as rai_words
from analytics.text.i18n import fmt_number
from analytics.views import rai as rv

from .test_report_figures import RAI

H1, H2 = HalfYear(2023, 1), HalfYear(2023, 2)
SMALL_UNIT = "PH-IKU-02-10"  # Ryhmäkoti Pihlaja: 3 assessed clients in every half-year
SMALL_NAME = "Ryhmäkoti Pihlaja"


def rounded(value: float, kind: str) -> float:
    return round(value, 2 if kind == "score" else 1)


@pytest.mark.parametrize("setting", list(RAI))
@pytest.mark.parametrize("half", [H2, H1])
def test_status_table_reproduces_domain_for_both_half_years_of_2023(bundle, setting, half):
    expected, n, national_n = RAI[setting]
    view = rv.build_rai_view(bundle, setting, half)
    assert view.n == n[half.label] and view.national_n == national_n
    got = {}
    for row in view.status.itertuples(index=False):
        ind = bundle.catalogue.get(row.indicator_id)
        target = None if math.isnan(row.target) else row.target
        got[ind.name_fi] = (rounded(row.national, row.kind), target, rounded(row.value, row.kind))
    position = 2 if half == H2 else 3  # DOMAIN columns: national, target, H2/2023, H1/2023
    assert got == {name: (values[0], values[1], values[position]) for name, values in expected.items()}
    if half == H2:  # the previous half-year column is the published H1 column
        previous = {bundle.catalogue.get(r.indicator_id).name_fi: rounded(r.previous, r.kind)
                    for r in view.status.itertuples(index=False)}
        assert previous == {name: values[3] for name, values in expected.items()}
        assert view.previous_n == n[H1.label]


def test_page_and_report_command_agree(bundle, report):
    published = report("--period", "5-8/2024")
    for table in published["rai"]:
        view = rv.build_rai_view(bundle, table["setting"], H2)
        rows = view.status.set_index("indicator_id")
        for ind in table["indicators"]:
            decimals = display_decimals(bundle.catalogue.get(ind["id"]))  # the report publishes what the page shows
            assert round(rows.loc[ind["id"], "value"], decimals) == pytest.approx(ind["values"]["7-12/2023"])
            assert round(rows.loc[ind["id"], "previous"], decimals) == pytest.approx(ind["values"]["1-6/2023"])
            assert rows.loc[ind["id"], "status"] == ind["status"]
            if ind["gap_to_target"] is not None:
                assert rows.loc[ind["id"], "gap"] == pytest.approx(ind["gap_to_target"])


def test_status_says_how_far_from_the_target(bundle):
    view = rv.build_rai_view(bundle, "asumispalvelut", H2)
    shown = rai_words.status_display(view, bundle.catalogue, "fi").data.set_index("Mittari")
    # 10,0 % against a target of 7 %, lower is better: 3 points on the worse side
    assert shown.loc["Tahaton painonlasku", "Tila"] == "✖ Tavoitetta ei saavutettu · 3,0 %-yks. heikompi"
    assert shown.loc["Psykoosilääkitys, ei psykoottisia oireita", "Tila"] == "✔ Tavoite saavutettu · 1,0 %-yks. parempi"
    assert shown.loc["RUG18-kustannuspaino KP2", "Tila"] == "– Ei tavoitetta"
    assert shown.loc["RUG18-kustannuspaino KP2", "Parempi"] == "–"
    html = rai_words.status_display(view, bundle.catalogue, "fi").to_html()
    assert ">1,00<" in html and ">10,0\u00a0%<" in html and ">7\u00a0%<" in html  # a score is not a percent


def test_funnel_names_exactly_the_units_outside_the_limits(bundle):
    view = rv.build_rai_view(bundle, "kotihoito", H2)
    named_somewhere = 0
    for ind in bundle.catalogue.by_domain("rai", "kotihoito"):
        if ind.kind != "share":
            assert rv.unit_funnel(view, ind) is None
            continue
        for centre in rv.CENTRES:
            result = rv.unit_funnel(view, ind, centre)
            row = view.status.set_index("indicator_id").loc[ind.id]
            theta = (row["national"] if centre == "national" else row["value"]) / 100
            units = view.units[view.units["indicator_id"] == ind.id]
            outside = [u.unit_name for u in units.itertuples(index=False)
                       if not binomial_limit(theta, u.denominator, 0.001) <= u.numerator / u.denominator
                       <= binomial_limit(theta, u.denominator, 0.999)]
            sentence = rai_words.funnel_finding(result, ind, view, centre, "fi")
            for unit in units["unit_name"]:
                assert (f"{unit} (" in sentence) == (unit in outside), (ind.id, centre, unit)
            named_somewhere += len(outside)
    assert named_somewhere > 0  # the check above is not vacuous


def test_worse_and_better_follow_the_indicators_direction():
    assert rv.worse_side("above", "lower") == "worse" and rv.worse_side("below", "lower") == "better"
    assert rv.worse_side("above", "higher") == "better" and rv.worse_side("within", "lower") is None


@pytest.mark.parametrize(("numerator", "denominator", "kind", "hidden"), [
    (1, 4, "share", True), (0, 3, "share", True), (2.9, 4, "score", True),  # fewer than 5 assessed
    (0, 8, "share", True), (8, 8, "share", True),  # 0 % / 100 % of a small group
    (0, 10, "share", False), (3, 8, "share", False), (5.2, 5, "score", False),
])
def test_thl_small_number_rule(numerator, denominator, kind, hidden):
    assert share_hidden(numerator, denominator, kind) is hidden


def _everything_shown(bundle, view: rv.RaiView, lang: str = "fi") -> str:
    """Every table, download and chart spec the page can show for ``view``, as one text."""
    catalogue = bundle.catalogue
    parts = [rai_words.status_display(view, catalogue, lang).to_html(), rv.status_data(view, catalogue).to_csv(),
             rai_words.status_finding(view, catalogue, lang)]
    series = rai_words.series_data(view, catalogue, lang)
    parts += [series.to_csv(), json.dumps(charts.small_multiples(series, "t", lang).to_dict())]
    for ind in catalogue.by_domain("rai", view.setting):
        for centre in rv.CENTRES:
            result = rv.unit_funnel(view, ind, centre)
            parts.append(rai_words.funnel_finding(result, ind, view, centre, lang))
            shown, data = rai_words.units_display(view, catalogue, ind, result, lang)
            parts += [shown.to_html(), data.to_csv()]
            if result is not None:
                points = rv.funnel_table(result, ind).assign(verdict="")
                parts.append(json.dumps(charts.funnel_plot(points, rv.funnel_curves(result), result.centre * 100,
                                                           "t", lang, "v").to_dict()))
    for unit_id in view.units["unit_id"].unique():
        profile = rv.unit_profile(view, catalogue, unit_id)
        dots = rai_words.profile_chart_data(profile, catalogue, "X", lang)
        parts += [rai_words.profile_display(profile, catalogue, lang).to_html(),
                  rv.profile_data(profile, catalogue).to_csv(),
                  json.dumps(charts.profile_dots(dots, "t", lang, "v").to_dict())]
    return "\n".join(parts)


def test_a_unit_with_fewer_than_five_assessed_clients_never_leaks(bundle):
    small = bundle.rai_results[bundle.rai_results["unit_id"] == SMALL_UNIT]
    assert len(small) and (small["denominator"] < 5).all()  # the sample has such a unit
    view = rv.build_rai_view(bundle, "asumispalvelut", H2)
    assert SMALL_UNIT not in set(view.units["unit_id"])
    assert all(SMALL_NAME in names for names in view.hidden_units.values())
    text = _everything_shown(bundle, view)
    assert SMALL_NAME not in text and SMALL_UNIT not in text
    profile = rv.unit_profile(view, bundle.catalogue, SMALL_UNIT)
    assert profile["unit_value"].isna().all() and profile["assessed"].isna().all()
    assert "ei näytetä" in rai_words.profile_finding(profile, SMALL_NAME, bundle.catalogue, "fi")
    assert rai_words.profile_chart_data(profile, bundle.catalogue, SMALL_NAME, "fi").empty
    assert "Yksiköitä jätetty pois: 2" in rai_words.funnel_finding(
        rv.unit_funnel(view, bundle.catalogue.get("ap_falls")), bundle.catalogue.get("ap_falls"), view, "county", "fi")


def test_a_zero_or_full_share_of_a_small_group_never_leaks(data_copy):
    """Give a nine-client unit 0 % for one indicator: it must disappear from every view of it."""
    rai = pd.read_parquet(data_copy / "rai_results.parquet")
    unit = "PH-IKU-02-09"  # Hoivakoti Tainionkoti
    row = (rai["unit_id"] == unit) & (rai["indicator_id"] == "ap_falls") & (rai["year"] == 2023) & (rai["half"] == 2)
    rai.loc[row, ["numerator", "denominator"]] = [0.0, 9]
    rai.to_parquet(data_copy / "rai_results.parquet", index=False)
    changed = load_bundle(data_copy)
    view = rv.build_rai_view(changed, "asumispalvelut", H2)
    falls = view.units[view.units["indicator_id"] == "ap_falls"]
    assert unit not in set(falls["unit_id"])
    assert "Hoivakoti Tainionkoti" in view.hidden_units["ap_falls"]
    # two units are out of the falls indicator now (the three-client one and this one), so no third is
    # hidden with them; every other unit's falls value stays
    assert len(view.hidden_units["ap_falls"]) == 2 and len(falls) == len(view.units["unit_id"].unique())
    profile = rv.unit_profile(view, changed.catalogue, unit).set_index("indicator_id")
    assert math.isnan(profile.loc["ap_falls", "unit_value"])


def test_a_filtered_group_follows_the_rule_but_the_county_stays_exact(bundle):
    """Move the three-client unit into a palvelualue of its own and filter to it."""
    org = bundle.org_units.copy()
    org.loc[org["unit_id"] == SMALL_UNIT, "palvelualue"] = "Pieni palvelualue"
    changed = dataclasses.replace(bundle, org_units=org)
    small = rv.build_rai_view(changed, "asumispalvelut", H2, Scope(None, (), ("Pieni palvelualue",)))
    assert small.status["value"].isna().all() and small.series["county"].isna().all()
    assert small.n == 0 and small.units.empty
    text = _everything_shown(changed, small)
    assert SMALL_NAME not in text
    whole = rv.build_rai_view(changed, "asumispalvelut", H2)
    assert whole.n == 887  # the county total still counts the small unit's clients


def test_palvelualue_filter_keeps_only_its_units(bundle):
    home = rv.build_rai_view(bundle, "kotihoito", H2, Scope(None, (), ("Kotihoito",)))
    whole = rv.build_rai_view(bundle, "kotihoito", H2)
    assert home.n == whole.n and set(home.units["palvelualue"]) == {"Kotihoito"}
    assert rv.choices_in_scope(bundle, Scope(None, (), ("Kotihoito",))).keys() == {"kotihoito"}
    assert rv.choices_in_scope(bundle, Scope(None, ("Pelastuslaitos",), ())) == {}


def test_series_marks_the_medication_break_and_keeps_scores_as_scores(bundle):
    view = rv.build_rai_view(bundle, "asumispalvelut", H2)
    breaks = view.series[view.series["is_break"]]
    assert list(zip(breaks["indicator_id"], breaks["period"])) == [("ap_nine_medicines", "1-6/2022")]
    rug = view.series[view.series["indicator_id"] == "ap_rug_cost_weight"]
    assert rug["county"].between(0.5, 2).all()  # a cost weight, not a percent
    assert fmt_number(rug[rug["period"] == "7-12/2023"]["county"].iloc[0], 2) == "1,00"


def test_downloads_have_numbers_not_text(bundle):
    view = rv.build_rai_view(bundle, "kotihoito", H2)
    data = rv.status_data(view, bundle.catalogue)
    assert pd.api.types.is_float_dtype(data["value"]) and data.loc[0, "indicator"] == "Ateriat riittämättömiä"
    assert round(data.loc[0, "value"], 1) == 8.0 and data.loc[0, "assessed"] == 1679


def test_a_lone_hidden_unit_takes_the_next_smallest_with_it(bundle):
    """The county's n minus the shown units' n would give the three-client unit's n back: the smallest
    other unit is left out of that indicator too."""
    view = rv.build_rai_view(bundle, "asumispalvelut", H2)
    for indicator, names in view.hidden_units.items():
        assert len(names) != 1, indicator
        shown = view.units[view.units["indicator_id"] == indicator]
        if len(shown):
            assert view.n - shown["denominator"].sum() >= 5 or len(names) == 0  # what is left is not one small unit

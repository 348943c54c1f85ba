"""The rescue page's figures: DOMAIN §5 for 5-8/2024, agreement with the report command, totals that
stay consistent under an area filter, time grains, the county's own target and small cells."""
from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import load_bundle
from analytics.data.catalogue import Target
from analytics.stats.intervals import wilson
from analytics.text import rescue as rescue_words
from analytics.views import rescue as rv

PERIOD = Tertial.parse("5-8/2024")


@pytest.fixture(scope="module")
def view(bundle):
    return rv.build_rescue_view(bundle, PERIOD)


def test_default_view_reproduces_domain_and_the_report(view, report):
    rows = view.compliance.set_index("risk_class")
    assert {c: round(rows.loc[c, "share_pct"]) for c in ("I", "II", "III")} == {"I": 79, "II": 84, "III": 98}
    assert {c: int(rows.loc[c, "tasks"]) for c in ("I", "II", "III")} == {"I": 400, "II": 250, "III": 300}
    assert (rows.loc[["I", "II", "III"], "target_share_pct"] == 50).all()
    assert set(rows.loc[["I", "II", "III"], "target_source"]) == {"national"}
    published = {c["risk_class"]: c for c in report("--period", "5-8/2024")["rescue"]["compliance"]}
    for risk_class, row in rows.iterrows():
        assert row["tasks"] == published[risk_class]["tasks"]
        if risk_class != "IV":
            assert row["share_pct"] == pytest.approx(published[risk_class]["share_pct"])
            assert [row["lower_pct"], row["upper_pct"]] == pytest.approx(published[risk_class]["interval_95_pct"])
    assert view.effect["persons_rescued"] == 11 and round(view.effect["saved_pct"]) == 77
    assert round(view.effect["property_threatened_eur"] / 1e6, 1) == 22.7


def test_interval_is_wilsons(view):
    row = view.compliance.set_index("risk_class").loc["I"]
    interval = wilson(316, 400)
    assert (row["lower_pct"], row["upper_pct"]) == pytest.approx((interval.lower * 100, interval.upper * 100))
    assert 74 < row["lower_pct"] < 79 < row["upper_pct"] < 83


def test_class_four_shows_times_but_no_share(view):
    four = view.compliance.set_index("risk_class").loc["IV"]
    assert four["tasks"] == 80 and math.isnan(four["share_pct"]) and four["status"] == "no_target"
    assert four["median_minutes"] > 20 and "IV" not in view.control
    assert set(view.ecdf["risk_class"]) == {"I", "II", "III", "IV"}


def test_totals_stay_consistent_under_an_area_filter(bundle, view):
    municipalities = list(rv.area_options(bundle, Scope(), "municipality"))
    assert len(municipalities) == 10
    singles = [rv.build_rescue_view(bundle, PERIOD, areas=(m,)) for m in municipalities]
    whole = view.compliance.set_index("risk_class")
    areas = view.by_area.set_index(["area", "risk_class"])
    for risk_class in ("I", "II", "III", "IV"):
        tasks = [s.compliance.set_index("risk_class").loc[risk_class, "tasks"] for s in singles]
        shown = [n for n in tasks if n == n]
        # an area's class is shown exactly as in the areas table, or hidden in both (one decision)
        for m, n in zip(municipalities, tasks):
            if (m, risk_class) in areas.index:
                cell = areas.loc[(m, risk_class), "tasks"]
                assert (n != n and cell != cell) or n == cell, (m, risk_class)
        assert sum(shown) <= whole.loc[risk_class, "tasks"]
        assert len(shown) != len(tasks) - 1 or sum(shown) == whole.loc[risk_class, "tasks"]  # never one lone gap
    assert all(s.effect["persons_rescued"] != s.effect["persons_rescued"] for s in singles)  # county only
    two = rv.build_rescue_view(bundle, PERIOD, areas=("Lahti", "Hollola"))
    by_name = {s.areas[0]: s for s in singles}
    lahti, hollola = by_name["Lahti"], by_name["Hollola"]
    assert two.task_count == lahti.task_count + hollola.task_count < view.task_count
    # the area table of the whole view has the single area's own figures
    row = view.by_area[(view.by_area["area"] == "Lahti") & (view.by_area["risk_class"] == "I")].iloc[0]
    assert row["tasks"] == lahti.compliance.set_index("risk_class").loc["I", "tasks"]


def test_station_areas_give_the_same_totals(bundle, view):
    stations = rv.build_rescue_view(bundle, PERIOD, area_kind="station")
    assert set(stations.by_area["area_name"]) <= set(bundle.org_units["unit_name"])
    shown = stations.by_area[~stations.by_area["hidden"]]
    small = stations.by_area["small"]
    assert view.task_count >= shown["tasks"].sum() and small.sum() <= stations.by_area["hidden"].sum()
    lahti = rv.build_rescue_view(bundle, PERIOD, area_kind="station", areas=("PH-PEL-09-01",))
    assert lahti.task_count == rv.build_rescue_view(bundle, PERIOD, areas=("Lahti",)).task_count


@pytest.mark.parametrize(("grain", "points", "last"), [("month", 44, "8/2024"), ("quarter", 14, "Q2/2024"),
                                                      ("tertial", 11, "5-8/2024")])
def test_control_chart_grains_use_whole_periods_up_to_the_tertial(bundle, grain, points, last):
    view = rv.build_rescue_view(bundle, PERIOD, grain=grain)
    chart, table = view.control["I"]
    assert chart is not None and chart.chart == "pp"
    assert len(table) == points and table["period"].iloc[-1] == last
    assert table["tasks"].sum() == view_tasks_before(bundle, "I", table["start"].iloc[-1], grain)
    assert (table["lower"] <= table["centre"]).all() and (table["centre"] <= table["upper"]).all()
    assert (table["target"] == 50).all()


def view_tasks_before(bundle, risk_class: str, last_start: pd.Timestamp, grain: str) -> int:
    step = {"month": 1, "quarter": 3, "tertial": 4}[grain]
    tasks = bundle.rescue_tasks
    return int(((tasks["risk_class"] == risk_class) & (tasks["alarm_time"] < last_start + pd.DateOffset(months=step))).sum())


def test_too_few_periods_give_no_chart(bundle):
    early = rv.build_rescue_view(bundle, Tertial.parse("5-8/2022"), grain="tertial")
    chart, table = early.control["I"]
    assert chart is None and len(table) == 5


def test_the_countys_stricter_target_is_used_where_the_catalogue_sets_one(bundle):
    catalogue = bundle.catalogue
    strict = tuple(dataclasses.replace(i, targets=(*i.targets, Target(96.0, "2024", "county")))
                   if i.id == "rescue_compliance_I" else i for i in catalogue.indicators)
    changed = dataclasses.replace(bundle, catalogue=dataclasses.replace(catalogue, indicators=strict))
    view = rv.build_rescue_view(changed, PERIOD)
    row = view.compliance.set_index("risk_class").loc["I"]
    assert row["target_share_pct"] == 96 and row["target_source"] == "county" and row["status"] == "not_met"
    assert view.control["I"][1]["target"].eq(96).all()
    assert "Tavoiteosuutta ei saavutettu riskiluokissa I." in rescue_words.compliance_finding(view, "fi")
    assert view.compliance.set_index("risk_class").loc["II", "target_share_pct"] == 50


def test_small_cells_are_hidden_and_a_slow_area_is_named(bundle, view, data_copy):
    hidden = view.by_area[view.by_area["hidden"]]
    assert len(hidden) and hidden[["tasks", "met", "share_pct", "median_minutes"]].isna().all().all()
    _, data = rescue_words.area_display(view, "fi")
    assert set(data.loc[view.by_area["small"].to_numpy(), "tasks"]) == {"< 5"}
    complements = (view.by_area["hidden"] & ~view.by_area["small"]).to_numpy()
    assert data.loc[complements, "tasks"].isna().all()
    for risk_class, cells in view.by_area.groupby("risk_class"):  # a lone hidden cell would be total − shown
        assert cells["hidden"].sum() != 1, risk_class
    assert not data["tasks"].isin([1, 2, 3, 4]).any()
    # make every class II task in Heinola take 15 minutes: Heinola misses its target beyond chance
    tasks = pd.read_parquet(data_copy / "rescue_tasks.parquet")
    slow = (tasks["municipality"] == "Heinola") & (tasks["risk_class"] == "II")
    tasks.loc[slow, "arrival_time"] = tasks.loc[slow, "alarm_time"] + pd.Timedelta(minutes=15)
    tasks.to_parquet(data_copy / "rescue_tasks.parquet", index=False)
    changed = rv.build_rescue_view(load_bundle(data_copy), PERIOD)
    sentence = rescue_words.area_finding(changed, "fi")
    assert "Heinola (riskiluokka II, 0\u00a0%, n = 32; selvästi" in sentence
    assert "Hollola" not in sentence

"""The incidents page's figures: DOMAIN §3 under the default filter, consistent under a palvelualue
filter, the event-type filter, and THL's small-number rule in the unit table."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.domain.privacy import MIN_CASES
from analytics.text.incidents import where_display
from analytics.text.tables import SUPPRESSED
from analytics.views.incidents import build_incident_view

PERIOD = Tertial.parse("5-8/2024")


@pytest.fixture(scope="module")
def view(bundle):
    return build_incident_view(bundle, PERIOD)


def test_default_view_has_the_published_figures(view, report):
    published = report("--period", "5-8/2024")
    categories = view.categories.set_index("category")
    for row in published["incidents"]["by_category"]:
        assert categories.loc[row["category"], "current"] == row["current"]
        assert categories.loc[row["category"], "previous"] == row["previous"]
        assert categories.loc[row["category"], "ratio"] == pytest.approx(row["comparison"]["rate_ratio"])
    assert list(categories["current"]) == [5049, 1031, 122, 136, 5, 6343]
    kinds = view.kinds.set_index("event_kind")
    assert (kinds.loc["harm", "current"], kinds.loc["near_miss", "current"], kinds.loc["observation", "current"]) \
        == (3181, 1578, 290)
    assert [round(x, 1) for x in view.types["share_pct"].head(3)] == [44.3, 24.7, 7.3]
    assert view.client_reports == (67, 39)
    assert view.development_actions == (240, 167)
    assert view.development_themes.set_index("theme").loc["procedures", "count"] == 146
    assert view.reaction["median_days"] == published["incidents"]["reaction_time"]["median_days"]
    assert view.reaction["unhandled"] == published["incidents"]["reaction_time"]["unhandled"]


def test_report_json_carries_each_categorys_comparison(report):
    for row in report("--period", "5-8/2024")["incidents"]["by_category"]:
        comparison = row["comparison"]
        assert comparison["method"] == "quasi-poisson"
        assert comparison["lower"] < comparison["rate_ratio"] < comparison["upper"]
        assert 0 <= comparison["p_value"] <= 1
        assert comparison["rate_ratio"] == pytest.approx(row["current"] / row["previous"])


def test_palvelualue_filter_totals_are_the_sum_over_the_chosen_areas(bundle, view):
    chosen = ("Kotihoito", "Asumispalvelut")
    part = build_incident_view(bundle, PERIOD, Scope(None, (), chosen))
    areas = view.where[(view.where["level"] == "area") & view.where["palvelualue"].isin(chosen)]
    assert part.kinds["current"].sum() == areas["current"].sum()
    assert part.kinds["previous"].sum() == areas["previous"].sum()
    singles = [build_incident_view(bundle, PERIOD, Scope(None, (), (area,))) for area in chosen]
    assert part.total == sum(single.total for single in singles)
    clients = sum(single.client_reports[0] for single in singles)  # NaN where the small-number rule hides one
    assert part.client_reports[0] == clients or (part.client_reports[0] != part.client_reports[0] and clients != clients)
    assert set(part.where["palvelualue"]) == set(chosen)
    units = part.where[part.where["level"] == "unit"]
    assert units["current"].sum() == part.where[part.where["level"] == "area"]["current"].sum()
    assert part.total < view.total


def test_event_type_narrows_the_sections_below(bundle, view):
    medication = build_incident_view(bundle, PERIOD, event_type="medication")
    count = int(view.types.set_index("event_type").loc["medication", "count"])
    assert medication.kinds["current"].sum() == count == 2237
    months = medication.trend_table
    in_period = months[(months["month"] >= PERIOD.start) & (months["month"] < PERIOD.end)]
    assert in_period["count"].sum() == count
    assert medication.where[medication.where["level"] == "area"]["current"].sum() == count
    assert medication.categories.equals(view.categories)  # section 1 stays whole
    unknown = build_incident_view(bundle, PERIOD, event_type="premises")  # not a patient-safety type
    assert unknown.event_type is None and unknown.total == view.total


def test_small_unit_counts_are_shown_as_less_than_five(bundle):
    grievances = build_incident_view(bundle, PERIOD, category="grievance")
    units = grievances.where[grievances.where["level"] == "unit"]
    small = units[units["current"].between(1, MIN_CASES - 1) | units["previous"].between(1, MIN_CASES - 1)]
    assert len(small) > 0 and small["suppressed"].all()
    shown, data = where_display(grievances, "fi")
    for column in ("current", "previous"):
        values = data[column]
        assert not values.isin([1, 2, 3, 4]).any()  # no small count anywhere, units or areas
        assert (values == "< 5").any()
    assert data.loc[data["current"] == "< 5", "change"].isna().all()
    # on screen a hidden count is a stand-in number (so the column sorts) that shows as "< 5"
    screen = shown.data
    assert not screen["5-8/2024"].isin([1, 2, 3, 4]).any() and (screen["5-8/2024"] == SUPPRESSED).any()
    assert ">< 5<" in shown.to_html()


@pytest.mark.parametrize("category", ["grievance", "patient_safety", "occupational_safety", "environment"])
def test_a_hidden_count_cannot_be_recomputed_from_the_totals(bundle, category):
    """Secondary suppression: an area's total minus its shown units, or the county total minus the
    shown areas, never gives back a single hidden count."""
    view = build_incident_view(bundle, PERIOD, category=category)
    _, data = where_display(view, "fi")
    exact = view.where
    for column in ("current", "previous"):
        hidden = data[column].isna() | (data[column] == "< 5")
        for area, rows in data[data["level"] == "unit"].groupby("palvelualue"):
            lone = hidden.loc[rows.index].sum() == 1
            area_hidden = hidden.loc[data.index[(data["level"] == "area") & (data["palvelualue"] == area)]].all()
            assert not lone or area_hidden, (category, column, area)
            if hidden.loc[rows.index].sum() >= 2:  # the hidden ones together are never just one small count
                assert exact.loc[rows.index[hidden.loc[rows.index]], column].gt(0).sum() >= 2 or area_hidden
        areas = data[data["level"] == "area"]
        assert hidden.loc[areas.index].sum() != 1, (category, column)


def test_cells_to_hide_primary_secondary_and_exposed_groups():
    from analytics.domain.privacy import cells_to_hide
    values = pd.Series([3, 10, 20, 0, 3, 0, 2, 4, 50])
    groups = pd.Series(["a", "a", "a", "b", "b", "b", "c", "c", "c"])
    hidden, exposed = cells_to_hide(values, groups)
    assert list(hidden) == [True, True, False, False, True, False, True, True, False]
    assert list(exposed) == ["b"]  # only zeros beside the 3: the group's total must go too
    forced, _ = cells_to_hide(pd.Series([30, 40, 50]), pd.Series(["x"] * 3), pd.Series([True, False, False]))
    assert list(forced) == [True, True, False]

def test_the_small_number_setting_shows_exact_unit_counts_only_when_turned_off(bundle, monkeypatch):
    hidden_view = build_incident_view(bundle, PERIOD, category="grievance")
    _, hidden = where_display(hidden_view, "fi")
    assert (hidden["current"] == "< 5").any()
    monkeypatch.setenv("OMAVALVONTA_SMALL_NUMBERS", "show")
    open_view = build_incident_view(bundle, PERIOD, category="grievance")
    _, shown = where_display(open_view, "fi")
    assert not (shown["current"] == "< 5").any() and shown["current"].isin([1, 2, 3, 4]).any()
    assert shown["current"].notna().all()  # nothing hidden as a complement either
    assert list(shown["current"]) == list(open_view.where["current"])


def test_targets_on_the_pages_are_the_catalogues(data_copy):
    """A county that edits its catalogue's targets gets figures and words that follow them: the reaction-time
    target counts the reports handled in time and names itself in the method, the observation share's target
    titles its chart, and the rescue minutes and national share come from the rescue indicators."""
    from analytics.data.bundle import load_bundle
    from analytics.text import comparison as comparison_words
    from analytics.text import incidents as incident_words
    from analytics.text import rescue as rescue_words
    from analytics.views.comparison import rescue_by_county

    path = data_copy / "indicators.toml"
    text = path.read_text(encoding="utf-8")
    for old, new in (('{ value = 14.0, kind = "below"', '{ value = 7.0, kind = "below"'),
                     ('targets = [{ value = 10.0, period = "standing"', 'targets = [{ value = 15.0, period = "standing"'),
                     ("target_minutes = 6\n", "target_minutes = 8\n"),
                     ('targets = [{ value = 50.0, period = "standing", source = "national" }]',
                      'targets = [{ value = 60.0, period = "standing", source = "national" }]')):
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    bundle = load_bundle(data_copy)
    view = build_incident_view(bundle, PERIOD)

    reports = bundle.incidents
    chosen = reports[(reports["category"] == "patient_safety") & (reports["report_date"] >= PERIOD.start)
                     & (reports["report_date"] < PERIOD.end)]["reaction_days"].dropna()
    assert view.reaction["within_target_pct"] == pytest.approx((chosen < 7).mean() * 100)
    assert (chosen < 7).mean() < (chosen < 14).mean()  # the edit changed the figure
    assert "alle 7 vrk" in incident_words.method(bundle.catalogue, "fi")
    assert "14 vrk" not in incident_words.method(bundle.catalogue, "fi")
    assert "(tavoite 15\u00a0%)" in incident_words.observation_title(view, "fi")
    assert "alle 7 vrk" in incident_words.reaction_finding(view, "fi")
    assert "I 8 min, II 10 min, III 20 min" in rescue_words.method(bundle.catalogue, "fi")
    assert "I 8 min" in comparison_words.method(bundle.catalogue, "en")
    table = rescue_by_county(bundle, PERIOD)
    class_one = table[table["risk_class"] == "I"]
    assert set(class_one["target_pct"]) == {60.0} and set(table[table["risk_class"] == "II"]["target_pct"]) == {50.0}
    assert "60\u00a0%" in comparison_words.rescue_finding(table, "I", None, "fi")


def test_a_catalogue_without_a_target_the_pages_measure_against_is_refused(data_copy):
    from analytics.core.errors import DataError
    from analytics.data.bundle import load_bundle

    path = data_copy / "indicators.toml"
    text = path.read_text(encoding="utf-8")
    old = 'targets = [{ value = 14.0, kind = "below", period = "standing", source = "county", note = "under 14 days" }]'
    assert old in text
    path.write_text(text.replace(old, ""), encoding="utf-8")
    with pytest.raises(DataError, match="incident_reaction_days needs a target with a value"):
        load_bundle(data_copy)

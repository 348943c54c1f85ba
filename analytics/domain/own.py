"""A county's own indicators: catalogue entries of domain ``own`` whose values come from the ``own_values`` table
(one long format: indicator, period in the indicator's grain, unit or none for the whole county, numerator and
denominator, or a value) or, with ``sotkanet_id``, from a Sotkanet export in ``indicator_values``.

    series = own_series(bundle, bundle.catalogue.get("own_staff_turnover"), Scope())
    series.points                        # start, period, numerator, denominator, value (percent for shares)
    figure = own_figure(series, Tertial.parse("5-8/2024"))
    figure.period, figure.value, figure.previous_period, figure.previous

A period's figure for the county is its county-level row where there is one, else the sum of its units' rows
(count: the numerators; share: pooled numerators over pooled denominators; mean: the same, or the mean of the
values). A ``value`` indicator does not add up over units: it needs county-level rows.

Which period a tertial's review shows: a monthly indicator's tertial (its months pooled), a tertial indicator's
tertial, and for a quarter, half-year or year the latest one that has ended by the tertial's end (5-8/2024:
Q2/2024, 1-6/2024, 2023); the year before is the same period a year earlier. Shown for the whole county only:
a unit's or a service area's own figures are not under the disclosure decisions.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import Tertial, period_end, period_label, period_start
from analytics.core.regions import region_id
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.data.catalogue import Catalogue, Indicator

OWN = "own"
TABLE = "own_values"


def own_indicators(catalogue: Catalogue) -> list[Indicator]:
    """The catalogue's own indicators, in file order."""
    return catalogue.by_domain(OWN)


@dataclass(frozen=True)
class OwnSeries:
    """An own indicator's values per period for the county. ``points``: start, period (label), numerator,
    denominator, value (display units: percent for a share), in time order."""

    indicator: Indicator
    points: pd.DataFrame

    @property
    def has_data(self) -> bool:
        return bool(self.points["value"].notna().any())


@dataclass(frozen=True)
class OwnFigure:
    """The figure a tertial's review shows for an own indicator, and the same period a year before."""

    indicator: Indicator
    period: str | None
    value: float
    previous_period: str | None
    previous: float
    trend: pd.DataFrame
    """start, period, value: every period up to the review's end."""


def _value(kind: str, numerator: float, denominator: float, value_sum: float, value_mean: float, rows: int,
           county_row: bool) -> float:
    def present(x) -> bool:
        return x is not None and not (isinstance(x, float) and math.isnan(x))

    if kind == "share":
        return numerator / denominator * 100 if present(numerator) and present(denominator) and denominator else math.nan
    if kind == "count":
        return numerator if present(numerator) else value_sum if present(value_sum) else math.nan
    if kind == "mean":
        if present(numerator) and present(denominator) and denominator:
            return numerator / denominator
        return value_mean if present(value_mean) else math.nan
    return value_mean if county_row and rows == 1 and present(value_mean) else math.nan  # value: not additive


def _empty(indicator: Indicator) -> OwnSeries:
    return OwnSeries(indicator, pd.DataFrame(columns=["start", "period", "numerator", "denominator", "value"]))


def own_series(bundle: DataBundle, indicator: Indicator, scope: Scope = Scope()) -> OwnSeries:
    """The indicator's values per period for the county of ``scope`` (the data's county when none is chosen)."""
    store = bundle.store
    if indicator.sotkanet_id is not None:
        if not store.has("indicator_values"):
            return _empty(indicator)
        county = scope.county or (bundle.org_units["county"].iloc[0] if len(bundle.org_units) else None)
        region = region_id(county) if county else None
        if region is None:
            return _empty(indicator)
        frame = store.query("SELECT CAST(year AS VARCHAR) AS period, value FROM indicator_values WHERE "
                            "source = 'sotkanet' AND indicator = ? AND region_id = ? AND gender = 'total' ORDER BY year",
                            [str(indicator.sotkanet_id), region])
        frame = frame.assign(numerator=math.nan, denominator=math.nan)
    else:
        if not store.has(TABLE):
            return _empty(indicator)
        units = list(Scope(scope.county).units(bundle.org_units)["unit_id"]) if scope.county else \
            list(bundle.org_units["unit_id"])
        grouped = store.query(
            f"SELECT period, unit_id IS NULL AS county_row, sum(numerator) AS numerator, "
            f"sum(denominator) AS denominator, sum(value) AS value_sum, avg(value) AS value_mean, count(*) AS n "
            f"FROM {TABLE} WHERE indicator_id = ? AND (unit_id IS NULL OR unit_id IN (SELECT unnest(?::VARCHAR[]))) "
            f"GROUP BY ALL", [indicator.id, units])
        grouped = grouped.sort_values("county_row", ascending=False).drop_duplicates("period")  # county rows first
        frame = pd.DataFrame({
            "period": grouped["period"], "numerator": grouped["numerator"], "denominator": grouped["denominator"],
            "value": [_value(indicator.kind, r.numerator, r.denominator, r.value_sum, r.value_mean, int(r.n),
                             bool(r.county_row)) for r in grouped.itertuples(index=False)]})
    frame = frame.assign(start=[period_start(p, indicator.grain) for p in frame["period"]])
    frame = frame.sort_values("start").reset_index(drop=True)
    frame["period"] = [period_label(s, indicator.grain) for s in frame["start"]]
    return OwnSeries(indicator, frame[["start", "period", "numerator", "denominator", "value"]])


def _pooled(indicator: Indicator, rows: pd.DataFrame) -> float:
    """A tertial's value from its months' rows."""
    if rows.empty or rows["value"].isna().all():
        return math.nan
    if indicator.kind == "share" and rows["denominator"].notna().all() and rows["denominator"].sum() > 0:
        return float(rows["numerator"].sum() / rows["denominator"].sum() * 100)
    if indicator.kind == "count":
        return float(rows["value"].sum())
    if indicator.kind == "mean" and rows["denominator"].notna().all() and rows["denominator"].sum() > 0:
        return float(rows["numerator"].sum() / rows["denominator"].sum())
    return float(rows["value"].mean())


def own_figure(series: OwnSeries, tertial: Tertial) -> OwnFigure:
    """The figure of ``tertial``'s review and the same period a year before (see the module text)."""
    indicator, points = series.indicator, series.points
    grain = indicator.grain
    trend = points[points["start"] < tertial.end][["start", "period", "value"]].reset_index(drop=True)
    if grain == "month":
        def tertial_value(period: Tertial) -> float:
            months = points[(points["start"] >= period.start) & (points["start"] < period.end)]
            return _pooled(indicator, months) if len(months) == 4 else math.nan

        before, value = tertial.year_before(), tertial_value(tertial)
        if math.isnan(value):
            return OwnFigure(indicator, None, math.nan, None, math.nan, trend)
        return OwnFigure(indicator, tertial.label, value, before.label, tertial_value(before), trend)
    ended = points[pd.Series([period_end(s, grain) <= tertial.end for s in points["start"]], index=points.index,
                             dtype=bool)]
    ended = ended[ended["value"].notna()]
    if ended.empty:
        return OwnFigure(indicator, None, math.nan, None, math.nan, trend)
    last = ended.iloc[-1]
    earlier = points[points["start"] == last["start"] - pd.DateOffset(years=1)]
    previous = float(earlier["value"].iloc[0]) if len(earlier) else math.nan
    return OwnFigure(indicator, str(last["period"]), float(last["value"]),
                     period_label(last["start"] - pd.DateOffset(years=1), grain), previous, trend)

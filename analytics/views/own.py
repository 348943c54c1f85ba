"""The own-indicators page (Omat mittarit): one of the county's own indicators with its figure for the review
period, its control chart and its forecast. No Streamlit here.

    view = build_own_view(bundle, Tertial.parse("5-8/2024"), Scope(), "own_staff_turnover")
    view.figure.value, view.chart_table, view.forecast.forecast

The control chart: a share with numerators and denominators is a Laney p′ chart (big denominators), a count is
drawn as the incidents page draws counts (c or I chart by the dispersion), a mean or a value as an I chart.
Forecasts need a monthly or quarterly indicator with enough history (analytics.stats.forecast).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.data.catalogue import Indicator
from analytics.domain.own import OwnFigure, OwnSeries, own_figure, own_indicators, own_series
from analytics.stats.forecast import ForecastResult
from analytics.stats.spc import MIN_POINTS, CountChartChoice, SpcChart, count_chart, spc_chart
from analytics.views.forecasts import Series, forecast_for
from analytics.views.review import Headline, own_headline

FREQ = {"month": "M", "quarter": "Q"}
HORIZON = {"month": 12, "quarter": 4}


@dataclass(frozen=True)
class OwnView:
    """``indicator`` is None when the catalogue has no own indicators; ``county_only`` below the county."""

    tertial: Tertial
    indicators: tuple[Indicator, ...]
    indicator: Indicator | None
    county_only: bool
    series: OwnSeries | None = None
    figure: OwnFigure | None = None
    headline: Headline | None = None
    """The figure as the overview shows it (None when no period of it has ended by the review's end)."""
    chart: SpcChart | None = None
    chart_table: pd.DataFrame | None = None
    choice: CountChartChoice | None = None
    forecast: ForecastResult | None = None
    forecast_series: Series | None = None
    forecast_problem: str = ""
    """Why there is no forecast: ``grain`` (not monthly or quarterly), ``short`` or the engine's message."""


def _control(series: OwnSeries) -> tuple[SpcChart | None, pd.DataFrame, CountChartChoice | None]:
    points = series.points[series.points["value"].notna()].reset_index(drop=True)
    table = points[["start", "period", "value"]].copy()
    if len(points) < MIN_POINTS:
        return None, table.assign(centre=math.nan, lower=math.nan, upper=math.nan, signal=False), None
    kind, choice, scale = series.indicator.kind, None, 1.0
    if kind == "share" and points["denominator"].notna().all():
        chart, scale = spc_chart(points["numerator"].to_numpy(), "pp", points["denominator"].to_numpy(),
                                 periods=points["period"]), 100.0
    elif kind == "count":
        chart, choice = count_chart(points["value"].to_numpy(), list(points["period"]))
    else:
        chart = spc_chart(points["value"].to_numpy(), "i", periods=points["period"])
    result = chart.points
    table = table.assign(centre=result["centre"].to_numpy() * scale, lower=result["lower"].to_numpy() * scale,
                         upper=result["upper"].to_numpy() * scale, signal=result["signal"].to_numpy())
    return chart, table, choice


def _forecast(series: OwnSeries, end: pd.Timestamp) -> tuple[ForecastResult | None, Series | None, str]:
    indicator = series.indicator
    if indicator.grain not in FREQ:
        return None, None, "grain"
    points = series.points[(series.points["start"] < end) & series.points["value"].notna()]
    if points.empty:
        return None, None, "short"
    periods = pd.PeriodIndex([pd.Period(s, freq=FREQ[indicator.grain]) for s in points["start"]])
    full = pd.period_range(periods[0], periods[-1], freq=FREQ[indicator.grain])
    values = pd.Series(points["value"].to_numpy(dtype=float), index=periods).reindex(full).to_numpy()
    kind = {"share": "share", "count": "count"}.get(indicator.kind, "score")
    own = Series(f"own:{indicator.id}", "own", kind, indicator.unit, full, np.asarray(values, dtype=float), indicator,
                 indicator.grain)
    try:
        return forecast_for(own, HORIZON[indicator.grain]), own, ""
    except DataError as exc:
        return None, own, str(exc)


def build_own_view(bundle: DataBundle, tertial: Tertial, scope: Scope, indicator_id: str | None) -> OwnView:
    """The page's figures for one own indicator (the first when ``indicator_id`` is None or unknown)."""
    indicators = tuple(own_indicators(bundle.catalogue))
    chosen = next((i for i in indicators if i.id == indicator_id), indicators[0] if indicators else None)
    county_only = bool(scope.toimialat or scope.palvelualueet)
    if chosen is None or county_only:
        return OwnView(tertial, indicators, chosen, county_only)
    series = own_series(bundle, chosen, scope)
    chart, table, choice = _control(OwnSeries(chosen, series.points[series.points["start"] < tertial.end]))
    forecast, forecast_series, problem = _forecast(series, tertial.end)
    figure = own_figure(series, tertial)
    headline = own_headline(figure) if figure.period is not None else None
    return OwnView(tertial, indicators, chosen, False, series, figure, headline, chart, table, choice, forecast,
                   forecast_series, problem)

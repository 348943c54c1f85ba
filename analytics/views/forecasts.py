"""The series the forecasts page (Ennusteet) offers, built from the data at month or quarter grain,
and their figures. No Streamlit here; the page's words are made in analytics.text.forecasts.

A series is named by a key: ``reports:<category>`` (incident reports per category, or ``total``),
``indicator:<catalogue id>`` (incident indicators with monthly history), ``rescue:<I|II|III>``
(response compliance per risk class) and ``rescued`` (persons rescued). RAI indicators are
half-yearly with eight points and are not offered (see ``NOT_OFFERED``).

Use from a notebook::

    from analytics.views.forecasts import series_for, forecast_for
    series = series_for(bundle, "rescue:I", Scope(), end=Tertial.parse("9-12/2024").end)
    result = forecast_for(series, horizon=12)
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import Tertial, grain_label, grain_range
from analytics.core.scope import Scope
from analytics.data.bundle import REACTION_DAYS, RESPONSE_MINUTES, DataBundle
from analytics.data.catalogue import Indicator
from analytics.data.contracts import CATEGORIES
from analytics.domain import disclosure as dc
from analytics.domain import incidents as inc
from analytics.domain import rescue as res
from analytics.stats.forecast import ForecastResult, forecast_series

GRAINS = ("month", "quarter")
FREQ = {"month": "M", "quarter": "Q"}
INCIDENT_INDICATORS = ("incident_near_miss_ratio", "incident_observation_share", "incident_reaction_days")
RESCUE_CLASSES = ("I", "II", "III")
ENGINE_KIND = {"count": "count", "share": "share", "ratio": "count", "days": "count", "score": "value"}
"""Model scale by the catalogue kind: ratios and days are non-negative, so they go on the log scale too."""


@dataclass(frozen=True)
class Series:
    """One series to forecast: values per period (original units; percent for shares)."""

    key: str
    domain: str
    kind: str  # catalogue kind: count | share | ratio | days
    unit: str  # display unit: "" | "%" | "vrk"
    periods: pd.PeriodIndex
    values: np.ndarray
    indicator: Indicator | None
    grain: str

    @property
    def engine_kind(self) -> str:
        return ENGINE_KIND[self.kind]

    @property
    def target(self) -> float | None:
        """The catalogue's numeric target (None for none or a growth target)."""
        ind = self.indicator
        return ind.target.value if ind and ind.target and ind.target.kind != "growth" else None

    @property
    def better(self) -> str:
        return self.indicator.better if self.indicator else "none"

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame({"period": self.periods.astype(str), "value": self.values})


def series_keys(bundle: DataBundle) -> dict[str, list[str]]:
    """The keys the page offers, by domain."""
    keys = {"incidents": [f"reports:{c}" for c in (*CATEGORIES, "total")] + [f"indicator:{i}" for i in INCIDENT_INDICATORS
                                                                             if _has(bundle, i)],
            "rescue": [f"rescue:{c}" for c in RESCUE_CLASSES if bundle.catalogue.rescue_class(c)] + ["rescued"]}
    return keys


def _has(bundle: DataBundle, indicator_id: str) -> bool:
    return bundle.catalogue.find(indicator_id) is not None


def _periods(first: pd.Timestamp, end: pd.Timestamp, grain: str) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(grain_range(first, end, grain, whole=True))


def _aligned(frame: pd.DataFrame, starts: pd.DatetimeIndex, column: str) -> np.ndarray:
    values = pd.Series(frame[column].to_numpy(dtype=float), index=pd.to_datetime(frame["start"]))
    return values.reindex(starts).to_numpy(dtype=float)


def series_for(bundle: DataBundle, key: str, scope: Scope, end: pd.Timestamp, grain: str = "month") -> Series:
    """Build the series ``key`` inside ``scope`` from the first whole period of its data to ``end``
    (SQL aggregates per period; pandas sees one row per period)."""
    if grain not in GRAINS:
        raise DataError(f"Unknown grain '{grain}'; choose one of {', '.join(GRAINS)}.")
    kind, _, code = key.partition(":")
    trunc = "month" if grain == "month" else "quarter"
    indicator = None
    if kind in ("reports", "indicator"):
        reports = inc.Reports.of(bundle, scope)
        first = inc.Reports.of(bundle, Scope()).first_month()
        where, params = ("TRUE", ()) if code == "total" else ("category = ?", (code,))
        if kind == "indicator":
            where, params = "category = ?", (inc.PATIENT_SAFETY,)
        frame = reports.query(
            f"date_trunc('{trunc}', report_date) AS start, count(*) AS n, "
            "count(*) FILTER (WHERE event_kind = 'near_miss') AS near, count(*) FILTER (WHERE event_kind = 'harm') AS harm, "
            "count(*) FILTER (WHERE event_kind = 'observation') AS obs, "
            f"median({REACTION_DAYS}) AS reaction", f"report_date < ? AND {where}", (pd.Timestamp(end), *params),
            "GROUP BY ALL")
    elif kind in ("rescue", "rescued"):
        tasks = res.Tasks.of(bundle, scope)
        first = res.Tasks.of(bundle, Scope()).first_month()
        minutes = None
        if kind == "rescue":
            indicator = bundle.catalogue.rescue_class(code)
            if indicator is None or indicator.target_minutes is None:
                raise DataError(f"Risk class {code} has no minute target, so it has no compliance share to forecast.")
            minutes = float(indicator.target_minutes)
        frame = tasks.query(
            f"date_trunc('{trunc}', alarm_time) AS start, count(*) FILTER (WHERE risk_class = ?) AS n, "
            f"count(*) FILTER (WHERE risk_class = ? AND {RESPONSE_MINUTES} <= ?) AS met, "
            "sum(persons_rescued) AS rescued", end=end, tail="GROUP BY ALL",
            select_params=(code, code, minutes if minutes is not None else 0.0))
    else:
        raise DataError(f"Unknown series '{key}'; choose one of {', '.join(sum(series_keys(bundle).values(), []))}.")
    if first is None:
        raise DataError("The data holds no history for this series.")
    starts = _periods(first, end, grain)
    if kind == "reports":
        values = np.nan_to_num(_aligned(frame, starts, "n"))
        series_kind, unit = "count", ""
    elif kind == "indicator":
        indicator = bundle.catalogue.get(code)
        series_kind, unit = indicator.kind, indicator.unit
        if code == "incident_reaction_days":
            values = _aligned(frame, starts, "reaction")
        else:
            near, harm = _aligned(frame, starts, "near"), _aligned(frame, starts, "harm")
            obs, total = _aligned(frame, starts, "obs"), _aligned(frame, starts, "n")
            with np.errstate(divide="ignore", invalid="ignore"):
                values = near / harm if code == "incident_near_miss_ratio" else obs / total * 100
    elif kind == "rescue":
        with np.errstate(divide="ignore", invalid="ignore"):
            values = _aligned(frame, starts, "met") / _aligned(frame, starts, "n") * 100
        series_kind, unit = "share", "%"
    else:
        values = np.nan_to_num(_aligned(frame, starts, "rescued"))
        series_kind, unit = "count", ""
        indicator = bundle.catalogue.get("rescue_persons_rescued") if _has(bundle, "rescue_persons_rescued") else None
    if dc.protected() and not _disclosed(bundle, key, scope, starts, grain):
        raise DataError("Below the county this series has a month that THL's small-number rule hides, "
                        "so it is offered for the whole county only.")
    periods = pd.PeriodIndex([pd.Period(s, freq=FREQ[grain]) for s in starts])
    return Series(key, "rescue" if kind.startswith("rescue") else "incidents", series_kind, unit, periods,
                  np.asarray(values, dtype=float), indicator, grain)


def _starts(bundle: DataBundle, key: str, end: pd.Timestamp, grain: str) -> pd.DatetimeIndex:
    """The periods of the series ``key`` (from the first whole period of its domain's data to ``end``)."""
    kind = key.partition(":")[0]
    table = inc.Reports if kind in ("reports", "indicator") else res.Tasks
    first = table.of(bundle, Scope()).first_month()
    if first is None:
        raise DataError("The data holds no history for this series.")
    return _periods(first, end, grain)


def disclosed_keys(bundle: DataBundle, keys, scope: Scope, end: pd.Timestamp, grain: str) -> list[str]:
    """Of ``keys``, those whose series may be shown for ``scope`` (every one for the whole county)."""
    if not dc.protected():
        return list(keys)
    out = []
    for key in keys:
        try:
            starts = _starts(bundle, key, end, grain)
        except DataError:
            continue
        if _disclosed(bundle, key, scope, starts, grain):
            out.append(key)
    return out


def _disclosed(bundle: DataBundle, key: str, scope: Scope, starts: pd.DatetimeIndex, grain: str) -> bool:
    """May the series be shown for ``scope``: the whole county always; a filtered group only when the
    county's disclosure decision shows every month of it (analytics.domain.disclosure), so that no series
    below the county gives back a hidden count."""
    kind, _, code = key.partition(":")
    if kind in ("reports", "indicator"):
        units = scope.units(bundle.org_units)
        parts = dc.scope_parts(bundle.org_units, scope.county, units["unit_id"])
        if parts == [("county", dc.ALL)]:
            return True
        # the all-categories trend is a margin of the one monthly table of every category (disclosure.monthly_problem)
        categories = (dc.ALL,) if code == "total" else ((inc.PATIENT_SAFETY,) if kind == "indicator" else (code,))
        dimension = "month_kind" if kind == "indicator" else "month"
        parts_of = (("harm", "near_miss", "observation") if kind == "indicator" else ("",))
        months = _months(starts, grain)
        for month in months:
            period = Tertial.containing(month)
            for category in categories:
                decision = dc.breakdown_decision(bundle, scope.county, period.start, period.end, category, dimension)
                for part in parts_of:
                    d = month.strftime("%Y-%m") + (f" {part}" if part else "")
                    if not dc.parts_shown(decision, parts, None, d):
                        return False
        return True
    from analytics.views.rescue import _RescueGroup
    group = _RescueGroup.of(bundle, scope, "municipality", ())
    if not group.sub:
        return True
    if kind == "rescued":
        return False  # persons rescued are not counted per area
    for month in _months(starts, grain):
        key_month = month.strftime("%Y-%m")
        period = Tertial.containing(month)
        if not (group.shown("tasks", period, code, key_month) and group.shown("met", period, code, key_month)):
            return False
    return True


def _months(starts: pd.DatetimeIndex, grain: str) -> list[pd.Timestamp]:
    step = 1 if grain == "month" else 3
    return [s + pd.DateOffset(months=k) for s in starts for k in range(step)]


def forecast_for(series: Series, horizon: int) -> ForecastResult:
    """The engine's forecast of ``series``; a period without a value (no reports to divide by) is an error
    that names it."""
    return forecast_series(series.values, series.periods, horizon, series.engine_kind)


def chart_format(series: Series) -> str:
    """The d3 number format of the series' values in charts."""
    return ",.2f" if series.kind == "ratio" else (",.1f" if series.unit in ("%", "vrk") else ",.0f")


def period_label(period: pd.Period) -> str:
    """``5/2025`` for a month, ``Q2/2025`` for a quarter."""
    grain = "month" if period.freqstr.startswith("M") else "quarter"
    return grain_label(period.start_time, grain)


def target_chance(result: ForecastResult, target: float, better: str, period: pd.Period) -> float:
    """The chance, in percent, that the series meets ``target`` (``better``: higher / lower) at ``period``,
    rounded as the finding says it: to 5 points, never 0 or 100."""
    return _rounded_chance(result.probability(target, period, better))


def _rounded_chance(chance: float) -> float:
    """A probability in percent, said as "about": to 5 points, but never 0 or 100 (it is a model)."""
    return float(min(99, max(1, round(chance * 100 / 5) * 5 if 0.05 <= chance <= 0.95 else round(chance * 100))))


def chart_frame(result: ForecastResult, series: Series) -> pd.DataFrame:
    """History, fitted values and the forecast with its bands in one long table for the chart:
    date, period, what (history / fitted / forecast), value, lower80, upper80, lower95, upper95."""
    history = result.history
    dates = [p.start_time for p in history["period"]]
    frames = [pd.DataFrame({"date": dates, "period": [period_label(p) for p in history["period"]],
                            "what": "history", "value": history["value"]}),
              pd.DataFrame({"date": dates, "period": [period_label(p) for p in history["period"]],
                            "what": "fitted", "value": history["fitted"]})]
    fc = result.forecast
    frames.append(pd.DataFrame({"date": [p.start_time for p in fc["period"]],
                                "period": [period_label(p) for p in fc["period"]], "what": "forecast",
                                "value": fc["mean"], "lower80": fc["lower80"], "upper80": fc["upper80"],
                                "lower95": fc["lower95"], "upper95": fc["upper95"]}))
    return pd.concat(frames, ignore_index=True)

"""Is a change in counts real? Period comparison and trend test on monthly counts.

Use from a notebook::

    from analytics.stats.compare import compare_counts, trend_test
    # the four months of 5-8/2024 against 5-8/2023
    result = compare_counts(current=[1612, 1580, 1555, 1596], previous=[1490, 1502, 1511, 1494])
    result.ratio, result.lower, result.upper, result.p_value, result.verdict_code
    change_sentence(result, "fi")                         # in words: analytics.text.statistics
    trend = trend_test(monthly_counts, start="2021-01")   # annual change with month terms

Both fit a Poisson log-linear model (iteratively reweighted least squares, as R's ``glm`` and statsmodels'
``GLM`` do; here in numpy, which spares every first page the import of statsmodels, 0,5–1 s) and let
month-to-month overdispersion widen
the interval (quasi-Poisson): the dispersion φ is Pearson's χ² / residual df, never taken below 1
(so sparse months never make an interval narrower than the Poisson one), standard errors are
multiplied by √φ and intervals and p-values use Student's t with the residual df, as R's
``glm(family = quasipoisson)`` summary does.

``compare_counts`` models count ~ period (+ log exposure offset when exposures are given, e.g.
days per month) and reports the rate ratio current / previous. When either period has no events the
ratio is 0 or infinite and the interval and p-value come from the exact conditional binomial test.

``trend_test`` models count ~ time in years (+ calendar-month terms when the series covers at least
two full years, so a seasonal pattern is not read as a trend) and reports the annual change.

``count_dispersion`` measures whether a count series varies more than Poisson counts do, for choosing
its control chart (analytics.stats.spc.count_chart): the same model as ``trend_test`` (a log-linear trend,
plus a term per position in the season when the series covers two seasons, so neither a trend nor a
seasonal pattern counts as month-to-month variation), φ = Pearson's χ² / residual df, here not
floored at 1, and the p-value of χ² against its χ²(df) distribution under Poisson variation.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analytics.core.errors import DataError
from analytics.core.numbers import json_number

SIGNIFICANCE = 0.05
SEASONAL_MONTHS = 24


@dataclass(frozen=True)
class RateComparison:
    """Current against previous: totals, rate ratio with its interval, p-value and dispersion."""

    current_total: float
    previous_total: float
    ratio: float
    lower: float
    upper: float
    p_value: float
    dispersion: float
    level: float
    method: str

    @property
    def change_pct(self) -> float:
        return (self.ratio - 1) * 100

    @property
    def significant(self) -> bool:
        return self.p_value < 1 - self.level

    def to_dict(self) -> dict:
        return {"current_total": self.current_total, "previous_total": self.previous_total,
                "ratio": json_number(self.ratio), "lower": json_number(self.lower), "upper": json_number(self.upper),
                "change_pct": json_number(self.change_pct), "p_value": json_number(self.p_value),
                "dispersion": json_number(self.dispersion), "significant": self.significant, "method": self.method}

    @property
    def verdict_code(self) -> str:
        """``"real"`` when the change exceeds normal variation (p below 1 − level), else ``"normal"``."""
        return "real" if self.significant else "normal"


@dataclass(frozen=True)
class TrendTest:
    """The average change per year of a monthly count series, with its interval and p-value."""

    annual_ratio: float
    lower: float
    upper: float
    p_value: float
    dispersion: float
    seasonal: bool
    months: int
    level: float

    @property
    def annual_change_pct(self) -> float:
        return (self.annual_ratio - 1) * 100

    @property
    def significant(self) -> bool:
        return self.p_value < 1 - self.level

    def to_dict(self) -> dict:
        return {"annual_change_pct": json_number(self.annual_change_pct), "annual_ratio": json_number(self.annual_ratio),
                "lower": json_number(self.lower), "upper": json_number(self.upper), "p_value": json_number(self.p_value),
                "dispersion": json_number(self.dispersion), "seasonal": self.seasonal, "months": self.months,
                "significant": self.significant}

    @property
    def verdict_code(self) -> str:
        """``"real"`` when the series has a trend beyond chance (p below 1 − level), else ``"none"``."""
        return "real" if self.significant else "none"


def _counts(values: Sequence[float], name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.size == 0:
        raise DataError(f"The {name} period has no months.")
    bad = np.flatnonzero(~np.isfinite(array) | (array < 0))
    if bad.size:
        raise DataError(f"Month {bad[0] + 1} of the {name} period has count {array[bad[0]]:g}; "
                        "counts must be zero or more.")
    return array


def _exposure(values: Sequence[float] | None, size: int, name: str) -> np.ndarray:
    if values is None:
        return np.ones(size)
    array = np.asarray(values, dtype=float)
    if array.size != size or not (array > 0).all():
        raise DataError(f"The {name} period needs one positive exposure per month.")
    return array


@dataclass(frozen=True)
class _PoissonFit:
    """What the quasi-Poisson statistics need of a Poisson GLM fit (the names are statsmodels')."""

    params: np.ndarray
    bse: np.ndarray
    pearson_chi2: float
    df_resid: int


def _poisson_fit(y: np.ndarray, design: np.ndarray, offset: np.ndarray | None = None) -> tuple[_PoissonFit, int]:
    """A Poisson log-linear fit by iteratively reweighted least squares, and its residual df (at least 1, or a
    DataError). It starts where statsmodels does (μ = (y + ȳ) / 2) and iterates until the deviance changes by
    less than 1e-12 of itself (R stops at 1e-8), so estimates agree with both to their own precision; a rank-
    deficient design (a calendar month without events) is solved by least squares, as their pseudo-inverse does."""
    offset = np.zeros(y.size) if offset is None else offset
    mu = (y + y.mean()) / 2
    eta = np.log(mu)
    deviance = math.inf
    for _ in range(100):
        root = np.sqrt(mu)
        beta = np.linalg.lstsq(design * root[:, None], (eta - offset + (y - mu) / mu) * root, rcond=None)[0]
        eta = design @ beta + offset
        mu = np.exp(eta)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = 2 * float(np.sum(np.where(y > 0, y * np.log(y / mu), 0.0) - (y - mu)))
        if abs(new - deviance) <= 1e-12 * (abs(new) + 0.1):
            break
        deviance = new
    df = int(y.size - np.linalg.matrix_rank(design))
    if df < 1:
        raise DataError("Too few months to estimate the month-to-month variation (need more months than parameters).")
    bse = np.sqrt(np.diag(np.linalg.pinv(design.T @ (design * mu[:, None]))))
    return _PoissonFit(beta, bse, float(np.sum((y - mu) ** 2 / mu)), df), df


def _quasi_poisson(y: np.ndarray, design: np.ndarray, offset: np.ndarray, column: int,
                   level: float) -> tuple[float, float, float, float, float]:
    """Coefficient ``column`` of a quasi-Poisson fit: estimate, lower, upper, p-value, dispersion."""
    fit, df = _poisson_fit(y, design, offset)
    dispersion = max(1.0, float(fit.pearson_chi2) / df)
    estimate = float(fit.params[column])
    se = float(fit.bse[column]) * math.sqrt(dispersion)
    quantile = stats.t.ppf(1 - (1 - level) / 2, df)
    p_value = float(2 * stats.t.sf(abs(estimate / se), df)) if se > 0 else (0.0 if estimate else 1.0)
    return estimate, estimate - quantile * se, estimate + quantile * se, p_value, dispersion


def compare_counts(current: Sequence[float], previous: Sequence[float],
                   current_exposure: Sequence[float] | None = None,
                   previous_exposure: Sequence[float] | None = None, level: float = 0.95) -> RateComparison:
    """Rate ratio of the current months' counts to the previous months' (see the module text)."""
    now = _counts(current, "current")
    before = _counts(previous, "previous")
    exposure_now = _exposure(current_exposure, now.size, "current")
    exposure_before = _exposure(previous_exposure, before.size, "previous")
    total_now, total_before = float(now.sum()), float(before.sum())
    if total_now == 0 or total_before == 0:
        return _exact_comparison(total_now, total_before, exposure_now.sum(), exposure_before.sum(), level)
    y = np.concatenate([before, now])
    design = np.column_stack([np.ones(y.size), np.r_[np.zeros(before.size), np.ones(now.size)]])
    offset = np.log(np.concatenate([exposure_before, exposure_now]))
    if y.size < 3:
        raise DataError("Comparing two periods needs at least three months in all.")
    estimate, low, high, p_value, dispersion = _quasi_poisson(y, design, offset, 1, level)
    return RateComparison(total_now, total_before, math.exp(estimate), math.exp(low), math.exp(high),
                          p_value, dispersion, level, "quasi-poisson")


def compare_monthly(now: pd.Series, before: pd.Series, level: float = 0.95) -> RateComparison | None:
    """Compare two runs of monthly counts indexed by month (pandas Periods), per day of each month.

    None when neither run has any events (there is nothing to compare).
    """
    try:
        return compare_counts(now.to_numpy(), before.to_numpy(), now.index.days_in_month.to_numpy(),
                              before.index.days_in_month.to_numpy(), level)
    except DataError:
        if now.sum() + before.sum() == 0:
            return None
        raise


def _exact_comparison(total_now: float, total_before: float, exposure_now: float, exposure_before: float,
                      level: float) -> RateComparison:
    """Conditional on the total, current ~ Binomial(total, share of exposure): exact when a period is empty."""
    total = round(total_now + total_before)
    if total == 0:
        raise DataError("Neither period has any events; there is nothing to compare.")
    share = exposure_now / (exposure_now + exposure_before)
    test = stats.binomtest(round(total_now), total, share)
    interval = test.proportion_ci(confidence_level=level, method="exact")
    odds = exposure_before / exposure_now

    def ratio(q: float) -> float:
        return math.inf if q >= 1 else q / (1 - q) * odds

    point = ratio(total_now / total)
    return RateComparison(total_now, total_before, point, ratio(interval.low), ratio(interval.high),
                          float(test.pvalue), 1.0, level, "exact-conditional")


def trend_test(counts: Sequence[float], start: str | pd.Period, level: float = 0.95,
               exposure: Sequence[float] | None = None) -> TrendTest:
    """Average annual change of a monthly count series starting at month ``start`` (e.g. '2021-01')."""
    y = _counts(counts, "monthly")
    if y.size < 12:
        raise DataError(f"A trend test needs at least 12 months; got {y.size}.")
    if y.sum() == 0:
        raise DataError("The series has no events; there is no trend to test.")
    months = pd.period_range(pd.Period(start, freq="M"), periods=y.size, freq="M")
    time = np.arange(y.size) / 12.0
    columns = [np.ones(y.size), time]
    seasonal = y.size >= SEASONAL_MONTHS
    if seasonal:
        for month in range(2, 13):
            columns.append((months.month == month).astype(float))
    offset = np.log(_exposure(exposure, y.size, "monthly"))
    estimate, low, high, p_value, dispersion = _quasi_poisson(y, np.column_stack(columns), offset, 1, level)
    return TrendTest(math.exp(estimate), math.exp(low), math.exp(high), p_value, dispersion, seasonal,
                     int(y.size), level)


@dataclass(frozen=True)
class Dispersion:
    """How much more a count series varies than Poisson counts: φ (1 = Poisson), its df and p-value."""

    phi: float
    df: int
    p_value: float
    seasonal: bool

    def to_dict(self) -> dict:
        return {"phi": json_number(self.phi), "df": self.df, "p_value": json_number(self.p_value),
                "seasonal": self.seasonal}


def count_dispersion(counts: Sequence[float], season: int | None = 12) -> Dispersion:
    """The quasi-Poisson dispersion of a count series around its trend (and season); see the module text.

    ``season`` is the number of points in a year (12 for months, 4 for quarters; None: no season terms).
    φ is Pearson's χ² / residual df, not floored at 1; ``p_value`` = P(χ²(df) ≥ χ²) under Poisson counts.
    """
    values = np.asarray(counts, dtype=float)
    time = np.flatnonzero(~np.isnan(values))  # a missing point is a gap: the others keep their place in time
    y = _counts(values[time], "counted")
    if y.size < 3:
        raise DataError(f"Measuring the variation of counts needs at least 3 points; got {y.size}.")
    if y.sum() == 0:
        return Dispersion(math.nan, int(y.size - 1), math.nan, False)
    columns = [np.ones(y.size), time.astype(float)]
    seasonal = season is not None and season > 1 and values.size >= 2 * season
    if seasonal:
        columns += [(time % season == k).astype(float) for k in range(1, season)]
    fit, df = _poisson_fit(y, np.column_stack(columns))
    chi2 = float(fit.pearson_chi2)
    return Dispersion(chi2 / df, df, float(stats.chi2.sf(chi2, df)), seasonal)

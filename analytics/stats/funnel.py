"""Funnel plots for shares across units (Spiegelhalter 2005), with an optional overdispersion adjustment.

Use from a notebook::

    from analytics.stats.funnel import funnel, binomial_limit
    result = funnel(units=["A", "B", …], numerators=[12, 30, …], denominators=[80, 250, …])
    result.centre            # pooled share Σnumerators / Σdenominators
    result.units             # DataFrame: value, lower95, upper95, lower998, upper998, flag, flag95, z
    result.curves()          # the four limit lines over a grid of denominators, for a chart
    funnel_sentence(result, "fi")   # in words: analytics.text.statistics
    binomial_limit(0.12, 20, 0.999)   # 0.368: one exact limit

Limits without adjustment are Spiegelhalter's exact binomial limits with the interpolation step
(Statistics in Medicine 2005; 24:1185–1202, appendix A.1.1): for the p-quantile r_p of
Binomial(n, θ), α = (P(R ≤ r_p) − p) / P(R = r_p) and the limit is (r_p − α) / n, clipped to
[0, 1]. 95 % limits use p = 0.025 / 0.975 and 99.8 % limits p = 0.001 / 0.999.

With ``overdispersion=True`` the limits widen for real between-unit variation, as in FunnelPlotR's
CQC method: shares are moved to the arcsine scale y = asin(√share) with standard error
s = 1 / (2√n); z-scores against the pooled centre are winsorised at their 10th and 90th percentiles;
φ = mean(z²) (the overdispersion factor); the DerSimonian–Laird additive variance
τ² = max(0, (kφ − (k − 1)) / (Σw − Σw² / Σw)) with w = 1 / s² over k units; and the limits are
sin²(asin(√θ) ± z_p √(s² + τ²)). τ² is 0 when kφ < k − 1. As in FunnelPlotR since 0.4.2 the adjusted
limits are drawn only when the dispersion ratio φ exceeds 1; with φ ≤ 1 the exact binomial limits are
kept (also when τ² > 0, which happens for (k − 1) / k ≤ φ ≤ 1), and φ and τ² are still reported.

A unit is ``above`` or ``below`` when its share lies strictly outside the 99.8 % limits
(``flag``); ``flag95`` tells the same at 95 %.
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

LEVELS: dict[str, tuple[float, float]] = {"95": (0.025, 0.975), "998": (0.001, 0.999)}
WINSOR = 0.10
MIN_UNITS = 3


def binomial_limit(theta: float, n: float | np.ndarray, p: float) -> float | np.ndarray:
    """Spiegelhalter's interpolated exact binomial p-limit of a share around ``theta`` at size ``n``."""
    n = np.asarray(n, dtype=float)
    if theta <= 0 or theta >= 1:
        return np.full(n.shape, float(min(max(theta, 0.0), 1.0)))[()]
    r = stats.binom.ppf(p, n, theta)
    cdf = stats.binom.cdf(r, n, theta)
    mass = stats.binom.pmf(r, n, theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(mass > 0, (cdf - p) / mass, 0.0)
        limit = (r - alpha) / n
    return np.clip(limit, 0.0, 1.0)[()]


def _transformed_limit(theta: float, n: np.ndarray, p: float, tau2: float) -> np.ndarray:
    spread = stats.norm.ppf(p) * np.sqrt(1 / (4 * n) + tau2)
    angle = np.clip(math.asin(math.sqrt(theta)) + spread, 0.0, math.pi / 2)
    return np.sin(angle) ** 2


@dataclass(frozen=True)
class Overdispersion:
    """The FunnelPlotR-style adjustment's figures."""

    phi: float
    tau2: float

    @property
    def adjusted(self) -> bool:
        """Whether the adjusted limits are drawn: only when φ shows overdispersion (FunnelPlotR ≥ 0.4.2)."""
        return self.phi > 1


@dataclass(frozen=True)
class Funnel:
    """A computed funnel plot: the pooled centre and every unit against its limits."""

    centre: float
    units: pd.DataFrame
    overdispersion: Overdispersion | None

    def limits(self, n: Sequence[float] | np.ndarray) -> pd.DataFrame:
        """The four limits at denominators ``n`` (with the adjustment, when one was asked for)."""
        n = np.asarray(n, dtype=float)
        frame = {"denominator": n}
        for name, (low, high) in LEVELS.items():
            if self.overdispersion is not None and self.overdispersion.adjusted:
                tau2 = self.overdispersion.tau2
                frame[f"lower{name}"] = _transformed_limit(self.centre, n, low, tau2)
                frame[f"upper{name}"] = _transformed_limit(self.centre, n, high, tau2)
            else:
                frame[f"lower{name}"] = binomial_limit(self.centre, n, low)
                frame[f"upper{name}"] = binomial_limit(self.centre, n, high)
        return pd.DataFrame(frame)

    def curves(self, points: int = 200) -> pd.DataFrame:
        """Limit lines from denominator 1 to the largest unit's, on a log-spaced integer grid."""
        largest = max(float(self.units["denominator"].max()), 2.0) * 1.05
        grid = np.unique(np.round(np.geomspace(1, largest, points)))
        return self.limits(grid)

    def to_dict(self) -> dict:
        units = [{"unit": row.unit, "numerator": json_number(row.numerator), "denominator": json_number(row.denominator),
                  "value": json_number(row.value), "lower95": json_number(row.lower95), "upper95": json_number(row.upper95),
                  "lower998": json_number(row.lower998), "upper998": json_number(row.upper998), "flag": row.flag,
                  "flag95": row.flag95} for row in self.units.itertuples(index=False)]
        result = {"centre": json_number(self.centre), "units": units}
        if self.overdispersion is not None:
            result["overdispersion"] = {"phi": json_number(self.overdispersion.phi), "tau2": json_number(self.overdispersion.tau2),
                                        "adjusted": self.overdispersion.adjusted}
        return result


def _check(units: Sequence[object], numerators: np.ndarray, denominators: np.ndarray) -> None:
    if not (len(units) == numerators.size == denominators.size):
        raise DataError("Each unit needs one numerator and one denominator.")
    if len(units) < MIN_UNITS:
        raise DataError(f"A funnel plot needs at least {MIN_UNITS} units; got {len(units)}.")
    names = pd.Index([str(u) for u in units])
    if names.has_duplicates:
        first = int(np.flatnonzero(names.duplicated())[0])
        raise DataError(f"Unit '{names[first]}' appears more than once.", problems=[{"row": first}])
    for i, (unit, num, den) in enumerate(zip(units, numerators, denominators)):
        reason = None
        if not (math.isfinite(num) and math.isfinite(den)):
            reason = "has a missing or non-finite number."
        elif num < 0:
            reason = f"has a negative numerator ({num:g})."
        elif den <= 0:
            reason = f"has denominator {den:g}; it must be positive."
        elif num > den:
            reason = f"has numerator {num:g} above its denominator {den:g}."
        if reason:
            raise DataError(f"Unit '{unit}' {reason}", problems=[{"row": i, "unit": str(unit), "reason": reason}])


def _overdispersion(values: np.ndarray, denominators: np.ndarray, centre: float) -> Overdispersion:
    se = 1 / (2 * np.sqrt(denominators))
    z = (np.arcsin(np.sqrt(values)) - math.asin(math.sqrt(centre))) / se
    low, high = np.quantile(z, [WINSOR, 1 - WINSOR])
    z = np.clip(z, low, high)
    k = z.size
    phi = float(np.mean(z**2))
    weights = 1 / se**2
    if k * phi < k - 1:
        return Overdispersion(phi, 0.0)
    tau2 = max(0.0, (k * phi - (k - 1)) / (weights.sum() - (weights**2).sum() / weights.sum()))
    return Overdispersion(phi, float(tau2))


def funnel(units: Sequence[object], numerators: Sequence[float], denominators: Sequence[float],
           overdispersion: bool = False, centre: float | None = None) -> Funnel:
    """Each unit's share against exact binomial 95 % and 99.8 % limits around the pooled share.

    ``centre`` replaces the pooled share (e.g. the national value as the benchmark).
    """
    numerators = np.asarray(numerators, dtype=float)
    denominators = np.asarray(denominators, dtype=float)
    _check(units, numerators, denominators)
    if centre is None:
        centre = float(numerators.sum() / denominators.sum())
    elif not 0 <= centre <= 1:
        raise DataError(f"A funnel centre is a share between 0 and 1, got {centre}.")
    values = numerators / denominators
    adjustment = _overdispersion(values, denominators, centre) if overdispersion and 0 < centre < 1 else None
    result = Funnel(centre, pd.DataFrame(), adjustment)
    limits = result.limits(denominators)
    frame = pd.DataFrame({"unit": [str(u) for u in units], "numerator": numerators, "denominator": denominators,
                          "value": values})
    frame = pd.concat([frame, limits.drop(columns="denominator")], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["z"] = (values - centre) / np.sqrt(centre * (1 - centre) / denominators)
    for name, column in (("998", "flag"), ("95", "flag95")):
        frame[column] = np.select([values > frame[f"upper{name}"], values < frame[f"lower{name}"]],
                                  ["above", "below"], default="within")
    return Funnel(centre, frame, adjustment)

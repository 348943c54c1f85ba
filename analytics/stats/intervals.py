"""Confidence intervals for a share and for a count.

Use from a notebook::

    from analytics.stats.intervals import wilson, clopper_pearson, poisson_exact
    wilson(316, 400)            # Interval(estimate=0.79, lower=0.747…, upper=0.826…, …)
    clopper_pearson(0, 12)      # exact; lower bound 0 when nothing happened
    poisson_exact(11)           # a count of 11 events: 5.49 … 19.68

In words: ``interval_sentence(wilson(316, 400), "fi")`` (analytics.text.statistics).
Shares are fractions (0–1), not percents. ``level`` is the two-sided confidence level.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

from analytics.core.errors import DataError


@dataclass(frozen=True)
class Interval:
    """A point estimate with a two-sided interval at ``level`` by ``method``."""

    estimate: float
    lower: float
    upper: float
    level: float
    method: str

    def contains(self, value: float) -> bool:
        return self.lower <= value <= self.upper


def _check_share(successes: float, trials: float) -> None:
    if not (math.isfinite(successes) and math.isfinite(trials)):
        raise DataError(f"A share needs finite numbers, got {successes} of {trials}.")
    if trials <= 0:
        raise DataError(f"A share needs a positive denominator, got {trials}.")
    if successes < 0 or successes > trials:
        raise DataError(f"The numerator {successes} must be between 0 and the denominator {trials}.")


def _check_level(level: float) -> float:
    if not 0 < level < 1:
        raise DataError(f"A confidence level is a fraction between 0 and 1, got {level}.")
    return 1 - level


def wilson(successes: float, trials: float, level: float = 0.95) -> Interval:
    """Wilson score interval for ``successes / trials``; good coverage even for small n."""
    _check_share(successes, trials)
    alpha = _check_level(level)
    z = stats.norm.ppf(1 - alpha / 2)
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return Interval(p, max(0.0, float(centre - half)), min(1.0, float(centre + half)), level, "wilson")


def clopper_pearson(successes: int, trials: int, level: float = 0.95) -> Interval:
    """Clopper–Pearson ('exact') interval from the beta distribution; never too narrow."""
    _check_share(successes, trials)
    alpha = _check_level(level)
    lower = 0.0 if successes == 0 else float(stats.beta.ppf(alpha / 2, successes, trials - successes + 1))
    upper = 1.0 if successes == trials else float(stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes))
    return Interval(successes / trials, lower, upper, level, "clopper-pearson")


def poisson_exact(count: int, level: float = 0.95, exposure: float = 1.0) -> Interval:
    """Exact (Garwood) interval for a Poisson count, optionally as a rate per ``exposure``."""
    if not math.isfinite(count) or count < 0:
        raise DataError(f"A count must be zero or more, got {count}.")
    if not exposure > 0:
        raise DataError(f"The exposure of a rate must be positive, got {exposure}.")
    alpha = _check_level(level)
    lower = 0.0 if count == 0 else float(stats.chi2.ppf(alpha / 2, 2 * count)) / 2
    upper = float(stats.chi2.ppf(1 - alpha / 2, 2 * count + 2)) / 2
    return Interval(count / exposure, lower / exposure, upper / exposure, level, "poisson-exact")

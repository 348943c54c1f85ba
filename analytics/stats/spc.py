"""Statistical process control: run charts with the Anhøj rules and I, c, u, p, p′ and u′ charts.

The computations follow qicharts2 (Anhøj 2015–2018), so an analyst can check a chart against R::

    from analytics.stats.spc import spc_chart
    chart = spc_chart([12, 15, 11, 19, …], chart="c")          # counts per month
    chart = spc_chart(numerators, chart="p", denominators=ns)  # shares with per-point limits
    chart = spc_chart(values, chart="i", freeze=12)            # limits from the first 12 points
    chart = spc_chart(values, chart="i", parts=[24])           # new centre and limits after point 24
    chart.points          # DataFrame: value, centre, lower, upper, outside, long_run, signal, part
    chart.summary         # RunsAnalysis of the last part: n_useful, longest_run, crossings, …
    spc_sentence(chart, "fi")  # one plain-language sentence (analytics.text.statistics)

Charts (``chart=``):

``run``
    centre = median; no limits.
``i``
    individuals (XmR): centre = mean; sigma = mean moving range / 1.128, after dropping moving
    ranges above 3.267 × their mean (Nelson 1982) unless ``screen=False``.
``c``
    counts: centre = mean count; sigma = √centre.
``u``
    rates: value = numerator / denominator; centre = Σnumerators / Σdenominators;
    sigma_i = √(centre / n_i).
``p``
    shares: as ``u`` with sigma_i = √(centre (1 − centre) / n_i); limits clipped to [0, 1].
``pp``, ``up``
    Laney's p′ and u′ for large denominators: the p/u sigma times the spread of the standardised
    values z = (value − centre) / sigma, sigma_z = mean |Δz| / 1.128, so limits do not become
    uselessly tight. The moving ranges of z are screened as the I chart's (qicharts2 ≥ 0.7.4)
    unless ``screen=False``.

Limits are centre ± 3 sigma; count, rate and share limits never go below zero.

The Anhøj rules (on every chart, against its centre line): points on the centre line are ignored;
``longest_run_max = round(log2(n_useful)) + 3``; ``crossings_min = binom.ppf(0.05, n_useful − 1, ½)``;
a signal when the longest run exceeds the maximum or the crossings fall below the minimum.

``freeze=K`` computes the centre and limits from the first K points and applies them to all
(the runs analysis then covers all points, so a shift after the baseline shows). ``parts=[k, …]``
starts a new part after point k: each part gets its own centre, limits and runs analysis.
A point's ``signal`` is true when it lies outside its limits or belongs to a run longer than the
maximum.

Counts: which chart? ``count_chart(counts)`` draws a c chart only when the counts vary as Poisson
counts do. It measures the quasi-Poisson dispersion φ of the series around its trend and season
(analytics.stats.compare.count_dispersion); when φ exceeds 1 more than chance allows (Pearson's χ² test,
p < 0.05) the c chart's limits (± 3√mean) are too narrow for the real month-to-month variation and
would flag ordinary months, so it draws an I (XmR) chart, whose limits come from the moving ranges
(Wheeler; Laney 2002 for the same reason behind p′ and u′). ``chart="c"`` or ``"i"`` overrides the
advice; the choice and φ are kept with the chart for its sentence (analytics.text.statistics).
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import stats

from analytics.core.errors import DataError
from analytics.core.numbers import json_number
from analytics.stats.compare import Dispersion, count_dispersion

CHARTS: tuple[str, ...] = ("run", "i", "c", "u", "p", "pp", "up")
CHART_NAMES: dict[str, str] = {"run": "A run chart", "i": "An I chart", "c": "A c chart", "u": "A u chart",
                                "p": "A p chart", "pp": "A p′ chart", "up": "A u′ chart"}
RATIO_CHARTS = frozenset({"u", "p", "pp", "up"})
SHARE_CHARTS = frozenset({"p", "pp"})
COUNT_CHARTS = frozenset({"c"})
MIN_POINTS = 8
"""The fewest points a chart, a frozen baseline or a part may have.

Anhøj's rules and 3-sigma limits are meant for 20 or more points; below 8 they hardly ever signal.
"""
D2 = 1.128
"""d2 for moving ranges of two points: sigma = mean moving range / d2."""
MR_SCREEN = 3.267
"""D4 for n = 2: moving ranges above 3.267 × their mean are screened out of the I, p′ and u′ sigmas."""
COUNT_CHART_CHOICES: tuple[str, ...] = ("auto", "c", "i")
"""``count_chart``'s ``chart``: the advised chart, or a c or I chart whatever the advice."""
OVERDISPERSION_P = 0.05
"""Counts are overdispersed (an I chart, not a c chart) when Poisson variation reaches their φ with p below this."""


@dataclass(frozen=True)
class RunsAnalysis:
    """The Anhøj rules' figures for one series against its centre line."""

    n_useful: int
    longest_run: int
    longest_run_max: int | None
    crossings: int
    crossings_min: int | None

    @property
    def long_run(self) -> bool:
        return self.longest_run_max is not None and self.longest_run > self.longest_run_max

    @property
    def few_crossings(self) -> bool:
        return self.crossings_min is not None and self.crossings < self.crossings_min

    @property
    def signal(self) -> bool:
        return self.long_run or self.few_crossings

    def to_dict(self) -> dict:
        return {"n_useful": self.n_useful, "longest_run": self.longest_run,
                "longest_run_max": self.longest_run_max, "crossings": self.crossings,
                "crossings_min": self.crossings_min, "runs_signal": self.signal}


def anhoej_limits(n_useful: int) -> tuple[int, int]:
    """The longest-run maximum and the crossings minimum for ``n_useful`` points off the centre."""
    if n_useful < 1:
        raise ValueError("The Anhøj limits need at least one useful point.")
    return round(math.log2(n_useful)) + 3, int(stats.binom.ppf(0.05, n_useful - 1, 0.5))


RELATIVE_TOLERANCE = 1e-9
"""Differences this small relative to the data's scale are rounding: such a point is on the line."""


def _sides(values: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """+1 above, −1 below, 0 on the centre line (up to rounding) or missing."""
    difference = values - centre
    known = np.abs(np.concatenate([values, centre]))
    known = known[~np.isnan(known)]
    scale = known.max() if known.size else 0.0
    side = np.where(np.abs(difference) <= RELATIVE_TOLERANCE * scale, 0.0, np.sign(difference))
    return np.where(np.isnan(side), 0.0, side)


def runs_analysis(values: Sequence[float], centre: float | Sequence[float]) -> RunsAnalysis:
    """The Anhøj runs analysis of ``values`` against ``centre`` (a number or one per value)."""
    values = np.asarray(values, dtype=float)
    side = _sides(values, np.broadcast_to(np.asarray(centre, dtype=float), values.shape))
    useful = side[side != 0]
    if useful.size == 0:
        return RunsAnalysis(0, 0, None, 0, None)
    starts = np.flatnonzero(np.diff(useful) != 0) + 1
    lengths = np.diff(np.concatenate(([0], starts, [useful.size])))
    run_max, crossings_min = anhoej_limits(int(useful.size))
    return RunsAnalysis(int(useful.size), int(lengths.max()), run_max, int(starts.size), crossings_min)


def _long_run_points(side: np.ndarray, run_max: int | None) -> np.ndarray:
    """Which points belong to a run of useful points longer than ``run_max``."""
    marked = np.zeros(side.size, dtype=bool)
    if run_max is None:
        return marked
    positions = np.flatnonzero(side != 0)
    if positions.size == 0:
        return marked
    useful = side[positions]
    breaks = np.concatenate(([0], np.flatnonzero(np.diff(useful) != 0) + 1, [useful.size]))
    for start, end in itertools.pairwise(breaks):
        if end - start > run_max:
            marked[positions[start:end]] = True
    return marked


@dataclass(frozen=True)
class SpcChart:
    """A computed chart: the points with their limits and signals, and each part's runs analysis."""

    chart: str
    points: pd.DataFrame
    parts: tuple[RunsAnalysis, ...]
    freeze: int | None

    @property
    def summary(self) -> RunsAnalysis:
        """The runs analysis of the last (current) part."""
        return self.parts[-1]

    @property
    def outside(self) -> pd.DataFrame:
        return self.points[self.points["outside"]]

    @property
    def signal(self) -> bool:
        """Any sign of non-random variation in the last part: a run signal or a point outside."""
        last = self.points[self.points["part"] == self.points["part"].max()]
        return self.summary.signal or bool(last["outside"].any())

    def to_dict(self) -> dict:
        """The CLI's JSON: per point period, value, centre, lower, upper, signal; and a summary."""
        rows = []
        for row in self.points.itertuples(index=False):
            rows.append({
                "period": row.period,
                "value": json_number(row.value),
                "centre": json_number(row.centre),
                "lower": json_number(row.lower),
                "upper": json_number(row.upper),
                "signal": bool(row.signal),
                "outside": bool(row.outside),
                "long_run": bool(row.long_run),
                "part": int(row.part),
                **({"denominator": json_number(row.denominator)} if "denominator" in self.points else {}),
            })
        return {"chart": self.chart, "freeze": self.freeze, "points": rows, "summary": self.summary.to_dict(),
                "parts": [part.to_dict() for part in self.parts]}

    @property
    def last_outside(self) -> pd.DataFrame:
        """The points of the last (current) part that lie outside their limits."""
        last = self.points[self.points["part"] == self.points["part"].max()]
        return last[last["outside"]]


def _part_labels(n: int, parts: Sequence[int]) -> np.ndarray:
    splits = sorted({int(p) for p in parts})
    for split in splits:
        if not 0 < split < n:
            raise DataError(f"A part split after point {split} is outside the series of {n} points.")
    bounds = [0, *splits, n]
    for start, end in itertools.pairwise(bounds):
        if end - start < MIN_POINTS:
            raise DataError(f"The part of points {start + 1}–{end} has {end - start} points; "
                            f"each part needs at least {MIN_POINTS}.")
    labels = np.zeros(n, dtype=int)
    for number, split in enumerate(splits, start=1):
        labels[split:] = number
    return labels


def _bad_point(index: int, labels: list[str], reason: str) -> DataError:
    """An error about one point; ``problems`` carries its 0-based position for the caller to map to a line."""
    return DataError(f"Point {index + 1} ({labels[index]}) {reason}",
                     problems=[{"row": int(index), "period": labels[index], "reason": reason}])


def _check_inputs(chart: str, values: np.ndarray, denominators: np.ndarray | None, labels: list[str]) -> None:
    if chart not in CHARTS:
        raise DataError(f"Unknown chart '{chart}'; choose one of {', '.join(CHARTS)}.")
    if len(labels) != values.size:
        raise DataError(f"Got {values.size} values but {len(labels)} periods.")
    present = ~np.isnan(values)
    if present.sum() < MIN_POINTS:
        raise DataError(f"{CHART_NAMES[chart]} needs at least {MIN_POINTS} points with a value; got {int(present.sum())}.")
    for i in np.flatnonzero(np.isinf(values)):
        raise _bad_point(i, labels, "is not a finite number.")
    if chart in RATIO_CHARTS or chart in COUNT_CHARTS:
        for i in np.flatnonzero(values < 0):
            raise _bad_point(i, labels, f"has a negative count ({values[i]:g}); {CHART_NAMES[chart].lower()} needs counts "
                                        "of zero or more.")
    if chart in RATIO_CHARTS:
        if denominators is None:
            raise DataError(f"{CHART_NAMES[chart]} needs a denominator for every point.")
        if denominators.shape != values.shape:
            raise DataError(f"Got {values.size} values but {denominators.size} denominators.")
        for i in np.flatnonzero(present & ~(denominators > 0)):
            raise _bad_point(i, labels, f"has denominator {denominators[i]:g}; {CHART_NAMES[chart].lower()} needs a positive "
                                        "denominator for each value.")
        if chart in SHARE_CHARTS:
            for i in np.flatnonzero(values > denominators):
                raise _bad_point(i, labels, f"has numerator {values[i]:g} above its denominator {denominators[i]:g}.")


def moving_range_sigma(values: np.ndarray, screen: bool = True) -> float | None:
    """Mean moving range / d2 of consecutive known values (a gap breaks the pair); None without a pair.

    With ``screen`` the moving ranges above 3.267 × their mean are dropped first (Nelson 1982), as
    qicharts2 does for the I chart and, since 0.7.4, for the standardised values of p′ and u′.
    """
    ranges = np.abs(np.diff(np.asarray(values, dtype=float)))
    ranges = ranges[np.isfinite(ranges)]
    if ranges.size == 0:
        return None
    if screen and ranges.mean() > 0:
        ranges = ranges[ranges < MR_SCREEN * ranges.mean()]
    return float(ranges.mean() / D2)


def _limits(chart: str, y: np.ndarray, num: np.ndarray, den: np.ndarray, base: np.ndarray,
            screen: bool) -> tuple[float, np.ndarray]:
    """The centre of a part from its baseline points, and each point's sigma (NaN for a run chart)."""
    size = y.size
    ok = base & ~np.isnan(y)
    if chart == "run":
        return float(np.median(y[ok])), np.full(size, np.nan)
    if chart == "i":
        centre = float(np.mean(y[ok]))
        spread = moving_range_sigma(np.where(base, y, np.nan), screen)
        if spread is None:
            raise DataError("An I chart needs at least two consecutive points to measure the variation.")
        return centre, np.full(size, spread)
    if chart == "c":
        centre = float(np.mean(y[ok]))
        return centre, np.full(size, math.sqrt(centre))
    centre = float(num[ok].sum() / den[ok].sum())
    if chart in ("u", "up"):
        sigma = np.sqrt(centre / den)
    else:
        sigma = np.sqrt(centre * (1 - centre) / den)
    if chart in ("pp", "up"):
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (y - centre) / sigma
        sigma_z = moving_range_sigma(np.where(ok, z, np.nan), screen)
        sigma = sigma * (sigma_z if sigma_z is not None else 0.0)
    return centre, sigma


def spc_chart(values: Sequence[float], chart: str = "run", denominators: Sequence[float] | None = None,
              periods: Sequence[object] | None = None, freeze: int | None = None,
              parts: Sequence[int] = (), screen: bool = True) -> SpcChart:
    """Compute a control or run chart; see the module text for the charts and options.

    ``values`` are the measurements (``run``, ``i``), the counts (``c``) or the numerators
    (``u``, ``p``, ``pp``, ``up``); missing values (NaN) leave a gap. ``periods`` label the points
    (default 1…n). Raises :class:`DataError` for input a user must fix.
    """
    y_raw = np.asarray(values, dtype=float)
    den = None if denominators is None else np.asarray(denominators, dtype=float)
    n = y_raw.size
    labels = [str(p) for p in periods] if periods is not None else [str(i) for i in range(1, n + 1)]
    _check_inputs(chart, y_raw, den, labels)
    if freeze is not None and parts:
        raise DataError("Choose either a frozen baseline or parts, not both.")
    if freeze is not None and not MIN_POINTS <= freeze <= n:
        raise DataError(f"A frozen baseline needs between {MIN_POINTS} and {n} points; got {freeze}.")
    part = _part_labels(n, parts)
    if chart in RATIO_CHARTS:
        num = y_raw
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.where(den > 0, y_raw / den, np.nan)
    else:
        num, den, y = y_raw, np.ones(n), y_raw

    centre = np.full(n, np.nan)
    lower = np.full(n, np.nan)
    upper = np.full(n, np.nan)
    long_run = np.zeros(n, dtype=bool)
    analyses = []
    for label in range(part.max() + 1):
        idx = np.flatnonzero(part == label)
        base = np.zeros(idx.size, dtype=bool)
        base[: freeze if freeze is not None else idx.size] = True
        if (~np.isnan(y[idx][base])).sum() < 2:
            raise DataError(f"Part {label + 1} has fewer than two values to compute limits from.")
        mid, sigma = _limits(chart, y[idx], num[idx], den[idx], base, screen)
        centre[idx] = mid
        if chart != "run":
            lo, hi = mid - 3 * sigma, mid + 3 * sigma
            if chart != "i":
                lo = np.maximum(lo, 0.0)
            if chart in SHARE_CHARTS:
                hi = np.minimum(hi, 1.0)
            lower[idx], upper[idx] = lo, hi
        analysis = runs_analysis(y[idx], mid)
        analyses.append(analysis)
        long_run[idx] = _long_run_points(_sides(y[idx], np.full(idx.size, mid)), analysis.longest_run_max)
    # A point that sits on its limit up to rounding is inside.
    tolerance = RELATIVE_TOLERANCE * np.maximum(np.abs(centre), np.abs(upper - centre))
    outside = ~np.isnan(y) & ~np.isnan(upper) & ((y > upper + tolerance) | (y < lower - tolerance))
    frame = pd.DataFrame({"period": labels, "value": y, "centre": centre, "lower": lower, "upper": upper,
                          "outside": outside, "long_run": long_run, "signal": outside | long_run,
                          "part": part + 1})
    if chart in RATIO_CHARTS:
        frame.insert(2, "numerator", num)
        frame.insert(3, "denominator", den)
    return SpcChart(chart, frame, tuple(analyses), freeze)


@dataclass(frozen=True)
class CountChartChoice:
    """Which chart a count series is drawn on, the advised one, and the dispersion behind the advice."""

    chart: str
    advised: str
    dispersion: Dispersion

    @property
    def overdispersed(self) -> bool:
        return self.advised == "i"

    def to_dict(self) -> dict:
        return {"chart": self.chart, "advised": self.advised, "dispersion": self.dispersion.to_dict()}


def advised_count_chart(dispersion: Dispersion) -> str:
    """``"i"`` when the counts vary clearly more than Poisson counts (p < OVERDISPERSION_P), else ``"c"``."""
    return "i" if dispersion.p_value < OVERDISPERSION_P and dispersion.phi > 1 else "c"


def count_chart(counts: Sequence[float], periods: Sequence[object] | None = None, chart: str = "auto",
                season: int | None = 12, screen: bool = True) -> tuple[SpcChart, CountChartChoice]:
    """A count series on the chart that suits its variation (see the module text), and the choice.

    ``season``: points per year of the series (12 monthly, 4 quarterly, None for no seasonal terms).
    """
    if chart not in COUNT_CHART_CHOICES:
        raise DataError(f"Unknown count chart '{chart}'; choose one of {', '.join(COUNT_CHART_CHOICES)}.")
    values = np.asarray(counts, dtype=float)
    _check_inputs("c", values, None, [str(p) for p in periods] if periods is not None else
                  [str(i) for i in range(1, values.size + 1)])
    dispersion = count_dispersion(values, season)
    advised = advised_count_chart(dispersion)
    drawn = advised if chart == "auto" else chart
    result = spc_chart(values, drawn, periods=periods, screen=screen)
    if drawn == "i":  # counts are never negative: neither is the I chart's lower limit for them
        result = replace(result, points=result.points.assign(lower=result.points["lower"].clip(lower=0.0)))
    return result, CountChartChoice(drawn, advised, dispersion)

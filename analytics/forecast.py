"""Forecasts of short monthly or quarterly series with honest intervals, chosen by a rolling-origin
backtest on the series itself.

Use from a notebook::

    from analytics.forecast import forecast_series
    result = forecast_series(values, periods=pd.period_range("2021-01", periods=48, freq="M"),
                             horizon=12, kind="count")
    result.model             # the chosen candidate, e.g. "ETS(A,Ad,A)"
    result.forecast          # period, mean, lower80, upper80, lower95, upper95
    result.backtest          # per candidate: mase, coverage80, coverage95
    result.probability(target=50, period=result.forecast["period"].iloc[-1], better="higher")

Method
------
*Scale.* Counts are modelled as log(1 + y), shares (percent, 0–100) as logit(p / 100) with p kept
within [0,1 %, 99,9 %], other values as they are. A forecast on that scale is normal with mean μ and
standard deviation σ; its intervals are the back-transformed normal quantiles (so a share stays
within 0–100 % and a count at or above 0) and its point forecast is the back-transformed *mean*,
E[g⁻¹(X)], by 20-point Gauss–Hermite quadrature.

*Candidates.* The benchmarks naive (random walk), seasonal naive and mean; ETS with additive errors
(statsmodels ``ETSModel``) without trend, with trend and with damped trend, each also with additive
seasonality when the shortest backtest window holds at least two full cycles; a small SARIMA —
(0,1,1)(0,1,1)m when seasonal, else (0,1,1); and the combination (equal-weight mean on the model
scale) of the damped-trend ETS and the SARIMA.

*Choice.* Rolling origin with an expanding window: the last ``K`` (3–8) origins, each forecasting
one seasonal cycle (or the horizon, if shorter). A model's parameters are estimated once, on the
first (shortest) window, and re-applied to the later windows (so no window sees its own future and
the backtest stays fast); the chosen model is then refitted on the whole history. The score is the
MASE on the original scale (absolute errors over the in-sample MAE of the seasonal-naive — or, for a
non-seasonal series, the naive — forecast of the first window), and each candidate's 80 % and 95 %
interval coverage is reported. The lowest MASE wins; ties go to the simpler candidate.

*Honest intervals.* Model-based intervals of short series are too narrow (parameter and model-choice
uncertainty are not in them). The chosen model's σ is therefore widened, never narrowed, by the
factor that makes its intervals cover 80 % of the backtest's actual values (the 80th percentile of
the standardised backtest errors over 1,2816), at most threefold.

*Too little history.* Fewer than ``MIN_HISTORY`` points: an error. Too few for a backtest of the
models (``MIN_TRAIN`` points in the first window and ``MIN_ORIGINS`` origins): the naive forecast with
a note naming the minimum. Seasonality needs two full cycles in the first backtest window; the note
names the minimum history for it.

Statsmodels warnings are silenced; a candidate whose fit fails is dropped with a note. BLAS is
limited to one thread during the fits, and results are cached by series and settings.
"""
from __future__ import annotations

import functools
import math
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from analytics.errors import DataError

KINDS = ("count", "share", "value")
SEASON_LENGTHS = {"M": 12, "Q": 4}
LEVELS = (80, 95)
MIN_HISTORY = 4
MIN_TRAIN = 10
MIN_ORIGINS = 3
MAX_ORIGINS = 8
MAX_HORIZON = 60
SHARE_FLOOR = 0.001
"""Shares are kept within [0,1 %, 99,9 %] before the logit."""
Z80 = float(stats.norm.ppf(0.9))
MAX_WIDENING = 3.0
SEED = 20240501
"""Passed wherever statsmodels would simulate (it does not for these additive models: intervals are exact)."""
_NODES, _WEIGHTS = np.polynomial.hermite_e.hermegauss(20)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


# --- scales -----------------------------------------------------------------------------------

def to_model_scale(values: np.ndarray, kind: str) -> np.ndarray:
    """The modelling scale: log(1 + y) for counts, logit for shares (percent), as is for values."""
    if kind == "count":
        return np.log1p(values)
    if kind == "share":
        p = np.clip(values / 100.0, SHARE_FLOOR, 1 - SHARE_FLOOR)
        return np.log(p / (1 - p))
    return values.astype(float)


def from_model_scale(x: np.ndarray, kind: str) -> np.ndarray:
    """Back to the original scale (counts ≥ 0, shares within 0–100)."""
    if kind == "count":
        return np.maximum(np.expm1(x), 0.0)
    if kind == "share":
        return 100.0 / (1.0 + np.exp(-x))
    return x


def back_mean(mu: np.ndarray, sd: np.ndarray, kind: str) -> np.ndarray:
    """E[g⁻¹(X)] for X ~ N(mu, sd²), by Gauss–Hermite quadrature (exact for ``value``)."""
    if kind == "value":
        return np.asarray(mu, dtype=float)
    points = np.asarray(mu)[:, None] + np.asarray(sd)[:, None] * _NODES[None, :]
    return from_model_scale(points, kind) @ _WEIGHTS


# --- candidates -------------------------------------------------------------------------------

@dataclass
class Fit:
    """A candidate fitted to one window: ``predict(h)`` gives (mu, sd) on the model scale."""

    name: str
    fitted: np.ndarray
    predict: object
    params: object = None


def _quiet(call, *args, **kwargs):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return call(*args, **kwargs)


class Candidate:
    """A forecasting method. ``fit(x, params)`` estimates on ``x`` or, given ``params``, re-applies them."""

    name = ""
    complexity = 0
    needs: int = 2

    def fit(self, x: np.ndarray, params=None) -> Fit:
        raise NotImplementedError


class Naive(Candidate):
    name, complexity, needs = "naive", 0, 2

    def fit(self, x, params=None):
        sigma = float(np.sqrt(np.mean(np.diff(x) ** 2))) if x.size > 1 else 0.0  # as R's rwf: RMS of the steps
        last = x[-1]
        return Fit(self.name, np.concatenate(([np.nan], x[:-1])),
                   lambda h: (np.full(h, last), sigma * np.sqrt(np.arange(1, h + 1))))


class SeasonalNaive(Candidate):
    complexity = 1

    def __init__(self, m: int):
        self.m, self.name, self.needs = m, "snaive", m + 2

    def fit(self, x, params=None):
        m = self.m
        diffs = x[m:] - x[:-m]
        sigma = float(np.sqrt(np.mean(diffs ** 2))) if diffs.size else 0.0
        last = x[-m:]

        def predict(h):
            steps = np.arange(h)
            return last[steps % m], sigma * np.sqrt(steps // m + 1)
        return Fit(self.name, np.concatenate((np.full(m, np.nan), x[:-m])), predict)


class Mean(Candidate):
    name, complexity, needs = "mean", 0, 2

    def fit(self, x, params=None):
        mean, sd, n = float(x.mean()), float(x.std(ddof=1)) if x.size > 1 else 0.0, x.size
        return Fit(self.name, np.full(n, mean), lambda h: (np.full(h, mean), np.full(h, sd * math.sqrt(1 + 1 / n))))


@functools.cache
def _quick_ets():
    """statsmodels' ETSModel whose results skip the parameter covariance: a numerical Hessian at every
    fit and re-filter that forecasts never use (it was two thirds of the engine's time)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel, ETSResults, ETSResultsWrapper

    class QuickResults(ETSResults):
        @property
        def cov_params_approx(self):
            return np.full((self.k_params, self.k_params), np.nan)

    class QuickETS(ETSModel):
        @property
        def _res_classes(self):
            return {"fit": (QuickResults, ETSResultsWrapper)}

    return QuickETS


class Ets(Candidate):
    """ETS with additive errors on the model scale (statsmodels ``ETSModel``)."""

    def __init__(self, trend: bool, damped: bool, m: int | None):
        self.trend, self.damped, self.m = trend, damped, m
        t = "Ad" if damped else ("A" if trend else "N")
        self.name = f"ETS(A,{t},{'A' if m else 'N'})"
        self.complexity = 2 + trend + damped + (2 if m else 0)
        self.needs = max(MIN_TRAIN, 2 * m if m else 0)

    def fit(self, x, params=None):
        model = _quick_ets()(pd.Series(x), error="add", trend="add" if self.trend else None,
                         damped_trend=self.damped, seasonal="add" if self.m else None,
                         seasonal_periods=self.m, initialization_method="estimated")
        result = _quiet(model.fit, disp=False) if params is None else _quiet(model.smooth, params)
        n = x.size

        def predict(h):
            pred = _quiet(result.get_prediction, start=n, end=n + h - 1, method="exact")
            return np.asarray(pred.predicted_mean, dtype=float), np.sqrt(np.asarray(pred.forecast_variance, dtype=float))
        return Fit(self.name, np.asarray(result.fittedvalues, dtype=float), predict, result.params)


class Sarima(Candidate):
    """A small SARIMA: (0,1,1)(0,1,1)m when seasonal, else (0,1,1)."""

    def __init__(self, m: int | None):
        self.m = m
        self.name = f"SARIMA(0,1,1)(0,1,1)[{m}]" if m else "ARIMA(0,1,1)"
        self.complexity = 4 if m else 2
        self.needs = max(MIN_TRAIN, 2 * m + 2 if m else 0)

    def fit(self, x, params=None):
        from statsmodels.tsa.statespace.sarimax import SARIMAX

        model = SARIMAX(x, order=(0, 1, 1), seasonal_order=(0, 1, 1, self.m) if self.m else (0, 0, 0, 0))
        result = (_quiet(model.fit, disp=False, cov_type="none") if params is None
                  else _quiet(model.filter, params, cov_type="none"))
        fitted = np.asarray(result.fittedvalues, dtype=float).copy()
        fitted[: 1 + (self.m or 0)] = np.nan  # the differenced start has no real one-step forecast

        def predict(h):
            fc = _quiet(result.get_forecast, h)
            return np.asarray(fc.predicted_mean, dtype=float), np.sqrt(np.asarray(fc.var_pred_mean, dtype=float))
        return Fit(self.name, fitted, predict, result.params)


class Combination(Candidate):
    """Equal-weight mean of its parts on the model scale; variance = mean of the parts' variances."""

    def __init__(self, parts: Sequence[Candidate]):
        self.parts = list(parts)
        self.name = "combination"
        self.complexity = sum(p.complexity for p in parts) + 1
        self.needs = max(p.needs for p in parts)

    def combine(self, fits: Sequence[Fit]) -> Fit:
        def predict(h):
            outs = [f.predict(h) for f in fits]
            mu = np.mean([o[0] for o in outs], axis=0)
            sd = np.sqrt(np.mean([o[1] ** 2 for o in outs], axis=0))
            return mu, sd
        return Fit(self.name, np.nanmean([f.fitted for f in fits], axis=0), predict)


def candidates(m: int | None) -> list[Candidate]:
    """Every candidate for a series with season length ``m`` (None: no seasonal models)."""
    singles: list[Candidate] = [Naive(), Mean()]
    if m:
        singles.insert(1, SeasonalNaive(m))
    for season in ([None, m] if m else [None]):
        singles += [Ets(False, False, season), Ets(True, False, season), Ets(True, True, season)]
    singles.append(Sarima(m))
    damped = next(c for c in singles if isinstance(c, Ets) and c.damped and c.m == m)
    sarima = singles[-1]
    return [*singles, Combination([damped, sarima])]


# --- periods ----------------------------------------------------------------------------------

_MONTH_RE = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER_RE = re.compile(r"^(\d{4})-?Q([1-4])$", re.IGNORECASE)


def parse_period(label: str) -> pd.Period:
    """``2024-05`` (a month) or ``2024-Q2`` / ``2024Q2`` (a quarter); DataError otherwise."""
    text = str(label).strip()
    month = _MONTH_RE.match(text)
    if month and 1 <= int(month.group(2)) <= 12:
        return pd.Period(year=int(month.group(1)), month=int(month.group(2)), freq="M")
    quarter = _QUARTER_RE.match(text)
    if quarter:
        return pd.Period(year=int(quarter.group(1)), quarter=int(quarter.group(2)), freq="Q")
    raise DataError(f"'{text}' is not a period: write a month as YYYY-MM (2024-05) or a quarter as YYYY-Qn (2024-Q2).")


def format_period(period: pd.Period) -> str:
    """The CLI's writing: ``2024-05`` or ``2024-Q2``."""
    return f"{period.year}-{period.month:02d}" if period.freqstr.startswith("M") else f"{period.year}-Q{period.quarter}"


# --- the engine -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ForecastResult:
    """The chosen model's forecast and the evidence for choosing it. Values in the original units
    (percent for shares).

    ``history``: period, value, fitted (the chosen model's one-step fitted values).
    ``forecast``: period, mean, lower80, upper80, lower95, upper95, and mu, sd on the model scale.
    ``backtest``: model, mase, coverage80, coverage95 (of the model's own intervals), widening (the
    factor its intervals are widened by to cover 80 % of the backtest), origins, chosen — one row per
    candidate that ran.
    """

    model: str
    kind: str
    season_length: int
    history: pd.DataFrame
    forecast: pd.DataFrame
    backtest: pd.DataFrame
    notes: tuple[str, ...] = field(default_factory=tuple)
    step: int = 0
    """How many periods ahead each backtest forecast reaches (0 without a backtest)."""

    def probability(self, target: float, period: object, better: str = "higher") -> float:
        """The chance that the value at forecast ``period`` is at least (``higher``) or at most
        (``lower``) ``target`` (original units), from the forecast distribution."""
        rows = self.forecast[self.forecast["period"] == period]
        if not len(rows):
            raise DataError(f"{period} is not a forecast period; choose one of "
                            f"{', '.join(map(str, self.forecast['period']))}.")
        row = rows.iloc[0]
        boundary = float(to_model_scale(np.array([float(target)]), self.kind)[0])
        if row["sd"] <= 0:
            below = 1.0 if row["mu"] <= boundary else 0.0
        else:
            below = float(stats.norm.cdf((boundary - row["mu"]) / row["sd"]))
        return below if better == "lower" else 1.0 - below

    def to_dict(self) -> dict:
        """The CLI's JSON."""
        def number(v):
            return None if v is None or not math.isfinite(float(v)) else round(float(v), 6)
        return {
            "model": self.model, "kind": self.kind, "season_length": self.season_length,
            "forecast": [{"period": format_period(r.period), "mean": number(r.mean), "lower80": number(r.lower80),
                          "upper80": number(r.upper80), "lower95": number(r.lower95), "upper95": number(r.upper95)}
                         for r in self.forecast.itertuples(index=False)],
            "backtest": [{"model": r.model, "mase": number(r.mase), "coverage80": number(r.coverage80),
                          "coverage95": number(r.coverage95), "widening": number(r.widening), "origins": int(r.origins)}
                         for r in self.backtest.itertuples(index=False)],
            "notes": list(self.notes),
        }


def _interval_table(mu: np.ndarray, sd: np.ndarray, kind: str) -> dict[str, np.ndarray]:
    out = {"mean": back_mean(mu, sd, kind)}
    for level in LEVELS:
        z = stats.norm.ppf(0.5 + level / 200)
        out[f"lower{level}"] = from_model_scale(mu - z * sd, kind)
        out[f"upper{level}"] = from_model_scale(mu + z * sd, kind)
    return out


def _fit_all(candidate: Candidate, windows: list[np.ndarray], fits: dict[str, list[Fit]]) -> list[Fit] | None:
    if isinstance(candidate, Combination):
        parts = [fits.get(p.name) for p in candidate.parts]
        if any(p is None for p in parts):
            return None
        return [candidate.combine([p[i] for p in parts]) for i in range(len(windows))]
    first = candidate.fit(windows[0])
    out = [first]
    for window in windows[1:]:
        out.append(candidate.fit(window, first.params) if first.params is not None else candidate.fit(window))
    return out


def _score(window_fits: list[Fit], y: np.ndarray, first: int, step: int, kind: str) -> dict | None:
    """Mean absolute error, interval coverage and the interval widening of ``step``-ahead forecasts
    from every origin; None when a forecast is not finite.

    ``widening`` = max(1, the 80th percentile of |standardised error| on the model scale / 1,2816):
    how much the model's own intervals must widen to cover 80 % of the backtest's actual values. It
    never narrows them.
    """
    errors, standardised, inside = [], [], {level: [] for level in LEVELS}
    for k, fit in enumerate(window_fits):
        actual = y[first + k: first + k + step]
        mu, sd = fit.predict(actual.size)
        if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(sd))):
            return None
        table = _interval_table(mu, sd, kind)
        errors.append(np.abs(actual - table["mean"]))
        with np.errstate(divide="ignore", invalid="ignore"):
            standardised.append(np.abs(to_model_scale(actual, kind) - mu) / sd)
        for level in LEVELS:
            inside[level].append((actual >= table[f"lower{level}"]) & (actual <= table[f"upper{level}"]))
    z = np.concatenate(standardised)
    z = z[np.isfinite(z)]
    widening = float(np.clip(np.quantile(z, 0.8) / Z80, 1.0, MAX_WIDENING)) if z.size else 1.0
    return {"mae": float(np.mean(np.concatenate(errors))), "widening": widening,
            **{f"coverage{level}": float(np.mean(np.concatenate(inside[level]))) for level in LEVELS}}


def _check(values: np.ndarray, periods: pd.PeriodIndex, kind: str, horizon: int) -> None:
    if kind not in KINDS:
        raise DataError(f"Unknown kind '{kind}'; choose one of {', '.join(KINDS)}.")
    if not 1 <= horizon <= MAX_HORIZON:
        raise DataError(f"The horizon must be between 1 and {MAX_HORIZON} periods; got {horizon}.")
    if values.size < MIN_HISTORY:
        raise DataError(f"A forecast needs at least {MIN_HISTORY} periods of history; got {values.size}.")
    missing = np.flatnonzero(~np.isfinite(values))
    if missing.size:
        raise DataError(f"Period {periods[missing[0]]} has no value; fill in or remove the missing periods.")
    if kind == "count" and (values < 0).any():
        bad = int(np.flatnonzero(values < 0)[0])
        raise DataError(f"Period {periods[bad]} has a negative count ({values[bad]:g}).")
    if kind == "share" and ((values < 0) | (values > 100)).any():
        bad = int(np.flatnonzero((values < 0) | (values > 100))[0])
        raise DataError(f"Period {periods[bad]} has the share {values[bad]:g} %; a share is between 0 and 100 %.")
    expected = pd.period_range(periods[0], periods=len(periods), freq=periods.freq)
    if not periods.equals(expected):
        gap = next(i for i in range(len(periods)) if periods[i] != expected[i])
        raise DataError(f"The periods must follow each other without gaps or repeats; "
                        f"{periods[gap]} should be {expected[gap]}.")


def forecast_series(values: Sequence[float], periods: Sequence[object] | pd.PeriodIndex, horizon: int = 12,
                    kind: str = "value") -> ForecastResult:
    """Choose a model by rolling-origin backtest and forecast ``horizon`` periods ahead (see the module text).

    ``periods`` are monthly or quarterly pandas Periods (or strings such as ``2024-05`` / ``2024Q2``).
    Results are cached by the series and settings.
    """
    index = periods if isinstance(periods, pd.PeriodIndex) else pd.PeriodIndex([pd.Period(p) for p in periods])
    return _forecast(tuple(float(v) for v in values), tuple(str(p) for p in index), index.freqstr, int(horizon), kind)


@functools.lru_cache(maxsize=256)
def _forecast(values: tuple, labels: tuple, freq: str, horizon: int, kind: str) -> ForecastResult:
    y = np.asarray(values, dtype=float)
    index = pd.PeriodIndex([pd.Period(p, freq=freq) for p in labels])
    _check(y, index, kind, horizon)
    m = SEASON_LENGTHS.get(index.freqstr[0])
    if m is None:
        raise DataError(f"Only monthly or quarterly series can be forecast (got frequency '{index.freqstr}').")
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        return _choose_and_forecast(y, index, m, horizon, kind)


def backtest_layout(n: int, horizon: int, m: int) -> tuple[int, int, int]:
    """(step, origins, first) of the backtest of a series of ``n`` points: each origin forecasts
    ``step`` periods, there are ``origins`` origins and the first training window has ``first`` points."""
    step = min(horizon, m, max(1, n // 4))
    origins = min(MAX_ORIGINS, n - step - MIN_TRAIN + 1)
    return step, origins, n - step - max(origins, 0) + 1


def minimum_history(horizon: int, m: int, seasonal: bool = False) -> int:
    """The fewest points for a model backtest (or, ``seasonal``, for the seasonal models too)."""
    n = MIN_HISTORY
    while True:
        _, origins, first = backtest_layout(n, horizon, m)
        if origins >= MIN_ORIGINS and (not seasonal or first >= 2 * m + 2):
            return n
        n += 1


def _choose_and_forecast(y: np.ndarray, index: pd.PeriodIndex, m: int, horizon: int, kind: str) -> ForecastResult:
    x = to_model_scale(y, kind)
    n = y.size
    notes: list[str] = []
    step, origins, first = backtest_layout(n, horizon, m)
    future = pd.period_range(index[-1] + 1, periods=horizon, freq=index.freq)
    if np.ptp(y) == 0:
        notes.append("constant")
        return _finish(Naive(), x, y, index, future, horizon, kind, pd.DataFrame(), notes)
    if origins < MIN_ORIGINS:
        notes.append(f"too_short:{minimum_history(horizon, m)}")
        return _finish(Naive(), x, y, index, future, horizon, kind, pd.DataFrame(), notes)
    seasonal = first >= 2 * m + 2
    if not seasonal:
        notes.append(f"no_season:{minimum_history(horizon, m, seasonal=True)}")
    pool = candidates(m if seasonal else None)
    windows = [x[: first + k] for k in range(origins)]
    scale_window = y[:first]
    lag = m if seasonal else 1
    scale = float(np.mean(np.abs(scale_window[lag:] - scale_window[:-lag])))
    if not scale > 0:
        scale = float(np.mean(np.abs(scale_window))) or 1.0
    fits: dict[str, list[Fit]] = {}
    rows = []
    for candidate in pool:
        if candidate.needs > first:
            continue
        try:
            window_fits = _fit_all(candidate, windows, fits)
            score = None if window_fits is None else _score(window_fits, y, first, step, kind)
        except Exception:  # noqa: BLE001 - a failed fit drops the candidate, with a note
            window_fits, score = None, None
        if score is None:
            if window_fits is not None or not isinstance(candidate, Combination):
                notes.append(f"failed:{candidate.name}")
            continue
        fits[candidate.name] = window_fits
        rows.append({"model": candidate.name, "mase": score["mae"] / scale, "coverage80": score["coverage80"],
                     "coverage95": score["coverage95"], "widening": score["widening"], "origins": origins,
                     "complexity": candidate.complexity})
    backtest = pd.DataFrame(rows)
    order = backtest.sort_values(["mase", "complexity"], kind="stable")
    for name in order["model"]:
        chosen = next(c for c in pool if c.name == name)
        try:
            return _finish(chosen, x, y, index, future, horizon, kind, backtest, notes, step)
        except Exception:  # noqa: BLE001 - the full-history fit failed: take the next best
            notes.append(f"failed:{name}")
    return _finish(Naive(), x, y, index, future, horizon, kind, backtest, notes, step)


def _full_fit(candidate: Candidate, x: np.ndarray) -> Fit:
    if isinstance(candidate, Combination):
        return candidate.combine([part.fit(x) for part in candidate.parts])
    return candidate.fit(x)


def _finish(candidate: Candidate, x: np.ndarray, y: np.ndarray, index: pd.PeriodIndex, future: pd.PeriodIndex,
            horizon: int, kind: str, backtest: pd.DataFrame, notes: list[str], step: int = 0) -> ForecastResult:
    fit = _full_fit(candidate, x)
    mu, sd = fit.predict(horizon)
    if len(backtest):
        sd = sd * float(backtest.loc[backtest["model"] == candidate.name, "widening"].iloc[0])
    if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(sd))):
        raise DataError("the model gave no finite forecast")
    table = _interval_table(mu, sd, kind)
    forecast = pd.DataFrame({"period": future, **table, "mu": mu, "sd": sd})
    fitted = fit.fitted
    history = pd.DataFrame({"period": index, "value": y,
                            "fitted": np.where(np.isfinite(fitted), from_model_scale(fitted, kind), np.nan)})
    if len(backtest):
        backtest = backtest.assign(chosen=backtest["model"] == candidate.name).drop(columns="complexity")
        backtest = backtest.sort_values("mase", kind="stable").reset_index(drop=True)
    else:
        backtest = pd.DataFrame(columns=["model", "mase", "coverage80", "coverage95", "widening", "origins", "chosen"])
    return ForecastResult(candidate.name, kind, SEASON_LENGTHS.get(index.freqstr[0], 1), history, forecast,
                          backtest, tuple(notes), step if len(backtest) else 0)


# --- evaluation -------------------------------------------------------------------------------

BENCHMARKS = ("naive", "snaive", "mean")


def evaluate(values: Sequence[float], periods: Sequence[object] | pd.PeriodIndex, kind: str = "value",
             origins: int = 6, horizon: int | None = None) -> pd.DataFrame:
    """Out-of-sample check of the whole engine (its own backtest and choice included) against the
    benchmarks, as R's forecast package users do it: from each of the last ``origins`` origins
    (expanding window) forecast one seasonal cycle (or ``horizon``) and score the MASE (scaled by the
    training window's in-sample seasonal-naive MAE) and the 80 % interval coverage.

    Returns one row per origin and method: origin (training length), method, model, mase, coverage80.
    """
    index = periods if isinstance(periods, pd.PeriodIndex) else pd.PeriodIndex([pd.Period(p) for p in periods])
    y = np.asarray(values, dtype=float)
    m = SEASON_LENGTHS[index.freqstr[0]]
    h = horizon or m
    rows = []
    for origin in range(y.size - h - origins + 1, y.size - h + 1):
        train, actual = y[:origin], y[origin: origin + h]
        scale = float(np.mean(np.abs(train[m:] - train[:-m])))
        result = forecast_series(train, index[:origin], h, kind)
        outputs = {"engine": (result.model, result.forecast)}
        x = to_model_scale(train, kind)
        for bench in (Naive(), SeasonalNaive(m), Mean()):
            mu, sd = bench.fit(x).predict(h)
            outputs[bench.name] = (bench.name, pd.DataFrame(_interval_table(mu, sd, kind)))
        for method, (model, table) in outputs.items():
            inside = (actual >= table["lower80"].to_numpy()) & (actual <= table["upper80"].to_numpy())
            rows.append({"origin": origin, "method": method, "model": model,
                         "mase": float(np.mean(np.abs(actual - table["mean"].to_numpy()))) / scale,
                         "coverage80": float(np.mean(inside))})
    return pd.DataFrame(rows)

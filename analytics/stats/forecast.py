"""Forecasts of short monthly or quarterly series with honest intervals, chosen by a rolling-origin
backtest on the series itself.

Use from a notebook::

    from analytics.stats.forecast import forecast_series
    result = forecast_series(values, periods=pd.period_range("2021-01", periods=48, freq="M"),
                             horizon=12, kind="count")
    result.model             # the chosen candidate, e.g. "combination" or "Theta ×S[12]"
    result.forecast          # period, mean, lower80, upper80, lower95, upper95
    result.backtest          # per candidate: mase, coverage80, coverage95, widening
    result.reason            # why it won: {"code": "combination_default", "mase": …, "runner_up": …}
    result.probability(target=50, period=result.forecast["period"].iloc[-1], better="higher")

Method (issue 22; measured on the M3 competition's series by ``python -m benchmarks.m3``)
------
*Scale.* Counts are modelled as log(1 + y), shares (percent, 0–100) as logit(p / 100) with p kept
within [0,1 %, 99,9 %], other values as they are. A forecast on that scale is normal with mean μ and
standard deviation σ; its intervals are the back-transformed normal quantiles (so a share stays
within 0–100 % and a count at or above 0) and its point forecast is the back-transformed *mean*,
E[g⁻¹(X)], by 20-point Gauss–Hermite quadrature.

*Seasonality.* As the classical Theta method that won M3: a series is seasonal when its lag-m
autocorrelation exceeds the 90 % limit (``seasonal_test``); seasonal indices come from classical
decomposition (centred 2×m moving average), as ratios for positive ``value`` series (multiplicative
seasonality) and as differences on the log or logit scale of counts and shares. Seasonal models need
two full cycles (and two points) in the first backtest window.

*Candidates.* The benchmarks naive, seasonal naive and mean; exponential smoothing with no, linear
and damped trend (ETS(A,N,N), ETS(A,A,N), ETS(A,Ad,N), least squares with the initial states
concentrated out) and the family's choice by AICc (``ETS``, as R's ets chooses); the Theta method
(SES with a drift of half the linear-trend slope, Hyndman & Billah 2003, as R's thetaf) — each on the
series and, when seasonal models are possible, on the seasonally adjusted series with the indices put
back (``×S[12]``: ratios, ``+S[12]``: differences); the airline SARIMA (0,1,1)(0,1,1)m, or ARIMA(0,1,1),
by conditional least squares, on the logarithms of positive ``value`` series (multiplicative errors,
trend and season); and the ``combination``: the mean of Theta, the damped trend (both seasonally
adjusted when the test says the series is seasonal) and the SARIMA.

*Choice.* Rolling origin with an expanding window: the last ``K`` (3–8) origins, each forecasting
one seasonal cycle (or the horizon, if shorter). A model's parameters are estimated once, on the
first (shortest) window, and re-applied to the later windows (so no window sees its own future and
the backtest stays fast); the chosen model is then refitted on the whole history. The score is the
MASE on the original scale (absolute errors over the in-sample MAE of the seasonal-naive — or, for a
non-seasonal series, the naive — forecast of the first window), and each candidate's 80 % and 95 %
interval coverage is reported. A choice made on a few noisy backtest errors is often worse than a
fixed combination (on the M3 TUNE set, picking the lowest backtest MASE was 2–11 % worse), so the
combination is the default and a single model is chosen only when its backtest MASE is lower than
the combination's by more than ``CHOICE_MARGIN`` (40 %). ``result.reason`` says which rule chose the
model, with its backtest MASE, the best other candidate's and the interval widening.

*Honest intervals.* From the models: each model's forecast variance (the exponential smoothing
ψ-weights, the SARIMA's ψ-weights; the combination takes the mean of its parts' variances); on the
M3 TUNE set these covered about what they promised. A guard (``calibration``) widens a model's σ,
never narrows it, when the backtest shows it clearly too narrow: the 80th percentile of the
standardised backtest errors over 1,2816, shrunk towards 1 by the number of origins and applied only
beyond ``GUARD``, at most threefold; the factor is the backtest table's ``widening``.

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

from analytics.core.errors import DataError

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
CALIBRATION_PRIOR = 8.0
"""How many backtest origins the prior factor 1 weighs as when the guard's factor is estimated."""
GUARD = 1.3
"""The intervals are widened only when the (shrunk) backtest factor exceeds this."""
CHOICE_MARGIN = 0.4
"""How much lower (relative) a single model's backtest MASE must be than the combination's to be
chosen instead (tuned on the M3 TUNE set: 0 — the lowest MASE wins — was clearly worse)."""
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


def _smoother():
    from statsmodels.tsa.exponential_smoothing._ets_smooth import _ets_smooth_add_add

    return _ets_smooth_add_add


_FREE = np.zeros(7, dtype=np.int64)
_NO_VALUES = np.zeros(7)
PHI_BOUNDS = (0.80, 0.98)
"""The damping parameter's range (as R's ets)."""
THETA_SEASON_Z = float(stats.norm.ppf(0.95))
"""The seasonality test of the classical Theta method: the lag-m autocorrelation beyond its 90 % limit."""


def _es_pass(z: np.ndarray, alpha: float, beta_star: float, phi: float, l0: float, b0: float):
    """One pass of additive-error exponential smoothing (level, optional damped trend) over ``z``:
    the one-step fitted values and the final level and trend (statsmodels' compiled recursion)."""
    n = z.size
    yhat, states = np.empty(n), np.zeros((n, 3))
    params = np.array([alpha, beta_star, 0.0, phi, l0, b0, 0.0])
    _smoother()(params, z, yhat, states, _FREE, _NO_VALUES, True, True)
    return yhat, float(states[-1, 0]), float(states[-1, 1])


def seasonal_test(x: np.ndarray, m: int) -> bool:
    """Is ``x`` seasonal with period ``m``? The classical Theta method's test (as R's thetaf): the lag-m
    autocorrelation exceeds its 90 % two-sided limit, 1,645·√((1 + 2·Σ r_k², k < m) / n)."""
    n = x.size
    if n < 2 * m + 2:
        return False
    xc = x - x.mean()
    denom = float(np.sum(xc ** 2))
    if denom <= 0:
        return False
    r = np.array([np.sum(xc[k:] * xc[:-k]) / denom for k in range(1, m + 1)])
    limit = THETA_SEASON_Z * math.sqrt((1 + 2 * np.sum(r[:-1] ** 2)) / n)
    return bool(abs(r[-1]) > limit)


def seasonal_indices(x: np.ndarray, m: int, multiplicative: bool) -> np.ndarray:
    """Classical decomposition's seasonal indices (centred 2×m moving average; ratios or differences
    averaged per phase and normalised): index ``j`` applies to the points ``t`` with ``t % m == j``."""
    weights = np.r_[0.5, np.ones(m - 1), 0.5] / m if m % 2 == 0 else np.ones(m) / m
    trend = np.convolve(x, weights, mode="valid")
    offset = (weights.size - 1) // 2
    part = x[offset: offset + trend.size]
    detrended = part / trend if multiplicative else part - trend
    phases = (np.arange(trend.size) + offset) % m
    idx = np.array([detrended[phases == j].mean() for j in range(m)])
    return idx / idx.mean() if multiplicative else idx - idx.mean()


class Smoothing(Candidate):
    """Exponential smoothing on the (seasonally adjusted) series: simple (``ses``), Holt's linear trend
    (``holt``), damped trend (``damped``) — ETS(A,·,N) fitted by least squares, initial states
    included — and the classical Theta method (``theta``: SES with a drift of half the series' linear
    trend slope, Hyndman & Billah 2003, as R's thetaf). With ``m`` the series is first divided by
    (``multiplicative``) or lessened by its classical-decomposition seasonal indices, which are put
    back on the forecast: the M3 competition's Theta method."""

    LABELS = {"ses": "ETS(A,N,N)", "holt": "ETS(A,A,N)", "damped": "ETS(A,Ad,N)", "theta": "Theta"}
    N_PARAMS = {"ses": 2, "holt": 4, "damped": 5, "theta": 2}

    def __init__(self, method: str, m: int | None = None, multiplicative: bool = False):
        self.method, self.m, self.multiplicative = method, m, multiplicative
        self.name = self.LABELS[method] + ((" ×S" if multiplicative else " +S") + f"[{m}]" if m else "")
        self.complexity = {"ses": 2, "theta": 3, "holt": 4, "damped": 5}[method] + (2 if m else 0)
        self.needs = max(MIN_TRAIN, 2 * m + 2 if m else 0)

    def _adjust(self, x: np.ndarray, adjusted: bool):
        if not adjusted:
            return x, (lambda t: np.ones(t.size)) if self.multiplicative else (lambda t: np.zeros(t.size))
        idx = seasonal_indices(x, self.m, self.multiplicative)
        season = lambda t: idx[t % self.m]  # noqa: E731
        s = season(np.arange(x.size))
        return (x / s if self.multiplicative else x - s), season

    def _unpack(self, free):
        if self.method in ("ses", "theta"):
            return free[0], 0.0, 0.0, free[1], 0.0
        if self.method == "holt":
            return free[0], free[1], 1.0, free[2], free[3]
        return free[0], free[1], free[4], free[2], free[3]

    def _initial(self, z: np.ndarray, alpha: float, beta: float, phi: float) -> tuple[np.ndarray, float]:
        """The least-squares initial level (and trend) for the smoothing parameters, and the SSE: the
        one-step errors are linear in the initial states, so they need no search."""
        trend = self.method in ("holt", "damped")
        base = z - _es_pass(z, alpha, beta, phi, 0.0, 0.0)[0]
        zeros = np.zeros(z.size)
        design = [_es_pass(zeros, alpha, beta, phi, 1.0, 0.0)[0]]
        if trend:
            design.append(_es_pass(zeros, alpha, beta, phi, 0.0, 1.0)[0])
        design = np.column_stack(design)
        coef = np.linalg.lstsq(design, base, rcond=None)[0]
        sse = float(np.sum((base - design @ coef) ** 2))
        return coef, (sse if math.isfinite(sse) else 1e300)

    def _smoothing(self, p) -> tuple[float, float, float]:
        if self.method in ("ses", "theta"):
            return float(p[0]), 0.0, 0.0
        if self.method == "holt":
            return float(p[0]), float(p[1]), 1.0
        return float(p[0]), float(p[1]), float(p[2])

    def _estimate(self, z: np.ndarray) -> np.ndarray:
        """Least squares over the smoothing parameters, the initial states concentrated out."""
        from scipy.optimize import minimize, minimize_scalar

        def sse(p):
            return self._initial(z, *self._smoothing(p))[1]

        if self.method in ("ses", "theta"):
            grid = [(a,) for a in (0.05, 0.2, 0.5, 0.8, 0.9999)]
            start = min(grid, key=sse)
            out = minimize_scalar(lambda a: sse((a,)), bounds=(1e-4, 0.9999), method="bounded",
                                  options={"xatol": 1e-4})
            best = (out.x,) if out.fun <= sse(start) else start
        else:
            bounds = [(1e-4, 0.9999), (1e-4, 0.9999)] + ([PHI_BOUNDS] if self.method == "damped" else [])
            grid = [(a, b) + ((0.95,) if self.method == "damped" else ()) for a in (0.2, 0.5, 0.9) for b in (0.01, 0.2)]
            start = min(grid, key=sse)
            out = minimize(sse, np.array(start), method="L-BFGS-B", bounds=bounds, options={"maxiter": 100})
            best = tuple(out.x) if out.fun <= sse(start) else start
        alpha, beta, phi = self._smoothing(best)
        coef = self._initial(z, alpha, beta, phi)[0]
        if self.method in ("ses", "theta"):
            return np.array([alpha, coef[0]])
        if self.method == "holt":
            return np.array([alpha, beta, coef[0], coef[1]])
        return np.array([alpha, beta, coef[0], coef[1], phi])

    def fit(self, x, params=None):
        n = x.size
        adjusted = bool(self.m)
        z, season = self._adjust(x, adjusted)
        if params is not None:
            center, spread = params["center"], params["spread"]
        else:  # estimated on a standardised copy (a flat one is left as it is)
            center, spread = float(np.mean(z)), float(np.std(z))
            spread = spread if spread > 1e-9 * (1 + abs(center)) else 1.0
        zs = (z - center) / spread
        free = params["free"] if params is not None else self._estimate(zs)
        alpha, beta, phi, l0, b0 = self._unpack(free)
        yhat, level, trend = _es_pass(zs, alpha, beta, phi, l0, b0)
        resid = zs - yhat
        k = self.N_PARAMS[self.method]
        sse = float(np.sum(resid ** 2))
        sigma = math.sqrt(sse / max(n - k, 1)) * spread
        drift = 0.0
        if self.method == "theta":
            drift = float(np.polyfit(np.arange(n), z, 1)[0]) / 2
        aicc = n * math.log(max(sse, 1e-300) / n) + 2 * (k + 1) + 2 * (k + 1) * (k + 2) / max(n - k - 2, 1)
        fitted = (yhat * spread + center)
        fitted = fitted * season(np.arange(n)) if self.multiplicative else fitted + season(np.arange(n))
        method = self.method

        def predict(h):
            steps = np.arange(1, h + 1)
            if method == "damped":
                cum = np.cumsum(phi ** steps)
                mu = level + cum * trend
                c = alpha + beta * alpha * np.concatenate(([0.0], cum[:-1]))  # ψ_j = α + β(φ + … + φ^j)
            elif method == "holt":
                mu = level + steps * trend
                c = alpha + beta * alpha * np.arange(h)
            else:
                mu = np.full(h, level)
                c = np.full(h, alpha)
            mu = mu * spread + center
            if method == "theta":
                mu = mu + drift * (steps - 1 + (1 - (1 - alpha) ** n) / alpha)
            psi = np.concatenate(([0.0], c[1:] ** 2)) if h > 1 else np.zeros(1)
            sd = sigma * np.sqrt(1 + np.cumsum(psi))
            s = season(np.arange(n, n + h))
            return (mu * s, sd * s) if self.multiplicative else (mu + s, sd)
        fit = Fit(self.name, fitted, predict, {"free": free, "center": center, "spread": spread, "adjusted": adjusted})
        fit.aicc = aicc
        return fit


class Sarima(Candidate):
    """A small SARIMA: (0,1,1)(0,1,1)m when seasonal (the airline model), else (0,1,1), estimated by
    conditional least squares; with ``log`` (positive data) fitted to the logarithms, its median and
    delta-method spread put back on the data's scale."""

    def __init__(self, m: int | None, log: bool = False):
        self.m, self.log = m, log
        self.name = (f"SARIMA(0,1,1)(0,1,1)[{m}]" if m else "ARIMA(0,1,1)") + (" log" if log else "")
        self.complexity = 4 if m else 2
        self.needs = max(MIN_TRAIN, 2 * m + 2 if m else 0)

    def _polynomials(self, theta: float, big_theta: float) -> tuple[np.ndarray, np.ndarray]:
        """(AR, MA) coefficients of the whole model: (1 − B)(1 − B^m) and (1 + θB)(1 + ΘB^m)."""
        m = self.m or 0
        ar, ma = np.zeros(m + 2), np.zeros(m + 2)
        ar[0], ar[1], ma[0], ma[1] = 1.0, -1.0, 1.0, theta
        if m:
            ar[m], ar[m + 1] = ar[m] - 1.0, ar[m + 1] + 1.0
            ma[m], ma[m + 1] = big_theta, theta * big_theta
        return ar, ma

    def _residuals(self, w: np.ndarray, theta: float, big_theta: float) -> np.ndarray:
        from scipy.signal import lfilter

        return lfilter([1.0], self._polynomials(theta, big_theta)[1], w)

    def fit(self, x, params=None):
        from scipy.optimize import minimize
        from scipy.signal import lfilter

        data = np.log(x) if self.log else np.asarray(x, dtype=float)
        m, n = self.m or 0, x.size
        w = np.diff(data)
        if m:
            w = w[m:] - w[:-m]
        if params is None:
            def sse(p):
                value = float(np.sum(self._residuals(w, p[0], p[1] if m else 0.0) ** 2))
                return value if math.isfinite(value) else 1e300
            bounds = [(-0.98, 0.98)] * (2 if m else 1)
            start = min(([a, b][: len(bounds)] for a in (-0.6, -0.2, 0.2) for b in (-0.6, -0.2)), key=sse)
            out = minimize(sse, np.array(start), method="L-BFGS-B", bounds=bounds, options={"maxiter": 100})
            params = np.append(out.x, 0.0)[:2] if out.fun <= sse(start) else np.append(start, 0.0)[:2]
        theta, big_theta = float(params[0]), float(params[1])
        e = self._residuals(w, theta, big_theta)
        sigma = math.sqrt(float(np.mean(e ** 2))) if e.size else 0.0
        d = n - w.size
        errors = np.concatenate((np.zeros(d), e))
        fitted = np.concatenate((np.full(d, np.nan), data[d:] - e))
        ar, ma = self._polynomials(theta, big_theta)
        log = self.log

        def predict(h):
            path = np.concatenate((data, np.zeros(h)))
            err = np.concatenate((errors, np.zeros(h)))
            for t in range(n, n + h):
                path[t] = -np.dot(ar[1:], path[t - 1::-1][: ar.size - 1]) + np.dot(ma[1:], err[t - 1::-1][: ma.size - 1])
            impulse = np.zeros(h)
            impulse[0] = 1.0
            psi = lfilter(ma, ar, impulse)
            mu, sd = path[n:], sigma * np.sqrt(np.cumsum(psi ** 2))
            return (np.exp(mu), np.exp(mu) * sd) if log else (mu, sd)
        return Fit(self.name, np.exp(fitted) if log else fitted, predict, np.array([theta, big_theta]))


class AutoEts(Candidate):
    """The ETS family's choice: of its fitted members (no, linear and damped trend), the lowest AICc
    (as R's ets), decided on each window it is fitted to."""

    def __init__(self, parts: Sequence[Smoothing]):
        self.parts = list(parts)
        suffix = parts[0].name[len(Smoothing.LABELS[parts[0].method]):]
        self.name = "ETS" + suffix
        self.complexity = max(p.complexity for p in parts)
        self.needs = max(p.needs for p in parts)

    def combine(self, fits: Sequence[Fit]) -> Fit:
        best = min(fits, key=lambda f: f.aicc)
        out = Fit(self.name, best.fitted, best.predict, best.name)
        out.aicc = best.aicc
        return out


class Combination(Candidate):
    """Equal-weight mean (or median) of its parts' point forecasts; the variance is the mean of the
    parts' variances."""

    def __init__(self, parts: Sequence[Candidate], how: str = "mean", name: str = "combination"):
        self.parts, self.how = list(parts), how
        self.name = name
        self.complexity = sum(p.complexity for p in parts) + 1
        self.needs = max(p.needs for p in parts)

    def combine(self, fits: Sequence[Fit]) -> Fit:
        how = np.median if self.how == "median" else np.mean

        def predict(h):
            outs = [f.predict(h) for f in fits]
            mu = how([o[0] for o in outs], axis=0)
            sd = np.sqrt(np.mean([o[1] ** 2 for o in outs], axis=0))
            return mu, sd
        fitted = (np.nanmedian if self.how == "median" else np.nanmean)([f.fitted for f in fits], axis=0)
        return Fit(self.name, fitted, predict)


COMBINATION = "combination"


def candidates(m: int | None, adjust: bool = True, multiplicative: bool = False) -> list[Candidate]:
    """Every candidate for a series with season length ``m`` (None: too short for seasonal models):
    the benchmarks; exponential smoothing (no, linear and damped trend), their AICc choice and Theta on
    the series and, with ``m``, on the seasonally adjusted series; a small SARIMA (on the logarithms
    of positive ``multiplicative`` data); and the combination, the mean of Theta, the damped trend and
    the SARIMA — Theta and the damped trend on the seasonally adjusted series when ``adjust`` (the
    seasonality test said so), else on the series. ``multiplicative``: positive data on their own
    scale, so seasonal indices are ratios."""
    singles: list[Candidate] = [Naive(), Mean()]
    if m:
        singles.insert(1, SeasonalNaive(m))
    family = {}
    for season in ([None, m] if m else [None]):
        members = [Smoothing(method, season, multiplicative) for method in ("ses", "holt", "damped")]
        theta = Smoothing("theta", season, multiplicative)
        singles += [*members, theta, AutoEts(members)]
        family[season] = (members[2], theta)
    sarima = Sarima(m, log=multiplicative)
    damped, theta = family[m if m and adjust else None]
    return [*singles, sarima, Combination([theta, damped, sarima], "mean", COMBINATION)]


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
    reason: dict = field(default_factory=dict)
    """Why the model was chosen, machine-readable: ``code`` (``combination_default``: the combination,
    as no single model beat its backtest MASE by the margin; ``beats_combination``: a single model did;
    ``lowest_mase``: no combination ran; ``fallback``: a better one failed to fit on the whole history;
    ``constant`` / ``too_short``: no backtest), the chosen model's backtest ``mase``, the best other
    candidate (``runner_up``, ``runner_up_mase``), the ``margin`` and the interval ``widening``."""

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
            "reason": {k: (number(v) if isinstance(v, float) else v) for k, v in self.reason.items()},
        }


def _interval_table(mu: np.ndarray, sd: np.ndarray, kind: str) -> dict[str, np.ndarray]:
    out = {"mean": back_mean(mu, sd, kind)}
    for level in LEVELS:
        z = stats.norm.ppf(0.5 + level / 200)
        out[f"lower{level}"] = from_model_scale(mu - z * sd, kind)
        out[f"upper{level}"] = from_model_scale(mu + z * sd, kind)
    return out


def _fit_all(candidate: Candidate, windows: list[np.ndarray], fits: dict[str, list[Fit]]) -> list[Fit] | None:
    if hasattr(candidate, "combine"):
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
    """Mean absolute error, interval coverage and the standardised errors (on the model scale, one
    row per origin, one column per step) of ``step``-ahead forecasts from every origin; None when a
    forecast is not finite."""
    errors, standardised, inside = [], [], {level: [] for level in LEVELS}
    for k, fit in enumerate(window_fits):
        actual = y[first + k: first + k + step]
        mu, sd = fit.predict(actual.size)
        if not (np.all(np.isfinite(mu)) and np.all(np.isfinite(sd))):
            return None
        table = _interval_table(mu, sd, kind)
        errors.append(np.abs(actual - table["mean"]))
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (to_model_scale(actual, kind) - mu) / sd
        standardised.append(np.pad(z, (0, step - z.size), constant_values=np.nan))
        for level in LEVELS:
            inside[level].append((actual >= table[f"lower{level}"]) & (actual <= table[f"upper{level}"]))
    return {"mae": float(np.mean(np.concatenate(errors))), "z": np.vstack(standardised),
            **{f"coverage{level}": float(np.mean(np.concatenate(inside[level]))) for level in LEVELS}}


def calibration(z: np.ndarray) -> float:
    """The guard on a model's intervals: the factor its σ is widened by when the backtest shows its
    intervals clearly too narrow. ``z`` holds the standardised backtest errors, one row per origin.
    The raw factor is the 80th percentile of their absolute values over 1,2816 (what would make the
    80 % interval cover 80 % of the backtest); it is shrunk towards 1 by the number of origins
    (``raw ** (k / (k + CALIBRATION_PRIOR))``: a few origins say little, and the errors of one origin
    go together) and applied only beyond ``GUARD``, at most ``MAX_WIDENING``. It never narrows. On the
    M3 TUNE set the models' own intervals were about right, so the guard is seldom needed there."""
    origins = z.shape[0] if z.ndim == 2 else 1
    z = np.abs(z[np.isfinite(z)])
    if not z.size:
        return 1.0
    raw = float(np.quantile(z, 0.8)) / Z80
    shrunk = raw ** (origins / (origins + CALIBRATION_PRIOR))
    return float(min(shrunk, MAX_WIDENING)) if shrunk > GUARD else 1.0


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


@dataclass
class Backtest:
    """The rolling-origin backtest of every candidate: the pool, its table and the window fits."""

    pool: list
    table: pd.DataFrame
    scores: dict
    step: int
    origins: int
    scale: float


def run_backtest(y: np.ndarray, x: np.ndarray, m: int, horizon: int, kind: str, notes: list[str]) -> Backtest:
    """Fit every candidate to the backtest windows and score it (see the module text)."""
    n = y.size
    step, origins, first = backtest_layout(n, horizon, m)
    seasonal = first >= 2 * m + 2
    if not seasonal:
        notes.append(f"no_season:{minimum_history(horizon, m, seasonal=True)}")
    adjust = seasonal and seasonal_test(x, m)
    multiplicative = kind == "value" and bool(np.all(y > 0))
    pool = candidates(m if seasonal else None, adjust=adjust, multiplicative=multiplicative)
    windows = [x[: first + k] for k in range(origins)]
    scale_window = y[:first]
    lag = m if seasonal else 1
    scale = float(np.mean(np.abs(scale_window[lag:] - scale_window[:-lag])))
    if not scale > 0:
        scale = float(np.mean(np.abs(scale_window))) or 1.0
    fits: dict[str, list[Fit]] = {}
    rows, scores = [], {}
    for candidate in pool:
        if candidate.needs > first:
            continue
        try:
            window_fits = _quiet(_fit_all, candidate, windows, fits)
            score = None if window_fits is None else _quiet(_score, window_fits, y, first, step, kind)
        except Exception:  # noqa: BLE001 - a failed fit drops the candidate, with a note
            window_fits, score = None, None
        if score is None:
            if window_fits is not None or not hasattr(candidate, "combine"):
                notes.append(f"failed:{candidate.name}")
            continue
        fits[candidate.name] = window_fits
        scores[candidate.name] = score
        rows.append({"model": candidate.name, "mase": score["mae"] / scale, "coverage80": score["coverage80"],
                     "coverage95": score["coverage95"], "widening": calibration(score["z"]), "origins": origins,
                     "complexity": candidate.complexity})
    return Backtest(pool, pd.DataFrame(rows), scores, step, origins, scale)


def choose(table: pd.DataFrame) -> tuple[list[str], str]:
    """The candidates in the order they are tried and the reason the first one is chosen.

    The combination is the default: it is chosen unless a single model's backtest MASE is lower than
    the combination's by more than ``CHOICE_MARGIN`` (relative), since a choice made on a few noisy
    backtest errors is often worse than a fixed combination (M3, M4)."""
    order = table.sort_values(["mase", "complexity"], kind="stable")
    names = list(order["model"])
    combo = table[table["model"] == COMBINATION]
    if not len(combo):
        return names, "lowest_mase"
    combo_mase = float(combo["mase"].iloc[0])
    best = order.iloc[0]
    if best["model"] != COMBINATION and best["mase"] < combo_mase * (1 - CHOICE_MARGIN):
        return names, "beats_combination"
    return [COMBINATION] + [n for n in names if n != COMBINATION], "combination_default"


def _choose_and_forecast(y: np.ndarray, index: pd.PeriodIndex, m: int, horizon: int, kind: str) -> ForecastResult:
    x = to_model_scale(y, kind)
    notes: list[str] = []
    _, origins, _ = backtest_layout(y.size, horizon, m)
    future = pd.period_range(index[-1] + 1, periods=horizon, freq=index.freq)
    if np.ptp(y) == 0:
        notes.append("constant")
        return _finish(Naive(), x, y, index, future, horizon, kind, pd.DataFrame(), notes)
    if origins < MIN_ORIGINS:
        notes.append(f"too_short:{minimum_history(horizon, m)}")
        return _finish(Naive(), x, y, index, future, horizon, kind, pd.DataFrame(), notes)
    bt = run_backtest(y, x, m, horizon, kind, notes)
    order, reason = choose(bt.table)
    for name in order:
        chosen = next(c for c in bt.pool if c.name == name)
        try:
            return _finish(chosen, x, y, index, future, horizon, kind, bt.table, notes, bt.step, reason)
        except Exception:  # noqa: BLE001 - the full-history fit failed: take the next best
            notes.append(f"failed:{name}")
            reason = "fallback"
    return _finish(Naive(), x, y, index, future, horizon, kind, bt.table, notes, bt.step, "fallback")


def full_fit(candidate: Candidate, x: np.ndarray) -> Fit:
    """``candidate`` fitted to the whole history ``x``."""
    if hasattr(candidate, "combine"):
        return candidate.combine([full_fit(part, x) for part in candidate.parts])
    return candidate.fit(x)


def _finish(candidate: Candidate, x: np.ndarray, y: np.ndarray, index: pd.PeriodIndex, future: pd.PeriodIndex,
            horizon: int, kind: str, backtest: pd.DataFrame, notes: list[str], step: int = 0,
            reason: str = "") -> ForecastResult:
    fit = _quiet(full_fit, candidate, x)
    mu, sd = _quiet(fit.predict, horizon)
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
    why = {"code": reason or ("constant" if "constant" in notes else "too_short")}
    if len(backtest):
        mine = backtest[backtest["chosen"]].iloc[0]
        others = backtest[~backtest["chosen"]]
        why.update({"mase": float(mine["mase"]), "widening": float(mine["widening"]), "margin": CHOICE_MARGIN})
        if len(others):
            why.update({"runner_up": str(others["model"].iloc[0]), "runner_up_mase": float(others["mase"].iloc[0])})
        combo = backtest[backtest["model"] == COMBINATION]
        if len(combo) and not bool(mine["model"] == COMBINATION):
            why["combination_mase"] = float(combo["mase"].iloc[0])
    return ForecastResult(candidate.name, kind, SEASON_LENGTHS.get(index.freqstr[0], 1), history, forecast,
                          backtest, tuple(notes), step if len(backtest) else 0, why)


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

"""Synthetic values of the county's own indicators for the sample, 1/2021–12/2024 (the ``own_values`` table).

Two example indicators of ``data/indicators.toml`` (``synthetic = true``, said on screen), invented throughout:

- ``own_primary_care_3_days`` (monthly, a share): per health station of TESA, the non-urgent primary-care needs
  assessed in the month (the denominator, about 300–1 500 a station) and those assessed within three working
  days (the numerator). The county's share drifts from about 82 % in 2021 to about 89 % in 2024, worse in the
  summer (July most of all: holidays) and a little in December. No county-level rows: the county is the sum of
  its stations.
- ``own_staff_turnover`` (quarterly, a share): per unit of every division, the staff (10–120) and the leavers
  of the quarter, about 2–5 % a quarter and highest in Q3 (summer and the turn of the school year).

Drawn with a generator of their own (``generate`` makes it after the others), so that adding them left every
other table as it was.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.core.periods import period_label
from analytics.data.contracts import CONTRACTS
from analytics.sample.county import ORGANISATION, TESA

PRIMARY_CARE = "own_primary_care_3_days"
TURNOVER = "own_staff_turnover"
FIRST_YEAR, LAST_YEAR = 2021, 2024

HEALTH_STATION_WORD = "terveysasema"
"""TESA units whose name holds this word are the health stations (all TESA units if none does)."""
ASSESSED_PER_WEIGHT = 1300.0
"""Needs assessed a month at a station of size weight 1 (Lahti centre); others in proportion, 300–1 500."""
ASSESSED_MONTH = np.array([1.05, 1.0, 1.02, 0.98, 0.97, 0.88, 0.7, 0.9, 1.04, 1.05, 1.02, 0.9])
"""Needs assessed by month of the year (fewer in the summer and at Christmas)."""
WITHIN_2021, WITHIN_2024 = 0.82, 0.89
"""The county's yearly share assessed within three working days, in 2021 and 2024 (a straight line between)."""
WITHIN_MONTH = np.array([0.0, 0.0, 0.0, 0.0, -0.005, -0.02, -0.055, -0.025, 0.0, 0.0, 0.0, -0.01])
"""The share's seasonal change by month (July worst: holiday cover); its mean is added back, so that each year's
share stays on the line."""
STATION_SPREAD = 0.02
"""Stations differ from the county by this much (standard deviation of the share)."""

STAFF_PER_WEIGHT = (12.0, 48.0)
"""A unit's staff: the first + the second × its size weight, with noise, within 10–120."""
LEAVERS_QUARTER = np.array([0.033, 0.028, 0.047, 0.03])
"""Leavers a quarter as a share of the staff, by quarter of the year (Q3 highest)."""
TURNOVER_DRIFT = -0.001
"""The quarterly turnover's change a year (slowly falling)."""


def _weights(org: pd.DataFrame) -> pd.Series:
    weight_by_name = {name: w for _, _, units in ORGANISATION for name, _, w in units}
    return org["unit_name"].map(weight_by_name).astype(float)


def _health_stations(org: pd.DataFrame) -> pd.DataFrame:
    tesa = org[org["toimiala"] == TESA]
    stations = tesa[tesa["unit_name"].str.lower().str.contains(HEALTH_STATION_WORD)]
    return stations if len(stations) else tesa


def _rows(indicator: str, periods: list[str], units: np.ndarray, numerator: np.ndarray,
          denominator: np.ndarray) -> pd.DataFrame:
    """Long rows, periods outer and units inner; ``numerator``/``denominator`` are (periods × units)."""
    return pd.DataFrame({
        "indicator_id": indicator,
        "period": np.repeat(periods, len(units)),
        "unit_id": np.tile(units, len(periods)),
        "numerator": numerator.ravel().astype(float),
        "denominator": denominator.ravel().astype(float),
        "value": np.nan,
    })


def build_primary_care(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Monthly needs assessed and those assessed within three working days, per health station."""
    stations = _health_stations(org)
    units = stations["unit_id"].to_numpy()
    weights = _weights(stations).to_numpy()
    weights = weights / weights.max() if np.isfinite(weights).all() else np.ones(len(units))
    months = pd.date_range(pd.Timestamp(FIRST_YEAR, 1, 1), pd.Timestamp(LAST_YEAR, 12, 1), freq="MS")
    years = (months.year - FIRST_YEAR + (months.month - 6.5) / 12).to_numpy()
    line = WITHIN_2021 + (WITHIN_2024 - WITHIN_2021) * years / (LAST_YEAR - FIRST_YEAR)
    share = line + WITHIN_MONTH[months.month - 1] - WITHIN_MONTH.mean()
    expected = np.outer(ASSESSED_MONTH[months.month - 1], np.clip(ASSESSED_PER_WEIGHT * weights, 330, 1400))
    assessed = rng.poisson(expected * rng.normal(1, 0.04, expected.shape).clip(0.9, 1.1)).clip(300, 1500)
    station_effect = rng.normal(0, STATION_SPREAD, len(units))
    p = np.clip(share[:, None] + station_effect[None, :] + rng.normal(0, 0.01, expected.shape), 0.5, 0.99)
    within = rng.binomial(assessed, p)
    return _rows(PRIMARY_CARE, [period_label(m, "month") for m in months], units, within, assessed)


def build_staff_turnover(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Quarterly staff and leavers, per unit of every division (whole numbers)."""
    units = org["unit_id"].to_numpy()
    weights = _weights(org).fillna(1.0).to_numpy()
    base_staff = STAFF_PER_WEIGHT[0] + STAFF_PER_WEIGHT[1] * weights * rng.uniform(0.8, 1.25, len(units))
    quarters = pd.date_range(pd.Timestamp(FIRST_YEAR, 1, 1), pd.Timestamp(LAST_YEAR, 10, 1), freq="QS")
    years = (quarters.year - FIRST_YEAR).to_numpy()
    growth = 1 + 0.01 * years  # the staff grows a little
    staff = np.round(np.outer(growth, base_staff) * rng.normal(1, 0.03, (len(quarters), len(units))))
    staff = staff.clip(10, 120).astype(int)
    unit_effect = rng.normal(0, 0.006, len(units))
    rate = (LEAVERS_QUARTER[(quarters.month.to_numpy() - 1) // 3] + TURNOVER_DRIFT * years)[:, None] + unit_effect
    leavers = rng.binomial(staff, np.clip(rate, 0.005, 0.15))
    return _rows(TURNOVER, [period_label(q, "quarter") for q in quarters], units, leavers, staff)


def build_own_values(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The ``own_values`` table of the sample: both example indicators, in the contract's column order."""
    frame = pd.concat([build_primary_care(org, rng), build_staff_turnover(org, rng)], ignore_index=True)
    frame["value"] = frame["value"].astype(float)
    return frame[list(CONTRACTS["own_values"].columns)]

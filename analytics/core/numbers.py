"""Numbers as the outputs carry them (JSON, the report): no NaN, no float noise."""
from __future__ import annotations

import math

import pandas as pd


def json_number(value: float | None, digits: int = 10) -> float | None:
    """A number for JSON: NaN, infinity and None become null; rounded to ``digits`` to drop float noise."""
    if value is None or value is pd.NA or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)

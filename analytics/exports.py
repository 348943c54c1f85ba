"""Outputs: CSV that opens right in Finnish or English spreadsheet software, and JSON-safe numbers."""
from __future__ import annotations

import math

import pandas as pd


def json_number(value: float | None, digits: int = 10) -> float | None:
    """A number for JSON: NaN, infinity and None become null; rounded to ``digits`` to drop float noise."""
    if value is None or value is pd.NA or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def csv_bytes(frame: pd.DataFrame, lang: str = "fi") -> bytes:
    """CSV with a BOM; Finnish uses ``;`` and a decimal comma, English ``,`` and a decimal point."""
    if lang == "fi":
        text = frame.to_csv(index=False, sep=";", decimal=",")
    else:
        text = frame.to_csv(index=False)
    return text.encode("utf-8-sig")

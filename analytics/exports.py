"""Outputs: CSV and XLSX that open right in Finnish or English spreadsheet software and cannot run as
formulas, chart images (PNG, SVG) rendered without a browser, and JSON-safe numbers."""
from __future__ import annotations

import csv
import io
import math

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (CSV injection)."""


def json_number(value: float | None, digits: int = 10) -> float | None:
    """A number for JSON: NaN, infinity and None become null; rounded to ``digits`` to drop float noise."""
    if value is None or value is pd.NA or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe; numbers stay numbers."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        out[column] = values.map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    safe_columns = ["'" + c if isinstance(c, str) and c.startswith(FORMULA_STARTS) else c for c in out.columns]
    out.columns = safe_columns
    return out


def csv_bytes(frame: pd.DataFrame, lang: str = "fi") -> bytes:
    """CSV with a BOM; Finnish and Swedish use ``;`` and a decimal comma, English ``,`` and a decimal point."""
    safe = neutralise(frame)
    # Text is always quoted, so a line break or carriage return inside a cell cannot split a row.
    if lang in ("fi", "sv"):
        text = safe.to_csv(index=False, sep=";", decimal=",", quoting=csv.QUOTE_NONNUMERIC)
    else:
        text = safe.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC)
    return text.encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An Excel workbook of one sheet; numbers stay numbers, formula-looking text stays text."""
    buffer = io.BytesIO()
    safe = neutralise(frame)
    for column in safe.columns:  # Excel has no time zones; a timestamp with one would fail
        if isinstance(safe[column].dtype, pd.DatetimeTZDtype):
            safe[column] = safe[column].dt.tz_localize(None)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet[:31] or "data", index=False)
    return buffer.getvalue()


def chart_png(chart, scale: float = 2.0) -> bytes:
    """An Altair chart as a PNG image (vl-convert renders it without a browser)."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


def chart_svg(chart) -> str:
    """An Altair chart as an SVG document."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())

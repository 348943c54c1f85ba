"""Outputs: CSV and XLSX that open right in Finnish or English spreadsheet software and cannot run as
formulas, chart images (PNG, SVG) rendered without a browser, (JSON-safe numbers: analytics.core.numbers)."""
from __future__ import annotations

import csv
import io
import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell that starts with one of these as a formula (CSV injection)."""
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters an XLSX file (XML 1.0) cannot hold; openpyxl refuses them (IllegalCharacterError)."""
XLSX_CELL_CHARS = 32767
"""The longest text Excel keeps in one cell."""
SHEET_TITLE_ILLEGAL = re.compile(r"[\\/*?:\[\]\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
SHEET_TITLE_CHARS = 31


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


def _xlsx_text(value: object) -> object:
    """Text an XLSX cell can hold: illegal characters become U+FFFD, and it is cut at Excel's cell limit."""
    if not isinstance(value, str):
        return value
    return XLSX_ILLEGAL.sub("\ufffd", value)[:XLSX_CELL_CHARS]


def sheet_title(name: object) -> str:
    """A valid worksheet name from any text: no ``\\ / * ? : [ ]`` or control characters, no apostrophe at
    either end, at most 31 characters, never empty."""
    title = SHEET_TITLE_ILLEGAL.sub("_", str(name)).strip("' ")[:SHEET_TITLE_CHARS].strip("' ")
    return title or "data"


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An Excel workbook of one sheet; numbers stay numbers, formula-looking text stays text, and no value (a
    control character, a 40 000-character text) or sheet name (``PH:01/2``) can make it fail."""
    buffer = io.BytesIO()
    clean = frame.copy()
    for column in clean.columns:
        if isinstance(clean[column].dtype, pd.DatetimeTZDtype):  # Excel has no time zones; one would fail
            clean[column] = clean[column].dt.tz_localize(None)
        elif not (pd.api.types.is_numeric_dtype(clean[column]) or pd.api.types.is_datetime64_any_dtype(clean[column])):
            clean[column] = clean[column].map(_xlsx_text)
    clean.columns = [_xlsx_text(c) for c in clean.columns]
    safe = neutralise(clean)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet_title(sheet), index=False)
    return buffer.getvalue()


def chart_png(chart, scale: float = 2.0) -> bytes:
    """An Altair chart as a PNG image (vl-convert renders it without a browser)."""
    import vl_convert

    return vl_convert.vegalite_to_png(chart.to_dict(), scale=scale)


def chart_svg(chart) -> str:
    """An Altair chart as an SVG document."""
    import vl_convert

    return vl_convert.vegalite_to_svg(chart.to_dict())

"""Small CSV inputs of the statistics commands: ``period,value[,denominator]`` and ``unit,numerator,denominator``.

Both comma-separated files with a decimal point and Finnish semicolon-separated files with a decimal
comma are read; UTF-8 with or without a BOM, or Windows-1252. Every problem becomes a
:class:`DataError` that names the line (the header is line 1) and the column.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pandas as pd

from analytics.core.errors import DataError


def _text(path: Path) -> str:
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a CSV file.") from None
    if not raw.strip():
        raise DataError(f"{path}: the file is empty; it needs a header line and at least one row.")
    if b"\x00" in raw[:4096]:
        raise DataError(f"{path}: this is not a text CSV file (it contains binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _number(cell: str, decimal_comma: bool, path: Path, line: int, column: str, missing_ok: bool) -> float:
    text = cell.strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        if missing_ok:
            return math.nan
        raise DataError(f"{path}: line {line}, column '{column}' is empty; give a number.")
    if decimal_comma:
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{path}: line {line}, column '{column}': '{cell.strip()}' is not a number.") from None
    if not math.isfinite(value):
        raise DataError(f"{path}: line {line}, column '{column}': '{cell.strip()}' is not a finite number.")
    return value


def read_columns(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = (),
                 text_columns: tuple[str, ...] = (), missing_ok: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read ``path`` into a frame with the ``required`` (and present ``optional``) columns.

    Columns not in ``text_columns`` are numbers; a blank cell is allowed only in ``missing_ok``.
    Column names are matched case-insensitively; extra columns are ignored.
    """
    text = _text(path)
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    decimal_comma = delimiter != ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    header = [name.strip().lower() for name in rows[0]]
    missing = [name for name in required if name not in header]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; the header must name "
                        f"{', '.join(required + optional)} (found: {', '.join(header) or 'nothing'}).")
    wanted = [name for name in required + optional if name in header]
    records = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise DataError(f"{path}: line {line} has {len(row)} fields but the header has {len(header)}.")
        record = {}
        for name in wanted:
            cell = row[header.index(name)]
            if name in text_columns:
                if not cell.strip():
                    raise DataError(f"{path}: line {line}, column '{name}' is empty.")
                record[name] = cell.strip()
            else:
                record[name] = _number(cell, decimal_comma, path, line, name, name in missing_ok)
        record["line"] = line
        records.append(record)
    if not records:
        raise DataError(f"{path}: the file has a header but no data rows.")
    return pd.DataFrame.from_records(records)


def read_series(path: Path) -> pd.DataFrame:
    """``period,value[,denominator]``: a blank value is a missing point."""
    return read_columns(path, ("period", "value"), ("denominator",), text_columns=("period",),
                        missing_ok=("value",))


def read_units(path: Path) -> pd.DataFrame:
    """``unit,numerator,denominator``."""
    return read_columns(path, ("unit", "numerator", "denominator"), text_columns=("unit",))

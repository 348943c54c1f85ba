"""Sotkanet exports (THL's open indicator bank, CC BY 4.0) as reference values for regions.

CSV: ``indicator;region;year;gender;primary value;absolute value`` (semicolon-separated, decimal
comma allowed). JSON: rows such as ``{"indicator": 4, "region": 231, "year": 2012, "gender": "total",
"value": 3.4, "absValue": 9}``. Region names come from ``sotkanet_regions.csv`` (the wellbeing
services counties and Helsinki, by their new and old Sotkanet ids) and 658 = the whole country;
other regions keep their id without a name.

    raw = read_sotkanet(path.read_bytes(), path.name)         # indicator_values columns, as text
    report = prepare("indicator_values", raw, data_dir)       # then commit(report, data_dir)
    population = reference_value(bundle.indicator_values, "127", region=975, year=2024)
    per_1000(count=6343, population=population)
"""
from __future__ import annotations

import csv
import io
import json
import math

import pandas as pd

from analytics.contracts import INDICATOR_VALUES
from analytics.errors import DataError
from analytics.ingest import parse_numbers
from analytics.readers import RawTable, decode
from analytics.regions import region_id, regions

CSV_COLUMNS = ("indicator", "region", "year", "gender", "primary value", "absolute value")


def _as_contract_text(frame: pd.DataFrame, source: str, rows: list[int]) -> RawTable:
    """Sotkanet columns (indicator, region, year, gender, value, absValue) as the indicator_values
    contract's columns, still as text, with region names added: the import converts and checks them."""
    known = regions()
    ids, _ = parse_numbers(frame["region"])
    names = [known.get(int(r), ("", ""))[0] if r == r else "" for r in ids]
    categories = [known.get(int(r), ("", ""))[1] if r == r else "" for r in ids]
    text = pd.DataFrame({
        "source": "sotkanet", "indicator": frame["indicator"], "region_id": frame["region"],
        "region_name": names, "region_category": categories, "year": frame["year"],
        "gender": frame["gender"].str.strip().str.lower(), "value": frame["value"], "absolute_value": frame["absValue"],
    })
    return RawTable(source, text[list(INDICATOR_VALUES.columns)].reset_index(drop=True), tuple(rows))


def read_sotkanet(raw: bytes, source: str) -> RawTable:
    """A Sotkanet CSV or JSON export as the indicator_values table's columns (text), for ``ingest.prepare``."""
    if not raw or not raw.strip():
        raise DataError(f"{source}: the file is empty (0 rows); export the indicator again from Sotkanet.")
    text = decode(raw, source).strip()
    if text.startswith("[") or text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DataError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}).") from None
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list) or not data or not all(isinstance(r, dict) for r in data):
            raise DataError(f"{source}: a Sotkanet JSON export is a list of rows such as "
                            '{"indicator": 4, "region": 231, "year": 2012, "gender": "total", "value": 3.4}.')
        frame = pd.DataFrame(data)
        missing = [c for c in ("indicator", "region", "year", "gender", "value") if c not in frame]
        if missing:
            raise DataError(f"{source}: the JSON rows lack {', '.join(missing)}.")
        if "absValue" not in frame:
            frame["absValue"] = None
        rows = list(range(1, len(frame) + 1))
    else:
        reader = list(csv.reader(io.StringIO(text), delimiter=";"))
        header = [h.strip().lower() for h in reader[0]]
        missing = [c for c in CSV_COLUMNS[:5] if c not in header]
        if missing:
            raise DataError(f"{source}: missing column(s) {', '.join(missing)}; a Sotkanet CSV export has the header "
                            f"{';'.join(CSV_COLUMNS)}.")
        numbered = [(line, r) for line, r in enumerate(reader[1:], start=2) if any(c.strip() for c in r)]
        if not numbered:
            raise DataError(f"{source}: the file has a header but no data rows.")
        table = pd.DataFrame([r + [""] * (len(header) - len(r)) for _, r in numbered]).iloc[:, : len(header)]
        table.columns = header
        frame = pd.DataFrame({"indicator": table["indicator"], "region": table["region"], "year": table["year"],
                              "gender": table["gender"], "value": table["primary value"],
                              "absValue": table["absolute value"] if "absolute value" in table else ""})
        rows = [line for line, _ in numbered]
    frame = frame.astype(object).where(frame.notna(), "").astype(str)
    return _as_contract_text(frame.reset_index(drop=True), source, rows)


def reference_value(values: pd.DataFrame, indicator: str, region: int, year: int, gender: str = "total") -> float | None:
    """A reference value (e.g. population, Sotkanet indicator 127) for a region and year: the year's own
    or, failing that, the latest earlier year's; None when there is none."""
    chosen = values[(values["indicator"] == str(indicator)) & (values["region_id"] == region)
                    & (values["gender"] == gender) & (values["year"] <= year)]
    if chosen.empty:
        return None
    value = chosen.sort_values("year")["value"].iloc[-1]
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def per_1000(count: float, population: float | None) -> float | None:
    """``count`` per 1 000 residents."""
    return None if not population else count / population * 1000


POPULATION_INDICATOR = "127"
"""Sotkanet indicator 127: population on 31 December."""


def reports_per_1000(values: pd.DataFrame, county: str, year: int, reports: int) -> dict | None:
    """Reports per 1 000 residents of ``county`` with the population of ``year`` (or the latest earlier
    year imported): {region, population_year, population, rate}; None without a population value."""
    region = region_id(county)
    if region is None or values.empty:
        return None
    chosen = values[(values["indicator"] == POPULATION_INDICATOR) & (values["region_id"] == region)
                    & (values["gender"] == "total") & (values["year"] <= year)]
    if chosen.empty:
        return None
    latest = chosen.sort_values("year").iloc[-1]
    return {"region": region, "population_year": int(latest["year"]), "population": float(latest["value"]),
            "rate": per_1000(reports, float(latest["value"]))}

"""Sotkanet exports (THL's open indicator bank, CC BY 4.0) as reference values for regions.

Three shapes are read (``ACCEPTED_SHAPES``):

* the API's CSV: ``indicator;region;year;gender;primary value;absolute value`` (semicolon-separated,
  decimal comma allowed);
* the API's JSON: rows such as ``{"indicator": 4, "region": 231, "year": 2012, "gender": "total",
  "value": 3.4, "absValue": 9}``;
* a table downloaded from the Sotkanet website: no header row, eight columns (``WEB_COLUMNS``) such as
  ``"Väestö 31.12.";127;"Päijät-Häme";975;"yhteensä";2009;200897;200897`` — text quoted, gender in
  Finnish, a decimal comma or point, an empty absolute value where there is none.

Regions are taken by their Sotkanet id (the website's region code); when the code is missing or not
one of ``sotkanet_regions.csv``, by the region's name (``region_by_name``). Region names come from
``sotkanet_regions.csv`` (the wellbeing services counties and Helsinki, by their new and old Sotkanet
ids) and 658 = the whole country; other regions keep their id and the file's name (or none).
Genders are stored as the API writes them (``total``, ``male``, ``female``; the import maps
``yhteensä``, ``miehet``, ``naiset``).

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
import re
from functools import cache

import pandas as pd

from analytics.core.errors import DataError
from analytics.core.regions import WHOLE_COUNTRY, region_id, regions
from analytics.data.contracts import INDICATOR_VALUES
from analytics.ingest.importer import parse_numbers
from analytics.ingest.readers import RawTable, decode, normalise_header

CSV_COLUMNS = ("indicator", "region", "year", "gender", "primary value", "absolute value")
"""The header of the API's CSV (the absolute value may be left out)."""
WEB_COLUMNS = ("indicator name", "indicator id", "region name", "region code", "gender", "year", "value",
               "absolute value")
"""The columns of a table downloaded from the Sotkanet website, in order; the file has no header row."""
ACCEPTED_SHAPES = (
    f"the Sotkanet API's CSV with the header {';'.join(CSV_COLUMNS)}",
    'the API\'s JSON, a list of rows such as {"indicator": 4, "region": 231, "year": 2012, "gender": "total", '
    '"value": 3.4, "absValue": 9}',
    f"a table downloaded from the Sotkanet website, without a header row and with the {len(WEB_COLUMNS)} columns "
    f"{';'.join(WEB_COLUMNS)} (e.g. \"Väestö 31.12.\";127;\"Päijät-Häme\";975;\"yhteensä\";2009;200897;200897)",
)

SHORT_NAMES = {
    "Etelä-Karjala": "Etelä-Karjalan hyvinvointialue", "Etelä-Pohjanmaa": "Etelä-Pohjanmaan hyvinvointialue",
    "Etelä-Savo": "Etelä-Savon hyvinvointialue", "Helsinki": "Helsingin kaupunki",
    "Itä-Uusimaa": "Itä-Uudenmaan hyvinvointialue", "Kainuu": "Kainuun hyvinvointialue",
    "Kanta-Häme": "Kanta-Hämeen hyvinvointialue", "Keski-Pohjanmaa": "Keski-Pohjanmaan hyvinvointialue",
    "Keski-Suomi": "Keski-Suomen hyvinvointialue", "Keski-Uusimaa": "Keski-Uudenmaan hyvinvointialue",
    "Kymenlaakso": "Kymenlaakson hyvinvointialue", "Lappi": "Lapin hyvinvointialue",
    "Länsi-Uusimaa": "Länsi-Uudenmaan hyvinvointialue", "Pirkanmaa": "Pirkanmaan hyvinvointialue",
    "Pohjanmaa": "Pohjanmaan hyvinvointialue", "Pohjois-Karjala": "Pohjois-Karjalan hyvinvointialue",
    "Pohjois-Pohjanmaa": "Pohjois-Pohjanmaan hyvinvointialue", "Pohjois-Savo": "Pohjois-Savon hyvinvointialue",
    "Päijät-Häme": "Päijät-Hämeen hyvinvointialue", "Satakunta": "Satakunnan hyvinvointialue",
    "Vantaa ja Kerava": "Vantaan ja Keravan hyvinvointialue", "Varsinais-Suomi": "Varsinais-Suomen hyvinvointialue",
}
"""Counties by the short names the website also uses (Päijät-Häme) → their names in sotkanet_regions.csv."""
COUNTRY_NAMES = ("Koko maa", "Hela landet", "Whole country")


def _shapes() -> str:
    return "A Sotkanet export is one of: " + "; ".join(f"({i}) {s}" for i, s in enumerate(ACCEPTED_SHAPES, 1)) + "."


@cache
def _ids_by_name() -> dict[str, int]:
    """Normalised region name → current Sotkanet id: the counties by their full, short and ``HVA`` names,
    and the whole country."""
    out = {normalise_header(n): WHOLE_COUNTRY for n in COUNTRY_NAMES}
    for number, (name, _) in regions().items():
        if number == WHOLE_COUNTRY:
            continue
        current = region_id(name) or number
        out[normalise_header(name)] = current
        out[normalise_header(name.replace(" hyvinvointialue", " HVA"))] = current
    for short, name in SHORT_NAMES.items():
        if region_id(name):
            out[normalise_header(short)] = region_id(name)
    return out


def region_by_name(name: str) -> int | None:
    """A region's Sotkanet id by its name as Sotkanet writes it (``Päijät-Hämeen hyvinvointialue``,
    ``Päijät-Häme``, ``Koko maa``); None for a name that is not a county, Helsinki or the whole country."""
    return _ids_by_name().get(normalise_header(name))


def _as_contract_text(frame: pd.DataFrame, source: str, rows: list[int]) -> RawTable:
    """Sotkanet columns (indicator, region, regionName, year, gender, value, absValue) as the
    indicator_values contract's columns, still as text, with region names added: the import converts
    and checks them. A region is found by its id, failing that by its name; a region found by neither
    keeps the file's code (an unreadable or empty one is reported by the import)."""
    known = regions()
    numbers, _ = parse_numbers(frame["region"])
    ids, names, categories = [], [], []
    for code, number, name in zip(frame["region"], numbers, frame["regionName"]):
        region = int(number) if math.isfinite(number) and number == int(number) else None
        if region not in known:
            region = region_by_name(name) if name.strip() else None
            if region is None:
                ids.append(code)
                names.append(name.strip())
                categories.append("")
                continue
        ids.append(str(region))
        names.append(known[region][0])
        categories.append(known[region][1])
    text = pd.DataFrame({
        "source": "sotkanet", "indicator": frame["indicator"], "region_id": ids,
        "region_name": names, "region_category": categories, "year": frame["year"],
        "gender": frame["gender"].str.strip().str.lower(), "value": frame["value"], "absolute_value": frame["absValue"],
    })
    return RawTable(source, text[list(INDICATOR_VALUES.columns)].reset_index(drop=True), tuple(rows))


def _read_json(text: str, source: str) -> tuple[pd.DataFrame, list[int]]:
    """The API's JSON rows."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{source}: not valid JSON ({exc.msg} at line {exc.lineno}). {_shapes()}") from None
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
    frame["regionName"] = ""
    return frame, list(range(1, len(frame) + 1))


def _read_api_csv(numbered: list[tuple[int, list[str]]], source: str) -> tuple[pd.DataFrame, list[int]]:
    """The API's CSV: a header row, then the data."""
    header = [h.strip().lower() for h in numbered[0][1]]
    missing = [c for c in CSV_COLUMNS[:5] if c not in header]
    if missing:
        raise DataError(f"{source}: missing column(s) {', '.join(missing)} in the header. {_shapes()}")
    body = numbered[1:]
    if not body:
        raise DataError(f"{source}: the file has a header but no data rows.")
    table = pd.DataFrame([r + [""] * (len(header) - len(r)) for _, r in body]).iloc[:, : len(header)]
    table.columns = header
    frame = pd.DataFrame({"indicator": table["indicator"], "region": table["region"], "regionName": "",
                          "year": table["year"], "gender": table["gender"], "value": table["primary value"],
                          "absValue": table["absolute value"] if "absolute value" in table else ""})
    return frame, [line for line, _ in body]


def _web_cells(cells: list[str]) -> list[str]:
    """A row's cells without the empty ones a trailing separator adds beyond the website's columns."""
    cells = [c.strip() for c in cells]
    while len(cells) > len(WEB_COLUMNS) and not cells[-1]:
        cells.pop()
    return cells


def _is_web_row(cells: list[str]) -> bool:
    """A row of a table downloaded from the website: 8 cells (7 when the empty absolute value's separator
    is cut off), the indicator id a whole number and the year four digits."""
    cells = _web_cells(cells)
    return (len(cells) in (len(WEB_COLUMNS) - 1, len(WEB_COLUMNS)) and cells[1].isdigit()
            and re.fullmatch(r"\d{4}", cells[5]) is not None)


def _read_web_csv(numbered: list[tuple[int, list[str]]], source: str) -> tuple[pd.DataFrame, list[int]]:
    """A table downloaded from the website: no header, ``WEB_COLUMNS`` in order."""
    width = len(WEB_COLUMNS)
    data = []
    for line, cells in numbered:
        cells = _web_cells(cells)
        if len(cells) > width:
            raise DataError(f"{source}: row {line} has {len(cells)} cells, more than the {width} columns of a table "
                            f"downloaded from the Sotkanet website ({';'.join(WEB_COLUMNS)}); check the separator "
                            "or quoting.")
        data.append(cells + [""] * (width - len(cells)))
    table = pd.DataFrame(data, columns=list(WEB_COLUMNS), dtype=object)
    frame = pd.DataFrame({"indicator": table["indicator id"], "region": table["region code"],
                          "regionName": table["region name"], "year": table["year"], "gender": table["gender"],
                          "value": table["value"], "absValue": table["absolute value"]})
    return frame, [line for line, _ in numbered]


def read_sotkanet(raw: bytes, source: str) -> RawTable:
    """A Sotkanet export (the API's CSV or JSON, or a table downloaded from the website; UTF-8 or
    Windows-1252) as the indicator_values table's columns (text), for ``ingest.prepare``."""
    if not raw or not raw.strip():
        raise DataError(f"{source}: the file is empty (0 rows); export the indicator again from Sotkanet.")
    text = decode(raw, source)
    if text.lstrip().startswith(("[", "{")):
        frame, rows = _read_json(text.strip(), source)
    else:
        try:
            lines = list(csv.reader(io.StringIO(text), delimiter=";"))
        except csv.Error as exc:
            raise DataError(f"{source}: the CSV cannot be read ({exc}); check its quotes.") from None
        numbered = [(line, r) for line, r in enumerate(lines, start=1) if any(c.strip() for c in r)]
        if not numbered:
            raise DataError(f"{source}: the file has no values, only separators. {_shapes()}")
        first = numbered[0][1]
        if any(c.strip().lower() in CSV_COLUMNS for c in first):
            frame, rows = _read_api_csv(numbered, source)
        elif _is_web_row(first):
            frame, rows = _read_web_csv(numbered, source)
        else:
            shown = ";".join(first)[:80]
            raise DataError(f"{source}: not a Sotkanet export in a shape this import reads (row {numbered[0][0]} is "
                            f"'{shown}'). {_shapes()}")
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

"""Importing a county's own exports into the data directory: read, map, convert, validate, report,
and only then write — atomically, keeping the previous version.

    report = prepare("incidents", read_path("haipro_5-8_2024.csv"), data_dir, mode="append")
    report.problems          # file, row, column, value, reason — one line per offending cell
    if report.ok:
        commit(report, data_dir)   # write then rename; the old file goes to .history/
    undo("incidents", data_dir)    # one step back

*Conversion* reads Finnish exports: decimal commas and space thousands (``1 234,5``), dates as
``d.m.yyyy`` (also with a time) or as ISO 8601 the way pandas, pyarrow and SQL clients write them
(``2020-12-30 00:00:00.000000``, ``2024-05-03T10:15:00Z``; a time with a UTC offset becomes Finnish
local time), true/false as ``kyllä/ei``, coded values by
their Finnish or English names (``Läheltä piti`` → ``near_miss``), units by id or by name, RAI
indicators by id or by name within their setting, own indicators by id or by their Finnish, English or
Swedish name, half-years as ``1``/``2``, ``1-6``/``7-12`` or ``H1``/``H2``, and an own indicator's period in
its grain (``5/2024``, ``Q2/2024`` or ``K2/2024``, ``5-8/2024``, ``1-6/2024``, ``2024``), stored as the
grain's own label (``K2/2024`` → ``Q2/2024``). An empty true/false cell is false (an export leaves "no action"
empty). A cell of several codes (feedback and success-report themes, ombudsman topics) is split on ``;``, ``|``
or line breaks only (names hold ``/`` and ``,``), each part read as a coded value, and stored as codes joined by
``;``.

*Validation* is the table's contract (analytics.data.contracts) plus the references between tables (a
report's, a feedback's or a success report's unit must be in org_units, an ombudsman contact's toimiala,
where given, a toimiala of org_units; a RAI indicator in the catalogue, with its numerator at most its
denominator for shares; an own indicator's value: an own indicator of the catalogue, the columns its kind
needs, a share's numerator at most its denominator, the unit, where given, a unit of org_units) and, when
appending, the keys: a row whose key is already in the data is skipped when it is identical and is a problem
when it differs. Last, the would-be data directory is loaded as the app would load it; only then is anything
written.

*Safe replace*: the new file is written beside the data as a temporary file and renamed over the old
one (atomic on one file system); the old one is kept in ``.history/<table>/`` (the newest
``KEEP_VERSIONS``) and ``undo`` puts it back. Every import and undo is logged in ``import_log.jsonl``.
A failed or interrupted import leaves the data files exactly as they were.
"""
from __future__ import annotations

import contextlib
import functools
import itertools
import json
import math
import os
import re
import shutil
import tempfile
import time
import tomllib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
from pandas.api import types as ptypes
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.core.errors import DataError
from analytics.core.periods import OWN_GRAINS, period_end, period_label, period_start
from analytics.data.bundle import OWN_NEEDS, load_bundle
from analytics.data.catalogue import CATALOGUE_FILE, load_catalogue
from analytics.data.contracts import (
    CONTRACTS,
    INDICATOR_VALUES,
    REQUIRED_TABLES,
    SEPARATOR,
    TableContract,
    read_table,
    validate,
    validate_stored,
)
from analytics.data.store import Store, table_source
from analytics.ingest.mapping import Mapping, detect
from analytics.ingest.readers import RawTable

MODES = ("append", "replace")
KEEP_VERSIONS = 5
MAX_PROBLEMS = 5000
MAX_TEXT_CHARS = 500
"""The longest text cell an import accepts: names, codes and identifiers are one short line."""
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters no name or code holds: C0/C1 controls (tab and line breaks too), line and paragraph separators,
and bidirectional embeddings, overrides and isolates (which reorder the text shown after them)."""
"""At most this many problem lines are kept (the counts stay exact)."""
HISTORY_DIR = ".history"
INCOMING_DIR = ".incoming"
LOG_FILE = "import_log.jsonl"
DATASET_FILE = "dataset.toml"

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")
"""The words source files use for coded values (per column), kept apart from the app's labels."""
TRUE_WORDS = {"kyllä", "k", "yes", "y", "true", "tosi", "1", "x", "on"}
FALSE_WORDS = {"ei", "e", "no", "n", "false", "epätosi", "0", "", "off"}
HALF_WORDS = {"1": 1, "2": 2, "1-6": 1, "7-12": 2, "h1": 1, "h2": 2, "1.1.-30.6.": 1, "1.7.-31.12.": 2}
DATE_FORMATS = ("%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d/%m/%Y")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?"
                          r" ?(?P<offset>Z|[+-]\d{2}(?::?\d{2})?)?$")
"""ISO 8601 as pandas, pyarrow and SQL clients write it: ``T`` or a space, fractional seconds, and
optionally a UTC offset (``Z``, ``+03:00``, ``+0300``, ``+03``)."""
LOCAL_TIME = "Europe/Helsinki"
"""Dates are stored naive in Finnish local time; a time with a UTC offset is converted to it."""
SEVERAL_SPLIT = re.compile(r"[;|\r\n]+")
"""Between the codes of a cell that holds several: ``;``, ``|`` or a line break — never ``/`` or ``,``, which
names hold ("Tietosuoja / tiedonsaantioikeus", "Vahingonkorvaus, esinevahingot")."""
UNIT_COLUMNS = ("unit_id", "station_unit_id")
"""Columns that name a unit of org_units (by its id or its name)."""
UNIT_TABLES = ("incidents", "rescue_tasks", "rai_results", "feedback", "success_reports", "own_values")
"""Tables whose rows belong to a unit of org_units (an own indicator's row with no unit is the county's)."""


@dataclass
class Problems:
    """Problem lines (file row, contract column, the file's header, value, reason), capped at MAX_PROBLEMS."""

    source: str
    lines: list[dict] = field(default_factory=list)
    count: int = 0
    bad_rows: set[int] = field(default_factory=set)
    cells: set[tuple[int | None, str]] = field(default_factory=set)

    def add(self, row: int | None, column: str, value: object, reason: str, header: str = "") -> None:
        self.count += 1
        if row is not None:
            self.bad_rows.add(row)
        self.cells.add((row, column))
        if len(self.lines) < MAX_PROBLEMS:
            shown = "" if value is None or pd.isna(value) else str(value)[:80]
            shown = CONTROL_CHARS.sub(lambda m: f"<U+{ord(m.group()):04X}>", shown)  # visible, and inert in a terminal
            self.lines.append({"file": self.source, "row": row, "column": column, "header": header,
                               "value": shown, "reason": reason})

    def frame(self) -> pd.DataFrame:
        """The problems by row (file-level ones first), one line per offending cell."""
        frame = pd.DataFrame(self.lines, columns=["file", "row", "column", "header", "value", "reason"])
        frame["row"] = frame["row"].astype("Int64")
        return frame.sort_values("row", kind="stable", na_position="first").reset_index(drop=True)


@dataclass(frozen=True)
class ImportReport:
    """What an import would do, before anything is written. ``table`` is the table to write (the whole
    new table, existing rows included when appending), or None when there are problems."""

    kind: str
    source: str
    mode: str
    rows_read: int
    rows_accepted: int
    rows_new: int
    rows_present: int
    problems: pd.DataFrame
    problem_count: int
    mapping: Mapping
    notes: tuple[str, ...]
    table: pd.DataFrame | None
    staged: Path | None = None
    """A large import's table, written into ``.incoming/`` instead of held in memory (``prepare_chunks``)."""
    headers: tuple[str, ...] = ()
    """The file's own column headers (for the column-mapping helper)."""

    @property
    def ok(self) -> bool:
        return (self.table is not None or self.staged is not None) and self.problem_count == 0

    def summary(self) -> str:
        """One line: rows read and accepted, problems, and whether it can be written."""
        verdict = ("ready to import" if self.ok else "nothing can be written until the problems are fixed")
        return (f"{self.source} → {self.kind} ({self.mode}): {self.rows_read} rows read, {self.rows_accepted} accepted"
                f" ({self.rows_new} new, {self.rows_present} already in the data), {self.problem_count} problem(s); "
                f"{verdict}.")

    def to_text(self) -> str:
        lines = [self.summary()]
        lines += [f"note: {n}" for n in self.notes]
        for p in self.problems.itertuples(index=False):
            where = "file" if pd.isna(p.row) else f"row {int(p.row)}"  # a missing column has no row (NA)
            header = f" ('{p.header}')" if not pd.isna(p.header) and p.header and p.header != p.column else ""
            value = f": '{p.value}'" if not pd.isna(p.value) and p.value else ""
            lines.append(f"{where}, column {p.column}{header}{value} — {p.reason}")
        if self.problem_count > len(self.problems):
            lines.append(f"… and {self.problem_count - len(self.problems)} more problem(s)")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "source": self.source, "mode": self.mode, "rows_read": self.rows_read,
                "rows_accepted": self.rows_accepted, "rows_new": self.rows_new, "rows_present": self.rows_present,
                "problem_count": self.problem_count, "ok": self.ok, "notes": list(self.notes),
                "mapping": self.mapping.columns,
                "problems": json.loads(self.problems.to_json(orient="records", force_ascii=False))}


# --- vocabularies -----------------------------------------------------------------------------

def _norm(value: object) -> str:
    return re.sub(r"\s+", " ", str(value).strip().lower())


@functools.cache
def _source_words() -> dict[str, dict[str, str]]:
    raw = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
    return {column: {_norm(word): code for word, code in words.items()} for column, words in raw.items()}


def vocabulary(column: str, allowed: Iterable[str] = ()) -> dict[str, str] | None:
    """Words → code for a coded column (the codes themselves included, in any case); None for other columns."""
    words = _source_words().get(column)
    if words is None:
        return None
    return {**{_norm(code): code for code in (*allowed, *words.values())}, **words}


# --- conversion -------------------------------------------------------------------------------

def _text_cells(series: pd.Series) -> pd.Series:
    return series.map(lambda v: "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v).strip())


def parse_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Numbers as Finnish or English exports write them; returns (values, bad) where bad marks
    non-empty cells that are not numbers."""
    text = _text_cells(series).str.replace(r"[\s\u00a0\u202f]", "", regex=True).str.replace("€", "", regex=False)
    both = text.str.contains(",", regex=False) & text.str.contains(".", regex=False)
    text = text.where(~both, text.str.replace(".", "", regex=False))  # 1.234,5 → 1234,5
    text = text.str.replace(",", ".", regex=False).str.replace("−", "-", regex=False)
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & values.isna()
    return values.astype(float), bad


def parse_dates(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Dates ``d.m.yyyy`` (with or without a time), ISO ``yyyy-mm-dd`` and ISO 8601 date-times with
    fractional seconds and a UTC offset (``ISO_DATETIME``); (values, bad). Values are naive Finnish
    local time: one with an offset is converted to ``LOCAL_TIME`` (+2 in winter, +3 in summer)."""
    text = _text_cells(series)
    result = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us]")
    todo = text != ""

    def found(parsed: pd.Series) -> None:
        hit = parsed.notna()
        result.loc[parsed.index[hit]] = parsed[hit].astype("datetime64[us]")
        todo.loc[parsed.index[hit]] = False

    for fmt in DATE_FORMATS:
        if not todo.any():
            break
        found(pd.to_datetime(text[todo], format=fmt, errors="coerce"))
    if todo.any():
        iso = text[todo].str.extract(ISO_DATETIME)["offset"]
        shaped = text[todo].str.match(ISO_DATETIME)
        aware, naive = iso.index[shaped & iso.notna()], iso.index[shaped & iso.isna()]
        if len(naive):
            found(pd.to_datetime(text[naive], format="ISO8601", errors="coerce"))
        if len(aware):
            utc = pd.to_datetime(text[aware], format="ISO8601", utc=True, errors="coerce")
            found(utc.dt.tz_convert(LOCAL_TIME).dt.tz_localize(None))
    return result, todo


def parse_bools(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    text = _text_cells(series).str.lower()
    values = text.map(lambda v: True if v in TRUE_WORDS else (False if v in FALSE_WORDS else None))
    return values, values.isna()


def _convert_column(raw: pd.Series, column: str, kind: str, problems: Problems, rows: list[int],
                    header: str, codes: dict[str, str] | None) -> pd.Series:
    def report(bad: pd.Series, reason: str) -> None:
        for i in np.flatnonzero(bad.to_numpy()):
            problems.add(rows[i], column, raw.iloc[i], reason, header)

    if kind in ("int", "float"):
        values, bad = parse_numbers(raw)
        report(bad, "not a number")
        if kind == "int":
            fraction = values.notna() & (values != values.round())
            report(fraction, "not a whole number")
            return values.where(~fraction)
        return values
    if kind == "datetime":
        values, bad = parse_dates(raw)
        report(bad, "not a date: write d.m.yyyy (e.g. 3.5.2024) or d.m.yyyy hh:mm")
        return values
    if kind == "bool":
        values, bad = parse_bools(raw)
        report(bad, "not true or false: write kyllä or ei")
        return values
    text = _text_cells(raw)
    if codes:
        text = text.map(lambda v: codes.get(_norm(v), v) if v else v)
    return text.where(text != "", None)


def parse_several(series: pd.Series, codes: dict[str, str] | None, allowed: Iterable[str] = ()) -> pd.Series:
    """Cells of several coded values: split on ``SEVERAL_SPLIT``, each part read as a code (by its word or the code
    itself), empty parts and repeats dropped, joined by SEPARATOR; an empty cell is None. A part that is no word
    of ``allowed`` stays as written, so that the contract check names it."""
    allowed = set(allowed)

    def one(cell: str) -> str | None:
        found: list[str] = []
        for part in SEVERAL_SPLIT.split(cell):
            part = part.strip()
            if not part:
                continue
            code = codes.get(_norm(part), part) if codes else part
            code = code if not allowed or code in allowed else part
            if code not in found:
                found.append(code)
        return SEPARATOR.join(found) or None

    return pd.Series([one(v) if v else None for v in _text_cells(series)], index=series.index, dtype="object")


def _numbers_to_contract(frame: pd.DataFrame, contract: TableContract) -> pd.DataFrame:
    for name, spec in contract.columns.items():
        if spec.kind == "int" and name in frame and frame[name].notna().all():
            frame[name] = frame[name].astype("int64")
        elif spec.kind == "int" and spec.nullable and name in frame and ptypes.is_numeric_dtype(frame[name]):
            frame[name] = frame[name].astype("Int64")  # whole numbers with empty cells (a feedback's score)
        elif spec.kind == "float" and name in frame and not ptypes.is_numeric_dtype(frame[name]) \
                and frame[name].isna().all():
            frame[name] = frame[name].astype(float)  # an optional column the file does not have (own values' value)
        elif spec.kind == "bool" and name in frame and frame[name].notna().all():
            frame[name] = frame[name].astype(bool)
        elif spec.kind == "str" and name in frame:
            frame[name] = frame[name].astype("object")
    return frame


def convert(kind: str, raw: RawTable, mapping: Mapping, problems: Problems,
            unit_names: dict[str, str] | None = None, indicator_names: dict[tuple[str | None, str], str] | None = None,
            grains: dict[str, str] | None = None) -> pd.DataFrame:
    """The file's mapped columns in the contract's types; unconvertible cells become problems (and empty).

    ``indicator_names``: (setting, name) → id (RAI), or (None, name) → id (own indicators); ``grains``: an own
    indicator's id → its grain, in which its periods are read."""
    contract = CONTRACTS[kind]
    rows = list(raw.rows)
    out = pd.DataFrame(index=raw.frame.index)
    for column, spec in contract.columns.items():
        header = mapping.columns.get(column)
        if header is None:
            out[column] = pd.Series([None] * len(out), index=out.index, dtype="object")
            continue
        source = raw.frame[header]
        if not raw.text:
            out[column] = source
            continue
        codes = vocabulary(column, spec.allowed or ())
        if column == "half":
            text = _text_cells(source).str.lower().str.replace(r"\d{4}$", "", regex=True).str.strip(" /")
            values = text.map(HALF_WORDS.get)
            for i in np.flatnonzero((text != "").to_numpy() & values.isna().to_numpy()):
                problems.add(rows[i], column, source.iloc[i], "not a half-year: write 1 or 2 (or 1-6, 7-12)", header)
            out[column] = values.astype("float")
            continue
        if spec.several:
            out[column] = parse_several(source, codes, spec.allowed or ())
            continue
        out[column] = _convert_column(source, column, spec.kind, problems, rows, header, codes)
    if unit_names:
        named = ("toimiala",) if kind == "ombudsman_contacts" else UNIT_COLUMNS
        for column in named:
            if column in out and mapping.columns.get(column):
                out[column] = out[column].map(lambda v: unit_names.get(_norm(v), v) if isinstance(v, str) else v)
    if indicator_names and "indicator_id" in out:
        settings = out["setting"] if "setting" in out else [None] * len(out)
        out["indicator_id"] = [indicator_names.get((s, _norm(i)), i) if isinstance(i, str) else i
                               for s, i in zip(settings, out["indicator_id"])]
    if grains is not None and "period" in out and mapping.columns.get("period"):
        out["period"] = _periods(out, grains, problems, rows, mapping.columns["period"])
    return _numbers_to_contract(out, contract)


def _periods(out: pd.DataFrame, grains: dict[str, str], problems: Problems, rows: list[int], header: str
             ) -> list:
    """Each row's period read in its own indicator's grain and written as that grain's label (``K2/2024`` →
    ``Q2/2024``); a period that does not read is a problem naming the shape expected. The period of an unknown
    indicator stays as written (the indicator is the problem)."""
    labels: dict[tuple[str, str], str | DataError] = {}
    result = []
    for i, (indicator, period) in enumerate(zip(out["indicator_id"], out["period"])):
        grain = grains.get(indicator) if isinstance(indicator, str) else None
        if grain is None or not isinstance(period, str) or not period.strip():
            result.append(period if not isinstance(period, str) or period.strip() else None)
            continue
        if (indicator, period) not in labels:
            try:
                labels[(indicator, period)] = period_label(period_start(period, grain), grain)
            except DataError as exc:
                labels[(indicator, period)] = exc
        found = labels[(indicator, period)]
        if isinstance(found, DataError):
            text = str(found).rstrip(".")
            shape = text[text.index("write it as"):] if "write it as" in text else text
            problems.add(rows[i], "period", period, f"not a {grain.replace('_', '-')}, the grain of {indicator} in "
                         f"{CATALOGUE_FILE}: {shape}", header)
            result.append(None)
        else:
            result.append(found)
    return result


# --- preparing an import ----------------------------------------------------------------------

def _current(data_dir: Path, kind: str) -> pd.DataFrame | None:
    path = data_dir / CONTRACTS[kind].file
    return read_table(data_dir, CONTRACTS[kind]) if path.is_file() else None


def _check_references(kind: str, frame: pd.DataFrame, rows: list[int], data_dir: Path, problems: Problems,
                      mapping: Mapping) -> None:
    """Units, toimialat, indicators and shares against the rest of the data directory."""
    if kind in UNIT_TABLES:
        org = _current(data_dir, "org_units")
        known = set(org["unit_id"]) if org is not None else set()
        column = "station_unit_id" if kind == "rescue_tasks" else "unit_id"
        for i in np.flatnonzero(~frame[column].isin(known).to_numpy() & frame[column].notna().to_numpy()):
            problems.add(rows[i], column, frame[column].iloc[i],
                         "unknown unit: not in org_units (import the unit first, or use its id or name)",
                         mapping.columns.get(column, ""))
    if kind == "ombudsman_contacts":
        org = _current(data_dir, "org_units")
        known = set(org["toimiala"]) if org is not None else set()
        for i in np.flatnonzero(~frame["toimiala"].isin(known).to_numpy() & frame["toimiala"].notna().to_numpy()):
            problems.add(rows[i], "toimiala", frame["toimiala"].iloc[i],
                         "unknown toimiala: not in org_units (use a toimiala of org_units, or leave it empty where "
                         "it is not known)", mapping.columns.get("toimiala", ""))
    if kind in ("rai_results", "rai_national"):
        catalogue = load_catalogue(data_dir)
        settings = {i.id: i.setting for i in catalogue.by_domain("rai")}
        shares = {i.id for i in catalogue.by_domain("rai") if i.kind == "share"}
        header = mapping.columns.get("indicator_id", "")
        for i, (ind, setting) in enumerate(zip(frame["indicator_id"], frame["setting"])):
            if ind is None:
                continue
            if ind not in settings:
                problems.add(rows[i], "indicator_id", ind, f"not a RAI indicator of the catalogue ({CATALOGUE_FILE})",
                             header)
            elif setting is not None and settings[ind] != setting:
                problems.add(rows[i], "setting", setting, f"the indicator {ind} belongs to {settings[ind]}",
                             mapping.columns.get("setting", ""))
        over = frame["indicator_id"].isin(shares) & (frame["numerator"] > frame["denominator"])
        for i in np.flatnonzero(over.to_numpy()):
            problems.add(rows[i], "numerator", frame["numerator"].iloc[i],
                         f"above the denominator {frame['denominator'].iloc[i]:g} (a share cannot exceed 100 %)",
                         mapping.columns.get("numerator", ""))
    if kind == "own_values":
        _check_own_values(frame, rows, load_catalogue(data_dir), problems, mapping)


OWN_NEEDED = {"share": ("numerator", "denominator"), "count": ("numerator",), "mean": ("numerator", "denominator"),
              "value": ("value",)}
"""The column an own indicator's kind needs first (of ``OWN_NEEDS``' alternatives), where a lacking row is told."""


def _check_own_values(frame: pd.DataFrame, rows: list[int], catalogue, problems: Problems, mapping: Mapping) -> None:
    """An own indicator's rows: an own indicator of the catalogue (not one read from Sotkanet), the columns its kind
    needs, and a share's numerator at most its denominator."""
    own = {i.id: i for i in catalogue.own_values_indicators()}
    sotkanet = {i.id: i.sotkanet_id for i in catalogue.by_domain("own") if i.sotkanet_id is not None}
    header = mapping.columns.get("indicator_id", "")
    numerator, denominator, value = (frame[c].to_numpy(dtype=float, na_value=np.nan)
                                     for c in ("numerator", "denominator", "value"))
    for i, ind in enumerate(frame["indicator_id"]):
        if ind is None:
            continue
        if ind in sotkanet:
            problems.add(rows[i], "indicator_id", ind, f"the indicator {ind} takes its values from Sotkanet "
                         f"(sotkanet_id = {sotkanet[ind]}), not from this table", header)
            continue
        if ind not in own:
            problems.add(rows[i], "indicator_id", ind, f"not an own indicator of the catalogue ({CATALOGUE_FILE}): "
                         "use its id or its name, or add it there with domain = \"own\"", header)
            continue
        kind = own[ind].kind
        has_n, has_d, has_v = (not np.isnan(x[i]) for x in (numerator, denominator, value))
        lacking = {"share": not (has_n and has_d), "count": not (has_n or has_v),
                   "mean": not (has_v or (has_n and has_d)), "value": not has_v}[kind]
        if lacking:
            column = next(c for c, given in zip(("numerator", "denominator", "value"), (has_n, has_d, has_v))
                          if c in OWN_NEEDED[kind] and not given)
            problems.add(rows[i], column, None, f"{OWN_NEEDS[kind][1]} ({ind})", mapping.columns.get(column, ""))
        elif kind == "share" and numerator[i] > denominator[i]:
            problems.add(rows[i], "numerator", f"{numerator[i]:g}",
                         f"above the denominator {denominator[i]:g} (a share cannot exceed 100 %)",
                         mapping.columns.get("numerator", ""))


def _still_referenced(units: set[str], toimialat: set[str], data_dir: Path, problems: Problems) -> None:
    """Replacing org_units must keep every unit the other tables use, and every toimiala ombudsman contacts name."""
    used = [(kind, "unit_id" if kind != "rescue_tasks" else "station_unit_id", "unit_id", units, "unit")
            for kind in UNIT_TABLES]
    used.append(("ombudsman_contacts", "toimiala", "toimiala", toimialat, "toimiala"))
    for kind, column, new_column, keep, what in used:
        current = _current(data_dir, kind)
        if current is None:
            continue
        values = current[column].dropna()
        lost = values[~values.isin(keep)].value_counts()
        for value, count in lost.items():
            problems.add(None, new_column, value, f"would disappear but {count} row(s) of {kind} use it; keep the "
                                                  f"{what} or append instead of replacing")


def _text_problems(frame: pd.DataFrame, contract: TableContract, rows: list[int], problems: Problems,
                   mapping: Mapping) -> None:
    """Text cells with a control character or longer than MAX_TEXT_CHARS: each is a problem (nothing is written)."""
    for column, spec in contract.columns.items():
        if spec.kind != "str" or column not in frame:
            continue
        header = mapping.columns.get(column) or ""
        text = frame[column].map(lambda v: v if isinstance(v, str) else "")
        controlled = text.str.contains(CONTROL_CHARS).to_numpy()
        too_long = (text.str.len() > MAX_TEXT_CHARS).to_numpy() & ~controlled
        for i in np.flatnonzero(controlled):
            char = CONTROL_CHARS.search(text.iloc[i]).group()
            problems.add(rows[i], column, text.iloc[i], f"control character U+{ord(char):04X}: remove it (names and "
                         "codes are one line of text)", header)
        for i in np.flatnonzero(too_long):
            problems.add(rows[i], column, text.iloc[i], f"longer than {MAX_TEXT_CHARS} characters "
                         f"({len(text.iloc[i])}): shorten it", header)


def _contract_problems(frame: pd.DataFrame, contract: TableContract, rows: list[int], problems: Problems,
                       mapping: Mapping) -> None:
    try:
        validate(frame, contract, problems.source)
    except DataError as exc:
        for p in exc.problems:
            columns = [c.strip() for c in str(p["column"]).split(",")]
            header = mapping.columns.get(columns[0], "")
            if not p["rows"]:
                problems.add(None, p["column"], p["value"], p["reason"], header)
            for r in p["rows"]:
                if (rows[r - 1], p["column"]) in problems.cells:
                    continue  # a cell that could not be read is already reported (and is empty here)
                value = frame[columns[0]].iloc[r - 1] if columns[0] in frame else p["value"]
                if len(columns) > 1:
                    value = "/".join(str(frame[c].iloc[r - 1]) for c in columns)
                problems.add(rows[r - 1], p["column"], value, p["reason"], header)


def _split(kind: str, new: pd.DataFrame, rows: list[int], current: pd.DataFrame | None, problems: Problems
           ) -> tuple[np.ndarray, int]:
    """(the labels of ``new``'s rows not yet in ``current``, rows already present). A row whose key is present
    is skipped when identical and is a problem when any value differs."""
    if current is None or current.empty:
        return new.index.to_numpy(), 0
    contract = CONTRACTS[kind]
    key = list(contract.key)
    columns = list(contract.columns)
    others = [c for c in columns if c not in key]
    joined = new[columns].reset_index().merge(current[columns], on=key, how="left", suffixes=("", "__old"),
                                              indicator=True)
    present = (joined["_merge"] == "both").to_numpy()
    differs = np.zeros(len(joined), dtype=bool)
    for column in others:
        a, b = joined[column], joined[f"{column}__old"]
        same = (a == b).astype("boolean").fillna(False).to_numpy(dtype=bool)  # nullable columns compare as NA
        differs |= present & ~(same | (a.isna() & b.isna()).to_numpy())
    for i in np.flatnonzero(differs):
        position = int(joined["index"].iloc[i])
        problems.add(rows[position], ", ".join(key), "/".join(str(joined[k].iloc[i]) for k in key),
                     "this key is already in the data with different values; fix the row or import with mode "
                     "'replace'")
    return joined.loc[~present, "index"].to_numpy(), int((present & ~differs).sum())


def _merge(kind: str, new: pd.DataFrame, rows: list[int], data_dir: Path, mode: str, problems: Problems
           ) -> tuple[pd.DataFrame, int, int]:
    """(the whole table to write, new rows, rows already present): ``_split`` against the current table."""
    current = _current(data_dir, kind) if mode == "append" else None
    fresh, present = _split(kind, new, rows, current, problems)
    if current is None or current.empty:
        return new, len(new), 0
    columns = list(CONTRACTS[kind].columns)
    return pd.concat([current[columns], new.loc[fresh, columns]], ignore_index=True), int(len(fresh)), present


ARROW_TYPES = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
               "datetime": pa.timestamp("us")}
STAGED_PREFIX = "staged-"
STAGED_KEEP_SECONDS = 6 * 3600
"""A checked import waits this long in ``.incoming/`` for its "Tuo" (then it is checked again)."""


class _Staging:
    """The table an import would write, written piece by piece into ``.incoming/`` with pyarrow's ParquetWriter
    (never whole in memory); ``commit`` renames it into place."""

    def __init__(self, data_dir: Path, kind: str):
        incoming = data_dir / INCOMING_DIR
        incoming.mkdir(exist_ok=True)
        now = time.time()
        for old in incoming.glob(f"{STAGED_PREFIX}*.parquet"):  # checked imports nobody imported
            with contextlib.suppress(OSError):
                if now - old.stat().st_mtime > STAGED_KEEP_SECONDS:
                    old.unlink()
        self.columns = list(CONTRACTS[kind].columns)
        self.schema = pa.schema([(n, ARROW_TYPES[s.kind]) for n, s in CONTRACTS[kind].columns.items()])
        self.path = incoming / f"{STAGED_PREFIX}{kind}-{uuid.uuid4().hex}.parquet"
        self.writer = pq.ParquetWriter(self.path, self.schema)
        self.rows = 0

    def write(self, frame: pd.DataFrame) -> None:
        if len(frame):
            table = pa.Table.from_pandas(frame[self.columns], preserve_index=False)
            self.writer.write_table(table.cast(self.schema))
            self.rows += len(frame)

    def finish(self) -> Path:
        self.writer.close()
        return self.path

    def discard(self) -> None:
        with contextlib.suppress(Exception):
            self.writer.close()
        self.path.unlink(missing_ok=True)


def _key_text(frame: pd.DataFrame, key: tuple[str, ...]) -> pa.Array:
    """The key of each row as one text (columns joined by a unit separator), for duplicates across chunks. An empty
    key cell (an own indicator's county-level row has no unit) is an empty text."""
    text = frame[key[0]].astype(str).fillna("")
    for column in key[1:]:
        text = text + "\x1f" + frame[column].astype(str).fillna("")
    return pa.array(text.to_numpy(dtype=object), type=pa.large_string())


def _duplicates_across(keys: list[pa.Array], rows: list[np.ndarray], contract: TableContract, problems: Problems,
                       mapping: Mapping) -> None:
    """Keys repeated anywhere in the file (each chunk's own repeats are found by its contract check)."""
    if not keys:
        return
    every = pa.chunked_array(keys, type=pa.large_string())
    repeated = pd.Series(pd.arrays.ArrowExtensionArray(every)).duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    numbers = np.concatenate(rows)
    chunk_of = np.repeat(np.arange(len(keys)), [len(k) for k in keys])
    frame = pd.DataFrame({"key": pd.Series(pd.arrays.ArrowExtensionArray(every))[repeated].astype(str).to_numpy(),
                          "row": numbers[repeated], "chunk": chunk_of[repeated]})
    spread = frame.groupby("key")["chunk"].transform("nunique") > 1
    within = frame.groupby(["key", "chunk"])["row"].transform("size") > 1  # the chunk's check told these
    told = spread & ~within
    column, header = ", ".join(contract.key), mapping.columns.get(contract.key[0], "")
    for key, row in zip(frame.loc[told, "key"], frame.loc[told, "row"]):
        problems.add(int(row), column, key.replace("\x1f", "/"), "duplicate key", header)


def prepare(kind: str, raw: RawTable, data_dir: Path | str, mapping: dict[str, str] | None = None,
            mode: str = "append", records: pd.DataFrame | None = None) -> ImportReport:
    """Everything an import would do, without writing. ``mapping`` (contract column → header)
    overrides detection. ``records`` (already in contract columns and types, e.g. from Sotkanet)
    skips the mapping and conversion. The report holds the table to write (``table``): for files that fit in
    memory; ``prepare_chunks`` checks a large file piece by piece."""
    return _prepare(kind, raw.source, iter([raw]), data_dir, mapping, mode, records, staged=False)


def prepare_chunks(kind: str, chunks: Iterable[RawTable], data_dir: Path | str,
                   mapping: dict[str, str] | None = None, mode: str = "append") -> ImportReport:
    """``prepare`` for a file read in pieces (``readers.read_chunks``): each chunk is converted and checked as it
    comes, at most ``MAX_PROBLEMS`` problem lines are kept (the count stays exact), keys are compared across
    chunks and with the current table, and the table to write goes chunk by chunk into a parquet file in
    ``.incoming/`` (``report.staged``; ``commit`` renames it into place). Memory stays bounded by a chunk, not
    by the file."""
    chunks = iter(chunks)
    first = next(chunks)
    return _prepare(kind, first.source, itertools.chain([first], chunks), data_dir, mapping, mode, None,
                    staged=True)


def _prepare(kind: str, source: str, chunks: Iterator[RawTable], data_dir: Path | str,
             mapping: dict[str, str] | None, mode: str, records: pd.DataFrame | None, staged: bool) -> ImportReport:
    if kind not in CONTRACTS:
        raise DataError(f"Unknown table '{kind}'; choose one of {', '.join(CONTRACTS)}.")
    if mode not in MODES:
        raise DataError(f"Unknown mode '{mode}'; choose append or replace.")
    data_dir = Path(data_dir)
    if (data_dir / kind).is_dir():
        raise DataError(f"{data_dir / kind}: this table is partitioned by region and year (the national layout); "
                        "imports go into a county's data directory (one file per table).")
    contract = CONTRACTS[kind]
    problems = Problems(source)
    conflicts = Problems(source)  # keys already in the data with other values: told only when nothing else is wrong
    notes: list[str] = []
    first = next(chunks)
    headers = tuple(str(c) for c in first.frame.columns)
    chunks = itertools.chain([first], chunks)

    def report(rows_read: int, accepted: int, found: Problems = problems, table=None, added: int = 0,
               present: int = 0, staged_path: Path | None = None) -> ImportReport:
        return ImportReport(kind, source, mode, rows_read, accepted, added, present, found.frame(), found.count,
                            detected, tuple(notes), table, staged_path, headers)

    if records is not None:
        detected = Mapping({c: c for c in contract.columns})
        unit_names, indicator_names, grains = {}, {}, None
    else:
        detected = detect(kind, list(first.frame.columns), mapping)
        for column in detected.missing:
            options = detected.ambiguous.get(column)
            hint = (f"several headers could be it ({', '.join(options)}): name one in the mapping" if options
                    else "no header in the file is known for it: name it in the mapping")
            problems.add(None, column, None, f"required column not found; {hint}")
        if detected.ignored:
            notes.append(f"columns not imported: {', '.join(detected.ignored)}")
        if problems.count:
            return report(sum(len(chunk.frame) for chunk in chunks), 0)
        unit_names, indicator_names = _name_lookups(kind, data_dir)
        grains = _own_grains(data_dir) if kind == "own_values" else None

    rows_read, added, present, pieces = 0, 0, 0, []
    current, current_error, reference_error, chunk_count = None, None, None, 0
    keys, key_rows, unit_ids, toimialat = [], [], set(), set()
    staging = _Staging(data_dir, kind) if staged else None
    try:
        for chunk in chunks:
            chunk_count += 1
            rows = list(chunk.rows)
            rows_read += len(rows)
            frame = records if records is not None else convert(kind, chunk, detected, problems, unit_names,
                                                                indicator_names, grains)
            _text_problems(frame, contract, rows, problems, detected)
            if problems.bad_rows.intersection(rows):  # rows with unreadable cells are reported; check the others
                readable = [i for i, r in enumerate(rows) if r not in problems.bad_rows]
                checked = _numbers_to_contract(frame.iloc[readable].reset_index(drop=True), contract)
                checked_rows = [rows[i] for i in readable]
            else:
                checked, checked_rows = frame, rows
            _contract_problems(checked, contract, checked_rows, problems, detected)
            if staged:
                keys.append(_key_text(checked, contract.key))
                key_rows.append(np.asarray(checked_rows, dtype=np.int64))
            if (kind != "org_units" or mode == "append") and reference_error is None:
                try:
                    _check_references(kind, checked, checked_rows, data_dir, problems, detected)
                except DataError as exc:
                    reference_error = exc
                    problems.add(None, "", None, f"the current data cannot be read to check references: {exc}")
            if kind == "org_units" and mode == "replace":
                unit_ids.update(checked["unit_id"].dropna())
                toimialat.update(checked["toimiala"].dropna())
            problems.cells.clear()  # only this chunk's cells are looked up
            if problems.count or current_error is not None:
                continue  # nothing will be written: no need to compare or stage the rest
            if chunk_count == 1 and mode == "append":
                try:
                    current = _current(data_dir, kind)
                except DataError as exc:
                    current_error = exc
                    continue
                if staging is not None and current is not None:
                    staging.write(current)
            fresh, already = _split(kind, frame, rows, current, conflicts)
            present += already
            added += len(fresh)
            if staging is not None:
                staging.write(frame.loc[fresh])
            else:
                pieces.append(frame if current is None or current.empty else frame.loc[fresh])
        if chunk_count > 1:
            _duplicates_across(keys, key_rows, contract, problems, detected)
        if kind == "org_units" and mode == "replace":
            _still_referenced(unit_ids, toimialat, data_dir, problems)
        if problems.count:
            return report(rows_read, rows_read - len(problems.bad_rows))
        if current_error is not None:
            problems.add(None, "", None, f"the current {kind} table cannot be read to append to it: {current_error}")
            return report(rows_read, rows_read - len(problems.bad_rows))
        if conflicts.count:
            return report(rows_read, rows_read - len(conflicts.bad_rows), conflicts)
        if present:
            notes.append(f"{present} row(s) were already in the data and are not added again")
        table, staged_path = None, None
        if staging is not None:
            staged_path = staging.finish()
        elif current is None or current.empty:
            table = pieces[0] if len(pieces) == 1 else pd.concat(pieces, ignore_index=True)
        else:
            columns = list(contract.columns)
            table = pd.concat([current[columns], *(p[columns] for p in pieces)], ignore_index=True)
        try:
            _check_bundle(kind, staged_path if staged_path is not None else table, data_dir)
        except DataError as exc:
            problems.add(None, "", None, f"the data directory would not load after this import: {exc}")
            return report(rows_read, rows_read)
        except (pa.ArrowException, OSError) as exc:
            problems.add(None, "", None, f"the table cannot be written: {exc}")
            return report(rows_read, rows_read)
        if staged_path is not None and mode == "append" and added == 0:
            staging.discard()  # nothing to write: no file waits for an import
            staging, staged_path, table = None, None, pd.DataFrame(columns=list(contract.columns))
        done = report(rows_read, rows_read, table=table, added=added, present=present, staged_path=staged_path)
        staging = None  # kept for commit
        return done
    except (pa.ArrowException, OSError) as exc:
        problems.add(None, "", None, f"the table cannot be written: {exc}")
        return report(rows_read, rows_read - len(problems.bad_rows))
    finally:
        if staging is not None:
            staging.discard()
        if staged:
            release_memory()


M_MMAP_THRESHOLD = -3
"""glibc's mallopt parameter number (malloc.h)."""
MMAP_THRESHOLD_BYTES = 1 << 20


def bounded_memory() -> None:
    """Set the process's Arrow allocations to the C heap (which ``release_memory`` hands back) instead of
    pyarrow's mimalloc pool, which kept 100 MB more of a large import's chunks (``benchmarks/upload.py``).
    Called once by the app's server and the CLI, not on import."""
    with contextlib.suppress(Exception):
        pa.set_memory_pool(pa.system_memory_pool())
    with contextlib.suppress(Exception):  # glibc only
        import ctypes

        # Blocks of 1 MiB and more are mapped and unmapped on their own, so freeing them returns them at once.
        # Without this glibc raises its mmap threshold to the largest block freed (up to 32 MiB): a large
        # upload's pieces then land on the heap, and the server kept 330 MB of a 150 MB upload after its
        # session ended (benchmarks/upload.py).
        ctypes.CDLL("libc.so.6").mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)


def release_memory() -> None:
    """Give the memory a large import used back to the operating system: a long-running server would otherwise
    keep its peak (freed chunks stay in pyarrow's pool and in the C heap)."""
    import gc

    gc.collect()
    with contextlib.suppress(Exception):
        pa.default_memory_pool().release_unused()
    with contextlib.suppress(Exception):  # glibc only: return the heap's free pages
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _name_lookups(kind: str, data_dir: Path) -> tuple[dict[str, str], dict[tuple[str | None, str], str]]:
    """Unit name → id (for ombudsman contacts: toimiala → the toimiala as org_units writes it), and (setting,
    indicator name) → id (own indicators: (None, name in Finnish, English or Swedish) → id), for exports that use
    names."""
    units: dict[str, str] = {}
    if kind in (*UNIT_TABLES, "ombudsman_contacts"):
        try:
            org = _current(data_dir, "org_units")
        except DataError:
            org = None
        if org is not None and kind == "ombudsman_contacts":
            units = {_norm(n): n for n in org["toimiala"]}
        elif org is not None:
            units = {_norm(n): i for n, i in zip(org["unit_name"], org["unit_id"])}
            units.update({_norm(i): i for i in org["unit_id"]})
    indicators: dict[tuple[str, str], str] = {}
    if kind in ("rai_results", "rai_national"):
        try:
            catalogue = load_catalogue(data_dir)
        except DataError:
            catalogue = None
        if catalogue is not None:
            for ind in catalogue.by_domain("rai"):
                for name in (ind.id, ind.name_fi, ind.name_en):
                    indicators[(ind.setting, _norm(name))] = ind.id
    if kind == "own_values":
        try:
            catalogue = load_catalogue(data_dir)
        except DataError:
            catalogue = None
        if catalogue is not None:
            for ind in catalogue.own_values_indicators():
                for name in (ind.name_fi, ind.name_en, ind.name_sv):
                    if name:
                        indicators.setdefault((None, _norm(name)), ind.id)
            for ind in catalogue.own_values_indicators():  # an id wins over another indicator's name
                indicators[(None, _norm(ind.id))] = ind.id
    return units, indicators


def _own_grains(data_dir: Path) -> dict[str, str]:
    """Each own indicator's grain (its values' periods are read in it); empty when the catalogue cannot be read."""
    try:
        catalogue = load_catalogue(data_dir)
    except DataError:
        return {}
    return {i.id: i.grain for i in catalogue.own_values_indicators()}


def _check_bundle(kind: str, table: pd.DataFrame | Path, data_dir: Path) -> None:
    """Load the would-be data directory as the app would (other files linked, not copied; ``table`` is the new
    table, or the parquet file that holds it)."""
    incoming = data_dir / INCOMING_DIR
    incoming.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=incoming) as tmp:
        trial = Path(tmp)
        for name in [*(CONTRACTS[k].file for k in CONTRACTS), CATALOGUE_FILE]:
            source = data_dir / name
            if source.is_file() and name != CONTRACTS[kind].file:
                os.symlink(source.resolve(), trial / name)
        if isinstance(table, Path):
            os.symlink(table.resolve(), trial / CONTRACTS[kind].file)
        else:
            table.to_parquet(trial / CONTRACTS[kind].file, index=False)
        load_bundle(trial)


# --- writing, history, undo -------------------------------------------------------------------

def _history(data_dir: Path, kind: str) -> Path:
    return data_dir / HISTORY_DIR / kind


def versions(data_dir: Path | str, kind: str) -> list[Path]:
    """Earlier versions of a table, newest first."""
    folder = _history(Path(data_dir), kind)
    return sorted(folder.glob("*.parquet"), reverse=True) if folder.is_dir() else []


def _log(data_dir: Path, entry: dict) -> None:
    with open(data_dir / LOG_FILE, "a", encoding="utf-8") as out:
        out.write(json.dumps({"time": datetime.now().isoformat(timespec="seconds"), **entry}, ensure_ascii=False) + "\n")


def import_log(data_dir: Path | str) -> pd.DataFrame:
    """Every logged import and undo: time, action, table, source, mode, rows_read, rows_new."""
    path = Path(data_dir) / LOG_FILE
    columns = ["time", "action", "table", "source", "mode", "rows_read", "rows_new"]
    if not path.is_file():
        return pd.DataFrame(columns=columns)
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError:
            continue  # a line cut by a crash is not a reason to lose the rest
    return pd.DataFrame(entries, columns=columns)


def _atomic_replace(data_dir: Path, kind: str, write) -> Path:
    """Write the new file with ``write(tmp_path)``, keep the old one in the history, rename into place."""
    target = data_dir / CONTRACTS[kind].file
    incoming = data_dir / INCOMING_DIR
    incoming.mkdir(exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=incoming, suffix=".parquet")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.is_file() else 0o644)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        if target.is_file():
            history = _history(data_dir, kind)
            history.mkdir(parents=True, exist_ok=True)
            kept = history / f"{datetime.now().strftime('%Y%m%dT%H%M%S%f')}.parquet"
            try:
                os.link(target, kept)
            except OSError:
                shutil.copy2(target, kept)
            for old in versions(data_dir, kind)[KEEP_VERSIONS:]:
                old.unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def commit(report: ImportReport, data_dir: Path | str) -> Path | None:
    """Write a checked import into the data directory (atomically, keeping the previous version).
    Returns the file written, or None when an append brings no new rows (nothing to write)."""
    if not report.ok:
        raise DataError(f"{report.source}: the import has {report.problem_count} problem(s); nothing was written.")
    if report.mode == "append" and report.rows_new == 0:
        return None
    data_dir = Path(data_dir)
    if report.staged is not None:
        if not report.staged.is_file():
            raise DataError(f"{report.source}: the checked import is no longer waiting in {INCOMING_DIR} (imported "
                            "already, or kept too long); check the file again.")
        path = _atomic_replace(data_dir, report.kind, lambda tmp: os.replace(report.staged, tmp))
    else:
        table = report.table[list(CONTRACTS[report.kind].columns)]
        path = _atomic_replace(data_dir, report.kind, lambda tmp: table.to_parquet(tmp, index=False))
    _log(data_dir, {"action": "import", "table": report.kind, "source": Path(report.source).name, "mode": report.mode,
                    "rows_read": report.rows_read, "rows_new": report.rows_new})
    if report.kind in REQUIRED_TABLES:
        _mark_imported(data_dir)
    return path


def discard(report: ImportReport) -> None:
    """Drop a checked import that will not be imported (its table waiting in ``.incoming/``, if any)."""
    if report.staged is not None:
        report.staged.unlink(missing_ok=True)


def undo(kind: str, data_dir: Path | str) -> Path:
    """Put back the previous version of ``kind`` (one step back; the current one is dropped)."""
    data_dir = Path(data_dir)
    if kind not in CONTRACTS:
        raise DataError(f"Unknown table '{kind}'; choose one of {', '.join(CONTRACTS)}.")
    earlier = versions(data_dir, kind)
    if not earlier:
        raise DataError(f"There is no earlier version of {kind} to go back to.")
    target = data_dir / CONTRACTS[kind].file
    os.replace(earlier[0], target)
    _log(data_dir, {"action": "undo", "table": kind, "source": earlier[0].name})
    return target


def _mark_imported(data_dir: Path) -> None:
    """The directory now holds a county's own data: the sidebar stops calling it synthetic."""
    marker = data_dir / DATASET_FILE
    marker.write_text('synthetic = false\nnote = "Holds data imported on the Aineisto page or with the ingest '
                      'command."\n', encoding="utf-8")


# --- the state of the data --------------------------------------------------------------------

def data_state(data_dir: Path | str) -> pd.DataFrame:
    """Per table: rows, first and last period, last import (time and file), earlier versions, status
    (each table checked by SQL where it lies; nothing is read into memory)."""
    data_dir = Path(data_dir)
    log = import_log(data_dir)
    try:
        store = Store(data_dir)
        store_error = None
    except DataError as exc:
        store, store_error = None, str(exc)
    rows = []
    for kind, contract in CONTRACTS.items():
        entry = {"table": kind, "file": contract.file, "rows": None, "first": None, "last": None,
                 "last_import": None, "source": None, "versions": len(versions(data_dir, kind)), "status": "ok"}
        if table_source(data_dir, kind) is None:
            entry["status"] = "missing" if kind in REQUIRED_TABLES else "optional"
        elif store is None or not store.has(kind):
            entry["status"] = f"error: {store_error}"
        else:
            try:
                validate_stored(store, contract)
                entry["rows"] = int(store.value(f"SELECT count(*) FROM {kind}"))
                entry["first"], entry["last"] = _covered(store, kind)
            except DataError as exc:
                entry["status"] = f"error: {exc}"
        mine = log[(log["table"] == kind)]
        if len(mine):
            last = mine.iloc[-1]
            entry["last_import"], entry["source"] = last["time"], last["source"]
        rows.append(entry)
    frame = pd.DataFrame(rows)
    frame["rows"] = frame["rows"].astype("Int64")
    return frame


def state_fingerprint(data_dir: Path | str) -> tuple:
    """Changes whenever a data file, the log or the kept versions change (a cache key for data_state)."""
    data_dir = Path(data_dir)
    names = [c.file for c in CONTRACTS.values()] + [LOG_FILE]
    stats = []
    for name in names:
        path = data_dir / name
        stats.append((name, path.stat().st_mtime_ns if path.is_file() else -1))
    history = data_dir / HISTORY_DIR
    kept = tuple(sorted(str(p.relative_to(history)) for p in history.rglob("*.parquet"))) if history.is_dir() else ()
    return tuple(stats), kept


def _covered(store: Store, kind: str) -> tuple[str | None, str | None]:
    dates = {"incidents": "report_date", "rescue_tasks": "alarm_time", "feedback": "received_date",
             "ombudsman_contacts": "contact_date", "success_reports": "report_date"}.get(kind)
    columns = store.columns(kind)
    if kind == "own_values":
        return _own_covered(store.query("SELECT DISTINCT period FROM own_values")["period"])
    if dates:
        row = store.query(f"SELECT min({dates}) AS a, max({dates}) AS b FROM {kind}").iloc[0]
        if pd.isna(row["a"]):
            return None, None
        return pd.Timestamp(row["a"]).strftime("%-d.%-m.%Y"), pd.Timestamp(row["b"]).strftime("%-d.%-m.%Y")
    if "half" in columns:
        row = store.query(f"SELECT min(year * 10 + half) AS a, max(year * 10 + half) AS b FROM {kind}").iloc[0]
        if pd.isna(row["a"]):
            return None, None
        first, last = int(row["a"]), int(row["b"])
        label = {1: "1-6", 2: "7-12"}
        return f"{label[first % 10]}/{first // 10}", f"{label[last % 10]}/{last // 10}"
    if "year" in columns:
        row = store.query(f"SELECT min(year) AS a, max(year) AS b FROM {kind}").iloc[0]
        return (None, None) if pd.isna(row["a"]) else (str(int(row["a"])), str(int(row["b"])))
    return None, None


def _own_covered(periods: Iterable[str]) -> tuple[str | None, str | None]:
    """The first and the last of own indicators' periods (each in whichever grain it is written)."""
    starts = []
    for label in periods:
        for grain in OWN_GRAINS:
            with contextlib.suppress(DataError):
                starts.append((period_start(label, grain), period_end(period_start(label, grain), grain), label))
                break
    if not starts:
        return None, None
    return min(starts)[2], max(starts, key=lambda s: (s[1], s[0]))[2]


def reference_frame(records: list[dict]) -> pd.DataFrame:
    """Rows for the indicator_values contract, in its column order."""
    return pd.DataFrame(records, columns=list(INDICATOR_VALUES.columns))

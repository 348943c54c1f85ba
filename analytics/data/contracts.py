"""Data contracts: the tables the app reads, their columns, keys and checks.

Every load validates; any failure raises one DataError that names the file, the column and the
offending rows (1-based data rows). Column kinds:

- ``str``: text; ``int``: whole numbers; ``float``: numbers; ``bool``: true/false;
- ``datetime``: dates or timestamps (local Finnish time, no time zone).

Tables (file in the data directory):

``org_units`` (org_units.parquet), one row per unit:
    county (hyvinvointialue), toimiala, palvelualue, unit_id (key), unit_name, municipality.
``incidents`` (incidents.parquet), one row per HaiPro/SPro report:
    report_id (key), event_date, report_date, first_handled_date (empty while unhandled), unit_id,
    category (patient_safety | occupational_safety | environment | information_security | grievance),
    event_kind (harm | near_miss | observation), event_type, harm_level (none | mild | moderate | severe),
    reporter (staff | client), development_action (bool), development_theme (empty without an action).
``rescue_tasks`` (rescue_tasks.parquet), one row per urgent task (first response excluded):
    task_id (key), alarm_time, arrival_time (first unit on scene), municipality, station_unit_id
    (the rescue station's unit in org_units), risk_class (I–IV), risk_square_id, urgency_class (A | B),
    task_type, persons_rescued, property_threatened_eur and property_saved_eur (building fires and
    fire hazards only, else empty).
``rai_results`` (rai_results.parquet), one row per unit, half-year and indicator:
    year, half (1 = 1.1.-30.6., 2 = 1.7.-31.12.), setting (kotihoito | asumispalvelut), unit_id,
    indicator_id, numerator (clients meeting the indicator; for a score, the sum of scores),
    denominator (assessed clients: the latest full assessment of each client in the half-year).
``rai_national`` (rai_national.parquet), THL's national values in the same shape without unit_id.
``indicator_values`` (indicator_values.parquet, optional), reference values for regions, e.g. from
    Sotkanet: source, indicator, region_id, region_name, region_category (HYVINVOINTIALUE | KUNTA |
    MAA …), year, gender (total | male | female), value, absolute_value.

Customer experience (optional tables; a column marked *several* holds codes separated by ``;``):
``feedback`` (feedback.parquet), one row per piece of customer feedback (asiakaspalaute):
    feedback_id (key), received_date, unit_id, channel (web | phone | email | letter | in_person),
    score (1–5, empty when none was given), feedback_type (thanks | proposal | other), themes (several of
    FEEDBACK_THEMES, may be empty), contact_requested (bool), answered_date (empty while unanswered).
``ombudsman_contacts`` (ombudsman_contacts.parquet), one row per contact to the social or patient ombudsman:
    contact_id (key), contact_date, ombudsman (social | patient), contact_kind (new | returning), contact_by
    (client | relative | professional | other), toimiala (empty where not known), topics (several of
    OMBUDSMAN_TOPICS, at least one: one contact may concern several topics).
``success_reports`` (success_reports.parquet), one row per success report (onnistumisilmoitus, PosiPro):
    report_id (key), report_date, unit_id, themes (several of SUCCESS_THEMES, at least one),
    proposed_for_others (bool: the practice was proposed for other units too).

A county's own indicators (optional table; the indicators themselves are entries of indicators.toml with
domain = "own"):
``own_values`` (own_values.parquet), one row per indicator, period and unit:
    indicator_id, period (the label in the indicator's grain: 5/2024, Q2/2024, 5-8/2024, 1-6/2024 or 2024),
    unit_id (empty: a county-level figure), numerator, denominator, value (each may be empty); key
    (indicator_id, period, unit_id). By the indicator's kind: a share gives numerator and denominator (value =
    numerator / denominator × 100), a count its numerator (the count) or value, a mean numerator (the sum) and
    denominator (n) or a value, a value its value. Unit rows add up to the county for counts, shares and means.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from pandas.api import types as ptypes

if TYPE_CHECKING:  # pandera is imported where a frame is checked (an import), not on every start
    import pandera.pandas as pa

from analytics.core.errors import DataError

CATEGORIES = ("patient_safety", "occupational_safety", "environment", "information_security", "grievance")
EVENT_KINDS = ("harm", "near_miss", "observation")
HARM_LEVELS = ("none", "mild", "moderate", "severe")
REPORTERS = ("staff", "client")
RISK_CLASSES = ("I", "II", "III", "IV")
URGENCY_CLASSES = ("A", "B")
SETTINGS = ("kotihoito", "asumispalvelut")
FEEDBACK_CHANNELS = ("web", "phone", "email", "letter", "in_person")
FEEDBACK_TYPES = ("thanks", "proposal", "other")
FEEDBACK_THEMES = ("treatment", "competence", "service_experience", "information", "e_services", "waiting",
                   "access", "facilities", "fees", "care_quality", "other")
OMBUDSMEN = ("social", "patient")
CONTACT_KINDS = ("new", "returning")
CONTACT_BY = ("client", "relative", "professional", "other")
OMBUDSMAN_TOPICS = (
    # both ombudsmen
    "data_protection", "treatment", "self_determination", "consultation", "damages", "other",
    # the social ombudsman
    "service_arrangement", "decisions", "contracts", "information_need", "client_fees", "waiting",
    # the patient ombudsman
    "care_delivery", "access_to_care", "patient_injury", "patient_fees", "freedom_of_choice", "medication_injury",
)
SUCCESS_THEMES = ("attitude", "ways_of_working", "cooperation", "social_skills", "other")
SEPARATOR = ";"
"""Between the codes of a column that holds several (themes, topics)."""
MAX_ROWS_LISTED = 5


FIRST_DATE = pd.Timestamp(2000, 1, 1)


def _future() -> pd.Timestamp:
    return pd.Timestamp.now() + pd.Timedelta(days=1)


@dataclass(frozen=True)
class ColumnSpec:
    """A column: its kind, whether it may be empty, and its value checks. The same declaration gives
    the pandera checks of a frame (imports) and the SQL checks of a stored table (loading)."""

    kind: str
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    nonempty: bool = False
    dated: bool = False
    """A date on or after 1.1.2000."""
    not_future: bool = False
    several: bool = False
    """Several codes of ``allowed`` separated by SEPARATOR (themes, topics)."""

    @property
    def checks(self) -> tuple[pa.Check, ...]:
        import pandera.pandas as pa
        out = []
        if self.several:
            allowed = set(self.allowed or ())
            out.append(pa.Check(lambda s: s.map(lambda v: all(c in allowed for c in str(v).split(SEPARATOR))),
                                element_wise=False, ignore_na=True,
                                error=f"codes not among {', '.join(self.allowed or ())} (separated by {SEPARATOR})"))
        elif self.allowed:
            out.append(pa.Check.isin(list(self.allowed), error=f"not one of {', '.join(self.allowed)}"))
        if self.nonempty:
            out.append(pa.Check(lambda s: s.str.strip().str.len() > 0, element_wise=False, error="empty text"))
        if self.minimum is not None:
            out.append(pa.Check.ge(self.minimum, error=f"below {self.minimum}"))
        if self.maximum is not None:
            out.append(pa.Check.le(self.maximum, error=f"above {self.maximum}"))
        if self.dated:
            out.append(pa.Check.ge(FIRST_DATE, error="before 1.1.2000"))
        if self.not_future:
            out.append(pa.Check(lambda s: s <= _future(), element_wise=False, error="in the future"))
        return tuple(out)

    def sql_checks(self, column: str) -> list[tuple[str, str, list]]:
        """(predicate marking a bad row, reason, parameters) — the same reasons as ``checks``."""
        out: list[tuple[str, str, list]] = []
        if self.several:
            out.append((f"{column} IS NOT NULL AND NOT list_has_all(?, string_split({column}, '{SEPARATOR}'))",
                        f"codes not among {', '.join(self.allowed or ())} (separated by {SEPARATOR})",
                        [list(self.allowed or ())]))
        elif self.allowed:
            out.append((f"{column} IS NOT NULL AND NOT list_contains(?, {column})",
                        f"not one of {', '.join(self.allowed)}", [list(self.allowed)]))
        if self.nonempty:
            out.append((f"{column} IS NOT NULL AND length(trim({column})) = 0", "empty text", []))
        if self.minimum is not None:
            out.append((f"{column} < ?", f"below {self.minimum}", [self.minimum]))
        if self.maximum is not None:
            out.append((f"{column} > ?", f"above {self.maximum}", [self.maximum]))
        if self.dated:
            out.append((f"{column} < ?", "before 1.1.2000", [FIRST_DATE]))
        if self.not_future:
            out.append((f"{column} > ?", "in the future", [_future()]))
        return out


@dataclass(frozen=True)
class RowRule:
    """A rule across columns: ``bad(frame)`` marks the rows that break it; ``sql`` is the same test
    as a SQL predicate."""

    column: str
    reason: str
    bad: Callable[[pd.DataFrame], pd.Series]
    sql: str


@dataclass(frozen=True)
class TableContract:
    """One table: file name, columns, key and cross-column rules."""

    name: str
    file: str
    columns: dict[str, ColumnSpec]
    key: tuple[str, ...]
    rules: tuple[RowRule, ...] = field(default_factory=tuple)

    def schema(self) -> pa.DataFrameSchema:
        import pandera.pandas as pa
        return pa.DataFrameSchema(
            {name: pa.Column(nullable=spec.nullable, checks=list(spec.checks)) for name, spec in self.columns.items()},
            strict=False,
        )


def _text(nullable: bool = False, allowed: tuple[str, ...] | None = None) -> ColumnSpec:
    return ColumnSpec("str", nullable, allowed=allowed, nonempty=not allowed)


def _number(kind: str, minimum: float | None = 0, maximum: float | None = None, nullable: bool = False) -> ColumnSpec:
    return ColumnSpec(kind, nullable, minimum=minimum, maximum=maximum)


_DATE = ColumnSpec("datetime", dated=True, not_future=True)


def _codes(allowed: tuple[str, ...], nullable: bool = False) -> ColumnSpec:
    """Several codes of ``allowed`` in one text, separated by SEPARATOR."""
    return ColumnSpec("str", nullable, allowed=allowed, several=True)

ORG_UNITS = TableContract(
    "org_units",
    "org_units.parquet",
    {
        "county": _text(),
        "toimiala": _text(),
        "palvelualue": _text(),
        "unit_id": _text(),
        "unit_name": _text(),
        "municipality": _text(),
    },
    key=("unit_id",),
)

INCIDENTS = TableContract(
    "incidents",
    "incidents.parquet",
    {
        "report_id": _text(),
        "event_date": _DATE,
        "report_date": _DATE,
        "first_handled_date": ColumnSpec("datetime", nullable=True, not_future=True),
        "unit_id": _text(),
        "category": _text(allowed=CATEGORIES),
        "event_kind": _text(allowed=EVENT_KINDS),
        "event_type": _text(),
        "harm_level": _text(allowed=HARM_LEVELS),
        "reporter": _text(allowed=REPORTERS),
        "development_action": ColumnSpec("bool"),
        "development_theme": ColumnSpec("str", nullable=True),
    },
    key=("report_id",),
    rules=(
        RowRule("event_date", "event after the report", lambda d: d["event_date"] > d["report_date"],
                "event_date > report_date"),
        RowRule("first_handled_date", "handled before it was reported",
                lambda d: d["first_handled_date"] < d["report_date"], "first_handled_date < report_date"),
        RowRule("development_theme", "a development action without a theme",
                lambda d: d["development_action"] & d["development_theme"].isna(),
                "development_action AND development_theme IS NULL"),
    ),
)

RESCUE_TASKS = TableContract(
    "rescue_tasks",
    "rescue_tasks.parquet",
    {
        "task_id": _text(),
        "alarm_time": _DATE,
        "arrival_time": _DATE,
        "municipality": _text(),
        "station_unit_id": _text(),
        "risk_class": _text(allowed=RISK_CLASSES),
        "risk_square_id": _text(),
        "urgency_class": _text(allowed=URGENCY_CLASSES),
        "task_type": _text(),
        "persons_rescued": _number("int"),
        "property_threatened_eur": _number("float", nullable=True),
        "property_saved_eur": _number("float", nullable=True),
    },
    key=("task_id",),
    rules=(
        RowRule("arrival_time", "arrival before the alarm", lambda d: d["arrival_time"] < d["alarm_time"],
                "arrival_time < alarm_time"),
        RowRule("property_saved_eur", "more property saved than threatened",
                lambda d: d["property_saved_eur"] > d["property_threatened_eur"],
                "property_saved_eur > property_threatened_eur"),
    ),
)

_RAI_VALUES = {
    "year": _number("int", 2000, 2100),
    "half": _number("int", 1, 2),
    "setting": _text(allowed=SETTINGS),
    "indicator_id": _text(),
    "numerator": _number("float"),
    "denominator": _number("int", 1),
}

RAI_RESULTS = TableContract(
    "rai_results",
    "rai_results.parquet",
    {**_RAI_VALUES, "unit_id": _text()},
    key=("year", "half", "unit_id", "indicator_id"),
)

RAI_NATIONAL = TableContract(
    "rai_national",
    "rai_national.parquet",
    dict(_RAI_VALUES),
    key=("year", "half", "indicator_id"),
)

FEEDBACK = TableContract(
    "feedback",
    "feedback.parquet",
    {
        "feedback_id": _text(),
        "received_date": _DATE,
        "unit_id": _text(),
        "channel": _text(allowed=FEEDBACK_CHANNELS),
        "score": _number("int", 1, 5, nullable=True),
        "feedback_type": _text(allowed=FEEDBACK_TYPES),
        "themes": _codes(FEEDBACK_THEMES, nullable=True),
        "contact_requested": ColumnSpec("bool"),
        "answered_date": ColumnSpec("datetime", nullable=True, not_future=True),
    },
    key=("feedback_id",),
    rules=(
        RowRule("answered_date", "answered before it was received",
                lambda d: d["answered_date"] < d["received_date"], "answered_date < received_date"),
    ),
)

OMBUDSMAN_CONTACTS = TableContract(
    "ombudsman_contacts",
    "ombudsman_contacts.parquet",
    {
        "contact_id": _text(),
        "contact_date": _DATE,
        "ombudsman": _text(allowed=OMBUDSMEN),
        "contact_kind": _text(allowed=CONTACT_KINDS),
        "contact_by": _text(allowed=CONTACT_BY),
        "toimiala": ColumnSpec("str", nullable=True),
        "topics": _codes(OMBUDSMAN_TOPICS),
    },
    key=("contact_id",),
)

SUCCESS_REPORTS = TableContract(
    "success_reports",
    "success_reports.parquet",
    {
        "report_id": _text(),
        "report_date": _DATE,
        "unit_id": _text(),
        "themes": _codes(SUCCESS_THEMES),
        "proposed_for_others": ColumnSpec("bool"),
    },
    key=("report_id",),
)

EXPERIENCE_TABLES = ("feedback", "ombudsman_contacts", "success_reports")
"""The customer-experience tables: optional, each on its own (a county may have feedback and no PosiPro)."""

OWN_VALUES = TableContract(
    "own_values",
    "own_values.parquet",
    {
        "indicator_id": _text(),
        "period": _text(),
        "unit_id": ColumnSpec("str", nullable=True, nonempty=True),
        "numerator": _number("float", nullable=True),
        "denominator": _number("float", nullable=True),
        "value": _number("float", None, nullable=True),
    },
    key=("indicator_id", "period", "unit_id"),
    rules=(
        RowRule("value", "neither a value nor a numerator", lambda d: d["value"].isna() & d["numerator"].isna(),
                "value IS NULL AND numerator IS NULL"),
        RowRule("denominator", "a denominator of 0 (where given, it must be above 0)",
                lambda d: d["denominator"] == 0, "denominator = 0"),
    ),
)

OWN_TABLES = ("own_values",)
"""The values of a county's own indicators: optional."""

GENDERS = ("total", "male", "female")

INDICATOR_VALUES = TableContract(
    "indicator_values",
    "indicator_values.parquet",
    {
        "source": _text(),
        "indicator": _text(),
        "region_id": _number("int"),
        "region_name": ColumnSpec("str", nullable=True),
        "region_category": ColumnSpec("str", nullable=True),
        "year": _number("int", 1900, 2100),
        "gender": _text(allowed=GENDERS),
        "value": _number("float", None),
        "absolute_value": _number("float", None, nullable=True),
    },
    key=("source", "indicator", "region_id", "year", "gender"),
)

CONTRACTS: dict[str, TableContract] = {c.name: c for c in (ORG_UNITS, INCIDENTS, RESCUE_TASKS, RAI_RESULTS, RAI_NATIONAL,
                                                           INDICATOR_VALUES, FEEDBACK, OMBUDSMAN_CONTACTS,
                                                           SUCCESS_REPORTS, OWN_VALUES)}
REQUIRED_TABLES = ("org_units", "incidents", "rescue_tasks", "rai_results", "rai_national")
"""Tables every data directory must have; indicator_values (reference values, e.g. Sotkanet), the
customer-experience tables (EXPERIENCE_TABLES) and the values of own indicators (OWN_TABLES) are optional."""


def _rows_text(rows: list[int], count: int | None = None) -> str:
    shown = ", ".join(str(r) for r in rows[:MAX_ROWS_LISTED])
    more = (count if count is not None else len(rows)) - min(len(rows), MAX_ROWS_LISTED)
    return f"row {shown}" if len(rows) == 1 and more <= 0 else f"rows {shown}" + (f" (and {more} more)" if more > 0 else "")


def _problem(source: str, column: str, rows: list[int], value: object, reason: str) -> dict:
    empty = value is None or (isinstance(value, float) and value != value)  # an empty cell (NaN) shows no value
    return {"file": source, "column": column, "rows": rows, "value": "" if empty else str(value), "reason": reason}


def _kind_ok(series: pd.Series, kind: str) -> bool:
    if kind == "str":
        return ptypes.is_string_dtype(series) or (
            ptypes.is_object_dtype(series) and series.dropna().map(lambda v: isinstance(v, str)).all()
        )
    if kind == "int":
        if ptypes.is_integer_dtype(series):
            return True
        if ptypes.is_float_dtype(series):
            values = series.dropna()
            return bool((values == values.round()).all())
        return False
    if kind == "float":
        return ptypes.is_numeric_dtype(series) and not ptypes.is_bool_dtype(series)
    if kind == "bool":
        return ptypes.is_bool_dtype(series)
    if kind == "datetime":
        return ptypes.is_datetime64_any_dtype(series)
    raise ValueError(kind)


_KIND_WORDS = {"str": "text", "int": "whole numbers", "float": "numbers", "bool": "true/false", "datetime": "dates"}


def validate(frame: pd.DataFrame, contract: TableContract, source: str) -> pd.DataFrame:
    """Check ``frame`` against ``contract``; return it with a fresh 0..n-1 index or raise DataError.

    ``source`` names the file in messages.
    """
    frame = frame.reset_index(drop=True)
    missing = [c for c in contract.columns if c not in frame.columns]
    if missing:
        raise DataError(
            f"{source}: missing column(s) {', '.join(missing)}; the {contract.name} table needs "
            f"{', '.join(contract.columns)}.",
            [_problem(source, c, [], None, "missing column") for c in missing],
        )
    problems: list[dict] = []
    for name, spec in contract.columns.items():
        series = frame[name]
        if not _kind_ok(series, spec.kind):
            example = series.dropna().head(1).tolist()
            problems.append(
                _problem(source, name, [], example[0] if example else None,
                         f"should hold {_KIND_WORDS[spec.kind]} but holds {series.dtype}")
            )
    if problems:
        raise DataError(_message(source, problems), problems)

    import pandera.errors
    try:
        contract.schema().validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        for (column, check), group in cases.groupby(["column", "check"], sort=False, dropna=False):
            rows = sorted(int(i) + 1 for i in group["index"].dropna().unique())
            empty = str(check) == "not_nullable"
            value = None if empty else group["failure_case"].iloc[0]
            problems.append(_problem(source, str(column), rows, value, "empty value" if empty else str(check)))

    for rule in contract.rules:
        bad = rule.bad(frame).fillna(False).astype(bool)
        if bad.any():
            rows = [int(i) + 1 for i in frame.index[bad]]
            problems.append(_problem(source, rule.column, rows, frame.loc[bad, rule.column].iloc[0], rule.reason))

    duplicated = frame.duplicated(list(contract.key), keep=False)
    if duplicated.any():
        rows = [int(i) + 1 for i in frame.index[duplicated]]
        value = "/".join(str(v) for v in frame.loc[duplicated, list(contract.key)].iloc[0])
        problems.append(_problem(source, ", ".join(contract.key), rows, value, "duplicate key"))

    if problems:
        raise DataError(_message(source, problems), problems)
    return frame


def _message(source: str, problems: list[dict]) -> str:
    parts = []
    for p in problems:
        where = f" in {_rows_text(p['rows'], p.get('count'))}" if p["rows"] else ""
        value = f" (e.g. '{p['value'][:40]}')" if p["value"] else ""
        parts.append(f"column '{p['column']}': {p['reason']}{where}{value}")
    return f"{source}: " + "; ".join(parts) + "."


def read_table(data_dir: Path | str, contract: TableContract) -> pd.DataFrame:
    """Read and validate one parquet table of the data directory."""
    path = Path(data_dir) / contract.file
    if not path.is_file():
        raise DataError(f"{path}: file is missing; the app needs the {contract.name} table here.")
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a broken file
        raise DataError(f"{path}: not a readable parquet file ({type(exc).__name__}).") from None
    return validate(frame, contract, str(path))


# --- checking a stored table with SQL (loading) -----------------------------------------------

SQL_KIND_TYPES = {
    "str": ("VARCHAR",),
    "int": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"),
    "float": ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "UTINYINT", "USMALLINT",
              "UINTEGER", "UBIGINT"),
    "bool": ("BOOLEAN",),
    "datetime": ("TIMESTAMP", "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S", "DATE"),
}


def _sql_kind_ok(store, table: str, column: str, kind: str, sql_type: str) -> bool:
    if sql_type in SQL_KIND_TYPES[kind] or (sql_type.startswith("DECIMAL") and kind == "float"):
        return True
    if kind == "int" and (sql_type in ("FLOAT", "DOUBLE") or sql_type.startswith("DECIMAL")):
        return not store.value(f"SELECT count(*) FROM {table} WHERE {column} <> round({column})")
    return False


def _stored_source(store, contract: TableContract, filename: str | None = None) -> str:
    if store.partitioned.get(contract.name):
        return filename or str(store.root / contract.name)
    return str(store.root / contract.file)


def validate_stored(store, contract: TableContract) -> None:
    """The contract's checks of a stored table, as SQL over its parquet files; raise DataError naming
    the file, the column and up to five rows (1-based rows of the file)."""
    table = contract.name
    source = _stored_source(store, contract)
    types = store.columns(table)
    missing = [c for c in contract.columns if c not in types]
    if missing:
        raise DataError(
            f"{source}: missing column(s) {', '.join(missing)}; the {contract.name} table needs "
            f"{', '.join(contract.columns)}.",
            [_problem(source, c, [], None, "missing column") for c in missing],
        )
    problems = []
    for name, spec in contract.columns.items():
        if not _sql_kind_ok(store, table, name, spec.kind, types[name]):
            example = store.value(f"SELECT {name} FROM {table} WHERE {name} IS NOT NULL LIMIT 1")
            problems.append(_problem(source, name, [], example,
                                     f"should hold {_KIND_WORDS[spec.kind]} but holds {types[name]}"))
    if problems:
        raise DataError(_message(source, problems), problems)

    checks: list[tuple[str, str, str, list]] = []
    for name, spec in contract.columns.items():
        if not spec.nullable:
            checks.append((name, f"{name} IS NULL", "empty value", []))
        checks += [(name, predicate, reason, params) for predicate, reason, params in spec.sql_checks(name)]
    checks += [(rule.column, f"coalesce({rule.sql}, false)", rule.reason, []) for rule in contract.rules]
    counts = store.query("SELECT " + ", ".join(f"count(*) FILTER (WHERE {p}) AS c{i}"
                                               for i, (_, p, _, _) in enumerate(checks)) + f" FROM {table}",
                         [value for _, _, _, params in checks for value in params])
    for i, (column, predicate, reason, params) in enumerate(checks):
        total = int(counts.iat[0, i])
        if not total:
            continue
        rows = store.query(f"SELECT filename, file_row_number + 1 AS row, {column} AS value FROM {table} "
                           f"WHERE {predicate} ORDER BY filename, file_row_number LIMIT {MAX_ROWS_LISTED}", params)
        value = None if reason == "empty value" else rows["value"].iloc[0]
        source = _stored_source(store, contract, rows["filename"].iloc[0])
        problems.append({**_problem(source, column, [int(r) for r in rows["row"]], value, reason), "count": total})

    key = ", ".join(contract.key)
    total = int(store.value(f"SELECT count(*) FROM (SELECT 1 FROM {table} GROUP BY {key} HAVING count(*) > 1)"))
    duplicated = pd.DataFrame() if not total else store.query(
        f"SELECT {key}, count(*) AS n, list(file_row_number + 1 ORDER BY filename, file_row_number) AS rows, "
        f"min(filename) AS filename FROM {table} GROUP BY {key} HAVING count(*) > 1 "
        f"ORDER BY min(file_row_number) LIMIT {MAX_ROWS_LISTED}")
    if len(duplicated):
        first = duplicated.iloc[0]
        value = "/".join(str(first[k]) for k in contract.key)
        source = _stored_source(store, contract, first["filename"])
        problems.append({**_problem(source, key, [int(r) for r in first["rows"]], value, "duplicate key"),
                         "count": int(first["n"]) + (total - 1)})
    if problems:
        raise DataError(_message(problems[0]["file"], problems), problems)

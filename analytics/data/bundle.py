"""Open a data directory: check every table where it lies (SQL over its parquet files), check the
references between tables, and keep only the small tables in memory.

The large tables (incident reports, rescue tasks, RAI unit results) stay in their parquet files: the
domain modules ask ``bundle.store`` for the aggregates a view needs. The same code serves the county
sample (one file per table) and the national data (files partitioned by region and year).
"""
from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import period_start
from analytics.core.regions import region_id
from analytics.data.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue
from analytics.data import contracts as _contracts_module
from analytics.data.contracts import CONTRACTS, INDICATOR_VALUES, REQUIRED_TABLES, validate_stored
from analytics.data.store import Store, table_source

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
REACTION_DAYS = "datediff('day', report_date, first_handled_date)"
"""SQL: report → first handling in whole days (empty while unhandled)."""
RESPONSE_MINUTES = "epoch(arrival_time - alarm_time) / 60.0"
"""SQL: alarm → first unit on scene in minutes."""
VALIDATED_FILE = ".validated.json"
"""The record of the last data version that passed every check (its files' fingerprint): a start on the same
files skips the checks (seconds at national scale). Written beside the data; a read-only folder checks anew."""
_TAIL_BYTES = 1 << 16
"""How much of each file's end is hashed: a parquet file's footer (schema, row groups, statistics) lies there."""


@dataclass(frozen=True)
class DataBundle:
    """A checked data directory: the small tables as frames, the large ones behind ``store``.

    ``incidents``, ``rescue_tasks`` and ``rai_results`` read a whole table into pandas, with the
    derived columns ``reaction_days`` and ``response_minutes``: for tests and notebooks on small
    data only; the app's code paths ask the store for aggregates instead.
    """

    org_units: pd.DataFrame
    rai_national: pd.DataFrame
    catalogue: Catalogue
    data_dir: Path
    store: Store = field(repr=False, compare=False)
    indicator_values: pd.DataFrame = field(default_factory=lambda: empty_table(INDICATOR_VALUES))
    """Reference values for regions (e.g. Sotkanet); empty when the optional file is absent."""

    def table(self, name: str) -> pd.DataFrame:
        """A whole table as a frame (small data only), in its contract's column order."""
        columns = ", ".join(CONTRACTS[name].columns)
        extra = {"incidents": f", {REACTION_DAYS}::DOUBLE AS reaction_days",
                 "rescue_tasks": f", {RESPONSE_MINUTES} AS response_minutes"}.get(name, "")
        frame = self.store.query(f"SELECT {columns}{extra} FROM {name} ORDER BY filename, file_row_number")
        if name == "incidents":
            frame["reaction_days"] = frame["reaction_days"].astype("Float64")
        return frame

    @cached_property
    def incidents(self) -> pd.DataFrame:
        return self.table("incidents")

    @cached_property
    def rescue_tasks(self) -> pd.DataFrame:
        return self.table("rescue_tasks")

    @cached_property
    def rai_results(self) -> pd.DataFrame:
        return self.table("rai_results")


def dataset_info(data_dir: Path | str) -> dict:
    """The data directory's dataset.toml (e.g. synthetic = true), or {} when there is none or it is unreadable."""
    marker = Path(data_dir) / "dataset.toml"
    try:
        return tomllib.loads(marker.read_text(encoding="utf-8")) if marker.is_file() else {}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
        return {}


def empty_table(contract) -> pd.DataFrame:
    """An empty frame with a contract's columns."""
    return pd.DataFrame({name: pd.Series(dtype="object") for name in contract.columns})


def data_files(data_dir: Path | str) -> list[Path]:
    """The files a bundle is read from (for cache keys: path and modification time). A partitioned
    table counts as its directory: replacing a part changes the directory's modification time."""
    root = Path(data_dir)
    out = []
    for contract in CONTRACTS.values():
        folder = root / contract.name
        out.append(folder if folder.is_dir() else root / contract.file)
    return out + [root / CATALOGUE_FILE]


def data_signature(data_dir: Path | str) -> tuple[tuple[str, float, int], ...]:
    """Small, hashable fingerprint of the data files: changes whenever one is replaced."""
    out = []
    for path in data_files(data_dir):
        stat = path.stat() if path.exists() else None
        out.append((path.name, stat.st_mtime if stat else -1.0, stat.st_size if stat else -1))
    return tuple(out)


def _unknown(store: Store, table: str, column: str, known_sql: str, what: str, fix: str,
             params: list | None = None) -> None:
    found = store.query(f"SELECT filename, file_row_number + 1 AS row, {column} AS value FROM {table} "
                        f"WHERE {column} NOT IN ({known_sql}) ORDER BY filename, file_row_number LIMIT 5", params)
    if len(found):
        count = int(store.value(f"SELECT count(*) FROM {table} WHERE {column} NOT IN ({known_sql})", params))
        source = found["filename"].iloc[0] if store.partitioned.get(table) else str(store.root / CONTRACTS[table].file)
        rows = ", ".join(str(r) for r in found["row"])
        raise DataError(f"{source}: column '{column}': {count} row(s) refer to an unknown {what}, e.g. "
                        f"'{found['value'].iloc[0]}' (rows {rows}); {fix}.")


def validation_fingerprint(data_dir: Path | str) -> str:
    """A digest of what the checks depend on: every data file's name, size, modification time and footer, the
    catalogue, and the code of the checks themselves. Any change to one of them changes the digest."""
    root = Path(data_dir)
    digest = hashlib.sha256()
    for module in (_contracts_module.__file__, __file__):
        digest.update(Path(module).read_bytes())
    for entry in data_files(root):
        files = sorted(entry.rglob("*.parquet")) if entry.is_dir() else [entry] if entry.exists() else []
        for path in files:
            stat = path.stat()
            digest.update(f"{path.relative_to(root)}\0{stat.st_size}\0{stat.st_mtime_ns}\0".encode())
            with path.open("rb") as handle:
                handle.seek(max(0, stat.st_size - _TAIL_BYTES))
                digest.update(handle.read())
    return digest.hexdigest()


def _already_validated(root: Path, fingerprint: str) -> bool:
    try:
        return json.loads((root / VALIDATED_FILE).read_text(encoding="utf-8")).get("fingerprint") == fingerprint
    except (OSError, ValueError, AttributeError):
        return False


def _record_validated(root: Path, fingerprint: str) -> None:
    """Write the record atomically; a folder we may not write to is checked again on the next start."""
    temporary = root / f"{VALIDATED_FILE}.{os.getpid()}.tmp"
    try:
        temporary.write_text(json.dumps({"fingerprint": fingerprint}), encoding="utf-8")
        os.replace(temporary, root / VALIDATED_FILE)
    except OSError:
        temporary.unlink(missing_ok=True)


def load_bundle(data_dir: Path | str = DEFAULT_DATA_DIR) -> DataBundle:
    """Check every table in ``data_dir`` and the references between them; raise DataError on any problem.
    A data version that passed the checks before (the same fingerprint in ``VALIDATED_FILE``) is not checked
    again."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError(f"{root}: the data directory does not exist.")
    catalogue = load_catalogue(root)
    for name in REQUIRED_TABLES:
        if table_source(root, name) is None:
            raise DataError(f"{root / CONTRACTS[name].file}: file is missing; the app needs the {name} table here.")
    store = Store(root)
    fingerprint = validation_fingerprint(root)
    if not _already_validated(root, fingerprint):
        _check(store, root, catalogue)
        _record_validated(root, fingerprint)

    def small(name: str) -> pd.DataFrame:
        return store.query(f"SELECT {', '.join(CONTRACTS[name].columns)} FROM {name} ORDER BY filename, file_row_number")

    references = small("indicator_values") if store.has("indicator_values") else empty_table(INDICATOR_VALUES)
    return DataBundle(small("org_units"), small("rai_national"), catalogue, root, store, references)


def _check(store: Store, root: Path, catalogue: Catalogue) -> None:
    """Every table against its contract, and the references between the tables."""
    for name in CONTRACTS:
        if store.has(name):
            validate_stored(store, CONTRACTS[name])

    fix_unit = "add it to org_units.parquet or correct the value"
    _unknown(store, "incidents", "unit_id", "SELECT unit_id FROM org_units", "unit", fix_unit)
    _unknown(store, "rescue_tasks", "station_unit_id", "SELECT unit_id FROM org_units", "unit", fix_unit)
    _unknown(store, "rai_results", "unit_id", "SELECT unit_id FROM org_units", "unit", fix_unit)
    for table in ("feedback", "success_reports", "own_values"):
        if store.has(table):
            _unknown(store, table, "unit_id", "SELECT unit_id FROM org_units", "unit", fix_unit)
    if store.has("ombudsman_contacts"):
        _unknown(store, "ombudsman_contacts", "toimiala",
                 "SELECT toimiala FROM org_units", "toimiala",
                 "use a toimiala of org_units.parquet, or leave it empty where it is not known")
    units_regions = {name: region_id(name) for name in store.query("SELECT DISTINCT county FROM org_units")["county"]}
    for table in ("incidents", "rescue_tasks", "rai_results", "feedback", "success_reports"):
        wrong = store.misplaced(table, {name: rid for name, rid in units_regions.items() if rid is not None})
        if len(wrong):
            first = wrong.iloc[0]
            raise DataError(f"{first['filename']}: rows {', '.join(str(r) for r in wrong['row'])} belong to "
                            f"{first['county']} (unit {first['unit']}) but lie in the files of region {first['region']}; "
                            f"move them to region={region_id(first['county'])} or correct the unit.")
    if store.has("own_values"):
        _check_own_values(store, root, catalogue)
    rai_ids = [i.id for i in catalogue.by_domain("rai")]
    shares = [i.id for i in catalogue.by_domain("rai") if i.kind == "share"]
    for table in ("rai_results", "rai_national"):
        _unknown(store, table, "indicator_id", "SELECT unnest(?::VARCHAR[])", "RAI indicator",
                 f"add it to {CATALOGUE_FILE} or correct the value", [rai_ids])
        over = store.query(f"SELECT filename, file_row_number + 1 AS row FROM {table} WHERE list_contains(?, "
                           "indicator_id) AND numerator > denominator ORDER BY filename, file_row_number LIMIT 5",
                           [shares])
        if len(over):
            source = over["filename"].iloc[0] if store.partitioned.get(table) else str(root / CONTRACTS[table].file)
            raise DataError(f"{source}: column 'numerator': numerator above denominator in rows "
                            f"{', '.join(str(r) for r in over['row'])} (a share cannot exceed 100 %).")


OWN_NEEDS = {
    "share": ("numerator IS NULL OR denominator IS NULL", "a share needs a numerator and a denominator"),
    "count": ("numerator IS NULL AND value IS NULL", "a count needs a numerator (the count) or a value"),
    "mean": ("value IS NULL AND (numerator IS NULL OR denominator IS NULL)",
             "a mean needs a numerator (the sum) and a denominator (n), or a value"),
    "value": ("value IS NULL", "a value indicator needs a value"),
}
"""Per kind of an own indicator: (SQL marking a row that lacks what the kind needs, the problem in words)."""


def _own_rows(store: Store, root: Path, where: str, params: list) -> tuple[str, str, int, pd.DataFrame]:
    """(the file, its rows as text, the count, the first five rows) of own_values rows matching ``where``."""
    found = store.query(f"SELECT filename, file_row_number + 1 AS row, indicator_id, period FROM own_values "
                        f"WHERE {where} ORDER BY filename, file_row_number LIMIT 5", params)
    count = int(store.value(f"SELECT count(*) FROM own_values WHERE {where}", params)) if len(found) else 0
    source = found["filename"].iloc[0] if len(found) and store.partitioned.get("own_values") else \
        str(root / CONTRACTS["own_values"].file)
    return source, ", ".join(str(r) for r in found["row"]), count, found


def _check_own_values(store: Store, root: Path, catalogue: Catalogue) -> None:
    """The values of own indicators: an own indicator of the catalogue (not one read from Sotkanet), a period
    written in the indicator's grain (each period one way), what the indicator's kind needs, and a share's
    numerator at most its denominator."""
    own = {i.id: i for i in catalogue.own_values_indicators()}
    _unknown(store, "own_values", "indicator_id", "SELECT unnest(?::VARCHAR[])", "own indicator",
             f"add it to {CATALOGUE_FILE} with domain = \"own\" (without a sotkanet_id) or correct the value",
             [list(own) or [""]])
    pairs = store.query("SELECT DISTINCT indicator_id, period FROM own_values")
    starts: dict[tuple[str, object], list[str]] = {}
    for indicator_id, period in zip(pairs["indicator_id"], pairs["period"]):
        grain = own[indicator_id].grain
        try:
            starts.setdefault((indicator_id, period_start(period, grain)), []).append(period)
        except DataError as exc:
            source, rows, count, _ = _own_rows(store, root, "indicator_id = ? AND period = ?", [indicator_id, period])
            raise DataError(f"{source}: column 'period': {count} row(s) of {indicator_id} have a period that is not "
                            f"a {grain.replace('_', '-')} (its grain in {CATALOGUE_FILE}), e.g. '{period}' (rows "
                            f"{rows}); {_shape(exc)}.") from None
    for (indicator_id, _), labels in starts.items():
        if len(labels) > 1:
            labels = sorted(labels)
            source, rows, count, _ = _own_rows(store, root, "indicator_id = ? AND list_contains(?, period)",
                                               [indicator_id, labels])
            raise DataError(f"{source}: column 'period': {indicator_id} writes the same period in {len(labels)} ways "
                            f"({', '.join(repr(label) for label in labels)}; rows {rows}); write it one way.")
    for kind, (lacking, problem) in OWN_NEEDS.items():
        ids = [i for i, ind in own.items() if ind.kind == kind]
        if not ids:
            continue
        source, rows, count, found = _own_rows(store, root, f"list_contains(?, indicator_id) AND ({lacking})", [ids])
        if count:
            raise DataError(f"{source}: {problem}: {count} row(s) of {found['indicator_id'].iloc[0]} lack it "
                            f"(rows {rows}); fill in the missing column or leave the row out.")
    shares = [i for i, ind in own.items() if ind.kind == "share"]
    if shares:
        source, rows, count, found = _own_rows(store, root, "list_contains(?, indicator_id) AND numerator > "
                                               "denominator", [shares])
        if count:
            raise DataError(f"{source}: column 'numerator': numerator above denominator in {count} row(s) of "
                            f"{found['indicator_id'].iloc[0]} (rows {rows}; a share cannot exceed 100 %).")


def _shape(exc: DataError) -> str:
    """The "write it as …" of a period's DataError."""
    text = str(exc).rstrip(".")
    return text[text.index("write it as"):] if "write it as" in text else text

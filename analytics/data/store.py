"""SQL over the data directory's parquet files (DuckDB): queries run where the data is, and pandas
sees only their (small) results.

A table is either one file (``incidents.parquet``, the county layout) or a directory of parquet files
partitioned by region (``incidents/region=975/part-0.parquet``, the national layout), each sorted by
date in row groups whose min/max statistics let a date filter skip the rest. Both are read the same
way; with the national layout a county filter opens only that county's file, and every query reads
only the columns it names.

    store = Store("data")
    store.query("SELECT category, count(*) AS n FROM incidents WHERE " + store.where(scope, "incidents"), params)

A Store is safe to share between threads (Streamlit sessions): every query runs on its own cursor.
"""
from __future__ import annotations

import atexit
import tempfile
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import duckdb
import pandas as pd

from analytics.core.errors import DataError
from analytics.core.regions import region_id
from analytics.core.scope import Scope

if TYPE_CHECKING:
    from analytics.data.bundle import DataBundle

TABLES = {"org_units": "unit_id", "incidents": "unit_id", "rescue_tasks": "station_unit_id",
          "rai_results": "unit_id", "rai_national": None, "indicator_values": None,
          "feedback": "unit_id", "success_reports": "unit_id", "ombudsman_contacts": None,
          "own_values": "unit_id"}
"""Each table and the column that ties its rows to a unit (None: not unit-level; ombudsman contacts name a
toimiala where it is known; an own indicator's value with an empty unit_id is the county's)."""
PARTITION = "region"
"""The partition column of the national layout: the Sotkanet region id of the county."""
BOOKKEEPING = ("filename", "file_row_number")
_OPEN: weakref.WeakSet[Store] = weakref.WeakSet()
"""Every Store whose connection is open, so that the process closes them all before it exits."""


def table_source(root: Path, table: str) -> tuple[list[str], bool] | None:
    """(the table's parquet files, partitioned?) in ``root``, or None when it is absent.

    The files are listed once here: a glob in the view would list the directory on every query.
    """
    single = root / f"{table}.parquet"
    folder = root / table
    parts = sorted(str(p) for p in folder.rglob("*.parquet")) if folder.is_dir() else []
    if parts:
        return parts, True
    if single.is_file():
        return [str(single)], False
    return None


class Store:
    """Read-only views over the parquet tables of ``data_dir``."""

    def __init__(self, data_dir: Path | str, memory_limit: str = "256MB", threads: int = 2):
        """``memory_limit``: DuckDB's working memory. The pages' queries need a few MB; the load-time
        duplicate-key check of 5 M report ids spills to a temporary directory above it instead of
        holding 400 MB, and memory goes back to the system after each query (measured: peak of
        loading the national data 675 → 440 MB, no slower)."""
        self.root = Path(data_dir)
        spill = Path(tempfile.gettempdir()) / "omavalvonta-duckdb"
        self._db = duckdb.connect(":memory:", config={"memory_limit": memory_limit, "threads": threads,
                                                      "temp_directory": str(spill)})
        self._db.execute("SET enable_object_cache = true")  # parquet metadata is read once, not per query
        self._db.execute("SET allocator_flush_threshold = '16MB'")
        self._lock = threading.Lock()
        self.partitioned: dict[str, bool] = {}
        for table in TABLES:
            found = table_source(self.root, table)
            if found is None:
                continue
            files, partitioned = found
            options = ", hive_partitioning = true" if partitioned else ""
            listed = "[" + ", ".join("'" + f.replace("'", "''") + "'" for f in files) + "]"
            try:
                self._db.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({listed}{options}, "
                                 "filename = true, file_row_number = true)")
                self._db.execute(f"SELECT * FROM {table} LIMIT 0")
            except duckdb.Error as exc:
                where = files[0] if len(files) == 1 else str(self.root / table)
                raise DataError(f"{where}: not a readable parquet file ({_first_line(exc)}).") from None
            self.partitioned[table] = partitioned
        _OPEN.add(self)

    def close(self) -> None:
        """Close the DuckDB connection and let go of it (a later query raises DataError). Called for every open
        Store when the process exits: a connection still referenced when the interpreter finalises makes
        DuckDB's bindings report it on stderr as leaked."""
        with self._lock:
            db, self._db = self._db, None
        if db is not None:
            db.close()
        _OPEN.discard(self)

    def has(self, table: str) -> bool:
        return table in self.partitioned

    def query(self, sql: str, params: Sequence | None = None) -> pd.DataFrame:
        """Run ``sql`` and return its result as a DataFrame."""
        with self._lock:
            if self._db is None:
                raise DataError(f"The data of {self.root} is closed (the process is stopping).")
            cursor = self._db.cursor()
        try:
            return cursor.execute(sql, list(params or [])).df()
        except duckdb.Error as exc:
            raise DataError(f"A query over {self.root} failed: {_first_line(exc)}") from None
        finally:
            cursor.close()

    def value(self, sql: str, params: Sequence | None = None):
        """The single value of a one-row, one-column query."""
        frame = self.query(sql, params)
        return frame.iat[0, 0] if len(frame) else None

    def columns(self, table: str) -> dict[str, str]:
        """The table's data columns and their DuckDB types (not the file and partition bookkeeping)."""
        skip = set(BOOKKEEPING)
        if self.partitioned.get(table):
            skip.add(PARTITION)
        frame = self.query(f"DESCRIBE {table}")
        return {r.column_name: r.column_type for r in frame.itertuples(index=False) if r.column_name not in skip}

    def where(self, scope: Scope, table: str, org_units: pd.DataFrame, column: str | None = None) -> tuple[str, list]:
        """A WHERE clause (and its parameters) keeping ``table``'s rows inside ``scope``.

        With the national layout the county's region prunes whole files; the units inside the scope
        are then one list parameter, joined as a set (a hash semi-join, not a scan of the list per row).
        """
        column = column or TABLES[table]
        if not (scope.county or scope.toimialat or scope.palvelualueet) or column is None:
            return "TRUE", []
        region = region_id(scope.county) if scope.county else None
        partitioned = self.partitioned.get(table) and region is not None
        if partitioned and not (scope.toimialat or scope.palvelualueet):
            # a whole county: its files hold its units' rows and no others (load_bundle checks this)
            return f"{PARTITION} = ?", [region]
        units = list(scope.units(org_units)["unit_id"])
        clause, params = f"{column} IN (SELECT unnest(?::VARCHAR[]))", [units]
        if partitioned:
            clause, params = f"{PARTITION} = ? AND {clause}", [region, *params]
        return clause, params

    def misplaced(self, table: str, county_regions: dict[str, int]) -> pd.DataFrame:
        """Rows of a partitioned table whose unit belongs to another county than its region's files:
        filename, row (1-based), unit, county, region (at most five). Empty when all are in place."""
        if not self.partitioned.get(table) or TABLES.get(table) is None:
            return pd.DataFrame(columns=["filename", "row", "unit", "county", "region"])
        column = TABLES[table]
        return self.query(
            f"SELECT t.filename, t.file_row_number + 1 AS row, t.{column} AS unit, o.county, t.{PARTITION} AS region "
            f"FROM {table} t JOIN org_units o ON o.unit_id = t.{column} "
            f"WHERE t.{PARTITION} IS DISTINCT FROM (?::INTEGER[])[list_position(?::VARCHAR[], o.county)] LIMIT 5",
            [list(county_regions.values()), list(county_regions)])


@dataclass(frozen=True)
class Scoped:
    """A table's rows inside a scope: the store and the WHERE clause that keeps them. Subclasses name
    the table (``TABLE``) and add the domain's queries."""

    TABLE: ClassVar[str] = ""
    store: Store
    clause: str
    params: tuple

    @classmethod
    def of(cls, bundle: DataBundle, scope: Scope):
        clause, params = bundle.store.where(scope, cls.TABLE, bundle.org_units)
        return cls(bundle.store, clause, tuple(params))

    def query(self, select: str, where: str = "TRUE", params: tuple = (), tail: str = "") -> pd.DataFrame:
        """``SELECT {select} FROM <TABLE> WHERE <scope> AND {where} {tail}``."""
        return self.store.query(f"SELECT {select} FROM {self.TABLE} WHERE {self.clause} AND ({where}) {tail}",
                                [*self.params, *params])


@atexit.register
def _close_all() -> None:
    for store in list(_OPEN):
        store.close()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0][:200]

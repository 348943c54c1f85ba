"""Load the whole data directory: validated tables, cross-table checks and derived columns."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analytics.catalogue import CATALOGUE_FILE, Catalogue, load_catalogue
from analytics.contracts import (
    CONTRACTS,
    INCIDENTS,
    INDICATOR_VALUES,
    ORG_UNITS,
    RAI_NATIONAL,
    RAI_RESULTS,
    RESCUE_TASKS,
    read_table,
)
from analytics.errors import DataError

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class DataBundle:
    """Every table of a data directory, validated.

    Derived columns: ``incidents.reaction_days`` (report → first handling, whole days; empty while
    unhandled) and ``rescue_tasks.response_minutes`` (alarm → first unit on scene, minutes).
    """

    org_units: pd.DataFrame
    incidents: pd.DataFrame
    rescue_tasks: pd.DataFrame
    rai_results: pd.DataFrame
    rai_national: pd.DataFrame
    catalogue: Catalogue
    data_dir: Path
    indicator_values: pd.DataFrame = field(default_factory=lambda: empty_table(INDICATOR_VALUES))
    """Reference values for regions (e.g. Sotkanet); empty when the optional file is absent."""


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
    """The files a bundle is read from (for cache keys: path and modification time)."""
    root = Path(data_dir)
    return [root / c.file for c in CONTRACTS.values()] + [root / CATALOGUE_FILE]


def data_signature(data_dir: Path | str) -> tuple[tuple[str, float, int], ...]:
    """Small, hashable fingerprint of the data files: changes whenever one is replaced."""
    out = []
    for path in data_files(data_dir):
        stat = path.stat() if path.exists() else None
        out.append((path.name, stat.st_mtime if stat else -1.0, stat.st_size if stat else -1))
    return tuple(out)


def _check_references(frame: pd.DataFrame, column: str, known: set[str], source: Path, what: str) -> None:
    unknown = ~frame[column].isin(known)
    if unknown.any():
        rows = [int(i) + 1 for i in frame.index[unknown]][:5]
        raise DataError(
            f"{source}: column '{column}': {unknown.sum()} row(s) refer to an unknown {what}, e.g. "
            f"'{frame.loc[unknown, column].iloc[0]}' (rows {', '.join(map(str, rows))}); add it to "
            f"{'org_units.parquet' if what == 'unit' else CATALOGUE_FILE} or correct the value."
        )


def load_bundle(data_dir: Path | str = DEFAULT_DATA_DIR) -> DataBundle:
    """Read, validate and cross-check every table in ``data_dir``; raise DataError on any problem."""
    root = Path(data_dir)
    if not root.is_dir():
        raise DataError(f"{root}: the data directory does not exist.")
    catalogue = load_catalogue(root)
    org = read_table(root, ORG_UNITS)
    incidents = read_table(root, INCIDENTS)
    rescue = read_table(root, RESCUE_TASKS)
    rai = read_table(root, RAI_RESULTS)
    national = read_table(root, RAI_NATIONAL)
    references = read_table(root, INDICATOR_VALUES) if (root / INDICATOR_VALUES.file).is_file() else empty_table(INDICATOR_VALUES)

    units = set(org["unit_id"])
    _check_references(incidents, "unit_id", units, root / INCIDENTS.file, "unit")
    _check_references(rescue, "station_unit_id", units, root / RESCUE_TASKS.file, "unit")
    _check_references(rai, "unit_id", units, root / RAI_RESULTS.file, "unit")
    rai_ids = {i.id for i in catalogue.by_domain("rai")}
    _check_references(rai, "indicator_id", rai_ids, root / RAI_RESULTS.file, "RAI indicator")
    _check_references(national, "indicator_id", rai_ids, root / RAI_NATIONAL.file, "RAI indicator")
    shares = {i.id for i in catalogue.by_domain("rai") if i.kind == "share"}
    for frame, contract in ((rai, RAI_RESULTS), (national, RAI_NATIONAL)):
        over = frame["indicator_id"].isin(shares) & (frame["numerator"] > frame["denominator"])
        if over.any():
            rows = [int(i) + 1 for i in frame.index[over]][:5]
            raise DataError(
                f"{root / contract.file}: column 'numerator': numerator above denominator in rows "
                f"{', '.join(map(str, rows))} (a share cannot exceed 100 %)."
            )

    incidents = incidents.assign(
        reaction_days=(incidents["first_handled_date"] - incidents["report_date"]).dt.days.astype("Float64")
    )
    rescue = rescue.assign(
        response_minutes=(rescue["arrival_time"] - rescue["alarm_time"]).dt.total_seconds() / 60.0
    )
    return DataBundle(org, incidents, rescue, rai, national, catalogue, root, references)

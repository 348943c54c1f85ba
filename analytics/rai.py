"""RAI quality indicators: county values per setting and half-year against the nation and the target.

A county value is the sum of the units' numerators over the sum of their denominators. For a share
it is shown as a percent (0–100); for a score (RUG cost weight) as the mean.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.catalogue import Catalogue, Indicator
from analytics.periods import HalfYear
from analytics.status import target_status


def available_half_years(rai: pd.DataFrame) -> list[HalfYear]:
    """Half-years present in a RAI table, oldest first."""
    pairs = rai[["year", "half"]].drop_duplicates().itertuples(index=False)
    return sorted(HalfYear(int(y), int(h)) for y, h in pairs)


def display_value(numerator: float, denominator: float, kind: str) -> float:
    """A percent (0–100) for a share, the mean for a score."""
    if not denominator:
        return float("nan")
    return numerator / denominator * (100.0 if kind == "share" else 1.0)


def display_decimals(ind: Indicator) -> int:
    return 2 if ind.kind == "score" else 1


def _sums(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.groupby(["indicator_id", "year", "half"], as_index=False)[["numerator", "denominator"]].sum()


def assessed_clients(rai: pd.DataFrame, setting: str, half: HalfYear) -> int:
    """Clients assessed in ``setting`` and ``half``: per unit the largest denominator, summed."""
    chosen = rai[(rai["setting"] == setting) & (rai["year"] == half.year) & (rai["half"] == half.half)]
    return int(chosen.groupby("unit_id")["denominator"].max().sum()) if len(chosen) else 0


@dataclass(frozen=True)
class RaiTable:
    """The review table of one setting.

    ``rows`` columns: indicator_id, national (value of the newest half-year shown), target, one
    value column per half-year label (newest first), status (of the newest against the target).
    ``n`` maps half-year label → assessed clients in the county; ``national_n`` those in the country.
    """

    setting: str
    half_years: tuple[HalfYear, ...]
    n: dict[str, int]
    national_n: int
    rows: pd.DataFrame


def rai_table(
    rai: pd.DataFrame, national: pd.DataFrame, catalogue: Catalogue, setting: str, half_years: list[HalfYear]
) -> RaiTable:
    """Indicator values of ``setting`` for ``half_years`` (newest first) from unit rows in ``rai``."""
    county = _sums(rai[rai["setting"] == setting])
    nation = national[national["setting"] == setting]
    newest = half_years[0] if half_years else None
    rows = []
    for ind in catalogue.by_domain("rai", setting):
        row: dict = {"indicator_id": ind.id}
        for half in half_years:
            hit = county[(county["indicator_id"] == ind.id) & (county["year"] == half.year) & (county["half"] == half.half)]
            row[half.label] = (
                display_value(hit["numerator"].iloc[0], hit["denominator"].iloc[0], ind.kind) if len(hit) else float("nan")
            )
        nat = nation[(nation["indicator_id"] == ind.id) & (nation["year"] == getattr(newest, "year", -1))
                     & (nation["half"] == getattr(newest, "half", -1))]
        row["national"] = (
            display_value(nat["numerator"].iloc[0], nat["denominator"].iloc[0], ind.kind) if len(nat) else float("nan")
        )
        row["target"] = ind.target.value if ind.target else float("nan")
        value = row[newest.label] if newest else float("nan")
        row["status"] = target_status(value, ind.target.value if ind.target else None, ind.better, display_decimals(ind))
        rows.append(row)
    national_n = 0
    if newest is not None:
        chosen = nation[(nation["year"] == newest.year) & (nation["half"] == newest.half)]
        national_n = int(chosen["denominator"].max()) if len(chosen) else 0
    columns = ["indicator_id", "national", "target", *[h.label for h in half_years], "status"]
    return RaiTable(
        setting,
        tuple(half_years),
        {h.label: assessed_clients(rai, setting, h) for h in half_years},
        national_n,
        pd.DataFrame(rows, columns=columns),
    )


def series(rai: pd.DataFrame, national: pd.DataFrame, catalogue: Catalogue, setting: str) -> pd.DataFrame:
    """Every indicator of ``setting`` over all half-years: county and national values.

    Columns: indicator_id, year, half, period (label), county, national, target.
    """
    county = _sums(rai[rai["setting"] == setting])
    nation = _sums(national[national["setting"] == setting]).rename(
        columns={"numerator": "nat_num", "denominator": "nat_den"}
    )
    merged = county.merge(nation, on=["indicator_id", "year", "half"], how="outer")
    kinds = {i.id: i.kind for i in catalogue.by_domain("rai", setting)}
    targets = {i.id: (i.target.value if i.target else float("nan")) for i in catalogue.by_domain("rai", setting)}
    merged = merged[merged["indicator_id"].isin(list(kinds))]
    merged["county"] = [display_value(n, d, kinds[i]) for n, d, i in zip(merged["numerator"], merged["denominator"], merged["indicator_id"])]
    merged["national"] = [display_value(n, d, kinds[i]) for n, d, i in zip(merged["nat_num"], merged["nat_den"], merged["indicator_id"])]
    merged["target"] = merged["indicator_id"].map(targets)
    merged["period"] = [HalfYear(int(y), int(h)).label for y, h in zip(merged["year"], merged["half"])]
    return merged.sort_values(["indicator_id", "year", "half"])[
        ["indicator_id", "year", "half", "period", "county", "national", "target"]
    ].reset_index(drop=True)

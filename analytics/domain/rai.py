"""RAI quality indicators: county values per setting and half-year against the nation and the target.

A county value is the sum of the units' numerators over the sum of their denominators. For a share
it is shown as a percent (0–100); for a score (RUG cost weight) as the mean. As text (``8,0 %``, ``1,03``):
analytics.text.catalogue.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import HalfYear
from analytics.data.catalogue import SETTINGS, Catalogue, Indicator
from analytics.data.store import Scoped
from analytics.domain.privacy import enough, share_hidden
from analytics.domain.status import NO_DATA, NO_TARGET, target_status


def available_half_years(rai: pd.DataFrame) -> list[HalfYear]:
    """Half-years present in a RAI frame (e.g. the national values), oldest first."""
    pairs = rai[["year", "half"]].drop_duplicates().itertuples(index=False)
    return sorted(HalfYear(int(y), int(h)) for y, h in pairs)


class Results(Scoped):
    """The unit-level RAI results inside a scope (SQL over the store)."""

    TABLE = "rai_results"

    def half_years(self, setting: str | None = None) -> list[HalfYear]:
        """Half-years with results (of ``setting``), oldest first."""
        frame = self.query("DISTINCT year, half", "? IS NULL OR setting = ?", (setting, setting))
        return available_half_years(frame)

    def settings(self) -> list[str]:
        present = set(self.query("DISTINCT setting")["setting"])
        return [s for s in SETTINGS if s in present]

    def sums(self, setting: str) -> pd.DataFrame:
        """Numerators and denominators summed per indicator and half-year (columns as ``sums``)."""
        return self.query("indicator_id, year, half, sum(numerator) AS numerator, sum(denominator) AS denominator",
                          "setting = ?", (setting,), "GROUP BY ALL ORDER BY indicator_id, year, half")

    def assessed(self, setting: str) -> dict[HalfYear, int]:
        """Clients assessed per half-year: per unit the largest denominator, summed."""
        frame = self.store.query(
            "SELECT year, half, sum(largest) AS n FROM (SELECT year, half, unit_id, max(denominator) AS largest "
            f"FROM rai_results WHERE {self.clause} AND setting = ? GROUP BY ALL) GROUP BY ALL",
            [*self.params, setting])
        return {HalfYear(int(r.year), int(r.half)): int(r.n) for r in frame.itertuples(index=False)}

    def rows(self, setting: str, half: HalfYear) -> pd.DataFrame:
        """The unit rows of one setting and half-year: unit_id, indicator_id, numerator, denominator."""
        return self.query("unit_id, indicator_id, numerator, denominator", "setting = ? AND year = ? AND half = ?",
                          (setting, half.year, half.half), "ORDER BY unit_id, indicator_id")


def display_value(numerator: float, denominator: float, kind: str) -> float:
    """A percent (0–100) for a share, the mean for a score."""
    if not denominator:
        return float("nan")
    return numerator / denominator * (100.0 if kind == "share" else 1.0)


def display_decimals(ind: Indicator) -> int:
    return 2 if ind.kind == "score" else 1


def sums(frame: pd.DataFrame) -> pd.DataFrame:
    """Numerators and denominators summed per indicator and half-year."""
    return frame.groupby(["indicator_id", "year", "half"], as_index=False)[["numerator", "denominator"]].sum()


_Sums = dict[tuple[str, int, int], dict]


def _by_key(frame: pd.DataFrame) -> _Sums:
    """A sums() table as {(indicator_id, year, half): {"numerator", "denominator"}} (first row of a key wins)."""
    keyed: _Sums = {}
    for ind, year, half, num, den in zip(frame["indicator_id"], frame["year"], frame["half"], frame["numerator"],
                                         frame["denominator"]):
        keyed.setdefault((ind, int(year), int(half)), {"numerator": num, "denominator": den})
    return keyed


def _pick(keyed: _Sums, indicator_id: str, half: HalfYear) -> dict | None:
    return keyed.get((indicator_id, half.year, half.half))


def _value(row: dict | None, ind: Indicator, apply_rule: bool, hidden: bool = False) -> float:
    if row is None or not row["denominator"] or hidden:
        return math.nan
    if apply_rule and share_hidden(row["numerator"], row["denominator"], ind.kind):
        return math.nan
    return display_value(row["numerator"], row["denominator"], ind.kind)


def indicator_values(totals: pd.DataFrame, national: pd.DataFrame, indicators: list[Indicator],
                     half_years: list[HalfYear], apply_rule: bool = False,
                     hidden: Callable[[str, HalfYear], bool] | None = None) -> pd.DataFrame:
    """Per indicator: its value in each of ``half_years`` (newest first; one column per label), the
    national value and the target of the newest, its status and how far it is from the target.

    ``totals`` and ``national`` are ``sums()`` tables. ``apply_rule``: hide values that THL's
    small-number rule hides (for a filtered group; the county total stays exact). ``hidden(indicator_id,
    half)``: the disclosure decision's verdict for the filtered group (analytics.domain.disclosure), used instead.
    Columns: indicator_id, national, target, <half-year labels>, status, gap (shown value − target,
    positive on the worse side), numerator, denominator (of the newest half-year; missing when hidden).
    """
    newest = half_years[0] if half_years else None
    totals, national = _by_key(totals), _by_key(national)
    rows = []
    for ind in indicators:
        row: dict = {"indicator_id": ind.id}
        for half in half_years:
            row[half.label] = _value(_pick(totals, ind.id, half), ind, apply_rule and hidden is None,
                                     bool(hidden and hidden(ind.id, half)))
        row["national"] = _value(_pick(national, ind.id, newest), ind, False) if newest else math.nan
        target = ind.target.value if ind.target else math.nan
        value = row[newest.label] if newest else math.nan
        decimals = display_decimals(ind)
        row["target"] = target
        row["status"] = target_status(value, ind.target.value if ind.target else None, ind.better, decimals)
        shown = round(value, decimals) if value == value else math.nan
        row["gap"] = (math.nan if row["status"] in (NO_DATA, NO_TARGET)
                      else shown - target if ind.better == "lower" else target - shown)
        now = _pick(totals, ind.id, newest) if newest else None
        visible = now is not None and value == value
        row["numerator"] = float(now["numerator"]) if visible else math.nan
        row["denominator"] = float(now["denominator"]) if visible else math.nan
        rows.append(row)
    columns = ["indicator_id", "national", "target", *[h.label for h in half_years], "status", "gap",
               "numerator", "denominator"]
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class RaiTable:
    """The review table of one setting.

    ``rows``: as ``indicator_values`` (one value column per half-year label, newest first).
    ``n`` maps half-year label → assessed clients in the county; ``national_n`` those in the country.
    """

    setting: str
    half_years: tuple[HalfYear, ...]
    n: dict[str, int]
    national_n: int
    rows: pd.DataFrame


def rai_table(results: Results, national: pd.DataFrame, catalogue: Catalogue, setting: str,
              half_years: list[HalfYear], apply_rule: bool = False, hidden: Callable[[str, HalfYear], bool] | None = None,
              n_hidden: Callable[[HalfYear], bool] | None = None) -> RaiTable:
    """Indicator values of ``setting`` for ``half_years`` (newest first) from the unit results in scope.

    ``hidden`` / ``n_hidden``: the disclosure decision for a filtered group (a hidden n is 0)."""
    nation = national[national["setting"] == setting]
    rows = indicator_values(results.sums(setting), sums(nation), catalogue.by_domain("rai", setting), half_years,
                            apply_rule, hidden)
    national_n = 0
    if half_years:
        newest = half_years[0]
        chosen = nation[(nation["year"] == newest.year) & (nation["half"] == newest.half)]
        national_n = int(chosen["denominator"].max()) if len(chosen) else 0
    assessed = results.assessed(setting)
    n = {h.label: assessed.get(h, 0) for h in half_years}
    if n_hidden is not None:
        n = {h.label: (0 if n_hidden(h) else n[h.label]) for h in half_years}
    elif apply_rule:  # a filtered group's number of clients is a small number too
        n = {label: (count if enough(count) else 0) for label, count in n.items()}
    return RaiTable(setting, tuple(half_years), n, national_n, rows)

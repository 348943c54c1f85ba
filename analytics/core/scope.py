"""The global filters: county, toimiala and palvelualue, applied to any table with a unit column."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Scope:
    """Which part of the organisation a view covers. Empty tuples mean "all"."""

    county: str | None = None
    toimialat: tuple[str, ...] = ()
    palvelualueet: tuple[str, ...] = ()

    def units(self, org_units: pd.DataFrame) -> pd.DataFrame:
        """The org-unit rows inside the scope."""
        mask = pd.Series(True, index=org_units.index)
        if self.county:
            mask &= org_units["county"] == self.county
        if self.toimialat:
            mask &= org_units["toimiala"].isin(self.toimialat)
        if self.palvelualueet:
            mask &= org_units["palvelualue"].isin(self.palvelualueet)
        return org_units[mask]

    def apply(self, frame: pd.DataFrame, org_units: pd.DataFrame, unit_column: str = "unit_id") -> pd.DataFrame:
        """The rows of ``frame`` whose unit is inside the scope."""
        if not (self.county or self.toimialat or self.palvelualueet):
            return frame
        return frame[frame[unit_column].isin(self.units(org_units)["unit_id"])]


@dataclass(frozen=True)
class FilterOptions:
    """The values each filter can take, cascading county → toimiala → palvelualue."""

    counties: tuple[str, ...]
    toimialat: tuple[str, ...]
    palvelualueet: tuple[str, ...]


def filter_options(org_units: pd.DataFrame, county: str | None = None, toimialat: tuple[str, ...] = ()) -> FilterOptions:
    """The choices, read from the data (never hard-coded), in data order."""
    counties = tuple(pd.unique(org_units["county"]))
    in_county = org_units if county is None else org_units[org_units["county"] == county]
    divisions = tuple(pd.unique(in_county["toimiala"]))
    in_division = in_county if not toimialat else in_county[in_county["toimiala"].isin(toimialat)]
    return FilterOptions(counties, divisions, tuple(pd.unique(in_division["palvelualue"])))

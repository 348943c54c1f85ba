"""Sotkanet regions: the wellbeing services counties (and Helsinki) by their new and old Sotkanet ids,
and 658 = the whole country. The national data layout partitions tables by a county's region id."""
from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REGIONS_FILE = Path(__file__).with_name("sotkanet_regions.csv")
WHOLE_COUNTRY = 658


@cache
def regions() -> dict[int, tuple[str, str]]:
    """Sotkanet region id → (name, category) for the counties (new and old ids) and the whole country."""
    out = {WHOLE_COUNTRY: ("Koko maa", "MAA")}
    with open(REGIONS_FILE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for column in ("uusi_id", "vanha_id"):
                if row.get(column):
                    out[int(row[column])] = (row["nimi"], "HYVINVOINTIALUE")
    return out


@cache
def region_id(county_name: str) -> int | None:
    """The current Sotkanet id of a county by its name (e.g. Päijät-Hämeen hyvinvointialue → 975)."""
    with open(REGIONS_FILE, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["nimi"] == county_name and row.get("uusi_id"):
                return int(row["uusi_id"])
    return None


@cache
def counties() -> dict[str, int]:
    """County name → current Sotkanet id, for the 21 counties and Helsinki (not Åland)."""
    with open(REGIONS_FILE, encoding="utf-8") as handle:
        return {row["nimi"]: int(row["uusi_id"]) for row in csv.DictReader(handle)
                if row.get("uusi_id") and row["nimi"] != "Ahvenanmaa"}

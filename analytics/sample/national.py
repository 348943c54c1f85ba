"""Deterministic synthetic data for all 22 areas (21 wellbeing services counties and Helsinki),
1/2015–12/2024: about 5 million incident reports, 1 million urgent rescue tasks and 1 million RAI
unit rows, for benchmarking between counties and for measuring the app at national scale.

Layout (the same tables and columns as the county sample; the large ones partitioned so that a
county's query opens only that county's files):

    org_units.parquet, rai_national.parquet, indicators.toml, dataset.toml
    incidents/region=<Sotkanet id>/part-0.parquet      sorted by report date
    rescue_tasks/region=<Sotkanet id>/part-0.parquet   sorted by alarm time
    rai_results/region=<Sotkanet id>/part-0.parquet    sorted by year and half

Within a file, row groups of ROW_GROUP rows carry min/max statistics, so a query for a few months
reads only the row groups that hold them (one file per county and year would open ten times as
many files for the same query).

Päijät-Häme's rows for 2021–2024 are the county sample's, row for row, so its published figures
(DOMAIN §3–§5) hold here too; the national RAI values are the county sample's (DOMAIN §4 for 2023),
extended back to 2015. The other counties are drawn around those levels, scaled by population, with
their own reporting culture, response times and RAI results. ``size`` scales the volume of every
county but Päijät-Häme (tests use a small fraction).
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analytics.core.regions import counties
from analytics.data.bundle import DEFAULT_DATA_DIR
from analytics.data.catalogue import CATALOGUE_FILE
from analytics.data.contracts import CATEGORIES, CONTRACTS
from analytics.sample import county
from analytics.sample.county import (
    CATEGORY_GROWTH,
    CATEGORY_LEVEL_2021,
    CLASS_MEDIAN_MIN,
    COUNTY,
    DATASET_FILE,
    DEFAULT_SEED,
    EXTRACT_DATE,
    IKU,
    MEDICATION_BREAK,
    MONTH_SEASON,
    OTHER_EVENT_TYPES,
    OTHER_THEMES,
    PATIENT_EVENT_TYPES,
    PESO,
    RAI_NATIONAL_N,
    RAI_PUBLISHED,
    RAI_SCORES,
    RESCUE,
    TASK_TYPES,
    TESA,
)

FIRST_YEAR, LAST_YEAR = 2015, 2024
CALIBRATED_FROM = 2021
"""Päijät-Häme's rows from this year on are the county sample's."""
PH_POPULATION = 205_000
SORT = {"incidents": ["report_date"], "rescue_tasks": ["alarm_time"], "rai_results": ["year", "half"]}
"""The large tables, partitioned by region, and the order of the rows in a file."""
ROW_GROUP = 32_768

# name → (unit id prefix, population 2023, urbanity 0–1, municipalities largest first)
AREAS: dict[str, tuple[str, int, float, tuple[str, ...]]] = {
    "Päijät-Hämeen hyvinvointialue": ("PH", 205_000, 0.5, tuple(county.MUNICIPALITY_POPULATION)),
    "Helsingin kaupunki": ("HKI", 664_000, 0.95, ("Helsinki",)),
    "Vantaan ja Keravan hyvinvointialue": ("VAKE", 281_000, 0.85, ("Vantaa", "Kerava")),
    "Länsi-Uudenmaan hyvinvointialue": ("LU", 486_000, 0.75, (
        "Espoo", "Lohja", "Kirkkonummi", "Vihti", "Raasepori", "Kauniainen", "Siuntio", "Karkkila", "Hanko", "Inkoo")),
    "Keski-Uudenmaan hyvinvointialue": ("KU", 201_000, 0.55, (
        "Hyvinkää", "Nurmijärvi", "Järvenpää", "Tuusula", "Mäntsälä", "Pornainen")),
    "Itä-Uudenmaan hyvinvointialue": ("IU", 99_000, 0.4, (
        "Porvoo", "Sipoo", "Loviisa", "Askola", "Pukkila", "Myrskylä", "Lapinjärvi")),
    "Varsinais-Suomen hyvinvointialue": ("VS", 490_000, 0.6, (
        "Turku", "Salo", "Kaarina", "Raisio", "Lieto", "Naantali", "Uusikaupunki", "Parainen", "Loimaa", "Somero")),
    "Satakunnan hyvinvointialue": ("SATA", 213_000, 0.45, (
        "Pori", "Rauma", "Ulvila", "Kankaanpää", "Eura", "Huittinen", "Harjavalta")),
    "Kanta-Hämeen hyvinvointialue": ("KH", 170_000, 0.45, (
        "Hämeenlinna", "Riihimäki", "Forssa", "Janakkala", "Hattula", "Loppi", "Hausjärvi")),
    "Pirkanmaan hyvinvointialue": ("PIR", 530_000, 0.65, (
        "Tampere", "Nokia", "Ylöjärvi", "Kangasala", "Lempäälä", "Pirkkala", "Sastamala", "Valkeakoski",
        "Mänttä-Vilppula", "Orivesi")),
    "Kymenlaakson hyvinvointialue": ("KYM", 161_000, 0.45, (
        "Kouvola", "Kotka", "Hamina", "Pyhtää", "Virolahti", "Miehikkälä")),
    "Etelä-Karjalan hyvinvointialue": ("EK", 126_000, 0.45, (
        "Lappeenranta", "Imatra", "Ruokolahti", "Luumäki", "Parikkala", "Taipalsaari", "Lemi", "Savitaipale")),
    "Etelä-Savon hyvinvointialue": ("ES", 130_000, 0.3, (
        "Mikkeli", "Savonlinna", "Pieksämäki", "Mäntyharju", "Juva", "Kangasniemi")),
    "Pohjois-Savon hyvinvointialue": ("PS", 248_000, 0.45, (
        "Kuopio", "Iisalmi", "Varkaus", "Siilinjärvi", "Leppävirta", "Suonenjoki")),
    "Pohjois-Karjalan hyvinvointialue": ("PK", 163_000, 0.35, (
        "Joensuu", "Kontiolahti", "Liperi", "Kitee", "Lieksa", "Nurmes", "Outokumpu")),
    "Keski-Suomen hyvinvointialue": ("KS", 275_000, 0.45, (
        "Jyväskylä", "Jämsä", "Äänekoski", "Laukaa", "Muurame", "Keuruu", "Saarijärvi")),
    "Etelä-Pohjanmaan hyvinvointialue": ("EP", 190_000, 0.3, (
        "Seinäjoki", "Kauhava", "Lapua", "Kurikka", "Ilmajoki", "Kauhajoki", "Alajärvi")),
    "Pohjanmaan hyvinvointialue": ("POH", 176_000, 0.4, (
        "Vaasa", "Mustasaari", "Pietarsaari", "Närpiö", "Uusikaarlepyy", "Kristiinankaupunki")),
    "Keski-Pohjanmaan hyvinvointialue": ("KP", 68_000, 0.3, (
        "Kokkola", "Kannus", "Kaustinen", "Toholampi", "Veteli", "Perho")),
    "Pohjois-Pohjanmaan hyvinvointialue": ("PP", 415_000, 0.5, (
        "Oulu", "Raahe", "Kempele", "Ylivieska", "Kuusamo", "Nivala", "Haapajärvi", "Liminka")),
    "Kainuun hyvinvointialue": ("KAI", 71_000, 0.25, ("Kajaani", "Sotkamo", "Kuhmo", "Suomussalmi", "Paltamo")),
    "Lapin hyvinvointialue": ("LAP", 177_000, 0.3, (
        "Rovaniemi", "Tornio", "Kemi", "Sodankylä", "Kemijärvi", "Inari", "Kittilä")),
}
NATIONAL_POPULATION = sum(a[1] for a in AREAS.values())

# palvelualue → (toimiala, units per 100 000 inhabitants, unit name patterns)
SERVICE_AREAS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "Kuntoutus": (IKU, 2.0, ("Kuntoutusosasto", "Kotikuntoutus")),
    "Lapsiperheiden palvelut": (PESO, 2.0, ("Lastensuojelun avohuolto", "Perhetyö", "Lastenkoti")),
    "Aikuissosiaalityö ja vammaispalvelut": (PESO, 2.0, ("Aikuissosiaalityö", "Vammaispalvelujen asumisyksikkö",
                                                         "Päihde- ja mielenterveyspalvelut")),
    "Akuuttihoito ja päivystys": (TESA, 1.5, ("Päivystys", "Ensihoito", "Akuuttiosasto")),
    "Sairaalapalvelut": (TESA, 3.0, ("Sisätautien osasto", "Kirurginen osasto", "Psykiatrinen osasto",
                                     "Leikkausosasto", "Synnytysosasto")),
    "Perusterveydenhuolto": (TESA, 2.5, ("Terveysasema", "Suun terveydenhuolto")),
}
HOUSING_NAMES = ("Koivula", "Mäntylä", "Kotiranta", "Päivölä", "Lehtola", "Kuusikko", "Rinteenpää", "Harjula",
                 "Ainola", "Vanamo", "Kielo", "Pihlajisto", "Tammela", "Onnela", "Kaisla", "Vuokko")
KOTIHOITO_CLIENTS, HOUSING_RESIDENTS = 22, 14
"""Assessed clients per home care team and per housing unit (sets the number of RAI units)."""
VOLUME = 1.3
"""Incident reports per inhabitant relative to Päijät-Häme's 2021 level (reporting grew nationally)."""
RESCUE_MONTHLY_PH = sum(county.CLASS_MONTHLY.values())
RESCUE_VOLUME = 1.15
"""Urgent tasks per inhabitant relative to Päijät-Häme (the capital region and Lapland run more)."""
CLASS_MIX_URBAN, CLASS_MIX_RURAL = np.array([0.7, 0.22, 0.06, 0.02]), np.array([0.15, 0.25, 0.45, 0.15])


@dataclass(frozen=True)
class Area:
    name: str
    prefix: str
    region: int
    scale: float            # volume relative to Päijät-Häme
    urbanity: float
    municipalities: tuple[str, ...]


def areas(size: float = 1.0) -> list[Area]:
    """The 22 areas, Päijät-Häme first (the app's default county), then by population."""
    ids = counties()
    out = []
    for name, (prefix, population, urbanity, municipalities) in AREAS.items():
        scale = population / PH_POPULATION * (1.0 if prefix == "PH" else size)
        out.append(Area(name, prefix, ids[name], scale, urbanity, municipalities))
    return out


def _municipality_weights(area: Area) -> np.ndarray:
    weights = 1.0 / np.arange(1, len(area.municipalities) + 1) ** 1.3
    return weights / weights.sum()


# --------------------------------------------------------------------------------------- organisation
def build_org(area: Area, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series]:
    """(org units, their size weights) of a county other than Päijät-Häme."""
    rows: list[tuple[str, str, str, str, float]] = []  # toimiala, palvelualue, name, municipality, weight
    munis, mweights = area.municipalities, _municipality_weights(area)
    kotihoito_n = RAI_NATIONAL_N["kotihoito"] * area.scale * PH_POPULATION / NATIONAL_POPULATION
    housing_n = RAI_NATIONAL_N["asumispalvelut"] * area.scale * PH_POPULATION / NATIONAL_POPULATION
    for count, pattern in ((kotihoito_n / KOTIHOITO_CLIENTS, "kotihoito"), (housing_n / HOUSING_RESIDENTS, "housing")):
        towns = rng.choice(len(munis), size=max(2, round(count)), p=mweights)
        seen: dict[str, int] = {}
        for town in np.sort(towns):
            muni = munis[town]
            seen[muni] = seen.get(muni, 0) + 1
            if pattern == "kotihoito":
                rows.append((IKU, "Kotihoito", f"{muni} kotihoito, tiimi {seen[muni]}", muni, 1.0))
            else:
                home = HOUSING_NAMES[(seen[muni] - 1) % len(HOUSING_NAMES)]
                rows.append((IKU, "Asumispalvelut", f"Hoivakoti {home} {seen[muni]} ({muni})", muni, 1.0))
    for palvelualue, (toimiala, per_100k, names) in SERVICE_AREAS.items():
        for k in range(max(2, round(per_100k * area.scale * PH_POPULATION / 100_000))):
            muni = munis[0] if k < 3 or len(munis) == 1 else munis[1 + k % (len(munis) - 1)]
            rows.append((toimiala, palvelualue, f"{names[k % len(names)]} {k + 1}, {muni}", muni, 1.0 + rng.gamma(2, 0.3)))
    for muni, w in zip(munis, mweights):
        stations = max(1, round(w * area.scale * 3))
        for k in range(stations):
            name = f"{muni} paloasema" if stations == 1 else f"{muni} paloasema {k + 1}"
            rows.append((RESCUE, "Pelastustoiminta", name, muni, 1.0))
    frame = pd.DataFrame(rows, columns=["toimiala", "palvelualue", "unit_name", "municipality", "weight"])
    abbrev = {IKU: "IKU", PESO: "PESO", TESA: "TESA", RESCUE: "PEL"}
    area_index = {name: i for i, name in enumerate(pd.unique(frame["palvelualue"]), start=1)}
    frame["unit_id"] = [f"{area.prefix}-{abbrev[d]}-{area_index[a]:02d}-{k:04d}" for k, (d, a) in
                        enumerate(zip(frame["toimiala"], frame["palvelualue"]), start=1)]
    frame["county"] = area.name
    return frame[list(CONTRACTS["org_units"].columns)], frame["weight"]


def _ph_org() -> tuple[pd.DataFrame, pd.Series]:
    org = county.build_org_units()
    weights = {name: w for _, _, units in county.ORGANISATION for name, _, w in units}
    return org, org["unit_name"].map(weights)


# ------------------------------------------------------------------------------------------- incidents
def _months(first: int, last: int) -> pd.DatetimeIndex:
    return pd.date_range(pd.Timestamp(first, 1, 1), pd.Timestamp(last, 12, 1), freq="MS")


def _pool(org: pd.DataFrame, weights: pd.Series, divisions: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    chosen = org["toimiala"].isin(divisions).to_numpy()
    w = weights.to_numpy(dtype=float)[chosen]
    return org["unit_id"].to_numpy()[chosen], w / w.sum()


def build_incidents(area: Area, org: pd.DataFrame, weights: pd.Series, rng: np.random.Generator,
                    first: int, last: int) -> pd.DataFrame:
    """One row per report of ``area``, years ``first``–``last``."""
    months = _months(first, last)
    t = ((months.year - 2021) + (months.month - 1) / 12).to_numpy()  # years since 1/2021
    culture = 1.0 if area.prefix == "PH" else rng.uniform(0.6, 1.45)
    drift = 0.0 if area.prefix == "PH" else rng.normal(0, 0.03)
    volume = area.scale * culture * (1.0 if area.prefix == "PH" else VOLUME)
    counts, cats = [], []
    for c, category in enumerate(CATEGORIES):
        level = CATEGORY_LEVEL_2021[category] * volume * (1 + CATEGORY_GROWTH[category] + drift) ** t
        n = rng.poisson(level * MONTH_SEASON[months.month - 1] * rng.normal(1, 0.03, len(months)).clip(0.9, 1.1))
        counts.append(n)
        cats.append(np.full(len(months), c))
    counts, cats = np.concatenate(counts), np.concatenate(cats)
    month_index = np.tile(np.arange(len(months)), len(CATEGORIES))
    row_month = np.repeat(month_index, counts)
    category = np.repeat(cats, counts)
    n = len(row_month)
    starts = months.to_numpy()[row_month]
    days = rng.integers(0, months.days_in_month.to_numpy()[row_month])
    report_date = starts + days.astype("timedelta64[D]")
    lag = np.minimum(rng.geometric(0.45, n) - 1, 30)
    event_date = report_date - lag.astype("timedelta64[D]")
    years = t[row_month]

    sote = (IKU, PESO, TESA)
    pools = {0: _pool(org, weights, sote), 1: _pool(org, weights, (*sote, RESCUE)), 2: _pool(org, weights, (*sote, RESCUE)),
             3: _pool(org, weights, sote), 4: _pool(org, weights, (IKU, PESO))}
    unit = np.empty(n, dtype=object)
    event_type = np.empty(n, dtype=object)
    kind = np.empty(n, dtype=object)
    reporter = np.full(n, "staff", dtype=object)
    action = np.zeros(n, dtype=bool)
    base_types = np.array(list(county.EVENT_TYPE_COUNTS_REVIEW.values()), dtype=float)
    near_shift = 0.0 if area.prefix == "PH" else rng.normal(0, 0.04)
    for c, category_name in enumerate(CATEGORIES):
        rows = np.where(category == c)[0]
        ids, p = pools[c]
        unit[rows] = ids[rng.choice(len(ids), size=len(rows), p=p)]
        u = rng.random(len(rows))
        if category_name == "patient_safety":
            near = np.clip(0.29 + near_shift + 0.012 * years[rows], 0.1, 0.6)
            obs = np.clip(0.055 + 0.004 * years[rows], 0.02, 0.2)
            kind[rows] = np.where(u < near, "near_miss", np.where(u < near + obs, "observation", "harm"))
            p_types = base_types * rng.uniform(0.8, 1.2, len(base_types))
            event_type[rows] = np.array(PATIENT_EVENT_TYPES, dtype=object)[
                rng.choice(len(base_types), size=len(rows), p=p_types / p_types.sum())]
            reporter[rows] = np.where(rng.random(len(rows)) < np.clip(0.0035 + 0.0022 * years[rows], 0.001, None),
                                      "client", "staff")
            action[rows] = rng.random(len(rows)) < np.clip(0.02 + 0.007 * years[rows], 0.005, None)
        else:
            kind[rows] = np.where(u < 0.3, "near_miss", np.where(u < 0.38, "observation", "harm"))
            types, p_types = OTHER_EVENT_TYPES[category_name]
            event_type[rows] = np.array(types, dtype=object)[rng.choice(len(types), size=len(rows), p=p_types)]
            action[rows] = rng.random(len(rows)) < 0.03
    harm = np.array(["none", "mild", "moderate", "severe"], dtype=object)[
        rng.choice(4, size=n, p=[0.32, 0.48, 0.17, 0.03])]
    theme = np.where(rng.random(n) < 0.55, "procedures", np.array(OTHER_THEMES, dtype=object)[rng.integers(0, 3, n)])
    speed = 1.0 if area.prefix == "PH" else rng.uniform(0.7, 1.5)
    median = np.clip((20.0 - 2.4 * years) * speed, 3, None)
    reaction = np.round(np.exp(np.log(median) + rng.normal(0, 0.75, n)) - 1).clip(0, 400)
    handled = report_date + reaction.astype("timedelta64[D]")
    order = np.lexsort((category, report_date))
    frame = pd.DataFrame({
        "event_date": event_date, "report_date": report_date,
        "first_handled_date": np.where(handled <= EXTRACT_DATE.to_datetime64(), handled, np.datetime64("NaT")),
        "unit_id": unit, "category": np.array(CATEGORIES, dtype=object)[category], "event_kind": kind,
        "event_type": event_type, "harm_level": np.where(kind == "harm", harm, "none"), "reporter": reporter,
        "development_action": action, "development_theme": np.where(action, theme, None),
    }).iloc[order].reset_index(drop=True)
    year = frame["report_date"].dt.year.to_numpy()
    seq = np.arange(1, n + 1)
    frame.insert(0, "report_id", [f"{area.prefix}-HP-{y}-{i:07d}" for y, i in zip(year, seq)])
    return frame[list(CONTRACTS["incidents"].columns)]


# ------------------------------------------------------------------------------------------------ rescue
def build_rescue(area: Area, org: pd.DataFrame, rng: np.random.Generator, first: int, last: int) -> pd.DataFrame:
    """One row per urgent task of ``area``, years ``first``–``last``."""
    months = _months(first, last)
    mix = area.urbanity * CLASS_MIX_URBAN + (1 - area.urbanity) * CLASS_MIX_RURAL
    monthly = RESCUE_MONTHLY_PH * area.scale * (1.0 if area.prefix == "PH" else RESCUE_VOLUME * rng.uniform(0.85, 1.15))
    summer = np.where(np.isin(months.month, (6, 7, 8)), 1.15, 1.0)
    classes = ("I", "II", "III", "IV")
    counts = rng.poisson(np.outer(mix, monthly * summer))  # class × month
    row_class = np.repeat(np.repeat(np.arange(4), len(months)), counts.ravel())
    row_month = np.repeat(np.tile(np.arange(len(months)), 4), counts.ravel())
    n = len(row_class)
    seconds_in_month = months.days_in_month.to_numpy()[row_month] * 86400
    alarm = months.to_numpy()[row_month] + np.round(rng.uniform(0, seconds_in_month)).astype("timedelta64[s]")
    speed = 1.0 if area.prefix == "PH" else rng.uniform(0.88, 1.18)
    improving = 0.985 ** ((months.year.to_numpy()[row_month] - 2021) + months.month.to_numpy()[row_month] / 12)
    medians = np.array([CLASS_MEDIAN_MIN[c] for c in classes])[row_class] * speed * improving
    seconds = np.round(np.exp(np.log(medians * 60) + rng.normal(0, 0.45, n))).clip(90, None)
    arrival = alarm + seconds.astype("timedelta64[s]")

    stations = org[org["toimiala"] == RESCUE]
    munis = np.array(area.municipalities, dtype=object)
    base = _municipality_weights(area)
    muni = np.empty(n, dtype=object)
    for k, power in enumerate((2.0, 1.3, 0.7, 0.5)):
        rows = np.where(row_class == k)[0]
        p = base ** power
        muni[rows] = munis[rng.choice(len(munis), size=len(rows), p=p / p.sum())]
    station = np.empty(n, dtype=object)
    for name, group in stations.groupby("municipality"):
        rows = np.where(muni == name)[0]
        ids = group["unit_id"].to_numpy()
        station[rows] = ids[rng.integers(0, len(ids), len(rows))]
    task_types = np.array(list(TASK_TYPES), dtype=object)[
        rng.choice(len(TASK_TYPES), size=n, p=np.array(list(TASK_TYPES.values())))]
    rescuing = np.isin(task_types, ["ihmisen pelastaminen", "rakennuspalo", "liikenneonnettomuus"])
    fires = np.isin(task_types, ["rakennuspalo", "rakennuspalovaara"])
    threatened = np.where(fires, np.floor(rng.lognormal(11.5, 1.3, n)), np.nan)
    saved = np.where(fires, np.floor(threatened * rng.beta(6, 2, n)), np.nan)
    grid = rng.integers(0, 60, size=(n, 2))
    offset = area.region - 950
    frame = pd.DataFrame({
        "alarm_time": alarm, "arrival_time": arrival, "municipality": muni,
        "station_unit_id": station, "risk_class": np.array(classes, dtype=object)[row_class],
        "risk_square_id": [f"{6640 + 11 * offset + a}:{300 + 13 * offset + b}" for a, b in grid],
        "urgency_class": np.where(rng.random(n) < 0.4, "A", "B"), "task_type": task_types,
        "persons_rescued": np.where(rescuing, rng.poisson(0.03, n), 0).astype("int64"),
        "property_threatened_eur": threatened, "property_saved_eur": saved,
    }).sort_values("alarm_time", kind="stable").reset_index(drop=True)
    year = frame["alarm_time"].dt.year.to_numpy()
    frame.insert(0, "task_id", [f"{area.prefix}-PR-{y}-{i:06d}" for i, y in enumerate(year, start=1)])
    return frame[list(CONTRACTS["rescue_tasks"].columns)]


# --------------------------------------------------------------------------------------------------- RAI
def half_years(first: int, last: int) -> list[tuple[int, int]]:
    return [(y, h) for y in range(first, last + 1) for h in (1, 2)]


def national_rai(county_national: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """The national values: the county sample's from 2021 on (DOMAIN §4 for 2023), drifting back to 2015."""
    rows = []
    for setting, indicators in RAI_PUBLISHED.items():
        for indicator, (value_2023, _, _) in indicators.items():
            score = indicator in RAI_SCORES
            for year, half in half_years(FIRST_YEAR, CALIBRATED_FROM - 1):
                value = value_2023 + (year - 2023) * (0.005 if score else -0.3) + rng.normal(0, 0.004 if score else 0.3)
                if indicator in MEDICATION_BREAK and year < 2022:
                    value -= MEDICATION_BREAK[indicator]
                n = int(round(RAI_NATIONAL_N[setting] * (1 + 0.01 * (year - 2023))))
                numerator = round(value * n, 2) if score else float(round(value / 100 * n))
                rows.append({"year": year, "half": half, "setting": setting, "indicator_id": indicator,
                             "numerator": float(numerator), "denominator": n})
    earlier = pd.DataFrame(rows)
    later = county_national[county_national["year"] >= CALIBRATED_FROM]
    return pd.concat([earlier, later], ignore_index=True)[list(CONTRACTS["rai_national"].columns)]


def build_rai(area: Area, org: pd.DataFrame, national: pd.DataFrame, rng: np.random.Generator,
              first: int, last: int) -> pd.DataFrame:
    """Unit results around the national value: a county effect, a lasting unit effect and noise."""
    lookup = national.set_index(["year", "half", "indicator_id"])
    frames = []
    for setting, palvelualue in (("kotihoito", "Kotihoito"), ("asumispalvelut", "Asumispalvelut")):
        units = org.loc[org["palvelualue"] == palvelualue, "unit_id"].to_numpy()
        if not len(units):
            continue
        size = KOTIHOITO_CLIENTS if setting == "kotihoito" else HOUSING_RESIDENTS
        if area.prefix == "PH":
            size = county.RAI_N[setting][(2023, 1)] / len(units)
        unit_size = rng.gamma(6, size / 6, len(units)).clip(3, None)
        for indicator in RAI_PUBLISHED[setting]:
            score = indicator in RAI_SCORES
            county_effect = rng.normal(0, 0.05 if score else 0.25)
            unit_effect = rng.normal(0, 0.06 if score else 0.35, len(units))
            for year, half in half_years(first, last):
                row = lookup.loc[(year, half, indicator)]
                national_value = row["numerator"] / row["denominator"]
                den = rng.poisson(unit_size).clip(1, None)
                if score:
                    means = national_value * np.exp(county_effect + unit_effect + rng.normal(0, 0.02, len(units)))
                    num = np.round(means * den, 2)
                else:
                    p = np.clip(national_value, 0.002, 0.998)
                    logit = np.log(p / (1 - p)) + county_effect + unit_effect + rng.normal(0, 0.12, len(units))
                    num = rng.binomial(den, 1 / (1 + np.exp(-logit))).astype(float)
                frames.append(pd.DataFrame({"year": year, "half": half, "setting": setting, "unit_id": units,
                                            "indicator_id": indicator, "numerator": num, "denominator": den}))
    out = pd.concat(frames, ignore_index=True)
    out["denominator"] = out["denominator"].astype("int64")
    out["year"] = out["year"].astype("int64")
    out["half"] = out["half"].astype("int64")
    return out[list(CONTRACTS["rai_results"].columns)]


# ----------------------------------------------------------------------------------------------- writing
def _schema(frame: pd.DataFrame) -> pa.Schema:
    return pa.Schema.from_pandas(frame, preserve_index=False)


def _write_part(frame: pd.DataFrame, out: Path, name: str, region: int, schema: pa.Schema) -> None:
    path = out / name / f"region={region}" / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    ordered = frame.sort_values(SORT[name], kind="stable")
    pq.write_table(pa.Table.from_pandas(ordered, schema=schema, preserve_index=False), path,
                   compression="zstd", row_group_size=ROW_GROUP)


@dataclass(frozen=True)
class Written:
    incidents: int
    rescue_tasks: int
    rai_results: int
    org_units: int


def write_national(out_dir: Path | str, seed: int = DEFAULT_SEED, size: float = 1.0, progress=None) -> Written:
    """Generate the national data into ``out_dir`` (which must not hold data already) and return row counts.

    ``progress(done, total, area)`` is called after each county.
    """
    out = Path(out_dir)
    if any((out / name).exists() for name in (*SORT, "org_units.parquet")):
        raise FileExistsError(f"{out} already holds data; choose an empty directory.")
    out.mkdir(parents=True, exist_ok=True)
    if not 0 < size <= 1:
        raise ValueError("size must be in (0, 1].")
    rng = np.random.default_rng(seed)
    ph = county.generate(seed)
    national = national_rai(ph.rai_national, rng)
    schemas = {"incidents": _schema(ph.incidents), "rescue_tasks": _schema(ph.rescue_tasks),
               "rai_results": _schema(ph.rai_results)}
    orgs, counts = [], {"incidents": 0, "rescue_tasks": 0, "rai_results": 0}
    all_areas = areas(size)
    for done, area in enumerate(all_areas, start=1):
        area_rng = np.random.default_rng([seed, area.region])
        if area.prefix == "PH":
            org, weights = _ph_org()
            last_generated = CALIBRATED_FROM - 1
        else:
            org, weights = build_org(area, area_rng)
            last_generated = LAST_YEAR
        orgs.append(org)
        incidents = build_incidents(area, org, weights, area_rng, FIRST_YEAR, last_generated)
        rescue = build_rescue(area, org, area_rng, FIRST_YEAR, last_generated)
        rai = build_rai(area, org, national, area_rng, FIRST_YEAR, last_generated)
        if area.prefix == "PH":
            incidents = pd.concat([incidents, ph.incidents], ignore_index=True)
            rescue = pd.concat([rescue, ph.rescue_tasks], ignore_index=True)
            rai = pd.concat([rai, ph.rai_results], ignore_index=True)
        for name, frame in (("incidents", incidents), ("rescue_tasks", rescue), ("rai_results", rai)):
            _write_part(frame, out, name, area.region, schemas[name])
        counts["incidents"] += len(incidents)
        counts["rescue_tasks"] += len(rescue)
        counts["rai_results"] += len(rai)
        if progress:
            progress(done, len(all_areas), area.name)
    org_units = pd.concat(orgs, ignore_index=True)
    org_units.to_parquet(out / CONTRACTS["org_units"].file, index=False)
    national.to_parquet(out / CONTRACTS["rai_national"].file, index=False)
    if not (out / CATALOGUE_FILE).exists():
        shutil.copyfile(DEFAULT_DATA_DIR / CATALOGUE_FILE, out / CATALOGUE_FILE)
    (out / DATASET_FILE).write_text(
        f'synthetic = true\nscale = "national"\ncounty = "{COUNTY}"\nseed = {seed}\nsize = {size}\n'
        f'first_month = "1/{FIRST_YEAR}"\nlast_month = "12/{LAST_YEAR}"\n'
        'note = "Synthetic data for 21 counties and Helsinki; Päijät-Häme 2021-2024 as the county sample. '
        'No real client data."\n', encoding="utf-8")
    return Written(counts["incidents"], counts["rescue_tasks"], counts["rai_results"], len(org_units))

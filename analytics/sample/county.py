"""Deterministic synthetic sample data for Päijät-Hämeen hyvinvointialue, 1/2021–12/2024.

Aggregated, the generated tables reproduce exactly the published figures of the 5-8/2024
interim review (DOMAIN §3–§5): incident totals by category and event kind for 5-8/2024 and
5-8/2023, the three largest event types' shares, client reports, development actions, the RAI
tables for 1-6/2023 and 7-12/2023 with their n's, the national values and targets, and rescue
compliance by risk class, persons rescued and property saved for 5-8/2024. The customer-experience
tables (feedback, ombudsman contacts, success reports; DOMAIN §6) come from ``experience.py`` with a
generator of their own, so that adding them left the other tables as they were; so do the values of the two
example own indicators (``own.py``, the ``own_values`` table). Everything else is
drawn at random from plausible distributions with seasonality and noise.

The palvelualue and unit names are invented; the data is marked synthetic in ``dataset.toml``.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analytics.core.periods import Tertial
from analytics.data.bundle import DEFAULT_DATA_DIR
from analytics.data.catalogue import CATALOGUE_FILE, load_catalogue
from analytics.data.contracts import CATEGORIES, CONTRACTS, EXPERIENCE_TABLES, OWN_TABLES, REQUIRED_TABLES

DEFAULT_SEED = 2024
COUNTY = "Päijät-Hämeen hyvinvointialue"
FIRST_MONTH = pd.Timestamp(2021, 1, 1)
LAST_MONTH = pd.Timestamp(2024, 12, 1)
EXTRACT_DATE = pd.Timestamp(2025, 1, 10)  # the day the sample "was exported": later handling is unknown
DATASET_FILE = "dataset.toml"

# ----------------------------------------------------------------------------------- published figures
REVIEW = Tertial(2024, 2)
PREVIOUS = Tertial(2023, 2)
CATEGORY_TOTALS = {
    REVIEW: {"patient_safety": 5049, "occupational_safety": 1031, "environment": 122, "information_security": 136, "grievance": 5},
    PREVIOUS: {"patient_safety": 4565, "occupational_safety": 1118, "environment": 115, "information_security": 182, "grievance": 17},
}
EVENT_KIND_TOTALS = {
    REVIEW: {"harm": 3181, "near_miss": 1578, "observation": 290},
    PREVIOUS: {"harm": 2788, "near_miss": 1485, "observation": 292},
}
# 5-8/2024 event types of client/patient safety: 44,3 % / 24,7 % / 7,3 % for the top three.
EVENT_TYPE_COUNTS_REVIEW = {
    "medication": 2237, "accident": 1247, "information_flow": 369, "care_procedure": 340, "violence": 230,
    "devices": 180, "other": 176, "identification": 150, "samples": 120,
}
CLIENT_REPORTS = {REVIEW: 67, PREVIOUS: 39}
DEVELOPMENT_ACTIONS = {REVIEW: 240, PREVIOUS: 167}
PROCEDURE_ACTIONS_REVIEW = 146
RESCUE_REVIEW = {"I": (400, 316), "II": (250, 210), "III": (300, 294)}  # tasks, met → 79 / 84 / 98 %
RESCUE_IV_REVIEW = 80
PERSONS_RESCUED_REVIEW = 11
PROPERTY_THREATENED_REVIEW = 22_700_000.0
PROPERTY_SAVED_REVIEW = 17_500_000.0  # 77 %

# RAI: indicator → (national 2023, H1/2023, H2/2023); n per setting and the national n.
RAI_PUBLISHED = {
    "kotihoito": {
        "kh_meals": (9.0, 10.0, 8.0), "kh_weight_loss": (5.0, 5.0, 4.0),
        "kh_medication_not_reviewed": (21.0, 21.0, 18.0), "kh_severe_pain": (7.0, 6.0, 6.0),
        "kh_falls": (27.0, 27.0, 28.0), "kh_hospital_er": (28.0, 21.0, 21.0),
        "kh_no_participation": (23.0, 30.0, 32.0), "kh_no_rehabilitation": (88.0, 93.0, 94.0),
        "kh_rug_cost_weight": (1.04, 1.06, 1.03), "kh_rug_pa": (50.0, 55.0, 56.0),
    },
    "asumispalvelut": {
        "ap_falls": (12.0, 13.0, 12.0), "ap_nine_medicines": (57.0, 53.0, 55.0),
        "ap_antipsychotics": (34.0, 32.0, 30.0), "ap_weight_loss": (8.0, 8.0, 10.0),
        "ap_severe_pain": (4.0, 5.0, 5.0), "ap_pressure_ulcers": (9.0, 10.0, 10.0),
        "ap_bedridden": (16.0, 24.0, 22.0), "ap_restraints": (17.0, 10.0, 10.0),
        "ap_no_activities": (58.0, 63.0, 55.0), "ap_no_participation": (49.0, 29.0, 30.0),
        "ap_rug_cost_weight": (0.97, 0.99, 1.00), "ap_rug_pa": (8.0, 3.0, 2.0),
    },
}
RAI_N = {"kotihoito": {(2023, 1): 1618, (2023, 2): 1679}, "asumispalvelut": {(2023, 1): 884, (2023, 2): 887}}
RAI_NATIONAL_N = {"kotihoito": 41995, "asumispalvelut": 38827}
RAI_SCORES = {"kh_rug_cost_weight", "ap_rug_cost_weight"}
MEDICATION_BREAK = {"ap_nine_medicines": 13.0}  # from 1-6/2022 on, + pp (DOMAIN §4)
RAI_HALF_YEARS = [(y, h) for y in range(2021, 2025) for h in (1, 2)]

# --------------------------------------------------------------------------------------- organisation
MUNICIPALITY_POPULATION = {
    "Lahti": 121000, "Hollola": 23000, "Heinola": 18500, "Orimattila": 16000, "Asikkala": 8000,
    "Iitti": 6500, "Kärkölä": 4300, "Sysmä": 3600, "Padasjoki": 2800, "Hartola": 2700,
}
IKU = "Ikääntyneiden palvelut ja kuntoutus (IKU)"
PESO = "Perhe- ja sosiaalipalvelut (PESO)"
TESA = "Terveys- ja sairaanhoitopalvelut (TESA)"
RESCUE = "Pelastuslaitos"

# (toimiala, palvelualue, [(unit name, municipality, size weight)])
ORGANISATION: list[tuple[str, str, list[tuple[str, str, float]]]] = [
    (IKU, "Kotihoito", [
        ("Lahden kotihoito, Keskusta", "Lahti", 1.6), ("Lahden kotihoito, Etelä", "Lahti", 1.4),
        ("Lahden kotihoito, Pohjoinen", "Lahti", 1.3), ("Hollolan kotihoito", "Hollola", 1.0),
        ("Heinolan kotihoito", "Heinola", 0.9), ("Orimattilan kotihoito", "Orimattila", 0.8),
        ("Asikkalan kotihoito", "Asikkala", 0.45), ("Iitin kotihoito", "Iitti", 0.35),
        ("Kärkölän kotihoito", "Kärkölä", 0.25), ("Sysmän ja Hartolan kotihoito", "Sysmä", 0.35),
        ("Padasjoen kotihoito", "Padasjoki", 0.15),
    ]),
    (IKU, "Asumispalvelut", [
        ("Palvelukeskus Onnela", "Lahti", 1.5), ("Palvelukoti Kivijärvi", "Lahti", 1.2),
        ("Hoivakoti Mukkula", "Lahti", 1.1), ("Palvelukeskus Hollonkulma", "Hollola", 1.0),
        ("Hoivakoti Harjula", "Heinola", 0.9), ("Palvelukoti Pappilanpuisto", "Orimattila", 0.8),
        ("Hoivakoti Vääksy", "Asikkala", 0.5), ("Palvelukoti Kausala", "Iitti", 0.45),
        ("Hoivakoti Tainionkoti", "Hartola", 0.35), ("Ryhmäkoti Pihlaja", "Padasjoki", 0.004),
    ]),
    (IKU, "Kuntoutus", [
        ("Geriatrinen kuntoutusosasto", "Lahti", 1.0), ("Kotikuntoutus", "Lahti", 0.6),
        ("Heinolan kuntoutusyksikkö", "Heinola", 0.4),
    ]),
    (PESO, "Lapsiperheiden palvelut", [
        ("Lastensuojelun avohuolto", "Lahti", 1.0), ("Perhetyö", "Lahti", 0.5), ("Lastenkoti Aurinkoinen", "Hollola", 0.4),
    ]),
    (PESO, "Aikuissosiaalityö ja vammaispalvelut", [
        ("Aikuissosiaalityö", "Lahti", 0.6), ("Vammaispalvelujen asumisyksikkö Vesikko", "Lahti", 0.6),
        ("Päihde- ja mielenterveyspalvelut", "Lahti", 0.8),
    ]),
    (TESA, "Akuuttihoito ja päivystys", [
        ("Yhteispäivystys", "Lahti", 2.2), ("Ensihoito", "Lahti", 1.0), ("Akuuttiosasto", "Lahti", 1.5),
    ]),
    (TESA, "Sairaalapalvelut", [
        ("Sisätautien osasto", "Lahti", 1.8), ("Kirurginen osasto", "Lahti", 1.6), ("Leikkausosasto", "Lahti", 1.2),
        ("Synnytysosasto", "Lahti", 0.8), ("Psykiatrinen osasto", "Lahti", 1.0),
    ]),
    (TESA, "Perusterveydenhuolto", [
        ("Terveysasema Lahti keskusta", "Lahti", 1.0), ("Terveysasema Hollola", "Hollola", 0.6),
        ("Terveysasema Heinola", "Heinola", 0.5), ("Terveysasema Orimattila", "Orimattila", 0.45),
        ("Suun terveydenhuolto", "Lahti", 0.5),
    ]),
    (RESCUE, "Pelastustoiminta", [(f"{name} paloasema", muni, 1.0) for name, muni in (
        ("Lahden", "Lahti"), ("Hollolan", "Hollola"), ("Heinolan", "Heinola"), ("Orimattilan", "Orimattila"),
        ("Asikkalan", "Asikkala"), ("Iitin", "Iitti"), ("Kärkölän", "Kärkölä"), ("Sysmän", "Sysmä"),
        ("Padasjoen", "Padasjoki"), ("Hartolan", "Hartola"),
    )]),
]
_ABBREV = {IKU: "IKU", PESO: "PESO", TESA: "TESA", RESCUE: "PEL"}

# -------------------------------------------------------------------------------------- incident model
MONTH_SEASON = np.array([1.02, 0.97, 1.03, 0.98, 1.0, 1.04, 1.08, 1.02, 1.0, 1.02, 0.98, 0.86])
CATEGORY_LEVEL_2021 = {"patient_safety": 1000.0, "occupational_safety": 290.0, "environment": 27.0,
                       "information_security": 40.0, "grievance": 3.0}
CATEGORY_GROWTH = {"patient_safety": 0.10, "occupational_safety": -0.03, "environment": 0.02,
                   "information_security": -0.05, "grievance": -0.1}
PATIENT_EVENT_TYPES = list(EVENT_TYPE_COUNTS_REVIEW)
OTHER_EVENT_TYPES = {
    "occupational_safety": (["violence", "accident", "workload", "premises"], [0.42, 0.3, 0.18, 0.1]),
    "environment": (["premises", "devices", "other"], [0.5, 0.3, 0.2]),
    "information_security": (["data_protection", "information_flow"], [0.7, 0.3]),
    "grievance": (["care_conditions", "other"], [0.7, 0.3]),
}
OTHER_THEMES = ["training", "communication", "equipment"]
TASK_TYPES = {
    "automaattisen paloilmoittimen tehtävä": 0.26, "liikenneonnettomuus": 0.24, "rakennuspalovaara": 0.11,
    "rakennuspalo": 0.08, "maastopalo": 0.05, "ihmisen pelastaminen": 0.08, "vahingontorjunta": 0.12, "muu tehtävä": 0.06,
}
RISK_MIX = {  # share of a municipality's tasks per risk class I..IV
    "Lahti": (0.55, 0.30, 0.12, 0.03), "Hollola": (0.12, 0.35, 0.43, 0.10), "Heinola": (0.25, 0.35, 0.32, 0.08),
    "Orimattila": (0.12, 0.30, 0.46, 0.12),
}
RURAL_MIX = (0.0, 0.15, 0.65, 0.20)
CLASS_MEDIAN_MIN = {"I": 4.6, "II": 7.2, "III": 11.0, "IV": 24.0}
CLASS_TARGET_MIN = {"I": 6, "II": 10, "III": 20}
CLASS_MONTHLY = {"I": 100, "II": 62, "III": 75, "IV": 20}


def _allocate(total: int, weights: np.ndarray, caps: np.ndarray | None = None) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder), within ``caps``."""
    weights = np.asarray(weights, dtype=float)
    weights = weights / weights.sum()
    raw = weights * total
    out = np.floor(raw).astype(int)
    if caps is not None:
        out = np.minimum(out, caps)
    remainder = total - out.sum()
    order = np.argsort(-(raw - np.floor(raw)), kind="stable")
    i = 0
    while remainder > 0:
        j = order[i % len(order)]
        if caps is None or out[j] < caps[j]:
            out[j] += 1
            remainder -= 1
        i += 1
        if i > 10 * len(order) * max(total, 1):
            raise ValueError("cannot allocate within caps")
    return out


def _months() -> pd.DatetimeIndex:
    return pd.date_range(FIRST_MONTH, LAST_MONTH, freq="MS")


def build_org_units() -> pd.DataFrame:
    """The organisation table; unit ids like ``PH-IKU-01-03``."""
    rows = []
    for area_index, (division, area, units) in enumerate(ORGANISATION, start=1):
        for unit_index, (name, municipality, _) in enumerate(units, start=1):
            rows.append({
                "county": COUNTY, "toimiala": division, "palvelualue": area,
                "unit_id": f"PH-{_ABBREV[division]}-{area_index:02d}-{unit_index:02d}",
                "unit_name": name, "municipality": municipality,
            })
    return pd.DataFrame(rows)


def _unit_weights(org: pd.DataFrame, divisions: tuple[str, ...] | None = None, areas: tuple[str, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    weight_by_name = {name: w for _, _, units in ORGANISATION for name, _, w in units}
    chosen = org
    if divisions:
        chosen = chosen[chosen["toimiala"].isin(divisions)]
    if areas:
        chosen = chosen[chosen["palvelualue"].isin(areas)]
    weights = chosen["unit_name"].map(weight_by_name).to_numpy(dtype=float)
    return chosen["unit_id"].to_numpy(), weights / weights.sum()


def _monthly_totals(rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Reports per category per month; the calibrated tertials hit their published totals exactly."""
    months = _months()
    years = (months.year - 2021) + (months.month - 1) / 12
    out = {}
    for category in CATEGORIES:
        level = CATEGORY_LEVEL_2021[category] * (1 + CATEGORY_GROWTH[category]) ** years
        expected = level * MONTH_SEASON[months.month - 1]
        counts = rng.poisson(expected * rng.normal(1, 0.03, len(months)).clip(0.9, 1.1))
        for tertial, totals in CATEGORY_TOTALS.items():
            idx = np.where((months >= tertial.start) & (months < tertial.end))[0]
            counts[idx] = _allocate(totals[category], expected[idx] * rng.uniform(0.95, 1.05, len(idx)))
        out[category] = counts
    return out


def _exact_labels(rng: np.random.Generator, counts: dict[str, int]) -> np.ndarray:
    labels = np.concatenate([np.full(n, key, dtype=object) for key, n in counts.items()])
    rng.shuffle(labels)
    return labels


def _flags(rng: np.random.Generator, n: int, k: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[rng.choice(n, size=k, replace=False)] = True
    return out


def build_incidents(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per report, 1/2021–12/2024."""
    months = _months()
    totals = _monthly_totals(rng)
    sote = (IKU, PESO, TESA)
    unit_pools = {
        "patient_safety": _unit_weights(org, sote),
        "occupational_safety": _unit_weights(org),
        "environment": _unit_weights(org),
        "information_security": _unit_weights(org, sote),
        "grievance": _unit_weights(org, (IKU, PESO)),
    }
    base_type_p = np.array(list(EVENT_TYPE_COUNTS_REVIEW.values()), dtype=float)
    base_type_p /= base_type_p.sum()
    frames = []
    for category in CATEGORIES:
        for i, month in enumerate(months):
            n = int(totals[category][i])
            if n == 0:
                continue
            t = (month.year - 2021) + (month.month - 1) / 12  # years since 1/2021
            days_in_month = month.days_in_month
            report_date = month + pd.to_timedelta(rng.integers(0, days_in_month, n), unit="D")
            lag = np.minimum(rng.geometric(0.45, n) - 1, 30)
            event_date = report_date - pd.to_timedelta(lag, unit="D")
            ids, weights = unit_pools[category]
            frame = pd.DataFrame({
                "category": category, "report_date": report_date, "event_date": event_date,
                "unit_id": rng.choice(ids, size=n, p=weights),
            })
            if category == "patient_safety":
                near = 0.29 + 0.012 * t + rng.normal(0, 0.01)
                obs = 0.055 + 0.004 * t
                frame["event_kind"] = rng.choice(["harm", "near_miss", "observation"], size=n, p=[1 - near - obs, near, obs])
                p = base_type_p * rng.uniform(0.9, 1.1, len(base_type_p))
                frame["event_type"] = rng.choice(PATIENT_EVENT_TYPES, size=n, p=p / p.sum())
                frame["reporter"] = np.where(rng.random(n) < (0.0035 + 0.0022 * t), "client", "staff")
                frame["development_action"] = rng.random(n) < (0.02 + 0.007 * t)
            else:
                frame["event_kind"] = rng.choice(["harm", "near_miss", "observation"], size=n, p=[0.62, 0.3, 0.08])
                types, p = OTHER_EVENT_TYPES[category]
                frame["event_type"] = rng.choice(types, size=n, p=p)
                frame["reporter"] = "staff"
                frame["development_action"] = rng.random(n) < 0.03
            frames.append(frame)
    incidents = pd.concat(frames, ignore_index=True)

    patient = incidents["category"] == "patient_safety"
    for tertial in (PREVIOUS, REVIEW):
        rows = np.where(patient & (incidents["report_date"] >= tertial.start) & (incidents["report_date"] < tertial.end))[0]
        incidents.loc[rows, "event_kind"] = _exact_labels(rng, EVENT_KIND_TOTALS[tertial])
        if tertial == REVIEW:
            incidents.loc[rows, "event_type"] = _exact_labels(rng, EVENT_TYPE_COUNTS_REVIEW)
        incidents.loc[rows, "reporter"] = np.where(_flags(rng, len(rows), CLIENT_REPORTS[tertial]), "client", "staff")
        incidents.loc[rows, "development_action"] = _flags(rng, len(rows), DEVELOPMENT_ACTIONS[tertial])

    n = len(incidents)
    kinds = incidents["event_kind"].to_numpy()
    harm = rng.choice(["none", "mild", "moderate", "severe"], size=n, p=[0.32, 0.48, 0.17, 0.03])
    incidents["harm_level"] = np.where(kinds == "harm", harm, "none")

    themes = rng.choice(OTHER_THEMES, size=n)
    themes = np.where(rng.random(n) < 0.55, "procedures", themes)
    in_review = (patient & (incidents["report_date"] >= REVIEW.start) & (incidents["report_date"] < REVIEW.end)).to_numpy()
    actions = incidents["development_action"].to_numpy(dtype=bool)
    review_actions = np.where(in_review & actions)[0]
    procedure = _flags(rng, len(review_actions), PROCEDURE_ACTIONS_REVIEW)
    themes[review_actions] = np.where(procedure, "procedures", rng.choice(OTHER_THEMES, size=len(review_actions)))
    incidents["development_theme"] = pd.Series(np.where(actions, themes, None), dtype="str")

    # Reaction time: median falls from about 20 days (2021) to about 11 (2024); a long tail.
    years = ((incidents["report_date"] - FIRST_MONTH).dt.days / 365.25).to_numpy()
    median = 20.0 - 2.4 * years
    days = np.round(np.exp(np.log(median) + rng.normal(0, 0.75, n)) - 1).clip(0, 400)
    handled = incidents["report_date"] + pd.to_timedelta(days, unit="D")
    incidents["first_handled_date"] = handled.where(handled <= EXTRACT_DATE)

    incidents = incidents.sort_values(["report_date", "category"], kind="stable").reset_index(drop=True)
    incidents["report_id"] = [f"HP-{d.year}-{i:06d}" for i, d in enumerate(incidents["report_date"], start=1)]
    incidents["development_action"] = incidents["development_action"].astype(bool)
    return incidents[list(CONTRACTS["incidents"].columns)]


# ------------------------------------------------------------------------------------------------ rescue
def _response_seconds(rng: np.random.Generator, risk_class: str, n: int, met: int | None) -> np.ndarray:
    """Response times in seconds; exactly ``met`` of them within the class target (when it has one)."""
    median = CLASS_MEDIAN_MIN[risk_class]
    sigma = 0.45
    if met is None:
        return np.round(np.exp(np.log(median) + rng.normal(0, sigma, n)) * 60).clip(120, None)
    target = CLASS_TARGET_MIN[risk_class] * 60
    from scipy.stats import lognorm

    dist = lognorm(s=sigma, scale=median * 60)
    p_target = dist.cdf(target)
    low = dist.ppf(rng.uniform(0.002, p_target, met))
    high = dist.ppf(rng.uniform(p_target, 0.998, n - met))
    low = np.floor(low).clip(90, target)
    high = np.maximum(np.ceil(high), target + 1)
    out = np.concatenate([low, high])
    rng.shuffle(out)
    return out


def _split_property(rng: np.random.Generator, n: int, threatened_total: float, saved_total: float) -> tuple[np.ndarray, np.ndarray]:
    """Threatened and saved euros for ``n`` fires summing exactly to the totals, saved ≤ threatened."""
    raw = rng.lognormal(11.5, 1.3, n)
    threatened = np.floor(raw / raw.sum() * threatened_total)
    threatened[np.argmax(threatened)] += threatened_total - threatened.sum()
    fraction = rng.beta(6, 2, n)
    saved = threatened * fraction
    for _ in range(50):
        room = saved < threatened
        gap = saved_total - saved.sum()
        if abs(gap) < 0.5 or not room.any():
            break
        saved[room] *= 1 + gap / saved[room].sum()
        saved = np.minimum(saved, threatened)
    saved = np.floor(saved)
    gap = saved_total - saved.sum()
    order = np.argsort(-(threatened - saved))
    for j in order:
        step = min(gap, threatened[j] - saved[j])
        saved[j] += step
        gap -= step
        if gap <= 0:
            break
    return threatened, saved


def build_rescue_tasks(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per urgent task, 1/2021–12/2024."""
    stations = org[org["toimiala"] == RESCUE].set_index("municipality")["unit_id"]
    municipalities = list(MUNICIPALITY_POPULATION)
    mix = np.array([RISK_MIX.get(m, RURAL_MIX) for m in municipalities])
    population = np.array(list(MUNICIPALITY_POPULATION.values()), dtype=float)
    by_class = {rc: mix[:, k] * population for k, rc in enumerate(("I", "II", "III", "IV"))}
    months = _months()
    frames = []
    review_months = (months >= REVIEW.start) & (months < REVIEW.end)
    review_alloc = {}
    for risk_class in ("I", "II", "III", "IV"):
        expected = np.array([CLASS_MONTHLY[risk_class] * (1.15 if m.month in (6, 7, 8) else 1.0) for m in months[review_months]])
        n_total, met_total = RESCUE_REVIEW.get(risk_class, (RESCUE_IV_REVIEW, None))
        ns = _allocate(n_total, expected)
        mets = _allocate(met_total, ns.astype(float), caps=ns) if met_total is not None else [None] * len(ns)
        review_alloc[risk_class] = list(zip(ns, mets))
    base_p = {"I": 0.77, "II": 0.82, "III": 0.965}
    for i, month in enumerate(months):
        t = (month.year - 2021) + (month.month - 1) / 12
        for risk_class in ("I", "II", "III", "IV"):
            if review_months[i]:
                n, met = review_alloc[risk_class][int(np.where(months[review_months] == month)[0][0])]
            else:
                n = int(rng.poisson(CLASS_MONTHLY[risk_class] * (1.15 if month.month in (6, 7, 8) else 1.0)))
                met = None
                if risk_class in base_p:
                    p = np.clip(base_p[risk_class] + 0.005 * t + rng.normal(0, 0.025), 0.4, 0.995)
                    met = int(rng.binomial(n, p))
            seconds = _response_seconds(rng, risk_class, n, met)
            alarm = month + pd.to_timedelta(rng.uniform(0, month.days_in_month * 86400, n).round(), unit="s")
            weights = by_class[risk_class]
            muni = rng.choice(municipalities, size=n, p=weights / weights.sum())
            frames.append(pd.DataFrame({
                "alarm_time": alarm, "arrival_time": alarm + pd.to_timedelta(seconds, unit="s"),
                "municipality": muni, "risk_class": risk_class,
                "urgency_class": np.where(rng.random(n) < 0.4, "A", "B"),
                "task_type": rng.choice(list(TASK_TYPES), size=n, p=np.array(list(TASK_TYPES.values()))),
            }))
    tasks = pd.concat(frames, ignore_index=True).sort_values("alarm_time", kind="stable").reset_index(drop=True)
    n = len(tasks)
    tasks["station_unit_id"] = tasks["municipality"].map(stations)
    grid = rng.integers(0, 60, size=(n, 2))
    base = tasks["municipality"].map({m: k for k, m in enumerate(municipalities)}).to_numpy()
    tasks["risk_square_id"] = [f"{6740 + 9 * b + g0}:{420 + 7 * b + g1}" for b, (g0, g1) in zip(base, grid)]

    rescuing = tasks["task_type"].isin(["ihmisen pelastaminen", "rakennuspalo", "liikenneonnettomuus"]).to_numpy()
    persons = np.where(rescuing, rng.poisson(0.03, n), 0)
    in_review = ((tasks["alarm_time"] >= REVIEW.start) & (tasks["alarm_time"] < REVIEW.end)).to_numpy()
    persons[in_review] = 0
    candidates = np.where(in_review & rescuing)[0]
    chosen = rng.choice(candidates, size=PERSONS_RESCUED_REVIEW - 2, replace=False)
    persons[chosen] = 1
    persons[chosen[0]] += 2  # one task with three persons rescued
    tasks["persons_rescued"] = persons.astype("int64")

    fires = tasks["task_type"].isin(["rakennuspalo", "rakennuspalovaara"]).to_numpy()
    threatened = np.full(n, np.nan)
    saved = np.full(n, np.nan)
    for tertial_start in pd.date_range(FIRST_MONTH, LAST_MONTH, freq="4MS"):
        tertial = Tertial.containing(tertial_start)
        idx = np.where(fires & (tasks["alarm_time"] >= tertial.start).to_numpy() & (tasks["alarm_time"] < tertial.end).to_numpy())[0]
        if tertial == REVIEW:
            total_t, total_s = PROPERTY_THREATENED_REVIEW, PROPERTY_SAVED_REVIEW
        else:
            total_t = float(round(rng.uniform(12, 30), 1) * 1e6)
            total_s = float(np.floor(total_t * rng.uniform(0.62, 0.86)))
        threatened[idx], saved[idx] = _split_property(rng, len(idx), total_t, total_s)
    tasks["property_threatened_eur"] = threatened
    tasks["property_saved_eur"] = saved
    tasks["task_id"] = [f"PR-{a.year}-{i:06d}" for i, a in enumerate(tasks["alarm_time"], start=1)]
    return tasks[list(CONTRACTS["rescue_tasks"].columns)]


# --------------------------------------------------------------------------------------------------- RAI
def _rai_path(rng: np.random.Generator, indicator: str, national: float, h1: float, h2: float, target: float | None) -> dict[tuple[int, int], float]:
    """County values per half-year: the published 2023 ones, a plausible walk around them elsewhere."""
    score = indicator in RAI_SCORES
    step = 0.015 if score else max(0.6, 0.05 * h1)
    path = {(2023, 1): h1, (2023, 2): h2}
    value = h1
    for key in reversed(RAI_HALF_YEARS[:4]):
        value = value + rng.normal(0, step)
        path[key] = value
    value = h2
    for key in RAI_HALF_YEARS[6:]:
        pull = 0.25 * ((target if target is not None else value) - value)
        value = value + pull + rng.normal(0, step)
        path[key] = value
    if indicator in MEDICATION_BREAK:
        for key in RAI_HALF_YEARS[:2]:
            path[key] -= MEDICATION_BREAK[indicator]
    low, high = (0.5, 2.0) if score else (0.5, 99.5)
    return {k: (v if k[0] == 2023 else float(np.clip(v, low, high))) for k, v in path.items()}


def _national_path(rng: np.random.Generator, indicator: str, value_2023: float) -> dict[tuple[int, int], float]:
    score = indicator in RAI_SCORES
    out = {}
    for year, half in RAI_HALF_YEARS:
        if year == 2023:
            out[(year, half)] = value_2023
            continue
        drift = (year - 2023) * (0.005 if score else -0.3)
        out[(year, half)] = value_2023 + drift + rng.normal(0, 0.004 if score else 0.3)
        if indicator in MEDICATION_BREAK and year < 2022:
            out[(year, half)] -= MEDICATION_BREAK[indicator]
    return out


def _calibrated_fraction(percent: float, n: int, max_drop: int = 10) -> tuple[int, int]:
    """(numerator, denominator ≤ n) whose share shows as ``percent`` at 0,1 pp.

    With n below 1000 not every one-decimal percent is k/n (53,0 % of 884 is not), so a few clients
    may drop out of the denominator, as they do in THL's indicators when an item is missing.
    """
    for denominator in range(n, n - max_drop - 1, -1):
        k = int(round(percent / 100 * denominator))
        if abs(k / denominator * 100 - percent) < 0.04:
            return k, denominator
    raise ValueError(f"cannot express {percent} % with a denominator near {n}")


def _setting_n(rng: np.random.Generator, setting: str, year: int, half: int) -> int:
    published = RAI_N[setting]
    if (year, half) in published:
        return published[(year, half)]
    base = np.mean(list(published.values()))
    growth = 0.012 if setting == "kotihoito" else 0.002
    return int(round(base * (1 + growth * ((year - 2023) * 2 + half - 1.5)) + rng.normal(0, 12)))


def build_rai(org: pd.DataFrame, rng: np.random.Generator, targets: dict[str, float | None]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Unit-level RAI results and the national values."""
    rows, national_rows = [], []
    for setting, area in (("kotihoito", "Kotihoito"), ("asumispalvelut", "Asumispalvelut")):
        ids, weights = _unit_weights(org, areas=(area,))
        unit_effect = {ind: rng.normal(0, 0.3, len(ids)) for ind in RAI_PUBLISHED[setting]}
        paths = {ind: _rai_path(rng, ind, nat, h1, h2, targets.get(ind)) for ind, (nat, h1, h2) in RAI_PUBLISHED[setting].items()}
        nat_paths = {ind: _national_path(rng, ind, nat) for ind, (nat, _, _) in RAI_PUBLISHED[setting].items()}
        for year, half in RAI_HALF_YEARS:
            n_total = _setting_n(rng, setting, year, half)
            unit_n = _allocate(n_total, weights * rng.uniform(0.92, 1.08, len(ids)))
            small = unit_n < 8
            unit_n[small] = np.clip(unit_n[small], 3, None)  # tiny units stay tiny (THL suppression applies)
            unit_n[np.argmax(unit_n)] -= unit_n.sum() - n_total
            national_n = int(round(RAI_NATIONAL_N[setting] * (1 + 0.01 * (year - 2023)))) if year != 2023 else RAI_NATIONAL_N[setting]
            for indicator, path in paths.items():
                value = path[(year, half)]
                nat_value = nat_paths[indicator][(year, half)]
                if indicator in RAI_SCORES:
                    total = round(value * n_total, 2)
                    means = value * np.exp(unit_effect[indicator] * 0.15 + rng.normal(0, 0.02, len(ids)))
                    nums = np.round(means * unit_n, 2)
                    nums[np.argmax(unit_n)] += round(total - nums.sum(), 2)
                    nums = np.round(nums, 2)
                    nat_num = round(nat_value * national_n, 2)
                    dens = unit_n
                else:
                    if (year, half) in RAI_N[setting]:
                        total, denominator = _calibrated_fraction(value, n_total)
                    else:
                        total, denominator = int(round(value / 100 * n_total)), n_total
                    dens = unit_n.copy()
                    for j in np.argsort(-unit_n, kind="stable")[: n_total - denominator]:
                        dens[j] -= 1  # clients with a missing item drop out of this indicator
                    p = np.clip(value / 100, 0.002, 0.998)
                    logit = np.log(p / (1 - p)) + unit_effect[indicator] + rng.normal(0, 0.12, len(ids))
                    rates = 1 / (1 + np.exp(-logit))
                    nums = _allocate(total, rates * dens + 1e-9, caps=dens).astype(float)
                    nat_num = float(round(nat_value / 100 * national_n))
                for unit_id, n_u, num in zip(ids, dens, nums):
                    rows.append({"year": year, "half": half, "setting": setting, "unit_id": unit_id,
                                 "indicator_id": indicator, "numerator": float(num), "denominator": int(n_u)})
                national_rows.append({"year": year, "half": half, "setting": setting, "indicator_id": indicator,
                                      "numerator": float(nat_num), "denominator": national_n})
    rai = pd.DataFrame(rows)
    national = pd.DataFrame(national_rows)
    return rai[list(CONTRACTS["rai_results"].columns)], national[list(CONTRACTS["rai_national"].columns)]


# ----------------------------------------------------------------------------------------------- writing
@dataclass(frozen=True)
class SampleTables:
    org_units: pd.DataFrame
    incidents: pd.DataFrame
    rescue_tasks: pd.DataFrame
    rai_results: pd.DataFrame
    rai_national: pd.DataFrame
    feedback: pd.DataFrame
    ombudsman_contacts: pd.DataFrame
    success_reports: pd.DataFrame
    own_values: pd.DataFrame


def _rai_targets() -> dict[str, float | None]:
    """Each RAI indicator's target from the bundled catalogue (the 2024 values drift towards it)."""
    return {i.id: (i.target.value if i.target else None) for i in load_catalogue(DEFAULT_DATA_DIR).by_domain("rai")}


def generate(seed: int = DEFAULT_SEED) -> SampleTables:
    """All sample tables for ``seed``; the same seed gives the same tables."""
    rng = np.random.default_rng(seed)
    org = build_org_units()
    incidents = build_incidents(org, rng)
    rescue = build_rescue_tasks(org, rng)
    rai, national = build_rai(org, rng, _rai_targets())
    # The customer-experience tables draw from a generator of their own: the tables above stay as they were.
    # (Imported here: experience.py builds on this module's helpers.)
    from analytics.sample.experience import build_feedback, build_ombudsman_contacts, build_success_reports
    experience_rng = np.random.default_rng([seed, 6])
    feedback = build_feedback(org, experience_rng)
    contacts = build_ombudsman_contacts(org, experience_rng)
    success = build_success_reports(org, experience_rng)
    # The own indicators' values: a generator of their own too, made after the others.
    from analytics.sample.own import build_own_values
    own = build_own_values(org, np.random.default_rng([seed, 7]))
    return SampleTables(_with_a_lone_small_unit(org), incidents, rescue, rai, national, feedback, contacts, success,
                        own)


LONE_UNIT = ("Ryhmäkoti Pihlaja", "Pienryhmäkodit")
"""A small unit (3 assessed clients) that is a palvelualue of its own, as in ordinary organisations: the
shape that a per-view small-number rule could not protect (the county's n minus its palvelualue's). It is
generated with Asumispalvelut, so the county's figures do not depend on it."""


def _with_a_lone_small_unit(org: pd.DataFrame) -> pd.DataFrame:
    org = org.copy()
    name, area = LONE_UNIT
    org.loc[org["unit_name"] == name, "palvelualue"] = area
    return org


def write_sample(out_dir: Path | str, seed: int = DEFAULT_SEED) -> list[Path]:
    """Generate the sample and write it to ``out_dir``; return the files written.

    The indicator catalogue is copied beside the tables when ``out_dir`` has none.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate(seed)
    written = []
    for name in (*REQUIRED_TABLES, *EXPERIENCE_TABLES, *OWN_TABLES):
        contract = CONTRACTS[name]
        path = out / contract.file
        tmp = path.with_suffix(".parquet.tmp")
        getattr(tables, name).to_parquet(tmp, index=False)
        tmp.replace(path)
        written.append(path)
    catalogue = out / CATALOGUE_FILE
    if not catalogue.exists():
        shutil.copyfile(DEFAULT_DATA_DIR / CATALOGUE_FILE, catalogue)
        written.append(catalogue)
    marker = out / DATASET_FILE
    marker.write_text(
        f'synthetic = true\ncounty = "{COUNTY}"\nseed = {seed}\nfirst_month = "1/2021"\nlast_month = "12/2024"\n'
        'note = "Synthetic sample calibrated to the published 5-8/2024 interim review; no real client data."\n',
        encoding="utf-8",
    )
    written.append(marker)
    return written

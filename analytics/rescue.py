"""Rescue services response (toimintavalmius): compliance by risk class and effectiveness.

Compliance is the share of urgent tasks where the first unit arrived within the risk class's
target minutes (I 6, II 10, III 20; IV has none). Tasks are counted by alarm time.
"""
from __future__ import annotations

import math

import pandas as pd

from analytics.catalogue import Catalogue
from analytics.contracts import RISK_CLASSES
from analytics.intervals import wilson
from analytics.periods import Tertial

BUILDING_FIRE_TYPES = ("rakennuspalo", "rakennuspalovaara")


def in_period(tasks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Tasks whose alarm time falls in [start, end)."""
    times = tasks["alarm_time"]
    return tasks[(times >= start) & (times < end)]


def class_targets(catalogue: Catalogue) -> dict[str, tuple[float | None, float | None]]:
    """Per risk class: (target minutes, target share in percent); None where not set.

    The share is the binding target: the county's own (service-level decision) where the catalogue
    sets one, else the national 50 %.
    """
    out: dict[str, tuple[float | None, float | None]] = {}
    for risk_class in RISK_CLASSES:
        ind = catalogue.rescue_class(risk_class)
        minutes = ind.target_minutes if ind else None
        share = ind.target.value if ind and ind.target else None
        out[risk_class] = (minutes, share)
    return out


def target_sources(catalogue: Catalogue) -> dict[str, str | None]:
    """Per risk class: who set the binding target share (``county`` or ``national``), None if none."""
    out: dict[str, str | None] = {}
    for risk_class in RISK_CLASSES:
        ind = catalogue.rescue_class(risk_class)
        out[risk_class] = ind.target.source if ind and ind.target else None
    return out


def compliance_by_risk_class(tasks: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """Compliance of the given tasks per risk class.

    Columns: risk_class, target_minutes, target_share_pct (percent), tasks, met, share_pct (percent;
    empty where the class has no minute target), lower_pct and upper_pct (its 95 % Wilson interval,
    percent), median_minutes, p90_minutes.
    """
    rows = []
    for risk_class, (minutes, target_share) in class_targets(catalogue).items():
        chosen = tasks[tasks["risk_class"] == risk_class]["response_minutes"]
        n = len(chosen)
        met = int((chosen <= minutes).sum()) if minutes is not None else None
        interval = wilson(met, n) if (met is not None and n) else None
        rows.append(
            {
                "risk_class": risk_class,
                "target_minutes": minutes,
                "target_share_pct": target_share,
                "tasks": n,
                "met": met,
                "share_pct": (met / n * 100) if (met is not None and n) else math.nan,
                "lower_pct": interval.lower * 100 if interval else math.nan,
                "upper_pct": interval.upper * 100 if interval else math.nan,
                "median_minutes": float(chosen.median()) if n else math.nan,
                "p90_minutes": float(chosen.quantile(0.9)) if n else math.nan,
            }
        )
    return pd.DataFrame(rows)


def compliance_in_tertial(tasks: pd.DataFrame, tertial: Tertial, catalogue: Catalogue) -> pd.DataFrame:
    """compliance_by_risk_class for ``tertial``, with the same tertial a year before as previous_share_pct."""
    now = compliance_by_risk_class(in_period(tasks, tertial.start, tertial.end), catalogue)
    before_tertial = tertial.year_before()
    before = compliance_by_risk_class(in_period(tasks, before_tertial.start, before_tertial.end), catalogue)
    now["previous_share_pct"] = before["share_pct"].to_numpy()
    return now


def effectiveness(tasks: pd.DataFrame) -> dict:
    """Persons rescued, and property threatened and saved (EUR) in building fires and fire hazards.

    ``saved_pct`` is a percent (0–100), NaN when nothing was threatened.
    """
    fires = tasks[tasks["task_type"].isin(BUILDING_FIRE_TYPES)]
    threatened = float(fires["property_threatened_eur"].sum())
    saved = float(fires["property_saved_eur"].sum())
    return {
        "persons_rescued": int(tasks["persons_rescued"].sum()),
        "property_threatened_eur": threatened,
        "property_saved_eur": saved,
        "saved_pct": saved / threatened * 100 if threatened else math.nan,
    }


def monthly_compliance(tasks: pd.DataFrame, catalogue: Catalogue, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Month-by-month compliance per risk class with a minute target, plus persons rescued.

    Columns: month, risk_class, tasks, met, share_pct (percent).
    """
    chosen = in_period(tasks, start, end)
    targets = {k: m for k, (m, _) in class_targets(catalogue).items() if m is not None}
    chosen = chosen[chosen["risk_class"].isin(list(targets))]
    limit = chosen["risk_class"].map(targets).astype(float)
    frame = chosen.assign(
        month=chosen["alarm_time"].dt.to_period("M").dt.to_timestamp(),
        met=(chosen["response_minutes"] <= limit).astype(int),
    )
    table = frame.groupby(["month", "risk_class"]).agg(tasks=("met", "size"), met=("met", "sum")).reset_index()
    table["share_pct"] = table["met"] / table["tasks"] * 100
    return table


def monthly_rescued(tasks: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Persons rescued per month. Columns: month, persons_rescued."""
    chosen = in_period(tasks, start, end)
    months = pd.date_range(start, end - pd.Timedelta(days=1), freq="MS")
    series = chosen.groupby(chosen["alarm_time"].dt.to_period("M").dt.to_timestamp())["persons_rescued"].sum()
    return series.reindex(months, fill_value=0).rename_axis("month").reset_index(name="persons_rescued")

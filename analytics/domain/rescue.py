"""Rescue services response (toimintavalmius): compliance by risk class and effectiveness.

Compliance is the share of urgent tasks where the first unit arrived within the risk class's target
minutes (I 6, II 10, III 20; IV has none). Tasks are counted by alarm time. Every figure is SQL over
the store (counts, sums and medians per class, area or month); pandas sees only those results.

    tasks = Tasks.of(bundle, scope)
    compliance_in_tertial(tasks, tertial, bundle.catalogue)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import RESPONSE_MINUTES, DataBundle
from analytics.data.catalogue import Catalogue
from analytics.data.contracts import RISK_CLASSES
from analytics.data.store import Store
from analytics.stats.intervals import wilson

BUILDING_FIRE_TYPES = ("rakennuspalo", "rakennuspalovaara")


@dataclass(frozen=True)
class Tasks:
    """The urgent rescue tasks inside a scope (and, optionally, chosen areas)."""

    store: Store
    clause: str
    params: tuple

    @classmethod
    def of(cls, bundle: DataBundle, scope: Scope, area_column: str | None = None, areas: tuple[str, ...] = ()) -> Tasks:
        clause, params = bundle.store.where(scope, "rescue_tasks", bundle.org_units)
        if areas:
            clause, params = f"{clause} AND list_contains(?, {area_column})", [*params, list(areas)]
        return cls(bundle.store, clause, tuple(params))

    def query(self, select: str, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
              where: str = "TRUE", params: tuple = (), tail: str = "", select_params: tuple = ()) -> pd.DataFrame:
        """``SELECT {select} FROM rescue_tasks WHERE <scope> AND alarm time in [start, end) AND {where} {tail}``.

        ``select_params`` fill placeholders in ``select``, ``params`` those in ``where``.
        """
        window, bounds = [], []
        if start is not None:
            window.append("alarm_time >= ?")
            bounds.append(pd.Timestamp(start))
        if end is not None:
            window.append("alarm_time < ?")
            bounds.append(pd.Timestamp(end))
        return self.store.query(f"SELECT {select} FROM rescue_tasks WHERE {self.clause} AND "
                                f"{' AND '.join(window) or 'TRUE'} AND ({where}) {tail}",
                                [*select_params, *self.params, *bounds, *params])

    def count(self, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None) -> int:
        return int(self.query("count(*)", start, end).iat[0, 0])

    def first_month(self) -> pd.Timestamp | None:
        value = self.query("min(alarm_time)").iat[0, 0]
        return None if pd.isna(value) else pd.Timestamp(value).to_period("M").to_timestamp()


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


def met_sql(catalogue: Catalogue) -> tuple[str, list]:
    """SQL: is a task's response within its class's target minutes (NULL for a class without one)."""
    cases = [(c, m) for c, (m, _) in class_targets(catalogue).items() if m is not None]
    if not cases:
        return "NULL", []
    text = "CASE " + " ".join("WHEN risk_class = ? THEN " + RESPONSE_MINUTES + " <= ?" for _ in cases) + " END"
    return text, [v for c, m in cases for v in (c, float(m))]


def _by_class(tasks: Tasks, catalogue: Catalogue, start, end, extra_group: str = "") -> pd.DataFrame:
    met, params = met_sql(catalogue)
    group = f"{extra_group}, " if extra_group else ""
    return tasks.query(
        f"{group}risk_class, count(*) AS tasks, count(*) FILTER (WHERE {met}) AS met, "
        f"median({RESPONSE_MINUTES}) AS median_minutes, quantile_cont({RESPONSE_MINUTES}, 0.9) AS p90_minutes",
        start, end, tail="GROUP BY ALL", select_params=tuple(params))


def _compliance_rows(counts: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    counts = counts.set_index("risk_class")
    rows = []
    for risk_class, (minutes, target_share) in class_targets(catalogue).items():
        n = int(counts["tasks"].get(risk_class, 0))
        met = int(counts["met"].get(risk_class, 0)) if minutes is not None else None
        interval = wilson(met, n) if (met is not None and n) else None
        rows.append({
            "risk_class": risk_class, "target_minutes": minutes, "target_share_pct": target_share, "tasks": n,
            "met": met, "share_pct": (met / n * 100) if (met is not None and n) else math.nan,
            "lower_pct": interval.lower * 100 if interval else math.nan,
            "upper_pct": interval.upper * 100 if interval else math.nan,
            "median_minutes": float(counts["median_minutes"].get(risk_class, math.nan)) if n else math.nan,
            "p90_minutes": float(counts["p90_minutes"].get(risk_class, math.nan)) if n else math.nan,
        })
    return pd.DataFrame(rows)


def compliance_by_risk_class(tasks: Tasks, catalogue: Catalogue, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Compliance of tasks with an alarm in [start, end) per risk class.

    Columns: risk_class, target_minutes, target_share_pct (percent), tasks, met, share_pct (percent;
    empty where the class has no minute target), lower_pct and upper_pct (its 95 % Wilson interval,
    percent), median_minutes, p90_minutes.
    """
    return _compliance_rows(_by_class(tasks, catalogue, start, end), catalogue)


def _two_windows(tertial: Tertial) -> tuple[str, tuple]:
    before = tertial.year_before()
    return ("(alarm_time >= ? AND alarm_time < ?) OR (alarm_time >= ? AND alarm_time < ?)",
            (tertial.start, tertial.end, before.start, before.end))


def compliance_now_and_before(tasks: Tasks, tertial: Tertial, catalogue: Catalogue) -> tuple[pd.DataFrame, pd.DataFrame]:
    """compliance_by_risk_class of ``tertial`` and of the same tertial a year before, from one query."""
    met, params = met_sql(catalogue)
    window, bounds = _two_windows(tertial)
    counts = tasks.query(
        f"alarm_time >= ? AS now, risk_class, count(*) AS tasks, count(*) FILTER (WHERE {met}) AS met, "
        f"median({RESPONSE_MINUTES}) AS median_minutes, quantile_cont({RESPONSE_MINUTES}, 0.9) AS p90_minutes",
        where=window, params=bounds, tail="GROUP BY ALL", select_params=(tertial.start, *params))
    now = counts["now"].astype(bool)
    return _compliance_rows(counts[now], catalogue), _compliance_rows(counts[~now], catalogue)


def compliance_in_tertial(tasks: Tasks, tertial: Tertial, catalogue: Catalogue) -> pd.DataFrame:
    """compliance_by_risk_class for ``tertial``, with the same tertial a year before as previous_share_pct."""
    now, before = compliance_now_and_before(tasks, tertial, catalogue)
    now["previous_share_pct"] = before["share_pct"].to_numpy()
    return now


def _effect(rescued: float, threatened: float, saved: float) -> dict:
    threatened, saved = float(threatened), float(saved)
    return {"persons_rescued": int(rescued), "property_threatened_eur": threatened, "property_saved_eur": saved,
            "saved_pct": saved / threatened * 100 if threatened else math.nan}


_EFFECT_SQL = ("coalesce(sum(persons_rescued), 0) AS rescued, "
               "coalesce(sum(property_threatened_eur) FILTER (WHERE list_contains(?, task_type)), 0) AS threatened, "
               "coalesce(sum(property_saved_eur) FILTER (WHERE list_contains(?, task_type)), 0) AS saved")


def effectiveness(tasks: Tasks, start: pd.Timestamp, end: pd.Timestamp) -> dict:
    """Persons rescued, and property threatened and saved (EUR) in building fires and fire hazards.

    ``saved_pct`` is a percent (0–100), NaN when nothing was threatened.
    """
    fires = list(BUILDING_FIRE_TYPES)
    row = tasks.query(_EFFECT_SQL, start, end, select_params=(fires, fires)).iloc[0]
    return _effect(row["rescued"], row["threatened"], row["saved"])


def effectiveness_now_and_before(tasks: Tasks, tertial: Tertial) -> tuple[dict, dict]:
    """effectiveness of ``tertial`` and of the same tertial a year before, from one query."""
    fires = list(BUILDING_FIRE_TYPES)
    window, bounds = _two_windows(tertial)
    frame = tasks.query(f"alarm_time >= ? AS now, {_EFFECT_SQL}", where=window, params=bounds, tail="GROUP BY ALL",
                        select_params=(tertial.start, fires, fires))
    found = {bool(r.now): _effect(r.rescued, r.threatened, r.saved) for r in frame.itertuples(index=False)}
    empty = _effect(0, 0, 0)
    return found.get(True, empty), found.get(False, empty)


def monthly_compliance(tasks: Tasks, catalogue: Catalogue, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Month-by-month compliance per risk class with a minute target.

    Columns: month, risk_class, tasks, met, share_pct (percent).
    """
    timed = [c for c, (m, _) in class_targets(catalogue).items() if m is not None]
    table = _by_class(tasks, catalogue, start, end, "date_trunc('month', alarm_time) AS month")
    table = table[table["risk_class"].isin(timed)].copy()
    table["month"] = pd.to_datetime(table["month"])
    table["tasks"] = table["tasks"].astype(int)
    table["met"] = table["met"].astype(int)
    table["share_pct"] = table["met"] / table["tasks"] * 100
    return table.sort_values(["month", "risk_class"])[["month", "risk_class", "tasks", "met", "share_pct"]].reset_index(
        drop=True)


def monthly_rescued(tasks: Tasks, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Persons rescued per month. Columns: month, persons_rescued."""
    months = pd.date_range(start, end - pd.Timedelta(days=1), freq="MS")
    frame = tasks.query("date_trunc('month', alarm_time) AS month, sum(persons_rescued) AS persons_rescued",
                        start, end, tail="GROUP BY ALL")
    series = pd.Series(frame["persons_rescued"].to_numpy(dtype=int), index=pd.to_datetime(frame["month"]))
    return series.reindex(months, fill_value=0).rename_axis("month").reset_index(name="persons_rescued")

"""Incident reports (HaiPro): counts by category, event kind and type, reporters, actions, reaction times.

Reports are counted by report date; comparisons are against the same tertial a year before. Every
figure comes from SQL over the store: counts from a *cube* (reports per month and category, event
kind, event type, reporter, development action and theme, with a count ``n``) that is small whatever
the size of the data, and reaction times from SQL medians. pandas only arranges these results.

    reports = Reports.of(bundle, scope)
    cube = reports.cube(start, end)                  # month, category, …, n
    counts_by_category(cube, tertial)
    reaction_summary(reports, tertial)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import REACTION_DAYS, DataBundle
from analytics.data.contracts import CATEGORIES, EVENT_KINDS
from analytics.data.store import Scoped
from analytics.stats.compare import RateComparison, compare_monthly

PATIENT_SAFETY = "patient_safety"
OBSERVATION_SHARE = "incident_observation_share"
REACTION_TIME = "incident_reaction_days"
"""The catalogue's indicators whose targets the incident figures are measured against."""
CUBE_COLUMNS = ("category", "event_kind", "event_type", "reporter", "development_action", "development_theme")
"""What the cube counts by, besides the month."""


@dataclass(frozen=True)
class Reports(Scoped):
    """The incident reports inside a scope: the store and the WHERE clause that keeps them."""

    TABLE = "incidents"
    reaction_target_days: float

    @classmethod
    def of(cls, bundle: DataBundle, scope: Scope) -> Reports:
        """The reports in ``scope``, with the catalogue's reaction-time target (reports are handled under it)."""
        clause, params = bundle.store.where(scope, cls.TABLE, bundle.org_units)
        return cls(bundle.store, clause, tuple(params), bundle.catalogue.target_value(REACTION_TIME))

    def cube(self, start: pd.Timestamp | None = None, end: pd.Timestamp | None = None,
             where: str = "TRUE", params: tuple = ()) -> pd.DataFrame:
        """Reports per month (first day) and CUBE_COLUMNS in [start, end), as ``n``; all months if no start."""
        window, bounds = _window("report_date", start, end)
        frame = self.query(f"date_trunc('month', report_date) AS month, {', '.join(CUBE_COLUMNS)}, count(*) AS n",
                           f"{window} AND ({where})", (*bounds, *params), "GROUP BY ALL ORDER BY month")
        frame["month"] = pd.to_datetime(frame["month"])
        frame["n"] = frame["n"].astype(int)
        return frame

    def first_month(self) -> pd.Timestamp | None:
        """The first month with a report in scope."""
        value = self.query("min(report_date)").iat[0, 0]
        return None if pd.isna(value) else pd.Timestamp(value).to_period("M").to_timestamp()

    def reaction(self, start: pd.Timestamp, end: pd.Timestamp, where: str = "TRUE", params: tuple = (),
                 by: str | None = None) -> pd.DataFrame:
        """Reaction time (days) of reports made in [start, end), per ``by`` (SQL expression) if given.

        Columns: [by,] reports, handled, unhandled, median_days, within_target (count handled in under
        ``reaction_target_days``).
        """
        group = f"{by} AS key, " if by else ""
        frame = self.query(
            f"{group}count(*) AS reports, count({REACTION_DAYS}) AS handled, "
            f"count(*) - count({REACTION_DAYS}) AS unhandled, median({REACTION_DAYS}) AS median_days, "
            f"count(*) FILTER (WHERE {REACTION_DAYS} < {float(self.reaction_target_days)!r}) AS within_target",
            f"report_date >= ? AND report_date < ? AND ({where})", (start, end, *params),
            "GROUP BY ALL" if by else "")
        return frame


def _window(column: str, start: pd.Timestamp | None, end: pd.Timestamp | None) -> tuple[str, tuple]:
    parts, params = [], []
    if start is not None:
        parts.append(f"{column} >= ?")
        params.append(pd.Timestamp(start))
    if end is not None:
        parts.append(f"{column} < ?")
        params.append(pd.Timestamp(end))
    return (" AND ".join(parts) or "TRUE"), tuple(params)


def in_period(cube: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """The cube's rows for months in [start, end)."""
    return cube[(cube["month"] >= start) & (cube["month"] < end)]


def in_tertial(cube: pd.DataFrame, tertial: Tertial) -> pd.DataFrame:
    return in_period(cube, tertial.start, tertial.end)


def _counts(cube: pd.DataFrame, by: str) -> pd.Series:
    return cube.groupby(by)["n"].sum()


def _compare(current: pd.Series, previous: pd.Series, order: tuple[str, ...], key: str) -> pd.DataFrame:
    table = pd.DataFrame({"current": current, "previous": previous}).reindex(list(order)).fillna(0).astype(int)
    table["change"] = table["current"] - table["previous"]
    table["change_pct"] = (table["change"] / table["previous"].where(table["previous"] > 0) * 100).astype(float)
    return table.rename_axis(key).reset_index()


def counts_by_category(cube: pd.DataFrame, tertial: Tertial) -> pd.DataFrame:
    """Reports per category in ``tertial`` and a year before, with a ``total`` row.

    Columns: category, current, previous, change, change_pct (percent; empty when previous is 0).
    """
    table = _compare(_counts(in_tertial(cube, tertial), "category"),
                     _counts(in_tertial(cube, tertial.year_before()), "category"), CATEGORIES, "category")
    total = pd.DataFrame(
        [{"category": "total", "current": int(table["current"].sum()), "previous": int(table["previous"].sum())}]
    )
    total["change"] = total["current"] - total["previous"]
    total["change_pct"] = total["change"] / total["previous"].where(total["previous"] > 0) * 100
    return pd.concat([table, total], ignore_index=True)


def counts_by_event_kind(cube: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> pd.DataFrame:
    """Reports of ``category`` per event kind, now and a year before. Columns as counts_by_category."""
    scoped = cube[cube["category"] == category]
    return _compare(_counts(in_tertial(scoped, tertial), "event_kind"),
                    _counts(in_tertial(scoped, tertial.year_before()), "event_kind"), EVENT_KINDS, "event_kind")


def event_type_shares(cube: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> pd.DataFrame:
    """Event types of ``category`` ranked by count in ``tertial``.

    Columns: event_type, count, share_pct (percent of the category's reports), previous,
    previous_share_pct, change_pp (percentage points).
    """
    scoped = cube[cube["category"] == category]
    table = pd.DataFrame({"count": _counts(in_tertial(scoped, tertial), "event_type"),
                          "previous": _counts(in_tertial(scoped, tertial.year_before()), "event_type")})
    table = table.fillna(0).astype(int)
    table["share_pct"] = table["count"] / max(int(table["count"].sum()), 1) * 100
    table["previous_share_pct"] = table["previous"] / max(int(table["previous"].sum()), 1) * 100
    table["change_pp"] = table["share_pct"] - table["previous_share_pct"]
    table = table[table["count"] > 0].sort_values(["count", "share_pct"], ascending=False)
    return table.rename_axis("event_type").reset_index()[
        ["event_type", "count", "share_pct", "previous", "previous_share_pct", "change_pp"]
    ]


def count_now_and_before(cube: pd.DataFrame, tertial: Tertial, mask: pd.Series) -> tuple[int, int]:
    """How many reports of the cube's rows matching ``mask`` in ``tertial`` and a year before."""
    chosen = cube[mask]
    return int(in_tertial(chosen, tertial)["n"].sum()), int(in_tertial(chosen, tertial.year_before())["n"].sum())


def _months(period: Tertial) -> pd.PeriodIndex:
    return pd.period_range(period.start, period.end - pd.Timedelta(days=1), freq="M")


def monthly_by(cube: pd.DataFrame, tertial: Tertial, by: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly counts in ``tertial`` and a year before, one column per value of ``by`` (one ``n`` column if None).

    Both frames are indexed by the month (a pandas Period) with every month present (0 when empty),
    so ``index.days_in_month`` gives the exposure. One grouping serves every column.
    """
    before = tertial.year_before()
    window = cube[((cube["month"] >= tertial.start) & (cube["month"] < tertial.end))
                  | ((cube["month"] >= before.start) & (cube["month"] < before.end))]
    keys = [window["month"].dt.to_period("M")] + ([window[by]] if by else [])
    grouped = window.groupby(keys)["n"].sum()
    table = grouped.unstack(fill_value=0) if by else grouped.to_frame("n")
    return tuple(table.reindex(_months(p), fill_value=0).astype(int) for p in (tertial, before))  # type: ignore[return-value]


def monthly_now_and_before(cube: pd.DataFrame, tertial: Tertial, mask: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Monthly counts of the cube's rows matching ``mask`` in ``tertial`` and a year before (0 for empty months).

    Each series is indexed by the month (a pandas Period), so ``index.days_in_month`` gives the exposure.
    """
    now, before = monthly_by(cube[mask], tertial)
    return now["n"], before["n"]


def client_reports(cube: pd.DataFrame, tertial: Tertial) -> tuple[int, int]:
    """Reports made by clients, patients or relatives: (now, a year before)."""
    return count_now_and_before(cube, tertial, cube["reporter"] == "client")


def development_actions(cube: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> tuple[int, int]:
    """Reports of ``category`` with a planned development action: (now, a year before)."""
    return count_now_and_before(cube, tertial, (cube["category"] == category) & cube["development_action"])


def development_themes(cube: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> pd.DataFrame:
    """Planned development actions by theme in ``tertial``. Columns: theme, count."""
    chosen = in_tertial(cube[(cube["category"] == category) & cube["development_action"]], tertial)
    counts = _counts(chosen, "development_theme").sort_values(ascending=False, kind="stable")
    counts = counts[counts > 0].astype(int)
    return counts.rename_axis("theme").reset_index(name="count")


def near_miss_ratio(kinds: pd.DataFrame, column: str = "current") -> float:
    """Near misses per harm event from a counts_by_event_kind table (NaN without harm events)."""
    by_kind = kinds.set_index("event_kind")[column]
    harm = by_kind.get("harm", 0)
    return float(by_kind.get("near_miss", 0) / harm) if harm else float("nan")


def observation_share_pct(kinds: pd.DataFrame, column: str = "current") -> float:
    """Observations and improvement proposals as a percent of all reports of the table (NaN when a count of
    the table is missing: hidden by the small-number rule, the total is unknown)."""
    if kinds[column].isna().any():
        return float("nan")
    total = kinds[column].sum()
    return float(kinds.set_index("event_kind")[column].get("observation", 0) / total * 100) if total else float("nan")


def _reaction_figures(row: pd.Series | None) -> dict:
    if row is None or not row["reports"]:
        return {"reports": 0, "handled": 0, "unhandled": 0, "median_days": math.nan, "within_target_pct": math.nan}
    handled = int(row["handled"])
    return {"reports": int(row["reports"]), "handled": handled, "unhandled": int(row["unhandled"]),
            "median_days": float(row["median_days"]) if handled else math.nan,
            "within_target_pct": float(row["within_target"] / handled * 100) if handled else math.nan}


def reaction_figures(reports: Reports, start: pd.Timestamp, end: pd.Timestamp, where: str = "TRUE",
                     params: tuple = ()) -> dict:
    """reports, handled, unhandled, median_days and within_target_pct (percent of handled under the target)."""
    frame = reports.reaction(start, end, where, params)
    return _reaction_figures(frame.iloc[0] if len(frame) else None)


def reaction_summary(reports: Reports, tertial: Tertial, category: str = PATIENT_SAFETY) -> dict:
    """Reaction time (report → first handling, days) of ``category`` reports made in ``tertial``.

    Returns median_days, within_target_pct (percent handled under the target, of handled reports),
    handled and unhandled counts, and the same median a year before (previous_median_days).
    """
    now = reaction_figures(reports, tertial.start, tertial.end, "category = ?", (category,))
    before = tertial.year_before()
    previous = reaction_figures(reports, before.start, before.end, "category = ?", (category,))
    return {"median_days": now["median_days"], "previous_median_days": previous["median_days"],
            "within_target_pct": now["within_target_pct"], "handled": now["handled"], "unhandled": now["unhandled"]}


def monthly(reports: Reports, cube: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Month-by-month figures of client/patient safety reports in [start, end).

    Columns: month (first day), reports, harm, near_miss, observation, near_miss_ratio,
    observation_share_pct (percent), reaction_median_days, client_reports, development_actions.
    Months with no reports appear with zeros.
    """
    scoped = in_period(cube[cube["category"] == PATIENT_SAFETY], start, end)
    months = pd.date_range(start, end - pd.Timedelta(days=1), freq="MS")

    def per_month(mask: pd.Series | None = None) -> pd.Series:
        chosen = scoped if mask is None else scoped[mask]
        return chosen.groupby("month")["n"].sum().reindex(months, fill_value=0).astype(int)

    medians = reports.reaction(start, end, "category = ?", (PATIENT_SAFETY,), by="date_trunc('month', report_date)")
    medians = pd.Series(medians["median_days"].to_numpy(dtype=float), index=pd.to_datetime(medians["key"]))
    table = pd.DataFrame({
        "reports": per_month(), "harm": per_month(scoped["event_kind"] == "harm"),
        "near_miss": per_month(scoped["event_kind"] == "near_miss"),
        "observation": per_month(scoped["event_kind"] == "observation"),
        "reaction_median_days": medians.reindex(months).astype(float),
        "client_reports": per_month(scoped["reporter"] == "client"),
        "development_actions": per_month(scoped["development_action"].astype(bool)),
    }, index=months)
    table["near_miss_ratio"] = table["near_miss"] / table["harm"].where(table["harm"] > 0)
    table["observation_share_pct"] = table["observation"] / table["reports"].where(table["reports"] > 0) * 100
    return table.rename_axis("month").reset_index()


def compared_by_category(cube: pd.DataFrame, tertial: Tertial) -> tuple[pd.DataFrame, dict[str, RateComparison | None]]:
    """counts_by_category with each row's quasi-Poisson comparison (ratio, lower, upper, p_value, significant, method)."""
    table = counts_by_category(cube, tertial)
    now, before = monthly_by(cube, tertial, "category")
    comparisons: dict[str, RateComparison | None] = {}
    for category in table["category"]:
        if category == "total":
            comparisons[category] = compare_monthly(now.sum(axis=1), before.sum(axis=1))
        else:
            comparisons[category] = compare_monthly(now.get(category, pd.Series(0, index=now.index)),
                                                    before.get(category, pd.Series(0, index=before.index)))
    for column in ("ratio", "lower", "upper", "p_value"):
        table[column] = [getattr(comparisons[c], column) if comparisons[c] else math.nan for c in table["category"]]
    table["significant"] = [bool(comparisons[c].significant) if comparisons[c] else False for c in table["category"]]
    table["method"] = [comparisons[c].method if comparisons[c] else None for c in table["category"]]
    return table, comparisons

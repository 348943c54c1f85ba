"""Incident reports (HaiPro): counts by category, event kind and type, reporters, actions, reaction times.

Reports are counted by report date. Comparisons are against the same tertial a year before.
"""
from __future__ import annotations

import math

import pandas as pd

from analytics.compare import RateComparison, compare_monthly
from analytics.contracts import CATEGORIES, EVENT_KINDS
from analytics.periods import Tertial

PATIENT_SAFETY = "patient_safety"
REACTION_TARGET_DAYS = 14


def in_period(incidents: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Reports whose report date falls in [start, end)."""
    dates = incidents["report_date"]
    return incidents[(dates >= start) & (dates < end)]


def in_tertial(incidents: pd.DataFrame, tertial: Tertial) -> pd.DataFrame:
    return in_period(incidents, tertial.start, tertial.end)


def _compare(current: pd.Series, previous: pd.Series, order: tuple[str, ...], key: str) -> pd.DataFrame:
    table = pd.DataFrame({"current": current, "previous": previous}).reindex(list(order)).fillna(0).astype(int)
    table["change"] = table["current"] - table["previous"]
    table["change_pct"] = (table["change"] / table["previous"].where(table["previous"] > 0) * 100).astype(float)
    return table.rename_axis(key).reset_index()


def counts_by_category(incidents: pd.DataFrame, tertial: Tertial) -> pd.DataFrame:
    """Reports per category in ``tertial`` and a year before, with a ``total`` row.

    Columns: category, current, previous, change, change_pct (percent; empty when previous is 0).
    """
    now = in_tertial(incidents, tertial)["category"].value_counts()
    before = in_tertial(incidents, tertial.year_before())["category"].value_counts()
    table = _compare(now, before, CATEGORIES, "category")
    total = pd.DataFrame(
        [{"category": "total", "current": int(table["current"].sum()), "previous": int(table["previous"].sum())}]
    )
    total["change"] = total["current"] - total["previous"]
    total["change_pct"] = total["change"] / total["previous"].where(total["previous"] > 0) * 100
    return pd.concat([table, total], ignore_index=True)


def counts_by_event_kind(incidents: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> pd.DataFrame:
    """Reports of ``category`` per event kind, now and a year before. Columns as counts_by_category."""
    scoped = incidents[incidents["category"] == category]
    now = in_tertial(scoped, tertial)["event_kind"].value_counts()
    before = in_tertial(scoped, tertial.year_before())["event_kind"].value_counts()
    return _compare(now, before, EVENT_KINDS, "event_kind")


def event_type_shares(incidents: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> pd.DataFrame:
    """Event types of ``category`` ranked by count in ``tertial``.

    Columns: event_type, count, share_pct (percent of the category's reports), previous,
    previous_share_pct, change_pp (percentage points).
    """
    scoped = incidents[incidents["category"] == category]
    now = in_tertial(scoped, tertial)["event_type"].value_counts()
    before = in_tertial(scoped, tertial.year_before())["event_type"].value_counts()
    table = pd.DataFrame({"count": now, "previous": before}).fillna(0).astype(int)
    table["share_pct"] = table["count"] / max(int(table["count"].sum()), 1) * 100
    table["previous_share_pct"] = table["previous"] / max(int(table["previous"].sum()), 1) * 100
    table["change_pp"] = table["share_pct"] - table["previous_share_pct"]
    table = table[table["count"] > 0].sort_values(["count", "share_pct"], ascending=False)
    return table.rename_axis("event_type").reset_index()[
        ["event_type", "count", "share_pct", "previous", "previous_share_pct", "change_pp"]
    ]


def count_now_and_before(incidents: pd.DataFrame, tertial: Tertial, mask: pd.Series) -> tuple[int, int]:
    """How many reports matching ``mask`` in ``tertial`` and a year before."""
    chosen = incidents[mask]
    return len(in_tertial(chosen, tertial)), len(in_tertial(chosen, tertial.year_before()))


def monthly_now_and_before(incidents: pd.DataFrame, tertial: Tertial, mask: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Monthly counts of reports matching ``mask`` in ``tertial`` and a year before (months without reports are 0).

    Each series is indexed by the month (a pandas Period), so ``index.days_in_month`` gives the exposure.
    """
    chosen = incidents[mask]

    def by_month(period: Tertial) -> pd.Series:
        months = pd.period_range(period.start, period.end - pd.Timedelta(days=1), freq="M")
        counts = in_tertial(chosen, period)["report_date"].dt.to_period("M").value_counts()
        return counts.reindex(months, fill_value=0).astype(int)

    return by_month(tertial), by_month(tertial.year_before())


def client_reports(incidents: pd.DataFrame, tertial: Tertial) -> tuple[int, int]:
    """Reports made by clients, patients or relatives: (now, a year before)."""
    return count_now_and_before(incidents, tertial, incidents["reporter"] == "client")


def development_actions(incidents: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> tuple[int, int]:
    """Reports of ``category`` with a planned development action: (now, a year before)."""
    mask = (incidents["category"] == category) & incidents["development_action"]
    return count_now_and_before(incidents, tertial, mask)


def development_themes(incidents: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> pd.DataFrame:
    """Planned development actions by theme in ``tertial``. Columns: theme, count."""
    chosen = in_tertial(incidents[(incidents["category"] == category) & incidents["development_action"]], tertial)
    counts = chosen["development_theme"].value_counts()
    return counts.rename_axis("theme").reset_index(name="count")


def near_miss_ratio(kinds: pd.DataFrame, column: str = "current") -> float:
    """Near misses per harm event from a counts_by_event_kind table (NaN without harm events)."""
    by_kind = kinds.set_index("event_kind")[column]
    harm = by_kind.get("harm", 0)
    return float(by_kind.get("near_miss", 0) / harm) if harm else float("nan")


def observation_share_pct(kinds: pd.DataFrame, column: str = "current") -> float:
    """Observations and improvement proposals as a percent of all reports of the table."""
    total = kinds[column].sum()
    return float(kinds.set_index("event_kind")[column].get("observation", 0) / total * 100) if total else float("nan")


def reaction_summary(incidents: pd.DataFrame, tertial: Tertial, category: str = PATIENT_SAFETY) -> dict:
    """Reaction time (report → first handling, days) of ``category`` reports made in ``tertial``.

    Returns median_days, within_target_pct (percent handled within 14 days, of handled reports),
    handled and unhandled counts, and the same median a year before (previous_median_days).
    """
    scoped = incidents[incidents["category"] == category]
    now = in_tertial(scoped, tertial)["reaction_days"]
    before = in_tertial(scoped, tertial.year_before())["reaction_days"].dropna()
    handled = now.dropna()
    return {
        "median_days": float(handled.median()) if len(handled) else float("nan"),
        "previous_median_days": float(before.median()) if len(before) else float("nan"),
        "within_target_pct": float((handled < REACTION_TARGET_DAYS).mean() * 100) if len(handled) else float("nan"),
        "handled": len(handled),
        "unhandled": int(now.isna().sum()),
    }


def monthly(incidents: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Month-by-month figures of client/patient safety reports in [start, end).

    Columns: month (first day), reports, harm, near_miss, observation, near_miss_ratio,
    observation_share_pct (percent), reaction_median_days, client_reports, development_actions.
    Months with no reports appear with zeros.
    """
    scoped = in_period(incidents[incidents["category"] == PATIENT_SAFETY], start, end)
    month = scoped["report_date"].dt.to_period("M").dt.to_timestamp()
    grouped = scoped.assign(month=month).groupby("month")
    table = pd.DataFrame(
        {
            "reports": grouped.size(),
            "harm": grouped["event_kind"].apply(lambda s: int((s == "harm").sum())),
            "near_miss": grouped["event_kind"].apply(lambda s: int((s == "near_miss").sum())),
            "observation": grouped["event_kind"].apply(lambda s: int((s == "observation").sum())),
            "reaction_median_days": grouped["reaction_days"].median().astype(float),
            "client_reports": grouped["reporter"].apply(lambda s: int((s == "client").sum())),
            "development_actions": grouped["development_action"].sum().astype(int),
        }
    )
    months = pd.date_range(start, end - pd.Timedelta(days=1), freq="MS")
    table = table.reindex(months)
    counts = ["reports", "harm", "near_miss", "observation", "client_reports", "development_actions"]
    for column in counts:
        table[column] = pd.to_numeric(table[column]).fillna(0).astype(int)
    table["reaction_median_days"] = pd.to_numeric(table["reaction_median_days"]).astype(float)
    table["near_miss_ratio"] = table["near_miss"] / table["harm"].where(table["harm"] > 0)
    table["observation_share_pct"] = table["observation"] / table["reports"].where(table["reports"] > 0) * 100
    return table.rename_axis("month").reset_index()


def compared_by_category(incidents: pd.DataFrame, tertial: Tertial) -> tuple[pd.DataFrame, dict[str, RateComparison | None]]:
    """counts_by_category with each row's quasi-Poisson comparison (ratio, lower, upper, p_value, significant, method)."""
    table = counts_by_category(incidents, tertial)
    comparisons: dict[str, RateComparison | None] = {}
    for category in table["category"]:
        mask = pd.Series(True, index=incidents.index) if category == "total" else incidents["category"] == category
        comparisons[category] = compare_monthly(*monthly_now_and_before(incidents, tertial, mask))
    for column in ("ratio", "lower", "upper", "p_value"):
        table[column] = [getattr(comparisons[c], column) if comparisons[c] else math.nan for c in table["category"]]
    table["significant"] = [bool(comparisons[c].significant) if comparisons[c] else False for c in table["category"]]
    table["method"] = [comparisons[c].method if comparisons[c] else None for c in table["category"]]
    return table, comparisons

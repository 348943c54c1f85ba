"""Everything the incidents page (Vaaratapahtumat) shows, computed once for a scope, tertial,
report category and optional event type. No Streamlit here; the page only arranges it. Numbers and codes only:
the findings and display tables are made from them in analytics.text.incidents.

Use from a notebook::

    from analytics.data.bundle import load_bundle
    from analytics.views.incidents import build_incident_view
    view = build_incident_view(load_bundle("data"), Tertial.parse("5-8/2024"))
    view.categories          # per category: now, a year before, rate ratio, interval, p-value
    view.trend.points        # monthly control chart (c or I, by the counts' dispersion) with Anhøj signals
    view.where               # by palvelualue and unit, small counts marked for suppression
"""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import REACTION_DAYS, DataBundle
from analytics.data.contracts import CATEGORIES, EVENT_KINDS
from analytics.domain import disclosure as dc
from analytics.domain import incidents as inc
from analytics.domain.privacy import count_hidden, enough
from analytics.stats.compare import RateComparison
from analytics.stats.spc import MIN_POINTS, CountChartChoice, SpcChart, count_chart

REACTION_BINS = (0, 1, 3, 7, 14, 30, 60)
"""Edges (days) of the reaction-time distribution; the last bin is open (60 days or more)."""

@dataclass(frozen=True)
class IncidentView:
    """The incidents page's figures. Percents are 0–100. See each builder for the columns."""

    tertial: Tertial
    category: str
    event_type: str | None
    categories: pd.DataFrame
    comparisons: dict[str, RateComparison | None]
    trend: SpcChart | None
    trend_table: pd.DataFrame
    trend_choice: CountChartChoice | None
    kinds: pd.DataFrame
    kinds_monthly: pd.DataFrame
    kinds_by_tertial: pd.DataFrame
    types: pd.DataFrame
    reaction: dict
    reaction_distribution: pd.DataFrame
    reaction_by_area: pd.DataFrame
    client_reports: tuple[int, int]
    development_actions: tuple[int, int]
    development_themes: pd.DataFrame
    where: pd.DataFrame
    observation_target_pct: float
    """The catalogue's target of the observation share (incident_observation_share), percent."""
    reaction_target_days: float
    """The catalogue's reaction-time target (incident_reaction_days): reports handled in under it are on time."""

    @property
    def total(self) -> int:
        """All reports of the tertial in scope (every category); 0 when the small-number rule hides it."""
        value = self.categories.set_index("category").loc["total", "current"]
        return 0 if value != value else int(value)

    @property
    def has_reports(self) -> bool:
        """Reports in scope in the tertial or a year before (also when their number is hidden)."""
        totals = self.categories.set_index("category").loc["total"]
        return bool(totals["current"] != 0 or totals["previous"] != 0)

    @property
    def has_category_reports(self) -> bool:
        """Reports of the chosen category (and type) in the tertial or a year before."""
        hidden = bool(self.kinds[["current", "previous"]].isna().any().any())
        return hidden or int(self.kinds["current"].sum() + self.kinds["previous"].sum()) > 0

    @property
    def trend_withheld(self) -> bool:
        """The small-number rule hides some months of the chosen group: no control chart is drawn."""
        return self.trend is None and bool(self.trend_table["count"].isna().any())

    @property
    def reaction_withheld(self) -> bool:
        """The small-number rule hides the reaction-time figures of the chosen group in this tertial."""
        return self.reaction["median_days"] != self.reaction["median_days"] and \
            self.reaction_distribution["count"].isna().all()

    def trend_as(self, chart: str = "auto") -> tuple[SpcChart | None, pd.DataFrame, CountChartChoice | None]:
        """The trend on the chart the user chose: ``auto`` (the advised one, as ``trend``), ``c`` or ``i``."""
        if self.trend is None or self.trend_choice is None or chart in ("auto", self.trend_choice.chart):
            return self.trend, self.trend_table, self.trend_choice
        return trend_chart(self.trend_table[["month", "count"]], self.tertial, chart)


def monthly_counts(cube: pd.DataFrame, end: pd.Timestamp, start: pd.Timestamp | None = None,
                   by: str | None = None) -> pd.DataFrame:
    """Reports per month of the cube from ``start`` (default: its first month) to ``end`` (exclusive).

    Columns: month (first day), count; and ``by`` when given (one row per month and value, zeros kept).
    """
    if start is None:
        start = cube["month"].min() if len(cube) else end - pd.DateOffset(months=12)
    chosen = inc.in_period(cube, start, end)
    months = pd.date_range(start, end - pd.Timedelta(days=1), freq="MS")
    if by is None:
        counts = chosen.groupby("month")["n"].sum().reindex(months, fill_value=0).astype(int)
        return counts.rename_axis("month").reset_index(name="count")
    counts = chosen.groupby(["month", by])["n"].sum()
    values = EVENT_KINDS if by == "event_kind" else sorted(chosen[by].unique())
    index = pd.MultiIndex.from_product([months, values], names=["month", by])
    return counts.reindex(index, fill_value=0).astype(int).reset_index(name="count")


def trend_chart(monthly: pd.DataFrame, tertial: Tertial, chart: str = "auto"
                ) -> tuple[SpcChart | None, pd.DataFrame, CountChartChoice | None]:
    """The control chart of monthly counts, its table (month, count, same_tertial, centre, lower, upper,
    signal) and the choice of chart: ``auto`` the one the counts' dispersion advises (analytics.stats.spc.count_chart),
    or ``c`` / ``i``.

    ``same_tertial`` marks the months of the chosen tertial's months in every year, to compare like with like.
    """
    months = monthly["month"]
    same = months.dt.month.between(*tertial.months)
    table = monthly[["month", "count"]].assign(same_tertial=same.to_numpy())
    if len(monthly) < MIN_POINTS or monthly["count"].sum() == 0:
        return None, table.assign(centre=np.nan, lower=np.nan, upper=np.nan, signal=False), None
    result, choice = count_chart(monthly["count"].to_numpy(), [f"{m.month}/{m.year}" for m in months], chart)
    points = result.points
    table = table.assign(centre=points["centre"].to_numpy(), lower=points["lower"].to_numpy(),
                         upper=points["upper"].to_numpy(), signal=points["signal"].to_numpy())
    return result, table, choice


def kinds_by_tertial(cube: pd.DataFrame, last: Tertial) -> pd.DataFrame:
    """Per complete tertial up to ``last``: harm, near_miss, observation, near_miss_ratio, observation_share_pct."""
    if not len(cube):
        return pd.DataFrame(columns=["tertial", "start", "harm", "near_miss", "observation", "near_miss_ratio",
                                     "observation_share_pct"])
    first = Tertial.containing(cube["month"].min())
    months = cube["month"]
    keys = [months.dt.year.to_numpy() * 10 + (months.dt.month.to_numpy() - 1) // 4 + 1, cube["event_kind"].to_numpy()]
    counts = cube.groupby(keys)["n"].sum().to_dict()  # one grouping: {(year*10 + tertial, kind): n}
    rows = []
    period = first
    while period.start <= last.start:
        key = period.year * 10 + period.index
        harm, near, obs = (int(counts.get((key, k), 0)) for k in ("harm", "near_miss", "observation"))
        total = harm + near + obs
        rows.append({"tertial": period.label, "start": period.start, "harm": harm, "near_miss": near,
                     "observation": obs, "near_miss_ratio": near / harm if harm else math.nan,
                     "observation_share_pct": obs / total * 100 if total else math.nan})
        period = period.next()
    return pd.DataFrame(rows)


def reaction_distribution(reports: inc.Reports, tertial: Tertial, where: str, params: tuple) -> pd.DataFrame:
    """Handled reports by reaction time bin. Columns: bin (label like '7–13'), low (days), count, share_pct."""
    edges = [*REACTION_BINS, math.inf]
    cases = " ".join(f"WHEN {REACTION_DAYS} < {high} THEN {low}" for low, high in itertools.pairwise(edges[:-1]))
    frame = reports.query(f"CASE {cases} ELSE {edges[-2]} END AS low, count(*) AS n",
                          f"report_date >= ? AND report_date < ? AND {REACTION_DAYS} IS NOT NULL AND {where}",
                          (tertial.start, tertial.end, *params), "GROUP BY ALL")
    counts = dict(zip(frame["low"].astype(int), frame["n"].astype(int)))
    handled = sum(counts.values())
    rows = []
    for low, high in itertools.pairwise(edges):
        count = counts.get(low, 0)
        name = f"{low}+" if math.isinf(high) else (f"{low}" if high - low == 1 else f"{low}–{high - 1}")
        rows.append({"bin": name, "low": low, "count": count, "share_pct": count / handled * 100 if handled else math.nan})
    return pd.DataFrame(rows)


def reaction_by_area(reports: inc.Reports, tertial: Tertial, where: str, params: tuple) -> pd.DataFrame:
    """Per palvelualue: reports, handled, unhandled, median_days, within_target_pct (percent within 14 days)."""
    frame = reports.reaction(tertial.start, tertial.end, where, params,
                             by="(SELECT palvelualue FROM org_units o WHERE o.unit_id = incidents.unit_id)")
    rows = [{"palvelualue": r["key"], **inc._reaction_figures(r)} for _, r in frame.sort_values("key").iterrows()]
    return pd.DataFrame(rows, columns=["palvelualue", "reports", "handled", "unhandled", "median_days",
                                       "within_target_pct"])


def where_table(reports: inc.Reports, tertial: Tertial, where: str, params: tuple, org_units: pd.DataFrame,
                units: pd.DataFrame, decisions: tuple[dc.Decision, dc.Decision] | None = None,
                category: str | None = None, event_type: str | None = None) -> pd.DataFrame:
    """Per palvelualue (level 'area') and unit (level 'unit'): current, previous, change, median_days, suppressed.

    Every unit in scope appears, also with no reports, except in areas with no reports in either
    period. ``suppressed`` is true for a unit row whose current or previous count is 1–4: its counts,
    change and median must be shown as "< 5". A median needs at least 5 handled reports.
    """
    per_unit = _per_unit(reports, tertial, where, params)
    found = {r.unit_id: r for r in per_unit.reset_index().itertuples(index=False)}
    areas = {r.key: r for r in reaction_by_area(reports, tertial, where, params).rename(
        columns={"palvelualue": "key"}).itertuples(index=False)}
    rows = []
    scoped = org_units[org_units["unit_id"].isin(units["unit_id"])].sort_values(["palvelualue", "unit_name"])
    for area, group in scoped.groupby("palvelualue", sort=True):
        mine = [found[u] for u in group["unit_id"] if u in found]
        summary = areas.get(area)
        enough_area = summary is not None and enough(summary.handled)
        rows.append({"level": "area", "palvelualue": area, "unit": None, "unit_id": None,
                     "current": int(sum(r.current for r in mine)), "previous": int(sum(r.previous for r in mine)),
                     "median_days": float(summary.median_days) if enough_area else math.nan, "suppressed": False})
        for unit_id, unit_name in zip(group["unit_id"], group["unit_name"]):
            row = found.get(unit_id)
            current = int(row.current) if row is not None else 0
            previous = int(row.previous) if row is not None else 0
            known = row is not None and enough(row.handled)
            rows.append({"level": "unit", "palvelualue": area, "unit": unit_name, "unit_id": unit_id, "current": current,
                         "previous": previous, "median_days": float(row.median_days) if known else math.nan,
                         "suppressed": count_hidden(current) or count_hidden(previous)})
    table = pd.DataFrame(rows, columns=["level", "palvelualue", "unit", "unit_id", "current", "previous", "median_days",
                                        "suppressed"])
    table["change"] = table["current"] - table["previous"]
    area_rows = table[table["level"] == "area"]
    silent = area_rows.loc[(area_rows["current"] + area_rows["previous"]) == 0, "palvelualue"]
    table = table[~table["palvelualue"].isin(silent)].reset_index(drop=True)
    return _suppress(table, decisions, category, event_type)


def _suppress(table: pd.DataFrame, decisions: tuple[dc.Decision, dc.Decision] | None, category: str | None,
              event_type: str | None) -> pd.DataFrame:
    """Mark the cells that must not be shown (``hide_current``, ``hide_previous``) as the county's
    disclosure decision of each tertial says (analytics.domain.disclosure: counts of 1–4 and the cells hidden
    with them so that no combination of what any view shows gives one back). ``suppressed``: the row
    has a hidden cell (its change and median are left out)."""
    for column, decision in zip(("current", "previous"), decisions or (None, None)):
        flag = f"hide_{column}"
        if decision is None:
            table[flag] = [count_hidden(v) for v in table[column]]
            continue
        table[flag] = [decision.hidden(dc.incident_key("unit", u, category, event_type)) if level == "unit"
                       else decision.hidden(dc.incident_key("palvelualue", a, category, event_type))
                       for level, a, u in zip(table["level"], table["palvelualue"], table["unit_id"])]
    table["suppressed"] = table["hide_current"] | table["hide_previous"]
    return table


def _per_unit(reports: inc.Reports, tertial: Tertial, where: str, params: tuple) -> pd.DataFrame:
    """Per unit: reports now and a year before, and the median reaction and handled reports now."""
    before = tertial.year_before()
    now_window = "report_date >= ? AND report_date < ?"
    frame = reports.store.query(
        f"SELECT unit_id, count(*) FILTER (WHERE {now_window}) AS current, "
        f"count(*) FILTER (WHERE NOT ({now_window})) AS previous, "
        f"median({REACTION_DAYS}) FILTER (WHERE {now_window}) AS median_days, "
        f"count({REACTION_DAYS}) FILTER (WHERE {now_window}) AS handled "
        f"FROM incidents WHERE {reports.clause} AND ((report_date >= ? AND report_date < ?) OR "
        f"(report_date >= ? AND report_date < ?)) AND {where} GROUP BY unit_id",
        [tertial.start, tertial.end, tertial.start, tertial.end, tertial.start, tertial.end, tertial.start,
         tertial.end, *reports.params, tertial.start, tertial.end, before.start, before.end, *params])
    return frame.set_index("unit_id")


@dataclass(frozen=True)
class _Group:
    """The filtered group as disclosure nodes, and the decisions it reads (county: nothing hidden)."""

    bundle: DataBundle
    county: str | None
    parts: list
    sub: bool

    def decision(self, period: Tertial) -> dc.Decision:
        return dc.incident_decision(self.bundle, self.county, period.start, period.end)

    def count_shown(self, period: Tertial, category: str | None, event_type: str | None = None) -> bool:
        return not self.sub or dc.group_shown(self.decision(period), self.parts, category, event_type)

    def part_shown(self, period: Tertial, category: str, dimension: str, event_type: str | None, part: str) -> bool:
        if not self.sub:
            return True
        decision = dc.breakdown_decision(self.bundle, self.county, period.start, period.end, category, dimension)
        return dc.parts_shown(decision, self.parts, event_type, str(part))


def _group(bundle: DataBundle, scope: Scope, units: pd.DataFrame) -> _Group:
    parts = dc.scope_parts(bundle.org_units, scope.county, units["unit_id"])
    return _Group(bundle, scope.county, parts, parts != [("county", dc.ALL)])


def _mask_categories(table: pd.DataFrame, comparisons: dict, group: _Group, tertial: Tertial) -> pd.DataFrame:
    """A filtered group's category counts as the decision allows: a hidden count is missing (NaN), with
    ``hide_current`` / ``hide_previous`` and ``small_current`` / ``small_previous`` (1–4: shown "< 5")."""
    table = table.copy()
    before = tertial.year_before()
    for column, period in (("current", tertial), ("previous", before)):
        hide = [not group.count_shown(period, None if c == "total" else c) for c in table["category"]]
        table[f"small_{column}"] = [h and count_hidden(v) for h, v in zip(hide, table[column])]
        table[f"hide_{column}"] = hide
    hidden = table["hide_current"] | table["hide_previous"]
    for column in ("current", "previous"):
        table[column] = table[column].astype(float).where(~table[f"hide_{column}"])
    for column in ("change", "change_pct", "ratio", "lower", "upper", "p_value"):
        table[column] = table[column].astype(float).where(~hidden)
    table["significant"] = table["significant"] & ~hidden
    table["method"] = table["method"].where(~hidden, None)
    for category, gone in zip(table["category"], hidden):
        if gone:
            comparisons[category] = None
    return table


def _mask_types(types: pd.DataFrame, group: _Group, tertial: Tertial, category: str) -> pd.DataFrame:
    """Event types of a filtered group: a hidden count and every share of a hidden category total are missing."""
    if not group.sub:
        return types
    types = types.copy()
    for column, share, period in (("count", "share_pct", tertial), ("previous", "previous_share_pct",
                                                                     tertial.year_before())):
        total_shown = group.count_shown(period, category)
        shown = pd.Series([group.count_shown(period, category, e) for e in types["event_type"]], index=types.index)
        types[column] = types[column].astype(float).where(shown)
        types[share] = types[share].where(shown & total_shown)
    types["change_pp"] = types["change_pp"].where(types["share_pct"].notna() & types["previous_share_pct"].notna())
    return types


def _mask_kinds(kinds: pd.DataFrame, group: _Group, tertial: Tertial, category: str, event_type: str | None):
    if not group.sub:
        return kinds
    kinds = kinds.copy()
    for column, period in (("current", tertial), ("previous", tertial.year_before())):
        shown = [group.part_shown(period, category, "event_kind", event_type, k) for k in kinds["event_kind"]]
        kinds[column] = kinds[column].astype(float).where(pd.Series(shown, index=kinds.index))
    hidden = kinds["current"].isna() | kinds["previous"].isna()
    kinds["change"] = kinds["change"].astype(float).where(~hidden)
    kinds["change_pct"] = kinds["change_pct"].where(~hidden)
    return kinds


def _mask_monthly(monthly: pd.DataFrame, group: _Group, category: str, event_type: str | None,
                  dimension: str, by: str | None = None) -> pd.DataFrame:
    """Monthly counts of a filtered group: a month is missing where the month's disclosure decision hides it."""
    if not group.sub or not len(monthly):
        return monthly
    shown = []
    for month, part in zip(monthly["month"], monthly[by] if by else [None] * len(monthly)):
        period = Tertial.containing(month)
        key = month.strftime("%Y-%m") + (f" {part}" if by else "")
        shown.append(group.part_shown(period, category, dimension, event_type, key))
    out = monthly.copy()
    out["count"] = out["count"].astype(float).where(pd.Series(shown, index=out.index))
    return out


def _mask_kinds_by_tertial(table: pd.DataFrame, group: _Group, category: str, event_type: str | None) -> pd.DataFrame:
    if not group.sub or not len(table):
        return table
    table = table.copy()
    for column in ("harm", "near_miss", "observation"):
        table[column] = table[column].astype(float)
    for i, row in table.iterrows():
        period = Tertial.parse(row["tertial"])
        for kind in ("harm", "near_miss", "observation"):
            if not group.part_shown(period, category, "event_kind", event_type, kind):
                table.at[i, kind] = math.nan
    table["near_miss_ratio"] = table["near_miss_ratio"].where(table["harm"].notna() & table["near_miss"].notna())
    table["observation_share_pct"] = table["observation_share_pct"].where(
        table[["harm", "near_miss", "observation"]].notna().all(axis=1))
    return table


def _masked_pair(pair: tuple[int, int], group: _Group, tertial: Tertial, category: str, dimension: str,
                 event_type: str | None, part: str) -> tuple[float, float]:
    if not group.sub:
        return pair
    return tuple(float(v) if group.part_shown(p, category, dimension, event_type, part) else math.nan
                 for v, p in zip(pair, (tertial, tertial.year_before())))  # type: ignore[return-value]


def _mask_reaction(reaction: dict, shown_count: bool, bins_shown: bool, unhandled_shown: bool) -> dict:
    out = dict(reaction)
    if not shown_count:
        return {k: math.nan for k in out}
    if not bins_shown:
        out["within_target_pct"] = math.nan
        out["handled"] = math.nan
    if not unhandled_shown:
        out["unhandled"] = math.nan
    return out


def _mask_reaction_by_area(table: pd.DataFrame, bundle: DataBundle, county: str | None, tertial: Tertial,
                           category: str, event_type: str | None) -> pd.DataFrame:
    """Per palvelualue: figures of an area whose count the decision hides are missing; its unhandled
    reports and share within target only where the reaction-time breakdown is shown."""
    if not len(table):
        return table
    counts = dc.incident_decision(bundle, county, tertial.start, tertial.end)
    bins = dc.breakdown_decision(bundle, county, tertial.start, tertial.end, category, "reaction")
    rows = []
    for r in table.to_dict("records"):
        parts = [("palvelualue", r["palvelualue"])]
        shown = dc.group_shown(counts, parts, category, event_type)
        every = all(dc.parts_shown(bins, parts, event_type, str(low)) for low in REACTION_BINS)
        unhandled = dc.parts_shown(bins, parts, event_type, "unhandled")
        masked = _mask_reaction({k: r[k] for k in ("reports", "handled", "unhandled", "median_days",
                                                   "within_target_pct")}, shown, every, unhandled)
        if shown and not enough(r["handled"]):
            masked["median_days"] = math.nan
        rows.append({"palvelualue": r["palvelualue"], **masked})
    return pd.DataFrame(rows, columns=table.columns)


def build_incident_view(bundle: DataBundle, tertial: Tertial, scope: Scope | None = None,
                        category: str = inc.PATIENT_SAFETY, event_type: str | None = None) -> IncidentView:
    """Compute the page for ``scope`` and ``tertial``; sections 2–7 cover ``category`` (and ``event_type``).

    Below the county every count, share and breakdown is read from the county's disclosure decision
    (analytics.domain.disclosure): what it hides is missing (NaN) here, and so in every table, chart and download.
    """
    scope = scope or Scope()
    if category not in CATEGORIES:
        raise DataError(f"Unknown report category '{category}'; choose one of {', '.join(CATEGORIES)}.")
    reports = inc.Reports.of(bundle, scope)
    units = scope.units(bundle.org_units) if (scope.county or scope.toimialat or scope.palvelualueet) else bundle.org_units
    group = _group(bundle, scope, units)
    history = reports.cube(None, tertial.end)  # the whole history: small (months × categories × kinds …)
    categories, comparisons = inc.compared_by_category(history, tertial)
    in_category = history[history["category"] == category]
    types = inc.event_type_shares(history, tertial, category)
    if event_type is not None and event_type not in set(in_category["event_type"]):
        event_type = None
    chosen = in_category if event_type is None else in_category[in_category["event_type"] == event_type]
    where, params = ("category = ?", (category,)) if event_type is None else (
        "category = ? AND event_type = ?", (category, event_type))

    monthly = monthly_counts(chosen, tertial.end, None if len(chosen) else tertial.start)
    trend, trend_table, trend_choice = trend_chart(monthly, tertial)
    kinds = inc.counts_by_event_kind(chosen, tertial, category)
    trend_start = tertial.end - pd.DateOffset(months=24)
    kinds_monthly = monthly_counts(chosen, tertial.end, trend_start, by="event_kind")
    reaction = inc.reaction_figures(reports, tertial.start, tertial.end, where, params)
    before = tertial.year_before()
    reaction["previous_median_days"] = inc.reaction_figures(reports, before.start, before.end, where, params)["median_days"]
    distribution = reaction_distribution(reports, tertial, where, params)
    by_tertial = kinds_by_tertial(chosen, tertial)
    clients = inc.count_now_and_before(chosen, tertial, chosen["reporter"] == "client")
    actions = inc.count_now_and_before(chosen, tertial, chosen["development_action"].astype(bool))
    themes = inc.development_themes(chosen, tertial, category)
    if group.sub:
        categories = _mask_categories(categories, comparisons, group, tertial)
        types = _mask_types(types, group, tertial, category)
        kinds = _mask_kinds(kinds, group, tertial, category, event_type)
        masked = _mask_monthly(monthly, group, category, event_type, "month")
        if masked["count"].isna().any():
            trend, trend_choice = None, None
            trend_table = trend_table.assign(count=masked["count"].to_numpy(), centre=np.nan, lower=np.nan,
                                             upper=np.nan, signal=False)
        kinds_monthly = _mask_monthly(kinds_monthly, group, category, event_type, "month_kind", by="event_kind")
        by_tertial = _mask_kinds_by_tertial(by_tertial, group, category, event_type)
        clients = _masked_pair(clients, group, tertial, category, "reporter", event_type, "client")
        actions = _masked_pair(actions, group, tertial, category, "action", event_type, "yes")
        keep = pd.Series([group.part_shown(tertial, category, "theme", event_type, th) for th in themes["theme"]],
                         index=themes.index, dtype=bool)
        themes = themes[keep].reset_index(drop=True)
        every = all(group.part_shown(tertial, category, "reaction", event_type, low) for low in REACTION_BINS)
        previous_median = reaction["previous_median_days"] if group.count_shown(before, category, event_type) else math.nan
        reaction = _mask_reaction(reaction, group.count_shown(tertial, category, event_type), every,
                                  group.part_shown(tertial, category, "reaction", event_type, "unhandled"))
        reaction["previous_median_days"] = previous_median
        if not every or not group.count_shown(tertial, category, event_type):
            distribution = distribution.assign(count=np.nan, share_pct=np.nan)
    by_area = reaction_by_area(reports, tertial, where, params)
    if dc.protected():
        by_area = _mask_reaction_by_area(by_area, bundle, scope.county, tertial, category, event_type)
    return IncidentView(
        tertial=tertial, category=category, event_type=event_type, categories=categories, comparisons=comparisons,
        trend=trend, trend_table=trend_table, trend_choice=trend_choice, kinds=kinds, kinds_monthly=kinds_monthly,
        kinds_by_tertial=by_tertial, types=types, reaction=reaction,
        reaction_distribution=distribution,
        reaction_by_area=by_area,
        client_reports=clients,
        development_actions=actions,
        development_themes=themes,
        where=where_table(reports, tertial, where, params, bundle.org_units, units,
                          (group.decision(tertial), group.decision(before)), category, event_type),
        observation_target_pct=bundle.catalogue.target_value(inc.OBSERVATION_SHARE),
        reaction_target_days=reports.reaction_target_days,
    )

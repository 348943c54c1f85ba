"""Everything the rescue page (Pelastustoimi) shows, for a scope, a tertial, an area filter and a time
grain. No Streamlit here; the page only arranges it. Numbers and codes only: the findings and display
tables are made from them in analytics.text.rescue.

Compliance is the share of urgent tasks where the first unit arrived within its risk class's target
minutes (I 6, II 10, III 20; IV has none), with a 95 % Wilson interval. Tasks are counted by alarm
time. The area filter is the municipality or the station area (the rescue station's unit).

Use from a notebook::

    from analytics.views.rescue import build_rescue_view
    view = build_rescue_view(load_bundle("data"), Tertial.parse("5-8/2024"))
    view.compliance      # per risk class: share, interval, target, a year before
    view.control["I"]    # p′ chart of risk class I by month, with the target
    view.by_area         # per municipality and risk class, small counts hidden
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import GRAINS, Tertial, grain_label, grain_range
from analytics.core.scope import Scope
from analytics.data.bundle import RESPONSE_MINUTES, DataBundle
from analytics.data.catalogue import Catalogue
from analytics.domain import disclosure as dc
from analytics.domain import rescue as res
from analytics.domain.privacy import count_hidden
from analytics.domain.status import NO_DATA, NO_TARGET, target_status
from analytics.stats.intervals import wilson
from analytics.stats.spc import MIN_POINTS, SpcChart, spc_chart

AREA_KINDS = ("municipality", "station")
TIMED_CLASSES = ("I", "II", "III")
"""Risk classes with a national minute target (IV has none unless the catalogue sets one)."""
ECDF_MAX_MINUTES = 45


@dataclass(frozen=True)
class RescueView:
    """The rescue page's figures. Shares and limits are percents (0–100), times minutes.

    ``compliance`` (per risk class): risk_class, target_minutes, target_share_pct, target_source,
    tasks, met, share_pct, lower_pct, upper_pct (95 % Wilson), median_minutes, p90_minutes,
    previous_tasks, previous_share_pct, change_pp, status.
    ``control``: per risk class with a minute target, the p′ chart (None with too few periods) and its
    table: period, start, tasks, met, share_pct, centre, lower, upper, signal, target.
    ``ecdf``: risk_class, minutes, share_pct (tasks reached within that many minutes).
    ``median_trend``: month, risk_class, tasks, median_minutes, p90_minutes.
    ``by_area``: area, area_name, risk_class, tasks, met, share_pct, lower_pct, upper_pct,
    median_minutes, target_share_pct, status, hidden (1–4 tasks: counts and shares not shown).
    """

    tertial: Tertial
    area_kind: str
    areas: tuple[str, ...]
    grain: str
    compliance: pd.DataFrame
    control: dict[str, tuple[SpcChart | None, pd.DataFrame]]
    ecdf: pd.DataFrame
    median_trend: pd.DataFrame
    by_area: pd.DataFrame
    effect: dict
    effect_previous: dict
    effect_by_type: pd.DataFrame
    task_count: int

    @property
    def has_tasks(self) -> bool:
        return self.task_count > 0


def area_column(area_kind: str) -> str:
    if area_kind not in AREA_KINDS:
        raise DataError(f"Unknown area kind '{area_kind}'; choose one of {', '.join(AREA_KINDS)}.")
    return "municipality" if area_kind == "municipality" else "station_unit_id"


def area_options(bundle: DataBundle, scope: Scope, area_kind: str) -> dict[str, str]:
    """The areas with rescue tasks inside ``scope``: code → display name, in name order."""
    codes = res.Tasks.of(bundle, scope).query(f"DISTINCT {area_column(area_kind)} AS code", where=(
        f"{area_column(area_kind)} IS NOT NULL"))["code"]
    names = _area_names(bundle, area_kind)
    return dict(sorted(((c, names.get(c, c)) for c in codes), key=lambda kv: kv[1]))


def _area_names(bundle: DataBundle, area_kind: str) -> dict[str, str]:
    if area_kind == "station":
        return dict(zip(bundle.org_units["unit_id"], bundle.org_units["unit_name"]))
    return {}


def scoped_tasks(bundle: DataBundle, scope: Scope, area_kind: str = "municipality",
                 areas: tuple[str, ...] = ()) -> res.Tasks:
    """Tasks inside the organisation scope and, when given, the chosen areas."""
    return res.Tasks.of(bundle, scope, area_column(area_kind), tuple(areas))


def _status(share: float, target: float | None) -> str:
    return target_status(share, target, "higher", 0)


def compliance_table(tasks: res.Tasks, tertial: Tertial, catalogue: Catalogue) -> pd.DataFrame:
    """Per risk class: compliance in ``tertial`` with its interval, a year before, the target and status."""
    table, previous = res.compliance_now_and_before(tasks, tertial, catalogue)
    table["previous_share_pct"] = previous["share_pct"].to_numpy()
    table["previous_tasks"] = previous["tasks"].to_numpy()
    table["change_pp"] = table["share_pct"] - table["previous_share_pct"]
    sources = res.target_sources(catalogue)
    table.insert(3, "target_source", [sources[c] for c in table["risk_class"]])
    table["status"] = [_status(s, t_) if m == m and m is not None else NO_TARGET
                       for s, t_, m in zip(table["share_pct"], table["target_share_pct"], table["target_minutes"])]
    return table


GRAIN_SQL = {"month": "date_trunc('month', alarm_time)", "quarter": "date_trunc('quarter', alarm_time)",
             "tertial": "make_date(year(alarm_time), ((month(alarm_time) - 1) // 4) * 4 + 1, 1)"}
"""SQL: the first day of the month, quarter or tertial of a task's alarm."""


def control_charts(tasks: res.Tasks, catalogue: Catalogue, end: pd.Timestamp,
                   grain: str) -> dict[str, tuple[SpcChart | None, pd.DataFrame]]:
    """Per risk class with a minute target: a Laney p′ chart of its compliance by ``grain`` over the whole
    history up to ``end`` (one query for every class).

    Only whole periods count (a quarter cut by ``end`` is left out); periods without tasks are
    left out too (no denominator). A class gets (None, table) when fewer than ``MIN_POINTS`` periods
    have tasks.
    """
    timed = {c: share for c, (m, share) in res.class_targets(catalogue).items() if m is not None}
    met, met_params = res.met_sql(catalogue)
    grouped = tasks.query(f"risk_class, {GRAIN_SQL[grain]} AS start, count(*) AS size, "
                          f"count(*) FILTER (WHERE {met}) AS met", end=end,
                          where="list_contains(?, risk_class)", params=(list(timed),), tail="GROUP BY ALL",
                          select_params=tuple(met_params))
    return {c: _control_chart(grouped[grouped["risk_class"] == c], share, end, grain) for c, share in timed.items()}


def _control_chart(grouped: pd.DataFrame, target: float | None, end: pd.Timestamp,
                   grain: str) -> tuple[SpcChart | None, pd.DataFrame]:
    columns = ["period", "start", "tasks", "met", "share_pct", "centre", "lower", "upper", "signal", "target"]
    if not len(grouped):
        return None, pd.DataFrame(columns=columns)
    grouped = grouped.set_index(pd.to_datetime(grouped["start"]))
    index = pd.DatetimeIndex(grain_range(grouped.index.min(), end, grain, whole=True))
    grouped = grouped.reindex(index).dropna(subset=["size"])
    table = pd.DataFrame({
        "period": [grain_label(s, grain) for s in grouped.index], "start": grouped.index,
        "tasks": grouped["size"].astype(int).to_numpy(), "met": grouped["met"].astype(int).to_numpy(),
    })
    table["share_pct"] = table["met"] / table["tasks"] * 100
    table["target"] = target if target is not None else math.nan
    if len(table) < MIN_POINTS:
        return None, table.assign(centre=math.nan, lower=math.nan, upper=math.nan, signal=False)[columns]
    chart = spc_chart(table["met"].to_numpy(), "pp", denominators=table["tasks"].to_numpy(), periods=table["period"])
    points = chart.points
    table["centre"] = points["centre"].to_numpy() * 100
    table["lower"] = points["lower"].to_numpy() * 100
    table["upper"] = points["upper"].to_numpy() * 100
    table["signal"] = points["signal"].to_numpy()
    return chart, table[columns]


def ecdf(tasks: res.Tasks, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Per risk class, the share of tasks (percent) reached within each observed response time (up to
    ECDF_MAX_MINUTES; the shares count every task of the class)."""
    frame = tasks.store.query(
        "SELECT risk_class, round(minutes, 2) AS minutes, share_pct FROM ("
        f"SELECT risk_class, {RESPONSE_MINUTES} AS minutes, row_number() OVER (PARTITION BY risk_class "
        f"ORDER BY {RESPONSE_MINUTES}) * 100.0 / count(*) OVER (PARTITION BY risk_class) AS share_pct "
        f"FROM rescue_tasks WHERE {tasks.clause} AND alarm_time >= ? AND alarm_time < ?) "
        "WHERE minutes <= ? ORDER BY risk_class, share_pct",
        [*tasks.params, pd.Timestamp(start), pd.Timestamp(end), ECDF_MAX_MINUTES])
    return frame


def median_trend(tasks: res.Tasks, end: pd.Timestamp) -> pd.DataFrame:
    """Monthly median and 90th percentile of response times per risk class, up to ``end``."""
    frame = tasks.query(f"date_trunc('month', alarm_time) AS month, risk_class, count(*) AS tasks, "
                        f"median({RESPONSE_MINUTES}) AS median_minutes, "
                        f"quantile_cont({RESPONSE_MINUTES}, 0.9) AS p90_minutes", end=end,
                        tail="GROUP BY ALL ORDER BY month, risk_class")
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def by_area(tasks: res.Tasks, tertial: Tertial, catalogue: Catalogue, area_kind: str,
            names: dict[str, str], decision: dc.Decision | None = None) -> pd.DataFrame:
    """Per area and risk class in ``tertial``: compliance with its interval, median, target and status.

    The county's disclosure decision (analytics.domain.disclosure) says which cells are ``hidden``: a cell
    with 1–4 tasks is also ``small`` (shown "< 5"); a hidden cell shows nothing. A cell whose met count
    is hidden (it, or the tasks not met, is 1–4, or it would give one back) shows its tasks but no share.
    """
    column = area_column(area_kind)
    targets = res.class_targets(catalogue)
    met_sql, met_params = res.met_sql(catalogue)
    cells = tasks.query(f"{column} AS area, risk_class, count(*) AS n, count(*) FILTER (WHERE {met_sql}) AS met, "
                        f"median({RESPONSE_MINUTES}) AS median_minutes", tertial.start, tertial.end,
                        tail="GROUP BY ALL", select_params=tuple(met_params))
    rows = []
    for cell in cells.sort_values(["area", "risk_class"]).itertuples(index=False):
        minutes, target = targets.get(cell.risk_class, (None, None))
        n = int(cell.n)
        met = int(cell.met) if minutes is not None else None
        interval = wilson(met, n) if met is not None else None
        hidden = decision.hidden(dc.rescue_key("tasks", area_kind, cell.area, cell.risk_class)) if decision \
            else count_hidden(n)
        met_hidden = hidden or bool(decision and decision.hidden(dc.rescue_key("met", area_kind, cell.area,
                                                                                      cell.risk_class)))
        share = met / n * 100 if met is not None else math.nan
        rows.append({
            "area": cell.area, "area_name": names.get(cell.area, cell.area), "risk_class": cell.risk_class, "tasks": n,
            "met": met if met is not None else math.nan, "share_pct": share,
            "lower_pct": interval.lower * 100 if interval else math.nan,
            "upper_pct": interval.upper * 100 if interval else math.nan,
            "median_minutes": float(cell.median_minutes), "target_minutes": minutes if minutes is not None else math.nan,
            "target_share_pct": target if target is not None else math.nan,
            "status": _status(share, target) if not met_hidden else NO_DATA, "hidden": hidden,
            "met_hidden": met_hidden, "small": hidden and count_hidden(n),
        })
    columns = ["area", "area_name", "risk_class", "tasks", "met", "share_pct", "lower_pct", "upper_pct",
               "median_minutes", "target_minutes", "target_share_pct", "status", "hidden", "met_hidden", "small"]
    table = pd.DataFrame(rows, columns=columns)
    table["hidden"] = table["hidden"].astype(bool)
    table["small"] = table["small"].astype(bool)
    table["met_hidden"] = table["met_hidden"].astype(bool)
    shown = ~table["hidden"]
    for col in ("tasks", "median_minutes"):
        table[col] = table[col].where(shown)  # a hidden cell keeps nothing that could be shown
    for col in ("met", "share_pct", "lower_pct", "upper_pct"):
        table[col] = table[col].where(~table["met_hidden"])
    return table.sort_values(["area_name", "risk_class"]).reset_index(drop=True)


def effect_by_type(tasks: res.Tasks, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Per task type: tasks, persons rescued, property threatened and saved (EUR), saved_pct (percent)."""
    grouped = tasks.query("task_type, count(*) AS tasks, sum(persons_rescued) AS persons_rescued, "
                          "coalesce(sum(property_threatened_eur), 0) AS threatened, "
                          "coalesce(sum(property_saved_eur), 0) AS saved", start, end, tail="GROUP BY ALL")
    grouped["saved_pct"] = grouped["saved"] / grouped["threatened"].where(grouped["threatened"] > 0) * 100
    return grouped.sort_values(["tasks", "task_type"], ascending=[False, True]).reset_index(drop=True)


def build_rescue_view(bundle: DataBundle, tertial: Tertial, scope: Scope | None = None,
                      area_kind: str = "municipality", areas: tuple[str, ...] = (), grain: str = "month") -> RescueView:
    """Compute the rescue page for ``tertial`` inside ``scope`` and the chosen areas."""
    if grain not in GRAINS:
        raise DataError(f"Unknown time grain '{grain}'; choose one of {', '.join(GRAINS)}.")
    scope = scope or Scope()
    tasks = scoped_tasks(bundle, scope, area_kind, areas)
    catalogue = bundle.catalogue
    control = control_charts(tasks, catalogue, tertial.end, grain)
    effect, effect_previous = res.effectiveness_now_and_before(tasks, tertial)
    compliance = compliance_table(tasks, tertial, catalogue)
    distribution = ecdf(tasks, tertial.start, tertial.end)
    trend = median_trend(tasks, tertial.end)
    by_type = effect_by_type(tasks, tertial.start, tertial.end)
    group = _RescueGroup.of(bundle, scope, area_kind, areas)
    if group.sub:
        compliance = group.mask_compliance(compliance, tertial)
        control = {c: group.mask_control(c, chart, table, grain) for c, (chart, table) in control.items()}
        shown_classes = [c for c in compliance["risk_class"] if group.shown("tasks", tertial, c)]
        distribution = distribution[distribution["risk_class"].isin(shown_classes)].reset_index(drop=True)
        trend = group.mask_months(trend)
        effect = {**effect, "persons_rescued": math.nan}  # persons are not counted per area
        effect_previous = {**effect_previous, "persons_rescued": math.nan}
        by_type = by_type.iloc[0:0]  # task types per area are not in the decision: shown for the county only
    return RescueView(
        tertial=tertial, area_kind=area_kind, areas=tuple(areas), grain=grain,
        compliance=compliance, control=control,
        ecdf=distribution, median_trend=trend,
        by_area=by_area(tasks, tertial, catalogue, area_kind, _area_names(bundle, area_kind),
                        dc.rescue_decision(bundle, scope.county, tertial.start, tertial.end)),
        effect=effect, effect_previous=effect_previous,
        effect_by_type=by_type,
        task_count=tasks.count(tertial.start, tertial.end),
    )


@dataclass(frozen=True)
class _RescueGroup:
    """The chosen areas (or the stations of a filtered organisation) as disclosure nodes."""

    bundle: DataBundle
    county: str | None
    parts: tuple

    @property
    def sub(self) -> bool:
        return bool(self.parts)

    @classmethod
    def of(cls, bundle: DataBundle, scope: Scope, area_kind: str, areas: tuple[str, ...]) -> _RescueGroup:
        county = scope.county
        everything = res.Tasks.of(bundle, Scope(county)).query("DISTINCT station_unit_id AS s")["s"]
        mine = res.Tasks.of(bundle, scope).query("DISTINCT station_unit_id AS s")["s"]
        parts = [(area_kind, a) for a in areas]
        if set(mine) != set(everything):  # an organisation filter keeps some stations only
            parts += [("station", s) for s in sorted(mine)]
        return cls(bundle, county, tuple(parts))

    def decision(self, start: pd.Timestamp) -> dc.Decision:
        period = Tertial.containing(pd.Timestamp(start))
        return dc.rescue_decision(self.bundle, self.county, period.start, period.end)

    def shown(self, quantity: str, period: Tertial, risk_class: str | None, month: str | None = None) -> bool:
        decision = self.decision(period.start)
        return decision.all_shown(dc.rescue_key(quantity, level, area, risk_class, month) for level, area in self.parts)

    def mask_compliance(self, table: pd.DataFrame, tertial: Tertial) -> pd.DataFrame:
        table = table.copy()
        before = tertial.year_before()
        for i, row in table.iterrows():
            c = row["risk_class"]
            if not self.shown("tasks", tertial, c):
                for col in ("tasks", "met", "share_pct", "lower_pct", "upper_pct", "median_minutes", "p90_minutes"):
                    table.at[i, col] = math.nan
            elif not self.shown("met", tertial, c):
                for col in ("met", "share_pct", "lower_pct", "upper_pct"):
                    table.at[i, col] = math.nan
            if not (self.shown("tasks", before, c) and self.shown("met", before, c)):
                table.at[i, "previous_share_pct"] = math.nan
            if not self.shown("tasks", before, c):
                table.at[i, "previous_tasks"] = math.nan
        table["change_pp"] = table["share_pct"] - table["previous_share_pct"]
        table["status"] = [NO_DATA if (s != s and st != NO_TARGET) else st for s, st in zip(table["share_pct"], table["status"])]
        return table

    def _months_shown(self, start: pd.Timestamp, end: pd.Timestamp, risk_class: str, quantity: str) -> bool:
        months = pd.date_range(start, end - pd.Timedelta(days=1), freq="MS")
        return all(self.shown(quantity, Tertial.containing(m), risk_class, m.strftime("%Y-%m")) for m in months)

    def mask_control(self, risk_class: str, chart, table: pd.DataFrame, grain: str):
        """A period's tasks and met only where every month of it is shown; no chart with a gap."""
        if not len(table):
            return chart, table
        table = table.copy()
        gap = False
        for i, row in table.iterrows():
            start = pd.Timestamp(row["start"])
            end = start + pd.DateOffset(months={"month": 1, "quarter": 3, "tertial": 4}[grain])
            if not (self._months_shown(start, end, risk_class, "tasks") and self._months_shown(start, end, risk_class, "met")):
                gap = True
                for col in ("tasks", "met", "share_pct", "centre", "lower", "upper"):
                    table.at[i, col] = math.nan
                table.at[i, "signal"] = False
        return (None if gap else chart), table

    def mask_months(self, trend: pd.DataFrame) -> pd.DataFrame:
        if not len(trend):
            return trend
        keep = [self.shown("tasks", Tertial.containing(m), c, pd.Timestamp(m).strftime("%Y-%m"))
                for m, c in zip(trend["month"], trend["risk_class"])]
        return trend[keep].reset_index(drop=True)


def compliance_data(view: RescueView) -> pd.DataFrame:
    """The compliance table as numbers, for download."""
    return view.compliance.assign(period=view.tertial.label, previous_period=view.tertial.year_before().label)

"""The binding goals page's figures (numbers and codes only; analytics.text.goals says them): for a county's goals
of one year, each KPI's latest value, its quarterly values and changes, target and direction, the evaluation of
each quarter (colour, share of the goal met) by the county's rule, the main tasks' states per quarter and their
completion; filtered by strategic priority and toimiala; one goal in depth.

The goals come in as objects shaped like ``analytics.goals.Goal`` (this layer sits below the goal book and does not
read it): ``id``, ``title``, ``priority``, ``toimiala``, ``responsible``, ``description``, ``kpis`` (``name``,
``target``, ``direction``, ``unit``, ``indicator``, ``values``), ``tasks`` (``description``, ``responsible``,
``completion``, ``states``), ``summaries``, ``version``, ``updated_at`` and ``updated_by``.

Use from a notebook::

    from analytics.goals import GoalBook
    from analytics.views.goals import build_goals_view
    book = GoalBook()
    view = build_goals_view(book.of_county("Päijät-Hämeen hyvinvointialue", 2024), 2024, book.rule("…"))
    view.overview            # one row per goal and KPI
    view.detail(view.goal_ids[0]).quarters
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analytics.core.scope import Scope
from analytics.domain.goals import COLOURS, DEFAULT_RULE, GREEN, QUARTERS, RED, YELLOW, Rule, evaluate, quarterly_trend

NO_VALUE = "none"
"""The colour code of a goal whose KPIs have no value yet."""
OVERVIEW_COLUMNS = ("goal_id", "goal", "priority", "toimiala", "responsible", "kpi", "unit", "target", "direction",
                    "values", "latest_quarter", "latest_value", "previous_value", "change_from_previous",
                    "change_from_first", "achieved_fraction", "shown_fraction", "colour", "met", "completion")
"""``values``: the KPI's four quarter values (a tuple, None where none); ``achieved_fraction``: the latest value's
share of the goal (0–1, exact; ``shown_fraction`` at most 1); ``completion``: the mean completion of the goal's main
tasks (a percent, 0–100; None if none reported)."""
QUARTER_COLUMNS = ("kpi", "unit", "quarter", "value", "target", "direction", "change_from_previous",
                   "achieved_fraction", "shown_fraction", "colour", "met")
TASK_COLUMNS = ("task", "responsible", "completion", *QUARTERS)
"""A main task: what, who, its completion (percent 0–100) and its state code in each quarter (None if none)."""
COLOUR_ORDER = {RED: 0, YELLOW: 1, GREEN: 2}


@dataclass(frozen=True)
class GoalDetail:
    """One goal in depth: the goal itself, its KPIs' quarters (``QUARTER_COLUMNS``), its main tasks
    (``TASK_COLUMNS``) and the written summary of each quarter (Q1..Q4, '' where none)."""

    goal: object
    quarters: pd.DataFrame
    tasks: pd.DataFrame
    summaries: tuple[str, str, str, str]

    def kpi_quarters(self, name: str) -> pd.DataFrame:
        """One KPI's four quarters."""
        return self.quarters[self.quarters["kpi"] == name].reset_index(drop=True)


@dataclass(frozen=True)
class GoalsView:
    """A county's goals of ``year`` after the priority and toimiala filters: ``overview`` (``OVERVIEW_COLUMNS``, one
    row per goal and KPI; a goal without KPIs has one row with no KPI), ``colours`` (each goal's colour in its
    latest quarter: the weakest of its KPIs', ``none`` without a value), the filters' options (of all the year's
    goals) and ``latest_quarter`` (the last quarter that any shown KPI has a value for, None if none)."""

    year: int
    rule: Rule
    goals: tuple
    overview: pd.DataFrame
    colours: dict[int, str]
    priorities: tuple[str, ...]
    toimialat: tuple[str, ...]
    latest_quarter: str | None
    total: int
    """How many goals the year has before the filters."""

    @property
    def goal_ids(self) -> list[int]:
        return [g.id for g in self.goals]

    def colour_counts(self) -> dict[str, int]:
        """How many shown goals are green, yellow and red (and without a value) in their latest quarter."""
        counts = {colour: 0 for colour in (*COLOURS, NO_VALUE)}
        for colour in self.colours.values():
            counts[colour] += 1
        return counts

    def goal(self, goal_id: int):
        return next(g for g in self.goals if g.id == goal_id)

    def detail(self, goal_id: int) -> GoalDetail:
        """The goal ``goal_id`` in depth (it must be one of the shown goals)."""
        goal = self.goal(goal_id)
        return GoalDetail(goal, kpi_quarters(goal, self.rule), task_frame(goal), tuple(goal.summaries))


def _completion(goal) -> float | None:
    found = [task.completion for task in goal.tasks if task.completion is not None]
    return sum(found) / len(found) if found else None


def kpi_quarters(goal, rule: Rule = DEFAULT_RULE) -> pd.DataFrame:
    """A goal's KPIs quarter by quarter (``QUARTER_COLUMNS``): value, change from the previous quarter, the share of
    the goal met and the colour (None for a quarter without a value)."""
    rows = []
    for kpi in goal.kpis:
        for point in quarterly_trend(kpi.values):
            evaluation = None if point.value is None else evaluate(point.value, kpi.target, kpi.direction, rule)
            rows.append({"kpi": kpi.name, "unit": kpi.unit, "quarter": point.quarter, "value": point.value,
                         "target": float(kpi.target), "direction": kpi.direction,
                         "change_from_previous": point.change_from_previous,
                         "achieved_fraction": evaluation.achieved_fraction if evaluation else None,
                         "shown_fraction": evaluation.shown_fraction if evaluation else None,
                         "colour": evaluation.colour if evaluation else None,
                         "met": evaluation.met if evaluation else None})
    return pd.DataFrame(rows, columns=list(QUARTER_COLUMNS))


def task_frame(goal) -> pd.DataFrame:
    """A goal's main tasks (``TASK_COLUMNS``)."""
    rows = [{"task": task.description, "responsible": task.responsible, "completion": task.completion,
             **dict(zip(QUARTERS, task.states))} for task in goal.tasks]
    return pd.DataFrame(rows, columns=list(TASK_COLUMNS))


def _kpi_row(goal, kpi, rule: Rule) -> dict:
    trend = quarterly_trend(kpi.values)
    shown = [p for p in trend if p.value is not None]
    last = shown[-1] if shown else None
    before = shown[-2] if len(shown) > 1 else None
    evaluation = None if last is None else evaluate(last.value, kpi.target, kpi.direction, rule)
    return {"kpi": kpi.name, "unit": kpi.unit, "target": float(kpi.target), "direction": kpi.direction,
            "values": tuple(p.value for p in trend), "latest_quarter": last.quarter if last else None,
            "latest_value": last.value if last else None, "previous_value": before.value if before else None,
            "change_from_previous": None if last is None or before is None else last.value - before.value,
            "change_from_first": None if last is None or len(shown) < 2 else last.value - shown[0].value,
            "achieved_fraction": evaluation.achieved_fraction if evaluation else None,
            "shown_fraction": evaluation.shown_fraction if evaluation else None,
            "colour": evaluation.colour if evaluation else None, "met": evaluation.met if evaluation else None}


def _options(values) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def build_goals_view(goals: Sequence, year: int, rule: Rule = DEFAULT_RULE, priorities: Sequence[str] = (),
                     toimialat: Sequence[str] = ()) -> GoalsView:
    """The goals of ``year`` among ``goals`` (shaped like ``analytics.goals.Goal``), keeping those of the chosen
    ``priorities`` and ``toimialat`` (none chosen: all), in the order given."""
    of_year = [g for g in goals if g.year == year]
    shown = [g for g in of_year if (not priorities or g.priority in priorities)
             and (not toimialat or g.toimiala in toimialat)]
    rows, colours = [], {}
    for goal in shown:
        head = {"goal_id": goal.id, "goal": goal.title, "priority": goal.priority, "toimiala": goal.toimiala,
                "responsible": goal.responsible, "completion": _completion(goal)}
        kpi_rows = [_kpi_row(goal, kpi, rule) for kpi in goal.kpis]
        rows += [{**head, **row} for row in kpi_rows] or [head]
        judged = [row["colour"] for row in kpi_rows if row["colour"] is not None]
        colours[goal.id] = min(judged, key=COLOUR_ORDER.get) if judged else NO_VALUE
    overview = pd.DataFrame(rows, columns=list(OVERVIEW_COLUMNS))
    quarters = [q for q in overview["latest_quarter"] if isinstance(q, str)]
    return GoalsView(year, rule, tuple(shown), overview, colours, _options(g.priority for g in of_year),
                     _options(g.toimiala for g in of_year), max(quarters) if quarters else None, len(of_year))


# --- KPIs whose values come from the data -------------------------------------------------------------------------

def _quarter_index(start: pd.Timestamp) -> int:
    return (pd.Timestamp(start).month - 1) // 3


def _data_end(bundle) -> pd.Timestamp | None:
    """The first day after the data's last complete month (incidents and rescue tasks)."""
    from analytics.data.filters import data_tertials
    tertials = data_tertials(bundle)
    return tertials[0].end if tertials else None


def linked_values(bundle, indicator_id: str, year: int, county: str | None = None) -> tuple | None:
    """A catalogue indicator's four quarter values of ``year`` for the whole county (None for a quarter the data
    does not cover), or None when the indicator cannot give quarters: an own indicator of a grain coarser than a
    quarter or without data, or one this page does not read (RAI: half-yearly).

    Own indicators are pooled over their months (a share from the summed numerators and denominators); the rescue
    classes' response shares and the incident indicators are built as the forecasts page builds its quarterly
    series. Shares are in percent, as the KPIs' targets are."""
    from analytics.domain import own as own_domain
    from analytics.views import forecasts as fv
    indicator = bundle.catalogue.find(indicator_id)
    if indicator is None:
        return None
    values: list = [None] * 4
    if indicator.domain == own_domain.OWN:
        if indicator.grain not in ("month", "quarter"):
            return None
        points = own_domain.own_series(bundle, indicator, Scope(county)).points
        points = points[pd.to_datetime(points["start"]).dt.year == year] if len(points) else points
        if points.empty or points["value"].isna().all():
            return None
        for q in range(4):
            rows = points[[_quarter_index(s) == q for s in points["start"]]]
            if indicator.grain == "month" and len(rows) < 3:
                continue  # a quarter is whole or not at all
            value = own_domain._pooled(indicator, rows)
            values[q] = None if value != value else round(float(value), 2)
        return tuple(values)
    keys = {bundle.catalogue.rescue_class(c).id: f"rescue:{c}" for c in fv.RESCUE_CLASSES
            if bundle.catalogue.rescue_class(c) is not None}
    keys.update({i: f"indicator:{i}" for i in fv.INCIDENT_INDICATORS})
    if indicator_id not in keys:
        return None
    end = _data_end(bundle)
    if end is None:
        return None
    end = min(end, pd.Timestamp(year + 1, 1, 1))
    end = pd.Timestamp(end.year, ((end.month - 1) // 3) * 3 + 1, 1)  # whole quarters only
    if end <= pd.Timestamp(year, 1, 1):
        return tuple(values)
    series = fv.series_for(bundle, keys[indicator_id], Scope(county), end, grain="quarter")
    for period, value in zip(series.periods, series.values):
        if period.year == year and value == value:
            values[period.quarter - 1] = round(float(value), 2)
    return tuple(values)


def with_linked_values(goals: Sequence, bundle, year: int, county: str | None = None) -> list:
    """``goals`` with each KPI linked to a catalogue indicator (``kpi.indicator``) carrying the data's quarter values
    where the data has them (an entered value stays for a quarter the data does not cover)."""
    from dataclasses import replace
    out = []
    for goal in goals:
        kpis = []
        for kpi in goal.kpis:
            found = linked_values(bundle, kpi.indicator, year, county) if kpi.indicator else None
            if found is not None:
                kpi = replace(kpi, values=tuple(d if d is not None else e for d, e in zip(found, kpi.values)))
            kpis.append(kpi)
        out.append(replace(goal, kpis=tuple(kpis)) if kpis != list(goal.kpis) else goal)
    return out

"""Binding goals (sitovat tavoitteet) of a county and year, kept in the observations' database with their whole
history: the goal text, its strategic priority (painopiste), the responsible toimiala and person, its KPIs (each
linked to a catalogue indicator, or with its values entered per quarter), the main tasks (päätehtävät) with their
completion and quarterly state, and a written summary per quarter (DOMAIN §7).

The tables are defined and created (migration 3) by analytics.observations, in the same database (``Notebook``'s location:
``OMAVALVONTA_DATABASE``, an SQLite file or PostgreSQL). As with observations, nothing is lost: every save
writes the goal's whole new state into ``goal_history`` (who, when, which fields changed), and an edit names
the version it started from and is refused (``GoalConflictError``) when someone else saved in between; the
caller keeps its input and the database the other person's save. Bad input raises ``ObservationError`` with a
``code`` (``empty``, ``too_long``, ``number``, ``year``, ``completion``, ``state``, ``direction``, ``quarter``,
``too_many``, ``duplicate``, ``missing``; ``import`` for a spreadsheet, whose problems have codes of their own)
and the field it is about. A county's evaluation rule (``set_rule``, ``rule``) is kept there too.

A spreadsheet of goals has one row per KPI-quarter, main task-quarter or summary (``COLUMNS``, described at
``goals_from_rows``); ``export_frame`` writes the same shape, so an export imports back as it was.

Use from a notebook::

    from analytics.goals import GoalBook, Kpi
    book = GoalBook()                                   # OMAVALVONTA_DATABASE, or the default file
    goal = book.add("Kanta-Hämeen hyvinvointialue", 2024, "Pelastustoimen toimintavalmius…", "Maija",
                    kpis=[Kpi("Toimintavalmius riskialueilla", 96, ">=", "%", values=(71, 73, 87, 83))])
    book.edit(goal.id, goal.version, "Pekka", summaries=("", "", "", "Tavoite osittain saavutettu."))
    book.export_frame().to_excel("tavoitteet.xlsx", index=False)
"""
from __future__ import annotations

import json
import math
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime

import pandas as pd
import sqlalchemy as sa

from analytics.domain.goals import (
    DEFAULT_RULE,
    DIRECTIONS,
    QUARTERS,
    Evaluation,
    QuarterPoint,
    Rule,
    evaluate_quarters,
    quarterly_trend,
)
from analytics.observations import (
    MAX_COUNTY,
    MAX_GOAL,
    MAX_LABEL,
    MAX_NAME,
    MAX_TEXT,
    ConflictError,
    Notebook,
    ObservationError,
    _clean,
    _now,
    goal_history,
    goal_rules,
    goals,
)
from analytics.text.i18n import LANGUAGES, t

STATES = ("on_plan", "challenges", "stalled", "done")
"""A main task's state in a quarter: on plan, challenges being solved, stalled (needs support), done."""
DIRECTION_ALIASES = {"≥": ">=", "≤": "<=", "=>": ">=", "=<": "<="}
MAX_UNIT = 20
MAX_INDICATOR = 120
MAX_ITEMS = 50
"""KPIs or main tasks of one goal."""
FIRST_YEAR, LAST_YEAR = 2000, 2100
FIELDS = {"county": "The county", "year": "The year", "title": "The goal", "priority": "The strategic priority",
          "toimiala": "The toimiala", "responsible": "The person responsible", "description": "The description",
          "author": "The name", "kpi": "The KPI's name", "unit": "The unit", "indicator": "The indicator",
          "target": "The target", "value": "The value", "direction": "The direction", "task": "The main task",
          "task_responsible": "The main task's person responsible", "completion": "The completion",
          "state": "The state", "summary": "The summary", "quarter": "The quarter", "kpis": "The KPIs",
          "tasks": "The main tasks"}
"""A field's name in the English messages (a page says them in its own language from ``code`` and ``field``)."""
EDITABLE = ("county", "year", "title", "priority", "toimiala", "responsible", "description", "kpis", "tasks",
            "summaries")

class GoalConflictError(ConflictError):
    """Someone else saved the same goal after it was opened for editing; ``current`` is their save."""

    def __init__(self, current: Goal):
        ObservationError.__init__(
            self, f"{current.updated_by} saved this goal at {current.updated_at:%Y-%m-%d %H:%M} UTC, after you "
            "opened it. Your change was not saved (your input is kept): open the goal again and make your change "
            "there.", "conflict", who=current.updated_by, when=current.updated_at)
        self.current = current


class GoalImportError(ObservationError):
    """A spreadsheet that was not imported (nothing was): ``problems`` are dicts of row (the spreadsheet's row
    number, the header being row 1; None for the whole file), column, value, code and message."""

    def __init__(self, problems: list[dict]):
        shown = "; ".join(p["message"] for p in problems[:10])
        more = f"; and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"Nothing was imported: {len(problems)} problem(s). {shown}{more}.", "import",
                         count=len(problems))
        self.problems = problems


# --- the records ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kpi:
    """A goal's KPI (mittari): its target and direction (``>=``, ``>``, ``<=``, ``<``), the unit it is written in
    (``%``, '' for a score), the catalogue indicator that gives its values ('' when none does) and the values
    entered per quarter Q1..Q4 (None where there is none)."""

    name: str
    target: float
    direction: str
    unit: str = ""
    indicator: str = ""
    values: tuple[float | None, float | None, float | None, float | None] = (None, None, None, None)

    def evaluations(self, rule: Rule = DEFAULT_RULE) -> dict[str, Evaluation | None]:
        """Each quarter's entered value against the target (None for a quarter without a value)."""
        return evaluate_quarters(self.values, self.target, self.direction, rule)

    def trend(self) -> list[QuarterPoint]:
        """The entered values over the quarters with their changes."""
        return quarterly_trend(self.values)


@dataclass(frozen=True)
class Task:
    """A main task (päätehtävä): who is responsible, what it is, how far it is (0–100 %, None if not
    reported) and its state in each quarter Q1..Q4 (one of ``STATES``, None if not reported)."""

    description: str
    responsible: str = ""
    completion: float | None = None
    states: tuple[str | None, str | None, str | None, str | None] = (None, None, None, None)


@dataclass(frozen=True)
class Goal:
    """A binding goal of a county and year as saved (``version`` counts the saves; ``updated_by`` saved last)."""

    id: int
    county: str
    year: int
    title: str
    priority: str
    toimiala: str
    responsible: str
    description: str
    kpis: tuple[Kpi, ...]
    tasks: tuple[Task, ...]
    summaries: tuple[str, str, str, str]
    """The written summary (tiivistelmä) of each quarter Q1..Q4 ('' where none)."""
    version: int
    created_at: datetime
    created_by: str
    updated_at: datetime
    updated_by: str


# --- checking input -----------------------------------------------------------------------------------------

def _blank(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.replace("\x00", "").strip()


def _text(value: object, limit: int, name: str, required: bool = False) -> str:
    """``value`` as stored: stripped plain text (NUL characters dropped), at most ``limit`` characters; an empty
    spreadsheet cell (NaN) is no text. The observations' check, with the goals' field names."""
    return _clean(None if _blank(value) else value, limit, name, required, names=FIELDS)


def _number(value: object, name: str) -> float:
    """A finite number; a text may write it as a spreadsheet would: ``86,1``, ``83 %``, ``−2``."""
    if isinstance(value, bool):
        number = math.nan
    elif isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
        text = text.removesuffix("%")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
    if not math.isfinite(number):
        raise ObservationError(f"{FIELDS[name]} {str(value)[:40]!r} is not a number: write a number such as 83 or "
                               "86,1.", "number", field=name, value=str(value)[:40])
    return number


def _optional_number(value: object, name: str) -> float | None:
    return None if _blank(value) else _number(value, name)


def _year(value: object) -> int:
    number = _number(value, "year")
    if number != int(number) or not FIRST_YEAR <= number <= LAST_YEAR:
        raise ObservationError(f"The year {value!r} is not a year from {FIRST_YEAR} to {LAST_YEAR}.", "year",
                               field="year", value=str(value)[:40])
    return int(number)


def _completion(value: object) -> float | None:
    number = _optional_number(value, "completion")
    if number is not None and not 0 <= number <= 100:
        raise ObservationError(f"The completion {value!r} is not a percent from 0 to 100.", "completion",
                               field="completion", value=str(value)[:40])
    return number


def _state_words() -> dict[str, str]:
    """A state as a spreadsheet may write it → its code: the code, or its name in any language."""
    words = {code: code for code in STATES}
    for code in STATES:
        for lang in LANGUAGES:
            words[t(f"goals.state.{code}", lang).casefold()] = code
    return words


def _state(value: object) -> str | None:
    if _blank(value):
        return None
    code = _state_words().get(str(value).strip().casefold())
    if code is None:
        raise ObservationError(f"Unknown state {str(value)[:60]!r}: use one of {', '.join(STATES)}.", "state",
                               field="state", value=str(value)[:60])
    return code


def _direction(value: object) -> str:
    text = "" if _blank(value) else str(value).strip().replace(" ", "")
    text = DIRECTION_ALIASES.get(text, text)
    if text not in DIRECTIONS:
        raise ObservationError(f"Unknown direction {str(value)[:20]!r}: use one of {', '.join(DIRECTIONS)} "
                               "(>= at least the target, <= at most).", "direction", field="direction",
                               value=str(value)[:20])
    return text


def _quarter(value: object) -> str:
    text = "" if _blank(value) else str(value).strip().upper().removesuffix(".0")
    text = f"Q{text}" if text in ("1", "2", "3", "4") else text
    if text not in QUARTERS:
        raise ObservationError(f"Unknown quarter {str(value)[:20]!r}: use one of {', '.join(QUARTERS)}.", "quarter",
                               field="quarter", value=str(value)[:20])
    return text


def _four(values: Mapping[str, object] | Sequence[object] | None, name: str) -> list:
    """Four per-quarter entries Q1..Q4 from a list (short ones padded with None) or a mapping ``{"Q1": …}``."""
    if values is None:
        return [None] * 4
    if isinstance(values, Mapping):
        for quarter in values:
            _quarter(quarter)
        return [values.get(q) for q in QUARTERS]
    if isinstance(values, str) or len(values) > len(QUARTERS):
        raise ObservationError(f"{FIELDS[name]} are given per quarter: at most {len(QUARTERS)}.", "quarter",
                               field=name, value=str(values)[:40])
    return [*values, *[None] * (len(QUARTERS) - len(values))]


def _kpi(item: Kpi | Mapping) -> Kpi:
    data = asdict(item) if isinstance(item, Kpi) else dict(item)
    return Kpi(name=_text(data.get("name"), MAX_LABEL, "kpi", required=True),
               target=_number(data.get("target"), "target"),
               direction=_direction(data.get("direction")),
               unit=_text(data.get("unit"), MAX_UNIT, "unit"),
               indicator=_text(data.get("indicator"), MAX_INDICATOR, "indicator"),
               values=tuple(_optional_number(v, "value") for v in _four(data.get("values"), "value")))


def _task(item: Task | Mapping) -> Task:
    data = asdict(item) if isinstance(item, Task) else dict(item)
    return Task(description=_text(data.get("description"), MAX_TEXT, "task", required=True),
                responsible=_text(data.get("responsible"), MAX_NAME, "task_responsible"),
                completion=_completion(data.get("completion")),
                states=tuple(_state(s) for s in _four(data.get("states"), "state")))


def _items(items: Sequence | None, check, name: str) -> tuple:
    items = list(items or ())
    if len(items) > MAX_ITEMS:
        raise ObservationError(f"{FIELDS[name]}: {len(items)} is more than the {MAX_ITEMS} a goal may have.",
                               "too_many", field=name, count=len(items), limit=MAX_ITEMS)
    checked = tuple(check(item) for item in items)
    names = [k.name.casefold() if isinstance(k, Kpi) else (k.description.casefold(), k.responsible.casefold())
             for k in checked]
    if len(set(names)) < len(names):
        raise ObservationError(f"{FIELDS[name]}: the same one is given twice; give each once.", "duplicate",
                               field=name)
    return checked


def _columns(**given: object) -> dict:
    """The stored columns of the goal fields ``given`` (any of ``EDITABLE``), checked."""
    unknown = set(given) - set(EDITABLE)
    if unknown:
        raise TypeError(f"a goal has no field(s) {', '.join(sorted(unknown))}; the fields are {', '.join(EDITABLE)}")
    checks = {"county": lambda v: _text(v, MAX_COUNTY, "county", required=True), "year": _year,
              "title": lambda v: _text(v, MAX_GOAL, "title", required=True),
              "priority": lambda v: _text(v, MAX_LABEL, "priority"),
              "toimiala": lambda v: _text(v, MAX_LABEL, "toimiala"),
              "responsible": lambda v: _text(v, MAX_NAME, "responsible"),
              "description": lambda v: _text(v, MAX_TEXT, "description"),
              "kpis": lambda v: _json([asdict(k) for k in _items(v, _kpi, "kpis")]),
              "tasks": lambda v: _json([asdict(k) for k in _items(v, _task, "tasks")]),
              "summaries": lambda v: _json([_text(s, MAX_TEXT, "summary") for s in _four(v, "summary")])}
    return {name: checks[name](value) for name, value in given.items()}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- rows and states --------------------------------------------------------------------------------------

def _from_row(row: sa.Row | Mapping) -> Goal:
    r = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    return Goal(id=r["id"], county=r["county"], year=r["year"], title=r["title"], priority=r["priority"],
                toimiala=r["toimiala"], responsible=r["responsible"], description=r["description"],
                kpis=tuple(_kpi_from(k) for k in json.loads(r["kpis"])),
                tasks=tuple(_task_from(k) for k in json.loads(r["tasks"])),
                summaries=tuple(json.loads(r["summaries"])), version=r["version"],
                created_at=_moment(r["created_at"]), created_by=r["created_by"],
                updated_at=_moment(r["updated_at"]), updated_by=r["updated_by"])


def _moment(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _kpi_from(data: Mapping) -> Kpi:
    return Kpi(data["name"], data["target"], data["direction"], data["unit"], data["indicator"], tuple(data["values"]))


def _task_from(data: Mapping) -> Task:
    return Task(data["description"], data["responsible"], data["completion"], tuple(data["states"]))


def _state_of(goal: Goal) -> str:
    """A goal's state for the history, as JSON."""
    return json.dumps(asdict(goal), ensure_ascii=False, default=str, sort_keys=True)


def goal_from_state(state: Mapping) -> Goal:
    """A goal as the history kept it (``history(…)[i]["state"]``)."""
    return _from_row({**state, "kpis": _json(state["kpis"]), "tasks": _json(state["tasks"]),
                      "summaries": _json(state["summaries"])})


def _changed(before: Mapping | None, after: Mapping) -> list[str]:
    """The goal's fields a save changed (every field for the first save)."""
    return [name for name in ("county", "year", "title", "priority", "toimiala", "responsible", "description",
                              "kpis", "tasks", "summaries") if before is None or before[name] != after[name]]


@contextmanager
def _refusing_duplicates(values: dict) -> Iterator[None]:
    """Turns the database's refusal of a second goal with the same text (county and year) into an
    ``ObservationError``."""
    try:
        yield
    except sa.exc.IntegrityError:
        raise ObservationError("A goal with this text already exists for the county and year: edit that goal "
                               "instead.", "duplicate", field="title", value=values.get("title", "")[:60]) from None


# --- the book -------------------------------------------------------------------------------------------------

class GoalBook:
    """The binding goals in the observations' database (the same location as ``Notebook``)."""

    def __init__(self, location: str | os.PathLike | None = None):
        self.notebook = Notebook(location)  # opens the database and brings its schema (goals included) up to date
        self.engine = self.notebook.engine
        self.url = self.notebook.url

    def describe(self) -> str:
        """Where the data is, without a password."""
        return self.notebook.describe()

    # writing ---------------------------------------------------------------------------------------------------
    def add(self, county: str, year: int, title: str, author: str, *, priority: str = "", toimiala: str = "",
            responsible: str = "", description: str = "", kpis: Sequence[Kpi | Mapping] = (),
            tasks: Sequence[Task | Mapping] = (), summaries: Sequence[str] | Mapping[str, str] = ()) -> Goal:
        """Record a new goal of ``county`` for ``year``. A goal with the same text for the same county and year
        is refused (``duplicate``): edit that one instead."""
        author = _text(author, MAX_NAME, "author", required=True)
        values = _columns(county=county, year=year, title=title, priority=priority, toimiala=toimiala,
                          responsible=responsible, description=description, kpis=kpis, tasks=tasks,
                          summaries=summaries)
        with _refusing_duplicates(values):
            with self.engine.begin() as connection:
                return self._insert(connection, values, author)

    def edit(self, goal_id: int, version: int, author: str, **changes: object) -> Goal:
        """Change the fields ``changes`` (any of ``EDITABLE``; ``kpis`` and ``tasks`` replace the lists) of a goal
        that was at ``version`` when the editor opened it. Raises ``GoalConflictError`` (naming who saved) if
        someone has saved it since; nothing is then written."""
        author = _text(author, MAX_NAME, "author", required=True)
        values = _columns(**changes)
        with _refusing_duplicates(values):
            with self.engine.begin() as connection:
                return self._update(connection, goal_id, version, values, author)

    def set_rule(self, county: str, rule: Rule, author: str) -> Rule:
        """Set ``county``'s evaluation rule (replacing its earlier one)."""
        county = _text(county, MAX_COUNTY, "county", required=True)
        author = _text(author, MAX_NAME, "author", required=True)
        values = {"green": float(rule.green), "yellow": float(rule.yellow), "updated_at": _now().isoformat(),
                  "updated_by": author}
        with self.engine.begin() as connection:
            if connection.execute(goal_rules.update().where(goal_rules.c.county == county).values(**values)).rowcount:
                return rule
            connection.execute(goal_rules.insert().values(county=county, **values))
        return rule

    def import_rows(self, frame: pd.DataFrame, author: str) -> list[Goal]:
        """Import a spreadsheet of goals (``goals_from_rows`` describes it): a goal whose text is new for its
        county and year is added, one that exists gets a new version with the file's content. All or nothing:
        any problem (``GoalImportError``, every problem with its row and column) imports nothing."""
        author = _text(author, MAX_NAME, "author", required=True)
        planned = [_columns(**values) for values in goals_from_rows(frame)]
        saved = []
        with _refusing_duplicates({}):
            with self.engine.begin() as connection:
                for columns in planned:
                    current = connection.execute(sa.select(goals).where(
                        goals.c.county == columns["county"], goals.c.year == columns["year"],
                        goals.c.title == columns["title"])).first()
                    saved.append(self._insert(connection, columns, author) if current is None else
                                 self._update(connection, current.id, current.version, columns, author))
        return saved

    def _insert(self, connection: sa.Connection, values: dict, author: str) -> Goal:
        now = _now().isoformat()
        row = {**values, "version": 1, "created_at": now, "created_by": author, "updated_at": now,
               "updated_by": author}
        new_id = connection.execute(goals.insert().values(**row)).inserted_primary_key[0]
        saved = _from_row({**row, "id": new_id})
        connection.execute(goal_history.insert().values(goal_id=new_id, version=1, changed_at=now, changed_by=author,
                                                        state=_state_of(saved)))
        return saved

    def _update(self, connection: sa.Connection, goal_id: int, version: int, values: dict, author: str) -> Goal:
        now = _now().isoformat()
        updated = connection.execute(
            goals.update().where(goals.c.id == goal_id, goals.c.version == version)
            .values(**values, version=goals.c.version + 1, updated_at=now, updated_by=author))
        if updated.rowcount != 1:
            current = connection.execute(sa.select(goals).where(goals.c.id == goal_id)).first()
            if current is None:
                raise ObservationError(f"Goal {goal_id} does not exist.", "missing", id=goal_id)
            raise GoalConflictError(_from_row(current))
        saved = _from_row(connection.execute(sa.select(goals).where(goals.c.id == goal_id)).one())
        connection.execute(goal_history.insert().values(goal_id=goal_id, version=saved.version, changed_at=now,
                                                        changed_by=author, state=_state_of(saved)))
        return saved

    # reading ---------------------------------------------------------------------------------------------------
    def get(self, goal_id: int) -> Goal:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(goals).where(goals.c.id == goal_id)).first()
        if row is None:
            raise ObservationError(f"Goal {goal_id} does not exist.", "missing", id=goal_id)
        return _from_row(row)

    def of_county(self, county: str, year: int | None = None) -> list[Goal]:
        """A county's goals (of ``year``, or of every year), in the order they were added."""
        query = sa.select(goals).where(goals.c.county == county)
        if year is not None:
            query = query.where(goals.c.year == int(year))
        with self.engine.connect() as connection:
            return [_from_row(r) for r in connection.execute(query.order_by(goals.c.year, goals.c.id))]

    def all(self) -> list[Goal]:
        """Every goal, by county, year and order added."""
        with self.engine.connect() as connection:
            return [_from_row(r) for r in connection.execute(
                sa.select(goals).order_by(goals.c.county, goals.c.year, goals.c.id))]

    def history(self, goal_id: int) -> list[dict]:
        """Every saved state of a goal, oldest first: version, changed_at, changed_by, changed (the fields that
        save changed) and state (dict; ``goal_from_state`` makes it a ``Goal``)."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(goal_history).where(goal_history.c.goal_id == goal_id)
                                      .order_by(goal_history.c.version)).all()
        found, before = [], None
        for r in rows:
            state = json.loads(r.state)
            found.append({"version": r.version, "changed_at": _moment(r.changed_at), "changed_by": r.changed_by,
                          "changed": _changed(before, state), "state": state})
            before = state
        return found

    def rule(self, county: str) -> Rule:
        """``county``'s evaluation rule (DOMAIN §7's if it has set none)."""
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(goal_rules).where(goal_rules.c.county == county)).first()
        return DEFAULT_RULE if row is None else Rule(green=row.green, yellow=row.yellow)

    def marker(self) -> int:
        """A number that grows with every save of a goal (for others' screens to notice)."""
        with self.engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.max(goal_history.c.id))) or 0

    def export_frame(self, county: str | None = None, year: int | None = None) -> pd.DataFrame:
        """The goals (of ``county`` and ``year``, else all) as a spreadsheet in the shape ``import_rows`` reads."""
        found = self.all() if county is None else self.of_county(county, year)
        return goals_frame([g for g in found if year is None or g.year == year])


# --- the spreadsheet ------------------------------------------------------------------------------------------

GOAL_COLUMNS = ("county", "year", "goal", "priority", "toimiala", "responsible", "description")
COLUMNS = (*GOAL_COLUMNS, "kind", "kpi", "indicator", "unit", "target", "direction", "task", "task_responsible",
           "completion", "quarter", "value", "state", "summary")
"""The spreadsheet's columns, in order."""
REQUIRED_COLUMNS = ("county", "year", "goal", "kind")
"""Columns a file must have; any other column it lacks is read as empty (and named if a row needs it)."""
KINDS = ("goal", "kpi", "task", "summary")


def goals_frame(found: Sequence[Goal]) -> pd.DataFrame:
    """``found`` as a spreadsheet: every row names its goal (county, year, goal text and the goal's other fields);
    a KPI has a row per quarter (its value, blank where none), a main task a row per quarter (its state), a
    summary a row of its quarter; a goal with none of these has one row of kind ``goal``."""
    rows = []
    for g in found:
        head = {"county": g.county, "year": g.year, "goal": g.title, "priority": g.priority, "toimiala": g.toimiala,
                "responsible": g.responsible, "description": g.description}
        lines = []
        for k in g.kpis:
            lines += [{"kind": "kpi", "kpi": k.name, "indicator": k.indicator, "unit": k.unit, "target": k.target,
                       "direction": k.direction, "quarter": q, "value": v} for q, v in zip(QUARTERS, k.values)]
        for task in g.tasks:
            lines += [{"kind": "task", "task": task.description, "task_responsible": task.responsible,
                       "completion": task.completion, "quarter": q, "state": s} for q, s in zip(QUARTERS, task.states)]
        lines += [{"kind": "summary", "quarter": q, "summary": s} for q, s in zip(QUARTERS, g.summaries) if s]
        rows += [{**head, **line} for line in lines or [{"kind": "goal"}]]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    for name in ("target", "value", "completion"):
        frame[name] = frame[name].astype("float64")
    frame["year"] = frame["year"].astype("int64")
    return frame


@dataclass
class _Planned:
    """A goal being read from a spreadsheet: its fields, the row each was first given on, its parts."""

    values: dict
    given_on: dict = field(default_factory=dict)
    kpis: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    summaries: dict = field(default_factory=dict)


def goals_from_rows(frame: pd.DataFrame) -> list[dict]:
    """The goals of a spreadsheet (``COLUMNS``; the header is row 1), checked, as keyword arguments of
    ``GoalBook.add`` (county, year, title, …, kpis, tasks, summaries). Raises ``GoalImportError`` with every
    problem found (the row, the column, what is wrong and what to do).

    Each row names its goal by ``county``, ``year`` and ``goal`` (the goal's text); ``priority``, ``toimiala``,
    ``responsible`` and ``description`` may be left empty on all but one of its rows, and must not differ.
    ``kind`` says what else the row gives:

    - ``kpi``: a KPI (``kpi``: its name; ``target``, ``direction`` (``>=``, ``>``, ``<=``, ``<``), ``unit``,
      ``indicator``: the same on each of its rows, or empty) and, with ``quarter`` (Q1–Q4), its ``value``;
    - ``task``: a main task (``task``: what it is, ``task_responsible``, ``completion`` 0–100) and, with
      ``quarter``, its ``state`` (on_plan, challenges, stalled, done, or the state's name);
    - ``summary``: the ``summary`` of the ``quarter``;
    - ``goal`` (or empty): the goal alone."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"a spreadsheet is a pandas DataFrame, not {type(frame).__name__}")
    problems: list[dict] = []

    def problem(row: int | None, column: str | None, value: object, code: str, message: str) -> None:
        where = ", ".join(filter(None, [f"row {row}" if row else "", f"column {column}" if column else ""]))
        problems.append({"row": row, "column": column, "value": "" if _blank(value) else str(value)[:60],
                         "code": code, "message": f"{where}: {message}" if where else message})

    if len(frame) == 0:
        problem(None, None, "", "empty", "the file has no rows: write one row per KPI-quarter, main task-quarter "
                                         "or summary under the header")
    names = [str(c).strip() for c in frame.columns]
    for column in REQUIRED_COLUMNS:
        if column not in names:
            problem(None, column, "", "missing_column", f"the column {column} is missing: add it to the header "
                                                        f"(the columns are {', '.join(COLUMNS)})")
    if problems:
        raise GoalImportError(problems)
    frame = frame.set_axis(names, axis=1)
    planned: dict[tuple, _Planned] = {}

    for position, record in enumerate(frame.to_dict("records")):
        row = position + 2

        def cell(column: str, check, _record=record, _row=row):
            """The checked value of a cell; ``_WRONG`` (with the problem noted) if it does not pass ``check``."""
            raw = _record.get(column)
            try:
                return check(raw)
            except ObservationError as error:
                problem(_row, column, raw, error.code, _reason(error))
                return _WRONG

        county = cell("county", lambda v: _text(v, MAX_COUNTY, "county", required=True))
        year = cell("year", _year)
        title = cell("goal", lambda v: _text(v, MAX_GOAL, "title", required=True))
        kind = cell("kind", _kind)
        if _WRONG in (county, year, title, kind):
            continue
        goal = planned.setdefault((county, year, title.casefold()),
                                  _Planned({"county": county, "year": year, "title": title}))
        for column, check in (("priority", lambda v: _text(v, MAX_LABEL, "priority")),
                              ("toimiala", lambda v: _text(v, MAX_LABEL, "toimiala")),
                              ("responsible", lambda v: _text(v, MAX_NAME, "responsible")),
                              ("description", lambda v: _text(v, MAX_TEXT, "description"))):
            _agree(goal.values, goal.given_on, column, cell(column, check), row, problem)
        quarter = None
        if not _blank(record.get("quarter")):
            quarter = cell("quarter", _quarter)
            if quarter is _WRONG:
                continue
        if kind == "kpi":
            _kpi_row(goal, cell, row, quarter, problem)
        elif kind == "task":
            _task_row(goal, cell, row, quarter, problem)
        elif kind == "summary":
            text = cell("summary", lambda v: _text(v, MAX_TEXT, "summary", required=True))
            if quarter is None:
                problem(row, "quarter", "", "quarter", "a summary needs its quarter (Q1–Q4)")
            elif text is not _WRONG:
                if quarter in goal.summaries:
                    problem(row, "quarter", quarter, "duplicate", f"the goal's {quarter} summary is already on row "
                                                                  f"{goal.summaries[quarter][1]}: give it once")
                else:
                    goal.summaries[quarter] = (text, row)

    out = []
    for goal in planned.values():
        kpis = []
        for kpi in goal.kpis.values():
            name = kpi["name"]
            for column in ("target", "direction"):
                if kpi[column] is None:
                    problem(kpi["row"], column, "", "empty", f"the KPI {name!r} has no {column}: write it on one "
                                                             "of its rows")
            kpis.append({"name": name, "target": kpi["target"], "direction": kpi["direction"],
                         "unit": kpi["unit"] or "", "indicator": kpi["indicator"] or "", "values": kpi["values"]})
        tasks = [{"description": task["description"], "responsible": task["responsible"],
                  "completion": task["completion"], "states": task["states"]} for task in goal.tasks.values()]
        for part, items in (("kpis", kpis), ("tasks", tasks)):
            if len(items) > MAX_ITEMS:
                problem(None, None, "", "too_many", f"the goal {goal.values['title'][:60]!r} has {len(items)} "
                                                    f"{part}; the limit is {MAX_ITEMS}")
        out.append({"priority": "", "toimiala": "", "responsible": "", "description": "", **goal.values,
                    "kpis": kpis, "tasks": tasks, "summaries": {q: s for q, (s, _) in goal.summaries.items()}})
    if problems:
        raise GoalImportError(sorted(problems, key=lambda p: (p["row"] or 0)))
    return out


_WRONG = object()
"""A cell that did not pass its check (its problem is noted)."""


def _reason(error: ObservationError) -> str:
    """An input error's message, to follow ``row 3, column value:``."""
    text = str(error).rstrip(".")
    return text[:1].lower() + text[1:]


def _kind(value: object) -> str:
    text = "goal" if _blank(value) else str(value).strip().casefold()
    if text not in KINDS:
        raise ObservationError(f"Unknown kind {str(value)[:20]!r}: use one of {', '.join(KINDS)}.", "kind",
                               field="kind", value=str(value)[:20])
    return text


def _agree(values: dict, given_on: dict, column: str, value: object, row: int, problem) -> None:
    """Keep ``value`` for ``column`` unless it is empty or wrong; a different value than an earlier row's is a
    problem."""
    if value is _WRONG or value in (None, ""):
        return
    if values.get(column) in (None, ""):
        values[column], given_on[column] = value, row
    elif values[column] != value:
        problem(row, column, value, "differs", f"{str(value)[:40]!r} differs from {str(values[column])[:40]!r} on "
                                               f"row {given_on[column]}: give the same or leave it empty")


def _kpi_row(goal: _Planned, cell, row: int, quarter: str | None, problem) -> None:
    name = cell("kpi", lambda v: _text(v, MAX_LABEL, "kpi", required=True))
    if name is _WRONG:
        return
    kpi = goal.kpis.setdefault(name.casefold(), {"name": name, "target": None, "direction": None, "unit": None,
                                                 "indicator": None, "values": [None] * 4, "row": row,
                                                 "given_on": {}, "quarters": {}})
    for column, check in (("target", lambda v: _optional_number(v, "target")),
                          ("direction", lambda v: None if _blank(v) else _direction(v)),
                          ("unit", lambda v: _text(v, MAX_UNIT, "unit")),
                          ("indicator", lambda v: _text(v, MAX_INDICATOR, "indicator"))):
        _agree(kpi, kpi["given_on"], column, cell(column, check), row, problem)
    _per_quarter(kpi, "values", cell("value", lambda v: _optional_number(v, "value")), quarter, row, problem,
                 "a KPI's value needs its quarter (Q1–Q4)", f"the KPI {name!r} already has a {quarter} value")


def _task_row(goal: _Planned, cell, row: int, quarter: str | None, problem) -> None:
    description = cell("task", lambda v: _text(v, MAX_TEXT, "task", required=True))
    responsible = cell("task_responsible", lambda v: _text(v, MAX_NAME, "task_responsible"))
    if _WRONG in (description, responsible):
        return
    task = goal.tasks.setdefault((description.casefold(), responsible.casefold()),
                                 {"description": description, "responsible": responsible, "completion": None,
                                  "states": [None] * 4, "given_on": {}, "quarters": {}})
    _agree(task, task["given_on"], "completion", cell("completion", _completion), row, problem)
    _per_quarter(task, "states", cell("state", _state), quarter, row, problem,
                 "a main task's state needs its quarter (Q1–Q4)", f"the main task already has a {quarter} state")


def _per_quarter(item: dict, slots: str, value, quarter: str | None, row: int, problem, missing: str,
                 again: str) -> None:
    """Put a sheet row's ``value`` into ``item[slots]`` at its quarter, once per quarter (``item["quarters"]``: the
    row each quarter came from); a row without a quarter, or a quarter given twice, is a problem."""
    if value is _WRONG or value is None:
        return
    if quarter is None:
        problem(row, "quarter", "", "quarter", missing)
    elif quarter in item["quarters"]:
        problem(row, "quarter", quarter, "duplicate", f"{again} on row {item['quarters'][quarter]}: give it once")
    else:
        item["quarters"][quarter] = row
        item[slots][QUARTERS.index(quarter)] = value


def without_bookkeeping(goal: Goal) -> Goal:
    """``goal`` with its id, version and times blanked: what two copies of the same content share."""
    moment = datetime(2000, 1, 1)
    return replace(goal, id=0, version=0, created_at=moment, created_by="", updated_at=moment, updated_by="")

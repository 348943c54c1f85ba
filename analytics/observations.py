"""Observations ("Havainnot") and development actions ("Havainnoista kehittämiseen"), recorded next to the
figures they are about, kept with their whole history in a database.

Storage is SQLite by default, in a file outside the data directory (``OMAVALVONTA_DATABASE`` names another
file, or a ``postgresql+psycopg://user:password@host/db`` address for a county serving many users). The
schema is created and upgraded by numbered migrations (``MIGRATIONS``); the version reached is kept in
``schema_version``.

Nothing is deleted: an observation is closed, not removed, and every change writes the new state of the
record into ``observation_history``. Each record carries a version number; an edit names the version it
started from and is refused (``ConflictError``) if someone else saved in between, so no change is lost
silently. Texts are limited in length and stay plain text (the pages and reports escape them).
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pandas as pd
import sqlalchemy as sa

from analytics.core import pages as site_pages
from analytics.text.i18n import fmt_date, label, t, uses_comma

DATABASE_ENV = "OMAVALVONTA_DATABASE"
DEFAULT_DATABASE = Path.home() / ".local" / "share" / "omavalvonta" / "omavalvonta.sqlite3"

LOCAL_TIME = ZoneInfo("Europe/Helsinki")
MAX_TEXT = 2000
MAX_NAME = 80
MAX_ACTION = 500
STATUSES = ("open", "closed")
PAGES = {page.slug: page.title_key for page in site_pages.PAGES}
"""A page's address → the message key of its name."""
ACTION_STATUSES = ("planned", "in_progress", "done")


class ObservationError(ValueError):
    """Input that cannot be saved; the message says what is wrong and what to do. ``code`` and ``values``
    let a page say the same in its own language (``obs.error.<code>``)."""

    def __init__(self, message: str, code: str, **values: object):
        super().__init__(message)
        self.code = code
        self.values = values


class ConflictError(ObservationError):
    """Someone else saved the same record after it was opened for editing."""

    def __init__(self, current: Observation):
        super().__init__(f"{current.updated_by} saved this observation at {current.updated_at:%Y-%m-%d %H:%M} UTC, "
                         "after you opened it. Your change was not saved; open it again and make your change there.",
                         "conflict", who=current.updated_by, when=current.updated_at)
        self.current = current


@dataclass(frozen=True)
class Place:
    """Where an observation belongs: a chart or table of a page, under the filters and period in force."""

    page: str
    chart: str
    county: str
    period: str
    toimialat: tuple[str, ...] = ()
    palvelualueet: tuple[str, ...] = ()
    indicator: str = ""
    """What the chart shows beyond the filters, e.g. an indicator, a category or a half-year ('' if nothing)."""


@dataclass(frozen=True)
class Action:
    """A development action that follows from an observation."""

    what: str
    responsible: str = ""
    due: date | None = None
    status: str = "planned"

    def overdue(self, today: date | None = None) -> bool:
        """Past its due date and not done."""
        return bool(self.due and self.status != "done" and self.due < (today or date.today()))


@dataclass(frozen=True)
class Observation:
    id: int
    place: Place
    chart_title: str
    text: str
    author: str
    created_at: datetime
    status: str
    action: Action | None
    version: int
    updated_at: datetime
    updated_by: str


metadata = sa.MetaData()
schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("applied_at", sa.String(32), nullable=False),
)
observations = sa.Table(
    "observations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("page", sa.String(60), nullable=False),
    sa.Column("chart", sa.String(120), nullable=False),
    sa.Column("indicator", sa.String(200), nullable=False, server_default=""),
    sa.Column("chart_title", sa.String(300), nullable=False, server_default=""),
    sa.Column("county", sa.String(120), nullable=False),
    sa.Column("toimialat", sa.Text, nullable=False, server_default="[]"),
    sa.Column("palvelualueet", sa.Text, nullable=False, server_default="[]"),
    sa.Column("period", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(MAX_NAME), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("action_what", sa.Text),
    sa.Column("action_responsible", sa.String(MAX_NAME)),
    sa.Column("action_due", sa.String(10)),
    sa.Column("action_status", sa.String(12)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("updated_by", sa.String(MAX_NAME), nullable=False),
    sa.Index("observations_place", "county", "period", "page", "chart"),
)
history = sa.Table(
    "observation_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("observation_id", sa.Integer, sa.ForeignKey("observations.id"), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_at", sa.String(32), nullable=False),
    sa.Column("changed_by", sa.String(MAX_NAME), nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.UniqueConstraint("observation_id", "version"),
)
MAX_KEY = 64
submissions = sa.Table(
    "observation_submissions", metadata,
    sa.Column("key", sa.String(MAX_KEY), primary_key=True, autoincrement=False),
    sa.Column("observation_id", sa.Integer, sa.ForeignKey("observations.id"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("saved_at", sa.String(32), nullable=False),
)
"""Idempotency keys of the saves done: one per submitted form, with the version that submission wrote. The
primary key makes a key usable once, also across processes and replicas."""


def _migration_1(connection: sa.Connection) -> None:
    """The first schema: observations with their optional action, and their history."""
    metadata.create_all(connection, tables=[observations, history])


def _migration_2(connection: sa.Connection) -> None:
    """One save per submitted form: the idempotency keys used, each with the version its save wrote."""
    metadata.create_all(connection, tables=[submissions])


MAX_COUNTY = 120
MAX_GOAL = 500
MAX_LABEL = 200
goals = sa.Table(
    "goals", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("county", sa.String(MAX_COUNTY), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("title", sa.String(MAX_GOAL), nullable=False),
    sa.Column("priority", sa.String(MAX_LABEL), nullable=False, server_default=""),
    sa.Column("toimiala", sa.String(MAX_LABEL), nullable=False, server_default=""),
    sa.Column("responsible", sa.String(MAX_NAME), nullable=False, server_default=""),
    sa.Column("description", sa.Text, nullable=False, server_default=""),
    sa.Column("kpis", sa.Text, nullable=False, server_default="[]"),
    sa.Column("tasks", sa.Text, nullable=False, server_default="[]"),
    sa.Column("summaries", sa.Text, nullable=False, server_default='["", "", "", ""]'),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("created_by", sa.String(MAX_NAME), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("updated_by", sa.String(MAX_NAME), nullable=False),
    sa.UniqueConstraint("county", "year", "title", name="goals_one_title"),
)
"""The binding goals (analytics/goals.py reads and writes them): KPIs, main tasks and summaries as JSON text."""
goal_history = sa.Table(
    "goal_history", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("goal_id", sa.Integer, sa.ForeignKey("goals.id"), nullable=False, index=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_at", sa.String(32), nullable=False),
    sa.Column("changed_by", sa.String(MAX_NAME), nullable=False),
    sa.Column("state", sa.Text, nullable=False),
    sa.UniqueConstraint("goal_id", "version"),
)
goal_rules = sa.Table(
    "goal_rules", metadata,
    sa.Column("county", sa.String(MAX_COUNTY), primary_key=True, autoincrement=False),
    sa.Column("green", sa.Float, nullable=False),
    sa.Column("yellow", sa.Float, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("updated_by", sa.String(MAX_NAME), nullable=False),
)
"""A county's own evaluation rule of its goals (a county without a row uses DOMAIN §7's)."""


def _migration_3(connection: sa.Connection) -> None:
    """The binding goals (analytics/goals.py): goals, their history and each county's evaluation rule."""
    metadata.create_all(connection, tables=[goals, goal_history, goal_rules])


MIGRATIONS: tuple[tuple[int, Callable[[sa.Connection], None]], ...] = ((1, _migration_1), (2, _migration_2),
                                                                       (3, _migration_3))
"""(version, upgrade) in order; a new schema change is appended here, never edited in place."""


def _chosen(location: str | os.PathLike | None) -> str:
    """``location``, else ``OMAVALVONTA_DATABASE``, else the default SQLite file."""
    return str(location) if location is not None else os.environ.get(DATABASE_ENV) or str(DEFAULT_DATABASE)


def database_url(location: str | os.PathLike | None = None) -> str:
    """An SQLAlchemy address for ``location`` (see ``_chosen``). A plain path means an SQLite file (its folder
    is created)."""
    chosen = _chosen(location)
    if "://" in chosen:
        return chosen
    path = Path(chosen).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


def _json_list(values: Sequence[str]) -> str:
    """How a place's toimialat and palvelualueet are stored (and matched: the same text for the same list)."""
    return json.dumps(list(values), ensure_ascii=False)


def _by_id(observation_id: int):
    return sa.select(observations).where(observations.c.id == observation_id)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


FIELDS = {"text": "The observation", "author": "The name", "action": "The action",
          "responsible": "The person responsible"}


def _clean(text: object, limit: int, field: str, required: bool = True, names: dict[str, str] = FIELDS) -> str:
    """``text`` stripped (NUL characters dropped), required and at most ``limit`` characters long. ``names``: the
    fields' names for the messages (the goals pass theirs)."""
    value = "" if text is None else str(text)
    value = value.replace("\x00", "").strip()
    what = names[field]
    if required and not value:
        raise ObservationError(f"{what} is empty: write something before saving.", "empty", field=field)
    if len(value) > limit:
        raise ObservationError(f"{what} is {len(value)} characters long; the limit is {limit}. Shorten it.",
                               "too_long", field=field, length=len(value), limit=limit)
    return value


def _action_columns(action: Action | None) -> dict:
    if action is None or not action.what.strip():
        return {"action_what": None, "action_responsible": None, "action_due": None, "action_status": None}
    if action.status not in ACTION_STATUSES:
        raise ObservationError(f"Unknown action status {action.status!r}: use one of {', '.join(ACTION_STATUSES)}.",
                               "status", value=action.status)
    return {"action_what": _clean(action.what, MAX_ACTION, "action"),
            "action_responsible": _clean(action.responsible, MAX_NAME, "responsible", required=False),
            "action_due": action.due.isoformat() if action.due else None,
            "action_status": action.status}


def at_place(found: Sequence[Observation], place: Place) -> list[Observation]:
    """Of ``found``, those made at exactly ``place``: the same chart, filters, period and detail."""
    return [o for o in found if o.place == place]


def _from_row(row: sa.Row | dict) -> Observation:
    r = dict(row._mapping) if hasattr(row, "_mapping") else dict(row)
    place = Place(page=r["page"], chart=r["chart"], county=r["county"], period=r["period"],
                  toimialat=tuple(json.loads(r["toimialat"])), palvelualueet=tuple(json.loads(r["palvelualueet"])),
                  indicator=r["indicator"])
    action = None
    if r.get("action_what"):
        action = Action(r["action_what"], r["action_responsible"] or "",
                        date.fromisoformat(r["action_due"]) if r["action_due"] else None, r["action_status"])
    return Observation(id=r["id"], place=place, chart_title=r["chart_title"], text=r["text"], author=r["author"],
                       created_at=datetime.fromisoformat(r["created_at"]), status=r["status"], action=action,
                       version=r["version"], updated_at=datetime.fromisoformat(r["updated_at"]),
                       updated_by=r["updated_by"])


def _state(observation: Observation) -> str:
    """A record's state for the history, as JSON."""
    data = asdict(observation)
    return json.dumps(data, ensure_ascii=False, default=str, sort_keys=True)


def _from_state(state: str) -> Observation:
    """A record as the history kept it (the inverse of ``_state``)."""
    data = json.loads(state)
    place = data["place"]
    action = data["action"]
    return Observation(
        id=data["id"], place=Place(place["page"], place["chart"], place["county"], place["period"],
                                   tuple(place["toimialat"]), tuple(place["palvelualueet"]), place["indicator"]),
        chart_title=data["chart_title"], text=data["text"], author=data["author"],
        created_at=datetime.fromisoformat(data["created_at"]), status=data["status"],
        action=None if action is None else Action(action["what"], action["responsible"],
                                                  date.fromisoformat(action["due"]) if action["due"] else None,
                                                  action["status"]),
        version=data["version"], updated_at=datetime.fromisoformat(data["updated_at"]), updated_by=data["updated_by"])


def _key(idempotency_key: str | None) -> str | None:
    """A form's idempotency key as stored (None: the caller does not ask for one save per submission)."""
    if idempotency_key is None:
        return None
    key = str(idempotency_key).strip()
    if not key or len(key) > MAX_KEY:
        raise ValueError(f"an idempotency key is 1 to {MAX_KEY} characters, not {len(key)}")
    return key


def _submitted(connection: sa.Connection, key: str) -> Observation | None:
    """What the save with this idempotency key wrote (None if no save used it)."""
    done = connection.execute(sa.select(submissions.c.observation_id, submissions.c.version)
                              .where(submissions.c.key == key)).first()
    if done is None:
        return None
    state = connection.scalar(sa.select(history.c.state).where(history.c.observation_id == done.observation_id,
                                                               history.c.version == done.version))
    return _from_state(state)


class Notebook:
    """The observations and actions in one database."""

    def __init__(self, location: str | os.PathLike | None = None):
        try:
            self.url = database_url(location)
        except OSError as exc:
            raise ObservationError(f"The observation database {location} cannot be created: {exc.strerror}. "
                                   f"Check {DATABASE_ENV}.", "unavailable", where=str(location),
                                   reason=exc.strerror) from None
        sqlite = self.url.startswith("sqlite")
        self.engine = sa.create_engine(self.url, connect_args={"timeout": 15} if sqlite else {},
                                       pool_pre_ping=not sqlite)
        if sqlite:
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self.migrate()
        except sa.exc.SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise ObservationError(f"The observation database {self.describe()} cannot be opened: {reason}. "
                                   f"Check {DATABASE_ENV}.", "unavailable", where=self.describe(),
                                   reason=reason) from None

    def describe(self) -> str:
        """Where the data is, without a password."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def migrate(self) -> int:
        """Bring the schema up to the newest version; returns it. Processes that start at once on one database
        (the app's replicas, say) take turns: the first migrates, the others wait and then find it done."""
        with self.engine.begin() as connection:
            _lock_for_migration(connection)
            schema_version.create(connection, checkfirst=True)
            done = set(connection.scalars(sa.select(schema_version.c.version)))
            for version, upgrade in MIGRATIONS:
                if version not in done:
                    upgrade(connection)
                    connection.execute(schema_version.insert().values(version=version, applied_at=_now().isoformat()))
        return MIGRATIONS[-1][0]

    def schema_version(self) -> int:
        with self.engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.max(schema_version.c.version))) or 0

    # writing -------------------------------------------------------------------------------------------------
    def add(self, place: Place, text: str, author: str, action: Action | None = None,
            chart_title: str = "", idempotency_key: str | None = None) -> Observation:
        """Record a new observation (and its action, if ``action.what`` is given); ``chart_title`` is the title
        of the chart or table as its author saw it. ``idempotency_key`` (one per opened form) makes a repeated
        submission of the same form (a double click, a request the network sent twice) return what the first
        one saved, writing nothing."""
        key = _key(idempotency_key)
        if key is not None and (done := self.submitted(key)) is not None:
            return done
        now = _now().isoformat()
        author = _clean(author, MAX_NAME, "author")
        values = {"page": place.page, "chart": place.chart, "indicator": place.indicator, "county": place.county,
                  "chart_title": str(chart_title)[:300],
                  "toimialat": _json_list(place.toimialat), "palvelualueet": _json_list(place.palvelualueet),
                  "period": place.period, "text": _clean(text, MAX_TEXT, "text"), "author": author,
                  "created_at": now, "status": "open", "version": 1, "updated_at": now, "updated_by": author,
                  **_action_columns(action)}
        try:
            with self.engine.begin() as connection:
                new_id = connection.execute(observations.insert().values(**values)).inserted_primary_key[0]
                saved = _from_row({**values, "id": new_id})
                connection.execute(history.insert().values(observation_id=new_id, version=1, changed_at=now,
                                                           changed_by=author, state=_state(saved)))
                if key is not None:
                    connection.execute(submissions.insert().values(key=key, observation_id=new_id, version=1,
                                                                   saved_at=now))
        except sa.exc.IntegrityError as exc:
            return self._saved_meanwhile(key, exc)
        return saved

    def edit(self, observation_id: int, version: int, author: str, *, text: str | None = None,
             action: Action | None | bool = False, status: str | None = None,
             idempotency_key: str | None = None) -> Observation:
        """Change an observation that was at ``version`` when the editor opened it. ``action=None`` removes
        the action (kept in the history), ``False`` leaves it as it is. Raises ``ConflictError`` if it has
        been saved by someone else since; nothing is then written. A repeated submission with the same
        ``idempotency_key`` returns the version the first one wrote (one version per submission)."""
        key = _key(idempotency_key)
        if key is not None and (done := self.submitted(key)) is not None:
            return done
        author = _clean(author, MAX_NAME, "author")
        changes: dict = {}
        if text is not None:
            changes["text"] = _clean(text, MAX_TEXT, "text")
        if action is not False:
            changes.update(_action_columns(action))
        if status is not None:
            if status not in STATUSES:
                raise ObservationError(f"Unknown status {status!r}: use one of {', '.join(STATUSES)}.", "status",
                                       value=status)
            changes["status"] = status
        now = _now().isoformat()
        try:
            with self.engine.begin() as connection:
                updated = connection.execute(
                    observations.update()
                    .where(observations.c.id == observation_id, observations.c.version == version)
                    .values(**changes, version=observations.c.version + 1, updated_at=now, updated_by=author))
                if updated.rowcount != 1:
                    if key is not None and (done := _submitted(connection, key)) is not None:
                        return done  # the same submission, saved by another request while this one waited
                    current = connection.execute(_by_id(observation_id)).first()
                    if current is None:
                        raise ObservationError(f"Observation {observation_id} does not exist.", "missing",
                                               id=observation_id)
                    raise ConflictError(_from_row(current))
                saved = _from_row(connection.execute(_by_id(observation_id)).one())
                connection.execute(history.insert().values(observation_id=observation_id, version=saved.version,
                                                           changed_at=now, changed_by=author, state=_state(saved)))
                if key is not None:
                    connection.execute(submissions.insert().values(key=key, observation_id=observation_id,
                                                                   version=saved.version, saved_at=now))
        except sa.exc.IntegrityError as exc:
            return self._saved_meanwhile(key, exc)
        return saved

    def submitted(self, idempotency_key: str) -> Observation | None:
        """What the save with this idempotency key wrote, as it was then; None if no save has used the key."""
        with self.engine.connect() as connection:
            return _submitted(connection, _key(idempotency_key))

    def _saved_meanwhile(self, key: str | None, failure: sa.exc.IntegrityError) -> Observation:
        """After a unique-constraint failure: the save that another request with the same key finished first
        (its transaction won; this one's was rolled back). Raises ``failure`` when there is no such save."""
        done = self.submitted(key) if key is not None else None
        if done is None:
            raise failure
        return done

    def close(self, observation_id: int, version: int, author: str) -> Observation:
        return self.edit(observation_id, version, author, status="closed")

    def reopen(self, observation_id: int, version: int, author: str) -> Observation:
        return self.edit(observation_id, version, author, status="open")

    # reading -------------------------------------------------------------------------------------------------
    def get(self, observation_id: int) -> Observation:
        with self.engine.connect() as connection:
            row = connection.execute(_by_id(observation_id)).first()
        if row is None:
            raise ObservationError(f"Observation {observation_id} does not exist.", "missing", id=observation_id)
        return _from_row(row)

    def history(self, observation_id: int) -> list[dict]:
        """Every saved state of an observation, oldest first: version, changed_at, changed_by, state (dict)."""
        with self.engine.connect() as connection:
            rows = connection.execute(sa.select(history).where(history.c.observation_id == observation_id)
                                      .order_by(history.c.version)).all()
        return [{"version": r.version, "changed_at": datetime.fromisoformat(r.changed_at), "changed_by": r.changed_by,
                 "state": json.loads(r.state)} for r in rows]

    def at(self, place: Place, include_closed: bool = False) -> list[Observation]:
        """The observations of one chart under exactly these filters and period, oldest first."""
        return at_place(self.on_page(place.page, place.county, place.period, include_closed), place)

    def on_page(self, page: str, county: str, period: str, include_closed: bool = False) -> list[Observation]:
        """The observations of every chart of one page, county and period, oldest first (one query: a page's
        panels each keep those of their own place with ``at_place``)."""
        query = sa.select(observations).where(observations.c.page == page, observations.c.county == county,
                                              observations.c.period == period)
        if not include_closed:
            query = query.where(observations.c.status == "open")
        return self._select(query.order_by(observations.c.id))

    def of_period(self, county: str, period: str, palvelualueet: Sequence[str] = ()) -> list[Observation]:
        """The observations of a county's review period (open and closed), for the review. With palvelualueet,
        only those made under no palvelualue filter or under one of these."""
        found = self._select(sa.select(observations).where(observations.c.county == county,
                                                            observations.c.period == period)
                             .order_by(observations.c.id))
        if palvelualueet:
            found = [o for o in found if not o.place.palvelualueet or set(o.place.palvelualueet) & set(palvelualueet)]
        return found

    def actions(self, county: str | None = None) -> list[Observation]:
        """Every observation that carries a development action."""
        query = sa.select(observations).where(observations.c.action_what.is_not(None))
        if county:
            query = query.where(observations.c.county == county)
        return self._select(query.order_by(observations.c.id))

    def marker(self) -> int:
        """A number that grows with every change (for others' screens to notice that something was saved)."""
        with self.engine.connect() as connection:
            return connection.scalar(sa.select(sa.func.max(history.c.id))) or 0

    def _select(self, query) -> list[Observation]:
        with self.engine.connect() as connection:
            return [_from_row(r) for r in connection.execute(query)]


MIGRATION_LOCK = 0x6F6D6176616C  # any fixed number: the PostgreSQL advisory lock held while migrating


def _lock_for_migration(connection: sa.Connection) -> None:
    """Hold the database's migration lock until this transaction ends (otherwise two processes that both find
    no schema both create it, and one fails)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # the write lock now, waiting up to the busy timeout


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Write-ahead logging lets readers go on while one writer saves; a busy database is waited for."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=15000")
    # Switching a new file to WAL answers 'database is locked' at once, without the busy wait, while another
    # process switches it (replicas starting together): try again until one switch has made the mode stick.
    deadline = time.monotonic() + 15
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def actions_frame(items: Sequence[Observation], today: date | None = None, palvelualue: str | None = None,
                  statuses: Sequence[str] = (), due: str = "all") -> pd.DataFrame:
    """The development actions as a table, overdue first, then by due date: one row per action.
    ``palvelualue`` keeps actions recorded under that palvelualue ('' = those under the whole county);
    ``statuses`` keeps those statuses; ``due`` is 'all', 'overdue' or 'next30'."""
    today = today or date.today()
    rows = []
    for o in items:
        a = o.action
        if a is None:
            continue
        rows.append({"id": o.id, "overdue": a.overdue(today), "due": a.due, "status": a.status, "what": a.what,
                     "responsible": a.responsible, "palvelualue": ", ".join(o.place.palvelualueet),
                     "observation": o.text, "page": o.place.page, "chart_title": o.chart_title,
                     "period": o.place.period, "county": o.place.county, "author": o.author,
                     "created_at": o.created_at, "observation_status": o.status, "version": o.version})
    frame = pd.DataFrame(rows, columns=["id", "overdue", "due", "status", "what", "responsible", "palvelualue",
                                        "observation", "page", "chart_title", "period", "county", "author",
                                        "created_at", "observation_status", "version"])
    if frame.empty:
        return frame
    if palvelualue is not None:
        frame = frame[frame["palvelualue"].map(lambda v: palvelualue in v.split(", ") if palvelualue else v == "")
                      .astype(bool)]
    if statuses:
        frame = frame[frame["status"].isin(statuses)]
    if due == "overdue":
        frame = frame[frame["overdue"]]
    elif due == "next30":
        frame = frame[frame["due"].map(lambda d: d is not None and 0 <= (d - today).days <= 30).astype(bool)
                      & (frame["status"] != "done")]
    order = frame.assign(_no_due=frame["due"].isna(), _due=frame["due"].map(lambda d: d or date.max))
    order = order.sort_values(["overdue", "_no_due", "_due", "id"], ascending=[False, True, True, True])
    return order.drop(columns=["_no_due", "_due"]).reset_index(drop=True)


def actions_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``actions_frame`` for reading and exporting: words in ``lang``, dates as written in it, overdue flagged
    in words (not only by colour)."""
    return pd.DataFrame({
        t("actions.col.flag", lang): [t("obs.overdue", lang) if late else "" for late in frame["overdue"]],
        t("obs.action_due", lang): [fmt_date(d, lang) if d else t("obs.no_due", lang) for d in frame["due"]],
        t("word.status", lang): [label("action_status", s, lang) for s in frame["status"]],
        t("actions.col.what", lang): frame["what"],
        t("obs.action_responsible", lang): frame["responsible"],
        t("filter.palvelualue", lang): [p or t("actions.whole_county", lang) for p in frame["palvelualue"]],
        t("obs.text", lang): frame["observation"],
        t("actions.col.page", lang): [page_name(p, lang) for p in frame["page"]],
        t("actions.col.indicator", lang): frame["chart_title"],
        t("actions.col.period", lang): frame["period"],
        t("actions.col.author", lang): frame["author"],
        t("actions.col.recorded", lang): [fmt_date(c.date(), lang) for c in frame["created_at"]],
    })


def page_name(page: str, lang: str) -> str:
    """A page's name in ``lang`` from its address (the address itself if unknown)."""
    return t(PAGES[page], lang) if page in PAGES else page


def when_text(moment: datetime, lang: str) -> str:
    """A saved time in Finnish time: ``24.11.2026 klo 10.42`` (fi), ``24/11/2026 10:42`` (en)."""
    local = moment.astimezone(LOCAL_TIME)
    clock = local.strftime("%H.%M") if uses_comma(lang) else local.strftime("%H:%M")
    return f"{fmt_date(local.date(), lang)} {'klo ' if lang == 'fi' else ''}{clock}"


def action_line(action: Action, lang: str, today: date | None = None) -> str:
    """``Kehittämistoimi: … · Vastuuhenkilö · 1.10.2024 ⚠ myöhässä · Suunniteltu`` (plain text)."""
    due = fmt_date(action.due, lang) if action.due else t("obs.no_due", lang)
    late = f" {t('obs.overdue', lang)}" if action.overdue(today) else ""
    return (f"{t('obs.action', lang)}: {action.what} · {action.responsible or t('obs.nobody', lang)} · {due}{late} · "
            f"{label('action_status', action.status, lang)}")


@dataclass(frozen=True)
class ReportItem:
    """One observation as the review prints it (plain text; the writer escapes it)."""

    where: str
    text: str
    byline: str
    action: str
    closed: bool


def report_items(items: Sequence[Observation], lang: str) -> list[ReportItem]:
    """The period's observations for the review, in the order of the pages, then as recorded."""
    order = list(PAGES)
    ranked = sorted(items, key=lambda o: (order.index(o.place.page) if o.place.page in order else len(order), o.id))
    out = []
    for o in ranked:
        where = " · ".join(filter(None, [page_name(o.place.page, lang), o.chart_title, ", ".join(o.place.palvelualueet)]))
        out.append(ReportItem(where=where, text=o.text, byline=t("obs.byline", lang, author=o.author,
                                                                  when=when_text(o.created_at, lang)),
                              action=action_line(o.action, lang) if o.action else "", closed=o.status == "closed"))
    return out


def for_review(county: str, period: str, palvelualueet: Sequence[str] = (),
               location: str | os.PathLike | None = None) -> list[Observation]:
    """The observations of a review (county, period, palvelualue filter) from the database at ``location``
    (default: ``OMAVALVONTA_DATABASE`` or the default file). A database file that does not exist yet has none;
    it is not created."""
    url = _chosen(location)
    if "://" not in url and not Path(url).expanduser().exists():
        return []
    return Notebook(url).of_period(county, period, palvelualueet)

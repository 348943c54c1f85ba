"""The binding goals' Streamlit glue: the goal book (the observations' database, seeded with the example goals when
the data is the sample), the editor of one goal's quarter (refusing to overwrite someone else's newer save, with the
typed input kept) and the spreadsheet import. Not a page: app_pages/goals.py and app_pages/present.py call it."""
from __future__ import annotations

import os
from dataclasses import asdict

import pandas as pd
import streamlit as st

from analytics import observations as obs
from analytics.core import access
from analytics.core.errors import DataError
from analytics.domain.goals import QUARTERS
from analytics.goals import STATES, Goal, GoalBook, GoalConflictError, GoalImportError
from analytics.ingest.readers import read_file
from analytics.observations import when_text
from analytics.sample.goals import ensure_sample_goals
from analytics.text import goals as words
from analytics.views.goals import with_linked_values
from analytics.text.i18n import fmt_number, md_text, t, t_count
from ui import context, observation_panel, signin

MESSAGES_KEY = "_goal_messages"
IMPORT_RESULT_KEY = "_goal_import_result"


@st.cache_resource(show_spinner=False)
def _open_book(location: str | None) -> GoalBook:
    return GoalBook(location)


def book(lang: str) -> GoalBook | None:
    """The goal book (the observations' database; one per server), with the example goals when the data is the
    sample; None when the database cannot be opened (then the page says so and goes on)."""
    location = os.environ.get(obs.DATABASE_ENV)
    try:
        found = _open_book(location)
        seeded = f"_goals_seeded_{location}_{context.data_dir()}"
        if not st.session_state.get(seeded):
            ensure_sample_goals(found, context.data_dir())
            st.session_state[seeded] = True
    except obs.ObservationError as exc:
        st.warning(observation_panel.error_text(exc, lang), icon=":material/error:")
        return None
    return found


def goals_of(county: str, lang: str, year: int | None = None) -> tuple[GoalBook | None, list[Goal]]:
    """The goal book and ``county``'s goals (of ``year``, or of every year), a KPI linked to a catalogue indicator
    carrying the data's quarter values."""
    found = book(lang)
    if found is None:
        return None, []
    goals = found.of_county(county, year)
    ctx = st.session_state.get("_context")
    if ctx is not None and ctx.bundle is not None:  # KPIs linked to a catalogue indicator: the data's values
        goals = [linked for g in goals for linked in with_linked_values([g], ctx.bundle, g.year, county)]
    return found, goals


def may_edit() -> bool:
    """Whether the current user may change goals (the roles that may write observations; everyone without sign-in)."""
    return signin.may(access.WRITE_OBSERVATIONS)


# --- the editor of one goal's quarter ----------------------------------------------------------------------------

def _number_text(value: float | None, lang: str) -> str:
    return "" if value is None else fmt_number(value, words._decimals(value), lang).replace("\u00a0", "")


def _fresh(goal: Goal, quarter: str, lang: str) -> dict:
    """The editor's fields as ``goal`` has them in ``quarter``."""
    i = QUARTERS.index(quarter)
    fields = {f"kpi_{n}": _number_text(k.values[i], lang) for n, k in enumerate(goal.kpis)}
    for n, task in enumerate(goal.tasks):
        fields[f"task_{n}_state"] = task.states[i] or ""
        fields[f"task_{n}_completion"] = _number_text(task.completion, lang)
    fields["summary"] = goal.summaries[i]
    return fields


def _start(goal: Goal, quarter: str, lang: str) -> tuple[int, dict, str, Goal]:
    """(the version the editor started from, its fields' values then, its widgets' key prefix, that version's goal).
    An untouched editor follows the newest version; one with typed input stays where it started (see
    ``observation_panel._editor_start``: a save from it names that version and is refused if someone saved since)."""
    state = st.session_state
    prefix = f"goal_edit_{goal.id}_{quarter}"
    started = state.get(f"{prefix}_started")
    if started is not None and started[0] != goal.version:
        _, values, fields, _ = started
        if all(state.get(f"{fields}_{k}", v) == v for k, v in values.items()):
            started = None
    if started is None:
        generation = state.get(f"{prefix}_generation", 0) + 1
        state[f"{prefix}_generation"] = generation
        started = (goal.version, _fresh(goal, quarter, lang), f"{prefix}_{generation}", goal)
        state[f"{prefix}_started"] = started
    return started


def _tell(prefix: str, kind: str, text: str, current: str = "") -> None:
    st.session_state.setdefault(MESSAGES_KEY, {})[prefix] = (kind, text, current)


def _edited(goal: Goal, quarter: str, fields: str) -> dict:
    """The goal's KPIs, main tasks and summaries with the editor's input for ``quarter``."""
    state, i = st.session_state, QUARTERS.index(quarter)
    kpis = []
    for n, kpi in enumerate(goal.kpis):
        values = list(kpi.values)
        typed = str(state.get(f"{fields}_kpi_{n}", "") or "").strip()
        values[i] = typed or None
        kpis.append({**asdict(kpi), "values": values})
    tasks = []
    for n, task in enumerate(goal.tasks):
        states = list(task.states)
        states[i] = state.get(f"{fields}_task_{n}_state") or None
        completion = str(state.get(f"{fields}_task_{n}_completion", "") or "").strip()
        tasks.append({**asdict(task), "states": states, "completion": completion or None})
    summaries = list(goal.summaries)
    summaries[i] = state.get(f"{fields}_summary", "") or ""
    return {"kpis": kpis, "tasks": tasks, "summaries": summaries}


def _current_text(goal: Goal, quarter: str, lang: str) -> str:
    """What ``goal`` now holds for ``quarter``, in a line (shown beside a refused save)."""
    i = QUARTERS.index(quarter)
    parts = [f"{k.name}: {words.value_text(k.values[i], k.unit, lang)}" for k in goal.kpis]
    parts += [f"{task.description}: {words.state_name(task.states[i], lang) if task.states[i] else '–'}"
              for task in goal.tasks]
    if goal.summaries[i]:
        parts.append(f"{t('goals.edit_summary', lang)}: {goal.summaries[i]}")
    return " · ".join(parts)


def _on_save(goal_id: int, quarter: str, lang: str) -> None:
    state = st.session_state
    prefix = f"goal_edit_{goal_id}_{quarter}"
    started = state.get(f"{prefix}_started")
    found = book(lang)
    if found is None or started is None or not may_edit():
        return
    version, _, fields, goal = started
    author = signin.author() or state.get(f"{prefix}_author", "") or ""
    try:
        saved = found.edit(goal_id, version, author, **_edited(goal, quarter, fields))
    except GoalConflictError as exc:
        current = exc.current
        _tell(prefix, "error", t("goals.conflict", lang, who=md_text(current.updated_by),
                                 when=when_text(current.updated_at, lang)),
              _current_text(current, quarter, lang))
        # the editor now names the newest version; the typed input stays in its fields (nothing is lost)
        state[f"{prefix}_started"] = (current.version, _fresh(current, quarter, lang), fields, current)
        return
    except obs.ObservationError as exc:
        if exc.values.get("field") == "author":
            _tell(prefix, "error", t("goals.error_author", lang))
        else:
            _tell(prefix, "error", words.problem_text({"code": exc.code, "value": exc.values.get("value", "")}, lang))
        return
    if author:
        state[observation_panel.AUTHOR_KEY] = author
    old = state.pop(f"{prefix}_started", None)
    if old is not None:
        for key in [k for k in state if str(k).startswith(f"{old[2]}_")]:
            state.pop(key, None)
    _tell(prefix, "success", t("goals.saved", lang, version=saved.version))


def editor(goal: Goal, quarter: str, lang: str) -> None:
    """The form that changes ``goal``'s ``quarter``: its KPIs' entered values, its main tasks' states and
    completion, and the quarter's summary; it names the version it started from."""
    prefix = f"goal_edit_{goal.id}_{quarter}"
    message = st.session_state.get(MESSAGES_KEY, {}).pop(prefix, None)
    if message is not None:
        kind, text, current = message
        (st.success if kind == "success" else st.error)(text)
        if current:
            st.caption(t("goals.conflict_current", lang, quarter=quarter) + " " + md_text(current))
    version, values, fields, started_goal = _start(goal, quarter, lang)
    for name, value in values.items():  # a new editor's widgets start at that version's values
        st.session_state.setdefault(f"{fields}_{name}", value)
    with st.form(f"{prefix}_form", border=True):
        st.caption(t("goals.edit_from", lang, version=version, who=md_text(started_goal.updated_by),
                     when=when_text(started_goal.updated_at, lang)))
        for n, kpi in enumerate(started_goal.kpis):
            unit = f" ({kpi.unit})" if kpi.unit else ""
            st.text_input(f"{kpi.name}{unit}", key=f"{fields}_kpi_{n}", help=t("goals.edit_value_help", lang))
        for n, task in enumerate(started_goal.tasks):
            left, right = st.columns([3, 1])
            left.selectbox(t("goals.edit_state", lang, task=task.description), ["", *STATES],
                           key=f"{fields}_task_{n}_state",
                           format_func=lambda s: words.state_name(s, lang) if s else "–")
            right.text_input(t("goals.edit_completion", lang), key=f"{fields}_task_{n}_completion")
        st.text_area(t("goals.edit_summary", lang), key=f"{fields}_summary", max_chars=obs.MAX_TEXT)
        if signin.author() is None:
            key = f"{prefix}_author"
            if key not in st.session_state:
                st.session_state[key] = st.session_state.get(observation_panel.AUTHOR_KEY, "")
            st.text_input(t("obs.author", lang), key=key, max_chars=obs.MAX_NAME)
        else:
            st.caption(t("signin.saved_as", lang, who=md_text(signin.author())))
        st.form_submit_button(t("goals.save", lang), on_click=_on_save, args=(goal.id, quarter, lang),
                              type="primary", icon=":material/save:", key=f"{prefix}_save")


# --- the spreadsheet ----------------------------------------------------------------------------------------------

def import_file(found: GoalBook, raw: bytes, name: str, author: str, lang: str) -> tuple[str, str, pd.DataFrame | None]:
    """Import the spreadsheet ``raw`` (CSV or XLSX, named ``name``): (``success`` or ``error``, the message in
    ``lang``, the problems as a table or None). All or nothing: any problem imports nothing."""
    try:
        table = read_file(raw, name)
    except DataError as exc:
        return "error", t("goals.import_unreadable", lang, error=md_text(str(exc))), None
    try:
        saved = found.import_rows(table.frame, author)
    except GoalImportError as exc:
        return ("error", t_count("goals.import_failed", len(exc.problems), lang),
                words.problems_table(exc.problems, lang))
    except obs.ObservationError as exc:
        if exc.values.get("field") == "author":
            return "error", t("goals.error_author", lang), None
        return "error", words.problem_text({"code": exc.code, "value": exc.values.get("value", "")}, lang), None
    return "success", t_count("goals.import_done", len(saved), lang), None


def importer(found: GoalBook, lang: str) -> None:
    """Upload a spreadsheet of goals and import it (for those who may change goals)."""
    result = st.session_state.pop(IMPORT_RESULT_KEY, None)
    if result is not None:
        kind, text, problems = result
        (st.success if kind == "success" else st.error)(text)
        if problems is not None:
            st.dataframe(problems, hide_index=True, width="stretch")
    with st.form("goal_import", border=True, clear_on_submit=True):
        upload = st.file_uploader(t("goals.import_file", lang), type=["csv", "xlsx"], key="goal_import_file")
        if signin.author() is None:
            if "goal_import_author" not in st.session_state:
                st.session_state["goal_import_author"] = st.session_state.get(observation_panel.AUTHOR_KEY, "")
            st.text_input(t("obs.author", lang), key="goal_import_author", max_chars=obs.MAX_NAME)
        clicked = st.form_submit_button(t("goals.import_button", lang), icon=":material/upload_file:")
    if clicked:
        if upload is None:
            st.session_state[IMPORT_RESULT_KEY] = ("error", t("goals.import_no_file", lang), None)
        else:
            author = signin.author() or st.session_state.get("goal_import_author", "") or ""
            st.session_state[IMPORT_RESULT_KEY] = import_file(found, upload.getvalue(), upload.name, author, lang)
            if author:
                st.session_state[observation_panel.AUTHOR_KEY] = author
        st.rerun()

"""Observations beside a chart or table: the open ones listed, a form to add one (with an optional development
action), and for each an editor that refuses to overwrite someone else's newer save. Other open sessions
notice a save within seconds (``follow_changes``). Not a page: pages call ``panel``."""
from __future__ import annotations

import os
import uuid

import streamlit as st

from analytics import observations as obs
from analytics.core import access
from analytics.observations import action_line, when_text
from analytics.text.i18n import DEFAULT_LANGUAGE, label, md_text, t, uses_comma
from ui import signin

FOLLOW_SECONDS = 3
AUTHOR_KEY = "_obs_author"
MESSAGES_KEY = "_obs_messages"
FULL_RUN_KEY = "_obs_full_run"


@st.cache_resource(show_spinner=False)
def _open_notebook(location: str | None) -> obs.Notebook:
    return obs.Notebook(location)


PAGE_KEY = "_obs_page"


def start_run() -> None:
    """Called at the start of every run of the app."""
    st.session_state.pop("_obs_unavailable_told", None)
    st.session_state.pop(PAGE_KEY, None)


def _shown_at(book: obs.Notebook, place: obs.Place) -> list[obs.Observation]:
    """The open observations of ``place``: the page's are read once per run (one query instead of one per
    chart), after this run's saves (a save's callback runs before the script)."""
    where = (place.page, place.county, place.period)
    cached = st.session_state.get(PAGE_KEY)
    if cached is None or cached[0] != where:
        cached = (where, book.on_page(*where))
        st.session_state[PAGE_KEY] = cached
    return obs.at_place(cached[1], place)


def notebook(quiet: bool = False) -> obs.Notebook | None:
    """The observation database (one per server), or None when it cannot be opened (then the page says so once,
    unless ``quiet``, and goes on with the figures)."""
    try:
        return _open_notebook(os.environ.get(obs.DATABASE_ENV))
    except obs.ObservationError as exc:
        if not quiet and not st.session_state.get("_obs_unavailable_told"):
            st.session_state["_obs_unavailable_told"] = True
            lang = getattr(st.session_state.get("_context"), "lang", DEFAULT_LANGUAGE)
            st.warning(error_text(exc, lang), icon=":material/error:")
        return None


def error_text(exc: obs.ObservationError, lang: str) -> str:
    values = dict(exc.values)
    if "field" in values:
        values["what"] = t(f"obs.field.{values.pop('field')}", lang)
    if "when" in values:
        values["when"] = when_text(values["when"], lang)
    if "where" in values and not signin.may(access.MANAGE_DATA):  # the server's paths are for data stewards
        place = str(values["where"])
        values["reason"] = access.hide_paths(str(values.get("reason", "")), [place, os.path.dirname(place)])
        values["where"] = t("signin.hidden_place", lang)
    literal = ("who", "value", "where", "reason")  # a person's name, a typed value, the server's words: as text
    return t(f"obs.error.{exc.code}", lang, **{k: md_text(v) if k in literal else v for k, v in values.items()})


def period_observations(ctx) -> list[obs.Observation]:
    """The observations of the review shown: the county, the period and (if any) the palvelualue filter."""
    book = notebook()
    if book is None or ctx.period is None:
        return []
    return book.of_period(ctx.scope.county or "", ctx.period.label, ctx.scope.palvelualueet)


def place_of(ctx, slot: str, about: str = "") -> obs.Place:
    """The chart ``slot`` of the current page, under the filters and period in force."""
    return obs.Place(page=st.session_state.get("_page", ""), chart=slot, county=ctx.scope.county or "",
                     period=ctx.period.label if ctx.period else "", toimialat=tuple(ctx.scope.toimialat),
                     palvelualueet=tuple(ctx.scope.palvelualueet), indicator=about)


def _tell(slot: str, kind: str, text: str, kept: str = "") -> None:
    st.session_state.setdefault(MESSAGES_KEY, {})[slot] = (kind, text, kept)


def _action_from(state: dict, prefix: str) -> obs.Action | None:
    what = state.get(f"{prefix}_what", "") or ""
    if not what.strip():
        return None
    return obs.Action(what, state.get(f"{prefix}_who", "") or "", state.get(f"{prefix}_due"),
                      state.get(f"{prefix}_status") or "planned")


def form_token(prefix: str) -> str:
    """The idempotency key of the form ``prefix`` as drawn now: made when the form is first drawn, kept until a
    save with it succeeds. A submission carries the key of the form it came from (its button's arguments and
    key), so a double click or a repeated request saves once (``Notebook.add``/``edit``)."""
    key = f"{prefix}_token"
    if key not in st.session_state:  # not setdefault: a new key costs a call to the system's random source
        st.session_state[key] = uuid.uuid4().hex
    return st.session_state[key]


def _on_add(place: obs.Place, slot: str, title: str, lang: str, token: str | None = None) -> None:
    state = st.session_state
    prefix = f"obs_add_{slot}"
    book = notebook()
    if book is None or not signin.may(access.WRITE_OBSERVATIONS):
        return
    try:
        book.add(place, state.get(f"{prefix}_text", ""), signin.author() or state.get(f"{prefix}_author", ""),
                 _action_from(state, prefix), chart_title=title, idempotency_key=token)
    except obs.ObservationError as exc:
        _tell(slot, "error", error_text(exc, lang))
        return
    if state.get(f"{prefix}_token") == token:
        state.pop(f"{prefix}_token", None)  # the next form drawn is a new intent
    state[AUTHOR_KEY] = state.get(f"{prefix}_author", "")
    for name in ("text", "what", "who"):
        state[f"{prefix}_{name}"] = ""
    state[f"{prefix}_due"] = None
    _tell(slot, "success", t("obs.saved", lang))


def _on_edit(observation_id: int, version: int, slot: str, lang: str, fields: str, status: str | None = None,
             token: str | None = None) -> None:
    """Save the editor's change (``fields``: the prefix of the form's widgets, which changes with every fresh
    start of the editor) or, with ``status``, close or reopen the observation."""
    state = st.session_state
    prefix = f"obs_edit_{observation_id}"
    book = notebook()
    if book is None or not signin.may(access.WRITE_OBSERVATIONS):
        return
    author = signin.author() or state.get(f"{prefix}_author", "") or state.get(AUTHOR_KEY, "")
    text = state.get(f"{fields}_text")
    try:
        if status is not None:
            book.edit(observation_id, version, author, status=status, idempotency_key=token)
        else:
            action = None if state.get(f"{fields}_drop") else (_action_from(state, fields) or False)
            book.edit(observation_id, version, author, text=text, action=action, idempotency_key=token)
    except obs.ObservationError as exc:
        _tell(slot, "error", error_text(exc, lang), kept=text or "")
        _forget_editor(prefix)  # the editor opens again on the newest version
        return
    if author:
        state[AUTHOR_KEY] = author
    _forget_editor(prefix)
    _tell(slot, "success", t("obs.saved", lang))


def _author_field(key: str, lang: str) -> None:
    signed_in_as = signin.author()
    if signed_in_as is not None:  # a signed-in user's saves record who they are, not a typed name
        st.caption(t("signin.saved_as", lang, who=md_text(signed_in_as)))
        return
    if key not in st.session_state:  # the name this person last saved with
        st.session_state[key] = st.session_state.get(AUTHOR_KEY, "")
    st.text_input(t("obs.author", lang), key=key, max_chars=obs.MAX_NAME)


def _action_fields(prefix: str, lang: str, values: dict | None = None) -> None:
    """The development action's fields; ``values``: their defaults (an editor's), else empty."""
    defaults = {} if values is None else {name: {"value": values[name]} for name in ("what", "who", "due")}
    st.text_input(t("obs.action_what", lang), key=f"{prefix}_what", max_chars=obs.MAX_ACTION,
                  **defaults.get("what", {}))
    left, middle, right = st.columns(3)
    left.text_input(t("obs.action_responsible", lang), key=f"{prefix}_who", max_chars=obs.MAX_NAME,
                    **defaults.get("who", {}))
    middle.date_input(t("obs.action_due", lang), key=f"{prefix}_due", format="DD.MM.YYYY" if uses_comma(lang)
                      else "DD/MM/YYYY", **defaults.get("due", {}))
    status = {} if values is None else {"index": obs.ACTION_STATUSES.index(values["status"])}
    right.selectbox(t("obs.action_status", lang), obs.ACTION_STATUSES, key=f"{prefix}_status",
                    format_func=lambda s: label("action_status", s, lang), **status)


EDIT_FIELDS = ("text", "what", "who", "due", "status", "drop")


def _editor_start(o: obs.Observation, prefix: str) -> tuple[int, dict, str]:
    """(the version this session's editor of ``o`` started from, its widgets' values at the start, the prefix
    of their keys). While the editor is closed, it follows the newest version (unless this person has changed a
    field). Once it is open it stays at the version shown when it was opened, whatever others save meanwhile:
    what someone types in a form reaches the server only when they save, so the server cannot tell whether
    they are typing, and moving the fields to a newer version would let their save overwrite it unseen. Saving
    them is then refused, with their text kept to copy.

    Each start gets widgets of its own (a generation number in their keys) whose defaults are that version's
    values: a new widget shows its default in the browser, whereas a value written into an existing widget's
    state did not always reach the browser (an editor opened empty)."""
    state = st.session_state
    fresh = {"text": o.text, "what": o.action.what if o.action else "", "who": o.action.responsible if o.action else "",
             "due": o.action.due if o.action else None, "status": o.action.status if o.action else "planned",
             "drop": False}
    started = state.get(f"{prefix}_started")
    # the popover's state: open now, and open in the previous run too (not just opened)
    stayed_open = bool(state.get(f"{prefix}_open")) and state.get(f"{prefix}_was_open", False)
    state[f"{prefix}_was_open"] = bool(state.get(f"{prefix}_open"))
    if started is not None and started[0] != o.version and not stayed_open:
        _, values, fields = started
        if all(state.get(f"{fields}_{k}", v) == v for k, v in values.items()):  # untouched: follow the newest
            started = None
    if started is None:
        generation = state.get(f"{prefix}_generation", 0) + 1
        state[f"{prefix}_generation"] = generation
        started = (o.version, fresh, f"{prefix}_{generation}")
        state[f"{prefix}_started"] = started
    return started


def _forget_editor(prefix: str) -> None:
    """The editor starts afresh on its next drawing (the newest version, in new widgets)."""
    started = st.session_state.pop(f"{prefix}_started", None)
    if started is not None:
        for name in EDIT_FIELDS:
            st.session_state.pop(f"{started[2]}_{name}", None)
    for name in ("token", "toggle_token", "was_open"):
        st.session_state.pop(f"{prefix}_{name}", None)


def messages(slot: str, lang: str) -> None:
    """What the last save in ``slot`` came to: saved, or why not (with the text that was not saved)."""
    message = st.session_state.get(MESSAGES_KEY, {}).pop(slot, None)
    if message is None:
        return
    kind, text, kept = message
    (st.success if kind == "success" else st.error)(text)
    if kept:
        st.caption(t("obs.your_text", lang))
        st.code(kept, language=None, wrap_lines=True)


def editor(o: obs.Observation, slot: str, lang: str) -> None:
    """A button that opens the editor of ``o``: text, action, close or reopen, and its history (for authors)."""
    if not signin.may(access.WRITE_OBSERVATIONS):
        return
    prefix = f"obs_edit_{o.id}"
    version, values, fields = _editor_start(o, prefix)
    with st.popover(t("obs.edit", lang), icon=":material/edit:", key=f"{prefix}_open", on_change="rerun"):
        with st.form(f"{prefix}_form", border=False):
            st.text_area(t("obs.text", lang), value=values["text"], key=f"{fields}_text", max_chars=obs.MAX_TEXT)
            _action_fields(fields, lang, values)
            if o.action is not None:
                st.checkbox(t("obs.remove_action", lang), value=False, key=f"{fields}_drop")
            _author_field(f"{prefix}_author", lang)
            token = form_token(prefix)
            st.form_submit_button(t("obs.save", lang), on_click=_on_edit,
                                  args=(o.id, version, slot, lang, fields, None, token),
                                  type="primary", icon=":material/save:", key=f"{prefix}_save_{token}")
        closing = "closed" if o.status == "open" else "open"
        st.button(t("obs.close" if closing == "closed" else "obs.reopen", lang), key=f"{prefix}_toggle",
                  on_click=_on_edit, args=(o.id, version, slot, lang, fields, closing, form_token(f"{prefix}_toggle")),
                  icon=":material/task_alt:" if closing == "closed" else ":material/undo:")
        book = notebook()
        if o.version > 1 and book is not None:  # one history row per version
            st.caption(t("obs.history", lang))
            for v in reversed(book.history(o.id)):
                state = v["state"]
                line = t("obs.history_line", lang, version=v["version"], who=v["changed_by"],
                         when=when_text(v["changed_at"], lang))
                st.caption(md_text(f"{line} · {label('obs_status', state['status'], lang)} · {state['text']}"))


def panel(ctx, slot: str, title: str, about: str = "") -> None:
    """The observations of chart ``slot`` (titled ``title``) under the filters in force, and a form to add one."""
    lang = ctx.lang
    if ctx.bundle is None or ctx.period is None:
        return
    book = notebook()
    if book is None:
        return
    place = place_of(ctx, slot, about)
    shown = _shown_at(book, place)
    with st.container(key=f"obs_{slot}"):
        messages(slot, lang)
        if shown:
            st.caption(f":material/forum: {t('obs.count', lang, n=len(shown))}")
        for o in shown:
            with st.container(border=True):
                words, button = st.columns([6, 1], vertical_alignment="top")
                with words:
                    st.markdown(md_text(o.text))
                    byline = t("obs.byline", lang, author=o.author, when=when_text(o.created_at, lang))
                    if o.version > 1:
                        byline += " · " + t("obs.edited", lang, who=o.updated_by, when=when_text(o.updated_at, lang))
                    st.caption(md_text(byline))
                    if o.action is not None:
                        st.markdown(f":material/assignment: {md_text(action_line(o.action, lang))}")
                with button:
                    editor(o, slot, lang)
        if not signin.may(access.WRITE_OBSERVATIONS):
            return  # viewers read the observations; the form is for authors
        prefix = f"obs_add_{slot}"
        for name, value in (("text", ""), ("what", ""), ("who", ""), ("due", None), ("status", "planned")):
            st.session_state.setdefault(f"{prefix}_{name}", value)
        with st.popover(t("obs.add", lang), icon=":material/add_comment:"):
            st.caption(t("obs.add_help", lang))
            with st.form(f"{prefix}_form", border=False):
                st.text_area(t("obs.text", lang), key=f"{prefix}_text", max_chars=obs.MAX_TEXT)
                _action_fields(prefix, lang)
                _author_field(f"{prefix}_author", lang)
                token = form_token(prefix)  # in the button's key too: a click on a form already saved is ignored
                st.form_submit_button(t("obs.save", lang), on_click=_on_add, args=(place, slot, title, lang, token),
                                      type="primary", icon=":material/save:", key=f"{prefix}_save_{token}")


def follow_changes() -> None:
    """Called on every run of the app before the page is drawn (so that a page that stops early is followed
    too): keep this session's view of the observations current. The timer lives in the sidebar."""
    st.session_state[FULL_RUN_KEY] = True
    with st.sidebar:
        _follow()


@st.fragment(run_every=FOLLOW_SECONDS)
def _follow() -> None:
    """Every few seconds: if anyone has saved an observation since this session last drew the page, draw it
    again, so that what others wrote appears without a reload. Draws nothing: its own reruns would wipe it."""
    book = notebook(quiet=True)
    if book is None:
        return
    current = book.marker()
    seen = st.session_state.get("_obs_marker")
    st.session_state["_obs_marker"] = current
    if st.session_state.pop(FULL_RUN_KEY, False):
        return  # the page is being drawn with everything saved until now
    if seen is not None and current != seen:
        st.rerun(scope="app")

"""What runs beside the pages: the background worker that computes a view's other periods and a new data
version's disclosure decisions, the memory handed back after a large upload, and the live check that reruns
open sessions when the data files change."""
from __future__ import annotations

import os
import queue
import threading
import time
from datetime import datetime

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from analytics.core.errors import DataError
from analytics.data.bundle import data_signature
from analytics.domain import disclosure
from analytics.ingest.importer import bounded_memory, release_memory
from analytics.text.i18n import t, uses_comma
from ui import cached
from ui.cached import ViewKey
from ui.context import Context, data_dir

LIVE_SECONDS = 20
"""How often an open session checks whether the data files changed."""

bounded_memory()  # a large upload's memory goes back to the system after the import


def background_disclosure() -> bool:
    """Take a new data version's disclosure decisions in the background (``OMAVALVONTA_BACKGROUND_DISCLOSURE=0``
    turns it off, as the test suite does: its many short-lived data copies would keep the cores busy)."""
    return os.environ.get("OMAVALVONTA_BACKGROUND_DISCLOSURE", "1") != "0"


_WARM_QUEUE: queue.Queue = queue.Queue()
"""Views (ViewKeys) whose interim reviews of every tertial the background worker is to compute."""
_STOP_POLL_SECONDS = 0.25
"""How often the idle worker checks whether the server is shutting down."""


def _shutting_down() -> bool:
    """The interpreter is exiting: its main thread has finished (Streamlit's server returned after SIGTERM or
    SIGINT, or an AppTest or CLI process ended)."""
    return not threading.main_thread().is_alive()


_RELEASE = {"until": 0.0, "last": 0.0}
"""After a large upload: until when the idle worker hands freed memory back, and when it last did."""
RELEASE_FOR_SECONDS = 600
RELEASE_EVERY_SECONDS = 30


def release_memory_later() -> None:
    """A large file was checked or imported: hand freed memory back now, and for the next ten minutes the
    background worker, when idle, collects and hands freed memory back every half minute. Streamlit frees a
    closed tab's upload only when its expired session is dropped and collected, which happens after the page's
    own release."""
    release_memory()  # the check's or import's own chunks are gone already
    _RELEASE["until"] = time.monotonic() + RELEASE_FOR_SECONDS
    _warm_worker()


def _release_if_due() -> None:
    now = time.monotonic()
    if now < _RELEASE["until"] and now - _RELEASE["last"] >= RELEASE_EVERY_SECONDS:
        _RELEASE["last"] = now
        release_memory()


def _warm_reviews() -> None:
    """Compute queued views' reviews of every tertial, one query at a time, until the process exits.

    The thread is not a daemon: a daemon thread still inside DuckDB when the interpreter finalises is torn
    down mid-query and the process aborts (``FATAL: exception not rethrown``, exit 134). Instead, Python
    waits for it at exit, and it stops at its next check (between two tertials, or within a quarter second
    when idle)."""
    while not _shutting_down():
        try:
            key: ViewKey = _WARM_QUEUE.get(timeout=_STOP_POLL_SECONDS)
        except queue.Empty:
            _release_if_due()
            continue
        try:
            if not cached.is_current(key):
                continue  # a newer data version has replaced this one: its reviews are never shown
            for tertial in cached.tertials(key.path, key.signature):
                if _shutting_down() or not cached.is_current(key):
                    break
                cached.review_of(key, tertial.label)
            if not cached.is_current(key):
                continue
            bundle = key.bundle()
            if not _shutting_down() and background_disclosure() and not disclosure.stored_current(bundle):
                # a new data version (an import): take its disclosure decisions once and keep them in the
                # data folder, so that no filtered page and no later server start waits for them
                disclosure.precompute(bundle, stop=_shutting_down)
        except DataError:
            pass  # the page that asks for it shows the message
        except OSError:
            pass  # a read-only data folder: decisions are taken when asked for, and kept in memory
        finally:
            _WARM_QUEUE.task_done()


@st.cache_resource(show_spinner=False)
def _warm_worker() -> threading.Thread:
    """One background thread per server, so that warming up never takes more than one core's share."""
    thread = threading.Thread(target=_warm_reviews, name="warm-reviews", daemon=False)
    add_script_run_ctx(thread, get_script_run_ctx())
    thread.start()
    return thread


@st.cache_resource(max_entries=256, show_spinner=False)
def _warm(key: ViewKey) -> bool:
    """Queue view ``key`` for the worker once per server."""
    _warm_worker()
    _WARM_QUEUE.put(key)
    return True


def warm_up(ctx: Context) -> None:
    """Once a view (data version, county, toimialat, palvelualueet) has been shown, compute its interim review
    of every other tertial in the background, newest first: whoever next chooses another period does not wait."""
    if ctx.bundle is not None:
        _warm(ViewKey.of(ctx))


@st.fragment(run_every=LIVE_SECONDS)
def live_data(ctx: Context) -> None:
    """Say when the data was last updated, and rerun the whole app when a data file has changed."""
    path = data_dir()
    if ctx.bundle is None:
        return
    current = data_signature(path)
    if current != ctx.signature:
        st.rerun(scope="app")
    newest = max((mtime for _, mtime, _ in current if mtime > 0), default=None)
    if newest is not None:
        when = datetime.fromtimestamp(newest).strftime("%-d.%-m.%Y %H:%M" if uses_comma(ctx.lang)
                                                       else "%-d/%-m/%Y %H:%M")
        st.caption(t("app.updated", ctx.lang, when=when, seconds=LIVE_SECONDS))

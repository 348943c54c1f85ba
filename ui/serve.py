"""The app's server: ``python -m ui.serve [Streamlit options]`` is ``streamlit run app.py`` whose health check
(``/_stcore/health``) says ready only once the first views are computed, so that a load balancer, a replica
rollout or a workshop's first forty visitors never meet a cold server.

Warm-up runs in one thread once Streamlit's runtime is up, through the app's own caches (ui/cached.py), so the
sessions that come next find it done:

- the libraries the pages import (read from app_pages/ with ``ast``: nothing to keep in step by hand);
- the data version: loaded and checked (or found checked before), its review periods;
- the default view (the link without filters: the first county, every toimiala and palvelualue): its interim
  review of every tertial, newest first (the overview and the presentation, and each period a visitor may
  choose next), and for the latest tertial the incidents page's first category, the rescue page's default
  areas, the county comparison's rescue table and the RAI page's settings;
- the view of each toimiala and each palvelualue of that county (the links managers share): its review of the
  latest tertial. Their other tertials are left to the background worker once a visitor opens the view
  (ui/live.py): queued all at once here, they kept the worker busy through a workshop's first minute and
  doubled its reruns' p95 (40 sessions: 4,7 s against 2,5 s).

While it runs the health check answers 503 "warming up"; a browser may still connect and is served as before.
A data problem ends the warm-up early (the pages show the message). ``OMAVALVONTA_WARM_START=0`` turns the
warm-up off: the test suite's many short-lived servers do not need it.
"""
from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import os
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
WARM_ENV = "OMAVALVONTA_WARM_START"
READY = threading.Event()
"""Set when the warm-up has finished (or is off): from then on the health check says ready."""
_LOG = logging.getLogger("omavalvonta.serve")


def warm_start() -> bool:
    return os.environ.get(WARM_ENV, "1") != "0"


def page_imports() -> list[str]:
    """The library and glue modules the page scripts import (``analytics.…`` and ``ui.…``), sorted."""
    found: set[str] = set()
    for script in sorted((ROOT / "app_pages").glob("*.py")):
        for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("analytics", "ui"):
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names if _is_module(f"{node.module}.{a.name}")}
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] in ("analytics", "ui")}
    return sorted(found)


def _is_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def warm() -> dict[str, float]:
    """Compute what the first visitors open, through the app's caches; returns seconds per step."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    for name in page_imports():
        importlib.import_module(name)
    timings["imports"] = time.perf_counter() - start

    from dataclasses import replace

    from analytics.core.errors import DataError
    from analytics.core.scope import filter_options
    from analytics.data.bundle import data_signature
    from analytics.data.contracts import CATEGORIES
    from analytics.data.filters import read_filters
    from analytics.core.periods import GRAINS
    from analytics.views.rescue import AREA_KINDS
    from ui import cached, context
    try:
        step = time.perf_counter()
        path = str(context.data_dir())
        signature = data_signature(path)
        bundle = cached.bundle(path, signature)
        tertials = cached.tertials(path, signature)
        timings["data"] = time.perf_counter() - step
        if not tertials:
            return timings
        state = read_filters({}, bundle.org_units, tertials)
        key = cached.ViewKey(path, signature, state.county or "")
        latest = state.period.label
        step = time.perf_counter()
        cached.review_of(key, latest)
        cached._incident_view(key, latest, CATEGORIES[0], None)
        cached._rescue_areas(key, AREA_KINDS[0])
        cached._rescue_view(key, latest, AREA_KINDS[0], (), GRAINS[0])
        cached._county_rescue(key.unfiltered(), latest)
        cached._rai_choices(key)
        timings["latest"] = time.perf_counter() - step
        step = time.perf_counter()
        for tertial in tertials:
            if _shutting_down():
                break
            cached.review_of(key, tertial.label)
        timings["periods"] = time.perf_counter() - step
        step = time.perf_counter()
        options = filter_options(bundle.org_units, key.county)
        for narrowed in [replace(key, toimialat=(t,)) for t in options.toimialat] + \
                        [replace(key, palvelualueet=(p,)) for p in options.palvelualueet]:
            if _shutting_down():
                break
            cached.review_of(narrowed, latest)
        timings["areas"] = time.perf_counter() - step
    except DataError:
        pass  # the pages say what is wrong with the data
    return timings


def _shutting_down() -> bool:
    return not threading.main_thread().is_alive()


def _warm_when_running() -> None:
    """Wait for Streamlit's runtime to start, warm up, then say ready (whatever happened)."""
    from streamlit.runtime import Runtime, RuntimeState
    try:
        while not (Runtime.exists() and Runtime.instance().state != RuntimeState.INITIAL):
            if _shutting_down():
                return
            time.sleep(0.05)
        timings = warm()
        print("  Warmed up before saying ready: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()),
              file=sys.stderr, flush=True)
    except Exception:  # noqa: BLE001 - a failed warm-up must not keep the server unready forever
        _LOG.exception("warm-up failed; the server serves without it")
    finally:
        READY.set()


def _ready_only_when_warm() -> None:
    """Make the health check wait for READY (Streamlit reports ready as soon as its runtime runs)."""
    from streamlit.runtime.runtime import Runtime
    original = Runtime.is_ready_for_browser_connection.fget

    async def ready(self) -> tuple[bool, str]:
        ok, message = await original(self)
        if ok and not READY.is_set():
            return False, "warming up"
        return ok, message

    Runtime.is_ready_for_browser_connection = property(ready)


def _quiet_background_thread() -> None:
    """Streamlit warns once per cached call made outside a page's run ("missing ScriptRunContext ... can be
    ignored when running in bare mode"): the warm-up's calls are meant to be outside one."""
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())


def main(argv: list[str] | None = None) -> int:
    from streamlit.web import cli
    if warm_start():
        _quiet_background_thread()
        _ready_only_when_warm()
        # not a daemon: one torn down inside a DuckDB query at exit aborts the process (see ui/live.py)
        threading.Thread(target=_warm_when_running, name="warm-start", daemon=False).start()
    else:
        READY.set()
    sys.argv = ["streamlit", "run", str(APP), *(sys.argv[1:] if argv is None else argv)]
    return cli.main()


if __name__ == "__main__":
    sys.exit(main())

"""The app's server (ui/serve.py): its health check says ready only once the warm-up has computed the first views,
and a visitor who comes then finds them computed."""
from __future__ import annotations

import asyncio

import pytest
from streamlit.runtime import RuntimeState
from streamlit.runtime.runtime import Runtime

from ui import serve


def _health(state: RuntimeState) -> tuple[bool, str]:
    runtime = Runtime.__new__(Runtime)  # the health check reads only the runtime's state
    runtime._state = state
    return asyncio.run(runtime.is_ready_for_browser_connection)


def test_the_health_check_waits_for_the_warm_up(monkeypatch):
    monkeypatch.setattr(Runtime, "is_ready_for_browser_connection", Runtime.is_ready_for_browser_connection)
    monkeypatch.setattr(serve, "READY", serve.threading.Event())
    serve._ready_only_when_warm()
    assert _health(RuntimeState.NO_SESSIONS_CONNECTED) == (False, "warming up")
    serve.READY.set()
    assert _health(RuntimeState.NO_SESSIONS_CONNECTED) == (True, "ok")
    assert _health(RuntimeState.STOPPING)[0] is False, "a server shutting down is not ready, warm or not"


def test_the_warm_up_imports_every_module_the_pages_import():
    modules = serve.page_imports()
    assert {"analytics.render.charts", "analytics.views.review", "ui.blocks", "ui.cached"} <= set(modules)
    assert all(m.split(".")[0] in ("analytics", "ui") for m in modules)


@pytest.mark.xdist_group("server")
def test_a_server_that_warms_up_says_ready_after_it_and_then_serves(tmp_path):
    """Started with the warm-up on (as `make run` and the load benchmark start it), the server has computed the
    default view, every period and each palvelualue's view when its health check first says ready, and
    visitors of the default view and of a palvelualue's view then get their pages."""
    from benchmarks.load import Session
    from harness.app import streamlit_server

    log = tmp_path / "server.log"
    with streamlit_server(env={"OMAVALVONTA_WARM_START": "1"}, timeout=600, log=log) as url:
        warmed = log.read_text(encoding="utf-8")
        assert "Warmed up before saying ready: imports" in warmed and "periods" in warmed and "areas" in warmed
        for query in ("period=5-8/2024", "period=5-8/2024&palvelualue=Kotihoito"):
            visitor = Session(url, query)

            async def visit():
                seconds, ok = await visitor.open()
                await visitor.connection.close()
                return ok
            assert asyncio.run(visit()), visitor.problems
            assert "5-8/2024" in visitor.heading

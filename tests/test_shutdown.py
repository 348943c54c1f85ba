"""Processes end cleanly: a server told to stop while its background warm-up is inside DuckDB, a process that ran
the app under AppTest, and the CLI commands all exit with status 0 and nothing alarming in their output."""
from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap

import pytest

from benchmarks.load import Session

from .browser import ROOT, start_server, wait_healthy
from .conftest import run_cli

NOISE = ("FATAL", "Traceback", "leaked", "Aborted", "terminate called")
"""What a process must never print on its way out: DuckDB torn down mid-query aborts with ``FATAL: exception not
rethrown``; nanobind reports objects alive at exit as ``leaked``."""


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_server_stops_cleanly_while_warming_up(tmp_path, sig):
    """Open a page (which starts the background warm-up of the other tertials), then stop the server within a
    second: it exits with status 0 and its log has no abort or leak."""
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        proc, url = start_server(output=output)
        try:
            wait_healthy(url)
            session = Session(url, "period=5-8/2024")

            async def open_page():
                try:
                    return await session.open()
                finally:
                    await session.connection.close()

            _, ok = asyncio.run(open_page())
            assert ok, session.problems
            assert "5-8/2024" in session.heading
            proc.send_signal(sig)  # at once: the warm-up thread has just been given the view's eleven other tertials
            status = proc.wait(60)
        finally:
            if proc.poll() is None:
                proc.kill()
    text = log.read_text(errors="replace")
    assert status == 0, text[-2000:]
    assert not [word for word in NOISE if word in text], text[-2000:]


def test_a_process_that_ran_the_app_exits_cleanly():
    """AppTest runs the app in-process (and the page starts its warm-up thread); the process then ends with
    status 0 and no abort or leak report."""
    script = textwrap.dedent(f"""
        from streamlit.testing.v1 import AppTest
        at = AppTest.from_file({str(ROOT / "app.py")!r}, default_timeout=120)
        at.query_params["period"] = "5-8/2024"
        at.run()
        assert not at.exception, at.exception
        print("ran", at.title[0].value)
    """)
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "ran" in done.stdout and "5-8/2024" in done.stdout
    assert not [word for word in NOISE if word in done.stderr], done.stderr[-2000:]


@pytest.mark.parametrize("args", [
    ("report", "--period", "5-8/2024", "--format", "json"),
    ("report", "--period", "5-8/2024", "--format", "html", "--lang", "en"),
    ("sample", "--out", "{tmp}/sample", "--scale", "national", "--size", "0.002"),
], ids=["report-json", "report-html", "sample-national"])
def test_cli_commands_exit_cleanly(tmp_path, args):
    """A CLI command that reads data through DuckDB exits 0; a report prints nothing on stderr, the sample
    generator only its progress."""
    done = run_cli(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert done.returncode == 0, done.stderr[-2000:]
    assert not [word for word in NOISE if word in done.stderr], done.stderr[-2000:]
    if args[0] == "report":
        assert done.stderr == ""
    assert done.stdout or any(tmp_path.iterdir())

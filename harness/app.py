"""Drive the real app: ``streamlit run app.py`` on a free local port, and headless Chromium (Playwright) with
every request recorded. Used by the browser tests (tests/browser.py adds their fixtures), the benchmarks and
``make screenshots``; it imports nothing of the tests and the library does not import it."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


LOCAL_SERVERS: set[str] = set()
"""``host:port`` of every server this process started: the only hosts a page of the app may reach."""
PAGE_SCHEMES = ("data", "blob", "about", "file")
"""Requests that reach no host (inline images, downloads made in the page, a report opened from disk)."""


class RequestLog:
    """Every request and websocket that the browser's pages open to any host but a server this process started:
    a county intranet works offline and leaks nothing to third parties (fonts, icons, tiles, telemetry)."""

    def __init__(self) -> None:
        self.foreign: list[str] = []

    def check(self, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in PAGE_SCHEMES:
            return
        if parts.scheme not in ("http", "https", "ws", "wss") or parts.netloc not in LOCAL_SERVERS:
            self.foreign.append(url)

    def watch(self, context) -> None:
        """Check every request of ``context``'s pages (and of pages it opens later)."""
        context.on("request", lambda request: self.check(request.url))
        context.on("page", lambda page: page.on("websocket", lambda ws: self.check(ws.url)))


class GuardedBrowser:
    """A Playwright browser whose every new page and context is watched by a RequestLog."""

    def __init__(self, browser, log: RequestLog) -> None:
        self._browser, self.log = browser, log

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        self.log.watch(context)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        self.log.watch(page.context)
        page.on("websocket", lambda ws: self.log.check(ws.url))
        return page

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict | None = None, output=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """Start the app's server (``python -m ui.serve``: ``streamlit run app.py`` that warms up before it says
    ready, unless OMAVALVONTA_WARM_START=0) on a free local port, its output to ``output``; return the process
    and its base URL (not yet ready: see ``wait_healthy``)."""
    port = free_port()
    cmd = [sys.executable, "-m", "ui.serve", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=output, stderr=subprocess.STDOUT)
    LOCAL_SERVERS.add(f"127.0.0.1:{port}")
    return proc, f"http://127.0.0.1:{port}"


def wait_healthy(url: str, timeout: float = 60) -> None:
    """Wait until the server at ``url`` answers its health check."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the Streamlit server did not start")


@contextlib.contextmanager
def streamlit_server(env: dict | None = None, timeout: float = 60, log: Path | None = None):
    """Start ``streamlit run app.py`` on a free local port; yield its base URL; stop it after. The server's
    output goes to ``log`` (nowhere if None: a pipe that no one reads would stop the server once full)."""
    output = open(log, "wb") if log is not None else subprocess.DEVNULL
    proc, url = start_server(env, output)
    try:
        wait_healthy(url, timeout)
        yield url
    finally:
        stop_server(proc)
        if log is not None:
            output.close()


def stop_server(proc: subprocess.Popen) -> None:
    """Stop a server started by ``start_server``: SIGTERM, then SIGKILL after 20 s."""
    proc.terminate()
    try:
        proc.wait(20)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_for_run(page, timeout_ms: int = 60000) -> None:
    """Wait until the script run in progress has finished (no "Running…" status, no spinner)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stSpinner\"]').length === 0",
        timeout=timeout_ms,
    )


def wait_for_app(page, timeout_ms: int = 60000) -> None:
    """Wait until the script has finished running and the page has a title."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    wait_for_run(page, timeout_ms)
    page.wait_for_function(  # visible charts and tables (not in closed expanders or other tabs) draw on first use
        "() => [...document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]')]"
        ".filter(c => !c.closest('details:not([open])') && c.offsetParent !== null)"
        ".every(c => c.querySelector('canvas, svg.marks'))"
        " && [...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
        ".filter(t => !t.closest('details:not([open])') && t.offsetParent !== null)"
        ".every(t => t.querySelector('canvas'))",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(6000)  # let Vega and the tables finish drawing


def screenshots(base_url: str, paths: list[str], out_dir: Path, width: int = 1500, height: int = 3600) -> list[Path]:
    """Screenshots of ``base_url/<path>`` for each path, in a tall window (Streamlit scrolls inside
    its own container, so a full-page shot would show only the first screen)."""
    from playwright.sync_api import sync_playwright

    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in paths:
            path = path.lstrip("/")  # "/vaaratapahtumat?…" as a browser shows it: a double slash met no page
            page.goto(f"{base_url}/{path}")
            wait_for_app(page)
            name = (path or "overview").replace("?", "_").replace("&", "_").replace("=", "-").replace("/", "_")
            target = out_dir / f"{name[:80]}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
        browser.close()
    return written

"""Run the app in a real Streamlit server and drive it with headless Chromium (Playwright).

Used by the browser tests and, from the command line, to take screenshots to look at:

    python -m tests.browser artifacts/ "" "?lang=en" "indicators?palvelualue=Kotihoito"
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env: dict | None = None, output=subprocess.DEVNULL) -> tuple[subprocess.Popen, str]:
    """Start ``streamlit run app.py`` on a free local port, its output to ``output``; return the process and its
    base URL (not yet ready: see ``wait_healthy``)."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=output, stderr=subprocess.STDOUT)
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
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        if log is not None:
            output.close()


def wait_for_app(page, timeout_ms: int = 60000) -> None:
    """Wait until the script has finished running and the page has a title."""
    page.wait_for_selector("h1", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelectorAll('[data-testid=\"stSpinner\"]').length === 0",
        timeout=timeout_ms,
    )
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
        # The first session after a server start shows Streamlit's "Page not found" dialog over a
        # correct sub-page (streamlit/streamlit#9992); open the main page once so shots show the page.
        page.goto(base_url)
        wait_for_app(page)
        for path in paths:
            page.goto(f"{base_url}/{path}")
            wait_for_app(page)
            name = (path or "overview").replace("?", "_").replace("&", "_").replace("=", "-").replace("/", "_")
            target = out_dir / f"{name[:80]}.png"
            page.screenshot(path=str(target), full_page=True)
            written.append(target)
        browser.close()
    return written


if __name__ == "__main__":
    out = Path(sys.argv[1])
    with streamlit_server() as url:
        for shot in screenshots(url, sys.argv[2:] or [""], out):
            print(shot)

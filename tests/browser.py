"""Browser tests' fixtures: headless Chromium whose every request is checked to stay on the app's own host.

The server and browser tools themselves are in harness.app (shared with the benchmarks and screenshots).
"""
from __future__ import annotations

import pytest

from harness.app import (  # noqa: F401  (the browser test modules import these from here)
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_SERVERS,
    ROOT,
    GuardedBrowser,
    RequestLog,
    free_port,
    screenshots,
    start_server,
    streamlit_server,
    wait_for_app,
    wait_for_run,
    wait_healthy,
)


@pytest.fixture(scope="module")
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture(scope="module")
def browser(request_log):
    """Headless Chromium, every request of its pages recorded (import into a test module to use)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield GuardedBrowser(launched, request_log)
        launched.close()


@pytest.fixture(autouse=True)
def only_the_apps_own_host(request_log):
    """Every test of a module that imports this fixture fails if a page reached any other host."""
    start = len(request_log.foreign)
    yield
    foreign = request_log.foreign[start:]
    assert not foreign, f"{len(foreign)} request(s) left the app's own host, e.g. {foreign[:3]}"

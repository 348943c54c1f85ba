"""Shared fixtures: the bundled data, a writable copy of it, and the CLI."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from analytics.cli import main
from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle

ROOT = Path(__file__).resolve().parent.parent
os.environ["OMAVALVONTA_VALIDATE_CHARTS"] = "1"  # every chart a page draws in a test is checked against Vega-Lite's schema
os.environ["OMAVALVONTA_WARM_START"] = "0"  # the many short-lived servers of the tests start cold (test_serve warms)
os.environ["OMAVALVONTA_BACKGROUND_DISCLOSURE"] = "0"  # the many short-lived data copies would keep the cores busy
# Observations go to a database of the test run, never to the user's own.
os.environ["OMAVALVONTA_DATABASE"] = str(Path(tempfile.mkdtemp(prefix="omavalvonta-tests-")) / "observations.sqlite3")


@pytest.fixture(scope="session")
def bundle():
    return load_bundle(DEFAULT_DATA_DIR)


@pytest.fixture
def database(tmp_path, monkeypatch) -> Path:
    """A fresh observation (and goal) database of the test's own, named in OMAVALVONTA_DATABASE for the app."""
    path = tmp_path / "observations.sqlite3"
    monkeypatch.setenv("OMAVALVONTA_DATABASE", str(path))
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled data directory that a test may change."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture
def report(capsys):
    """Run ``report`` in-process and return its JSON."""
    def run(*args: str) -> dict:
        assert main(["report", "--format", "json", *args]) == 0
        return json.loads(capsys.readouterr().out)
    return run


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """Run ``python -m analytics`` as a user would."""
    return subprocess.run([sys.executable, "-m", "analytics", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)

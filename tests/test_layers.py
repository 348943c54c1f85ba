"""The library's layers, as its folders name them: each imports only the layers below it.

An import-linter-style contract, read from the source with ``ast`` (no extra dependency): a lower layer that
imports a higher one fails, and so does anything below ``text``/``render`` that imports the message catalogue.
The library never imports Streamlit, the pages, the benchmarks or the tests.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "analytics"
LAYERS = ["core", "stats", "data", "ingest", "domain", "views", "text", "observations", "goals", "render", "sample", "cli"]
"""Bottom to top. ``observations`` (the notebook of observations and actions, which the review renders),
``sample`` (synthetic data) and ``cli`` (the command line) sit on top of the layers they use."""
CATALOGUE = "analytics.text.i18n"
WORDS_FROM = LAYERS.index("text")
KNOWN: set[tuple[str, str]] = set()
"""Crossings that are still to be removed (from → to): the sentences still made in the layer that computes the
figures. The test fails when one is added and when one listed here has gone (then delete it from the list)."""


def _layer(module: str) -> str:
    parts = module.split(".")
    if parts[0] != "analytics" or len(parts) < 2:
        return ""
    return parts[1] if parts[1] in LAYERS else ""


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)  # the module itself, or a package whose modules are named below
            found += [f"{node.module}.{alias.name}" for alias in node.names
                      if _is_module(f"{node.module}.{alias.name}")]
    return found


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _crossings() -> set[tuple[str, str]]:
    crossings = set()
    for path in sorted(LIBRARY.rglob("*.py")):
        module = _module(path)
        layer = _layer(module)
        if not layer:
            continue
        for imported in _imports(path):
            target = _layer(imported)
            to = imported
            if imported.count(".") < 2 and target in ("core", "stats", "data", "ingest", "domain", "views", "text",
                                                      "render", "sample"):
                continue  # ``from analytics.views import incidents``: judged by the module named
            if target and LAYERS.index(target) > LAYERS.index(layer):
                crossings.add((module, to))
            elif imported.startswith(CATALOGUE) and LAYERS.index(layer) < WORDS_FROM:
                crossings.add((module, CATALOGUE))
    return crossings


def test_every_library_module_is_in_a_layer():
    loose = [_module(p) for p in LIBRARY.rglob("*.py") if _module(p) not in ("analytics", "analytics.__main__")
             and not _layer(_module(p))]
    assert loose == []


def test_each_layer_imports_only_the_layers_below_it():
    crossings = _crossings()
    assert sorted(crossings - set(KNOWN)) == [], "a lower layer imports a higher one (or the message catalogue)"
    assert sorted(set(KNOWN) - crossings) == [], "a listed crossing has gone: remove it from KNOWN"


@pytest.mark.parametrize("outside", ["streamlit", "app_pages", "ui", "benchmarks", "tests"])
def test_the_library_never_imports_the_app_the_benchmarks_or_the_tests(outside):
    offenders = [_module(p) for p in LIBRARY.rglob("*.py")
                 if any(name == outside or name.startswith(outside + ".") for name in _imports(p))]
    assert offenders == []


def test_the_contract_catches_an_upward_import(tmp_path):
    """The check itself can fail: a statistics module importing a view and the catalogue is reported."""
    global ROOT, LIBRARY
    for name in ("stats/bad.py", "views/incidents.py", "text/i18n.py"):
        (tmp_path / "analytics" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "analytics" / name).write_text("")
    (tmp_path / "analytics" / "stats" / "bad.py").write_text(
        "from analytics.views import incidents\nfrom analytics.text.i18n import t\n")
    real = ROOT, LIBRARY
    ROOT, LIBRARY = tmp_path, tmp_path / "analytics"
    try:
        assert _crossings() == {("analytics.stats.bad", "analytics.views.incidents"),
                                ("analytics.stats.bad", "analytics.text.i18n")}
    finally:
        ROOT, LIBRARY = real

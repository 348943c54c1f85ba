"""Bad input everywhere (issue 11): every file of the malformed corpus (tests/corpus.py) gets a clear
message and no traceback through the import, the ingest command, loading the data directory, the
report command and the app; the data directory stays the same byte for byte. Hostile or unknown
values in a link fall back to the defaults with a note."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.cli import main
from analytics.core.errors import DataError
from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
from analytics.ingest import importer as ingest
from analytics.ingest.mapping import known_headers
from analytics.ingest.readers import read_chunks, read_file
from analytics.text.i18n import md_text

from .conftest import ROOT
from .corpus import IMPORTS, STORED, snapshot


def test_the_corpus_is_large_enough():
    assert len(IMPORTS) + len(STORED) >= 30 and len(STORED) >= 10


@pytest.mark.parametrize("case", list(IMPORTS))
def test_an_import_is_refused_with_its_reason_and_writes_nothing(case, data_copy):
    kind, name, make, expected = IMPORTS[case]
    before = snapshot(data_copy)
    try:
        report = ingest.prepare(kind, read_file(make(), name, known_headers(kind)), data_copy)
    except DataError as exc:
        message = str(exc)
    else:
        assert not report.ok and report.table is None
        message = report.to_text()
        assert report.to_dict()["problems"]  # the page's problem table has rows too
    assert expected in message, message[:500]
    assert snapshot(data_copy) == before


@pytest.mark.parametrize("case", list(IMPORTS))
def test_the_ingest_command_says_what_is_wrong_in_one_line(case, data_copy, tmp_path, capsys):
    kind, name, make, expected = IMPORTS[case]
    upload = tmp_path / name
    upload.write_bytes(make())
    before = snapshot(data_copy)
    assert main(["ingest", kind, str(upload), "--data-dir", str(data_copy)]) == 2
    out, err = capsys.readouterr()
    assert expected in out + err and "Traceback" not in out + err
    assert err.startswith("error: ") and err.strip().count("\n") == 0
    assert snapshot(data_copy) == before


@pytest.fixture
def spoiled(tmp_path):
    def make(case: str) -> Path:
        target = tmp_path / "data"
        shutil.copytree(DEFAULT_DATA_DIR, target)
        STORED[case][1](target)
        return target
    return make


@pytest.mark.parametrize("case", list(STORED))
def test_a_spoiled_data_file_is_named_on_load_and_by_report(case, spoiled, capsys):
    kind, _, expected = STORED[case]
    folder = spoiled(case)
    before = snapshot(folder)
    with pytest.raises(DataError) as caught:
        load_bundle(folder)
    assert expected in str(caught.value) and f"{kind}.parquet" in str(caught.value)
    assert main(["report", "--period", "5-8/2024", "--data-dir", str(folder)]) == 2
    out, err = capsys.readouterr()
    assert expected in err and "Traceback" not in out + err and err.strip().count("\n") == 0
    assert snapshot(folder) == before


@pytest.mark.parametrize("case", list(STORED))
def test_the_app_on_spoiled_data_shows_the_message_and_still_opens_the_data_page(case, spoiled, monkeypatch):
    kind, _, expected = STORED[case]
    monkeypatch.setenv("OMAVALVONTA_DATA_DIR", str(spoiled(case)))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    assert any(md_text(expected) in e.value for e in at.error)  # as text: persons\_rescued
    at.switch_page("app_pages/data.py").run()  # where an import can be undone
    assert not at.exception and at.title


@pytest.mark.parametrize(("params", "note"), [
    ({"palvelualue": "<script>alert(1)</script>"}, "palvelualue"),
    ({"toimiala": "\"><img src=x onerror=alert(1)>"}, "toimiala"),
    ({"period": "13-16/2024"}, "period"),
    ({"period": "'; DROP TABLE incidents; --"}, "period"),
    ({"county": "Ahvenanmaa"}, "county"),
    ({"lang": "xx"}, "lang"),
])
def test_hostile_or_unknown_link_values_fall_back_with_a_note(params, note):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert note in notes or "lang" == note, notes
    assert at.sidebar.selectbox(key="f_county").value == "Päijät-Hämeen hyvinvointialue"
    assert at.sidebar.selectbox(key="f_period").value == "9-12/2024"
    assert at.sidebar.multiselect(key="f_palvelualue").value == [] and at.sidebar.multiselect(key="f_toimiala").value == []
    everything = " ".join(str(m.value) for m in at.markdown) + " ".join(str(c.value) for c in at.caption)
    assert "<script>" not in everything and "<img" not in everything  # a note names the parameter, not the payload


@pytest.mark.parametrize(("page", "params"), [
    ("app_pages/incidents.py", {"luokka": "<b>x</b>", "tyyppi": "javascript:alert(1)"}),
    ("app_pages/rai.py", {"palvelu": "../../etc/passwd", "mittari": "<script>", "yksikko": "' OR 1=1"}),
    ("app_pages/rescue.py", {"aluejako": "<svg onload=alert(1)>", "alue": "%00", "jakso": "century"}),
    ("app_pages/forecasts.py", {"sarja": "<script>", "jakso": "-1"}),
])
def test_a_pages_own_link_values_fall_back_too(page, params):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception and at.title


GENERATED_DOCUMENTS = {("brief.py", "html")}
"""The one exception: the brief page shows the brief, a whole HTML document that analytics.render.brief builds with
every text from the data escaped (tests/test_brief.py::test_text_from_the_data_is_escaped), in a frame of its own
(components.html). The name must be assigned from ``cached.brief_html`` and nothing else (checked below)."""


def test_html_is_only_ever_our_own_fixed_strings():
    """``unsafe_allow_html`` (and st.html) only with a module-level string constant written in the code,
    never with anything built from data or the link (save the brief document, ``GENERATED_DOCUMENTS``)."""
    import ast

    for path in [*(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {t.id for node in tree.body if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                     and isinstance(node.value.value, str) for t in node.targets if isinstance(t, ast.Name)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            unsafe = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and not k.value.value)
                         for k in node.keywords)
            is_html = isinstance(node.func, ast.Attribute) and node.func.attr == "html"
            if unsafe or is_html:
                first = node.args[0] if node.args else None
                assert isinstance(first, ast.Name), f"{path.name}:{node.lineno}"
                if (path.name, first.id) in GENERATED_DOCUMENTS:
                    sources = [n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                               and any(isinstance(t, ast.Name) and t.id == first.id for t in n.targets)]
                    assert sources and all(ast.unparse(v) == "cached.brief_html(ctx)" for v in sources), \
                        f"{path.name}:{node.lineno}: {first.id} must come from cached.brief_html only"
                    continue
                assert first.id in constants, f"{path.name}:{node.lineno}"


def test_a_markdown_link_in_a_link_value_is_shown_as_text():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["palvelualue"] = "[Kirjaudu tästä](https://evil.example/login)"
    at.run()
    notes = " ".join(w.value for w in at.warning)
    assert "\\[Kirjaudu tästä\\](https\u2060://evil.example/login)" in notes  # escaped: no clickable link
    assert "[Kirjaudu tästä](https://evil.example/login)" not in notes


@pytest.mark.parametrize("case", list(IMPORTS))
def test_an_import_read_in_chunks_is_refused_as_when_read_whole(case, data_copy):
    """The page and the ingest command read a file in chunks (bounded memory): every malformed file gets the
    same message or the same problem lines as when read at once, and nothing is written or left waiting."""
    kind, name, make, expected = IMPORTS[case]
    raw = make()
    before = snapshot(data_copy)
    small = len(raw) < 100_000  # two rows a chunk: every check meets a chunk boundary
    try:
        report = ingest.prepare_chunks(kind, read_chunks(io.BytesIO(raw), name, known_headers(kind),
                                                         **({"chunk_rows": 2} if small else {})), data_copy)
    except DataError as exc:
        message = str(exc)
        with pytest.raises(DataError) as whole:
            ingest.prepare(kind, read_file(raw, name, known_headers(kind)), data_copy)
        assert str(whole.value) == message
    else:
        assert not report.ok and report.table is None and report.staged is None
        message = report.to_text()
        whole = ingest.prepare(kind, read_file(raw, name, known_headers(kind)), data_copy)
        assert (report.rows_read, report.rows_accepted, report.problem_count) == (
            whole.rows_read, whole.rows_accepted, whole.problem_count)
        if whole.problem_count <= ingest.MAX_PROBLEMS:  # beyond it the lines kept depend on the reading order
            assert sorted(map(tuple, report.problems.astype(str).to_numpy().tolist())) == sorted(
                map(tuple, whole.problems.astype(str).to_numpy().tolist()))
    assert expected in message, message[:500]
    assert snapshot(data_copy) == before

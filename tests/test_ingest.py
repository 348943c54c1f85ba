"""Importing a county's exports: the real Sotkanet file, messy Finnish CSV and Excel, a validation
report for every malformed case, safe replace with undo, and a data directory that never changes
when an import fails."""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pytest

from analytics.core.errors import DataError
from analytics.core.regions import regions
from analytics.data.bundle import data_signature, load_bundle
from analytics.data.contracts import CONTRACTS
from analytics.ingest import importer as ingest
from analytics.ingest.mapping import detect, known_headers, read_mapping, write_mapping
from analytics.ingest.readers import MAX_UPLOAD_ENV, max_file_bytes, read_chunks, read_file
from analytics.ingest.sotkanet import read_sotkanet, region_by_name, reports_per_1000
from analytics.text.i18n import label
from analytics.text.importer import reason_text

from .conftest import ROOT, run_cli
from .corpus import csv_bytes, haipro_export, parquet, snapshot

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SOTKANET = FIXTURES / "real" / "sotkanet_indicator_127_2009.csv"
"""The real Sotkanet API export (see fixtures/real/README.md for its source and licence)."""
SOTKANET_REGIONS = FIXTURES / "real" / "sotkanet_hyvinvointialueet.csv"
SOTKANET_WEB = FIXTURES / "sotkanet_web_export.csv"
"""A table in the shape the Sotkanet website downloads: no header, eight columns, Finnish genders."""
NOT_A_DATE = "not a date: write d.m.yyyy (e.g. 3.5.2024) or d.m.yyyy hh:mm"


def prepare(kind, raw_bytes, name, folder, mode="append", mapping=None):
    return ingest.prepare(kind, read_file(raw_bytes, name, known_headers(kind)), folder, mapping, mode)


# --- Sotkanet ---------------------------------------------------------------------------------

def test_real_sotkanet_file_is_imported_with_its_figures(data_copy):
    raw = read_sotkanet(SOTKANET.read_bytes(), SOTKANET.name)
    report = ingest.prepare("indicator_values", raw, data_copy)
    assert report.ok and report.rows_read == 466 and report.rows_new == 466
    ingest.commit(report, data_copy)
    values = load_bundle(data_copy).indicator_values
    whole = values[values["region_id"] == 658].iloc[0]
    assert whole["value"] == 5_351_427 and whole["region_name"] == "Koko maa" and whole["region_category"] == "MAA"
    assert whole["indicator"] == "127" and whole["year"] == 2009 and whole["gender"] == "total"
    assert values["value"].sum() > 5_351_427  # every region of 2009, not just the country


def test_sotkanet_json_and_cli_give_the_same_rows_and_a_rate(data_copy, tmp_path):
    rows = [{"indicator": 127, "region": 975, "year": 2023, "gender": "total", "value": 205_000, "absValue": None},
            {"indicator": 127, "region": 658, "year": 2023, "gender": "total", "value": 5_603_851, "absValue": None}]
    path = tmp_path / "sotkanet.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = run_cli("ingest", "sotkanet", str(path), "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    values = load_bundle(data_copy).indicator_values
    county = values[values["region_id"] == 975].iloc[0]
    assert county["region_name"] == "Päijät-Hämeen hyvinvointialue" and county["region_category"] == "HYVINVOINTIALUE"
    rate = reports_per_1000(values, "Päijät-Hämeen hyvinvointialue", 2024, 6343)
    assert rate["population_year"] == 2023 and rate["rate"] == pytest.approx(6343 / 205_000 * 1000)


def test_the_repository_carries_its_own_fixtures():
    """A user's clone has only this repository: no test or code may read from a folder beside it."""
    outside = re.compile(r"\.\./" + "shared" + r"|parent\s*/\s*[\"']" + "shared")
    offenders = [str(path.relative_to(ROOT)) for folder in ("analytics", "tests", "app_pages", "ui", "benchmarks")
                 for path in (ROOT / folder).rglob("*.py") if outside.search(path.read_text(encoding="utf-8"))]
    assert offenders == []
    provenance = (FIXTURES / "real" / "README.md").read_text(encoding="utf-8")
    for name in (SOTKANET.name, SOTKANET_REGIONS.name):
        assert (FIXTURES / "real" / name).is_file() and name in provenance
    assert "CC BY 4.0" in provenance and "https://sotkanet.fi" in provenance


def test_the_app_lists_the_counties_with_sotkanet_s_published_ids():
    with open(SOTKANET_REGIONS, encoding="utf-8") as handle:
        published = list(csv.DictReader(handle))
    assert len(published) == 23  # 21 counties, Helsinki and Åland
    known = regions()
    for row in published:
        assert known[int(row["uusi_id"])] == (row["nimi"], "HYVINVOINTIALUE")
        if row["vanha_id"]:
            assert known[int(row["vanha_id"])] == (row["nimi"], "HYVINVOINTIALUE")
        assert region_by_name(row["nimi"]) == int(row["uusi_id"])
    assert region_by_name("Päijät-Häme") == 975 and region_by_name("KANTA-HÄME") == 963
    assert region_by_name("Koko maa") == 658 and region_by_name("Lahti") is None


def _web_values(data_dir: Path) -> pd.DataFrame:
    values = load_bundle(data_dir).indicator_values
    return values.set_index(["indicator", "region_id", "year", "gender"]).sort_index()


def test_sotkanet_web_export_is_imported_through_the_cli(data_copy):
    result = run_cli("ingest", "sotkanet", str(SOTKANET_WEB), "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 rows read, 10 accepted (10 new, 0 already in the data), 0 problem(s)" in result.stdout
    values = _web_values(data_copy)
    assert len(values) == 10 and set(values["source"]) == {"sotkanet"}
    county = values.loc[("127", 975, 2009)]
    assert county.loc["total", "value"] == 200_897 and county.loc["total", "absolute_value"] == 200_897
    assert county.loc["male", "value"] == 97_606 and county.loc["female", "value"] == 103_291  # miehet, naiset
    assert county.loc["total", "region_name"] == "Päijät-Hämeen hyvinvointialue"
    assert county.loc["total", "region_category"] == "HYVINVOINTIALUE"
    whole = values.loc[("127", 658, 2009, "total")]
    assert whole["value"] == 5_351_427 and whole["region_name"] == "Koko maa" and whole["region_category"] == "MAA"
    unemployed = values.loc[("181", 975, 2023)]
    assert unemployed.loc["total", "value"] == pytest.approx(12.5)  # 12,5
    assert unemployed.loc["male", "value"] == pytest.approx(13.4)  # 13.4
    assert unemployed.loc["female", "value"] == pytest.approx(11.6)
    assert unemployed.loc["total", "absolute_value"] == 11_846
    assert values.loc[("181", 963, 2023, "total"), "value"] == pytest.approx(9.8)
    assert pd.isna(values.loc[("181", 963, 2023, "total"), "absolute_value"])  # ...;2023;9.8;
    assert pd.isna(values.loc[("181", 658, 2023, "total"), "absolute_value"])
    assert set(values.index.get_level_values("gender")) == {"total", "male", "female"}
    rate = reports_per_1000(load_bundle(data_copy).indicator_values, "Päijät-Hämeen hyvinvointialue", 2010, 201)
    assert rate["population"] == 200_897 and rate["rate"] == pytest.approx(201 / 200_897 * 1000)


def test_sotkanet_web_export_gives_the_rows_the_api_gives(data_copy):
    """The same figures from the website (Windows-1252 here) and from the API's JSON are the same rows."""
    text = SOTKANET_WEB.read_text(encoding="utf-8")
    web = read_sotkanet(text.encode("cp1252"), "sotkanet.csv")
    assert web.frame.equals(read_sotkanet(SOTKANET_WEB.read_bytes(), "sotkanet.csv").frame)
    assert web.rows == tuple(range(1, 11))  # no header: the file's first line is row 1
    ingest.commit(ingest.prepare("indicator_values", web, data_copy), data_copy)
    api = [{"indicator": 127, "region": 975, "year": 2009, "gender": "male", "value": 97606, "absValue": 97606},
           {"indicator": 181, "region": 963, "year": 2023, "gender": "total", "value": 9.8, "absValue": None},
           {"indicator": 181, "region": 658, "year": 2023, "gender": "total", "value": 10.4},
           {"indicator": 181, "region": 975, "year": 2024, "gender": "total", "value": 11.9, "absValue": 11270}]
    again = ingest.prepare("indicator_values", read_sotkanet(json.dumps(api).encode(), "api.json"), data_copy)
    assert again.ok, again.to_text()
    assert again.rows_present == 3 and again.rows_new == 1  # identical values: nothing differs but the new year


def test_sotkanet_web_export_region_by_name_and_bad_rows_in_the_report(data_copy):
    rows = ['"Väestö 31.12.";127;"Kanta-Häme";;"yhteensä";2010;175350;175350',  # no code: by name
            '"Väestö 31.12.";127;"Päijät-Hämeen hyvinvointialue";9;"yhteensä";2010;201000;',  # a code not Sotkanet's
            '"Väestö 31.12.";127;"Esimerkkikunta";99999;"yhteensä";2010;5000;5000',  # unknown: its own id and name
            '"Väestö 31.12.";127;"Tuntematon alue";;"yhteensä";2010;100;100',
            '"Väestö 31.12.";127;"Koko maa";658;"yhteensä";2010;ei tietoa;',
            '"Väestö 31.12.";127;"Koko maa";658;"muut";2010;5375276;5375276',
            '"Väestö 31.12.";127;"Koko maa";658;"yhteensä";20x0;5375276;5375276']
    raw = read_sotkanet("\n".join(rows).encode("cp1252"), "sotkanet.csv")
    frame = raw.frame
    assert list(frame["region_id"][:3]) == ["963", "975", "99999"]
    assert list(frame["region_name"][:3]) == ["Kanta-Hämeen hyvinvointialue", "Päijät-Hämeen hyvinvointialue",
                                              "Esimerkkikunta"]
    assert list(frame["region_category"][:3]) == ["HYVINVOINTIALUE", "HYVINVOINTIALUE", ""]
    before = snapshot(data_copy)
    report = ingest.prepare("indicator_values", raw, data_copy)
    assert not report.ok and report.rows_read == 7 and report.rows_accepted == 3
    problems = {(p.row, p.column): p for p in report.problems.itertuples()}
    assert set(problems) == {(4, "region_id"), (5, "value"), (6, "gender"), (7, "year")}
    assert problems[4, "region_id"].reason == "empty value"
    assert problems[5, "value"].reason == "not a number" and problems[5, "value"].value == "ei tietoa"
    assert problems[6, "gender"].reason.startswith("not one of total, male, female")
    assert problems[7, "year"].reason == "not a number"
    assert "row 5, column value: 'ei tietoa' — not a number" in report.to_text()
    assert snapshot(data_copy) == before
    good = read_sotkanet("\n".join(rows[:3]).encode("utf-8"), "sotkanet.csv")
    ingest.commit(ingest.prepare("indicator_values", good, data_copy), data_copy)
    values = _web_values(data_copy)
    assert values.loc[("127", 963, 2010, "total"), "value"] == 175_350
    assert values.loc[("127", 975, 2010, "total"), "value"] == 201_000
    unknown = values.loc[("127", 99999, 2010, "total")]
    assert unknown["region_name"] == "Esimerkkikunta" and pd.isna(unknown["region_category"])


SHAPES = ("indicator;region;year;gender;primary value;absolute value", "JSON", "without a header row",
          "8 columns indicator name;indicator id;region name;region code;gender;year;value;absolute value")


@pytest.mark.parametrize(("content", "message"), [
    ("indicator,region,year\n127,975,2009\n", "not a Sotkanet export"),  # commas: one cell, no known header
    ("Indikaattori;Alue;Vuosi;Arvo\nVäestö;Päijät-Häme;2009;200897\n", "not a Sotkanet export"),
    ('"Väestö 31.12.";127;975;2009;200897\n', "not a Sotkanet export"),  # five columns
    ('"Väestö 31.12.";127;"Koko maa";658;"yhteensä";vuosi;1;1\n', "not a Sotkanet export"),
    ("indicator;region;year;value\n127;975;2009;1\n", "missing column\\(s\\) gender, primary value"),
    (";;;\n;;\n", "only separators"),
])
def test_a_file_of_another_shape_names_the_shapes_sotkanet_exports_have(content, message, data_copy, tmp_path):
    with pytest.raises(DataError, match=message) as caught:
        read_sotkanet(content.encode("utf-8"), "x.csv")
    assert all(shape in str(caught.value) for shape in SHAPES), str(caught.value)
    path = tmp_path / "x.csv"
    path.write_text(content, encoding="utf-8")
    before = snapshot(data_copy)
    result = run_cli("ingest", "sotkanet", str(path), "--data-dir", str(data_copy))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.search(message, result.stderr) and "without a header row" in result.stderr
    assert snapshot(data_copy) == before


def test_a_web_export_row_with_too_many_cells_is_named():
    rows = '"Väestö 31.12.";127;"Koko maa";658;"yhteensä";2009;5351427;5351427;\n' \
           '"Väestö 31.12.";127;"Koko maa";658;"naiset";2009;2731000;2731000;;9\n'
    with pytest.raises(DataError, match="row 2 has 10 cells, more than the 8 columns"):
        read_sotkanet(rows.encode(), "x.csv")


# --- messy exports that import ----------------------------------------------------------------

def test_finnish_cp1252_csv_with_names_imports_and_appending_again_adds_nothing(bundle, data_copy):
    export = haipro_export(bundle)
    report = prepare("incidents", csv_bytes(export), "haipro.csv", data_copy)
    assert report.ok, report.to_text()
    assert report.mapping.columns["report_date"] == "Ilmoituspäivä" and report.rows_new == 6
    new_rows = report.table[report.table["report_id"].str.startswith("UUSI-")]
    original = bundle.incidents.sort_values("report_id").head(6)
    assert list(new_rows["unit_id"]) == list(original["unit_id"])  # unit names became ids
    assert list(new_rows["category"]) == list(original["category"])  # Finnish names became codes
    assert list(new_rows["development_action"]) == list(original["development_action"])
    before = data_signature(data_copy)
    ingest.commit(report, data_copy)
    assert data_signature(data_copy) != before  # the app's caches key on this: they refresh
    assert len(load_bundle(data_copy).incidents) == len(bundle.incidents) + 6
    again = prepare("incidents", csv_bytes(export, "utf-8-sig"), "haipro.csv", data_copy)
    assert again.ok and again.rows_new == 0 and again.rows_present == 6
    assert ingest.commit(again, data_copy) is None  # nothing new: nothing written


def test_excel_with_title_rows_imports(bundle, data_copy):
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        pd.DataFrame([["HaiPro-raportti, Päijät-Häme"], ["Haettu 3.9.2024"]]).to_excel(writer, header=False,
                                                                                       index=False)
        haipro_export(bundle, 4).to_excel(writer, startrow=3, index=False)
    report = prepare("incidents", buffer.getvalue(), "raportti.xlsx", data_copy)
    assert report.ok, report.to_text()
    assert report.rows_read == 4
    broken = haipro_export(bundle, 4).assign(**{"Tapahtumapäivä": ["1.1.2021", "31.2.2024", "", "eilen"]})
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        broken.to_excel(writer, startrow=2, index=False)
    bad = prepare("incidents", buffer.getvalue(), "raportti.xlsx", data_copy)
    problems = bad.problems[bad.problems["column"] == "event_date"]
    assert list(problems["row"]) == [5, 6, 7]  # the spreadsheet's own row numbers (header on row 3)
    assert set(problems["reason"]) == {"not a date: write d.m.yyyy (e.g. 3.5.2024) or d.m.yyyy hh:mm", "empty value"}


def test_replace_keeps_the_previous_version_and_undo_restores_it_byte_for_byte(bundle, data_copy):
    original = (data_copy / "rai_national.parquet").read_bytes()
    national = bundle.rai_national.copy()
    national.loc[0, "numerator"] += 1
    buffer = io.BytesIO()
    national.to_parquet(buffer, index=False)
    report = prepare("rai_national", buffer.getvalue(), "national.parquet", data_copy, mode="replace")
    assert report.ok, report.to_text()
    ingest.commit(report, data_copy)
    assert (data_copy / "rai_national.parquet").read_bytes() != original
    assert len(ingest.versions(data_copy, "rai_national")) == 1
    result = run_cli("undo", "rai_national", "--data-dir", str(data_copy))
    assert result.returncode == 0, result.stderr
    assert (data_copy / "rai_national.parquet").read_bytes() == original
    log = ingest.import_log(data_copy)
    assert list(log["action"]) == ["import", "undo"] and log["table"].eq("rai_national").all()
    failed = run_cli("undo", "rai_national", "--data-dir", str(data_copy))
    assert failed.returncode == 2 and "no earlier version" in failed.stderr


def test_an_interrupted_write_leaves_the_data_as_it_was(bundle, data_copy, monkeypatch):
    report = prepare("incidents", csv_bytes(haipro_export(bundle)), "haipro.csv", data_copy)
    before = snapshot(data_copy)

    def crash(self, path, *args, **kwargs):
        Path(path).write_bytes(b"PAR1 half a file")
        raise OSError("disk full")
    monkeypatch.setattr(pd.DataFrame, "to_parquet", crash)
    with pytest.raises(OSError):
        ingest.commit(report, data_copy)
    after = snapshot(data_copy)
    assert {k: v for k, v in after.items() if not k.startswith(".incoming")} == before


# --- dates as pandas, pyarrow and SQL clients write them -------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("3.5.2024", "2024-05-03 00:00:00"),
    ("3.5.2024 10:15", "2024-05-03 10:15:00"),
    ("03.05.2024 10:15:30", "2024-05-03 10:15:30"),
    ("2024-05-03", "2024-05-03 00:00:00"),
    ("2020-12-30 00:00:00.000000", "2020-12-30 00:00:00"),  # pandas, pyarrow
    ("2024-05-03 10:15:00.123456", "2024-05-03 10:15:00.123456"),
    ("2024-05-03T10:15:00.5", "2024-05-03 10:15:00.500000"),
    ("2024-05-03T10:15", "2024-05-03 10:15:00"),
    ("2024-05-03 10:15:00.123456+03:00", "2024-05-03 10:15:00.123456"),  # already Finnish summer time
    ("2024-05-03T10:15:00+00:00", "2024-05-03 13:15:00"),  # summer: UTC+3
    ("2024-05-03T10:15:00Z", "2024-05-03 13:15:00"),
    ("2024-01-15T10:15:00Z", "2024-01-15 12:15:00"),  # winter: UTC+2
    ("2024-01-15 10:15:00.000000Z", "2024-01-15 12:15:00"),  # pyarrow, a UTC column
    ("2024-01-15 10:15:00+02", "2024-01-15 10:15:00"),  # psql
    ("2024-01-15 10:15:00+0100", "2024-01-15 11:15:00"),
    ("2024-10-27T01:30:00Z", "2024-10-27 03:30:00"),  # half an hour after summer time ended (01:00 UTC)
    ("2024-10-27T00:30:00Z", "2024-10-27 03:30:00"),  # half an hour before it: the same wall-clock time
])
def test_dates_in_finnish_and_iso_forms_are_read_as_finnish_time(text, expected):
    values, bad = ingest.parse_dates(pd.Series([text]))
    assert not bad.iloc[0]
    assert values.iloc[0] == pd.Timestamp(expected) and values.dtype == "datetime64[us]"


@pytest.mark.parametrize("text", ["2024-13-45", "yesterday", "2024-13-45 10:00:00", "2024-02-30T10:00:00Z",
                                  "31.2.2024", "2024-05-03T10", "2024-05-03 10:15:00+25:00x"])
def test_garbage_is_still_not_a_date(text, bundle, data_copy):
    values, bad = ingest.parse_dates(pd.Series([text, "3.5.2024"]))
    assert list(bad) == [True, False] and pd.isna(values.iloc[0])
    tasks = bundle.rescue_tasks[list(CONTRACTS["rescue_tasks"].columns)].head(3).copy()
    tasks["task_id"] = tasks["task_id"] + "-X"
    tasks["alarm_time"] = tasks["alarm_time"].astype(str)
    tasks.loc[tasks.index[1], "alarm_time"] = text
    report = prepare("rescue_tasks", tasks.to_csv(index=False).encode(), "tasks.csv", data_copy)
    problem = report.problems.iloc[0]
    assert (problem["row"], problem["column"], problem["value"], problem["reason"]) == (3, "alarm_time", text,
                                                                                      NOT_A_DATE)
    assert len(report.problems) == 1


def _to_utc_text(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """The times as an app that keeps UTC writes them; rows whose Finnish time is ambiguous (the hour
    that repeats when summer time ends) or missing are left out."""
    out = frame.copy()
    for column in columns:
        out[column] = out[column].dt.tz_localize("Europe/Helsinki", ambiguous="NaT",
                                                 nonexistent="NaT").dt.tz_convert("UTC")
    return out[out[columns].notna().all(axis=1)]


def _written(kind: str, writer: str, bundle) -> tuple[pd.DataFrame, bytes]:
    """A slice of the bundled table (over four years: summer and winter) and the CSV ``writer`` makes of it."""
    columns = list(CONTRACTS[kind].columns)
    whole = getattr(bundle, kind)[columns]
    table = whole.iloc[:: len(whole) // 40].reset_index(drop=True)
    times = [c for c, spec in CONTRACTS[kind].columns.items() if spec.kind == "datetime"]
    if writer == "pandas, fractions":  # one time to the microsecond makes pandas write every time with six decimals
        table.loc[0, times] = table.loc[0, times] + pd.Timedelta(microseconds=123_456)
        return table, table.to_csv(index=False).encode()
    if writer == "pandas, UTC":
        table = table[table.index.isin(_to_utc_text(table, times).index)].reset_index(drop=True)
        return table, _to_utc_text(table, times).to_csv(index=False).encode()
    buffer = io.BytesIO()
    pa_csv.write_csv(pa.Table.from_pandas(table, preserve_index=False), buffer)
    return table, buffer.getvalue()


@pytest.mark.parametrize(("kind", "writer", "written"), [
    ("rescue_tasks", "pandas, fractions", r"2021-01-01 \d\d:\d\d:\d\d\.123456,"),
    ("rescue_tasks", "pandas, UTC", r",2021-01-01 \d\d:\d\d:\d\d\+00:00,"),
    ("incidents", "pyarrow", r",2020-12-30 00:00:00\.000000,"),
])
def test_a_table_written_by_pandas_or_pyarrow_imports_back_unchanged(kind, writer, written, bundle, data_copy):
    table, raw = _written(kind, writer, bundle)
    assert re.search(written, raw.decode()), raw.decode()[:400]  # the form the test is about
    assert len(table) > 20 and table[table.columns[1]].dt.month.isin([6, 7, 8]).any()  # summer rows too
    report = prepare(kind, raw, f"{kind}.csv", data_copy, mode="replace")
    assert report.ok, report.to_text()
    ingest.commit(report, data_copy)
    stored = getattr(load_bundle(data_copy), kind)[list(table.columns)]
    pd.testing.assert_frame_equal(stored.reset_index(drop=True), table, check_dtype=False)
    again = prepare(kind, raw, f"{kind}.csv", data_copy)  # appending the same file finds every row present
    assert again.ok and again.rows_new == 0 and again.rows_present == len(table)


# --- malformed inputs: the message, and nothing changed ---------------------------------------

def _unit_names(bundle):
    return dict(zip(bundle.org_units["unit_id"], bundle.org_units["unit_name"]))


MALFORMED = {
    "empty file": ("incidents", b"", "x.csv", "the file is empty"),
    "only blank lines": ("incidents", b"\n\n  \n", "x.csv", "the file is empty"),
    "binary as csv": ("incidents", b"\x00\x01\x02PK\x03", "x.csv", "not a text CSV file"),
    "not a parquet": ("incidents", b"report_id;x\n1;2\n", "x.parquet", "not a readable parquet file"),
    "truncated parquet": ("incidents", b"PAR1\x15\x04\x15", "x.parquet", "not a readable parquet file"),
    "not an xlsx": ("incidents", b"hello", "x.xlsx", "not an Excel .xlsx file"),
    "old xls": ("incidents", b"\xd0\xcf\x11\xe0", "x.xls", "old .xls workbooks are not read"),
    "unknown type": ("incidents", b"a,b\n1,2\n", "x.pdf", "unknown file type '.pdf'"),
    "header only": ("incidents", "Ilmoituksen tunnus;Ilmoituspäivä\n".encode(), "x.csv", "a header but no data rows"),
    "repeated header": ("incidents", b"id;id\n1;2\n", "x.csv", "names the column 'id' twice"),
    "too many cells": ("org_units", "hyvinvointialue;toimiala\nA;B;C\n".encode(), "x.csv", "more cells than the header"),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_unreadable_files_say_what_is_wrong(case, data_copy):
    kind, raw, name, message = MALFORMED[case]
    before = snapshot(data_copy)
    with pytest.raises(DataError, match=message):
        prepare(kind, raw, name, data_copy)
    assert snapshot(data_copy) == before


def _incident_problems(bundle, data_copy, change) -> pd.DataFrame:
    export = haipro_export(bundle)
    change(export)
    report = prepare("incidents", csv_bytes(export), "haipro.csv", data_copy)
    assert not report.ok and report.table is None
    return report.problems


@pytest.mark.parametrize(("case", "change", "column", "reason"), [
    ("text in a date", lambda f: f.__setitem__("Ilmoituspäivä", ["2.1.2021"] * 5 + ["kesäkuu"]), "report_date",
     "not a date"),
    ("event after report", lambda f: f.__setitem__("Tapahtumapäivä", ["1.1.2024"] * 6), "event_date",
     "event after the report"),
    ("future date", lambda f: f.__setitem__("Ilmoituspäivä", ["1.1.2099"] * 6), "report_date", "in the future"),
    ("unknown class", lambda f: f.__setitem__("Ilmoitusluokka", ["Muu lomake"] * 6), "category", "not one of"),
    ("unknown unit", lambda f: f.__setitem__("Yksikkö", ["Olematon osasto"] * 6), "unit_id", "unknown unit"),
    ("not yes or no", lambda f: f.__setitem__("Kehittämistoimenpide", ["ehkä"] * 6), "development_action",
     "not true or false"),
    ("duplicate key", lambda f: f.__setitem__("Ilmoituksen tunnus", ["SAMA"] * 6), "report_id", "duplicate key"),
    ("formula-looking id", lambda f: f.__setitem__("Yksikkö", ["=cmd|' /C calc'!A0"] * 6), "unit_id", "unknown unit"),
])
def test_each_bad_row_is_reported_with_row_column_value_and_reason(bundle, data_copy, case, change, column, reason):
    before = snapshot(data_copy)
    problems = _incident_problems(bundle, data_copy, change)
    mine = problems[problems["column"] == column]
    assert len(mine) and mine["reason"].str.contains(reason).all(), problems.to_string()
    assert mine["row"].between(2, 7).all() and (mine["value"] != "").all()
    assert snapshot(data_copy) == before


def test_missing_columns_are_named_and_a_mapping_file_resolves_them(bundle, data_copy, tmp_path):
    export = haipro_export(bundle).rename(columns={"Ilmoituspäivä": "Pvm (ilm.)", "Yksikkö": "Paikka"})
    report = prepare("incidents", csv_bytes(export), "haipro.csv", data_copy)
    missing = report.problems[report.problems["reason"].str.startswith("required column not found")]
    assert set(missing["column"]) == {"report_date", "unit_id"}
    mapping = write_mapping("incidents", {"report_date": "Pvm (ilm.)", "unit_id": "Paikka"})
    kind, columns = read_mapping(mapping)
    assert kind == "incidents" and columns == {"report_date": "Pvm (ilm.)", "unit_id": "Paikka"}
    fixed = prepare("incidents", csv_bytes(export), "haipro.csv", data_copy, mapping=columns)
    assert fixed.ok, fixed.to_text()
    (tmp_path / "m.toml").write_text(mapping, encoding="utf-8")
    (tmp_path / "haipro.csv").write_bytes(csv_bytes(export))
    result = run_cli("ingest", "incidents", str(tmp_path / "haipro.csv"), "--data-dir", str(data_copy),
                     "--mapping", str(tmp_path / "m.toml"), "--dry-run")
    assert result.returncode == 0 and "6 rows read, 6 accepted" in result.stdout
    with pytest.raises(DataError, match="not a column of the incidents table"):
        detect("incidents", list(export.columns), {"nonsense": "Paikka"})
    with pytest.raises(DataError, match="not a valid mapping file"):
        read_mapping("report_date = ")


def test_rai_shares_above_100_percent_text_in_numbers_and_a_wrong_setting(bundle, data_copy):
    rows = pd.DataFrame({"Vuosi": ["2025", "2025", "2025"], "Puolivuosi": ["1", "1-6", "H1"],
                         "Palvelu": ["Kotihoito", "Kotihoito", "Kotihoito"],
                         "Yksikkö": ["Hollolan kotihoito", "Hollolan kotihoito", "Hollolan kotihoito"],
                         "Mittari": ["Kaatuminen 90 vrk aikana", "Tahaton painonlasku", "Kaatuminen"],
                         "Osoittaja": ["250", "12,5 kpl", "3"], "Nimittäjä": ["200", "200", "200"]})
    report = prepare("rai_results", csv_bytes(rows), "rai.csv", data_copy)
    problems = report.problems.set_index("row")
    assert "a share cannot exceed 100 %" in problems.loc[2, "reason"]
    assert problems.loc[3, "reason"] == "not a number" and problems.loc[3, "value"] == "12,5 kpl"
    assert "not a RAI indicator" in problems.loc[4, "reason"]  # "Kaatuminen" is the 24-hour care name


def test_replacing_org_units_cannot_drop_units_in_use(bundle, data_copy):
    fewer = bundle.org_units[bundle.org_units["palvelualue"] != "Kotihoito"]
    buffer = io.BytesIO()
    fewer.to_parquet(buffer, index=False)
    before = snapshot(data_copy)
    report = prepare("org_units", buffer.getvalue(), "units.parquet", data_copy, mode="replace")
    assert not report.ok
    assert report.problems["reason"].str.contains("row(s) of incidents use it", regex=False).any()
    assert snapshot(data_copy) == before


def test_a_key_already_present_with_other_values_is_refused(bundle, data_copy):
    export = haipro_export(bundle)
    ingest.commit(prepare("incidents", csv_bytes(export), "a.csv", data_copy), data_copy)
    export.loc[2, "Haitta"] = label("harm", "severe")
    before = snapshot(data_copy)
    report = prepare("incidents", csv_bytes(export), "b.csv", data_copy)
    problem = report.problems.iloc[0]
    assert problem["row"] == 4 and problem["value"] == "UUSI-3" and "already in the data with different" in problem["reason"]
    assert snapshot(data_copy) == before


def test_a_hundred_thousand_garbage_rows_are_reported_not_crashed_on(bundle, data_copy):
    header = ";".join(haipro_export(bundle, 1).columns)
    garbage = header + "\n" + "".join(f"x{i};huomenna;eilen;?;??;Muu;Joku;;;;ehkä;\n" for i in range(100_000))
    before = snapshot(data_copy)
    report = prepare("incidents", garbage.encode(), "garbage.csv", data_copy)
    assert report.rows_read == 100_000 and report.rows_accepted == 0 and not report.ok
    assert report.problem_count > ingest.MAX_PROBLEMS and len(report.problems) == ingest.MAX_PROBLEMS
    assert "… and" in report.to_text().splitlines()[-1]  # the count stays exact where the list is cut
    assert snapshot(data_copy) == before


def test_cli_dry_run_prints_the_report_and_a_bad_file_exits_2(bundle, data_copy, tmp_path):
    good = tmp_path / "haipro.csv"
    good.write_bytes(csv_bytes(haipro_export(bundle)))
    before = snapshot(data_copy)
    result = run_cli("ingest", "incidents", str(good), "--data-dir", str(data_copy), "--dry-run", "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["rows_new"] == 6
    assert snapshot(data_copy) == before
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(haipro_export(bundle).assign(**{"Ilmoituspäivä": "31.2.2024"})))
    failed = run_cli("ingest", "incidents", str(bad), "--data-dir", str(data_copy))
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert "row 2, column report_date ('Ilmoituspäivä'): '31.2.2024' — not a date" in failed.stdout
    assert failed.stderr.strip().count("\n") == 0 and "nothing was written" in failed.stderr
    assert snapshot(data_copy) == before


def test_every_reason_the_import_gives_reads_in_finnish_and_swedish(bundle, data_copy):
    cases = [lambda f: f.__setitem__("Ilmoituspäivä", ["kesäkuu"] * 6),
             lambda f: f.__setitem__("Tapahtumapäivä", ["1.1.2024"] * 6),
             lambda f: f.__setitem__("Ilmoitusluokka", ["Muu lomake"] * 6),
             lambda f: f.__setitem__("Yksikkö", ["Olematon"] * 6),
             lambda f: f.__setitem__("Ilmoituksen tunnus", ["SAMA"] * 6),
             lambda f: f.__setitem__("Kehittämistoimenpide", ["ehkä"] * 6)]
    reasons = set()
    for change in cases:
        reasons |= set(_incident_problems(bundle, data_copy, change)["reason"])
    for lang in ("fi", "sv"):
        said = {reason_text(r, lang) for r in reasons}
        assert len(said) == len(reasons) >= 6
        assert not said & reasons, f"every reason has a text in {lang}"
    assert reason_text("not one of I, II, III, IV", "sv") == "inte något av de tillåtna värdena (I, II, III, IV)"


# --- names are one line of text -----------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize(("value", "reason", "shown"), [
    ("Kotihoito\x1b[31m", "control character U+001B", "Kotihoito<U+001B>[31m"),
    ("Koti\u202eotiH", "control character U+202E", "Koti<U+202E>otiH"),
    ("Rivi\n# Otsikko", "control character U+000A", "Rivi<U+000A># Otsikko"),
    ("x" * 501, f"longer than {ingest.MAX_TEXT_CHARS} characters (501)", "x" * 80),
    ("x" * 10_000, "longer than 500 characters (10000)", "x" * 80),
])
def test_a_name_with_a_control_character_or_of_absurd_length_is_refused(bundle, data_copy, fmt, value, reason, shown):
    units = bundle.org_units.head(2).assign(unit_id=["PH-UUSI-01", "PH-UUSI-02"])
    units.loc[units.index[1], "unit_name"] = value
    raw = csv_bytes(units, encoding="utf-8") if fmt == "csv" else parquet(units)
    before = snapshot(data_copy)
    report = prepare("org_units", raw, f"units.{fmt}", data_copy)
    assert not report.ok and report.table is None
    problem = report.problems.iloc[0]
    second_row = 3 if fmt == "csv" else 2  # a CSV's header is line 1; a parquet file counts rows from 1
    assert (problem["row"], problem["column"], problem["value"]) == (second_row, "unit_name", shown), report.to_text()
    assert problem["reason"].startswith(reason)
    assert reason_text(problem["reason"], "fi").startswith(("ohjausmerkki", "pidempi kuin"))
    assert snapshot(data_copy) == before, "nothing written"


# --- large files: read and checked in chunks ----------------------------------------------------

def chunked(kind, raw_bytes, name, folder, mode="append", mapping=None, chunk_rows=4):
    chunks = read_chunks(io.BytesIO(raw_bytes), name, known_headers(kind), chunk_rows=chunk_rows)
    return ingest.prepare_chunks(kind, chunks, folder, mapping, mode)


def staged_files(folder: Path) -> list[Path]:
    return sorted((folder / ingest.INCOMING_DIR).glob(f"{ingest.STAGED_PREFIX}*"))


def test_a_file_read_in_chunks_gets_the_same_report_as_read_whole(bundle, data_copy):
    """Row numbers across chunks (with a blank line and title rows), unreadable cells, a key repeated in two
    chunks, and an unknown unit: the same problem lines as when the file is read at once."""
    export = haipro_export(bundle, 30)
    export.loc[18, "Ilmoituspäivä"] = "31.2.2024"
    export.loc[24, "Ilmoituksen tunnus"] = export.loc[2, "Ilmoituksen tunnus"]
    export.loc[27, "Yksikkö"] = "Tuntematon yksikkö"
    lines = csv_bytes(export).split(b"\r\n" if b"\r\n" in csv_bytes(export) else b"\n")
    raw = b"\n".join([b"HaiPro-raportti;;", b"", *lines[:12], b";;", *lines[12:]])
    whole, pieces = prepare("incidents", raw, "haipro.csv", data_copy), chunked("incidents", raw, "haipro.csv", data_copy)
    assert not whole.ok and not pieces.ok and pieces.staged is None and staged_files(data_copy) == []
    assert (pieces.rows_read, pieces.rows_accepted, pieces.problem_count) == (
        whole.rows_read, whole.rows_accepted, whole.problem_count) == (30, 26, 4)

    def lines_of(report):
        return sorted(map(tuple, report.problems.astype(str).to_numpy().tolist()))
    assert lines_of(pieces) == lines_of(whole)
    rows = {(int(p.row), p.reason.split(":")[0]) for p in pieces.problems.itertuples()}
    assert rows == {(23, "not a date"), (6, "duplicate key"), (29, "duplicate key"), (32, "unknown unit")}


def test_appending_in_chunks_stages_the_table_and_commit_renames_it(bundle, data_copy):
    """The table to write goes into .incoming/ piece by piece; commit renames it into place (history kept);
    appending again finds every row present; a present key with other values is refused; nothing is left behind."""
    export = haipro_export(bundle, 12)
    report = chunked("incidents", csv_bytes(export), "haipro.csv", data_copy, chunk_rows=5)
    assert report.ok and report.table is None and report.staged is not None and report.staged.is_file()
    assert (report.rows_read, report.rows_new, report.rows_present) == (12, 12, 0)
    assert report.headers[:2] == ("Ilmoituksen tunnus", "Tapahtumapäivä")
    ingest.commit(report, data_copy)
    assert staged_files(data_copy) == [] and len(ingest.versions(data_copy, "incidents")) == 1
    loaded = load_bundle(data_copy)
    assert len(loaded.incidents) == 72658 + 12
    new = loaded.incidents[loaded.incidents["report_id"].str.startswith("UUSI-")]
    assert list(new["report_id"]) == [f"UUSI-{i}" for i in range(1, 13)]
    with pytest.raises(DataError, match="no longer waiting"):
        ingest.commit(report, data_copy)  # a checked import is written once

    again = chunked("incidents", csv_bytes(export), "haipro.csv", data_copy, chunk_rows=5)
    assert again.ok and (again.rows_new, again.rows_present) == (0, 12) and again.staged is None
    assert ingest.commit(again, data_copy) is None and staged_files(data_copy) == []
    export.loc[7, "Haitta"] = label("harm", "severe")
    before = snapshot(data_copy)
    changed = chunked("incidents", csv_bytes(export), "haipro.csv", data_copy, chunk_rows=5)
    assert not changed.ok and list(changed.problems["row"]) == [9]
    assert "already in the data with different values" in changed.problems["reason"].iloc[0]
    assert snapshot(data_copy) == before


def test_the_size_limit_comes_from_configuration_and_is_checked_before_reading(bundle, data_copy, monkeypatch):
    raw = csv_bytes(haipro_export(bundle, 6)) + b"\n" * (2 * 1024 * 1024)
    monkeypatch.setenv(MAX_UPLOAD_ENV, "1")
    assert max_file_bytes() == 1024 * 1024
    for read in (lambda: list(read_chunks(io.BytesIO(raw), "iso.csv")), lambda: read_file(raw, "iso.csv")):
        with pytest.raises(DataError, match=r"iso.csv: the file is 2 MB, larger than the 1 MB an import reads"):
            read()
    monkeypatch.setenv(MAX_UPLOAD_ENV, "")
    assert max_file_bytes() == 200 * 1024 * 1024
    assert chunked("incidents", raw, "iso.csv", data_copy).ok

"""Importing a county's exports: the real Sotkanet file, messy Finnish CSV and Excel, a validation
report for every malformed case, safe replace with undo, and a data directory that never changes
when an import fails."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from analytics import ingest
from analytics.data import data_signature, load_bundle
from analytics.errors import DataError
from analytics.i18n import label
from analytics.mapping import detect, known_headers, read_mapping, write_mapping
from analytics.readers import read_file
from analytics.sotkanet import read_sotkanet, reports_per_1000

from .conftest import ROOT, run_cli
from .corpus import csv_bytes, haipro_export, snapshot

SOTKANET = ROOT.parent / "shared" / "fixtures" / "real" / "sotkanet_indicator_127_2009.csv"


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


def test_every_reason_the_import_gives_reads_in_finnish(bundle, data_copy):
    cases = [lambda f: f.__setitem__("Ilmoituspäivä", ["kesäkuu"] * 6),
             lambda f: f.__setitem__("Tapahtumapäivä", ["1.1.2024"] * 6),
             lambda f: f.__setitem__("Ilmoitusluokka", ["Muu lomake"] * 6),
             lambda f: f.__setitem__("Yksikkö", ["Olematon"] * 6),
             lambda f: f.__setitem__("Ilmoituksen tunnus", ["SAMA"] * 6),
             lambda f: f.__setitem__("Kehittämistoimenpide", ["ehkä"] * 6)]
    reasons = set()
    for change in cases:
        reasons |= set(_incident_problems(bundle, data_copy, change)["reason"])
    finnish = {ingest.reason_text(r, "fi") for r in reasons}
    assert len(finnish) == len(reasons) >= 6
    assert not finnish & reasons, "every reason has a Finnish text"

"""Every load validates, and a broken table gets one message naming the file, column and rows."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.core.errors import DataError
from analytics.data.bundle import load_bundle
from analytics.data.catalogue import CATALOGUE_FILE
from analytics.data.contracts import INCIDENTS, ORG_UNITS, RAI_RESULTS, RESCUE_TASKS

from .conftest import run_cli


def _rewrite(path, change):
    frame = pd.read_parquet(path)
    change(frame).to_parquet(path, index=False)


def _error(data_dir) -> str:
    with pytest.raises(DataError) as caught:
        load_bundle(data_dir)
    return str(caught.value)


def test_bundled_data_is_valid(bundle):
    assert len(bundle.incidents) > 50_000
    assert bundle.incidents["reaction_days"].dropna().ge(0).all()
    assert bundle.rescue_tasks["response_minutes"].gt(0).all()
    assert set(bundle.org_units["toimiala"]) == {
        "Ikääntyneiden palvelut ja kuntoutus (IKU)", "Perhe- ja sosiaalipalvelut (PESO)",
        "Terveys- ja sairaanhoitopalvelut (TESA)", "Pelastuslaitos"}


def test_missing_file_is_named(data_copy):
    (data_copy / RESCUE_TASKS.file).unlink()
    message = _error(data_copy)
    assert "rescue_tasks.parquet" in message and "missing" in message


def test_unreadable_parquet(data_copy):
    (data_copy / INCIDENTS.file).write_bytes(b"PAR1 this is not parquet")
    assert "incidents.parquet: not a readable parquet file" in _error(data_copy)


def test_missing_column(data_copy):
    _rewrite(data_copy / ORG_UNITS.file, lambda f: f.drop(columns=["palvelualue"]))
    message = _error(data_copy)
    assert "org_units.parquet" in message and "missing column(s) palvelualue" in message


def test_text_in_a_number_column(data_copy):
    def spoil(frame):
        frame["persons_rescued"] = frame["persons_rescued"].astype(str)
        frame.loc[3, "persons_rescued"] = "kaksi"
        return frame
    _rewrite(data_copy / RESCUE_TASKS.file, spoil)
    message = _error(data_copy)
    assert "rescue_tasks.parquet" in message and "'persons_rescued'" in message and "whole numbers" in message


def test_value_out_of_range_names_the_rows(data_copy):
    def spoil(frame):
        frame.loc[[4, 9], "risk_class"] = "V"
        return frame
    _rewrite(data_copy / RESCUE_TASKS.file, spoil)
    message = _error(data_copy)
    assert "'risk_class'" in message and "rows 5, 10" in message and "'V'" in message


def test_arrival_before_alarm(data_copy):
    def spoil(frame):
        frame.loc[0, "arrival_time"] = frame.loc[0, "alarm_time"] - pd.Timedelta(minutes=1)
        return frame
    _rewrite(data_copy / RESCUE_TASKS.file, spoil)
    assert "arrival before the alarm in row 1" in _error(data_copy)


def test_numerator_above_denominator(data_copy):
    def spoil(frame):
        row = frame.index[frame["indicator_id"] == "kh_falls"][2]
        frame.loc[row, "numerator"] = frame.loc[row, "denominator"] + 1
        return frame
    _rewrite(data_copy / RAI_RESULTS.file, spoil)
    message = _error(data_copy)
    assert "rai_results.parquet" in message and "numerator above denominator" in message


def test_duplicate_key(data_copy):
    _rewrite(data_copy / INCIDENTS.file, lambda f: pd.concat([f, f.iloc[[7]]], ignore_index=True))
    message = _error(data_copy)
    assert "'report_id': duplicate key in rows 8, " in message


def test_unknown_unit(data_copy):
    def spoil(frame):
        frame.loc[2, "unit_id"] = "PH-XXX"
        return frame
    _rewrite(data_copy / INCIDENTS.file, spoil)
    message = _error(data_copy)
    assert "unknown unit" in message and "PH-XXX" in message


def test_broken_catalogue(data_copy):
    (data_copy / CATALOGUE_FILE).write_text("[[indicator]]\nid = 'x'\nname_fi = 'X'\n", encoding="utf-8")
    message = _error(data_copy)
    assert CATALOGUE_FILE in message and "missing name_en" in message


def test_catalogue_target_needs_a_value_unless_it_is_growth(data_copy):
    path = data_copy / CATALOGUE_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('targets = [{ value = 7.0, period = "2024"', 'targets = [{ period = "2024"', 1), encoding="utf-8")
    message = _error(data_copy)
    assert "kh_meals" in message and "numeric value" in message


def test_cli_reports_bad_data_in_one_line_with_status_2(data_copy):
    (data_copy / INCIDENTS.file).write_bytes(b"")
    result = run_cli("report", "--period", "5-8/2024", "--data-dir", str(data_copy))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "incidents.parquet" in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize("args", [["report", "--period", "5-9/2024"], ["report"], ["report", "--period", "5-8/2024", "--format", "pdf"],
                                  ["report", "--period", "5-8/2024", "--palvelualue", "Ei ole"]])
def test_cli_bad_arguments_exit_2_with_one_line(args):
    result = run_cli(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_a_data_version_is_checked_once_and_again_after_any_change(data_copy, monkeypatch):
    """The checks run on the first start of a data version and are recorded; a start on the same files skips
    them (seconds at national scale), and any change to a file brings them back, so bad data is still refused."""
    from analytics.data import bundle as bundle_module

    (data_copy / bundle_module.VALIDATED_FILE).unlink(missing_ok=True)
    checked = []
    real = bundle_module._check
    monkeypatch.setattr(bundle_module, "_check", lambda *a: (checked.append(1), real(*a)))
    load_bundle(data_copy)
    load_bundle(data_copy)
    assert checked == [1], "the second start of the same files is not checked again"
    assert (data_copy / bundle_module.VALIDATED_FILE).is_file()

    _rewrite(data_copy / INCIDENTS.file, lambda f: f.assign(category=f["category"].where(f.index != 3, "other")))
    message = _error(data_copy)
    assert "category" in message and "not one of" in message
    assert checked == [1, 1]


def test_a_read_only_data_folder_is_checked_on_every_start(data_copy, monkeypatch):
    from analytics.data import bundle as bundle_module

    (data_copy / bundle_module.VALIDATED_FILE).unlink(missing_ok=True)
    checked = []
    real = bundle_module._check
    monkeypatch.setattr(bundle_module, "_check", lambda *a: (checked.append(1), real(*a)))
    monkeypatch.setattr(bundle_module.os, "replace", lambda *a: (_ for _ in ()).throw(PermissionError("read-only")))
    load_bundle(data_copy)
    load_bundle(data_copy)
    assert checked == [1, 1]
    assert not list(data_copy.glob(".validated.json*")), "no record and no temporary file left behind"

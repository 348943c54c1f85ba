"""A county's own indicators, the data side: catalogue entries checked with the line of the file named, the
``own_values`` table (its contract and load checks), the sample's two example indicators, and the import of a
long-format file — Finnish headers, decimal commas, indicators by name, periods in each indicator's grain —
with every refusal leaving the data directory byte-identical."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.core.errors import DataError
from analytics.core.periods import period_label, period_start
from analytics.data.bundle import _check, load_bundle
from analytics.data.catalogue import CATALOGUE_FILE, load_catalogue
from analytics.data.contracts import CONTRACTS, read_table, validate, validate_stored
from analytics.data.store import Store
from analytics.ingest import importer as ingest
from analytics.ingest.mapping import HEADERS, detect, known_headers
from analytics.ingest.readers import normalise_header, read_file
from analytics.sample.county import DEFAULT_SEED, build_org_units
from analytics.sample.own import build_own_values

from .conftest import DEFAULT_DATA_DIR, run_cli
from .corpus import csv_bytes, snapshot

PRIMARY_CARE = "own_primary_care_3_days"
TURNOVER = "own_staff_turnover"
GRAINS = "month, quarter, tertial, half_year, year"


# --- the catalogue: every error names the line ---------------------------------------------------------------

def _block(text: str, indicator_id: str) -> tuple[int, int]:
    """(header line, last line) of the entry ``indicator_id``, 1-based, found independently of the loader."""
    lines = text.splitlines()
    headers = [n for n, line in enumerate(lines, start=1) if line.strip() == "[[indicator]]"]
    for i, start in enumerate(headers):
        end = headers[i + 1] - 1 if i + 1 < len(headers) else len(lines)
        if f'id = "{indicator_id}"' in lines[start:end]:
            return start, end
    raise AssertionError(indicator_id)


def _line_of(text: str, indicator_id: str, key: str) -> int:
    start, end = _block(text, indicator_id)
    lines = text.splitlines()
    return next(n for n in range(start, end + 1) if re.match(rf"{key}\s*=", lines[n - 1]))


def _edit(text: str, indicator_id: str, old: str, new: str) -> str:
    """Replace ``old`` with ``new`` inside one entry's block only."""
    start, end = _block(text, indicator_id)
    lines = text.splitlines(keepends=True)
    block = "".join(lines[start - 1:end])
    assert old in block, old
    return "".join(lines[:start - 1]) + block.replace(old, new, 1) + "".join(lines[end:])


CATALOGUE_CASES = {
    # case: (indicator, old text, new text, the key whose line is named (None: the header), the message's end)
    "a grain of no kind": (PRIMARY_CARE, 'grain = "month"', 'grain = "weekly"', "grain",
                           f"grain 'weekly' is not one of {GRAINS}."),
    "no grain": (TURNOVER, 'grain = "quarter"\n', "", None, f"an own indicator needs grain = one of {GRAINS}."),
    "a ratio is no own kind": (TURNOVER, 'kind = "share"', 'kind = "ratio"', "kind",
                               "kind 'ratio' is not one of the kinds of an own indicator: count, share, mean, value."),
    "Sotkanet values by month": (PRIMARY_CARE, 'grain = "month"', 'grain = "month"\nsotkanet_id = 4123', "grain",
                                 "grain 'month' does not fit sotkanet_id = 4123: Sotkanet values are yearly, write "
                                 'grain = "year".'),
    "an old message keeps its words": ("kh_meals", 'domain = "rai"', 'domain = "raii"', "domain",
                                       "domain 'raii' is not one of rai, incidents, rescue, experience, own."),
    "a RAI indicator without a setting": ("kh_meals", 'setting = "kotihoito"\n', "", None,
                                          "a RAI indicator needs setting = kotihoito or asumispalvelut."),
}


@pytest.mark.parametrize("case", list(CATALOGUE_CASES))
def test_a_catalogue_error_names_the_line_of_the_file(case, tmp_path):
    indicator, old, new, key, message = CATALOGUE_CASES[case]
    text = _edit((DEFAULT_DATA_DIR / CATALOGUE_FILE).read_text(encoding="utf-8"), indicator, old, new)
    (tmp_path / CATALOGUE_FILE).write_text(text, encoding="utf-8")
    line = _line_of(text, indicator, key) if key else _block(text, indicator)[0]
    with pytest.raises(DataError) as caught:
        load_catalogue(tmp_path)
    assert str(caught.value) == f"{tmp_path / CATALOGUE_FILE}, line {line} (indicator {indicator}): {message}"


def test_the_example_own_indicators_are_in_the_catalogue():
    catalogue = load_catalogue(DEFAULT_DATA_DIR)
    care, turnover = catalogue.get(PRIMARY_CARE), catalogue.get(TURNOVER)
    assert [i.id for i in catalogue.by_domain("own")] == [PRIMARY_CARE, TURNOVER]
    assert [i.id for i in catalogue.own_values_indicators()] == [PRIMARY_CARE, TURNOVER]
    assert (care.kind, care.grain, care.better, care.unit, care.synthetic) == ("share", "month", "higher", "%", True)
    assert (turnover.kind, turnover.grain, turnover.better, turnover.unit) == ("share", "quarter", "lower", "%")
    assert (care.target.value, care.target.period, care.target.source) == (90.0, "2024", "county")
    assert (turnover.target.value, turnover.target.period) == (3.0, "2024")
    for ind in (care, turnover):
        assert ind.sotkanet_id is None and ind.synthetic
        for lang in ("fi", "en", "sv"):
            assert getattr(ind, f"name_{lang}") and getattr(ind, f"description_{lang}")
            assert getattr(ind, f"numerator_{lang}") and getattr(ind, f"denominator_{lang}")


# --- the sample's values ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def own_values() -> pd.DataFrame:
    return read_table(DEFAULT_DATA_DIR, CONTRACTS["own_values"])


def test_the_bundled_values_are_the_sample_s(own_values):
    fresh = build_own_values(build_org_units(), np.random.default_rng([DEFAULT_SEED, 7]))
    pd.testing.assert_frame_equal(own_values, fresh, check_dtype=False)


def test_the_sample_passes_its_contract_and_the_load_checks(own_values):
    validate(own_values, CONTRACTS["own_values"], "own_values")
    store = Store(DEFAULT_DATA_DIR)
    try:
        assert store.has("own_values")
        validate_stored(store, CONTRACTS["own_values"])
        _check(store, DEFAULT_DATA_DIR, load_catalogue(DEFAULT_DATA_DIR))  # every check, not the record of a pass
    finally:
        store.close()
    assert (own_values["numerator"] == own_values["numerator"].round()).all()
    assert (own_values["numerator"] <= own_values["denominator"]).all() and own_values["value"].isna().all()


def test_the_sample_covers_2021_to_2024_in_each_grain(own_values):
    catalogue = load_catalogue(DEFAULT_DATA_DIR)
    org = load_bundle(DEFAULT_DATA_DIR).org_units
    for indicator, first, last in ((PRIMARY_CARE, "1/2021", "12/2024"), (TURNOVER, "Q1/2021", "Q4/2024")):
        grain = catalogue.get(indicator).grain
        rows = own_values[own_values["indicator_id"] == indicator]
        start, end = period_start(first, grain), period_start(last, grain)
        expected, at = [], start
        while at <= end:
            expected.append(period_label(at, grain))
            at = at + pd.DateOffset(months={"month": 1, "quarter": 3}[grain])
        assert sorted(set(rows["period"]), key=lambda p: period_start(p, grain)) == expected
        per_period = rows.groupby("period")["unit_id"].nunique()
        assert per_period.nunique() == 1, "every period has the same units"
        assert rows["unit_id"].notna().all(), "no county-level rows: the county is the sum of its units"
    care = own_values[own_values["indicator_id"] == PRIMARY_CARE]
    stations = org.set_index("unit_id").loc[care["unit_id"].unique()]
    assert (stations["toimiala"].str.contains("TESA")).all()
    assert care["denominator"].between(300, 1500).all()
    turnover = own_values[own_values["indicator_id"] == TURNOVER]
    assert set(turnover["unit_id"]) == set(org["unit_id"]), "every unit of every division"
    assert turnover["denominator"].between(10, 120).all()
    state = ingest.data_state(DEFAULT_DATA_DIR).set_index("table").loc["own_values"]
    assert (state["status"], state["rows"], state["first"], state["last"]) == ("ok", len(own_values), "1/2021",
                                                                               "12/2024")


def _share(rows: pd.DataFrame) -> float:
    return float(rows["numerator"].sum() / rows["denominator"].sum() * 100)


def test_the_sample_s_shares_are_plausible(own_values):
    care = own_values[own_values["indicator_id"] == PRIMARY_CARE]
    review = care[care["period"].isin(["5/2024", "6/2024", "7/2024", "8/2024"])]
    assert 85 <= _share(review) <= 92
    year = care["period"].str[-4:]
    assert 80 <= _share(care[year == "2021"]) <= 84 and 87 <= _share(care[year == "2024"]) <= 91
    month = care["period"].str.split("/").str[0].astype(int)
    by_month = {m: _share(care[month == m]) for m in range(1, 13)}
    assert min(by_month, key=by_month.get) == 7, "July is the worst month"
    turnover = own_values[own_values["indicator_id"] == TURNOVER]
    quarter = turnover["period"].str[:2]
    by_quarter = {q: _share(turnover[quarter == q]) for q in ("Q1", "Q2", "Q3", "Q4")}
    assert all(2 <= v <= 5 for v in by_quarter.values()) and max(by_quarter, key=by_quarter.get) == "Q3"


# --- importing a long-format file ----------------------------------------------------------------------------

def own_export(**changes) -> pd.DataFrame:
    """A county's own long-format file: Finnish headers, an indicator by its Finnish name, units by name, a
    county-level row (no unit), quarters written K1/2025, decimal commas."""
    frame = pd.DataFrame({
        "Mittari": ["Hoidon tarpeen arviointi kolmessa arkipäivässä", PRIMARY_CARE, "Henkilöstön vaihtuvuus",
                    "henkilöstön vaihtuvuus"],
        "Kausi": ["5/2025", "5/2024", "K1/2025", "k2/2025"],
        "Yksikkö": ["Terveysasema Hollola", "", "PH-IKU-01-01", ""],
        "Osoittaja": ["512", "3 640", "2", "31"],
        "Nimittäjä": ["600", "4 100", "40,5", "1 204,5"],
    })
    for header, value in changes.items():
        frame[header] = value
    return frame


def prepare(raw: bytes, folder: Path, name: str = "omat_mittarit.csv"):
    return ingest.prepare("own_values", read_file(raw, name, known_headers("own_values")), folder)


def test_a_long_format_file_imports_and_reads_back(data_copy):
    report = prepare(csv_bytes(own_export()), data_copy)
    assert report.ok and report.rows_read == 4 and report.rows_new == 4, report.to_text()
    assert ingest.commit(report, data_copy) == data_copy / "own_values.parquet"
    table = read_table(data_copy, CONTRACTS["own_values"])
    new = table.tail(4).reset_index(drop=True)
    assert list(new["indicator_id"]) == [PRIMARY_CARE, PRIMARY_CARE, TURNOVER, TURNOVER]
    assert list(new["period"]) == ["5/2025", "5/2024", "Q1/2025", "Q2/2025"]  # each grain's own label
    assert new["unit_id"].iloc[0] == "PH-TESA-08-02" and new["unit_id"].iloc[2] == "PH-IKU-01-01"
    assert pd.isna(new["unit_id"].iloc[1]) and pd.isna(new["unit_id"].iloc[3])  # county-level figures
    assert list(new["numerator"]) == [512.0, 3640.0, 2.0, 31.0]
    assert list(new["denominator"]) == [600.0, 4100.0, 40.5, 1204.5]
    assert new["value"].isna().all()
    assert len(table) == len(read_table(DEFAULT_DATA_DIR, CONTRACTS["own_values"])) + 4
    bundle = load_bundle(data_copy)
    assert bundle.store.value("SELECT count(*) FROM own_values WHERE unit_id IS NULL") == 2
    again = prepare(csv_bytes(own_export()), data_copy)  # the same file again: nothing new, nothing wrong
    assert again.ok and again.rows_new == 0 and again.rows_present == 4


def test_a_first_import_creates_the_optional_table_through_the_cli(data_copy, tmp_path):
    (data_copy / "own_values.parquet").unlink()
    load_bundle(data_copy)  # the table is optional
    export = tmp_path / "omat.csv"
    export.write_bytes(csv_bytes(own_export(), "utf-8"))
    done = run_cli("ingest", "own_values", str(export), "--data-dir", str(data_copy))
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(read_table(data_copy, CONTRACTS["own_values"])) == 4


REFUSALS = {
    # case: (column → new cells, the bad row of the file, column, value, the reason's start)
    "an unknown indicator": ({"Mittari": ["Jonotusaika", PRIMARY_CARE, TURNOVER, TURNOVER]}, 2, "indicator_id",
                             "Jonotusaika", "not an own indicator of the catalogue (indicators.toml)"),
    "a tertial for a monthly indicator": ({"Kausi": ["5-8/2024", "5/2024", "K1/2025", "K2/2025"]}, 2, "period",
                                          "5-8/2024", "not a month, the grain of own_primary_care_3_days in "
                                                      "indicators.toml: write it as 5/2024"),
    "a numerator above the denominator": ({"Osoittaja": ["512", "3 640", "41", "31"]}, 4, "numerator", "41",
                                          "above the denominator 40.5 (a share cannot exceed 100 %)"),
    "an unknown unit": ({"Yksikkö": ["Terveysasema Hollola", "", "Terveysasema Kuu", ""]}, 4, "unit_id",
                        "Terveysasema Kuu", "unknown unit: not in org_units"),
    "a share without a denominator": ({"Nimittäjä": ["600", "4 100", "", "1 204,5"]}, 4, "denominator", "",
                                      "a share needs a numerator and a denominator (own_staff_turnover)"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_row_is_refused_and_nothing_is_written(case, data_copy):
    changes, row, column, value, reason = REFUSALS[case]
    before = snapshot(data_copy)
    report = prepare(csv_bytes(own_export(**changes)), data_copy)
    assert not report.ok and report.table is None
    problems = report.problems
    assert list(problems["row"]) == [row], report.to_text()
    found = problems.iloc[0]
    assert found["column"] == column and found["value"] == value, report.to_text()
    assert found["reason"].startswith(reason), report.to_text()
    with pytest.raises(DataError, match="nothing was written"):
        ingest.commit(report, data_copy)
    assert snapshot(data_copy) == before, "the data files are byte-identical"


def test_an_indicator_read_from_sotkanet_takes_no_own_values(data_copy):
    catalogue = data_copy / CATALOGUE_FILE
    catalogue.write_text(catalogue.read_text(encoding="utf-8") + '''
[[indicator]]
id = "own_sotkanet_example"
name_fi = "Sotkanet-esimerkki"
name_en = "Sotkanet example"
domain = "own"
kind = "value"
grain = "year"
sotkanet_id = 4123
better = "none"
description_fi = "Esimerkki."
''', encoding="utf-8")
    assert load_catalogue(data_copy).get("own_sotkanet_example").sotkanet_id == 4123
    load_bundle(data_copy)  # it needs no own_values rows
    before = snapshot(data_copy)
    report = prepare(csv_bytes(own_export(Mittari=["own_sotkanet_example", PRIMARY_CARE, TURNOVER, TURNOVER],
                                          Kausi=["2024", "5/2024", "K1/2025", "K2/2025"])), data_copy)
    assert list(report.problems["reason"]) == [
        "the indicator own_sotkanet_example takes its values from Sotkanet (sotkanet_id = 4123), not from this table"]
    assert snapshot(data_copy) == before


# --- the checks when the data loads ---------------------------------------------------------------------------

LOAD_CASES = {
    "not an own indicator": ({"indicator_id": "kh_meals"}, "column 'indicator_id': 1 row(s) refer to an unknown own "
                                                           "indicator, e.g. 'kh_meals' (rows 3)"),
    "a period in another grain": ({"period": "Q2/2024"}, "column 'period': 1 row(s) of own_primary_care_3_days have "
                                                         "a period that is not a month (its grain in indicators.toml), "
                                                         "e.g. 'Q2/2024' (rows 3); write it as 5/2024."),
    "a period written two ways": ({"period": "01/2021"}, "column 'period': own_primary_care_3_days writes the same "
                                                         "period in 2 ways"),
    "a numerator above the denominator": ({"numerator": 1e6}, "column 'numerator': numerator above denominator in 1 "
                                                              "row(s) of own_primary_care_3_days (rows 3"),
    "an unknown unit": ({"unit_id": "PH-X-99"}, "column 'unit_id': 1 row(s) refer to an unknown unit, e.g. 'PH-X-99'"),
    "neither a value nor a numerator": ({"numerator": np.nan}, "column 'value': neither a value nor a numerator in "
                                                               "row 3."),
    "a share without a denominator": ({"denominator": np.nan}, "a share needs a numerator and a denominator: 1 row(s) "
                                                               "of own_primary_care_3_days lack it (rows 3)"),
}


@pytest.mark.parametrize("case", list(LOAD_CASES))
def test_a_bad_stored_row_stops_the_load_naming_file_rows_and_fix(case, tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder)
    (folder / ".validated.json").unlink(missing_ok=True)
    changes, message = LOAD_CASES[case]
    table = pd.read_parquet(folder / "own_values.parquet")
    for column, value in changes.items():
        table.loc[2, column] = value
    table.to_parquet(folder / "own_values.parquet", index=False)
    with pytest.raises(DataError) as caught:
        load_bundle(folder)
    assert str(caught.value).startswith(f"{folder / 'own_values.parquet'}: "), caught.value
    assert message in str(caught.value), caught.value


def test_org_units_cannot_drop_a_unit_own_values_use(data_copy):
    org = read_table(data_copy, CONTRACTS["org_units"])
    kept = org[org["unit_id"] != "PH-TESA-08-02"]  # a health station: own values (and other tables) use it
    before = snapshot(data_copy)
    raw = csv_bytes(kept, "utf-8")
    report = ingest.prepare("org_units", read_file(raw, "org.csv", known_headers("org_units")), data_copy,
                            mode="replace")
    lost = report.problems[report.problems["value"] == "PH-TESA-08-02"]
    assert any("row(s) of own_values use it" in r for r in lost["reason"]), report.to_text()
    assert snapshot(data_copy) == before


# --- headers --------------------------------------------------------------------------------------------------

def test_own_values_headers_are_unambiguous_and_complete():
    assert set(HEADERS["own_values"]) == set(CONTRACTS["own_values"].columns)
    seen: dict[str, str] = {}
    for column in CONTRACTS["own_values"].columns:
        for name in (column, *HEADERS["own_values"][column]):
            assert seen.setdefault(normalise_header(name), column) == column, name
    for headers in (["Mittari", "Kausi", "Yksikkö", "Osoittaja", "Nimittäjä", "Arvo"],
                    ["Indikaattori", "Ajanjakso", "Yksikön tunnus", "osoittaja", "nimittäjä", "arvo"],
                    ["Mittarin tunnus", "Jakso", "Yksikkö", "Arvo"], ["indicator", "aika", "unit", "value"],
                    ["indicator", "period", "unit", "numerator", "denominator", "value"]):
        mapping = detect("own_values", headers)
        assert mapping.complete and not mapping.ambiguous and len(mapping.columns) == len(headers), headers

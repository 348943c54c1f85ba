"""Importing the customer-experience tables: a feedback system's CSV, the ombudsmen's statistics as Excel and
PosiPro success reports — Finnish, Swedish and English words for the codes, cells of several themes or topics
(split on ``;``, ``|`` and line breaks, never on the ``/`` and ``,`` that topic names hold), units by name,
toimialat of org_units; every bad cell reported with its row, column and value, and nothing written."""
from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics.core.errors import DataError
from analytics.data.bundle import load_bundle
from analytics.data.contracts import (
    CONTACT_BY,
    CONTRACTS,
    FEEDBACK_THEMES,
    FEEDBACK_TYPES,
    OMBUDSMAN_TOPICS,
    OMBUDSMEN,
    SUCCESS_THEMES,
    read_table,
)
from analytics.ingest import importer as ingest
from analytics.ingest.mapping import HEADERS, detect, known_headers
from analytics.ingest.readers import normalise_header, read_chunks, read_file
from analytics.text.i18n import CATALOGUE_DIR

from .conftest import run_cli
from .corpus import csv_bytes, parquet, snapshot

EXPERIENCE = ("feedback", "ombudsman_contacts", "success_reports")
NOT_A_DATE = "not a date: write d.m.yyyy (e.g. 3.5.2024) or d.m.yyyy hh:mm"


def prepare(kind, raw_bytes, name, folder, mode="append", mapping=None):
    return ingest.prepare(kind, read_file(raw_bytes, name, known_headers(kind)), folder, mapping, mode)


def xlsx_bytes(frame: pd.DataFrame, title: str | None = None) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        if title:
            pd.DataFrame([[title], ["Haettu 3.9.2024"]]).to_excel(writer, header=False, index=False)
        frame.to_excel(writer, startrow=3 if title else 0, index=False)
    return buffer.getvalue()


def rows_of(folder: Path, kind: str, prefix: str = "TESTI-") -> pd.DataFrame:
    """The table as the app reads it (checked against its contract), only this test's rows, by key."""
    table = read_table(folder, CONTRACTS[kind])
    key = CONTRACTS[kind].key[0]
    return table[table[key].str.startswith(prefix)].set_index(key).sort_index()


def feedback_export(**changes) -> pd.DataFrame:
    """A feedback system's export: Finnish headers, d.m.yyyy dates, Finnish words, units by name or id."""
    frame = pd.DataFrame({
        "Palautteen tunnus": ["TESTI-P1", "TESTI-P2", "TESTI-P3", "TESTI-P4"],
        "Saapunut": ["3.5.2024", "14.6.2024", "1.7.2024", "2.7.2024 14:05"],
        "Yksikkö": ["Hollolan kotihoito", "PH-IKU-01-01", "palvelukeskus onnela", "Lahden kotihoito, Keskusta"],
        "Kanava": ["Verkkolomake", "Puhelin", "Sähköposti", "Kasvokkain"],
        "Arvosana": ["5", "", "2", "4"],
        "Palautteen tyyppi": ["Kiitos", "Kehittämisehdotus", "Moite", "Muu palaute"],
        "Aiheet": ["Kohtelu; Henkilökunnan ammattitaito",
                   "Odotusaika | Tiedonsaanti (puhelinpalvelu, ajanvaraus, kirjalliset ohjeet)",
                   "", "Maksut\nmaksut; fees;"],
        "Yhteydenottopyyntö": ["ei", "kyllä", "Kyllä", ""],
        "Vastattu": ["", "20.6.2024", "2.7.2024", ""],
    })
    for header, value in changes.items():
        frame[header] = value
    return frame


def ombudsman_export(**changes) -> pd.DataFrame:
    """The ombudsmen's contact statistics: a topic name holds "/" or ",", topics are separated by "|" or ";"."""
    frame = pd.DataFrame({
        "Yhteydenoton tunnus": ["TESTI-Y1", "TESTI-Y2", "TESTI-Y3"],
        "Yhteydenottopäivä": ["5.3.2024", "6.3.2024", "7.3.2024"],
        "Asiavastaava": ["Potilasasiavastaava", "Sosiaaliasiavastaava", "sosiaaliasiavastaava"],
        "Uusi/uusinta": ["Uusi", "Uusinta", "uusi"],
        "Yhteydenottaja": ["Omainen", "Asiakas", "Ammattilainen"],
        "Toimiala": ["", "perhe- ja sosiaalipalvelut (peso)", "Ikääntyneiden palvelut ja kuntoutus (IKU)"],
        "Aiheet": ["Tietosuoja / tiedonsaantioikeus | Kohtelu", "Vahingonkorvaus, esinevahingot; Päätökset",
                   "Asiakasmaksuasiat\nMuu"],
    })
    for header, value in changes.items():
        frame[header] = value
    return frame


def success_export(**changes) -> pd.DataFrame:
    """PosiPro success reports with English headers and words, ISO dates, units by id."""
    frame = pd.DataFrame({
        "Report ID": ["TESTI-S1", "TESTI-S2", "TESTI-S3"],
        "Report date": ["2024-05-03", "2024-05-04", "2024-05-05"],
        "Unit": ["PH-IKU-01-04", "PH-IKU-02-01", "Hollolan kotihoito"],
        "Themes": ["Staff attitudes; Cooperation", "Ways of working|Social skills", "Samarbete"],
        "Proposed for other units": ["yes", "no", ""],
    })
    for header, value in changes.items():
        frame[header] = value
    return frame


# --- imports that succeed ---------------------------------------------------------------------------------------

def test_a_finnish_feedback_csv_imports_with_codes_and_reads_back(data_copy):
    report = prepare("feedback", csv_bytes(feedback_export()), "palautteet.csv", data_copy)
    assert report.ok, report.to_text()
    assert report.rows_new == 4 and set(report.mapping.columns) == set(CONTRACTS["feedback"].columns)
    assert report.mapping.columns["themes"] == "Aiheet" and report.mapping.columns["received_date"] == "Saapunut"
    ingest.commit(report, data_copy)
    load_bundle(data_copy)  # the data directory loads, references checked
    rows = rows_of(data_copy, "feedback")
    units = read_table(data_copy, CONTRACTS["org_units"]).set_index("unit_name")["unit_id"]
    assert list(rows["unit_id"]) == [units["Hollolan kotihoito"], "PH-IKU-01-01", units["Palvelukeskus Onnela"],
                                     units["Lahden kotihoito, Keskusta"]]
    assert list(rows["channel"]) == ["web", "phone", "email", "in_person"]
    assert list(rows["feedback_type"]) == ["thanks", "proposal", "other", "other"]
    assert rows.loc["TESTI-P1", "themes"] == "treatment;competence"
    assert rows.loc["TESTI-P2", "themes"] == "waiting;information"  # the "," inside a name does not split it
    assert pd.isna(rows.loc["TESTI-P3", "themes"])  # an empty cell stays empty
    assert rows.loc["TESTI-P4", "themes"] == "fees"  # a line break splits; repeats and empty parts are dropped
    assert pd.isna(rows.loc["TESTI-P2", "score"]) and list(rows["score"].dropna()) == [5, 2, 4]
    assert pq.read_schema(data_copy / "feedback.parquet").field("score").type == pa.int64()  # whole numbers stay so
    assert list(rows["contact_requested"]) == [False, True, True, False]
    assert rows.loc["TESTI-P1", "received_date"] == pd.Timestamp(2024, 5, 3)
    assert rows.loc["TESTI-P4", "received_date"] == pd.Timestamp(2024, 7, 2, 14, 5)
    assert rows.loc["TESTI-P2", "answered_date"] == pd.Timestamp(2024, 6, 20)
    assert pd.isna(rows.loc["TESTI-P1", "answered_date"])
    again = prepare("feedback", csv_bytes(feedback_export(), "utf-8-sig"), "palautteet.csv", data_copy)
    assert again.ok and again.rows_new == 0 and again.rows_present == 4  # the same codes: nothing new


def test_an_ombudsman_workbook_imports_topics_with_slashes_and_commas_and_an_empty_toimiala(data_copy):
    report = prepare("ombudsman_contacts", xlsx_bytes(ombudsman_export(), "Asiavastaavien tilasto 2024"),
                     "asiavastaavat.xlsx", data_copy)
    assert report.ok, report.to_text()
    assert report.rows_read == 3 and report.mapping.columns["contact_kind"] == "Uusi/uusinta"
    ingest.commit(report, data_copy)
    load_bundle(data_copy)
    rows = rows_of(data_copy, "ombudsman_contacts")
    assert list(rows["topics"]) == ["data_protection;treatment", "damages;decisions", "client_fees;other"]
    assert list(rows["ombudsman"]) == ["patient", "social", "social"]
    assert list(rows["contact_kind"]) == ["new", "returning", "new"]
    assert list(rows["contact_by"]) == ["relative", "client", "professional"]
    assert pd.isna(rows.loc["TESTI-Y1", "toimiala"])
    assert rows.loc["TESTI-Y2", "toimiala"] == "Perhe- ja sosiaalipalvelut (PESO)"  # as org_units writes it
    assert rows.loc["TESTI-Y2", "contact_date"] == pd.Timestamp(2024, 3, 6)


def test_success_reports_with_english_headers_import_through_the_cli(data_copy, tmp_path):
    export = tmp_path / "posipro.csv"
    export.write_bytes(csv_bytes(success_export(), "utf-8", sep=","))
    before = snapshot(data_copy)
    dry = run_cli("ingest", "success_reports", str(export), "--data-dir", str(data_copy), "--dry-run")
    assert dry.returncode == 0 and "3 rows read, 3 accepted" in dry.stdout, dry.stdout + dry.stderr
    assert snapshot(data_copy) == before
    done = run_cli("ingest", "success_reports", str(export), "--data-dir", str(data_copy))
    assert done.returncode == 0, done.stdout + done.stderr
    rows = rows_of(data_copy, "success_reports")
    assert list(rows["themes"]) == ["attitude;cooperation", "ways_of_working;social_skills", "cooperation"]
    assert list(rows["proposed_for_others"]) == [True, False, False]
    assert list(rows["unit_id"]) == ["PH-IKU-01-04", "PH-IKU-02-01", "PH-IKU-01-04"]
    assert rows.loc["TESTI-S1", "report_date"] == pd.Timestamp(2024, 5, 3)
    assert ingest.import_log(data_copy)["table"].iloc[-1] == "success_reports"


def test_the_page_s_chunked_import_gives_the_same_table(data_copy):
    raw = csv_bytes(feedback_export())
    whole = prepare("feedback", raw, "palautteet.csv", data_copy)
    chunks = read_chunks(io.BytesIO(raw), "palautteet.csv", known_headers("feedback"), chunk_rows=2)
    report = ingest.prepare_chunks("feedback", chunks, data_copy)
    assert report.ok and report.staged is not None and report.rows_new == whole.rows_new == 4, report.to_text()
    ingest.commit(report, data_copy)
    columns = list(CONTRACTS["feedback"].columns)
    expected = whole.table[whole.table["feedback_id"].str.startswith("TESTI-")].set_index("feedback_id")

    def values(frame: pd.DataFrame) -> dict:
        frame = frame[columns[1:]].astype(object)
        return frame.where(frame.notna(), None).to_dict("index")
    assert values(rows_of(data_copy, "feedback")) == values(expected)


# --- problems: each reported by row, column and value; nothing written ----------------------------------------

PROBLEMS = {
    "unknown theme word": ("feedback", lambda: feedback_export(Aiheet=["Kohtelu", "Kohtelu; Kuljetus", "", ""]),
                           "csv", 3, "themes", "Kuljetus", "codes not among"),
    "score 7": ("feedback", lambda: feedback_export(Arvosana=["5", "4", "7", ""]), "csv", 4, "score", "7",
                "above 5"),
    "unknown unit": ("feedback", lambda: feedback_export(Yksikkö=["Olematon osasto", "PH-IKU-01-01",
                                                                  "PH-IKU-01-01", "PH-IKU-01-01"]),
                     "csv", 2, "unit_id", "Olematon osasto", "unknown unit"),
    "unknown unit of a success report": ("success_reports", lambda: success_export(Unit=["PH-IKU-01-04", "PH-X-99",
                                                                                         "PH-IKU-01-04"]),
                                         "csv", 3, "unit_id", "PH-X-99", "unknown unit"),
    "unknown toimiala": ("ombudsman_contacts", lambda: ombudsman_export(Toimiala=["", "Kulttuuripalvelut", ""]),
                         "xlsx", 3, "toimiala", "Kulttuuripalvelut",
                         "unknown toimiala: not in org_units (use a toimiala of org_units, or leave it empty"),
    "unknown topic": ("ombudsman_contacts", lambda: ombudsman_export(Aiheet=["Kohtelu", "Kohtelu | Pysäköinti",
                                                                             "Muu"]),
                      "xlsx", 3, "topics", "Pysäköinti", "codes not among"),
    "text in the date": ("feedback", lambda: feedback_export(Saapunut=["3.5.2024", "kesäkuu", "1.7.2024",
                                                                       "2.7.2024"]),
                         "csv", 3, "received_date", "kesäkuu", NOT_A_DATE),
    "no topics": ("ombudsman_contacts", lambda: ombudsman_export(Aiheet=["Kohtelu", " ; | ", "Muu"]),
                  "xlsx", 3, "topics", "", "empty value"),
}


@pytest.mark.parametrize("case", list(PROBLEMS))
def test_a_bad_cell_is_reported_with_row_column_and_value_and_nothing_is_written(case, data_copy):
    kind, make, fmt, row, column, value, reason = PROBLEMS[case]
    raw = csv_bytes(make()) if fmt == "csv" else xlsx_bytes(make())
    before = snapshot(data_copy)
    report = prepare(kind, raw, f"vienti.{fmt}", data_copy)
    assert not report.ok and report.table is None and report.staged is None
    problems = report.problems
    mine = problems[(problems["row"] == row) & (problems["column"] == column)]
    assert len(mine) == 1, report.to_text()
    assert value in mine["value"].iloc[0] and mine["reason"].iloc[0].startswith(reason), report.to_text()
    assert problems["row"].eq(row).all(), "only the bad row is reported"
    with pytest.raises(DataError, match="nothing was written"):
        ingest.commit(report, data_copy)
    assert snapshot(data_copy) == before, "the data files are byte-identical"


def test_the_cli_names_the_row_column_and_value_and_exits_2(data_copy, tmp_path):
    bad = tmp_path / "palautteet.csv"
    bad.write_bytes(csv_bytes(feedback_export(Aiheet=["Kohtelu", "Kohtelu; Kuljetus", "", ""])))
    before = snapshot(data_copy)
    failed = run_cli("ingest", "feedback", str(bad), "--data-dir", str(data_copy))
    assert failed.returncode == 2 and "Traceback" not in failed.stderr
    assert "row 3, column themes ('Aiheet'): 'treatment;Kuljetus' — codes not among" in failed.stdout, failed.stdout
    assert "nothing was written" in failed.stderr
    assert snapshot(data_copy) == before


# --- undo, and org_units that the experience tables use ------------------------------------------------------

def test_undo_puts_back_the_previous_feedback_table(data_copy):
    target = data_copy / CONTRACTS["feedback"].file
    original = target.read_bytes() if target.is_file() else None
    first = prepare("feedback", csv_bytes(feedback_export().head(2)), "a.csv", data_copy)
    assert first.ok, first.to_text()
    ingest.commit(first, data_copy)
    after_first = target.read_bytes()
    second = prepare("feedback", csv_bytes(feedback_export()), "b.csv", data_copy)
    assert second.ok and second.rows_new == 2 and second.rows_present == 2, second.to_text()
    ingest.commit(second, data_copy)
    assert len(rows_of(data_copy, "feedback")) == 4
    ingest.undo("feedback", data_copy)
    assert target.read_bytes() == after_first and len(rows_of(data_copy, "feedback")) == 2
    if original is None:
        with pytest.raises(DataError, match="no earlier version"):
            ingest.undo("feedback", data_copy)
    else:
        ingest.undo("feedback", data_copy)
        assert target.read_bytes() == original
    log = ingest.import_log(data_copy)
    assert list(log["action"]) == ["import", "import", "undo"] + ([] if original is None else ["undo"])
    assert log["table"].eq("feedback").all()


def test_replacing_org_units_keeps_the_units_and_toimialat_the_experience_tables_use(data_copy):
    units = read_table(data_copy, CONTRACTS["org_units"])
    extra = units.head(1).assign(unit_id="PH-TESTI-01", unit_name="Testiyksikkö", toimiala="Testitoimiala")
    added = prepare("org_units", parquet(extra), "yksikko.parquet", data_copy)
    assert added.ok, added.to_text()
    ingest.commit(added, data_copy)
    feedback = prepare("feedback", csv_bytes(feedback_export(Yksikkö=["Testiyksikkö"] + ["PH-IKU-01-01"] * 3)),
                       "palautteet.csv", data_copy)
    assert feedback.ok, feedback.to_text()
    ingest.commit(feedback, data_copy)
    contacts = prepare("ombudsman_contacts", xlsx_bytes(ombudsman_export(Toimiala=["testitoimiala", "", ""])),
                       "asiavastaavat.xlsx", data_copy)
    assert contacts.ok, contacts.to_text()
    ingest.commit(contacts, data_copy)
    assert rows_of(data_copy, "ombudsman_contacts").loc["TESTI-Y1", "toimiala"] == "Testitoimiala"

    before = snapshot(data_copy)
    report = prepare("org_units", parquet(units), "yksikot.parquet", data_copy, mode="replace")
    assert not report.ok
    problems = report.problems.set_index("value")
    assert problems.loc["PH-TESTI-01", "column"] == "unit_id"
    assert problems.loc["PH-TESTI-01", "reason"].startswith("would disappear but 1 row(s) of feedback use it")
    assert problems.loc["Testitoimiala", "column"] == "toimiala"
    assert problems.loc["Testitoimiala", "reason"].startswith(
        "would disappear but 1 row(s) of ombudsman_contacts use it; keep the toimiala")
    assert snapshot(data_copy) == before

    kept = prepare("org_units", parquet(pd.concat([units, extra], ignore_index=True)), "yksikot.parquet", data_copy,
                   mode="replace")
    assert kept.ok, kept.to_text()


# --- the words and the headers ---------------------------------------------------------------------------------

CODED = {"feedback_type": ("feedback_type", FEEDBACK_TYPES), "feedback_theme": ("themes", FEEDBACK_THEMES),
         "success_theme": ("themes", SUCCESS_THEMES), "ombudsman": ("ombudsman", OMBUDSMEN),
         "topic": ("topics", OMBUDSMAN_TOPICS), "contact_by": ("contact_by", CONTACT_BY)}
"""Message family → (the coded column, its codes)."""


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_every_display_name_of_the_experience_codes_is_accepted(lang):
    catalogue = tomllib.loads((CATALOGUE_DIR / f"{lang}.toml").read_text(encoding="utf-8"))
    checked = 0
    for key, text in catalogue.items():
        family, _, code = key.partition(".")
        if family in CODED:
            column, allowed = CODED[family]
            assert code in allowed, key
            assert ingest.vocabulary(column, allowed).get(ingest._norm(text)) == code, (key, text)
            checked += 1
    assert checked >= len(FEEDBACK_TYPES) + len(FEEDBACK_THEMES) + len(SUCCESS_THEMES) + len(OMBUDSMAN_TOPICS)


def test_export_words_become_codes_and_only_semicolons_bars_and_line_breaks_split():
    words = {"channel": {"verkkolomake": "web", "puhelin": "phone", "sähköposti": "email", "kirje": "letter",
                         "kasvokkain": "in_person"},
             "feedback_type": {"kiitos": "thanks", "kehittämisehdotus": "proposal", "moite": "other"},
             "contact_kind": {"uusi": "new", "uusinta": "returning"},
             "contact_by": {"omainen": "relative", "potilas": "client", "asiakas": "client"},
             "ombudsman": {"sosiaaliasiavastaava": "social", "potilasasiavastaava": "patient"}}
    for column, expected in words.items():
        vocabulary = ingest.vocabulary(column, CONTRACTS["feedback"].columns.get(column, CONTRACTS[
            "ombudsman_contacts"].columns.get(column)).allowed)
        assert {word: vocabulary[word] for word in expected} == expected
    topics = ingest.vocabulary("topics", OMBUDSMAN_TOPICS)
    cells = pd.Series(["Hoitoon pääsy / jonottaminen,Muu", "Hoitoon pääsy / jonottaminen | muu|MUU",
                       "Vahingonkorvaus, esinevahingot\r\nvalinnanvapaus", "", None, "treatment;Tuntematon"])
    assert list(ingest.parse_several(cells, topics, OMBUDSMAN_TOPICS)) == [
        "Hoitoon pääsy / jonottaminen,Muu", "access_to_care;other", "damages;freedom_of_choice", None, None,
        "treatment;Tuntematon"]
    themes = ingest.vocabulary("themes", FEEDBACK_THEMES)
    assert list(ingest.parse_several(pd.Series(["Yhteistyö", "Muu"]), themes, FEEDBACK_THEMES)) == [
        "Yhteistyö", "other"]  # a success-report theme is no feedback theme: kept as written for the check


@pytest.mark.parametrize("kind", EXPERIENCE)
def test_each_header_synonym_names_one_column_of_its_table(kind):
    assert set(HEADERS[kind]) == set(CONTRACTS[kind].columns)
    seen: dict[str, str] = {}
    for column in CONTRACTS[kind].columns:
        for name in (column, *HEADERS[kind][column]):
            normal = normalise_header(name)
            assert seen.setdefault(normal, column) == column, f"'{name}' names both {seen[normal]} and {column}"
    headers = [names[0] for names in HEADERS[kind].values()]
    mapping = detect(kind, headers)
    assert mapping.complete and not mapping.ambiguous and len(mapping.columns) == len(headers)

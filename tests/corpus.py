"""The malformed-input corpus: files as users would upload or drop them into the data directory.

``IMPORTS``: name → (table, file name, bytes, the message fragment a user must see). Each is run
through the import (the Aineisto page's path) and the ``ingest`` command.
``STORED``: name → (table, how to spoil its stored parquet file, the message fragment). Each is run
through loading the data directory (the app's start) and the ``report`` command.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Callable

import pandas as pd

from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
from analytics.text.i18n import label

_bundle = None


def bundle():
    global _bundle
    if _bundle is None:
        _bundle = load_bundle(DEFAULT_DATA_DIR)
    return _bundle


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder``, byte for byte (hidden history included)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def haipro_export(b, n: int = 6, start: int = 1) -> pd.DataFrame:
    """Rows shaped like a HaiPro export of bundle ``b``: Finnish headers, Finnish names, unit names,
    d.m.yyyy dates, new report ids UUSI-<start>…"""
    rows = b.incidents.sort_values("report_id").head(n)
    names = dict(zip(b.org_units["unit_id"], b.org_units["unit_name"]))
    return pd.DataFrame({
        "Ilmoituksen tunnus": [f"UUSI-{i}" for i in range(start, start + n)],
        "Tapahtumapäivä": [d.strftime("%-d.%-m.%Y") for d in rows["event_date"]],
        "Ilmoituspäivä": [d.strftime("%-d.%-m.%Y") for d in rows["report_date"]],
        "Ensimmäinen käsittely": [d.strftime("%-d.%-m.%Y %H:%M") if d == d else "" for d in rows["first_handled_date"]],
        "Yksikkö": [names[u] for u in rows["unit_id"]],
        "Ilmoitusluokka": [label("category", c) for c in rows["category"]],
        "Tapahtuman laji": [label("kind_event", c) for c in rows["event_kind"]],
        "Tapahtumatyyppi": [label("event_type", c) for c in rows["event_type"]],
        "Haitta": [label("harm", c) for c in rows["harm_level"]],
        "Ilmoittaja": [label("reporter", c) for c in rows["reporter"]],
        "Kehittämistoimenpide": ["Kyllä" if a else "" for a in rows["development_action"]],
        "Kehittämisteema": [label("theme", c) if isinstance(c, str) else "" for c in rows["development_theme"]],
    })


def haipro(n: int = 6, **changes) -> pd.DataFrame:
    """A HaiPro export of the bundled data, with ``changes`` by header."""
    frame = haipro_export(bundle(), n)
    for column, value in changes.items():
        frame[column] = value
    return frame


def rescue(n: int = 6, **changes) -> pd.DataFrame:
    """Urgent rescue tasks with the contract's column names, new task ids, ``changes`` by column."""
    frame = bundle().rescue_tasks.head(n).copy()
    frame["task_id"] = [f"UUSI-{i}" for i in range(1, n + 1)]
    frame["alarm_time"] = frame["alarm_time"].dt.strftime("%Y-%m-%d %H:%M:%S")
    frame["arrival_time"] = frame["arrival_time"].dt.strftime("%Y-%m-%d %H:%M:%S")
    for column, value in changes.items():
        frame[column] = value
    return frame


def rai(**changes) -> pd.DataFrame:
    frame = pd.DataFrame({"Vuosi": ["2025"] * 3, "Puolivuosi": ["1"] * 3, "Palvelu": ["Kotihoito"] * 3,
                          "Yksikkö": ["Hollolan kotihoito"] * 3,
                          "Mittari": ["Kaatuminen 90 vrk aikana", "Tahaton painonlasku", "Vuoteessa elävät"],
                          "Osoittaja": ["20", "12", "3"], "Nimittäjä": ["200", "200", "200"]})
    for column, value in changes.items():
        frame[column] = value
    return frame


def csv_bytes(frame: pd.DataFrame, encoding: str = "cp1252", sep: str = ";") -> bytes:
    return frame.to_csv(sep=sep, index=False).encode(encoding)


def parquet(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    return buffer.getvalue()


def _garbage() -> bytes:
    header = ";".join(haipro(1).columns)
    return (header + "\n" + "".join(f"x{i};huomenna;eilen;?;??;Muu;Joku;;;;ehkä;\n" for i in range(100_000))).encode()


IMPORTS: dict[str, tuple[str, str, Callable[[], bytes], str]] = {
    # unreadable files
    "zero-byte file": ("incidents", "x.csv", lambda: b"", "the file is empty"),
    "only blank lines": ("incidents", "x.csv", lambda: b"\n\n  \n", "the file is empty"),
    "binary as csv": ("incidents", "x.csv", lambda: b"\x00\x01\x02PK\x03", "not a text CSV file"),
    "utf-16 csv": ("incidents", "x.csv", lambda: csv_bytes(haipro(), encoding="utf-16"), "not a text CSV file"),
    "csv named parquet": ("incidents", "x.parquet", lambda: b"report_id;x\n1;2\n", "not a readable parquet file"),
    "truncated parquet": ("incidents", "x.parquet", lambda: parquet(haipro())[:300], "not a readable parquet file"),
    "text named xlsx": ("incidents", "x.xlsx", lambda: b"hello", "not an Excel .xlsx file"),
    "old xls": ("incidents", "x.xls", lambda: b"\xd0\xcf\x11\xe0", "old .xls workbooks are not read"),
    "pdf": ("incidents", "x.pdf", lambda: b"%PDF-1.4", "unknown file type '.pdf'"),
    "header only": ("incidents", "x.csv", lambda: "Ilmoituksen tunnus;Ilmoituspäivä\n".encode(), "no data rows"),
    "repeated header": ("incidents", "x.csv", lambda: b"id;id\n1;2\n", "names the column 'id' twice"),
    "row longer than header": ("org_units", "x.csv", lambda: "hyvinvointialue;toimiala\nA;B;C\n".encode(),
                               "more cells than the header"),
    # readable, but wrong
    "missing columns": ("incidents", "x.csv", lambda: csv_bytes(haipro().drop(columns=["Ilmoituspäivä", "Yksikkö"])),
                        "required column not found"),
    "text in a date": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Ilmoituspäivä": "kesäkuu"})), "not a date"),
    "impossible date": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Ilmoituspäivä": "31.2.2024"})), "not a date"),
    "future date": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Ilmoituspäivä": "1.1.2099"})), "in the future"),
    "event after report": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Tapahtumapäivä": "1.1.2024"})),
                           "event after the report"),
    "negative year": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Ilmoituspäivä": "-1.1.2024"})), "not a date"),
    "unknown category": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Ilmoitusluokka": "Muu lomake"})), "not one of"),
    "unknown unit": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Yksikkö": "Olematon osasto"})), "unknown unit"),
    "formula-looking unit": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Yksikkö": "=cmd|' /C calc'!A0"})),
                             "unknown unit"),
    "not yes or no": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Kehittämistoimenpide": "ehkä"})), "not true or false"),
    "duplicate keys": ("incidents", "x.csv", lambda: csv_bytes(haipro(**{"Ilmoituksen tunnus": "SAMA"})), "duplicate key"),
    "100 000 garbage rows": ("incidents", "garbage.csv", _garbage, "problem"),
    "arrival before alarm": ("rescue_tasks", "x.csv",
                             lambda: csv_bytes(rescue(arrival_time="2021-01-01 00:00:00")), "arrival before the alarm"),
    "negative persons rescued": ("rescue_tasks", "x.csv", lambda: csv_bytes(rescue(persons_rescued="-2")), "below 0"),
    "text in a number": ("rescue_tasks", "x.csv", lambda: csv_bytes(rescue(property_saved_eur="paljon")), "not a number"),
    "unknown risk class": ("rescue_tasks", "x.csv", lambda: csv_bytes(rescue(risk_class="V")), "not one of"),
    "share above 100 %": ("rai_results", "x.csv", lambda: csv_bytes(rai(Osoittaja=["250", "12", "3"])),
                          "a share cannot exceed 100 %"),
    "text in a RAI number": ("rai_results", "x.csv", lambda: csv_bytes(rai(Osoittaja=["12,5 kpl", "12", "3"])),
                             "not a number"),
    "negative denominator": ("rai_results", "x.csv", lambda: csv_bytes(rai(Nimittäjä=["-200", "200", "200"])), "below"),
    "wrong RAI setting name": ("rai_results", "x.csv", lambda: csv_bytes(rai(Mittari=["Kaatuminen", "x", "y"])),
                               "not a RAI indicator"),
}


def _spoil(kind: str, change: Callable[[pd.DataFrame], pd.DataFrame]) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        path = data_dir / f"{kind}.parquet"
        frame = pd.read_parquet(path)
        change(frame).to_parquet(path, index=False)
    return apply


def _write(kind: str, raw: bytes) -> Callable[[Path], None]:
    def apply(data_dir: Path) -> None:
        (data_dir / f"{kind}.parquet").write_bytes(raw)
    return apply


def _with(column: str, row: int, value):
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.copy()
        if not isinstance(value, (int, float)) and pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].astype(str)  # a text column, as a spreadsheet export would write it
        frame.loc[row, column] = value
        return frame
    return change


STORED: dict[str, tuple[str, Callable[[Path], None], str]] = {
    "zero-byte table": ("incidents", _write("incidents", b""), "not a readable parquet file"),
    "truncated table": ("rescue_tasks", lambda d: (d / "rescue_tasks.parquet").write_bytes(
        (d / "rescue_tasks.parquet").read_bytes()[:5000]), "not a readable parquet file"),
    "csv saved as parquet": ("org_units", _write("org_units", b"county;unit_id\nA;B\n"), "not a readable parquet file"),
    "missing column": ("incidents", _spoil("incidents", lambda f: f.drop(columns=["report_date"])), "missing column"),
    "text in a number column": ("rescue_tasks", _spoil("rescue_tasks", _with("persons_rescued", 3, "kaksi")),
                                "persons_rescued"),
    "arrival before alarm (stored)": ("rescue_tasks", _spoil("rescue_tasks", lambda f: f.assign(
        arrival_time=f["arrival_time"].where(f.index != 7, f["alarm_time"] - pd.Timedelta(minutes=5)))),
        "arrival"),
    "numerator above denominator": ("rai_results", _spoil("rai_results", lambda f: f.assign(
        numerator=f["numerator"].where(f.index != 4, f["denominator"] + 5))), "numerator above denominator"),
    "duplicate key (stored)": ("incidents", _spoil("incidents", lambda f: pd.concat([f, f.head(1)], ignore_index=True)),
                               "duplicate key"),
    "unknown unit (stored)": ("incidents", _spoil("incidents", _with("unit_id", 2, "EI-OLE")), "unknown unit"),
    "missing org_units": ("org_units", lambda d: (d / "org_units.parquet").unlink(), "file is missing"),
}

"""Reading a county's export files as they come: CSV (comma, semicolon or tab; UTF-8 with or without
a BOM, or Windows-1252), Excel (.xlsx, also with title rows above the header) and parquet.

Everything is read as text first (parquet keeps its types), so that the import can say exactly which
cell could not be read as what. The header row is found among the first rows: the one that names
most of the columns the import knows (or, failing that, the first row of several non-empty texts).
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from analytics.core.errors import DataError

MAX_HEADER_SEARCH = 15
"""How many rows from the top may hold the header (title rows above it are skipped)."""
MAX_FILE_BYTES = 200 * 1024 * 1024
"""The default size limit of a file to import (``OMAVALVONTA_MAX_UPLOAD_MB`` sets another; see ``max_file_bytes``)."""
MAX_UPLOAD_ENV = "OMAVALVONTA_MAX_UPLOAD_MB"
CHUNK_ROWS = 10_000
"""Rows per chunk when a large file is read in pieces (``read_chunks``): a chunk is read as Python strings (about
15 MB for 10 000 rows of a HaiPro export), so a file of any size is checked in bounded memory. 50 000 rows
peaked 250 MB higher on a 150 MB export (``benchmarks/upload.py``) for no gain in time."""
BLOCK_BYTES = 1 << 20


@dataclass(frozen=True)
class RawTable:
    """A file's cells: ``frame`` has the file's own headers; ``rows[i]`` is the file's own row number
    (1-based, as a spreadsheet shows it) of data row i."""

    source: str
    frame: pd.DataFrame
    rows: tuple[int, ...]
    text: bool = True
    """True when every cell is still text (CSV, Excel); False for a typed parquet file."""


def normalise_header(name: object) -> str:
    """Header text for matching: lower case, accents kept (ä ≠ a), punctuation and extra spaces gone."""
    text = unicodedata.normalize("NFC", str(name)).strip().lower()
    text = re.sub(r"[\s_]+", " ", text)
    return re.sub(r"[^\w %€ -]", "", text).strip()


def decode(raw: bytes, source: str) -> str:
    """UTF-8 (with or without a BOM) or, failing that, Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(f"{source}: the text is neither UTF-8 nor Windows-1252; save the file as UTF-8 CSV.") from None


def max_file_bytes() -> int:
    """The largest file an import reads: ``OMAVALVONTA_MAX_UPLOAD_MB`` megabytes (default 200, as the server's
    ``server.maxUploadSize`` in .streamlit/config.toml; keep the two the same)."""
    text = os.environ.get(MAX_UPLOAD_ENV, "").strip()
    try:
        megabytes = int(text) if text else MAX_FILE_BYTES // 1024 // 1024
    except ValueError:
        megabytes = MAX_FILE_BYTES // 1024 // 1024
    return max(1, megabytes) * 1024 * 1024


def check_size(size: int, source: str) -> None:
    """Refuse a file above ``max_file_bytes`` before reading any of it."""
    limit = max_file_bytes()
    if size > limit:
        raise DataError(f"{source}: the file is {size / 1024 / 1024:.0f} MB, larger than the {limit // 1024 // 1024} MB "
                        f"an import reads; split it by period (the limit is {MAX_UPLOAD_ENV}).")


def _check_bytes(raw: bytes, source: str) -> None:
    if not raw or not raw.strip():
        raise DataError(f"{source}: the file is empty (0 rows); export the table again with its header row.")
    check_size(len(raw), source)


def _header_row(rows: list[list[str]], known: set[str]) -> int:
    """Index of the header among the first rows."""
    best, best_score = None, 0
    for i, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        score = sum(1 for cell in row if normalise_header(cell) in known)
        if score > best_score:
            best, best_score = i, score
    if best is not None:
        return best
    for i, row in enumerate(rows[:MAX_HEADER_SEARCH]):
        cells = [c for c in row if str(c).strip()]
        if len(cells) >= 2 and all(not _looks_numeric(c) for c in cells):
            return i
    return 0


def _looks_numeric(cell: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d\s\u00a0.,]+", str(cell).strip()))


def _check_header(header: list[str], header_at: int, source: str) -> None:
    """Every column named, no name twice (``header_at``: the header's 0-based row)."""
    blank = [i + 1 for i, h in enumerate(header) if not h]
    if blank:
        raise DataError(f"{source}: row {header_at + 1}: column {blank[0]} of the header is empty; "
                        "give every column a name.")
    seen: dict[str, int] = {}
    for name in header:
        key = normalise_header(name)
        seen[key] = seen.get(key, 0) + 1
    repeated = [h for h in header if seen[normalise_header(h)] > 1]
    if repeated:
        raise DataError(f"{source}: the header names the column '{repeated[0]}' twice; rename one of them.")


def _from_rows(rows: list[list[str]], source: str, known: set[str], line_offset: int = 0) -> RawTable:
    rows = [row for row in rows]
    if not rows or not any(any(str(c).strip() for c in row) for row in rows):
        raise DataError(f"{source}: the file has no rows.")
    header_at = _header_row(rows, known)
    header = [str(c).strip() for c in rows[header_at]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise DataError(f"{source}: no header row found in the first {MAX_HEADER_SEARCH} rows.")
    _check_header(header, header_at + line_offset, source)
    body = rows[header_at + 1:]
    width = len(header)
    data = []
    for row in body:
        cells = [str(c) if c is not None else "" for c in row[:width]]
        extra = [c for c in row[width:] if str(c).strip()]
        if extra:
            line = header_at + 2 + len(data) + line_offset
            raise DataError(f"{source}: row {line} has more cells than the header has columns "
                            f"({len(row)} > {width}); check the separator or quoting.")
        data.append(cells + [""] * (width - len(cells)))
    frame = pd.DataFrame(data, columns=header, dtype=object)
    first_row = header_at + 2 + line_offset
    if len(frame):  # blank rows in between are dropped; each kept row keeps its own number
        frame = frame[frame.apply(lambda r: any(str(v).strip() for v in r), axis=1)]
    if frame.empty:
        raise DataError(f"{source}: the file has a header but no data rows.")
    rows = tuple(first_row + int(i) for i in frame.index)
    return RawTable(source, frame.reset_index(drop=True), rows)


def read_csv_bytes(raw: bytes, source: str, known: set[str] = frozenset()) -> RawTable:
    """A CSV export: the separator is the one of ``;``, ``,`` or tab that splits the header best."""
    _check_bytes(raw, source)
    if b"\x00" in raw[:4096]:
        raise DataError(f"{source}: this is not a text CSV file (it holds binary data); export it as CSV or XLSX.")
    text = decode(raw, source)
    lines = text.splitlines()[:MAX_HEADER_SEARCH]
    delimiter = max([";", ",", "\t"], key=lambda d: (max((line.count(d) for line in lines), default=0), d == ";"))
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise DataError(f"{source}: the CSV cannot be read ({exc}); check its quotes.") from None
    return _from_rows(rows, source, known)


def read_xlsx_bytes(raw: bytes, source: str, known: set[str] = frozenset()) -> RawTable:
    """The first sheet of an Excel workbook, every cell as text (dates as ``2024-05-03 00:00:00``)."""
    _check_bytes(raw, source)
    if not raw.startswith(b"PK"):
        raise DataError(f"{source}: this is not an Excel .xlsx file; save it as .xlsx or CSV.")
    try:
        sheet = pd.read_excel(io.BytesIO(raw), header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise DataError(f"{source}: the Excel file cannot be read ({type(exc).__name__}); save it again as .xlsx.") from None
    rows = [["" if (v is None or (isinstance(v, float) and pd.isna(v))) else _cell_text(v) for v in row]
            for row in sheet.itertuples(index=False)]
    return _from_rows(rows, source, known)


def _cell_text(value: object) -> str:
    if isinstance(value, pd.Timestamp) or hasattr(value, "isoformat"):
        return pd.Timestamp(value).isoformat(sep=" ")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_parquet_bytes(raw: bytes, source: str) -> RawTable:
    """A parquet file keeps its column types."""
    _check_bytes(raw, source)
    try:
        frame = pd.read_parquet(io.BytesIO(raw))
    except Exception as exc:  # pyarrow raises many kinds for a broken file
        raise DataError(f"{source}: not a readable parquet file ({type(exc).__name__}); export it again.") from None
    if frame.empty:
        raise DataError(f"{source}: the parquet file has no rows.")
    return RawTable(source, frame.reset_index(drop=True), tuple(range(1, len(frame) + 1)), text=False)


READERS = {".csv": read_csv_bytes, ".txt": read_csv_bytes, ".xlsx": read_xlsx_bytes}


# --- reading a large file in pieces -----------------------------------------------------------

def _size(file: BinaryIO) -> int:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _encoding(file: BinaryIO, source: str) -> str:
    """UTF-8 (a BOM is dropped) if the whole file decodes as UTF-8, else Windows-1252 (as ``decode``); the file
    is read block by block, and an empty or blank file is refused as ``_check_bytes`` does."""
    head = file.read(4096)
    if b"\x00" in head:
        file.seek(0)
        if not head.strip():
            raise DataError(f"{source}: the file is empty (0 rows); export the table again with its header row.")
        raise DataError(f"{source}: this is not a text CSV file (it holds binary data); export it as CSV or XLSX.")
    decoder = codecs.getincrementaldecoder("utf-8")()
    blank, utf8, block = True, True, head
    while block:
        blank = blank and not block.strip()
        if utf8:
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                utf8 = False
        if not blank and not utf8:
            break
        block = file.read(BLOCK_BYTES)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    file.seek(0)
    if blank:
        raise DataError(f"{source}: the file is empty (0 rows); export the table again with its header row.")
    return "utf-8-sig" if utf8 else "cp1252"


def _is_blank(row: list[str]) -> bool:
    return not any(str(c).strip() for c in row)


def iter_csv(file: BinaryIO, source: str, known: set[str] = frozenset(), chunk_rows: int = CHUNK_ROWS
             ) -> Iterator[RawTable]:
    """A CSV export in chunks of ``chunk_rows`` data rows, each a ``RawTable`` with the file's own row numbers:
    the same header search, separator, encodings and messages as ``read_csv_bytes``, without holding the file
    (or its text) in memory. A problem found on row 900 000 raises then (nothing has been written by then)."""
    check_size(_size(file), source)
    encoding = _encoding(file, source)
    text = io.TextIOWrapper(file, encoding=encoding, errors="strict", newline="")
    try:
        yield from _csv_chunks(text, source, known, chunk_rows)
    except UnicodeDecodeError:
        raise DataError(f"{source}: the text is neither UTF-8 nor Windows-1252; save the file as UTF-8 CSV.") from None
    except csv.Error as exc:
        raise DataError(f"{source}: the CSV cannot be read ({exc}); check its quotes.") from None
    finally:
        text.detach()  # the caller's file stays open


def _csv_chunks(text: io.TextIOWrapper, source: str, known: set[str], chunk_rows: int) -> Iterator[RawTable]:
    sample = text.read(BLOCK_BYTES)
    lines = sample.splitlines()[:MAX_HEADER_SEARCH]
    delimiter = max([";", ",", "\t"], key=lambda d: (max((line.count(d) for line in lines), default=0), d == ";"))
    text.seek(0)
    records = csv.reader(text, delimiter=delimiter)
    top = [row for _, row in zip(range(MAX_HEADER_SEARCH), records)]
    if all(_is_blank(row) for row in top) and all(_is_blank(row) for row in records):
        raise DataError(f"{source}: the file has no rows.")
    header_at = _header_row(top, known)
    header = [str(c).strip() for c in top[header_at]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise DataError(f"{source}: no header row found in the first {MAX_HEADER_SEARCH} rows.")
    _check_header(header, header_at, source)
    width = len(header)
    first_row = header_at + 2
    body = iter(top[header_at + 1:])
    index, kept, data, numbers = 0, 0, [], []
    for row in _chain(body, records):
        extra = [c for c in row[width:] if str(c).strip()]
        if extra:
            raise DataError(f"{source}: row {first_row + index} has more cells than the header has columns "
                            f"({len(row)} > {width}); check the separator or quoting.")
        cells = [str(c) if c is not None else "" for c in row[:width]]
        if not _is_blank(cells):  # blank rows in between are dropped; each kept row keeps its own number
            data.append(cells + [""] * (width - len(cells)))
            numbers.append(first_row + index)
        index += 1
        if len(data) >= chunk_rows:
            kept += len(data)
            yield RawTable(source, pd.DataFrame(data, columns=header, dtype=object), tuple(numbers))
            data, numbers = [], []
    if data:
        kept += len(data)
        yield RawTable(source, pd.DataFrame(data, columns=header, dtype=object), tuple(numbers))
    if not kept:
        raise DataError(f"{source}: the file has a header but no data rows.")


def _chain(*iterables):
    for iterable in iterables:
        yield from iterable


def iter_parquet(file: BinaryIO, source: str, chunk_rows: int = CHUNK_ROWS) -> Iterator[RawTable]:
    """A parquet file in batches of ``chunk_rows`` rows, with its own column types (as ``read_parquet_bytes``)."""
    import pyarrow.parquet as pq

    check_size(_size(file), source)
    try:
        parquet = pq.ParquetFile(file)
        batches = parquet.iter_batches(batch_size=chunk_rows)
        start = 1
        for batch in batches:
            frame = batch.to_pandas()
            if frame.empty:
                continue
            yield RawTable(source, frame, tuple(range(start, start + len(frame))), text=False)
            start += len(frame)
    except DataError:
        raise
    except Exception as exc:  # pyarrow raises many kinds for a broken file
        raise DataError(f"{source}: not a readable parquet file ({type(exc).__name__}); export it again.") from None
    if start == 1:
        raise DataError(f"{source}: the parquet file has no rows.")


def read_chunks(file: BinaryIO, source: str, known: set[str] = frozenset(), chunk_rows: int = CHUNK_ROWS
                ) -> Iterator[RawTable]:
    """An uploaded or local file (open, binary, seekable) in chunks by its name's ending: CSV and parquet are read
    piece by piece; an Excel workbook (which openpyxl reads whole) is one chunk. The size limit is checked first."""
    suffix = Path(source).suffix.lower()
    if suffix in (".csv", ".txt"):
        return iter_csv(file, source, known, chunk_rows)
    if suffix == ".parquet":
        return iter_parquet(file, source, chunk_rows)
    if suffix == ".xlsx":
        check_size(_size(file), source)
        return iter([read_xlsx_bytes(file.read(), source, known)])
    return iter([read_file(b"", source, known)])  # the messages of an unknown or old file type


def read_file(raw: bytes, source: str, known: set[str] = frozenset()) -> RawTable:
    """Read an uploaded or local file by its name's ending (.csv, .txt, .xlsx, .parquet)."""
    suffix = Path(source).suffix.lower()
    if suffix == ".parquet":
        return read_parquet_bytes(raw, source)
    if suffix in READERS:
        return READERS[suffix](raw, source, known)
    if suffix == ".xls":
        raise DataError(f"{source}: old .xls workbooks are not read; save the sheet as .xlsx or CSV.")
    raise DataError(f"{source}: unknown file type '{suffix or 'none'}'; use CSV, XLSX or parquet.")


def read_path(path: Path | str, known: set[str] = frozenset()) -> RawTable:
    """Read a local file (the CLI)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: no such file.") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory, not a file.") from None
    return read_file(raw, str(path), known)

"""Text from data, links and people is put on screen one way, ``md_text`` (``md_echo`` for a link value echoed
back), and downloads never fail on a value. What Streamlit actually draws is checked in tests/test_hostile.py;
here, the escaped Markdown is checked against the constructs CommonMark, GFM and Streamlit would read in it."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest

from analytics.render.exports import SHEET_TITLE_CHARS, sheet_title, xlsx_bytes
from analytics.text.i18n import ECHO_LIMIT, md_echo, md_text

HOSTILE = [
    "[Kirjaudu](http://evil.example/login)",
    "![x](http://evil.example/x.png)",
    "<img src=x onerror=alert(1)>",
    "<a href=//evil.example>linkki</a>",
    "# Heading",
    "Yksikkö \u202eevil\u200b\u200d koti",
    "Pitkä " + "x" * 10_000,
    "http://evil.example",
    "HTTPS://evil.example/a?b=c",
    "www.evil.example",
    "häijy@evil.example and mailto:x@evil.example",
    "Nimi\x07merkki\x1b[31m\x00",
    "Havainto\n# Otsikko\n> lainaus\n- lista\n+ lista\n* lista\n1. kohta\n2) kohta\n    koodi\n\tkoodi\n```\nfence",
    "Rivi\r\n===\r---\n***\n___",
    ":material/home: :smile: :+1: :red[punainen] :streamlit: ::leaf\n:::container",
    "$x^2$ `koodi` **lihava** _kursiivi_ ~~yliviivattu~~ | taulu | &amp; &#91; \\[",
    "[ref]: http://evil.example\n[ref]",
    "<http://evil.example> <mailto:x@evil.example>",
]
ESCAPABLE = set("\\`*_[]<>~$|&")
"""Characters md_text escapes wherever they stand."""


def _unescaped(text: str, char: str) -> list[int]:
    """Positions of ``char`` that are not backslash-escaped (an odd run of backslashes before them)."""
    found = []
    for match in re.finditer(re.escape(char), text):
        run = len(text[:match.start()]) - len(text[:match.start()].rstrip("\\"))
        if run % 2 == 0:
            found.append(match.start())
    return found


def _as_read(markdown: str) -> str:
    """What a reader sees: hard breaks as line breaks, escapes resolved, invisible joiners and isolates dropped."""
    text = markdown.replace("\\\n", "\n").replace("\u00a0", " ")
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
    return text.replace("\u2060", "").removeprefix("\u2068").removesuffix("\u2069")


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_md_text_leaves_nothing_for_markdown_to_read(text):
    shown = md_text(text)
    for char in ESCAPABLE - {"\\"}:
        assert not _unescaped(shown, char), f"unescaped {char!r} in {shown[:120]!r}"
    assert not re.search(r"(?i)https?://|www\.", shown), "GFM links http://, https:// and www. by themselves"
    assert not re.search(r"[\w.+-]@[\w-]", shown), "an e-mail address would be linked"
    assert not re.search(r":[A-Za-z_+-]|:[\w+-]+:", shown), "no :shortcode:, :material/…: or :directive"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", shown), "control characters are dropped"
    lines = shown.split("\n")
    for line in lines:
        assert not re.match(r"[ \t]", line), "no indentation: no code block"
        assert not re.match(r"[#>*+=_~`|-]|\d+[.)](\s|$)|:+[A-Za-z]", line), f"no block starts at {line[:40]!r}"
    assert all(line.endswith("\\") for line in lines[:-1]), "every line break is a hard break"


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_md_text_shows_the_text_as_written(text):
    expected = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text.replace("\r\n", "\n").replace("\r", "\n")
                      .replace("\t", " ")).strip("\n")
    assert _as_read(md_text(text)) == expected


def test_md_text_leaves_ordinary_names_alone():
    for name in ("Kotihoito", "Lahden kotihoito, Keskusta", "Päijät-Hämeen hyvinvointialue", "klo 12:30 (n = 5)",
                 "3.5.2024 klo 10.42"):
        assert md_text(name) == name


def test_a_bidirectional_override_ends_with_the_text():
    shown = md_text("a\u202eb")
    assert shown.startswith("\u2068") and shown.endswith("\u2069"), "isolated: what follows is not reversed"


def test_md_echo_cuts_a_long_link_value_with_an_ellipsis():
    assert md_echo("Kotihoito") == "Kotihoito"
    cut = md_echo("A" * 20_000)
    assert len(cut) == ECHO_LIMIT and cut.endswith("…")
    link = md_echo("[Kirjaudu](http://evil.example/login)" * 100)
    assert len(_as_read(link)) == ECHO_LIMIT and not _unescaped(link, "[")
    assert "\u2060://" in link


HOSTILE_CELLS = pd.DataFrame({  # object columns: pandas' own string type cannot even hold a lone surrogate
    "unit_id": pd.Series(["PH:01/2", "a\x00b", "=1+1", "x" * 40_000], dtype=object),
    "name\x01": pd.Series(["\x1b[31mred", "tab\tand\nline", "\ud800lone", "ok"], dtype=object),
    "n": [1, 2, 3, 4],
})


@pytest.mark.parametrize("sheet", ["rai_profiili_PH:01/2_5-8_2024", "[a]*?:/\\b", "'quoted'", "", "\x07" * 40,
                                   "yksikkö " * 10])
def test_xlsx_never_fails_on_a_value_or_a_sheet_name(sheet):
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(HOSTILE_CELLS, sheet)))
    page = book.active
    assert 1 <= len(page.title) <= SHEET_TITLE_CHARS and not re.search(r"[\\/*?:\[\]\x00-\x1f]", page.title)
    rows = [[c.value for c in row] for row in page.iter_rows()]
    assert rows[0] == ["unit_id", "name\ufffd", "n"]
    assert rows[1] == ["PH:01/2", "\ufffd[31mred", 1]
    assert rows[2] == ["a\ufffdb", "tab\tand\nline", 2]
    assert rows[3][0] == "'=1+1" and rows[3][1] == "\ufffdlone"  # a formula stays text
    assert len(rows[4][0]) == 32_767 and rows[4][2] == 4


def test_sheet_title_keeps_what_it_can():
    assert sheet_title("rai_yksikot_ap_falls_5-8_2024") == "rai_yksikot_ap_falls_5-8_2024"
    assert sheet_title("PH:01/2") == "PH_01_2"
    assert sheet_title("   ") == "data" and sheet_title("''") == "data"

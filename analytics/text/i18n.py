"""Everything a user reads: the fi/en/sv message catalogue and number/date formats.

The texts themselves live in one TOML file per language, ``analytics/text/messages/{fi,en,sv}.toml``, so a
translator edits them without reading Python (``tests/test_messages.py`` checks them); this module reads them
once, at import, into ``MESSAGES``.

Finnish is the default. Finnish numbers use a decimal comma and a space as the thousands
separator (``5 049``, ``44,3 %``); dates are ``d.m.yyyy``. English uses ``5,049``, ``44.3%`` and
``d/m/yyyy``.
"""
from __future__ import annotations

import math
import re
import tomllib
from datetime import date
from pathlib import Path

import pandas as pd

from analytics.core.languages import DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401  (one list of languages, re-exported)

COMMA_LANGUAGES = ("fi", "sv")
"""Languages written with a decimal comma, a space as thousands separator, ``44,3 %`` and ``d.m.yyyy``."""
CATALOGUE_DIR = Path(__file__).resolve().parent / "messages"
"""One ``<language>.toml`` per language: ``"key" = "text"``."""


def read_catalogue(lang: str, folder: Path = CATALOGUE_DIR) -> dict[str, str]:
    """The texts of one language as written in ``<folder>/<lang>.toml``: key → text.

    A value that is not a string (a key written without its quotes becomes a TOML table) is an error that names
    the file and the key, so a translator's slip fails at start-up and in the test, not as a missing text."""
    path = folder / f"{lang}.toml"
    with path.open("rb") as file:
        texts = tomllib.load(file)
    for key, text in texts.items():
        if not isinstance(text, str):
            raise ValueError(f'{path}: "{key}" is not a text; write each key in quotes: "{key}.name" = "text"')
    return texts


def load_messages(folder: Path = CATALOGUE_DIR) -> dict[str, dict[str, str]]:
    """Key → {language: text}. Finnish (the default language) names the keys; another language's text is
    attached where it has one, and a key it lacks falls back to Finnish in ``t``."""
    catalogues = {lang: read_catalogue(lang, folder) for lang in LANGUAGES}
    return {key: {lang: catalogues[lang][key] for lang in LANGUAGES if key in catalogues[lang]}
            for key in catalogues[DEFAULT_LANGUAGE]}


MESSAGES: dict[str, dict[str, str]] = load_messages()
"""Every text, read once from the catalogue files: key → {language: text}."""


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~$|&])")
"""Characters that start emphasis, links, images, HTML, entities, code, strikethrough, tables or maths anywhere."""
_LINE_START = re.compile(r"^([#+=-])")
"""At the start of a line: a heading, a list item or a setext underline."""
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])(?=[ \t]|$)")
"""``1. `` or ``2)`` starts an ordered list; ``3.5.2024`` does not."""
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_WORD_JOINER = "\u2060"
"""Invisible; no Markdown or auto-link pattern reads across it."""
_LINK_LIKE = (
    (re.compile(r"(?=://)"), _WORD_JOINER),  # http://, https://, ftp://: the scheme no longer touches "://"
    (re.compile(r"(?i)(?<=www)(?=\.)"), _WORD_JOINER),  # www.example.fi
    (re.compile(r"(?<=@)"), _WORD_JOINER),  # name@example.fi, mailto:…, xmpp:…
    (re.compile(r"(?<=:)(?=\\?[A-Za-z_+-]|[\w+-]+:)"), _WORD_JOINER),  # :material/…:, :emoji:, :directive[…]
)
ECHO_LIMIT = 80
"""How many characters of a value from a link (or a file) are echoed back on screen."""


def md_text(text: object) -> str:
    """Text from data, a link or a person, made literal inside Markdown (st.markdown, st.caption, st.info, st.title,
    labels, …): it shows as written and never becomes a link, an image, HTML, a heading, a list, code or an icon.

    The Markdown characters are escaped; web and e-mail addresses, ``www.`` and ``:shortcode:`` get an invisible
    word joiner that Streamlit's auto-linking and shortcodes do not read across; each line break becomes a hard
    line break and a line's first character cannot start a block (``#``, ``-``, ``+``, ``=``, ``1.``, indentation);
    control characters are dropped, and bidirectional overrides are closed at the end of the text."""
    raw = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    raw = _CONTROL.sub("", raw).strip("\n")
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", raw)
    for pattern, joiner in _LINK_LIKE:
        escaped = pattern.sub(joiner, escaped)
    lines = []
    for line in escaped.split("\n"):
        body = line.lstrip(" ")
        indent = "\u00a0" * (len(line) - len(body))  # no-break spaces do not indent a code block
        lines.append(indent + _ORDERED_ITEM.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", body)))
    shown = "\\\n".join(lines)
    return f"\u2068{shown}\u2069" if _BIDI.search(shown) else shown


def md_echo(value: object, limit: int = ECHO_LIMIT) -> str:
    """A value from a link or a file echoed back in a message: cut to ``limit`` characters (with an ellipsis) and
    literal in Markdown (``md_text``)."""
    text = str(value)
    return md_text(text if len(text) <= limit else text[:limit - 1] + "…")


def uses_comma(lang: str) -> bool:
    """Finnish and Swedish (in Finland) write ``5 049``, ``44,3 %`` and ``3.5.2024``."""
    return lang in COMMA_LANGUAGES


def percent_sign(lang: str) -> str:
    """`` %`` with a space (fi, sv) or ``%`` (en)."""
    return " %" if uses_comma(lang) else "%"


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Finnish), with ``values`` filled in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def label(prefix: str, code: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """The display name of a coded value, e.g. ``label('category', 'patient_safety')``."""
    key = f"{prefix}.{code}"
    return t(key, lang) if key in MESSAGES else str(code)


def join_and(items: list[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """``['a', 'b', 'c']`` → ``a, b ja c`` (fi) / ``a, b and c`` (en)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('word.and', lang)} {items[-1]}"


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def fmt_number(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """``5049`` → ``5 049`` (fi) / ``5,049`` (en); ``1.03`` with 2 decimals → ``1,03``."""
    if _is_missing(value):
        return "–"
    text = f"{float(value):,.{decimals}f}"
    if uses_comma(lang):
        text = text.replace(",", " ").replace(".", ",")
    return text


def fmt_int(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A count: ``5 049``."""
    return fmt_number(value, 0, lang)


def fmt_pct(percent: float | None, decimals: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """A percent (0–100, not a fraction): ``44,3 %`` (fi) / ``44.3%`` (en)."""
    if _is_missing(percent):
        return "–"
    number = fmt_number(percent, decimals, lang)
    return number + percent_sign(lang)


def fmt_signed(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE, suffix: str = "") -> str:
    """A change with its sign: ``+484``, ``−87``, ``+10,6 %``."""
    if _is_missing(value):
        return "–"
    sign = "+" if value > 0 else ("±" if value == 0 else "")
    if suffix == "%":
        return sign + fmt_pct(value, decimals, lang)
    if suffix == "pp":
        return sign + fmt_number(value, decimals, lang) + " " + t("unit.points", lang)
    return sign + fmt_number(value, decimals, lang) + suffix


def fmt_date(value: date | pd.Timestamp | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """``1.7.2024`` (fi) / ``1/7/2024`` (en)."""
    if _is_missing(value) or value is pd.NaT:
        return "–"
    sep = "." if uses_comma(lang) else "/"
    return f"{value.day}{sep}{value.month}{sep}{value.year}"


def fmt_eur_millions(eur: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """``22 700 000`` → ``22,7 M€``."""
    if _is_missing(eur):
        return "–"
    return f"{fmt_number(eur / 1e6, 1, lang)} M€"


def d3_format_locale(lang: str = DEFAULT_LANGUAGE) -> dict:
    """The Vega/d3 number-format locale, so chart axes and tooltips use the same formats."""
    if uses_comma(lang):
        return {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0€"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]}

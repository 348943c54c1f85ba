"""Everything a user reads: the fi/en/sv message catalogue and number/date formats.

The texts themselves live in one TOML file per language, ``analytics/text/messages/{fi,en,sv}.toml``, so a
translator edits them without reading Python (``tests/test_messages.py`` checks them); this module reads them
once, at import, into ``MESSAGES``.

Finnish is the default. Numbers, percents, signs and dates follow CLDR through Babel, per language in
``LOCALES`` (fi_FI, sv_FI, en_GB): Finnish and Swedish write ``5 049``, ``44,3 %``, ``−87`` and ``1.7.2024``
(the spaces are no-break spaces, U+00A0, and the minus is U+2212), English ``5,049``, ``44.3%``, ``-87`` and
``01/07/2024``. The chart locale (``d3_format_locale``) takes the same symbols, so a figure reads the same in a
sentence, a table and a chart. ``t_count`` picks a message's singular or plural form by CLDR's plural rule.
"""
from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import pandas as pd
from babel import Locale
from babel.dates import format_date
from babel.numbers import (
    NumberPattern,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
    parse_pattern,
)

from analytics.core.languages import DEFAULT_LANGUAGE, LANGUAGES  # noqa: F401  (one list of languages, re-exported)

LOCALES: dict[str, str] = {"fi": "fi_FI", "en": "en_GB", "sv": "sv_FI"}
"""The CLDR locale whose number, percent and date formats and plural rule each language uses (English as in
Britain: day before month; Swedish as in Finland). A language without one formats as Finnish, as ``t`` shows
Finnish for a language without texts."""
PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories: a counted message is written as ``<key>.one``, ``<key>.other`` (the forms its
language's plural rule uses; fi, sv and en use these two)."""
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


@cache
def locale(lang: str) -> Locale:
    """The Babel (CLDR) locale of ``lang``, parsed once."""
    return Locale.parse(LOCALES.get(lang, LOCALES[DEFAULT_LANGUAGE]))


def uses_comma(lang: str) -> bool:
    """Whether ``lang`` writes a decimal comma (fi, sv: ``44,3``), as CLDR says."""
    return symbols(lang).decimal == ","


class Symbols(NamedTuple):
    """CLDR's number symbols of a language, as the formats here use them."""

    group: str
    """Between groups of three digits: a no-break space (fi, sv), ``,`` (en)."""
    decimal: str
    plus: str
    minus: str
    """U+2212 (fi, sv), ``-`` (en)."""
    percent_before: tuple[str, str]
    """Before a positive and a negative percent number, from CLDR's percent pattern (the minus included)."""
    percent_after: tuple[str, str]
    """After it: ``\u00a0%`` (fi, sv), ``%`` (en)."""


@cache
def symbols(lang: str) -> Symbols:
    """The number symbols of ``lang`` from CLDR (Babel), read once."""
    loc = locale(lang)
    minus, percent = get_minus_sign_symbol(loc), loc.number_symbols["latn"]["percentSign"]
    pattern = loc.percent_formats[None]

    def local(affixes: tuple[str, str]) -> tuple[str, str]:
        return tuple(a.replace("%", percent).replace("-", minus) for a in affixes)  # type: ignore[return-value]

    return Symbols(get_group_symbol(loc), get_decimal_symbol(loc), get_plus_sign_symbol(loc), minus,
                   local(pattern.prefix), local(pattern.suffix))


def percent_sign(lang: str) -> str:
    """What follows a percent number in CLDR's percent pattern: ``\u00a0%`` (fi, sv) or ``%`` (en)."""
    return symbols(lang).percent_after[0]


def t(key: str, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` in ``lang`` (falling back to Finnish), with ``values`` filled in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text


def plural_form(count: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """CLDR's plural category of ``count`` in ``lang``: ``one`` for 1, ``other`` for 0, 2, 5 049 (fi, sv, en)."""
    if _is_missing(count):
        return "other"
    return locale(lang).plural_form(count)


def t_count(key: str, count: float | None, lang: str = DEFAULT_LANGUAGE, **values: object) -> str:
    """The message ``key`` for ``count`` things: ``<key>.one`` or ``<key>.other`` (whichever the plural rule of
    the language the text is written in picks for ``count``), with ``count`` filled in as ``{count}`` (``fmt_int``)
    and ``values`` as in ``t``. A form the catalogue does not write falls back to ``<key>.other``."""
    other = MESSAGES.get(f"{key}.other", {})
    written = lang if other.get(lang) else DEFAULT_LANGUAGE  # Swedish without the text shows Finnish
    form = f"{key}.{plural_form(count, written)}"
    return t(form if form in MESSAGES else f"{key}.other", lang, count=fmt_int(count, lang), **values)


_SPACES = re.compile(r"[ \t\n]+")


def single_spaced(text: str) -> str:
    """``text`` with each run of spaces and line breaks (an empty placeholder leaves two) as one space, and none
    at the ends. Unlike ``" ".join(text.split())`` it keeps the no-break spaces inside ``5 049`` and ``44,3 %``."""
    return _SPACES.sub(" ", text).strip(" \t\n")


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


@cache
def number_pattern(lang: str, decimals: int) -> NumberPattern:
    """CLDR's decimal pattern of ``lang`` (its grouping) with exactly ``decimals`` fraction digits: ``#,##0.0``."""
    integer = locale(lang).decimal_formats[None].pattern.split(";")[0].split(".")[0]
    return parse_pattern(integer + ("." + "0" * decimals if decimals > 0 else ""))


def babel_number(value: float, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """``value`` with ``decimals`` fraction digits by Babel's own pattern formatting: what ``fmt_number`` writes
    (the tests hold the two equal). The float is rounded as it is stored (half to even), as Python's own ``format``
    rounds it, and the minus is the locale's (Babel writes CLDR's pattern ``-`` as a hyphen-minus)."""
    number = Decimal(value) if math.isfinite(value) else value
    text = number_pattern(lang, decimals).apply(number, locale(lang))
    return symbols(lang).minus + text[1:] if text.startswith("-") else text


@cache
def _number_formatter(lang: str, decimals: int) -> Callable[[float], str]:
    """A fast ``babel_number`` for one language and number of decimals, made once.

    Tables format thousands of cells, and Babel's pattern formatting takes five to ten times as long as Python's
    ``format``. Where the CLDR pattern is the plain kind every language here has (groups of three, no text around
    the number), Python's ``format`` writes the digits, rounded as Babel rounds them, and CLDR's group, decimal
    and minus symbols replace its ``,``, ``.`` and ``-``; any other pattern is left to Babel."""
    pattern, sym = number_pattern(lang, decimals), symbols(lang)
    plain = pattern.grouping == (3, 3) and pattern.prefix == ("", "-") and pattern.suffix == ("", "")
    if not plain or sym.group in ".-" or sym.decimal == "-":  # (replacing in turn would mix the symbols up)
        return lambda value: babel_number(value, decimals, lang)
    spec, group, point, minus = f",.{decimals}f", sym.group, sym.decimal, sym.minus

    def formatted(value: float) -> str:
        if not math.isfinite(value):
            return babel_number(value, decimals, lang)
        return format(value, spec).replace(",", group).replace(".", point).replace("-", minus)

    return formatted


@cache
def _percent_formatter(lang: str, decimals: int) -> Callable[[float], str]:
    """``fmt_number`` set in CLDR's percent pattern, for one language and number of decimals."""
    number, sym = _number_formatter(lang, decimals), symbols(lang)
    (before, before_negative), (after, after_negative) = sym.percent_before, sym.percent_after
    minus, cut = sym.minus, len(sym.minus)

    def formatted(percent: float) -> str:
        text = number(percent)
        if text.startswith(minus):  # also −0,0 for a small negative change, as fmt_number writes it
            return before_negative + text[cut:] + after_negative
        return before + text + after

    return formatted


def fmt_number(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE) -> str:
    """``5049`` → ``5 049`` (fi, a no-break space) / ``5,049`` (en); ``1.03`` with 2 decimals → ``1,03``;
    ``-87`` → ``−87`` (fi, U+2212) / ``-87`` (en). CLDR's symbols, exactly ``decimals`` fraction digits."""
    if _is_missing(value):
        return "–"
    return _number_formatter(lang, decimals)(float(value))


def fmt_int(value: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A count: ``5 049``."""
    return fmt_number(value, 0, lang)


def fmt_pct(percent: float | None, decimals: int = 1, lang: str = DEFAULT_LANGUAGE) -> str:
    """A percent (0–100, not a fraction) in CLDR's percent pattern: ``44,3 %`` (fi, a no-break space) /
    ``44.3%`` (en)."""
    if _is_missing(percent):
        return "–"
    return _percent_formatter(lang, decimals)(float(percent))


def fmt_signed(value: float | None, decimals: int = 0, lang: str = DEFAULT_LANGUAGE, suffix: str = "") -> str:
    """A change with its sign: ``+484``, ``−87`` (fi; ``-87`` in en), ``+10,6 %``; exactly 0 is ``±0``. The plus
    and minus signs are CLDR's."""
    if _is_missing(value):
        return "–"
    if value == 0:
        sign, value = "±", 0.0  # not "±-0" for a negative zero
    else:
        sign = symbols(lang).plus if value > 0 else ""  # the minus comes with the number
    if suffix == "%":
        return sign + fmt_pct(value, decimals, lang)
    if suffix == "pp":
        return sign + fmt_number(value, decimals, lang) + " " + t("unit.points", lang)
    return sign + fmt_number(value, decimals, lang) + suffix


def fmt_date(value: date | pd.Timestamp | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """A day in CLDR's short date format: ``1.7.2024`` (fi, sv) / ``01/07/2024`` (en)."""
    if _is_missing(value) or value is pd.NaT:
        return "–"
    return _format_day(value.date() if isinstance(value, datetime) else value, lang)  # a Timestamp is a datetime


@lru_cache(maxsize=4096)
def _format_day(day: date, lang: str) -> str:
    """Babel's date formatting, remembered per day: a table's dates repeat, and Babel takes ~5 µs a date."""
    return format_date(day, locale(lang).date_formats["short"], locale=locale(lang))


def fmt_eur_millions(eur: float | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """``22 700 000`` → ``22,7 M€`` (a no-break space before ``M€``)."""
    if _is_missing(eur):
        return "–"
    return f"{fmt_number(eur / 1e6, 1, lang)}\u00a0M€"


def d3_format_locale(lang: str = DEFAULT_LANGUAGE) -> dict:
    """The Vega/d3 number-format locale from the same CLDR symbols as the text, so chart axes and tooltips
    write numbers as the sentences and tables do: group and decimal symbols, grouping, minus, percent and the
    euro's place in CLDR's currency pattern (``["", "\u00a0€"]`` in fi, ``["€", ""]`` in en)."""
    loc, sym = locale(lang), symbols(lang)
    primary, secondary = loc.decimal_formats[None].grouping
    currency = loc.currency_formats["standard"]
    return {"decimal": sym.decimal, "thousands": sym.group,
            "grouping": [primary] if primary == secondary else [primary, secondary],
            "currency": [currency.prefix[0].replace("¤", "€"), currency.suffix[0].replace("¤", "€")],
            "minus": sym.minus, "percent": percent_sign(lang)}

"""Periods and Finnish number formats as users write them."""
from __future__ import annotations

import math
import random

import pandas as pd
import pytest
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from analytics.core.errors import DataError
from analytics.core.periods import HalfYear, Tertial, rai_half_years_for_review
from analytics.domain.status import MET, NEAR, NO_TARGET, NOT_MET, target_status
from analytics.text import i18n
from analytics.text.i18n import (
    babel_number,
    d3_format_locale,
    fmt_date,
    fmt_eur_millions,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_signed,
    load_messages,
    locale,
    percent_sign,
    plural_form,
    t,
    t_count,
    uses_comma,
)

NBSP, MINUS = "\u00a0", "\u2212"


def test_tertial_labels_round_trip():
    tertial = Tertial.parse("5-8/2024")
    assert (tertial.year, tertial.index) == (2024, 2)
    assert tertial.label == "5-8/2024"
    assert tertial.year_before().label == "5-8/2023"
    assert tertial.start == pd.Timestamp(2024, 5, 1) and tertial.end == pd.Timestamp(2024, 9, 1)
    assert Tertial.parse("1-4/2024").previous().label == "9-12/2023"


@pytest.mark.parametrize("bad", ["5-9/2024", "2024", "", "x-y/z", None])
def test_bad_tertial_says_how_to_write_it(bad):
    with pytest.raises(DataError, match="5-8"):
        Tertial.parse(bad)


def test_half_years_and_the_review_rule():
    assert HalfYear.parse("7-12/2023").thl_label == "1.7.-31.12.2023"
    available = [HalfYear(y, h) for y in (2023, 2024) for h in (1, 2)]
    chosen = rai_half_years_for_review(Tertial(2024, 2), available)
    assert [h.label for h in chosen] == ["7-12/2023", "1-6/2023"]
    assert [h.label for h in rai_half_years_for_review(Tertial(2024, 3), available)] == ["1-6/2024", "7-12/2023"]


def test_finnish_and_english_numbers():
    assert fmt_int(5049) == f"5{NBSP}049"
    assert fmt_pct(44.3) == f"44,3{NBSP}%"
    assert fmt_pct(44.3, lang="en") == "44.3%"
    assert fmt_int(5049, "en") == "5,049"
    assert fmt_signed(-87) == f"{MINUS}87" and fmt_signed(484) == "+484"
    assert fmt_signed(1.24, 1, "fi", "pp") == "+1,2 %-yks."
    assert fmt_signed(-0.7, 1, "en", "pp") == "-0.7 pp"
    assert fmt_date(pd.Timestamp(2024, 7, 1)) == "1.7.2024"


@pytest.mark.parametrize("lang,group,decimal,minus,number,percent,negative_percent,signed,date", [
    ("fi", NBSP, ",", MINUS, f"{MINUS}1{NBSP}234{NBSP}567,89", f"44,3{NBSP}%", f"{MINUS}2,1{NBSP}%",
     f"+10,6{NBSP}%", "1.7.2024"),
    ("sv", NBSP, ",", MINUS, f"{MINUS}1{NBSP}234{NBSP}567,89", f"44,3{NBSP}%", f"{MINUS}2,1{NBSP}%",
     f"+10,6{NBSP}%", "1.7.2024"),
    ("en", ",", ".", "-", "-1,234,567.89", "44.3%", "-2.1%", "+10.6%", "01/07/2024"),
])
def test_cldr_formats_of_each_language(lang, group, decimal, minus, number, percent, negative_percent, signed, date):
    """What CLDR (Babel 2.19) writes, pinned: fi_FI, sv_FI and en_GB."""
    assert (get_group_symbol(locale(lang)), get_decimal_symbol(locale(lang))) == (group, decimal)
    assert uses_comma(lang) == (decimal == ",")
    assert fmt_number(-1234567.891, 2, lang) == number
    assert fmt_int(5049, lang) == f"5{group}049" and fmt_number(0.5, 0, lang) == "0"  # half to even, as before
    assert fmt_pct(44.3, 1, lang) == percent and fmt_pct(-2.1, 1, lang) == negative_percent
    assert percent_sign(lang) == percent.removeprefix("44.3").removeprefix("44,3")
    assert fmt_signed(10.6, 1, lang, "%") == signed and fmt_signed(-87, 0, lang) == f"{minus}87"
    assert fmt_signed(0, 1, lang) == f"±0{decimal}0" and fmt_signed(-0.0, 0, lang) == "±0"  # exactly zero
    assert fmt_date(pd.Timestamp(2024, 7, 1), lang) == date and fmt_date(pd.NaT, lang) == "–"
    assert fmt_eur_millions(22_700_000, lang) == f"22{decimal}7{NBSP}M€"
    for missing in (None, float("nan"), pd.NA):
        assert fmt_number(missing, 1, lang) == fmt_pct(missing, 1, lang) == fmt_signed(missing, 1, lang) == "–"


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_charts_use_the_text_symbols(lang):
    """The chart locale's separators are the text's, so one page never shows two thousands separators."""
    chart = d3_format_locale(lang)
    assert chart["thousands"] == get_group_symbol(locale(lang)) == fmt_int(5049, lang)[1]
    assert chart["decimal"] == get_decimal_symbol(locale(lang)) == fmt_number(1.5, 1, lang)[1]
    assert chart["minus"] == fmt_int(-1, lang)[0] and chart["percent"] == percent_sign(lang)
    assert chart["grouping"] == [3]
    assert chart["currency"] == (["€", ""] if lang == "en" else ["", f"{NBSP}€"])


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize("decimals", [0, 1, 2, 3])
def test_the_fast_number_format_is_babels(lang, decimals):
    """``fmt_number`` writes what Babel's own pattern formatting writes (and ``format_decimal``, but for the
    minus sign, which Babel leaves as CLDR's pattern ``-``), for many values, halves and huge ones included."""
    rng = random.Random(decimals)
    values = [0.0, 0.5, 1.5, 2.5, -0.5, 10.65, 2.675, 1e15, -123456.785, 999.95, 0.001]
    values += [rng.uniform(-1e7, 1e7) for _ in range(300)] + [rng.uniform(-1, 1) for _ in range(100)]
    minus = fmt_int(-1, lang)[0]
    for value in values:
        assert fmt_number(value, decimals, lang) == babel_number(value, decimals, lang), value
        if round(value, 6) == value:  # a short decimal: Babel's format_decimal reads it as written
            babel = format_decimal(value, format=i18n.number_pattern(lang, decimals).pattern, locale=locale(lang))
            fast = fmt_number(value, decimals, lang).replace(minus, "-")
            assert fast == babel or math.isclose(abs(value * 10 ** decimals) % 1, 0.5), value
    assert fmt_number(float("inf"), 1, lang) == "∞" and fmt_number(float("-inf"), 1, lang) == f"{minus}∞"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_plural_forms_follow_cldr(lang):
    assert plural_form(1, lang) == "one" and plural_form(1.0, lang) == "one"
    assert [plural_form(n, lang) for n in (0, 2, 5, 11, 21, 101, 5049)] == ["other"] * 7
    assert plural_form(None, lang) == "other"


def test_a_counted_message_takes_the_form_of_its_count():
    assert t_count("data.ready", 1) == "Tiedosto on kunnossa: 1 uusi rivi voidaan tuoda."
    assert t_count("data.ready", 2) == "Tiedosto on kunnossa: 2 uutta riviä voidaan tuoda."
    assert t_count("data.ready", 0, "en") == "The file is fine: 0 new rows can be imported."
    assert t_count("data.ready", 1, "en") == "The file is fine: 1 new row can be imported."
    assert t_count("data.ready", 5049, "en") == "The file is fine: 5,049 new rows can be imported."
    assert t_count("data.ready", 5049, "sv") == f"Filen är i ordning: 5{NBSP}049 nya rader kan importeras."
    assert t_count("spc.reason_outside", 1, "en", latest="3/2024") == "one point outside the control limits (3/2024)"


def test_an_import_reason_with_a_count_takes_its_form():
    from analytics.text.importer import reason_text
    engine = "would disappear but {} row(s) of incidents use it; keep the unit or append instead of replacing"
    assert reason_text(engine.format(1), "en").startswith("would disappear but 1 row of incidents uses it;")
    assert reason_text(engine.format(2), "en").startswith("would disappear but 2 rows of incidents use it;")
    assert reason_text(engine.format(1234), "fi").startswith("poistuisi, mutta 1\u00a0234 riviä taulussa incidents")
    assert reason_text(engine.format(1), "sv").startswith("skulle försvinna men 1 rad i tabellen incidents")


def test_a_counted_message_without_swedish_shows_finnish(tmp_path, monkeypatch):
    texts = {"fi": '"n.one" = "{count} rivi"\n"n.other" = "{count} riviä"\n',
             "en": '"n.one" = "{count} row"\n"n.other" = "{count} rows"\n', "sv": ""}
    for lang, text in texts.items():
        (tmp_path / f"{lang}.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(i18n, "MESSAGES", load_messages(tmp_path))
    assert [t_count("n", n, "sv") for n in (1, 1234)] == ["1 rivi", f"1{NBSP}234 riviä"]
    assert [t_count("n", n, "en") for n in (1, 1234)] == ["1 row", "1,234 rows"]


def test_messages_fall_back_to_finnish_and_fill_values():
    assert t("overview.title", "en", period="5-8/2024").endswith("5-8/2024?")
    assert t("overview.title", "de", period="1-4/2024").startswith("Miten")  # a language with no texts


@pytest.mark.parametrize("value,target,better,expected", [
    (7.0, 7, "lower", MET), (7.04, 7, "lower", MET), (7.5, 7, "lower", NEAR), (9.0, 7, "lower", NOT_MET),
    (56.0, 57, "higher", NEAR), (40.0, 57, "higher", NOT_MET), (1.03, None, "none", NO_TARGET),
])
def test_target_status(value, target, better, expected):
    assert target_status(value, target, better) == expected


def test_under_14_days_is_not_met_at_14():
    assert target_status(13, 14, "lower", 0, strict=True) == MET
    assert target_status(14, 14, "lower", 0, strict=True) == NEAR
    assert target_status(14, 14, "lower", 0) == MET


def test_available_tertials_skip_incomplete_ones():
    from analytics.data.filters import available_tertials
    incidents = pd.DataFrame({"report_date": pd.to_datetime(["2021-02-03", "2024-10-15"])})
    rescue = pd.DataFrame({"alarm_time": pd.to_datetime(["2021-03-01"])})
    labels = [x.label for x in available_tertials(incidents, rescue)]
    assert labels[0] == "5-8/2024" and labels[-1] == "5-8/2021"

"""The county comparison (Aluevertailu) in words: its findings and display tables, in Finnish, English or
Swedish. The figures are computed in analytics.views.comparison; this module only says them.

Use from a notebook::

    from analytics.text import comparison as comparison_words
    from analytics.views.comparison import rescue_by_county
    table = rescue_by_county(load_bundle("data"), Tertial.parse("5-8/2024"))
    comparison_words.rescue_finding(table, "I", "Päijät-Hämeen hyvinvointialue", "fi")
"""
from __future__ import annotations

import math

import pandas as pd

from analytics.data.catalogue import Catalogue, Indicator
from analytics.text.catalogue import format_value, response_minutes, target_percent
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_int, fmt_number, fmt_pct, fmt_signed, join_and, md_text, t
from analytics.views.comparison import RaiComparison, national_share_target


def _names(frame: pd.DataFrame, lang: str) -> str:
    return join_and([md_text(c) for c in frame["county"]], lang) if len(frame) else t("county_cmp.none", lang)


def rescue_finding(table: pd.DataFrame, risk_class: str, county: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """How many counties meet the national target for certain in ``risk_class``, and where ``county`` stands."""
    rows = table[table["risk_class"] == risk_class].reset_index(drop=True)
    if not len(rows):
        return t("county_cmp.rescue_none", lang)
    mine = rows.index[rows["county"] == county]
    share = fmt_pct(rows.loc[mine[0], "share_pct"], 1, lang) if len(mine) else "–"
    text = t("county_cmp.rescue_finding", lang, risk_class=risk_class, met=fmt_int(int((rows["status"] == "met").sum()), lang),
             target=target_percent(rows["target_pct"].iloc[0], lang),
             total=fmt_int(len(rows), lang), county=md_text(county or "–"), share=share,
             rank=fmt_int(int(mine[0]) + 1, lang) if len(mine) else "–")
    below = rows[rows["status"] != "met"]
    return text + (" " + t("county_cmp.rescue_below", lang, names=_names(below, lang)) if len(below) else "")


def rai_finding(result: RaiComparison, county: str | None, indicator: Indicator, lang: str = DEFAULT_LANGUAGE) -> str:
    """The national value, the chosen county's value and verdict, and the counties clearly better or worse."""
    table = result.table
    if not table["value_pct"].notna().any():
        return t("county_cmp.rai_no_data", lang)
    mine = table[table["county"] == county]
    value = mine["value_pct"].iloc[0] if len(mine) else math.nan
    verdict = mine["verdict"].iloc[0] if len(mine) else "hidden"
    text = t("county_cmp.rai_finding", lang, national=format_value(result.national_pct, indicator, lang),
             county=md_text(county or "–"), value=format_value(value, indicator, lang),
             verdict=t(f"county_cmp.verdict.{verdict}", lang))
    return text + " " + t("county_cmp.rai_outside", lang, better=_names(table[table["verdict"] == "better"], lang),
                          worse=_names(table[table["verdict"] == "worse"], lang))


def rescue_display(table: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The rescue comparison as shown: Finnish (or English) headers and formatted numbers."""
    return pd.DataFrame({
        t("county_cmp.col.risk_class", lang): table["risk_class"],
        t("county_cmp.col.county", lang): table["county"],
        t("county_cmp.col.tasks", lang): [fmt_int(v, lang) for v in table["tasks"]],
        t("county_cmp.col.share", lang): [fmt_pct(v, 1, lang) for v in table["share_pct"]],
        t("county_cmp.col.interval", lang): [f"{fmt_number(lo, 1, lang)}–{fmt_pct(hi, 1, lang)}"
                                             for lo, hi in zip(table["lower_pct"], table["upper_pct"])],
        t("county_cmp.col.median", lang): [fmt_number(v, 1, lang) for v in table["median_minutes"]],
        t("county_cmp.col.status", lang): [t(f"county_cmp.status.{s}", lang, target=target_percent(goal, lang))
                                           for s, goal in zip(table["status"], table["target_pct"])],
    })


def rai_display(result: RaiComparison, indicator: Indicator, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The RAI comparison as shown; hidden values as "–"."""
    table = result.table
    return pd.DataFrame({
        t("county_cmp.col.county", lang): table["county"],
        t("county_cmp.col.value", lang): [format_value(v, indicator, lang) for v in table["value_pct"]],
        t("county_cmp.col.interval", lang): ["–" if lo != lo else
                                             f"{fmt_number(lo, 1, lang)}–{format_value(hi, indicator, lang)}"
                                             for lo, hi in zip(table["lower_pct"], table["upper_pct"])],
        t("county_cmp.col.n", lang): ["–" if d != d else fmt_int(d, lang) for d in table["denominator"]],
        t("county_cmp.col.difference", lang): ["–" if d != d else fmt_signed(d, 1, lang)
                                               for d in table["difference_pp"]],
        t("county_cmp.col.verdict", lang): [t(f"county_cmp.verdict.{v}", lang) for v in table["verdict"]],
    })


def method(catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's method text, with the catalogue's minute targets and national target share."""
    shares = {national_share_target(catalogue, ind.risk_class) for ind in catalogue.by_domain("rescue")} - {None}
    return t("county_cmp.method", lang, minutes=response_minutes(catalogue, lang),
             target=join_and([target_percent(v, lang) for v in sorted(shares)], lang) or "–")

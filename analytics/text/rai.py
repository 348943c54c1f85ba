"""The RAI page in words: the findings, the verdicts and the display tables, in Finnish, English or Swedish.

The figures come from analytics.views.rai (numbers and codes, with THL's small-number rule already applied);
the sentences and the tables people read are made here. Use from a notebook::

    from analytics.views.rai import build_rai_view
    from analytics.text import rai as rai_words
    view = build_rai_view(load_bundle("data"), "kotihoito", HalfYear(2023, 2))
    rai_words.status_finding(view, bundle.catalogue, "fi")   # how many indicators meet their target
"""
from __future__ import annotations

import math

import pandas as pd
from pandas.io.formats.style import Styler

from analytics.data.catalogue import Catalogue, Indicator
from analytics.domain.privacy import MIN_CASES
from analytics.domain.rai import display_decimals
from analytics.domain.status import MET, NEAR, NO_DATA, NO_TARGET, NOT_MET
from analytics.stats.funnel import MIN_UNITS, Funnel
from analytics.text.catalogue import format_target, format_value
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_int, fmt_number, join_and, md_text, percent_sign, t
from analytics.text.statistics import overdispersion_sentence
from analytics.text.status import status_text
from analytics.views.rai import RaiView, funnel_table, target_summary, units_data


def verdict_text(flag: str, side: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A unit's funnel verdict in words: ``yli 99,8 %:n rajan (heikompi)``, ``rajojen sisällä``, ``–``."""
    if not flag:
        return "–"
    return f"{t('rai.flag.' + flag, lang)} ({t('rai.side.' + side, lang)})" if side else t("rai.flag." + flag, lang)


def gap_text(status: str, gap: float, ind: Indicator, lang: str = DEFAULT_LANGUAGE) -> str:
    """How far from the target: ``1,0 %-yks. parempi`` / ``4,0 %-yks. heikompi`` / ``tasan tavoitteessa``."""
    if status in (NO_DATA, NO_TARGET) or gap is None or math.isnan(gap):
        return ""
    if gap == 0:
        return t("rai.gap_equal", lang)
    amount = fmt_number(abs(gap), display_decimals(ind), lang)
    unit = " " + t("unit.points", lang) if ind.unit == "%" else ""
    return t("rai.gap_better" if gap < 0 else "rai.gap_worse", lang, amount=amount + unit)


def status_finding(view: RaiView, catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """How many indicators meet their target, and the one furthest from it."""
    summary = target_summary(view)
    if not summary.judged:
        return t("rai.finding_withheld" if view.withheld else "rai.finding_no_data", lang, half=view.half.label)
    setting = t(f"setting.{view.setting}", lang)
    text = t("rai.finding", lang, setting=setting, half=view.half.label, met=summary.met, total=summary.judged,
             n=fmt_int(view.n, lang))
    worst = summary.worst
    if worst is not None:
        ind = catalogue.get(worst["indicator_id"])
        text += " " + t("rai.finding_worst", lang, name=ind.name(lang), value=format_value(worst["value"], ind, lang),
                        target=format_target(worst["target"], ind, lang))
    return text


def funnel_finding(result: Funnel | None, ind: Indicator, view: RaiView, centre: str,
                   lang: str = DEFAULT_LANGUAGE) -> str:
    """Which units lie outside the 99,8 % limits, said as better or worse than the centre; who is left out."""
    hidden = view.hidden_units.get(ind.id, ())
    left_out = t("rai.units_hidden", lang, count=len(hidden), min=MIN_CASES) if hidden else ""
    if ind.kind != "share":
        return " ".join(filter(None, [t("rai.funnel_score", lang), left_out]))
    if result is None:
        return " ".join(filter(None, [t("rai.funnel_too_few", lang, min=MIN_UNITS), left_out]))
    centre_text = t("rai.centre_national" if centre == "national" else "rai.centre_county", lang)
    table = funnel_table(result, ind)
    parts = []
    for side in ("worse", "better"):
        named = table[table["side"] == side]
        if len(named):
            listed = join_and([f"{md_text(r.unit)} ({format_value(r.value_pct, ind, lang)}, "
                               f"n = {fmt_int(r.assessed, lang)})" for r in named.itertuples(index=False)], lang)
            parts.append(t(f"rai.funnel_{side}", lang, units=listed))
    if not parts:
        text = t("rai.funnel_none", lang, count=len(table), centre=centre_text,
                 value=format_value(result.centre * 100, ind, lang))
    else:
        text = t("rai.funnel_some", lang, count=len(table), centre=centre_text,
                 value=format_value(result.centre * 100, ind, lang), which=" ".join(parts))
    if result.overdispersion is not None:
        text += " " + overdispersion_sentence(result.overdispersion, lang)
    return " ".join(filter(None, [text, left_out]))


def profile_finding(profile: pd.DataFrame, unit_name: str, catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """The unit's indicators outside the county's 99,8 % limits, or that it has none; or why nothing is shown."""
    unit_name = md_text(unit_name)  # a name from the data, literal in the Markdown sentence
    if profile["unit_value"].isna().all():
        few = "small" not in profile or bool(profile["small"].any())
        return t("rai.profile_hidden" if few else "rai.profile_withheld", lang, unit=unit_name, min=MIN_CASES)
    parts = []
    for side in ("worse", "better"):
        names = [catalogue.get(i).name(lang) for i in profile.loc[profile["side"] == side, "indicator_id"]]
        if names:
            parts.append(t(f"rai.profile_{side}", lang, names=join_and(names, lang)))
    if not parts:
        return t("rai.profile_none", lang, unit=unit_name)
    return t("rai.profile_some", lang, unit=unit_name, which=" ".join(parts))


# --- display tables ---------------------------------------------------------------------------

STATUS_COLOURS = {MET: "#dcefd8", NEAR: "#fdebc8", NOT_MET: "#f8d4d0"}
"""Light backgrounds behind the status words (the words and symbols carry the meaning too)."""


def _format_rows(styler: Styler, frame: pd.DataFrame, kinds: list[str], columns: list[str],
                 lang: str, target: bool = False) -> Styler:
    """Format ``columns`` row by row: shares ``8,0 %``, scores ``1,03`` (targets as ``7 %``)."""
    for kind, decimals, suffix in (("share", 1, percent_sign(lang)), ("score", 2, "")):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        if rows:
            for column in columns:
                digits = (lambda v: 0 if float(v).is_integer() else 1) if target else (lambda v, d=decimals: d)
                styler = styler.format(lambda v, s=suffix, dg=digits: fmt_number(v, dg(v), lang) + s,
                                       subset=pd.IndexSlice[frame.index[rows], [column]], na_rep="–")
    return styler


DIRECTION_SYMBOLS = {"lower": "↓", "higher": "↑"}


def status_display(view: RaiView, catalogue: Catalogue, lang: str) -> Styler:
    """The 'where do we stand' table: numbers stay numbers (columns sort by value), shown in the
    language's format; the status cell says in words, with a symbol and a light colour, whether the
    target is met and how far. The better direction is an arrow (the caption explains it)."""
    rows = view.status
    inds = [catalogue.get(i) for i in rows["indicator_id"]]
    half_col, prev_col, nat_col = view.half.label, view.previous.label, t("word.national", lang)
    status_col = t("word.status", lang)
    frame = pd.DataFrame({
        t("word.indicator", lang): [i.name(lang) for i in inds],
        t("rai.better", lang): [DIRECTION_SYMBOLS.get(i.better, "–") for i in inds],
        half_col: rows["value"].to_numpy(), prev_col: rows["previous"].to_numpy(),
        nat_col: rows["national"].to_numpy(), t("word.target", lang): rows["target"].to_numpy(),
        status_col: [" · ".join(filter(None, [status_text(s, lang), gap_text(s, g, i, lang)]))
                     for s, g, i in zip(rows["status"], rows["gap"], inds)],
    })
    kinds = list(rows["kind"])
    styler = frame.style.hide(axis="index")
    styler = _format_rows(styler, frame, kinds, [half_col, prev_col, nat_col], lang)
    styler = _format_rows(styler, frame, kinds, [t("word.target", lang)], lang, target=True)
    colours = [STATUS_COLOURS.get(s, "") for s in rows["status"]]
    return styler.apply(lambda column: [f"background-color: {c}" if c else "" for c in colours],
                        subset=[status_col])


def status_caption(view: RaiView, lang: str) -> str:
    """Who the columns count: the assessed clients of each half-year and of the country."""
    return t("rai.status_n", lang, half=view.half.label, n=fmt_int(view.n, lang), previous=view.previous.label,
             previous_n=fmt_int(view.previous_n, lang), national_n=fmt_int(view.national_n, lang))


def series_data(view: RaiView, catalogue: Catalogue, lang: str) -> pd.DataFrame:
    """The small multiples' numbers: one row per indicator and half-year (values rounded as shown), with the
    indicator's name in the language as the charts' label."""
    frame = view.series.copy()
    decimals = {i.id: display_decimals(i) for i in catalogue.by_domain("rai", view.setting)}
    frame.insert(1, "indicator", [catalogue.get(i).name(lang) for i in frame["indicator_id"]])
    for column in ("county", "national"):
        frame[column] = [round(v, decimals[i]) if v == v else v for v, i in zip(frame[column], frame["indicator_id"])]
    return frame


def units_display(view: RaiView, catalogue: Catalogue, ind: Indicator, result: Funnel | None,
                  lang: str) -> tuple[Styler, pd.DataFrame]:
    """The units of one indicator: palvelualue, unit, assessed clients, value, and the funnel verdict.

    Only units whose value may be shown are listed; the download is the same rows as numbers
    (analytics.views.rai.units_data).
    """
    data = units_data(view, ind, result)
    value_col = f"{ind.name(lang)} ({view.half.label})"
    shown = pd.DataFrame({
        t("filter.palvelualue", lang): data["palvelualue"], t("rai.choose_unit", lang): data["unit"],
        t("rai.assessed", lang): data["assessed"], value_col: data["value"],
        t("rai.difference", lang): [verdict_text(f, s, lang) for f, s in zip(data["flag"], data["side"])],
    })
    styler = shown.style.hide(axis="index").format(lambda v: fmt_int(v, lang), subset=[t("rai.assessed", lang)])
    styler = _format_rows(styler, shown, [ind.kind] * len(shown), [value_col], lang)
    return styler, data


def profile_display(profile: pd.DataFrame, catalogue: Catalogue, lang: str) -> Styler:
    """The unit's profile as a table: unit value, county, national, target and the funnel verdict."""
    inds = [catalogue.get(i) for i in profile["indicator_id"]]
    unit_col, county_col = t("rai.unit_value", lang), t("rai.county_value", lang)
    frame = pd.DataFrame({
        t("word.indicator", lang): [i.name(lang) for i in inds],
        t("rai.assessed", lang): profile["assessed"].to_numpy(),
        unit_col: profile["unit_value"].to_numpy(), county_col: profile["county"].to_numpy(),
        t("word.national", lang): profile["national"].to_numpy(), t("word.target", lang): profile["target"].to_numpy(),
        t("rai.difference", lang): [verdict_text(f, s, lang) for f, s in zip(profile["flag"], profile["side"])],
    })
    kinds = list(profile["kind"])
    styler = frame.style.hide(axis="index").format(lambda v: fmt_int(v, lang), subset=[t("rai.assessed", lang)],
                                                    na_rep="–")
    styler = _format_rows(styler, frame, kinds, [unit_col, county_col, t("word.national", lang)], lang)
    return _format_rows(styler, frame, kinds, [t("word.target", lang)], lang, target=True)


def profile_chart_data(profile: pd.DataFrame, catalogue: Catalogue, unit_name: str, lang: str) -> pd.DataFrame:
    """The profile's share indicators in long form for the dot chart: indicator, who, value, verdict.

    Only values that may be shown: an indicator whose unit value is hidden is left out entirely.
    """
    rows = []
    for r in profile[(profile["kind"] == "share") & profile["unit_value"].notna()].itertuples(index=False):
        name = catalogue.get(r.indicator_id).name(lang)
        verdict = verdict_text(r.flag, r.side, lang)
        for who, value in ((unit_name, r.unit_value), (t("rai.county_value", lang), r.county),
                           (t("word.national", lang), r.national)):
            if value == value:
                rows.append({"indicator": name, "who": who, "value": round(float(value), 1), "verdict": verdict})
    return pd.DataFrame(rows, columns=["indicator", "who", "value", "verdict"])

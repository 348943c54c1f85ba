"""The incidents page (Vaaratapahtumat) in words: its findings and display tables, in Finnish, English or
Swedish. The figures are computed in analytics.views.incidents; this module only says them.

Use from a notebook::

    from analytics.text import incidents as incident_words
    from analytics.views.incidents import build_incident_view
    view = build_incident_view(load_bundle("data"), Tertial.parse("5-8/2024"))
    incident_words.finding(view, "fi")            # the opening finding
    incident_words.category_display(view, "en")   # the category table as shown
"""
from __future__ import annotations

import math

import pandas as pd
from pandas.io.formats.style import Styler

from analytics.data.catalogue import Catalogue
from analytics.domain import incidents as inc
from analytics.domain.privacy import SUPPRESSED_TEXT, count_hidden
from analytics.domain.status import MET, growth_status
from analytics.stats.spc import CountChartChoice, SpcChart
from analytics.text.i18n import (
    DEFAULT_LANGUAGE,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_signed,
    label,
    md_text,
    single_spaced,
    t,
    t_count,
)
from analytics.text.catalogue import target_number, target_percent
from analytics.text.statistics import change_verdict, count_chart_sentence, spc_sentence
from analytics.text.tables import SUPPRESSED, localised
from analytics.views.incidents import IncidentView


def finding(view: IncidentView, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's opening finding: how many reports, the change, whether it is real, and the caveat."""
    total = view.categories.set_index("category").loc["total"]
    comparison = view.comparisons.get("total")
    if math.isnan(total["current"]):
        return t("incidents.finding_withheld", lang, period=view.tertial.label, previous=fmt_int(total["previous"], lang))
    change = fmt_signed(total["change_pct"], 1, lang, "%") if not math.isnan(total["change_pct"]) else "–"
    text = t_count("incidents.finding", total["current"], lang, period=view.tertial.label,
                   previous=fmt_int(total["previous"], lang), change=change,
                   verdict=change_verdict(comparison, lang) if comparison else "")
    return single_spaced(text)


def category_display(view: IncidentView, lang: str) -> pd.DataFrame:
    """The category table in words: counts, change, rate ratio interval and the verdict."""
    before = view.tertial.year_before().label
    rows = []
    for row in view.categories.itertuples(index=False):
        comparison = view.comparisons.get(row.category)
        rows.append({
            t("incidents.category", lang): label("category", row.category, lang),
            view.tertial.label: SUPPRESSED_TEXT if getattr(row, "small_current", False) else fmt_int(row.current, lang),
            before: SUPPRESSED_TEXT if getattr(row, "small_previous", False) else fmt_int(row.previous, lang),
            t("word.change", lang): fmt_signed(row.change, 0, lang) + (
                f" ({fmt_signed(row.change_pct, 1, lang, '%')})" if not math.isnan(row.change_pct) else ""),
            t("incidents.interval", lang): (f"{fmt_signed((comparison.lower - 1) * 100, 1, lang, '%')} … "
                                            f"{fmt_signed((comparison.upper - 1) * 100, 1, lang, '%')}"
                                            if comparison and math.isfinite(comparison.upper) else "–"),
            t("incidents.variation", lang): (t("incidents.real" if comparison.significant else "incidents.normal", lang)
                                             if comparison else "–"),
        })
    return pd.DataFrame(rows)


def _shown(value: int, hidden: bool) -> float:
    """A count as the table shows it: itself, the "< 5" stand-in, or missing (hidden as a complement)."""
    if not hidden:
        return value
    return SUPPRESSED if count_hidden(value) else math.nan


def _download(value: float) -> str | int | None:
    if value == SUPPRESSED:
        return SUPPRESSED_TEXT
    return None if value != value else int(value)


def where_display(view: IncidentView, lang: str) -> tuple[Styler, pd.DataFrame]:
    """The 'where' table for the screen (sortable numbers) and its download, both with THL's small-number rule.

    A count of 1–4 is the stand-in ``SUPPRESSED`` on screen (shown as "< 5", sorting between 0 and 5)
    and "< 5" in the download; a count hidden with it (secondary suppression) is left empty; a row
    with a hidden count has no change or median.
    """
    before = view.tertial.year_before().label
    shown, data = [], []
    for row in view.where.itertuples(index=False):
        hidden = bool(row.suppressed)
        current = _shown(row.current, row.hide_current)
        previous = _shown(row.previous, row.hide_previous)
        median = math.nan if hidden else row.median_days
        change = math.nan if hidden else row.change
        shown.append({
            t("filter.palvelualue", lang): row.palvelualue,
            t("incidents.unit", lang): row.unit if row.level == "unit" else t("incidents.all_units", lang),
            view.tertial.label: current, before: previous, t("word.change", lang): change,
            t("incidents.median_days", lang): median,
        })
        data.append({
            "palvelualue": row.palvelualue, "unit": row.unit if row.level == "unit" else "", "level": row.level,
            "current": _download(current), "previous": _download(previous),
            "change": None if hidden else int(change),
            "median_reaction_days": None if math.isnan(median) else median,
        })
    styled = localised(pd.DataFrame(shown), lang, counts=(view.tertial.label, before),
                       signed=(t("word.change", lang),), numbers={t("incidents.median_days", lang): 0})
    return styled, pd.DataFrame(data)


def reaction_display(view: IncidentView, lang: str) -> Styler:
    within = t("incidents.within_target", lang, days=target_number(view.reaction_target_days, lang))
    frame = view.reaction_by_area.rename(columns={
        "palvelualue": t("filter.palvelualue", lang), "reports": t("incidents.reports", lang),
        "median_days": t("incidents.median_days", lang), "within_target_pct": within,
        "unhandled": t("incidents.unhandled", lang)}).drop(columns="handled")
    return localised(frame, lang, counts=(t("incidents.reports", lang), t("incidents.unhandled", lang)),
                     numbers={t("incidents.median_days", lang): 0}, percents={within: 1})


def reaction_band(low: float, target_days: float, lang: str) -> str:
    """The band of a reaction-time bin that starts at ``low`` days: under the target or at it and over."""
    key = "incidents.within" if low < target_days else "incidents.over"
    return t(key, lang, days=target_number(target_days, lang))


def observation_title(view: IncidentView, lang: str) -> str:
    """The observation-share chart's title, with the catalogue's target."""
    return t("incidents.observation_title", lang, target=target_percent(view.observation_target_pct, lang))


def method(catalogue: Catalogue, lang: str) -> str:
    """The page's method text, with the catalogue's reaction-time target."""
    return t("incidents.method", lang, days=target_number(catalogue.target_value(inc.REACTION_TIME), lang))


def types_display(view: IncidentView, lang: str) -> Styler:
    frame = pd.DataFrame({
        t("incidents.event_type", lang): [label("event_type", c, lang) for c in view.types["event_type"]],
        t("incidents.reports", lang): view.types["count"].to_numpy(),
        t("incidents.share", lang): view.types["share_pct"].to_numpy(),
        view.tertial.year_before().label: view.types["previous_share_pct"].to_numpy(),
        t("word.change", lang) + f" ({t('unit.points', lang)})": view.types["change_pp"].to_numpy(),
    })
    change = frame.columns[-1]
    styler = localised(frame, lang, counts=(t("incidents.reports", lang),),
                       percents={t("incidents.share", lang): 1, view.tertial.year_before().label: 1})
    return styler.format(lambda v: fmt_signed(v, 1, lang), subset=[change])


def trend_finding(trend: SpcChart, choice: CountChartChoice, lang: str = DEFAULT_LANGUAGE) -> str:
    """Which chart and why (with the dispersion φ), then what the chart shows."""
    return count_chart_sentence(choice, lang) + " " + spc_sentence(trend, lang)


def trend_title(trend: SpcChart, category_name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The trend chart's title, naming the chart drawn (c or I)."""
    return t("incidents.trend_title", lang, category=category_name, chart=t(f"spc.chart_name.{trend.chart}", lang))


def kinds_finding(view: IncidentView, lang: str) -> str:
    """Near-miss ratio against 'grows on a year before' and the observation share against its target."""
    ratio_now = inc.near_miss_ratio(view.kinds)
    ratio_before = inc.near_miss_ratio(view.kinds, "previous")
    share = inc.observation_share_pct(view.kinds)
    if math.isnan(ratio_now) or math.isnan(share):
        if view.kinds["current"].isna().any():
            return t("incidents.kinds_withheld", lang, period=view.tertial.label)
    grows = growth_status(ratio_now, ratio_before, "higher") == MET
    return t("incidents.kinds_finding", lang, ratio=fmt_number(ratio_now, 2, lang),
             previous=fmt_number(ratio_before, 2, lang),
             ratio_verdict=t("incidents.grows" if grows else "incidents.not_grows", lang),
             share=fmt_pct(share, 1, lang), target=target_percent(view.observation_target_pct, lang),
             share_verdict=t("incidents.share_met" if share >= view.observation_target_pct else "incidents.share_not_met",
                             lang))


def reaction_finding(view: IncidentView, lang: str) -> str:
    r = view.reaction
    if view.reaction_withheld:
        return t("incidents.reaction_withheld", lang, period=view.tertial.label)
    if not r["handled"]:
        return t("incidents.reaction_none", lang, unhandled=fmt_int(r["unhandled"], lang))
    return t_count("incidents.reaction_finding", r["unhandled"], lang, median=fmt_number(r["median_days"], 0, lang),
                   previous=fmt_number(r["previous_median_days"], 0, lang),
                   within=fmt_pct(r["within_target_pct"], 1, lang),
                   target=target_number(view.reaction_target_days, lang))


def reporters_finding(view: IncidentView, lang: str) -> str:
    clients, actions = view.client_reports, view.development_actions
    themes = view.development_themes
    top = (t("incidents.top_theme", lang, theme=md_text(label("theme", themes["theme"].iloc[0], lang)),
             count=fmt_int(themes["count"].iloc[0], lang)) if len(themes) else "")
    planned = t_count("incidents.actions_finding", actions[0], lang,
                      actions_change=fmt_signed(actions[0] - actions[1], 0, lang))
    text = t_count("incidents.reporters_finding", clients[0], lang,
                   clients_change=fmt_signed(clients[0] - clients[1], 0, lang), actions=planned, top=top)
    return single_spaced(text)

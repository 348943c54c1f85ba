"""The statistics' results in words: control charts, the count-chart choice, change and trend tests, funnels
and intervals, in Finnish, English or Swedish.

The statistics layer (analytics.stats) returns numbers and codes only, as qicharts2's ``summary()`` returns a
table and statsmodels keeps its text in ``iolib``; the sentences are made here. Use from a notebook::

    from analytics.stats.spc import spc_chart
    from analytics.text.statistics import spc_sentence
    spc_sentence(spc_chart([12, 15, 11, 19, …], chart="c"), "fi")   # one plain-language sentence
"""
from __future__ import annotations

import math

from analytics.stats.compare import RateComparison, TrendTest
from analytics.stats.funnel import Funnel, Overdispersion
from analytics.stats.intervals import Interval
from analytics.stats.spc import CountChartChoice, SpcChart
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_int, fmt_number, fmt_pct, fmt_signed, join_and, t, t_count


def fmt_p(p: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A p-value as the sentences write it: ``p = 0,02`` / ``p < 0,001`` (the language's decimal symbol)."""
    if p < 0.001:
        return "p < " + fmt_number(0.001, 3, lang)
    return "p = " + fmt_number(p, 3 if p < 0.01 else 2, lang)


def _ratio_change(bound: float, lang: str) -> str:
    """A rate-ratio bound as a signed percent change (``+13,3 %``); an infinite bound as ``∞``."""
    return fmt_signed((bound - 1) * 100, 1, lang, "%") if math.isfinite(bound) else "∞"


def spc_sentence(chart: SpcChart, lang: str = DEFAULT_LANGUAGE) -> str:
    """One plain-language sentence on a chart's last part: is the variation random, and why (not).

    The reasons are the runs analysis's (a long run, too few crossings) and the points outside the limits.
    """
    runs = chart.summary
    reasons = []
    if runs.long_run:
        reasons.append(t("spc.reason_long_run", lang, run=runs.longest_run, limit=runs.longest_run_max))
    if runs.few_crossings:
        reasons.append(t_count("spc.reason_crossings", runs.crossings, lang, limit=runs.crossings_min))
    outside = chart.last_outside
    if len(outside):
        reasons.append(t_count("spc.reason_outside", len(outside), lang, latest=outside["period"].iloc[-1]))
    if reasons:
        return t("spc.signal", lang, reasons=join_and(reasons, lang))
    if runs.n_useful == 0:
        return t("spc.no_useful", lang)
    key = "spc.random" if chart.chart == "run" else "spc.random_limits"
    return t(key, lang, run=runs.longest_run, run_limit=runs.longest_run_max,
             crossings=runs.crossings, crossings_limit=runs.crossings_min)


def count_chart_sentence(choice: CountChartChoice, lang: str = DEFAULT_LANGUAGE) -> str:
    """Which chart a count series is drawn on and why, with φ: e.g. '… (φ = 2,4) …, so the chart is an I chart
    (XmR) …'; when the user overrode the advice, says so and names the advised chart."""
    phi = fmt_number(choice.dispersion.phi, 1, lang)
    key = "overdispersed" if choice.overdispersed else "poisson"
    text = t(f"spc.counts_{key}", lang, phi=phi)
    chart = t(f"spc.chart_name.{choice.chart}", lang)
    if choice.chart == choice.advised:
        return text + " " + t(f"spc.counts_chart_{choice.chart}", lang, chart=chart)
    return text + " " + t(f"spc.counts_override_{choice.chart}", lang, chart=chart,
                          advised=t(f"spc.chart_name.{choice.advised}", lang))


def change_verdict(comparison: RateComparison, lang: str = DEFAULT_LANGUAGE) -> str:
    """Only whether a change exceeds normal variation, with its p-value, e.g. for a finding sentence."""
    return t(f"compare.{comparison.verdict_code}", lang, p=fmt_p(comparison.p_value, lang))


def change_sentence(comparison: RateComparison, lang: str = DEFAULT_LANGUAGE) -> str:
    """The change, both totals, its interval and the verdict, e.g.
    'Change +5,8 % (6 343 vs. 5 997; 95 % CI −1,2 … +13,3 %): within normal variation.'"""
    values = {"change": fmt_signed(comparison.change_pct, 1, lang, "%"),
              "current": fmt_int(comparison.current_total, lang), "previous": fmt_int(comparison.previous_total, lang),
              "level": fmt_int(comparison.level * 100, lang),
              "lower": fmt_signed((comparison.lower - 1) * 100, 1, lang, "%"),
              "upper": _ratio_change(comparison.upper, lang)}
    return t("compare.change", lang, **values) + " " + change_verdict(comparison, lang)


def change_interval_sentence(comparison: RateComparison, lang: str = DEFAULT_LANGUAGE) -> str:
    """The interval of a change and the verdict, for where the change itself is already shown."""
    return t("compare.interval", lang, level=fmt_int(comparison.level * 100, lang),
             lower=fmt_signed((comparison.lower - 1) * 100, 1, lang, "%"),
             upper=_ratio_change(comparison.upper, lang),
             ) + " " + change_verdict(comparison, lang)


def trend_sentence(trend: TrendTest, lang: str = DEFAULT_LANGUAGE) -> str:
    """The average annual change with its interval, whether it is a real trend (with p), and whether
    calendar-month terms kept a seasonal pattern from being read as a trend."""
    values = {"change": fmt_signed(trend.annual_change_pct, 1, lang, "%"),
              "lower": fmt_signed((trend.lower - 1) * 100, 1, lang, "%"),
              "upper": fmt_signed((trend.upper - 1) * 100, 1, lang, "%"),
              "level": fmt_int(trend.level * 100, lang), "months": fmt_int(trend.months, lang),
              "p": fmt_p(trend.p_value, lang)}
    text = t("trend.change", lang, **values) + " " + t(f"trend.{trend.verdict_code}", lang, **values)
    if trend.seasonal:
        text += " " + t("trend.seasonal", lang)
    return text


def overdispersion_sentence(overdispersion: Overdispersion, lang: str = DEFAULT_LANGUAGE) -> str:
    """Which funnel limits were drawn and why, e.g. 'Limits widened … (φ = 1,84).'"""
    phi = fmt_number(overdispersion.phi, 2, lang)
    return t("funnel.adjusted" if overdispersion.adjusted else "funnel.not_adjusted", lang, phi=phi)


def funnel_sentence(result: Funnel, lang: str = DEFAULT_LANGUAGE) -> str:
    """Which units lie outside a funnel's 99.8 % limits (with their shares), the centre, and, when an
    overdispersion adjustment was asked for, which limits were drawn."""
    parts = []
    for flag in ("above", "below"):
        named = result.units[result.units["flag"] == flag]
        if len(named):
            listed = join_and([f"{row.unit} ({fmt_pct(row.value * 100, 1, lang)})"
                               for row in named.itertuples(index=False)], lang)
            parts.append(t(f"funnel.{flag}", lang, units=listed))
    centre = fmt_pct(result.centre * 100, 1, lang)
    count = fmt_int(len(result.units), lang)
    if not parts:
        text = t("funnel.none", lang, count=count, centre=centre)
    else:
        text = t("funnel.some", lang, count=count, centre=centre, which=" ".join(parts))
    if result.overdispersion is not None:
        text += " " + overdispersion_sentence(result.overdispersion, lang)
    return text


def interval_sentence(interval: Interval, lang: str = DEFAULT_LANGUAGE) -> str:
    """An estimate with its interval, e.g. ``79,0 % (95 %:n luottamusväli 74,7–82,7 %)``: a share as a percent,
    a count or rate (``poisson-exact``) with one decimal."""
    if interval.method == "poisson-exact":
        values = [fmt_number(v, 1, lang) for v in (interval.estimate, interval.lower, interval.upper)]
    else:
        values = [fmt_pct(v * 100, 1, lang) for v in (interval.estimate, interval.lower, interval.upper)]
        values[1] = fmt_number(interval.lower * 100, 1, lang)
    return t("interval.sentence", lang, estimate=values[0], lower=values[1], upper=values[2],
             level=fmt_int(interval.level * 100, lang))

"""Omat mittarit: a county's own indicators (catalogue domain ``own``), one at a time: its figure for the review
period against a year before and the target, its control chart, its forecast and the observations on them."""
from __future__ import annotations

import streamlit as st

from analytics.render import charts
from analytics.text import forecasts as forecast_words
from analytics.text import overview as ov
from analytics.text.i18n import md_text, t
from analytics.text.statistics import count_chart_sentence, spc_sentence
from analytics.text.status import status_markdown
from analytics.views import forecasts as fv
from ui import blocks, cached, context

INDICATOR_KEY = "own_indicator"
INDICATOR_PARAM = "mittari"

ctx = context.context()
lang = ctx.lang
period = ctx.period.label
st.title(t("own.title", lang, period=period))
st.caption(context.scope_caption(ctx) + " — " + t("own.intro", lang))
indicators = cached.own_indicators(ctx)
if not indicators:
    st.info(t("own.none", lang), icon=":material/info:")
    st.stop()
names = {i.id: i.name(lang) for i in indicators}
context.seed_from_url(INDICATOR_PARAM, INDICATOR_KEY, list(names), lang)
chosen = st.selectbox(t("own.choose", lang), list(names), key=INDICATOR_KEY, format_func=names.get)
context.keep_in_url(INDICATOR_PARAM, chosen, next(iter(names)))
with st.spinner(t("app.loading", lang)):
    view = cached.own_view(ctx, chosen)
if view.county_only:
    st.info(t("own.county_only", lang), icon=":material/visibility_off:")
    st.stop()
indicator, figure = view.indicator, view.figure
name = md_text(indicator.name(lang))  # the catalogue's words: shown as text
if indicator.synthetic:
    st.caption(t("own.synthetic", lang))
if not view.series.has_data:
    st.info(t("own.no_values", lang, name=name), icon=":material/info:")
    st.stop()
headline = view.headline

# 1. Where are we?
st.header("1. " + t("own.q_where", lang))
if headline is None:
    st.info(t("own.no_period", lang, name=name, period=period), icon=":material/info:")
else:
    before = figure.previous_period or "–"
    st.metric(md_text(ov.headline_label(headline, lang)), ov.format_value(headline.value, headline.unit, lang),
              delta=ov.format_change(headline, lang), **blocks.delta_look(headline.change, headline.better),
              delta_description=f"{before}: {ov.format_value(headline.previous, headline.unit, lang)}")
    st.markdown(f"{t('word.target', lang)}: {ov.format_target(headline, lang)} · "
                f"**{status_markdown(headline.status, lang)}**")

# 2. Is the variation ordinary?
st.header("2. " + t("own.q_control", lang))
if view.chart is None:
    st.info(t("own.too_few", lang))
else:
    if view.choice is not None:
        st.markdown(count_chart_sentence(view.choice, lang))
    st.markdown(spc_sentence(view.chart, lang))
    title = t("own.control_title", lang, name=indicator.name(lang), chart=t(f"spc.chart_name.{view.chart.chart}", lang))
    target = headline.target if headline is not None else None
    blocks.chart_with_data(charts.control_chart(view.chart_table, title, lang, indicator.unit or t("word.value", lang),
                                                x="start", y="value", fmt=",.1f", target=target, period="period"),
                           view.chart_table, f"oma_mittari_{indicator.id}", lang, f"own_control_{indicator.id}", title)
    st.caption(t("own.control_caption", lang))

# 3. Where is it heading?
st.header("3. " + t("own.q_forecast", lang))
if view.forecast is None:
    st.info(t(f"own.no_forecast.{view.forecast_problem}", lang) if view.forecast_problem in ("grain", "short")
            else t("forecast.cannot", lang, error=md_text(view.forecast_problem)), icon=":material/info:")
else:
    result, series = view.forecast, view.forecast_series
    last = result.forecast["period"].iloc[-1]
    st.info(forecast_words.finding(result, series, series.target, series.better, last, lang), icon=":material/lightbulb:")
    frame = fv.chart_frame(result, series)
    title = t("own.forecast_title", lang, name=indicator.name(lang))
    blocks.chart_with_data(charts.forecast_fan(frame, title, lang, indicator.unit or t("word.value", lang), ",.1f",
                                               series.target),
                           frame, f"oma_mittari_ennuste_{indicator.id}", lang, f"own_forecast_{indicator.id}", title)
    reason = forecast_words.reason_text(result, lang)
    if reason:
        st.caption(md_text(reason))

# 4. Why this indicator?
st.header("4. " + t("own.q_why", lang))
st.markdown(md_text(indicator.text("description", lang)))
st.markdown(f"**{t('catalogue.numerator', lang)}:** {md_text(indicator.text('numerator', lang))}  \n"
            f"**{t('catalogue.denominator', lang)}:** {md_text(indicator.text('denominator', lang))}")
blocks.method(t("own.method", lang), lang)

"""Ennusteet: where a series is heading, with honest intervals and the chance of meeting its target."""
from __future__ import annotations

import streamlit as st

from analytics.core.errors import DataError
from analytics.render import charts
from analytics.text import forecasts as forecast_words
from analytics.text.i18n import md_text, t
from analytics.text.tables import localised
from analytics.views import forecasts as fv
from ui import blocks, cached, context

DOMAIN_KEY, SERIES_KEY, AREA_KEY, GRAIN_KEY = "fc_domain", "fc_series", "fc_area", "fc_grain"
HORIZON_KEY, TARGET_KEY, DIRECTION_KEY, PERIOD_KEY = "fc_horizon", "fc_target", "fc_direction", "fc_period"
HORIZONS = {"month": (3, 36, 12), "quarter": (2, 12, 4)}
ALL = ""

ctx = context.context()
lang = ctx.lang
title_slot = st.empty()
keys = fv.series_keys(ctx.bundle)
domains = list(keys)

left, middle, right = st.columns([1, 2, 1])
context.seed_from_url("aihe", DOMAIN_KEY, domains, lang)
with left:
    domain = st.selectbox(t("forecast.domain", lang), domains, key=DOMAIN_KEY, format_func=lambda d: t(f"domain.{d}", lang))
context.keep_in_url("aihe", domain, domains[0])
areas = [ALL, *context.palvelualue_options(ctx)] if domain == "incidents" else [ALL]
context.seed_from_url("sarja_alue", AREA_KEY, areas, lang)
if st.session_state.get(AREA_KEY) not in areas:
    st.session_state[AREA_KEY] = ALL
with right:
    area = st.selectbox(t("forecast.area", lang), areas, key=AREA_KEY, disabled=len(areas) == 1,
                        format_func=lambda a: a or t("forecast.all_areas", lang))
context.keep_in_url("sarja_alue", area, ALL)
# below the county, only the series whose every month the small-number rule lets be shown
with st.spinner(t("privacy.checking", lang)):  # on new data the first filtered view takes the decisions
    options = cached.forecastable(ctx, keys[domain], area, st.session_state.get(GRAIN_KEY, fv.GRAINS[0]))
if not options:
    st.info(t("forecast.none_below_county", lang), icon=":material/visibility_off:")
    st.stop()
context.seed_from_url("sarja", SERIES_KEY, options, lang)
if st.session_state.get(SERIES_KEY) not in options:
    st.session_state[SERIES_KEY] = options[0]
with middle:
    key = st.selectbox(t("forecast.series", lang), options, key=SERIES_KEY,
                       format_func=lambda k: forecast_words.series_name(ctx.bundle, k, lang))
context.keep_in_url("sarja", key, options[0])

left, middle = st.columns([1, 2])
context.seed_from_url("jakso", GRAIN_KEY, list(fv.GRAINS), lang)
def _default_horizon() -> None:
    """A new grain starts from its own default horizon (a year ahead)."""
    st.session_state[HORIZON_KEY] = HORIZONS[st.session_state[GRAIN_KEY]][2]


with left:
    grain = st.radio(t("forecast.grain", lang), fv.GRAINS, key=GRAIN_KEY, horizontal=True,
                     format_func=lambda g: t(f"grain.{g}", lang), on_change=_default_horizon)
context.keep_in_url("jakso", grain, fv.GRAINS[0])
low, high, default = HORIZONS[grain]
if not low <= st.session_state.get(HORIZON_KEY, -1) <= high:
    st.session_state[HORIZON_KEY] = default
with middle:
    horizon = st.slider(t("forecast.horizon", lang), low, high, key=HORIZON_KEY)

name = forecast_words.series_name(ctx.bundle, key, lang)
title_slot.title(t("forecast.title", lang, series=name))
st.caption(context.scope_caption(ctx) + (f" · {md_text(area)}" if area else "") + " — " + t("forecast.intro", lang))

try:
    with st.spinner(t("forecast.computing", lang)):
        series, result = cached.forecast(ctx, key, area, grain, horizon)
except DataError as exc:
    st.error(t("forecast.cannot", lang, error=md_text(exc)), icon=":material/error:")
    st.stop()
for note in forecast_words.notes_text(result, series, lang):
    st.info(note, icon=":material/info:")

# The target and the period to judge it at
periods = list(result.forecast["period"])
labels = [fv.period_label(p) for p in periods]
left, middle, right = st.columns(3)
target_key = f"{TARGET_KEY}_{key}"  # each series keeps its own target
with left:
    target = st.number_input(t("forecast.target", lang), value=series.target, key=target_key,
                             format="%.2f" if series.kind == "ratio" else "%.1f",
                             help=t("forecast.target_help", lang))
better = series.better
with middle:
    if better not in ("higher", "lower"):
        better = st.radio(t("forecast.direction", lang), ("lower", "higher"), key=DIRECTION_KEY,
                          format_func=lambda d: t(f"forecast.direction.{d}", lang))
if st.session_state.get(PERIOD_KEY) not in labels:
    st.session_state[PERIOD_KEY] = labels[-1]
with right:
    chosen = st.selectbox(t("forecast.target_period", lang), labels, key=PERIOD_KEY)
period = periods[labels.index(chosen)]

st.info(forecast_words.finding(result, series, target, better, period, lang), icon=":material/lightbulb:")
frame = fv.chart_frame(result, series)
grain_word = t(f"grain.{grain}", lang).lower()
title = t("forecast.chart_title", lang, series=name, grain=grain_word)
blocks.chart_with_data(charts.forecast_fan(frame, title, lang, forecast_words.axis_title(series, lang),
                                           fv.chart_format(series), target), frame,
                       f"ennuste_{key.replace(':', '_')}", lang, "forecast_fan", title)

st.subheader(t("forecast.backtest_title", lang))
reason = forecast_words.reason_text(result, lang)
if reason:
    st.markdown(md_text(reason))
shown = forecast_words.backtest_display(result, lang)
blocks.table_with_download(localised(shown, lang, numbers={"MASE": 3, shown.columns[4]: 2},
                                     percents={shown.columns[2]: 0, shown.columns[3]: 0}),
                           result.backtest, f"ennuste_testi_{key.replace(':', '_')}", lang, key="dl_backtest")
caption = forecast_words.backtest_caption(result, lang)
if caption:
    st.caption(caption)
forecast_table = result.forecast.drop(columns=["mu", "sd"]).assign(period=labels)
st.download_button(t("forecast.download", lang), blocks.csv_for(forecast_table, lang),
                   file_name=f"ennuste_{key.replace(':', '_')}.csv", mime="text/csv", key="dl_forecast",
                   icon=":material/download:")
blocks.method(t("forecast.method", lang), lang)

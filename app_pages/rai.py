"""RAI-laatu: the RAI quality indicators of home care and 24-hour care, units against the nation and the target."""
from __future__ import annotations

import streamlit as st

from analytics.core.periods import rai_half_years_for_review
from analytics.render import charts
from analytics.text import rai as rai_words
from analytics.text.catalogue import why_markdown
from analytics.text.i18n import label, t
from analytics.views import rai as rv
from ui import blocks, cached, context

SETTING_KEY, HALF_KEY, INDICATOR_KEY = "rai_setting", "rai_half", "rai_indicator"
UNIT_KEY, CENTRE_KEY, SPREAD_KEY = "rai_unit", "rai_centre", "rai_overdispersion"
FUNNEL_CHART_KEY, UNIT_SELECTION = "rai_funnel_chart", "unit_pick"

ctx = context.context()
lang = ctx.lang
catalogue = ctx.bundle.catalogue
title_slot = st.empty()
choices = cached.rai_choices(ctx)
if not choices:
    title_slot.title(t("overview.rai", lang))
    st.info(t("rai.no_data", lang), icon=":material/info:")
    st.stop()


def _pick_unit_from_chart() -> None:
    """A click on a funnel point chooses that unit for the profile (a double click clears it)."""
    chosen = st.session_state[FUNNEL_CHART_KEY]["selection"].get(UNIT_SELECTION) or []
    if chosen:
        st.session_state[UNIT_KEY] = chosen[0].get("unit_id", "")


settings = list(choices)
left, right = st.columns(2)
context.seed_from_url("palvelu", SETTING_KEY, settings, lang)
with left:
    setting = st.radio(t("rai.choose_setting", lang), settings, key=SETTING_KEY, horizontal=True,
                       format_func=lambda s: label("setting", s, lang))
context.keep_in_url("palvelu", setting, settings[0])
halves = [h.label for h in choices[setting].half_years]
default_half = rai_half_years_for_review(ctx.period, list(choices[setting].half_years), 1)[0].label
context.seed_from_url("puolivuosi", HALF_KEY, halves, lang)
if st.session_state.get(HALF_KEY) not in halves:
    st.session_state[HALF_KEY] = default_half
with right:
    half = st.selectbox(t("rai.choose_half", lang), halves, key=HALF_KEY)
context.keep_in_url("puolivuosi", half, default_half)

with st.spinner(t("app.loading", lang)):
    view = cached.rai_view(ctx, setting, half)
setting_name = label("setting", setting, lang)
title_slot.title(t("rai.title", lang, setting=setting_name, half=half))
st.caption(context.scope_caption(ctx) + " — " + t("rai.intro", lang))
st.info(rai_words.status_finding(view, catalogue, lang), icon=":material/lightbulb:")
slug = f"{setting}_{half.replace('/', '_')}"

# 1. Where do we stand?
st.header("1. " + t("rai.q_status", lang))
st.caption(rai_words.status_caption(view, lang))
blocks.table_with_download(rai_words.status_display(view, catalogue, lang), rv.status_data(view, catalogue),
                           f"rai_tilanne_{slug}", lang, key="dl_rai_status", title=t("rai.q_status", lang))
st.caption(t("rai.status_caption", lang))

# 2. How has it moved?
st.header("2. " + t("rai.q_trend", lang))
series = rai_words.series_data(view, catalogue, lang)
periods = series.sort_values(["year", "half"])["period"]
title = t("rai.trend_title", lang, setting=setting_name, first=periods.iloc[0], last=periods.iloc[-1])
blocks.chart_with_data(charts.small_multiples(series, title, lang), series, f"rai_kehitys_{setting}", lang, "rai_trend",
                       title)
st.caption(t("rai.trend_caption", lang))

# 3. Which units differ?
st.header("3. " + t("rai.q_units", lang))
indicator_ids = [i.id for i in catalogue.by_domain("rai", setting)]
context.seed_from_url("mittari", INDICATOR_KEY, indicator_ids, lang)
if st.session_state.get(INDICATOR_KEY) not in indicator_ids:
    st.session_state[INDICATOR_KEY] = indicator_ids[0]
left, middle = st.columns([2, 1])
with left:
    indicator_id = st.selectbox(t("rai.choose_indicator", lang), indicator_ids, key=INDICATOR_KEY,
                                format_func=lambda i: catalogue.get(i).name(lang))
context.keep_in_url("mittari", indicator_id, indicator_ids[0])
ind = catalogue.get(indicator_id)
context.seed_from_url("vertailu", CENTRE_KEY, list(rv.CENTRES), lang)
with middle:
    centre = st.radio(t("rai.choose_centre", lang), rv.CENTRES, key=CENTRE_KEY, horizontal=True,
                      format_func=lambda c: t(f"rai.centre_{c}", lang))
context.keep_in_url("vertailu", centre, rv.CENTRES[0])
spread = st.toggle(t("rai.overdispersion", lang), key=SPREAD_KEY)
result = rv.unit_funnel(view, ind, centre, spread)
st.markdown(rai_words.funnel_finding(result, ind, view, centre, lang))
shown_units, units_data = rai_words.units_display(view, catalogue, ind, result, lang)
unit_ids = list(choices[setting].units)
if st.session_state.get(UNIT_KEY) not in ["", *unit_ids]:
    st.session_state[UNIT_KEY] = ""
if result is not None:
    points = rv.funnel_table(result, ind).assign(
        verdict=lambda f: [rai_words.verdict_text(flag, side, lang) for flag, side in zip(f["flag"], f["side"])])
    title = t("rai.funnel_title", lang, indicator=ind.name(lang), half=half)
    blocks.chart_with_data(
        charts.funnel_plot(points, rv.funnel_curves(result), result.centre * 100, title, lang,
                           t("incidents.share", lang) + " (%)", selection=UNIT_SELECTION, selected=st.session_state.get(UNIT_KEY) or None),
        points, f"rai_suppilo_{indicator_id}_{slug}", lang, "rai_funnel", title,
        on_select=_pick_unit_from_chart, key=FUNNEL_CHART_KEY, selection_mode=UNIT_SELECTION)
    st.caption(t("rai.funnel_caption", lang))
st.subheader(t("rai.units_table", lang, half=half))
blocks.table_with_download(shown_units, units_data, f"rai_yksikot_{indicator_id}_{slug}", lang, key="dl_rai_units")

# The chosen unit's profile against the county
context.seed_from_url("yksikko", UNIT_KEY, unit_ids, lang)
names = cached.unit_names(ctx)
unit_id = st.selectbox(t("rai.choose_unit", lang), ["", *unit_ids], key=UNIT_KEY,
                       format_func=lambda u: names.get(u, u) if u else t("rai.no_unit", lang))
context.keep_in_url("yksikko", unit_id, "")
if unit_id:
    profile = rv.unit_profile(view, catalogue, unit_id)
    st.markdown(rai_words.profile_finding(profile, names[unit_id], catalogue, lang))
    dots = rai_words.profile_chart_data(profile, catalogue, names[unit_id], lang)
    if len(dots):
        title = t("rai.profile_title", lang, unit=names[unit_id], half=half)
        blocks.chart_with_data(charts.profile_dots(dots, title, lang, t("incidents.share", lang) + " (%)"), dots,
                               f"rai_profiili_{unit_id}_{slug}", lang, "rai_profile", title)
        blocks.table_with_download(rai_words.profile_display(profile, catalogue, lang),
                                   rv.profile_data(profile, catalogue),
                                   f"rai_profiili_taulukko_{unit_id}_{slug}", lang, key="dl_rai_profile_table")

# 4. Why this indicator?
st.header("4. " + t("rai.q_why", lang))
st.markdown(why_markdown(ind, lang))

blocks.method(t("rai.method", lang), lang)

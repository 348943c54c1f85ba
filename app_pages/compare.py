"""Aluevertailu: counties side by side where the figures are comparable (rescue response, RAI against
the whole country); incident reports explicitly not ranked."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.core.periods import HalfYear
from analytics.core.scope import filter_options
from analytics.data.catalogue import SETTINGS
from analytics.render import charts
from analytics.text import comparison as comparison_words
from analytics.text.i18n import md_text, t
from analytics.views import comparison as cmp
from ui import blocks, cached, context

SETTING_KEY, HALF_KEY, INDICATOR_KEY = "cmp_setting", "cmp_half", "cmp_indicator"

ctx = context.context()
lang = ctx.lang
bundle = ctx.bundle
period = ctx.period.label
county = ctx.scope.county
st.title(t("county_cmp.title", lang, period=period))
st.caption(t("county_cmp.intro", lang))
names = filter_options(bundle.org_units).counties
if len(names) < 2:
    st.info(t("county_cmp.one_county", lang, county=md_text(names[0]) if names else "–"), icon=":material/info:")
    st.stop()
slug = period.replace("/", "_")

# 1. Rescue response by county
st.header("1. " + t("county_cmp.q_rescue", lang))
with st.spinner(t("app.loading", lang)):
    rescue = cached.county_rescue(ctx)
if not len(rescue):
    st.info(t("county_cmp.rescue_none", lang), icon=":material/info:")
else:
    classes = list(dict.fromkeys(rescue["risk_class"]))
    for tab, risk_class in zip(st.tabs([f"{t('county_cmp.col.risk_class', lang)} {c}" for c in classes]), classes):
        with tab:
            rows = rescue[rescue["risk_class"] == risk_class]
            st.info(comparison_words.rescue_finding(rescue, risk_class, county, lang), icon=":material/lightbulb:")
            dots = pd.DataFrame({"name": rows["county"], "value": rows["share_pct"], "lower": rows["lower_pct"],
                                 "upper": rows["upper_pct"], "target": rows["target_pct"], "n": rows["tasks"]})
            title = t("county_cmp.rescue_title", lang, risk_class=risk_class, minutes=int(rows["target_minutes"].iloc[0]),
                      period=period)
            blocks.chart_with_data(charts.interval_dots(dots, title, lang, t("county_cmp.col.share", lang) + " (%)",
                                                        highlight=county),
                                   rows, f"aluevertailu_toimintavalmius_{risk_class}_{slug}", lang,
                                   f"cmp_rescue_{risk_class}", title)
    blocks.table_with_download(comparison_words.rescue_display(rescue, lang), rescue,
                               f"aluevertailu_toimintavalmius_{slug}", lang, key="dl_cmp_rescue_table")

# 2. RAI against the whole country
st.header("2. " + t("county_cmp.q_rai", lang))
settings = [s for s in SETTINGS if cmp.rai_half_years(bundle, s)]
if not settings:
    st.info(t("county_cmp.rai_no_data", lang), icon=":material/info:")
else:
    left, middle, right = st.columns([1, 1, 2])
    context.seed_from_url("palvelu", SETTING_KEY, settings, lang)
    setting = left.selectbox(t("county_cmp.setting", lang), settings, key=SETTING_KEY,
                             format_func=lambda s: t(f"setting.{s}", lang))
    context.keep_in_url("palvelu", setting, settings[0])
    halves = [h.label for h in cmp.rai_half_years(bundle, setting)]
    context.seed_from_url("puolivuosi", HALF_KEY, halves, lang)
    if st.session_state.get(HALF_KEY) not in halves:
        st.session_state[HALF_KEY] = halves[0]
    half = middle.selectbox(t("county_cmp.half", lang), halves, key=HALF_KEY)
    context.keep_in_url("puolivuosi", half, halves[0])
    indicators = [i for i in bundle.catalogue.by_domain("rai", setting) if i.kind == "share"]
    ids = [i.id for i in indicators]
    context.seed_from_url("mittari", INDICATOR_KEY, ids, lang)
    if st.session_state.get(INDICATOR_KEY) not in ids:
        st.session_state[INDICATOR_KEY] = ids[0]
    chosen_id = right.selectbox(t("county_cmp.indicator", lang), ids, key=INDICATOR_KEY,
                                format_func=lambda i: bundle.catalogue.get(i).name(lang))
    context.keep_in_url("mittari", chosen_id, ids[0])
    indicator = bundle.catalogue.get(chosen_id)
    with st.spinner(t("app.loading", lang)):
        result = cached.county_rai(ctx, setting, half, chosen_id)
    st.info(comparison_words.rai_finding(result, county, indicator, lang), icon=":material/lightbulb:")
    table = result.table
    if table["value_pct"].notna().any():
        dots = pd.DataFrame({"name": table["county"], "value": table["value_pct"], "lower": table["lower_pct"],
                             "upper": table["upper_pct"], "target": result.national_pct, "n": table["denominator"]})
        title = t("county_cmp.rai_title", lang, indicator=indicator.name(lang), setting=t(f"setting.{setting}", lang),
                  half=HalfYear.parse(half).label,
                  national=comparison_words.format_value(result.national_pct, indicator, lang))
        blocks.chart_with_data(charts.interval_dots(dots, title, lang, indicator.name(lang) + " (%)", highlight=county,
                                                    domain=None, target_title=t("county_cmp.national", lang)),
                               table, f"aluevertailu_rai_{chosen_id}_{half.replace('/', '_')}", lang, "cmp_rai", title)
        blocks.table_with_download(comparison_words.rai_display(result, indicator, lang), table,
                                   f"aluevertailu_rai_{chosen_id}_{half.replace('/', '_')}_taulukko", lang,
                                   key="dl_cmp_rai_table")

# 3. Incidents: not ranked, and why
st.header("3. " + t("county_cmp.q_incidents", lang))
st.warning(t(cmp.INCIDENTS_NOT_COMPARED, lang), icon=":material/block:")
blocks.method(comparison_words.method(ctx.bundle.catalogue, lang), lang)

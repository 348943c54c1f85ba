"""Pelastustoimi: rescue services response for the chosen tertial, by risk class and area."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.core.periods import GRAINS
from analytics.render import charts
from analytics.stats.spc import MIN_POINTS
from analytics.text import rescue as rescue_words
from analytics.text.i18n import fmt_eur_millions, fmt_int, fmt_number, fmt_pct, fmt_signed, md_text, t, t_count
from analytics.text.statistics import spc_sentence
from analytics.views import rescue as rv
from ui import blocks, cached, context

AREA_KIND_KEY, AREAS_KEY, GRAIN_KEY = "rescue_area_kind", "rescue_areas", "rescue_grain"
GRAIN_FORMATS = {"month": "%m/%y", "quarter": "%m/%y", "tertial": "%m/%y"}

ctx = context.context()
lang = ctx.lang
period = ctx.period.label
st.title(t("rescue.title", lang, period=period))

context.seed_from_url("aluejako", AREA_KIND_KEY, list(rv.AREA_KINDS), lang)
left, right = st.columns([1, 2])
with left:
    area_kind = st.radio(t("rescue.area_kind_choice", lang), rv.AREA_KINDS, key=AREA_KIND_KEY, horizontal=True,
                         format_func=lambda k: t(f"rescue.area_kind.{k}", lang),
                         on_change=lambda: st.session_state.update({AREAS_KEY: []}))
context.keep_in_url("aluejako", area_kind, rv.AREA_KINDS[0])
options = cached.rescue_areas(ctx, area_kind)
if not options:
    st.info(t("rescue.no_data", lang), icon=":material/info:")
    st.stop()
context.seed_from_url("alue", AREAS_KEY, list(options), lang, multiple=True)
st.session_state[AREAS_KEY] = [a for a in st.session_state.get(AREAS_KEY, []) if a in options]
with right:
    areas = st.multiselect(t("rescue.areas", lang), list(options), key=AREAS_KEY, format_func=options.get,
                           placeholder=t("filter.all", lang))
context.keep_in_url("alue", areas, [])
context.seed_from_url("jakso", GRAIN_KEY, list(GRAINS), lang)
grain = st.session_state.get(GRAIN_KEY, GRAINS[0])

with st.spinner(t("app.loading", lang)):
    view = cached.rescue_view(ctx, area_kind, tuple(areas), grain)
chosen = md_text(", ".join(options[a] for a in areas))
st.caption(context.scope_caption(ctx) + (f" · {chosen}" if chosen else "") + " — " + t("rescue.intro", lang))
if not view.has_tasks:
    st.info(t("rescue.no_tasks_period", lang, period=period), icon=":material/info:")
    st.stop()
st.info(rescue_words.compliance_finding(view, lang), icon=":material/lightbulb:")
slug = period.replace("/", "_")
blocks.view_detail(f"{area_kind}:{','.join(areas)}/{grain}")

# 1. Do we meet the service-level decision?
st.header("1. " + t("rescue.q_compliance", lang))
compliance = view.compliance
columns = st.columns(len(compliance))
for column, row in zip(columns, compliance.itertuples(index=False)):
    with column:
        name = rescue_words.class_name(row.risk_class, row.target_minutes, lang)
        if row.share_pct == row.share_pct:
            st.metric(name, fmt_pct(row.share_pct, 1, lang), delta=rescue_words.change_text(view, row.risk_class, lang),
                      **blocks.delta_look(row.change_pp, "higher"),
                      delta_description=f"{ctx.period.year_before().label}: {fmt_pct(row.previous_share_pct, 1, lang)}")
        else:  # no minute target: its times, not a share
            st.metric(f"{name} · {t('rescue.median', lang)}", fmt_number(row.median_minutes, 1, lang),
                      help=t_count("rescue.no_minute_target", row.tasks, lang))
dots = pd.DataFrame({
    "name": [rescue_words.class_name(c, m, lang)
             for c, m in zip(compliance["risk_class"], compliance["target_minutes"])],
    "value": compliance["share_pct"], "lower": compliance["lower_pct"], "upper": compliance["upper_pct"],
    "target": compliance["target_share_pct"].astype(float), "n": compliance["tasks"],
})
title = t("rescue.compliance_chart_title", lang, period=period)
blocks.chart_with_data(charts.interval_dots(dots, title, lang, t("rescue.share_in_time", lang) + " (%)"), dots,
                       f"toimintavalmius_{slug}", lang, "rescue_dots", title)
blocks.table_with_download(rescue_words.compliance_display(view, lang), rv.compliance_data(view),
                           f"toimintavalmius_riskiluokittain_{slug}", lang, key="dl_rescue_compliance")
st.caption(rescue_words.compliance_caption(ctx.bundle.catalogue, lang))

# 2. Period by period?
st.header("2. " + t("rescue.q_control", lang))
st.radio(t("rescue.grain", lang), GRAINS, key=GRAIN_KEY, horizontal=True, format_func=lambda g: t(f"grain.{g}", lang))
context.keep_in_url("jakso", grain, GRAINS[0])
tabs = st.tabs([rescue_words.class_name(c, m, lang)
                for c, m in zip(compliance["risk_class"], compliance["target_minutes"]) if c in view.control])
for tab, (risk_class, (chart, table)) in zip(tabs, view.control.items()):
    with tab:
        if chart is None and len(table) >= MIN_POINTS and table["share_pct"].isna().any():
            # periods hidden by the small-number rule: no chart with gaps, the table says which
            st.info(t("rescue.control_withheld", lang), icon=":material/visibility_off:")
            blocks.table_with_download(table, table, f"toimintavalmius_{risk_class}_{grain}", lang,
                                       key=f"dl_rescue_control_{risk_class}")
            continue
        if chart is None:
            st.info(t("rescue.control_too_few", lang, min=MIN_POINTS))
            continue
        st.markdown(spc_sentence(chart, lang))
        name = rescue_words.class_name(risk_class, compliance.set_index("risk_class").loc[risk_class, "target_minutes"],
                                       lang)
        title = t("rescue.control_title", lang, name=name, grain=t(f"grain.{grain}", lang).lower())
        target = table["target"].iloc[0]
        blocks.chart_with_data(
            charts.control_chart(table, title, lang, t("rescue.share_in_time", lang) + " (%)", x="start", y="share_pct",
                                 fmt=",.1f", x_format=GRAIN_FORMATS[grain], target=None if target != target else target,
                                 period="period"),
            table, f"toimintavalmius_{risk_class}_{grain}", lang, f"rescue_control_{risk_class}", title)
st.caption(t("rescue.control_caption", lang))

# 3. How long do we take?
st.header("3. " + t("rescue.q_times", lang))
st.markdown(rescue_words.times_finding(view, lang))
names = {c: rescue_words.class_name(c, m, lang) for c, m in zip(compliance["risk_class"], compliance["target_minutes"])}
curves = view.ecdf.assign(series=view.ecdf["risk_class"].map(names))
rules = compliance[compliance["target_minutes"].notna()].assign(
    series=lambda f: f["risk_class"].map(names), minutes=lambda f: f["target_minutes"])[["series", "minutes"]]
title = t("rescue.ecdf_title", lang, period=period)
blocks.chart_with_data(charts.ecdf_chart(curves, rules, title, lang, t("rescue.minutes", lang),
                                         t("rescue.share_in_time", lang) + " (%)"),
                       curves, f"toimintavalmiusajat_{slug}", lang, "rescue_ecdf", title)
st.caption(t("rescue.ecdf_caption", lang))
medians = view.median_trend.assign(series=view.median_trend["risk_class"].map(names))
title = t("rescue.median_title", lang)
blocks.chart_with_data(charts.lines(medians, "month", "median_minutes", "series", title, lang,
                                    t("rescue.median", lang), fmt=",.1f"),
                       medians, "toimintavalmiusajan_mediaani", lang, "rescue_median", title)

# 4. Where are the gaps?
st.header("4. " + t("rescue.q_areas", lang))
st.markdown(rescue_words.area_finding(view, lang))
shown, data = rescue_words.area_display(view, lang)
blocks.table_with_download(shown, data, f"toimintavalmius_alueittain_{slug}", lang, key="dl_rescue_areas")
st.caption(t("rescue.area_caption", lang))

# 5. What did it achieve?
st.header("5. " + t("rescue.q_effect", lang))
st.markdown(rescue_words.effect_finding(view, lang))
before = ctx.period.year_before().label
left, middle, right = st.columns(3)
left.metric(t("headline.persons_rescued", lang), fmt_int(view.effect["persons_rescued"], lang),
            delta=(fmt_signed(view.effect["persons_rescued"] - view.effect_previous["persons_rescued"], 0, lang)
                   if view.effect["persons_rescued"] == view.effect["persons_rescued"] else None),
            **blocks.delta_look(view.effect["persons_rescued"] - view.effect_previous["persons_rescued"]),
            delta_description=f"{before}: {fmt_int(view.effect_previous['persons_rescued'], lang)}")
middle.metric(t("rescue.threatened", lang).replace(" (M€)", ""), fmt_eur_millions(view.effect["property_threatened_eur"], lang))
right.metric(t("headline.property_saved", lang), fmt_pct(view.effect["saved_pct"], 0, lang),
             delta_description=f"{before}: {fmt_pct(view.effect_previous['saved_pct'], 0, lang)}")
blocks.table_with_download(rescue_words.effect_display(view, lang), view.effect_by_type, f"vaikuttavuus_{slug}", lang,
                           key="dl_rescue_effect")
st.caption(t("rescue.effect_caption", lang))

blocks.method(rescue_words.method(ctx.bundle.catalogue, lang), lang)

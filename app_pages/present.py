"""Esitys: the interim review on a projector, one finding per screen; the step is kept in the link."""
from __future__ import annotations

import streamlit as st

from analytics.domain.goals import DEFAULT_RULE
from analytics.render import charts
from analytics.render.presentation import slides
from analytics.text.i18n import md_echo, md_text, t
from ui import blocks, cached, context
from ui import goals as goal_ui

STEP_KEY = "present_step"
PROJECTOR_CSS = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
html { font-size: 20px; }
.block-container { max-width: 100% !important; padding: 1.2rem 3rem 2rem !important; }
[data-testid="stMetricValue"] { font-size: 3rem !important; }
[data-testid="stMetricLabel"] p { font-size: 1.1rem !important; }
h1 { font-size: 2.6rem !important; }
</style>
"""

ctx = context.context()
lang = ctx.lang
st.markdown(PROJECTOR_CSS, unsafe_allow_html=True)  # a fixed string of our own, no data in it
county = ctx.scope.county or ""
book, goals = goal_ui.goals_of(county, lang, ctx.period.year if ctx.period else None)
with st.spinner(t("app.loading", lang)):
    shown = slides(cached.review(ctx), ctx.bundle.catalogue, lang, goals=goals,
                   goal_rule=book.rule(county) if book is not None else DEFAULT_RULE)
if not shown:
    st.info(t("present.no_slides", lang))
    st.stop()
total = len(shown)
if STEP_KEY not in st.session_state:
    requested = (st.session_state.get("_url_params", {}).get("step") or ["1"])[0]
    valid = (requested.isascii() and requested.isdigit() and len(requested) <= 4  # not "²", "٣" or 5 000 digits
             and 1 <= int(requested) <= total)
    st.session_state[STEP_KEY] = int(requested) if valid else 1
    if not valid:
        st.warning(t("filter.unknown", lang, name="step", value=md_echo(requested)), icon="⚠️")
step = min(max(st.session_state[STEP_KEY], 1), total)


def _go(delta: int) -> None:
    st.session_state[STEP_KEY] = min(max(st.session_state[STEP_KEY] + delta, 1), total)


bar = st.columns([5, 1.5, 0.7, 1.5, 1.8], vertical_alignment="center")
bar[0].caption(context.scope_caption(ctx))
bar[1].button(t("present.previous", lang), key="present_prev", on_click=_go, args=(-1,), disabled=step == 1,
              icon=":material/chevron_left:", width="stretch")
bar[2].markdown(f"**{t('present.step', lang, step=step, total=total)}**")
bar[3].button(t("present.next", lang), key="present_next", on_click=_go, args=(1,), disabled=step == total,
              icon=":material/chevron_right:", width="stretch")
bar[4].button(t("present.exit", lang), key="present_exit", on_click=context.end_presentation, icon=":material/close:",
              width="stretch")
st.query_params["present"] = "1"
st.query_params["step"] = str(step)

slide = shown[step - 1]
st.title(slide.title)
if slide.metrics:
    for column, metric in zip(st.columns(len(slide.metrics)), slide.metrics):
        with column:
            st.metric(metric.label, metric.value)
            if metric.change:
                st.caption(metric.change)
            if metric.note:
                st.caption(metric.note)
st.info(slide.finding, icon=":material/lightbulb:")
if slide.chart is not None:
    blocks.vega_chart(charts.with_height(slide.chart, 440), width="stretch", alt=slide.alt)
if slide.table is not None and slide.wrap:
    st.table(slide.table.map(md_text), hide_index=True)  # long texts (the goals' words) shown whole
elif slide.table is not None:
    blocks.table(slide.table)
blocks.observations(f"slide_{slide.key}", slide.title)  # the room's observations, added without leaving the screen

"""Sitovat tavoitteet: a county's binding goals of a year (DOMAIN §7), each with its KPI's value, trend and target
side by side and the evaluation's arithmetic in words; one goal in depth (its chart with the target, main tasks
by quarter, summaries, observations); editing a quarter, importing and exporting the goals as a spreadsheet."""
from __future__ import annotations

import streamlit as st

from analytics.domain.goals import QUARTERS
from analytics.render import charts
from analytics.sample import goals as sample
from analytics.text import goals as words
from analytics.text.i18n import md_text, t
from analytics.views.goals import build_goals_view
from ui import blocks, context
from ui import goals as goal_ui

YEAR_KEY, YEAR_PARAM = "goals_year", "vuosi"
PRIORITY_KEY, PRIORITY_PARAM = "goals_priority", "painopiste"
TOIMIALA_KEY, TOIMIALA_PARAM = "goals_toimiala", "vastuutoimiala"
GOAL_KEY, GOAL_PARAM = "goals_goal", "tavoite"
QUARTER_KEY = "goals_edit_quarter"

ctx = context.context()
lang = ctx.lang
county = ctx.scope.county or ""
book, every = goal_ui.goals_of(county, lang)
years = sorted({g.year for g in every}, reverse=True)
if years:
    context.seed_from_url(YEAR_PARAM, YEAR_KEY, [str(y) for y in years], lang)
    if st.session_state.get(YEAR_KEY) not in [str(y) for y in years]:
        st.session_state[YEAR_KEY] = str(ctx.period.year if ctx.period and ctx.period.year in years else years[0])
year = int(st.session_state[YEAR_KEY]) if years else (ctx.period.year if ctx.period else 0)

st.title(t("goals.title", lang, year=year))
st.caption(md_text(county) + " — " + t("goals.intro", lang))
if any(sample.is_sample(g) for g in every):
    st.info(sample.sample_label(lang), icon=":material/science:")


def files_section(number: int) -> None:
    """Export the goals and import a spreadsheet of them."""
    st.header(f"{number}. " + t("goals.q_files", lang))
    if book is None:
        return
    exported = book.export_frame(county, year) if years else book.export_frame(county, 0)
    st.markdown(t("goals.files_text", lang))
    blocks.downloads(exported, f"sitovat_tavoitteet_{year}", lang, "dl_goals_export")
    if goal_ui.may_edit():
        goal_ui.importer(book, lang)
    else:
        st.caption(t("goals.read_only", lang))


if not years:
    st.info(t("goals.none", lang, county=md_text(county)), icon=":material/info:")
    files_section(1)
    blocks.method(t("goals.method", lang), lang)
    st.stop()

if len(years) > 1:
    st.selectbox(t("goals.year", lang), [str(y) for y in years], key=YEAR_KEY)
context.keep_in_url(YEAR_PARAM, st.session_state[YEAR_KEY], str(years[0]))
rule = book.rule(county)
whole = build_goals_view(every, year, rule)
context.seed_from_url(PRIORITY_PARAM, PRIORITY_KEY, list(whole.priorities), lang, multiple=True)
context.seed_from_url(TOIMIALA_PARAM, TOIMIALA_KEY, list(whole.toimialat), lang, multiple=True)
left, right = st.columns(2)
priorities = left.multiselect(t("goals.filter_priority", lang), whole.priorities, key=PRIORITY_KEY,
                              placeholder=t("filter.all", lang))
toimialat = right.multiselect(t("goals.filter_toimiala", lang), whole.toimialat, key=TOIMIALA_KEY,
                              placeholder=t("filter.all", lang))
context.keep_in_url(PRIORITY_PARAM, priorities, [])
context.keep_in_url(TOIMIALA_PARAM, toimialat, [])
view = build_goals_view(every, year, rule, priorities, toimialat)
if not view.goals:
    st.info(t("goals.none_filtered", lang), icon=":material/filter_alt_off:")
    files_section(1)
    st.stop()
st.info(words.finding(view, lang), icon=":material/lightbulb:")

# 1. All goals at a glance
st.header("1. " + t("goals.q_all", lang))
shown = words.overview_table(view, lang)
data = view.overview.drop(columns=["values"]).assign(
    **{q: [v[i] if isinstance(v, tuple) else None for v in view.overview["values"]] for i, q in enumerate(QUARTERS)})
st.table(shown.map(md_text), hide_index=True)  # a static table: every column in sight, long texts wrapped
blocks.downloads(data, f"tavoitteet_{year}", lang, "dl_goals_overview")
blocks.observations("dl_goals_overview", t("goals.q_all", lang), f"tavoitteet_{year}")
st.caption(t("goals.overview_caption", lang))

# 2. One goal in depth
st.header("2. " + t("goals.q_one", lang))
titles = {str(g.id): g.title for g in view.goals}
context.seed_from_url(GOAL_PARAM, GOAL_KEY, list(titles), lang)
if st.session_state.get(GOAL_KEY) not in titles:
    st.session_state[GOAL_KEY] = next(iter(titles))
chosen = st.selectbox(t("goals.choose", lang), list(titles), key=GOAL_KEY, format_func=titles.get)
context.keep_in_url(GOAL_PARAM, chosen, next(iter(titles)))
detail = view.detail(int(chosen))
goal = detail.goal
st.subheader(md_text(goal.title))
st.markdown(t("goals.meta", lang, priority=md_text(goal.priority or "–"), toimiala=md_text(goal.toimiala or "–"),
              responsible=md_text(goal.responsible or "–")))
if goal.description:
    st.caption(md_text(goal.description))
blocks.view_detail(f"goal={goal.id}")
for n, kpi in enumerate(goal.kpis):
    quarters = detail.kpi_quarters(kpi.name)
    frame = words.chart_frame(quarters, lang, rule)
    title = t("goals.chart_title", lang, kpi=kpi.name)
    value_title = t("word.value", lang) + (f" ({kpi.unit})" if kpi.unit else "")
    fmt = words.chart_format([*kpi.values, kpi.target])
    if frame["value"].notna().any():
        blocks.chart_with_data(charts.goal_chart(frame, title, lang, value_title, kpi.target, fmt), frame,
                               f"tavoite_{goal.id}_mittari_{n + 1}", lang, f"goal_{goal.id}_kpi_{n}", title)
    else:
        st.info(t("goals.kpi_no_values", lang, kpi=md_text(kpi.name)), icon=":material/info:")
    st.markdown(f"**{t('goals.arithmetic', lang)}**  \n" +
                "  \n".join(md_text(s) for s in words.quarter_sentences(quarters, lang, rule)))

st.markdown(f"**{t('goals.tasks', lang)}**")
if detail.tasks.empty:
    st.caption(t("goals.no_tasks", lang))
else:
    st.table(words.task_table(detail.tasks, lang).map(md_text), hide_index=True)
    blocks.downloads(detail.tasks, f"tavoite_{goal.id}_paatehtavat", lang, f"dl_goal_{goal.id}_tasks")
    blocks.observations(f"dl_goal_{goal.id}_tasks", t("goals.tasks", lang), f"tavoite_{goal.id}_paatehtavat")
st.markdown(f"**{t('goals.summaries', lang)}**")
written = [(q, s) for q, s in zip(QUARTERS, detail.summaries) if s]
if written:
    for quarter, text in written:
        st.markdown(f"**{quarter}:** {md_text(text)}")
else:
    st.caption(t("goals.no_summaries", lang))
st.caption(t("goals.saved_by", lang, version=goal.version, who=md_text(goal.updated_by),
             when=goal_ui.when_text(goal.updated_at, lang)))
if goal.version > 1:
    with st.expander(t("goals.history", lang), icon=":material/history:"):
        for saved in reversed(book.history(goal.id)):
            st.caption(t("goals.history_line", lang, version=saved["version"], who=md_text(saved["changed_by"]),
                         when=goal_ui.when_text(saved["changed_at"], lang)))

if goal_ui.may_edit():
    with st.expander(t("goals.edit", lang), icon=":material/edit:"):
        quarter = st.radio(t("goals.edit_quarter", lang), QUARTERS, key=QUARTER_KEY, horizontal=True,
                           index=QUARTERS.index(view.latest_quarter or "Q1"))
        goal_ui.editor(goal, quarter, lang)

files_section(3)
blocks.method(t("goals.method", lang), lang)

"""Asiakaskokemus: customer feedback, ombudsman contacts and success reports for the chosen tertial (DOMAIN §6)."""
from __future__ import annotations

import streamlit as st

from analytics.domain.experience import ANSWERED_IN_TIME
from analytics.render import charts
from analytics.stats.spc import COUNT_CHART_CHOICES
from analytics.text import experience as words
from analytics.text.i18n import fmt_int, fmt_number, fmt_pct, fmt_signed, label, md_text, t
from analytics.text.incidents import trend_finding
from analytics.text.statistics import change_sentence
from analytics.views.experience import ExperienceView
from ui import blocks, cached, context

CHART_KEY = "exp_chart"
CHART_PARAM = "kortti"

ctx = context.context()
lang = ctx.lang
tertial = ctx.period
period, before = tertial.label, tertial.year_before().label
slug = period.replace("/", "_")
st.title(t("experience.title", lang, period=period))
st.caption(context.scope_caption(ctx) + " — " + t("experience.intro", lang))
with st.spinner(t("app.loading", lang)):
    view: ExperienceView = cached.experience_view(ctx)


def where(number: int) -> None:
    """The tertial's feedback and success reports per service area and unit, with the small-number rule."""
    st.header(f"{number}. " + t("experience.q_where", lang))
    if view.where is None or view.where.empty:
        st.info(t("experience.where_none", lang, period=period), icon=":material/info:")
        return
    shown, data = words.where_display(view.where, lang)
    blocks.table_with_download(shown, data, f"palautteet_yksikoittain_{slug}", lang, key="dl_exp_where",
                               title=t("experience.where_title", lang, period=period))
    st.caption(t("experience.where_caption", lang))


if view.county_only:
    st.info(t("experience.scoped_page", lang), icon=":material/visibility_off:")
    where(1)
    st.stop()
part = view.part
if not part.has_any:
    st.info(t("experience.none", lang), icon=":material/info:")
    st.stop()
st.info(words.finding(part, tertial, lang), icon=":material/lightbulb:")

context.seed_from_url(CHART_PARAM, CHART_KEY, list(COUNT_CHART_CHOICES), lang)
chart_kind = st.session_state.get(CHART_KEY, COUNT_CHART_CHOICES[0])


def trend(name: str, title_name: str, slot: str) -> None:
    """A monthly count's control chart, with the sentence saying which chart and why."""
    chart, table, choice = view.trend_as(name, chart_kind)
    if chart is None:
        st.info(t("incidents.no_trend", lang))
        return
    st.markdown(trend_finding(chart, choice, lang))
    title = t("experience.trend_title", lang, name=title_name, chart=t(f"spc.chart_name.{chart.chart}", lang))
    blocks.chart_with_data(charts.control_chart(table, title, lang, t("experience.count", lang)), table,
                           f"{slot}_kuukausittain_{slug}", lang, f"exp_trend_{name}", title)


# 1. How much feedback, and is the change real?
st.header("1. " + t("experience.q_how_many", lang))
st.radio(t("incidents.chart_choice", lang), COUNT_CHART_CHOICES, key=CHART_KEY, horizontal=True,
         format_func=lambda k: t(f"incidents.chart_choice.{k}", lang), help=t("incidents.chart_choice_help", lang))
context.keep_in_url(CHART_PARAM, chart_kind, COUNT_CHART_CHOICES[0])
feedback = part.feedback
if feedback is None:
    st.info(t("experience.no_feedback", lang), icon=":material/info:")
else:
    types = feedback.types.set_index("feedback_type")
    columns = st.columns(4)
    columns[0].metric(t("experience.feedback_count", lang), fmt_int(feedback.count.current, lang),
                      delta=fmt_signed(feedback.count.change, 0, lang), **blocks.delta_look(feedback.count.change),
                      delta_description=f"{before}: {fmt_int(feedback.count.previous, lang)}")
    score = feedback.score
    columns[1].metric(t("experience.mean_score", lang), fmt_number(score.estimate, 1, lang) if score else "–",
                      delta_description=f"{before}: " + (fmt_number(feedback.previous_score.estimate, 1, lang)
                                                         if feedback.previous_score else "–"))
    for column, kind in zip(columns[2:], ("thanks", "proposal")):
        change = int(types.loc[kind, "current"] - types.loc[kind, "previous"])
        column.metric(label("feedback_type", kind, lang), fmt_int(types.loc[kind, "current"], lang),
                      delta=fmt_signed(change, 0, lang), **blocks.delta_look(change),
                      delta_description=f"{before}: {fmt_int(types.loc[kind, 'previous'], lang)}")
    st.markdown(words.feedback_sentence(feedback, tertial, lang))
    if feedback.count.comparison is not None:
        st.caption(change_sentence(feedback.count.comparison, lang))
    table = words.type_table(feedback, tertial, lang)
    blocks.table_with_download(table, feedback.types, f"palautteet_lajeittain_{slug}", lang, key="dl_exp_types",
                               title=t("experience.q_how_many", lang))
    trend("feedback", t("experience.feedback_count", lang), "palautteet")

# 2. What does the feedback say?
st.header("2. " + t("experience.q_what_said", lang))
if feedback is not None:
    scores = words.score_frame(feedback, tertial, lang)
    title = t("experience.score_title", lang, period=period)
    blocks.chart_with_data(charts.paired_bars(scores, "score", "period", "count", title, lang,
                                              t("experience.score_axis", lang), [period, before]),
                           scores, f"arvosanat_{slug}", lang, "exp_scores", title)
    tabs = st.tabs([label("feedback_type", k, lang) for k in types.index])
    for tab, kind in zip(tabs, types.index):
        with tab:
            sentence = words.themes_sentence(feedback, kind, lang)
            if sentence:
                st.markdown(sentence)
            themes = words.theme_frame(feedback, kind, lang)
            if themes.empty:
                st.caption(t("experience.no_feedback", lang))
                continue
            title = t("experience.themes_title", lang, type=label("feedback_type", kind, lang), period=period)
            pairs = words.paired(themes, "name", tertial)
            blocks.chart_with_data(charts.paired_bars(pairs, "name", "period", "count", title, lang,
                                                      t("experience.mentions", lang), [period, before]),
                                   themes, f"palautteen_aiheet_{kind}_{slug}", lang, f"exp_themes_{kind}", title)
    st.subheader(t("experience.answered_in_time", lang))
    st.markdown(words.requests_sentence(feedback, lang))
    indicator = ctx.bundle.catalogue.find(ANSWERED_IN_TIME)
    if feedback.answered_in_time is not None and indicator is not None and indicator.target is not None:
        share = feedback.answered_in_time.estimate * 100
        st.metric(md_text(indicator.name(lang)), fmt_pct(share, 0, lang),
                  delta_description=f"{t('word.target', lang)}: {fmt_pct(indicator.target.value, 0, lang)}")

# 3. Ombudsmen
st.header("3. " + t("experience.q_ombudsmen", lang))
if not part.ombudsmen:
    st.info(t("experience.no_ombudsmen", lang), icon=":material/info:")
tabs = st.tabs([label("ombudsman", k, lang) for k in part.ombudsmen]) if part.ombudsmen else []
for tab, (key, ombudsman) in zip(tabs, part.ombudsmen.items()):
    with tab:
        name = label("ombudsman", key, lang)
        st.markdown(words.ombudsman_sentence(ombudsman, tertial, lang))
        if ombudsman.contacts.comparison is not None:
            st.caption(change_sentence(ombudsman.contacts.comparison, lang))
        topics = words.topic_frame(ombudsman, lang)
        title = t("experience.topics_title", lang, name=name, period=period)
        pairs = words.paired(topics.fillna({"previous": 0}), "name", tertial)
        blocks.chart_with_data(charts.paired_bars(pairs, "name", "period", "count", title, lang,
                                                  t("experience.mentions", lang), [period, before]),
                               topics, f"{key}_aiheet_{slug}", lang, f"exp_topics_{key}", title)
        blocks.table_with_download(words.topic_table(ombudsman, tertial, lang), topics,
                                   f"{key}_aiheet_taulukko_{slug}", lang, key=f"dl_exp_topic_table_{key}", title=title)
        st.caption(t("experience.topics_caption", lang))
        trend(key, name, f"{key}_yhteydenotot")

# 4. Success reports
st.header("4. " + t("experience.q_success", lang))
success = part.success
if success is None:
    st.info(t("experience.no_success", lang), icon=":material/info:")
else:
    st.markdown(words.success_sentence(success, tertial, lang))
    themes = success.themes.assign(name=[label("success_theme", c, lang) for c in success.themes["theme"]])
    title = t("experience.success_title", lang, period=period)
    blocks.chart_with_data(charts.paired_bars(words.paired(themes, "name", tertial), "name", "period", "count", title,
                                              lang, t("experience.mentions", lang), [period, before]),
                           themes, f"onnistumiset_teemat_{slug}", lang, "exp_success_themes", title)
    trend("success", t("experience.success_heading", lang), "onnistumiset")

# 5. Where?
where(5)

# 6. Why these indicators?
st.header("6. " + t("experience.q_why", lang))
for indicator in ctx.bundle.catalogue.by_domain("experience"):  # the catalogue's own words: shown as text
    st.markdown(f"**{md_text(indicator.name(lang))}**: {md_text(indicator.text('description', lang))}")
blocks.method(words.method(lang), lang)

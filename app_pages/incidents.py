"""Vaaratapahtumat: HaiPro/SPro incident reports for the chosen tertial and filters, in seven questions."""
from __future__ import annotations

import streamlit as st

from analytics.data.contracts import CATEGORIES
from analytics.render import charts
from analytics.stats.spc import COUNT_CHART_CHOICES
from analytics.text import incidents as incident_words
from analytics.text.i18n import label, md_text, t
from analytics.views import incidents as iv
from ui import blocks, cached, context

CATEGORY_KEY = "inc_category"
TYPE_KEY = "inc_type"
TYPES_CHART_KEY = "inc_types_chart"
TYPE_SELECTION = "type_pick"
CATEGORY_PARAM = "luokka"
TYPE_PARAM = "tyyppi"
CHART_KEY = "inc_chart"
CHART_PARAM = "kortti"

ctx = context.context()
lang = ctx.lang
period = ctx.period.label
st.title(t("incidents.title", lang, period=period))
st.caption(context.scope_caption(ctx) + " — " + t("incidents.intro", lang))


def _pick_type_from_chart() -> None:
    """A click on a bar chooses that event type (a double click clears it)."""
    chosen = st.session_state[TYPES_CHART_KEY]["selection"].get(TYPE_SELECTION) or []
    st.session_state[TYPE_KEY] = chosen[0].get("event_type", "") if chosen else ""


context.seed_from_url(CATEGORY_PARAM, CATEGORY_KEY, list(CATEGORIES), lang)
category = st.selectbox(t("incidents.choose_category", lang), CATEGORIES, key=CATEGORY_KEY,
                        format_func=lambda code: label("category", code, lang))
context.keep_in_url(CATEGORY_PARAM, category, CATEGORIES[0])
with st.spinner(t("app.loading", lang)):
    base = cached.incident_view(ctx, category, None)
type_codes = list(base.types["event_type"])
context.seed_from_url(TYPE_PARAM, TYPE_KEY, type_codes, lang)
if st.session_state.get(TYPE_KEY) not in ["", *type_codes]:
    st.session_state[TYPE_KEY] = ""
event_type = st.session_state.get(TYPE_KEY) or None
context.keep_in_url(TYPE_PARAM, event_type or "", "")
view = cached.incident_view(ctx, category, event_type) if event_type else base
slug = period.replace("/", "_")
blocks.view_detail(f"{category}/{event_type or ''}")

if not view.has_reports:
    st.info(t("incidents.no_data", lang, period=period), icon=":material/info:")
    st.stop()

st.info(incident_words.finding(view, lang), icon=":material/lightbulb:")

# 1. How many reports, and is the change real?
st.header("1. " + t("incidents.q_how_many", lang))
blocks.table_with_download(incident_words.category_display(view, lang), view.categories,
                           f"ilmoitukset_luokittain_{slug}", lang, key="dl_categories",
                           title=t("incidents.q_how_many", lang))

if not view.has_category_reports:
    st.info(t("incidents.no_category", lang, category=label("category", category, lang), period=period),
            icon=":material/info:")
    blocks.method(incident_words.method(ctx.bundle.catalogue, lang), lang)
    st.stop()

type_name = label("event_type", event_type, lang) if event_type else None
category_name = label("category", category, lang) + (f" · {type_name}" if type_name else "")
if type_name:
    st.warning(t("incidents.type_active", lang, type=md_text(type_name)), icon=":material/filter_alt:")

# 2. What is the trend?
st.header("2. " + t("incidents.q_trend", lang))
if view.trend_withheld:
    st.info(t("incidents.trend_withheld", lang), icon=":material/visibility_off:")
    shown = view.trend_table[["month", "count"]]
    title = t("incidents.trend_shown_months", lang) + f" · {category_name}"
    blocks.chart_with_data(charts.lines(shown, "month", "count", None, title, lang, t("incidents.reports", lang)),
                           shown, f"ilmoitukset_kuukausittain_{slug}", lang, "trend", title)
elif view.trend is None:
    st.info(t("incidents.no_trend", lang))
else:
    context.seed_from_url(CHART_PARAM, CHART_KEY, list(COUNT_CHART_CHOICES), lang)
    chart_kind = st.radio(t("incidents.chart_choice", lang), COUNT_CHART_CHOICES, key=CHART_KEY, horizontal=True,
                          format_func=lambda k: t(f"incidents.chart_choice.{k}", lang),
                          help=t("incidents.chart_choice_help", lang))
    context.keep_in_url(CHART_PARAM, chart_kind, COUNT_CHART_CHOICES[0])
    trend, trend_table, choice = view.trend_as(chart_kind)
    st.markdown(incident_words.trend_finding(trend, choice, lang))
    title = incident_words.trend_title(trend, category_name, lang)
    blocks.chart_with_data(charts.control_chart(trend_table, title, lang, t("incidents.reports", lang)),
                           trend_table, f"ilmoitukset_kuukausittain_{slug}", lang, "trend", title)
    st.caption(t("incidents.trend_caption", lang))

# 3. What kind of events?
st.header("3. " + t("incidents.q_kinds", lang))
st.markdown(incident_words.kinds_finding(view, lang))
kinds_monthly = view.kinds_monthly.assign(kind=[label("kind_event", k, lang) for k in view.kinds_monthly["event_kind"]])
title = t("incidents.kinds_title", lang)
blocks.chart_with_data(charts.lines(kinds_monthly, "month", "count", "kind", title, lang, t("incidents.reports", lang)),
                       view.kinds_monthly, f"tapahtuman_laji_{slug}", lang, "kinds", title)
left, right = st.columns(2)
by_tertial = view.kinds_by_tertial
with left:
    title = t("incidents.ratio_title", lang)
    blocks.chart_with_data(charts.lines(by_tertial, "tertial", "near_miss_ratio", None, title, lang,
                                        t("headline.near_miss_ratio", lang), fmt=",.2f", temporal=False),
                           by_tertial, f"laheltapiti_suhde_{slug}", lang, "ratio", title)
with right:
    title = incident_words.observation_title(view, lang)
    blocks.chart_with_data(charts.lines(by_tertial, "tertial", "observation_share_pct", None, title, lang,
                                        t("incidents.share", lang) + " (%)", fmt=",.1f", temporal=False,
                                        target=view.observation_target_pct),
                           by_tertial, f"havaintojen_osuus_{slug}", lang, "observation", title)

# 4. Which event types?
st.header("4. " + t("incidents.q_types", lang))
st.caption(t("incidents.type_hint", lang))
st.selectbox(t("incidents.choose_type", lang), ["", *type_codes], key=TYPE_KEY,
             format_func=lambda code: label("event_type", code, lang) if code else t("incidents.all_types", lang))
types = base.types.assign(name=[label("event_type", c, lang) for c in base.types["event_type"]])
shares = bool(types["share_pct"].notna().any())  # a hidden category total hides every share: draw the counts
title = t("incidents.types_title" if shares else "incidents.types_title_counts", lang, period=period)
blocks.chart_with_data(
    charts.bars(types, "name", "share_pct" if shares else "count", title, lang,
                t("incidents.share", lang) + " (%)" if shares else t("incidents.reports", lang),
                fmt=",.1f" if shares else ",.0f", selection=TYPE_SELECTION,
                selected=event_type, code="event_type",
                extra_tooltips=(("count", t("incidents.reports", lang), ",.0f"),
                                ("change_pp", t("word.change", lang) + f" ({t('unit.points', lang)})", "+,.1f"))),
    base.types, f"tapahtumatyypit_{slug}", lang, "types", title,
    on_select=_pick_type_from_chart, key=TYPES_CHART_KEY, selection_mode=TYPE_SELECTION)
blocks.table(incident_words.types_display(base, lang))

# 5. How fast are reports handled?
st.header("5. " + t("incidents.q_reaction", lang))
if view.reaction_withheld:
    st.info(incident_words.reaction_finding(view, lang), icon=":material/visibility_off:")
else:
    st.markdown(incident_words.reaction_finding(view, lang))
    distribution = view.reaction_distribution.assign(
        band=[incident_words.reaction_band(low, view.reaction_target_days, lang) for low in view.reaction_distribution["low"]])
    title = t("incidents.reaction_title", lang)
    blocks.chart_with_data(charts.bars(distribution, "bin", "count", title, lang, t("incidents.reports", lang),
                                       fmt=",.0f", horizontal=False, colour="band",
                                       extra_tooltips=(("share_pct", t("incidents.share", lang) + " (%)", ",.1f"),)),
                           view.reaction_distribution, f"reagointiaika_{slug}", lang, "reaction", title)
blocks.table_with_download(incident_words.reaction_display(view, lang), view.reaction_by_area,
                           f"reagointiaika_palvelualueittain_{slug}", lang, key="dl_reaction_area")

# 6. Who reports, and what follows?
st.header("6. " + t("incidents.q_reporters", lang))
st.markdown(incident_words.reporters_finding(view, lang))
if len(view.development_themes):
    themes = view.development_themes.assign(name=[label("theme", c, lang) for c in view.development_themes["theme"]])
    title = t("incidents.themes_title", lang)
    blocks.chart_with_data(charts.bars(themes, "name", "count", title, lang, t("incidents.reports", lang), fmt=",.0f"),
                           view.development_themes, f"kehittamisteemat_{slug}", lang, "themes", title)

# 7. Where?
st.header("7. " + t("incidents.q_where", lang))
shown, data = incident_words.where_display(view, lang)
blocks.table_with_download(shown, data, f"ilmoitukset_yksikoittain_{slug}", lang, key="dl_where")
st.caption(t("incidents.where_caption", lang))

blocks.method(incident_words.method(ctx.bundle.catalogue, lang), lang)

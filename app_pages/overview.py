"""Yleiskatsaus: the interim review at a glance for the chosen tertial and filters."""
from __future__ import annotations

import streamlit as st

from analytics.data.bundle import dataset_info
from analytics.render.charts import sparkline
from analytics.render.exports import csv_bytes
from analytics.render.html_report import review_to_html
from analytics.render.report import observations_markdown
from analytics.text import overview as ov
from analytics.text.i18n import label, md_text, t
from analytics.text.statistics import change_interval_sentence
from analytics.text.status import status_markdown
from analytics.views.review import Headline
from ui import blocks, cached, context, observation_panel

CARDS_PER_ROW = 3

ctx = context.context()
lang = ctx.lang
st.title(t("overview.title", lang, period=ctx.period.label))
st.caption(context.scope_caption(ctx) + " — " + t("overview.intro", lang))
with st.spinner(t("app.loading", lang)):
    review = cached.review(ctx)
before = ctx.period.year_before().label


def card(h: Headline) -> None:
    """One headline: value, change on a year before, target and status in words, and its trend."""
    name = ov.headline_label(h, lang)
    if h.indicator is not None:  # a county's own indicator: its name from the catalogue, shown as text
        name = md_text(name)
    with st.container(border=True):
        st.metric(name, ov.format_value(h.value, h.unit, lang), delta=ov.format_change(h, lang),
                  **blocks.delta_look(h.change, h.better),
                  delta_description=f"{ov.before_label(h, review)}: {ov.format_value(h.previous, h.unit, lang)}")
        st.markdown(f"{t('word.target', lang)}: {ov.format_target(h, lang)}  \n**{status_markdown(h.status, lang)}**")
        if h.comparison is not None:
            st.caption(change_interval_sentence(h.comparison, lang))
        if len(h.trend):
            first, last = h.trend["month"].min(), h.trend["month"].max()
            title = t("overview.trend_title", lang, first=f"{first.month}/{first.year}", last=f"{last.month}/{last.year}")
            blocks.vega_chart(sparkline(h.trend, h.unit, title, lang, h.target),
                            width="stretch", alt=f"{name}: {title}")


def cards(domain: str, only: tuple[str, ...] = ()) -> None:
    chosen = [h for h in review.headlines if h.domain == domain and (not only or h.id in only)]
    for start in range(0, len(chosen), CARDS_PER_ROW):
        for column, h in zip(st.columns(CARDS_PER_ROW), chosen[start:start + CARDS_PER_ROW]):
            with column:
                card(h)


st.info(ov.finding(review, lang), icon=":material/lightbulb:")

st.header(t("overview.incidents", lang))
if review.has_patient_safety:
    cards("incidents")
elif review.has_incidents:
    st.info(t("overview.no_patient_safety", lang, period=ctx.period.label))
    cards("incidents", only=("all_reports",))
else:
    st.info(t("overview.no_incidents", lang, period=ctx.period.label))
blocks.observations("overview_incidents", t("overview.incidents", lang))

st.header(t("overview.rescue", lang))
if review.has_rescue:
    cards("rescue")
else:
    st.info(t("overview.no_rescue", lang))
blocks.observations("overview_rescue", t("overview.rescue", lang))

st.header(t("overview.rai", lang))
if review.rai_tables:
    st.caption(ov.rai_caption(review, lang))
    for table in review.rai_tables:
        st.subheader(label("setting", table.setting, lang))
        blocks.table(ov.rai_display_table(review, ctx.bundle.catalogue, table.setting, lang))
else:
    st.info(t("overview.no_rai", lang))
blocks.observations("overview_rai", t("overview.rai", lang))

if review.own or review.experience is None:
    st.header(t("domain.own", lang))
    if review.experience is None:  # below the county
        st.info(t("own.county_only", lang), icon=":material/visibility_off:")
    else:
        cards("own")
    blocks.observations("overview_own", t("domain.own", lang))

st.header(t("domain.experience", lang))
if review.experience is None:
    st.info(t("experience.county_only", lang), icon=":material/visibility_off:")
elif not review.experience.has_any:
    st.info(t("experience.none", lang))
else:
    cards("experience")
blocks.observations("overview_experience", t("domain.experience", lang))

st.header(t("report.observations", lang))
notes = observation_panel.period_observations(ctx)
st.markdown("\n".join(observations_markdown(notes, lang, heading=False)))

st.header(t("overview.headlines_title", lang, period=ctx.period.label))
blocks.table_with_download(ov.headline_table(review, lang), ov.headline_data(review), f"yleiskatsaus_{ctx.period.label.replace('/', '_')}",
                           lang, key="dl_headlines")
with st.container(horizontal=True):
    st.download_button(t("overview.download_trends", lang), lambda: csv_bytes(ov.trend_data(review), lang),
                       file_name="yleiskatsaus_trendit.csv", mime="text/csv", key="dl_trends", icon=":material/download:",
                       on_click="ignore")
    st.download_button(t("report.download_html", lang),
                       lambda: review_to_html(review, ctx.bundle.catalogue, lang,
                                              synthetic=bool(dataset_info(ctx.bundle.data_dir).get("synthetic")),
                                              notes=notes).encode("utf-8"),
                       file_name=f"osavuosikatsaus_{ctx.period.label.replace('/', '_')}.html", mime="text/html",
                       key="dl_report_html", icon=":material/description:", on_click="ignore", type="primary")
blocks.method(ov.method(ctx.bundle.catalogue, lang), lang)

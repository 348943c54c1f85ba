"""Tiivistelmä: the condensed brief of the whole county for councillors, municipalities and residents, shown on
the page as it prints, and downloadable as PDF and HTML (the same files as ``python -m analytics brief``).
The one page of a public read-only deployment."""
from __future__ import annotations

import streamlit as st
import streamlit.components.v1 as components

from analytics.render.brief import find_chromium
from analytics.text.i18n import md_text, t
from ui import cached, context

ctx = context.context()
lang = ctx.lang
period = ctx.period.label
slug = period.replace("/", "_")
st.title(t("brief_page.title", lang, period=period))
st.caption(f"{md_text(ctx.scope.county or '')} · {period} — " + t("brief_page.intro", lang))
if ctx.scope.toimialat or ctx.scope.palvelualueet:
    st.info(t("brief_page.county_only", lang), icon=":material/info:")
with st.spinner(t("brief_page.making", lang)):
    html = cached.brief_html(ctx)
columns = st.columns([1, 1, 4])
columns[1].download_button(t("brief_page.download_html", lang), html.encode("utf-8"), f"tiivistelma_{slug}.html",
                           "text/html", icon=":material/code:", key="brief_html", on_click="ignore")
if find_chromium() is None:
    st.warning(t("brief_page.pdf_failed", lang, error=t("brief_page.no_chromium", lang)), icon=":material/warning:")
else:  # printed when asked for (a few seconds), then kept for the same brief
    columns[0].download_button(t("brief_page.download_pdf", lang), lambda: cached.brief_pdf(ctx),
                               f"tiivistelma_{slug}.pdf", "application/pdf", icon=":material/picture_as_pdf:",
                               key="brief_pdf", type="primary", on_click="ignore")
# the brief as it prints, in a frame of its own (its styles stay its own); self-contained: nothing is fetched
components.html(html, height=2600, scrolling=True)

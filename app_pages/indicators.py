"""Mittarit: the catalogue, so that every figure has its "why this indicator"."""
from __future__ import annotations

import streamlit as st

from analytics.text.catalogue import direction_text, why_markdown
from analytics.text.i18n import t
from ui import blocks, context

ctx = context.context()
lang = ctx.lang
catalogue = ctx.bundle.catalogue
st.title(t("indicators.title", lang))
st.caption(t("indicators.intro", lang))

with_target = sum(1 for ind in catalogue.indicators if ind.target)
st.info(t("indicators.finding", lang, n=len(catalogue.indicators), with_target=with_target), icon=":material/lightbulb:")

for domain in ("incidents", "rescue", "rai", "experience", "own"):
    st.header(t(f"domain.{domain}", lang))
    for ind in catalogue.by_domain(domain):
        setting = f" · {t('setting.' + ind.setting, lang)}" if ind.setting else ""
        with st.expander(f"{ind.name(lang)}{setting}"):
            st.markdown(why_markdown(ind, lang))

st.header(t("word.data", lang))
data = catalogue.to_frame(lang)
shown = data.assign(
    domain=[t(f"domain.{d}", lang) for d in data["domain"]],
    setting=[t(f"setting.{s}", lang) if s else "" for s in data["setting"]],
    kind=[t(f"kind.{k}", lang) for k in data["kind"]],
    better=[direction_text(b, lang) for b in data["better"]],
    target_kind=[t(f"target_kind.{k}", lang) if k else "" for k in data["target_kind"]],
).rename(columns={c: t(f"catalogue.{c}", lang) for c in data.columns})
blocks.table_with_download(shown, data, "mittariluettelo", lang, key="dl_catalogue")
blocks.method(t("indicators.method", lang), lang)

"""Entry point: page config, the shared sidebar filters (bound to the URL) and navigation."""
from __future__ import annotations

import streamlit as st

from analytics.i18n import t
from pages import common

st.set_page_config(page_title="Omavalvonta", page_icon=":material/monitoring:", layout="wide")

ctx = common.sidebar()
st.session_state["_context"] = ctx
navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview", ctx.lang), icon=":material/dashboard:", default=True),
    st.Page("pages/indicators.py", title=t("nav.indicators", ctx.lang), icon=":material/menu_book:"),
])
navigation.run()

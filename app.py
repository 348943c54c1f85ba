"""Entry point: page config, navigation and the shared sidebar filters (bound to the URL).

``st.navigation`` is called before the sidebar widgets are made: widget identities include the
page, and a widget made before the page is known loses its state on the first interaction.
URL paths are Finnish words that differ from the file names, so that nothing mistakes the pages/
folder for Streamlit's older file-based page discovery.
"""
from __future__ import annotations

import streamlit as st

from analytics import access
from analytics.i18n import t
from pages import common, observation_panel, signin

st.set_page_config(page_title="Omavalvonta", page_icon=common.APP_ICON, layout="wide")  # served by the app itself

lang = common.current_language()
who = signin.identity(lang)
if not who.may(access.VIEW):
    signin.gate(who, lang)  # a visitor without a role sees the sign-in page and nothing else
navigation = st.navigation([
    st.Page("pages/overview.py", title=t("nav.overview", lang), icon=":material/dashboard:", url_path="yleiskatsaus",
            default=True),
    st.Page("pages/incidents.py", title=t("nav.incidents", lang), icon=":material/report:", url_path="vaaratapahtumat"),
    st.Page("pages/rescue.py", title=t("nav.rescue", lang), icon=":material/fire_truck:", url_path="pelastustoimi"),
    st.Page("pages/rai.py", title=t("nav.rai", lang), icon=":material/elderly:", url_path="rai-laatu"),
    st.Page("pages/compare.py", title=t("nav.compare", lang), icon=":material/compare_arrows:", url_path="aluevertailu"),
    st.Page("pages/forecasts.py", title=t("nav.forecasts", lang), icon=":material/trending_up:", url_path="ennusteet"),
    st.Page("pages/indicators.py", title=t("nav.indicators", lang), icon=":material/menu_book:", url_path="mittarit"),
    signin.guarded(st.Page("pages/data.py", title=t("nav.data", lang), icon=":material/database:", url_path="aineisto"),
                   who, access.MANAGE_DATA, lang),
    st.Page("pages/actions.py", title=t("nav.actions", lang), icon=":material/checklist:", url_path="kehittamistoimet"),
    st.Page("pages/present.py", title=t("nav.present", lang), icon=":material/slideshow:", url_path="esitys"),
])
signin.sidebar(who, lang)
# The data page opens even when the data cannot be read, so that an import can be undone there.
ctx = common.sidebar(allow_broken=navigation.url_path == "aineisto" and who.may(access.MANAGE_DATA))
st.session_state["_context"] = ctx
st.session_state["_page"] = navigation.url_path
st.session_state["_view_detail"] = ""
observation_panel.start_run()
observation_panel.follow_changes()
if st.session_state.pop("_leave_presentation", False) and navigation.url_path == "esitys":
    st.switch_page(common.OVERVIEW_PAGE, query_params=dict(st.query_params))
if common.presenting() and navigation.url_path != "esitys":
    st.switch_page(common.PRESENT_PAGE, query_params=dict(st.query_params))
navigation.run()
common.warm_up(ctx)
common.live_data(ctx)

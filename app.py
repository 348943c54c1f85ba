"""Entry point: page config, navigation and the shared sidebar filters (bound to the URL).

The pages come from one registry (analytics.core.pages). ``st.navigation`` is called before the sidebar widgets
are made: widget identities include the page, and a widget made before the page is known loses its state on the
first interaction. The page scripts live in app_pages/, not pages/: a folder named pages/ turns on Streamlit's
older file-based discovery beside st.navigation, and a first visitor's link to a sub-page then met "Page not
found". Streamlit serves the default page at the root only, so the root is a page of its own that forwards to
the overview's address (with the link's filters): a shared /yleiskatsaus?… link opens the overview.
"""
from __future__ import annotations

import streamlit as st

from analytics.core import access
from analytics.core.pages import BRIEF, DATA, OVERVIEW, PAGES, PRESENTATION, PUBLIC_PAGES
from analytics.text.i18n import t
from ui import context, live, observation_panel, signin

st.set_page_config(page_title="Omavalvonta", page_icon=context.APP_ICON, layout="wide")  # served by the app itself

lang = context.current_language()
who = signin.identity(lang)
if not who.may(access.VIEW):
    signin.gate(who, lang)  # a visitor without a role sees the sign-in page and nothing else


public = access.public_mode()
home = BRIEF if public else OVERVIEW


def _root() -> None:
    st.switch_page(home.file, query_params=context.link_params())


pages = [st.Page(_root, title=t(home.title_key, lang), url_path="etusivu", default=True, visibility="hidden")]
for spec in PUBLIC_PAGES if public else PAGES:  # a public deployment has no other page, at any address
    page = st.Page(spec.file, title=t(spec.title_key, lang), icon=spec.icon, url_path=spec.slug)
    pages.append(signin.guarded(page, who, spec.permission, lang))
navigation = st.navigation(pages, expanded=True)  # every page in the menu, none behind "View more"
if not navigation.url_path:
    _root()
signin.sidebar(who, lang)
# The data page opens even when the data cannot be read, so that an import can be undone there.
ctx = context.sidebar(allow_broken=navigation.url_path == DATA.slug and who.may(access.MANAGE_DATA), public=public)
st.session_state["_context"] = ctx
st.session_state["_page"] = navigation.url_path
st.session_state["_view_detail"] = ""
if not public:
    observation_panel.start_run()
    observation_panel.follow_changes()
    if st.session_state.pop("_leave_presentation", False) and navigation.url_path == PRESENTATION.slug:
        st.switch_page(OVERVIEW.file, query_params=context.link_params())
    if context.presenting() and navigation.url_path != PRESENTATION.slug:
        st.switch_page(PRESENTATION.file, query_params=context.link_params())
navigation.run()
live.warm_up(ctx)
live.live_data(ctx)

"""Kehittämistoimet: every development action recorded with an observation, overdue first, with filters,
exports and an editor."""
from __future__ import annotations

import streamlit as st

from analytics import observations as obs
from analytics.core import access
from analytics.text.i18n import fmt_int, label, md_text, t
from ui import blocks, context, observation_panel, signin

AREA_KEY, STATUS_KEY, DUE_KEY = "actions_area", "actions_status", "actions_due"
ALL, WHOLE = "*", ""
DUES = ("all", "overdue", "next30")

ctx = context.context()
lang = ctx.lang
st.title(t("actions.title", lang))
st.caption(f"{md_text(ctx.scope.county or '')} — {t('actions.intro', lang)}")
book = observation_panel.notebook()
if book is None or ctx.bundle is None:
    st.stop()

areas = [ALL, WHOLE, *context.palvelualue_options(ctx)]
context.seed_from_url("toimen_alue", AREA_KEY, areas, lang)
if AREA_KEY not in st.session_state and len(ctx.scope.palvelualueet) == 1:
    st.session_state[AREA_KEY] = ctx.scope.palvelualueet[0]  # a manager's own palvelualue, from the sidebar
context.seed_from_url("tila", STATUS_KEY, list(obs.ACTION_STATUSES), lang, multiple=True)
context.seed_from_url("maaraaika", DUE_KEY, list(DUES), lang)
left, middle, right = st.columns([2, 2, 2])
area = left.selectbox(t("filter.palvelualue", lang), areas, key=AREA_KEY,
                      format_func=lambda a: t("filter.all", lang) if a == ALL else a or t("actions.whole_county", lang))
statuses = middle.multiselect(t("word.status", lang), obs.ACTION_STATUSES, key=STATUS_KEY,
                              format_func=lambda s: label("action_status", s, lang), placeholder=t("filter.all", lang))
due = right.radio(t("actions.due", lang), DUES, key=DUE_KEY, horizontal=True,
                  format_func=lambda d: t(f"actions.due.{d}", lang))
context.keep_in_url("toimen_alue", area, ALL)
context.keep_in_url("tila", statuses, [])
context.keep_in_url("maaraaika", due, DUES[0])

frame = obs.actions_frame(book.actions(ctx.scope.county), palvelualue=None if area == ALL else area,
                          statuses=statuses, due=due)
if frame.empty:
    st.info(t("actions.none", lang), icon=":material/info:")
    st.stop()

done = int((frame["status"] == "done").sum())
st.info(t("actions.summary", lang, n=fmt_int(len(frame), lang), overdue=fmt_int(int(frame["overdue"].sum()), lang),
          open=fmt_int(len(frame) - done, lang), done=fmt_int(done, lang)), icon=":material/checklist:")
st.subheader(t("actions.table_title", lang))
shown = obs.actions_display(frame, lang)
blocks.table(shown)
blocks.downloads(shown, "kehittamistoimet", lang, "dl_actions")

if not signin.may(access.WRITE_OBSERVATIONS):
    st.caption(t("signin.read_only", lang))
else:
    st.subheader(t("actions.edit_title", lang))
    observation_panel.messages("actions", lang)
    chosen = st.selectbox(t("actions.choose", lang), list(frame["id"]), key="actions_chosen",
                          format_func=lambda i: f"#{i} {frame.set_index('id').at[i, 'what'][:80]}")
    item = book.get(int(chosen))
    st.markdown(md_text(observation_panel.action_line(item.action, lang)) if item.action else "")
    st.caption(md_text(f"{t('obs.text', lang)}: {item.text}"))
    observation_panel.editor(item, "actions", lang)

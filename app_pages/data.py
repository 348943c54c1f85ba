"""Aineisto: the state of the data, importing a county's own exports safely, and Sotkanet references."""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from analytics.core import access
from analytics.core.errors import DataError
from analytics.data.bundle import dataset_info
from analytics.data.contracts import CONTRACTS
from analytics.ingest import importer as ingest
from analytics.ingest.mapping import detect, known_headers, read_mapping, write_mapping
from analytics.ingest.readers import check_size, max_file_bytes, read_chunks
from analytics.ingest.sotkanet import read_sotkanet
from analytics.text import importer as import_words
from analytics.text.i18n import fmt_int, md_text, t, t_count
from ui import blocks, cached, context, live, signin

KIND_KEY, MODE_KEY, FILE_KEY, MAPPING_FILE_KEY = "data_kind", "data_mode", "data_file", "data_mapping_file"
KINDS = ("incidents", "rescue_tasks", "rai_results", "rai_national", "feedback", "ombudsman_contacts",
         "success_reports", "own_values", "org_units", "sotkanet", "indicator_values")
NONE = ""

ctx = context.context()
lang = ctx.lang
signin.require(access.MANAGE_DATA, lang)  # the navigation offers this page only to data stewards; checked here too
folder = context.data_dir()
st.title(t("data.title", lang))
st.caption(t("data.intro", lang, folder=str(folder)))


@st.cache_data(max_entries=4, show_spinner=False)
def _prepare(digest: str, name: str, kind: str, mode: str, given: tuple, signature: tuple, folder: str,
             _upload) -> tuple[ingest.ImportReport | None, list[str], str | None]:
    """(report, the file's headers, an error that stopped reading) — cached by the file's digest and the settings.
    Only the small report is kept (its problem lines, and the path of the checked table waiting in .incoming/):
    the file is read in chunks from the upload and never held parsed, in the cache or anywhere."""
    table = "indicator_values" if kind == "sotkanet" else kind
    try:
        _upload.seek(0)
        if kind == "sotkanet":
            check_size(_upload.size, name)
            chunks = iter([read_sotkanet(_upload.read(), name)])
        else:
            chunks = read_chunks(_upload, name, known_headers(table))
        report = ingest.prepare_chunks(table, chunks, folder, dict(given) or None, mode)
        return report, list(report.headers), None
    except DataError as exc:
        return None, [], str(exc)


@st.cache_data(max_entries=4, show_spinner=False)
def _state(folder: str, fingerprint: tuple) -> pd.DataFrame:
    return ingest.data_state(folder)


# 1. What is in the data now?
st.header("1. " + t("data.q_state", lang))
state = _state(str(folder), ingest.state_fingerprint(folder))
shown = pd.DataFrame({
    t("data.table", lang): [t(f"table.{k}", lang) for k in state["table"]],
    t("data.rows", lang): state["rows"], t("data.first", lang): state["first"], t("data.last", lang): state["last"],
    t("data.last_import", lang): state["last_import"].fillna(t("data.never", lang)),
    t("data.source", lang): state["source"].fillna("–"), t("data.versions", lang): state["versions"],
    t("word.status", lang): [t("data.status_ok", lang) if s == "ok" else t(f"data.status_{s}", lang)
                             if s in ("missing", "optional") else s for s in state["status"]],
})
blocks.table_with_download(shown, state, "aineiston_tila", lang, key="dl_state")
broken = state[state["status"].str.startswith("error")]
for row in broken.itertuples(index=False):
    st.error(t("data.table_error", lang, table=t(f"table.{row.table}", lang),
               error=md_text(row.status[len("error: "):])))
info = dataset_info(folder)
if info.get("synthetic"):
    st.info(t("data.synthetic", lang), icon=":material/science:")
log = ingest.import_log(folder)
if len(log):
    with st.expander(t("data.log", lang), icon=":material/history:"):
        blocks.table(log.iloc[::-1].head(50))

# 2. Import a file
st.header("2. " + t("data.q_import", lang))
left, right = st.columns(2)
with left:
    kind = st.selectbox(t("data.kind", lang), KINDS, key=KIND_KEY, format_func=lambda k: t(f"table.{k}", lang))
with right:
    mode = st.radio(t("data.mode", lang), ingest.MODES, key=MODE_KEY, horizontal=True,
                    format_func=lambda m: t(f"data.mode.{m}", lang))
st.caption(t(f"data.mode_help.{mode}", lang))
types = ["csv", "json"] if kind == "sotkanet" else ["csv", "txt", "xlsx", "parquet"]
generation = st.session_state.get(f"{FILE_KEY}_generation", 0)  # a new uploader after an import lets the file go
upload = st.file_uploader(t("data.file", lang), type=types,
                          key=FILE_KEY if not generation else f"{FILE_KEY}_{generation}")
table_kind = "indicator_values" if kind == "sotkanet" else kind
given: dict[str, str] = {}
if kind != "sotkanet":
    mapping_upload = st.file_uploader(t("data.mapping_file", lang), type=["toml"], key=MAPPING_FILE_KEY,
                                      help=t("data.mapping_help", lang))
    if mapping_upload is not None:
        try:
            mapped_kind, given = read_mapping(mapping_upload.getvalue().decode("utf-8", errors="replace"),
                                              mapping_upload.name)
            if mapped_kind and mapped_kind != table_kind:
                st.warning(t("data.mapping_other_kind", lang, kind=md_text(mapped_kind)))
                given = {}
        except DataError as exc:
            st.error(t("data.mapping_error", lang, error=md_text(exc)))
            given = {}

if upload is None:
    st.info(t("data.choose_file", lang), icon=":material/upload_file:")
elif upload.size > max_file_bytes():  # refused before reading any of it
    st.error(t("data.too_large", lang, size=fmt_int(round(upload.size / 1024 / 1024), lang),
               limit=fmt_int(max_file_bytes() // 1024 // 1024, lang)), icon=":material/error:")
else:
    upload.seek(0)
    digest = hashlib.file_digest(upload, "sha256").hexdigest()
    chosen_key = f"map_{digest[:12]}_{table_kind}"
    with st.spinner(t("data.checking", lang)):
        report, headers, error = _prepare(digest, upload.name, kind, mode, (), ctx.signature, str(folder), upload)
        live.release_memory_later()  # the check's chunks now, the upload's once Streamlit has dropped it
    if error:
        st.error(t("data.read_error", lang, error=md_text(error)), icon=":material/error:")
    else:
        if kind != "sotkanet":
            detected = detect(table_kind, headers, {c: h for c, h in given.items() if h in headers})
            with st.expander(t("data.mapping_title", lang), expanded=not detected.complete, icon=":material/tune:"):
                st.caption(t("data.mapping_caption", lang))
                columns = st.columns(3)
                chosen: dict[str, str] = {}
                for i, (column, spec) in enumerate(CONTRACTS[table_kind].columns.items()):
                    options = [NONE, *headers]
                    default = detected.columns.get(column, NONE)
                    with columns[i % 3]:
                        picked = st.selectbox(f"{column}{'' if spec.nullable else ' *'}", options,
                                              index=options.index(default), key=f"{chosen_key}_{column}",
                                              format_func=lambda h: h or t("data.no_column", lang))
                    if picked:
                        chosen[column] = picked
                st.download_button(t("data.download_mapping", lang), write_mapping(table_kind, chosen).encode("utf-8"),
                                   file_name=f"sarakemaaritys_{table_kind}.toml", mime="application/toml",
                                   key="dl_mapping", icon=":material/download:")
            if chosen != detected.columns or given:
                with st.spinner(t("data.checking", lang)):
                    report, _, error = _prepare(digest, upload.name, kind, mode, tuple(sorted(chosen.items())),
                                                ctx.signature, str(folder), upload)
        if report is not None:
            cards = st.columns(4)
            cards[0].metric(t("data.rows_read", lang), fmt_int(report.rows_read, lang))
            cards[1].metric(t("data.rows_accepted", lang), fmt_int(report.rows_accepted, lang))
            cards[2].metric(t("data.rows_new", lang), fmt_int(report.rows_new, lang))
            cards[3].metric(t("data.problems", lang), fmt_int(report.problem_count, lang))
            for note in report.notes:
                st.caption(md_text(note))  # names the file's own headers
            if report.problem_count:
                st.error(t_count("data.has_problems", report.problem_count, lang),
                         icon=":material/error:")
                listed = import_words.problems_in(report, lang)
                shown_problems = listed.rename(columns={c: t(f"data.problem.{c}", lang) for c in listed.columns})
                blocks.table_with_download(shown_problems, listed, "tuonnin_ongelmat", lang, key="dl_problems")
            elif report.mode == "append" and report.rows_new == 0:
                st.info(t("data.nothing_new", lang), icon=":material/info:")
            else:
                st.success(t_count("data.ready", report.rows_new, lang), icon=":material/check_circle:")
                if st.button(t("data.import", lang), type="primary", key="data_import", icon=":material/publish:") \
                        and signin.may(access.MANAGE_DATA):
                    try:
                        with st.spinner(t("data.importing", lang)):
                            ingest.commit(report, folder)
                        live.release_memory_later()
                    except DataError as exc:  # the checked table no longer waits (imported meanwhile, or too old)
                        _prepare.clear()
                        st.error(t("data.import_error", lang, error=md_text(exc)), icon=":material/error:")
                    else:
                        st.session_state["_data_message"] = t_count("data.imported", report.rows_new, lang,
                                                                    table=t(f"table.{table_kind}", lang),
                                                                    file=md_text(upload.name))
                        st.session_state[f"{FILE_KEY}_generation"] = generation + 1
                        st.rerun()
message = st.session_state.pop("_data_message", None)
if message:
    st.success(message, icon=":material/check_circle:")

# 3. One step back
st.header("3. " + t("data.q_undo", lang))
undoable = [k for k in CONTRACTS if ingest.versions(folder, k)]
if not undoable:
    st.caption(t("data.no_versions", lang))
for kind_with_versions in undoable:
    label = t("data.undo", lang, table=t(f"table.{kind_with_versions}", lang),
              count=len(ingest.versions(folder, kind_with_versions)))
    if st.button(label, key=f"undo_{kind_with_versions}", icon=":material/undo:") and signin.may(access.MANAGE_DATA):
        ingest.undo(kind_with_versions, folder)
        st.session_state["_data_message"] = t("data.undone", lang, table=t(f"table.{kind_with_versions}", lang))
        st.rerun()

# 4. Reference values
st.header("4. " + t("data.q_reference", lang))
values = ctx.bundle.indicator_values if ctx.bundle is not None else pd.DataFrame()
if values.empty:
    st.info(t("data.no_reference", lang), icon=":material/info:")
else:
    st.markdown(cached.reference_finding(ctx, lang))
    blocks.table_with_download(values, values, "viitearvot", lang, key="dl_reference")
if signin.may(access.MANAGE_ACCESS) and signin.config().mode != "open":
    st.header("5. " + t("signin.q_access", lang))
    blocks.table(signin.access_table(lang))
blocks.method(t("data.method", lang), lang)

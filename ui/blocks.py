"""The notebook-style building blocks of a page: the method expander, tables and charts with the numbers behind
them, their downloads (CSV, XLSX, PNG, SVG) and the observations made on them."""
from __future__ import annotations

import os

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from analytics.render.charts import Spec
from analytics.render.charts import validate as validate_chart
from analytics.render.exports import chart_png, chart_svg, csv_bytes, xlsx_bytes
from analytics.text.i18n import t
from ui import observation_panel
from ui.context import context

VALIDATE_CHARTS_ENV = "OMAVALVONTA_VALIDATE_CHARTS"
"""Set (the tests set it) to validate every chart spec against the Vega-Lite schema as it is drawn."""
ROW_PX = 35
MAX_TABLE_PX = 640
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def method(text: str, lang: str) -> None:
    """The "Menetelmä" expander."""
    with st.expander(t("word.method", lang)):
        st.markdown(text)


def delta_look(change: float | None, better: str | None = None) -> dict[str, str]:
    """``st.metric``'s arrow and colour for a change on a year before, given explicitly: Streamlit reads both
    from a leading hyphen of the delta's text, which CLDR's minus sign (U+2212) and a missing change ("–") are
    not. ``better``: ``higher`` (a rise is green), ``lower`` (a fall is green) or None (grey either way)."""
    if change is None or change != change or change == 0:
        return {"delta_arrow": "off", "delta_color": "gray"}
    rise = change > 0
    colour = "gray" if better not in ("higher", "lower") else "green" if rise == (better == "higher") else "red"
    return {"delta_arrow": "up" if rise else "down", "delta_color": colour}


def table(frame: pd.DataFrame | Styler) -> None:
    """A table tall enough to show every row (up to a limit, then it scrolls).

    A Styler (analytics.text.tables) shows formatted numbers that still sort by value.
    """
    rows = len(frame.data if isinstance(frame, Styler) else frame)
    st.dataframe(frame, hide_index=True, width="stretch", height=min((rows + 1) * ROW_PX + 3, MAX_TABLE_PX),
                 placeholder="–")


def csv_for(frame: pd.DataFrame, lang: str) -> bytes:
    """``frame`` as CSV in the language's conventions."""
    return csv_bytes(frame, lang)


def downloads(data: pd.DataFrame, name: str, lang: str, key: str, chart=None) -> None:
    """Download buttons in a row: the numbers as CSV and XLSX and, for a chart, the image as PNG and SVG.
    The files are made only when clicked."""
    with st.container(horizontal=True):
        st.download_button(t("word.download_csv", lang), lambda: csv_bytes(data, lang), file_name=f"{name}.csv",
                           mime="text/csv", key=key, icon=":material/download:", on_click="ignore")
        st.download_button("XLSX", lambda: xlsx_bytes(data, name), file_name=f"{name}.xlsx", mime=XLSX_MIME,
                           key=f"{key}_xlsx", icon=":material/table_view:", on_click="ignore")
        if chart is not None:
            st.download_button("PNG", lambda: chart_png(chart), file_name=f"{name}.png", mime="image/png",
                               key=f"{key}_png", icon=":material/image:", on_click="ignore")
            st.download_button("SVG", lambda: chart_svg(chart).encode("utf-8"), file_name=f"{name}.svg",
                               mime="image/svg+xml", key=f"{key}_svg", icon=":material/image:", on_click="ignore")


def table_with_download(frame: pd.DataFrame | Styler, data: pd.DataFrame, name: str, lang: str, key: str,
                        title: str = "") -> None:
    """Show ``frame`` and offer ``data`` (the numbers behind it) as CSV and XLSX; a table of figures (one with a
    ``title``) also gets the observations made on it."""
    table(frame)
    downloads(data, name, lang, key)
    if title:
        observations(key, title, name)


def vega_chart(chart: Spec, **args):
    """Draw a chart (a Vega-Lite spec from analytics.render.charts). With OMAVALVONTA_VALIDATE_CHARTS set (the
    tests set it) every spec is first checked against Vega-Lite's JSON schema."""
    if os.environ.get(VALIDATE_CHARTS_ENV):
        validate_chart(chart)
    return st.vega_lite_chart(spec=chart.to_dict(), **args)


def chart_with_data(chart, data: pd.DataFrame, name: str, lang: str, slot: str, alt_text: str, **chart_args):
    """An Altair chart; under it the numbers behind it, downloads of both, and the observations made on it
    (``name``, the file name, also tells chart variants apart). Returns the chart's event state."""
    state = vega_chart(chart, width="stretch", alt=alt_text, **chart_args)
    with st.expander(t("word.show_data", lang), icon=":material/table:"):
        table(data)
        downloads(data, name, lang, f"dl_{slot}", chart)
    title = chart.get("title", {})
    observations(slot, title.get("text", "") if isinstance(title, dict) else str(title), name)
    return state


def view_detail(detail: str) -> None:
    """What this page's charts show beyond the global filters (e.g. a category and an event type): observations
    made under one choice are shown only under the same choice."""
    st.session_state["_view_detail"] = detail


def observations(slot: str, title: str, about: str = "") -> None:
    """The observations of chart or table ``slot`` under the filters in force, and a form to add one."""
    detail = st.session_state.get("_view_detail", "")
    observation_panel.panel(context(), slot, title, f"{about}|{detail}" if detail else about)

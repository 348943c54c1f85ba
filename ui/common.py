"""Streamlit glue shared by the pages: cached loading, the sidebar filters bound to the URL,
and the notebook-style building blocks (finding, method, table with download)."""
from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from analytics.core import pages
from analytics.core.errors import DataError
from analytics.core.periods import HalfYear, Tertial
from analytics.core.scope import Scope, filter_options
from analytics.data.bundle import DEFAULT_DATA_DIR, DataBundle, data_signature, dataset_info, load_bundle
from analytics.data.filters import FilterState, data_tertials, read_filters, to_params
from analytics.domain import disclosure
from analytics.domain.privacy import protected
from analytics.ingest.importer import bounded_memory, release_memory
from analytics.ingest.sotkanet import region_id, reports_per_1000
from analytics.render.charts import Spec
from analytics.render.charts import validate as validate_chart
from analytics.render.exports import chart_png, chart_svg, csv_bytes, xlsx_bytes
from analytics.stats.forecast import ForecastResult
from analytics.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, fmt_int, fmt_number, md_echo, md_text, t, uses_comma
from analytics.views import comparison as county_comparison
from analytics.views import forecasts as fv
from analytics.views.incidents import IncidentView, build_incident_view
from analytics.views.rai import RaiChoices, RaiView, build_rai_view, choices_in_scope
from analytics.views.rescue import RescueView, area_options, build_rescue_view
from analytics.views.review import InterimReview, build_review
from ui import observation_panel, signin

DATA_DIR_ENV = "OMAVALVONTA_DATA_DIR"
VALIDATE_CHARTS_ENV = "OMAVALVONTA_VALIDATE_CHARTS"
"""Set (the tests set it) to validate every chart spec against the Vega-Lite schema as it is drawn."""
LANGUAGE_NAMES = {"fi": "Suomi", "en": "English", "sv": "Svenska"}
_KEYS = {"lang": "f_lang", "county": "f_county", "toimiala": "f_toimiala", "palvelualue": "f_palvelualue", "period": "f_period",
         "present": "f_present"}
APP_ICON = str(Path(__file__).resolve().parent.parent / "assets" / "icon.png")
"""The browser tab's icon, a file the app serves (a ``:material/…:`` page icon is fetched from Google's fonts)."""
PRESENT_PAGE = pages.PRESENTATION.file
OVERVIEW_PAGE = pages.OVERVIEW.file
LIVE_SECONDS = 20
"""How often an open session checks whether the data files changed."""


@dataclass(frozen=True)
class Context:
    """What every page needs: the language, the data and the chosen filters."""

    lang: str
    bundle: DataBundle | None
    signature: tuple
    scope: Scope
    period: Tertial | None
    tertials: tuple[Tertial, ...]


def data_dir() -> Path:
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


@st.cache_resource(max_entries=2, show_spinner=False)
def _bundle(path: str, signature: tuple) -> DataBundle:
    """The validated tables; reloaded whenever a file's modification time or size changes."""
    return load_bundle(path)


@st.cache_data(max_entries=128, show_spinner=False)
def _review(path: str, signature: tuple, period: str, county: str, toimialat: tuple, palvelualueet: tuple) -> InterimReview:
    bundle = _bundle(path, signature)
    return build_review(bundle, Tertial.parse(period), Scope(county, toimialat, palvelualueet))


@st.cache_data(max_entries=4, show_spinner=False)
def _tertials(path: str, signature: tuple) -> list[Tertial]:
    """The complete tertials of the data, newest first (computed once per data version)."""
    bundle = _bundle(path, signature)
    return data_tertials(bundle)


@st.cache_data(max_entries=64, show_spinner=False)
def _incident_view(path: str, signature: tuple, period: str, county: str, toimialat: tuple, palvelualueet: tuple,
                   category: str, event_type: str | None) -> IncidentView:
    bundle = _bundle(path, signature)
    return build_incident_view(bundle, Tertial.parse(period), Scope(county, toimialat, palvelualueet), category,
                               event_type)


def incident_view(ctx: Context, category: str, event_type: str | None) -> IncidentView:
    """The incidents page's figures for the chosen filters, category and event type (cached on small keys)."""
    return _incident_view(str(ctx.bundle.data_dir), ctx.signature, ctx.period.label, ctx.scope.county or "",
                          ctx.scope.toimialat, ctx.scope.palvelualueet, category, event_type)


@st.cache_data(max_entries=64, show_spinner=False)
def _rai_view(path: str, signature: tuple, setting: str, half: str, county: str, toimialat: tuple,
              palvelualueet: tuple) -> RaiView:
    bundle = _bundle(path, signature)
    return build_rai_view(bundle, setting, HalfYear.parse(half), Scope(county, toimialat, palvelualueet))


@st.cache_data(max_entries=64, show_spinner=False)
def _rai_choices(path: str, signature: tuple, county: str, toimialat: tuple, palvelualueet: tuple) -> dict[str, RaiChoices]:
    return choices_in_scope(_bundle(path, signature), Scope(county, toimialat, palvelualueet))


def rai_choices(ctx: Context) -> dict[str, RaiChoices]:
    """The RAI settings in scope, each with its half-years and units."""
    return _rai_choices(str(ctx.bundle.data_dir), ctx.signature, ctx.scope.county or "", ctx.scope.toimialat,
                        ctx.scope.palvelualueet)


def unit_names(ctx: Context) -> dict[str, str]:
    """unit_id → unit name."""
    return dict(zip(ctx.bundle.org_units["unit_id"], ctx.bundle.org_units["unit_name"]))


def rai_view(ctx: Context, setting: str, half: str) -> RaiView:
    """The RAI page's figures for the chosen filters, setting and half-year (cached on small keys)."""
    return _rai_view(str(ctx.bundle.data_dir), ctx.signature, setting, half, ctx.scope.county or "",
                     ctx.scope.toimialat, ctx.scope.palvelualueet)


@st.cache_data(max_entries=64, show_spinner=False)
def _rescue_view(path: str, signature: tuple, period: str, county: str, toimialat: tuple, palvelualueet: tuple,
                 area_kind: str, areas: tuple, grain: str) -> RescueView:
    bundle = _bundle(path, signature)
    return build_rescue_view(bundle, Tertial.parse(period), Scope(county, toimialat, palvelualueet), area_kind, areas,
                             grain)


def rescue_view(ctx: Context, area_kind: str, areas: tuple[str, ...], grain: str) -> RescueView:
    """The rescue page's figures for the chosen filters, areas and time grain (cached on small keys)."""
    return _rescue_view(str(ctx.bundle.data_dir), ctx.signature, ctx.period.label, ctx.scope.county or "",
                        ctx.scope.toimialat, ctx.scope.palvelualueet, area_kind, tuple(areas), grain)


@st.cache_data(max_entries=64, show_spinner=False)
def _rescue_areas(path: str, signature: tuple, county: str, toimialat: tuple, palvelualueet: tuple,
                  area_kind: str) -> dict[str, str]:
    return area_options(_bundle(path, signature), Scope(county, toimialat, palvelualueet), area_kind)


def rescue_areas(ctx: Context, area_kind: str) -> dict[str, str]:
    """The municipalities or station areas with rescue tasks in scope: code → name."""
    return _rescue_areas(str(ctx.bundle.data_dir), ctx.signature, ctx.scope.county or "", ctx.scope.toimialat,
                         ctx.scope.palvelualueet, area_kind)


@st.cache_data(max_entries=128, show_spinner=False)
def _forecast(path: str, signature: tuple, period: str, county: str, toimialat: tuple, palvelualueet: tuple,
              key: str, grain: str, horizon: int) -> tuple[fv.Series, ForecastResult]:
    bundle = _bundle(path, signature)
    series = fv.series_for(bundle, key, Scope(county, toimialat, palvelualueet), Tertial.parse(period).end, grain)
    return series, fv.forecast_for(series, horizon)


@st.cache_data(max_entries=128, show_spinner=False)
def _forecastable(path: str, signature: tuple, period: str, county: str, toimialat: tuple, palvelualueet: tuple,
                  keys: tuple, grain: str) -> list[str]:
    bundle = _bundle(path, signature)
    return fv.disclosed_keys(bundle, keys, Scope(county, toimialat, palvelualueet), Tertial.parse(period).end, grain)


def forecastable(ctx: Context, keys: list[str], area: str, grain: str) -> list[str]:
    """Of ``keys``, the series that may be shown for the filters (or palvelualue ``area``): every series for
    the whole county; below it those whose every month the small-number rule shows."""
    palvelualueet = (area,) if area else ctx.scope.palvelualueet
    return _forecastable(str(ctx.bundle.data_dir), ctx.signature, ctx.period.label, ctx.scope.county or "",
                         ctx.scope.toimialat, palvelualueet, tuple(keys), grain)


def forecast(ctx: Context, key: str, area: str, grain: str, horizon: int) -> tuple[fv.Series, ForecastResult]:
    """The series ``key`` (inside the filters, or only palvelualue ``area``) up to the end of the review
    period, and its forecast (cached by series and settings)."""
    palvelualueet = (area,) if area else ctx.scope.palvelualueet
    return _forecast(str(ctx.bundle.data_dir), ctx.signature, ctx.period.label, ctx.scope.county or "",
                     ctx.scope.toimialat, palvelualueet, key, grain, horizon)


@st.cache_data(max_entries=32, show_spinner=False)
def _county_rescue(path: str, signature: tuple, period: str) -> pd.DataFrame:
    return county_comparison.rescue_by_county(_bundle(path, signature), Tertial.parse(period))


def county_rescue(ctx: Context) -> pd.DataFrame:
    """Rescue compliance of every county in the review period (one query, cached per period)."""
    return _county_rescue(str(ctx.bundle.data_dir), ctx.signature, ctx.period.label)


@st.cache_data(max_entries=64, show_spinner=False)
def _county_rai(path: str, signature: tuple, setting: str, half: str, indicator_id: str) -> county_comparison.RaiComparison:
    return county_comparison.rai_by_county(_bundle(path, signature), setting, HalfYear.parse(half), indicator_id)


def county_rai(ctx: Context, setting: str, half: str, indicator_id: str) -> county_comparison.RaiComparison:
    """One RAI indicator of every county against the national value (cached per choice)."""
    return _county_rai(str(ctx.bundle.data_dir), ctx.signature, setting, half, indicator_id)


def palvelualue_options(ctx: Context) -> list[str]:
    """The palvelualueet inside the chosen county and toimialat (and palvelualue filter, if any)."""
    units = ctx.scope.units(ctx.bundle.org_units)
    return list(dict.fromkeys(units["palvelualue"]))


def reference_finding(ctx: Context, lang: str) -> str:
    """Incident reports of the review period per 1 000 residents, from an imported population."""
    if ctx.bundle is None or ctx.period is None:
        return ""
    county = ctx.scope.county or ctx.bundle.org_units["county"].iloc[0]
    reports = int(review(ctx).incident_categories.set_index("category").loc["total", "current"])
    rate = reports_per_1000(ctx.bundle.indicator_values, county, ctx.period.year, reports)
    if rate is None:
        return t("data.no_population", lang, county=md_text(county), region=region_id(county) or "?")
    return t("data.per_1000", lang, period=ctx.period.label, reports=fmt_int(reports, lang),
             rate=fmt_number(rate["rate"], 1, lang), population=fmt_int(rate["population"], lang),
             year=rate["population_year"])


def csv_for(frame: pd.DataFrame, lang: str) -> bytes:
    """``frame`` as CSV in the language's conventions."""
    return csv_bytes(frame, lang)


bounded_memory()  # a large upload's memory goes back to the system after the import

def background_disclosure() -> bool:
    """Take a new data version's disclosure decisions in the background (``OMAVALVONTA_BACKGROUND_DISCLOSURE=0``
    turns it off, as the test suite does: its many short-lived data copies would keep the cores busy)."""
    return os.environ.get("OMAVALVONTA_BACKGROUND_DISCLOSURE", "1") != "0"


_WARM_QUEUE: queue.Queue = queue.Queue()
"""Views whose interim reviews of every tertial the background worker is to compute."""
_STOP_POLL_SECONDS = 0.25
"""How often the idle worker checks whether the server is shutting down."""


def _shutting_down() -> bool:
    """The interpreter is exiting: its main thread has finished (Streamlit's server returned after SIGTERM or
    SIGINT, or an AppTest or CLI process ended)."""
    return not threading.main_thread().is_alive()


_RELEASE = {"until": 0.0, "last": 0.0}
"""After a large upload: until when the idle worker hands freed memory back, and when it last did."""
RELEASE_FOR_SECONDS = 600
RELEASE_EVERY_SECONDS = 30


def release_memory_later() -> None:
    """A large file was checked or imported: hand freed memory back now, and for the next ten minutes the background worker, when idle, collects
    and hands freed memory back every half minute. Streamlit frees a closed tab's upload only when its expired
    session is dropped and collected, which happens after the page's own release."""
    release_memory()  # the check's or import's own chunks are gone already
    _RELEASE["until"] = time.monotonic() + RELEASE_FOR_SECONDS
    _warm_worker()


def _release_if_due() -> None:
    now = time.monotonic()
    if now < _RELEASE["until"] and now - _RELEASE["last"] >= RELEASE_EVERY_SECONDS:
        _RELEASE["last"] = now
        release_memory()


def _warm_reviews() -> None:
    """Compute queued views' reviews of every tertial, one query at a time, until the process exits.

    The thread is not a daemon: a daemon thread still inside DuckDB when the interpreter finalises is torn
    down mid-query and the process aborts (``FATAL: exception not rethrown``, exit 134). Instead, Python
    waits for it at exit, and it stops at its next check (between two tertials, or within a quarter second
    when idle)."""
    while not _shutting_down():
        try:
            job = _WARM_QUEUE.get(timeout=_STOP_POLL_SECONDS)
        except queue.Empty:
            _release_if_due()
            continue
        path, signature, county, toimialat, palvelualueet = job
        try:
            for tertial in _tertials(path, signature):
                if _shutting_down():
                    break
                _review(path, signature, tertial.label, county, toimialat, palvelualueet)
            bundle = _bundle(path, signature)
            if not _shutting_down() and background_disclosure() and not disclosure.stored_current(bundle):
                # a new data version (an import): take its disclosure decisions once and keep them in the
                # data folder, so that no filtered page and no later server start waits for them
                disclosure.precompute(bundle, stop=_shutting_down)
        except DataError:
            pass  # the page that asks for it shows the message
        except OSError:
            pass  # a read-only data folder: decisions are taken when asked for, and kept in memory
        finally:
            _WARM_QUEUE.task_done()


@st.cache_resource(show_spinner=False)
def _warm_worker() -> threading.Thread:
    """One background thread per server, so that warming up never takes more than one core's share."""
    thread = threading.Thread(target=_warm_reviews, name="warm-reviews", daemon=False)
    add_script_run_ctx(thread, get_script_run_ctx())
    thread.start()
    return thread


@st.cache_resource(max_entries=256, show_spinner=False)
def _warm(path: str, signature: tuple, county: str, toimialat: tuple, palvelualueet: tuple) -> bool:
    _warm_worker()
    _WARM_QUEUE.put((path, signature, county, toimialat, palvelualueet))
    return True


def warm_up(ctx: Context) -> None:
    """Once a view (data version, county, toimialat, palvelualueet) has been shown, compute its interim review
    of every other tertial in the background, newest first: whoever next chooses another period does not wait."""
    if ctx.bundle is not None:
        _warm(str(ctx.bundle.data_dir), ctx.signature, ctx.scope.county or "", ctx.scope.toimialat,
              ctx.scope.palvelualueet)


def review(ctx: Context) -> InterimReview:
    """The interim review for the chosen filters (cached on small keys)."""
    return _review(str(ctx.bundle.data_dir), ctx.signature, ctx.period.label, ctx.scope.county or "",
                   ctx.scope.toimialat, ctx.scope.palvelualueet)


def _clear_notes() -> None:
    st.session_state["_filter_notes"] = ()


def current_language() -> str:
    """The language chosen in the sidebar, or asked for in the URL, before the widgets are drawn."""
    url_lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return st.session_state.get(_KEYS["lang"], url_lang if url_lang in LANGUAGES else DEFAULT_LANGUAGE)


def sidebar(allow_broken: bool = False) -> Context:
    """Load the data and draw the global filters; keep them in the URL. Stops the page on bad data,
    unless ``allow_broken`` (the data page): then the context has no bundle."""
    path = data_dir()
    lang = current_language()
    try:
        with st.spinner(t("app.loading", lang)):
            signature = data_signature(path)
            bundle = _bundle(str(path), signature)
    except DataError as exc:
        st.error(t("app.data_error", lang, error=md_text(signin.visible_paths(str(exc), [path]))))
        st.info(t("app.data_error_hint", lang))
        if allow_broken:
            return Context(lang, None, (), Scope(), None, ())
        st.stop()
    tertials = _tertials(str(path), signature)
    if not tertials:
        st.warning(t("app.no_periods", lang))
        if allow_broken:
            return Context(lang, bundle, signature, Scope(), None, ())
        st.stop()

    if "_filters_seeded" not in st.session_state:
        params = {key: st.query_params.get_all(key) for key in st.query_params.keys()}
        state: FilterState = read_filters(params, bundle.org_units, tertials)
        st.session_state.update({
            _KEYS["lang"]: state.lang, _KEYS["county"]: state.county, _KEYS["toimiala"]: list(state.toimialat),
            _KEYS["palvelualue"]: list(state.palvelualueet), _KEYS["period"]: state.period.label,
            "_filter_notes": state.notes, "_filters_seeded": True, "_url_params": params,
            _KEYS["present"]: (params.get("present") or [""])[0] == "1",
        })
    for key, value in st.session_state.get("_kept_filters", {}).items():
        if key not in st.session_state:  # a run cut short by st.switch_page drops widget values
            st.session_state[key] = value

    bar = st.sidebar
    lang = bar.selectbox(t("filter.language", lang), LANGUAGES, key=_KEYS["lang"],
                         format_func=LANGUAGE_NAMES.get, on_change=_clear_notes)
    bar.header(t("filter.header", lang))
    options = filter_options(bundle.org_units)
    county = bar.selectbox(t("filter.county", lang), options.counties, key=_KEYS["county"], on_change=_clear_notes)
    options = filter_options(bundle.org_units, county)
    st.session_state[_KEYS["toimiala"]] = [v for v in st.session_state.get(_KEYS["toimiala"], []) if v in options.toimialat]
    toimialat = bar.multiselect(t("filter.toimiala", lang), options.toimialat, key=_KEYS["toimiala"],
                                placeholder=t("filter.all", lang), on_change=_clear_notes)
    options = filter_options(bundle.org_units, county, tuple(toimialat))
    st.session_state[_KEYS["palvelualue"]] = [
        v for v in st.session_state.get(_KEYS["palvelualue"], []) if v in options.palvelualueet
    ]
    palvelualueet = bar.multiselect(t("filter.palvelualue", lang), options.palvelualueet, key=_KEYS["palvelualue"],
                                    placeholder=t("filter.all", lang), on_change=_clear_notes)
    labels = [x.label for x in tertials]
    if st.session_state.get(_KEYS["period"]) not in labels:
        st.session_state[_KEYS["period"]] = labels[0]
    period = Tertial.parse(bar.selectbox(t("filter.period", lang), labels, key=_KEYS["period"], on_change=_clear_notes))
    bar.toggle(t("present.toggle", lang), key=_KEYS["present"])
    bar.caption(t("filter.share_hint", lang))
    if not protected():
        bar.warning(t("privacy.off", lang), icon=":material/visibility:")
    if dataset_info(path).get("synthetic"):
        bar.caption(":material/science: " + t("app.synthetic", lang))

    st.query_params.from_dict(to_params(lang, county, tuple(toimialat), tuple(palvelualueet), period, options.counties[0]))
    st.session_state["_kept_filters"] = {key: st.session_state[key] for key in _KEYS.values() if key in st.session_state}
    for note in st.session_state.get("_filter_notes", ()):
        st.warning(note, icon="⚠️")
    return Context(lang, bundle, signature, Scope(county, tuple(toimialat), tuple(palvelualueet)), period, tuple(tertials))


def presenting() -> bool:
    """Presentation mode is on (the sidebar toggle, or ``?present=1`` in the first link)."""
    return bool(st.session_state.get(_KEYS["present"]))


def end_presentation() -> None:
    """Button callback: leave presentation mode (app.py then returns to the overview)."""
    st.session_state[_KEYS["present"]] = False
    st.session_state.pop("present_step", None)
    st.session_state.get("_url_params", {}).pop("step", None)  # entering again starts from the first slide
    st.session_state["_leave_presentation"] = True


@st.fragment(run_every=LIVE_SECONDS)
def live_data(ctx: Context) -> None:
    """Say when the data was last updated, and rerun the whole app when a data file has changed."""
    path = data_dir()
    if ctx.bundle is None:
        return
    current = data_signature(path)
    if current != ctx.signature:
        st.rerun(scope="app")
    newest = max((mtime for _, mtime, _ in current if mtime > 0), default=None)
    if newest is not None:
        when = datetime.fromtimestamp(newest).strftime("%-d.%-m.%Y %H:%M" if uses_comma(ctx.lang) else "%-d/%-m/%Y %H:%M")
        st.caption(t("app.updated", ctx.lang, when=when, seconds=LIVE_SECONDS))


def context() -> Context:
    """The context app.py computed for this run."""
    return st.session_state["_context"]


def scope_caption(ctx: Context) -> str:
    """Who and when the page covers, in words (Markdown: the names from the data are literal, ``md_text``)."""
    parts = [ctx.scope.county or ""]
    if ctx.scope.toimialat:
        parts.append(", ".join(ctx.scope.toimialat))
    if ctx.scope.palvelualueet:
        parts.append(", ".join(ctx.scope.palvelualueet))
    return " · ".join(md_text(p) for p in parts if p) + f" · {ctx.period.label}"


def method(text: str, lang: str) -> None:
    """The "Menetelmä" expander."""
    with st.expander(t("word.method", lang)):
        st.markdown(text)


ROW_PX = 35
MAX_TABLE_PX = 640


def table(frame: pd.DataFrame | Styler) -> None:
    """A table tall enough to show every row (up to a limit, then it scrolls).

    A Styler (analytics.text.tables) shows formatted numbers that still sort by value.
    """
    rows = len(frame.data if isinstance(frame, Styler) else frame)
    st.dataframe(frame, hide_index=True, width="stretch", height=min((rows + 1) * ROW_PX + 3, MAX_TABLE_PX),
                 placeholder="–")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def seed_from_url(name: str, key: str, options: list[str], lang: str, multiple: bool = False) -> None:
    """Once per session, set the page widget ``key`` from the URL parameter ``name`` of the first visit.

    ``multiple``: the widget takes a list (every value of the parameter that is an option).
    An unknown value falls back to the widget's default with a note, like the global filters.
    """
    flag = f"_seeded_{key}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    values = st.session_state.get("_url_params", {}).get(name) or []
    for value in values:
        if value not in options:
            st.warning(t("filter.unknown", lang, name=name, value=md_echo(value)), icon="⚠️")
    known = [v for v in values if v in options]
    if known:
        st.session_state[key] = known if multiple else known[0]


def keep_in_url(name: str, value: str | list[str], default: str | list[str]) -> None:
    """Write a page setting into the URL (left out when it is the default) so a copied link keeps it."""
    if value and value != default:
        st.query_params[name] = value

"""What every page works in: the Context (language, data and filters), the sidebar that draws the global filters
and keeps them in the URL, the presentation switch, and the page settings seeded from and kept in the link."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from analytics.core.errors import DataError
from analytics.core.periods import Tertial
from analytics.core.scope import Scope, filter_options
from analytics.data.bundle import DEFAULT_DATA_DIR, DataBundle, data_signature, dataset_info
from analytics.data.filters import FilterState, read_filters, to_params
from analytics.domain.privacy import protected
from analytics.text.filters import filter_notes
from analytics.text.i18n import DEFAULT_LANGUAGE, LANGUAGES, md_echo, md_text, t
from ui import cached, signin

DATA_DIR_ENV = "OMAVALVONTA_DATA_DIR"
LANGUAGE_NAMES = {"fi": "Suomi", "en": "English", "sv": "Svenska"}
_KEYS = {"lang": "f_lang", "county": "f_county", "toimiala": "f_toimiala", "palvelualue": "f_palvelualue",
         "period": "f_period", "present": "f_present"}
"""The session-state keys of the global filters' widgets (their values are kept in the URL)."""
APP_ICON = str(Path(__file__).resolve().parent.parent / "assets" / "icon.png")
"""The browser tab's icon, a file the app serves (a ``:material/…:`` page icon is fetched from Google's fonts)."""


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
    """The data folder: ``OMAVALVONTA_DATA_DIR``, else the bundled sample tables."""
    return Path(os.environ.get(DATA_DIR_ENV, DEFAULT_DATA_DIR))


def _clear_notes() -> None:
    st.session_state["_filter_notes"] = ()


def link_params() -> dict[str, list[str]]:
    """The link's parameters with every value (``palvelualue=A&palvelualue=B`` keeps both)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def current_language() -> str:
    """The language chosen in the sidebar, or asked for in the URL, before the widgets are drawn."""
    url_lang = st.query_params.get("lang", DEFAULT_LANGUAGE)
    return st.session_state.get(_KEYS["lang"], url_lang if url_lang in LANGUAGES else DEFAULT_LANGUAGE)


def sidebar(allow_broken: bool = False, public: bool = False) -> Context:
    """Load the data and draw the global filters; keep them in the URL. Stops the page on bad data,
    unless ``allow_broken`` (the data page): then the context has no bundle. ``public`` (a public read-only
    deployment): the whole county only (no toimiala or palvelualue filter, whatever the URL says) and no
    presentation mode."""
    path = data_dir()
    lang = current_language()
    try:
        with st.spinner(t("app.loading", lang)):
            signature = data_signature(path)
            cached.data_version(str(path), signature)
            bundle = cached.bundle(str(path), signature)
    except DataError as exc:
        st.error(t("app.data_error", lang, error=md_text(signin.visible_paths(str(exc), [path]))))
        st.info(t("app.data_error_hint", lang))
        if allow_broken:
            return Context(lang, None, (), Scope(), None, ())
        st.stop()
    tertials = cached.tertials(str(path), signature)
    if not tertials:
        st.warning(t("app.no_periods", lang))
        if allow_broken:
            return Context(lang, bundle, signature, Scope(), None, ())
        st.stop()

    if "_filters_seeded" not in st.session_state:
        params = link_params()
        state: FilterState = read_filters(params, bundle.org_units, tertials)
        st.session_state.update({
            _KEYS["lang"]: state.lang, _KEYS["county"]: state.county, _KEYS["toimiala"]: list(state.toimialat),
            _KEYS["palvelualue"]: list(state.palvelualueet), _KEYS["period"]: state.period.label,
            "_filter_notes": filter_notes(state), "_filters_seeded": True, "_url_params": params,
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
    st.session_state[_KEYS["toimiala"]] = [
        v for v in st.session_state.get(_KEYS["toimiala"], []) if v in options.toimialat
    ]
    if public:
        toimialat, palvelualueet = [], []
        st.session_state[_KEYS["toimiala"]], st.session_state[_KEYS["palvelualue"]] = [], []
        st.session_state[_KEYS["present"]] = False
    else:
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
    period = Tertial.parse(bar.selectbox(t("filter.period", lang), labels, key=_KEYS["period"],
                                         on_change=_clear_notes))
    if not public:
        bar.toggle(t("present.toggle", lang), key=_KEYS["present"])
    bar.caption(t("filter.share_hint", lang))
    if not protected():
        bar.warning(t("privacy.off", lang), icon=":material/visibility:")
    if dataset_info(path).get("synthetic"):
        bar.caption(":material/science: " + t("app.synthetic", lang))

    st.query_params.from_dict(to_params(lang, county, tuple(toimialat), tuple(palvelualueet), period,
                                        options.counties[0]))
    st.session_state["_kept_filters"] = {
        key: st.session_state[key] for key in _KEYS.values() if key in st.session_state
    }
    for note in st.session_state.get("_filter_notes", ()):
        st.warning(note, icon="⚠️")
    return Context(lang, bundle, signature, Scope(county, tuple(toimialat), tuple(palvelualueet)), period,
                   tuple(tertials))


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


def palvelualue_options(ctx: Context) -> list[str]:
    """The palvelualueet inside the chosen county and toimialat (and palvelualue filter, if any)."""
    units = ctx.scope.units(ctx.bundle.org_units)
    return list(dict.fromkeys(units["palvelualue"]))


def presenting() -> bool:
    """Presentation mode is on (the sidebar toggle, or ``?present=1`` in the first link)."""
    return bool(st.session_state.get(_KEYS["present"]))


def end_presentation() -> None:
    """Button callback: leave presentation mode (app.py then returns to the overview)."""
    st.session_state[_KEYS["present"]] = False
    st.session_state.pop("present_step", None)
    st.session_state.get("_url_params", {}).pop("step", None)  # entering again starts from the first slide
    st.session_state["_leave_presentation"] = True


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

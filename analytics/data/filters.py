"""Reading the global filters from a URL query string: validated, with the unknown values named.

Pure: the app passes ``st.query_params`` in and gets the values to use plus the (parameter, value) pairs it
dropped; analytics.text.filters turns those into the notes to show.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analytics.core.errors import DataError
from analytics.core.languages import DEFAULT_LANGUAGE, LANGUAGES
from analytics.core.periods import Tertial, tertials_between
from analytics.core.scope import filter_options

PARAM_LANG = "lang"
PARAM_COUNTY = "county"
PARAM_TOIMIALA = "toimiala"
PARAM_PALVELUALUE = "palvelualue"
PARAM_PERIOD = "period"


@dataclass(frozen=True)
class FilterState:
    """The values the filters start from, and each URL value that had to be dropped as (parameter, value)."""

    lang: str
    county: str
    toimialat: tuple[str, ...]
    palvelualueet: tuple[str, ...]
    period: Tertial
    unknown: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def available_tertials(incidents: pd.DataFrame, rescue: pd.DataFrame) -> list[Tertial]:
    """Tertials that are complete in the frames' report and alarm dates, newest first."""
    dates = pd.concat([incidents["report_date"], rescue["alarm_time"]])
    return complete_tertials(dates.min(), dates.max()) if len(dates) else []


def data_tertials(bundle) -> list[Tertial]:
    """Tertials that are complete in the data directory (first and last dates by SQL), newest first."""
    row = bundle.store.query("SELECT least((SELECT min(report_date) FROM incidents), (SELECT min(alarm_time) FROM "
                             "rescue_tasks)) AS first, greatest((SELECT max(report_date) FROM incidents), "
                             "(SELECT max(alarm_time) FROM rescue_tasks)) AS last").iloc[0]
    if pd.isna(row["first"]) or pd.isna(row["last"]):
        return []
    return complete_tertials(pd.Timestamp(row["first"]), pd.Timestamp(row["last"]))


def complete_tertials(first: pd.Timestamp, last: pd.Timestamp) -> list[Tertial]:
    """Every tertial between ``first`` and ``last`` whose every month has data, newest first."""
    first_t = Tertial.containing(first)
    if first_t.start < first.to_period("M").to_timestamp():
        first_t = first_t.next()
    last_t = Tertial.containing(last)
    if last.to_period("M").to_timestamp() < (last_t.end - pd.DateOffset(months=1)):
        last_t = last_t.previous()
    return list(reversed(tertials_between(first_t, last_t)))


def _values(params: dict, name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    return [str(v) for v in (raw if isinstance(raw, (list, tuple)) else [raw])]


def _known(values: list[str], allowed: tuple[str, ...], name: str, note) -> list[str]:
    """The values found in ``allowed`` (each once); ``note`` is called for every other one."""
    kept: list[str] = []
    for value in values:
        if value in allowed:
            if value not in kept:
                kept.append(value)
        else:
            note(name, value)
    return kept


def read_filters(params: dict, org_units: pd.DataFrame, tertials: list[Tertial], lang_default: str = DEFAULT_LANGUAGE) -> FilterState:
    """Resolve the URL's filter values against the data; unknown ones fall back and are kept in ``unknown``."""
    unknown: list[tuple[str, str]] = []
    langs = _values(params, PARAM_LANG)
    lang = langs[-1] if langs and langs[-1] in LANGUAGES else lang_default
    if langs and langs[-1] not in LANGUAGES:
        unknown.append((PARAM_LANG, langs[-1]))

    def note(name: str, value: str) -> None:
        unknown.append((name, value))

    options = filter_options(org_units)
    counties = _values(params, PARAM_COUNTY)
    county = options.counties[0] if options.counties else ""
    if counties:
        if counties[-1] in options.counties:
            county = counties[-1]
        else:
            note(PARAM_COUNTY, counties[-1])
    options = filter_options(org_units, county)
    toimialat = _known(_values(params, PARAM_TOIMIALA), options.toimialat, PARAM_TOIMIALA, note)
    options = filter_options(org_units, county, tuple(toimialat))
    palvelualueet = _known(_values(params, PARAM_PALVELUALUE), options.palvelualueet, PARAM_PALVELUALUE, note)
    period = tertials[0] if tertials else Tertial(pd.Timestamp.today().year, 1)
    periods = _values(params, PARAM_PERIOD)
    if periods:
        try:
            asked = Tertial.parse(periods[-1])
        except DataError:
            asked = None
        if asked in tertials:
            period = asked
        else:
            note(PARAM_PERIOD, periods[-1])
    return FilterState(lang, county, tuple(toimialat), tuple(palvelualueet), period, tuple(unknown))


def to_params(lang: str, county: str, toimialat: tuple[str, ...], palvelualueet: tuple[str, ...], period: Tertial,
              default_county: str) -> dict[str, str | list[str]]:
    """The query string for a view; default values are left out to keep links short."""
    params: dict[str, str | list[str]] = {PARAM_PERIOD: period.label}
    if lang != DEFAULT_LANGUAGE:
        params[PARAM_LANG] = lang
    if county and county != default_county:
        params[PARAM_COUNTY] = county
    if toimialat:
        params[PARAM_TOIMIALA] = list(toimialat)
    if palvelualueet:
        params[PARAM_PALVELUALUE] = list(palvelualueet)
    return params

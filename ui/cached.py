"""Every cached call of the app: the data bundle, the interim review and each page's view, kept per data version
and view (``ViewKey``) so that a rerun, another page or another session with the same filters computes nothing.

The cached functions take small hashable keys (a ``ViewKey`` and a few strings), never the bundle or the
Context, so that Streamlit hashes little; the public wrappers take the Context and build the key once.

Every view is a frozen result that pages and texts only read (they derive new frames with ``assign``, ``copy``
or a selection), so one object serves every session: ``st.cache_resource``. ``st.cache_data`` would pickle the
view on every hit, and unpickling it took 5 ms (incidents), 23 ms (rescue) and 29 ms (the interim review, asked
for twice by the overview) of each rerun."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from analytics.core.periods import HalfYear, Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle, load_bundle
from analytics.data.filters import data_tertials
from analytics.ingest.sotkanet import region_id, reports_per_1000
from analytics.stats.forecast import ForecastResult
from analytics.text.i18n import fmt_int, fmt_number, md_text, t, t_count
from analytics.views import comparison as county_comparison
from analytics.views import forecasts as fv
from analytics.domain import own as own_domain
from analytics.views.experience import ExperienceView, build_experience_view
from analytics.views.incidents import IncidentView, build_incident_view
from analytics.views.own import OwnView, build_own_view
from analytics.views.rai import RaiChoices, RaiView, build_rai_view, choices_in_scope
from analytics.views.rescue import RescueView, area_options, build_rescue_view
from analytics.views.review import InterimReview, build_review

if TYPE_CHECKING:
    from ui.context import Context


@dataclass(frozen=True)
class ViewKey:
    """Which data version and which filters a cached figure belongs to: the key of every cached view.

    Made of strings and tuples only, so Streamlit's cache hashes it quickly and two equal keys hit the same
    entry. The review period and the page's own choices are passed beside it, where a call needs them."""

    path: str
    signature: tuple
    county: str = ""
    toimialat: tuple[str, ...] = ()
    palvelualueet: tuple[str, ...] = ()

    @classmethod
    def of(cls, ctx: Context) -> ViewKey:
        """The key of the data and filters of ``ctx`` (which has a bundle)."""
        return cls(str(ctx.bundle.data_dir), ctx.signature, ctx.scope.county or "", ctx.scope.toimialat,
                   ctx.scope.palvelualueet)

    def unfiltered(self) -> ViewKey:
        """The same data version without the filters: the key of a figure that compares every county."""
        return ViewKey(self.path, self.signature)

    def scope(self) -> Scope:
        """The filters as the library's Scope."""
        return Scope(self.county, self.toimialat, self.palvelualueet)

    def bundle(self) -> DataBundle:
        """The data version's tables (cached)."""
        return bundle(self.path, self.signature)


@st.cache_resource(max_entries=2, show_spinner=False)
def bundle(path: str, signature: tuple) -> DataBundle:
    """The validated tables; reloaded whenever a file's modification time or size changes (``signature``)."""
    return load_bundle(path)


@st.cache_resource(max_entries=4, show_spinner=False)
def tertials(path: str, signature: tuple) -> list[Tertial]:
    """The complete tertials of the data, newest first (computed once per data version)."""
    return data_tertials(bundle(path, signature))


@st.cache_resource(max_entries=128, show_spinner=False)
def review_of(key: ViewKey, period: str) -> InterimReview:
    """The interim review of one view and period (what ``review`` shows and the background warm-up computes)."""
    return build_review(key.bundle(), Tertial.parse(period), key.scope())


def review(ctx: Context) -> InterimReview:
    """The interim review for the chosen filters (cached on small keys)."""
    return review_of(ViewKey.of(ctx), ctx.period.label)


@st.cache_resource(max_entries=64, show_spinner=False)
def _incident_view(key: ViewKey, period: str, category: str, event_type: str | None) -> IncidentView:
    return build_incident_view(key.bundle(), Tertial.parse(period), key.scope(), category, event_type)


def incident_view(ctx: Context, category: str, event_type: str | None) -> IncidentView:
    """The incidents page's figures for the chosen filters, category and event type (cached on small keys)."""
    return _incident_view(ViewKey.of(ctx), ctx.period.label, category, event_type)


@st.cache_resource(max_entries=64, show_spinner=False)
def _rai_view(key: ViewKey, setting: str, half: str) -> RaiView:
    return build_rai_view(key.bundle(), setting, HalfYear.parse(half), key.scope())


def rai_view(ctx: Context, setting: str, half: str) -> RaiView:
    """The RAI page's figures for the chosen filters, setting and half-year (cached on small keys)."""
    return _rai_view(ViewKey.of(ctx), setting, half)


@st.cache_resource(max_entries=64, show_spinner=False)
def _rai_choices(key: ViewKey) -> dict[str, RaiChoices]:
    return choices_in_scope(key.bundle(), key.scope())


def rai_choices(ctx: Context) -> dict[str, RaiChoices]:
    """The RAI settings in scope, each with its half-years and units."""
    return _rai_choices(ViewKey.of(ctx))


def unit_names(ctx: Context) -> dict[str, str]:
    """unit_id → unit name."""
    return dict(zip(ctx.bundle.org_units["unit_id"], ctx.bundle.org_units["unit_name"]))


@st.cache_resource(max_entries=64, show_spinner=False)
def _rescue_view(key: ViewKey, period: str, area_kind: str, areas: tuple, grain: str) -> RescueView:
    return build_rescue_view(key.bundle(), Tertial.parse(period), key.scope(), area_kind, areas, grain)


def rescue_view(ctx: Context, area_kind: str, areas: tuple[str, ...], grain: str) -> RescueView:
    """The rescue page's figures for the chosen filters, areas and time grain (cached on small keys)."""
    return _rescue_view(ViewKey.of(ctx), ctx.period.label, area_kind, tuple(areas), grain)


@st.cache_resource(max_entries=64, show_spinner=False)
def _rescue_areas(key: ViewKey, area_kind: str) -> dict[str, str]:
    return area_options(key.bundle(), key.scope(), area_kind)


def rescue_areas(ctx: Context, area_kind: str) -> dict[str, str]:
    """The municipalities or station areas with rescue tasks in scope: code → name."""
    return _rescue_areas(ViewKey.of(ctx), area_kind)


@st.cache_resource(max_entries=128, show_spinner=False)
def _forecast(key: ViewKey, period: str, series_key: str, grain: str,
              horizon: int) -> tuple[fv.Series, ForecastResult]:
    series = fv.series_for(key.bundle(), series_key, key.scope(), Tertial.parse(period).end, grain)
    return series, fv.forecast_for(series, horizon)


@st.cache_resource(max_entries=128, show_spinner=False)
def _forecastable(key: ViewKey, period: str, keys: tuple, grain: str) -> list[str]:
    return fv.disclosed_keys(key.bundle(), keys, key.scope(), Tertial.parse(period).end, grain)


def _series_key(ctx: Context, area: str) -> ViewKey:
    """The view's key, narrowed to palvelualue ``area`` when one is chosen."""
    key = ViewKey.of(ctx)
    return replace(key, palvelualueet=(area,)) if area else key


def forecastable(ctx: Context, keys: list[str], area: str, grain: str) -> list[str]:
    """Of ``keys``, the series that may be shown for the filters (or palvelualue ``area``): every series for
    the whole county; below it those whose every month the small-number rule shows."""
    return _forecastable(_series_key(ctx, area), ctx.period.label, tuple(keys), grain)


def forecast(ctx: Context, key: str, area: str, grain: str, horizon: int) -> tuple[fv.Series, ForecastResult]:
    """The series ``key`` (inside the filters, or only palvelualue ``area``) up to the end of the review
    period, and its forecast (cached by series and settings)."""
    return _forecast(_series_key(ctx, area), ctx.period.label, key, grain, horizon)


@st.cache_resource(max_entries=32, show_spinner=False)
def _county_rescue(key: ViewKey, period: str) -> pd.DataFrame:
    return county_comparison.rescue_by_county(key.bundle(), Tertial.parse(period))


def county_rescue(ctx: Context) -> pd.DataFrame:
    """Rescue compliance of every county in the review period (one query, cached per period, whatever the
    filters)."""
    return _county_rescue(ViewKey.of(ctx).unfiltered(), ctx.period.label)


@st.cache_resource(max_entries=64, show_spinner=False)
def _county_rai(key: ViewKey, setting: str, half: str, indicator_id: str) -> county_comparison.RaiComparison:
    return county_comparison.rai_by_county(key.bundle(), setting, HalfYear.parse(half), indicator_id)


def county_rai(ctx: Context, setting: str, half: str, indicator_id: str) -> county_comparison.RaiComparison:
    """One RAI indicator of every county against the national value (cached per choice, whatever the filters)."""
    return _county_rai(ViewKey.of(ctx).unfiltered(), setting, half, indicator_id)


@st.cache_resource(max_entries=32, show_spinner=False)
def _experience_view(key: ViewKey, period: str) -> ExperienceView:
    return build_experience_view(key.bundle(), Tertial.parse(period), key.scope())


def experience_view(ctx: Context) -> ExperienceView:
    """The customer-experience page's figures for the chosen period and filters (cached on small keys)."""
    return _experience_view(ViewKey.of(ctx), ctx.period.label)


def own_indicators(ctx: Context) -> list:
    """The catalogue's own indicators (domain ``own``)."""
    return own_domain.own_indicators(ctx.bundle.catalogue)


@st.cache_resource(max_entries=64, show_spinner=False)
def _own_view(key: ViewKey, period: str, indicator_id: str) -> OwnView:
    return build_own_view(key.bundle(), Tertial.parse(period), key.scope(), indicator_id)


def own_view(ctx: Context, indicator_id: str) -> OwnView:
    """The own-indicators page's figures for one indicator (cached on small keys)."""
    return _own_view(ViewKey.of(ctx), ctx.period.label, indicator_id)


_VERSIONS: dict[str, tuple] = {}
"""The data version (signature) each data folder was last seen at in this process."""


def data_version(path: str, signature: tuple) -> None:
    """Called with the data version a page is about to use. When a folder's version has changed (an import, an
    undo), the previous version's bundle and every view computed from it are never asked for again: they are
    dropped, so their memory comes back instead of waiting for the caches' size limits (after a 150 MB import
    they held over 200 MB)."""
    if _VERSIONS.get(path, signature) != signature:
        for cached_call in (bundle, tertials, review_of, _incident_view, _rai_view, _rai_choices, _rescue_view,
                            _rescue_areas, _forecast, _forecastable, _county_rescue, _county_rai, _experience_view, _own_view):
            cached_call.clear()
    _VERSIONS[path] = signature


def is_current(key: ViewKey) -> bool:
    """Whether ``key``'s data version is the newest this process has seen of its folder."""
    return _VERSIONS.get(key.path, key.signature) == key.signature


def reference_finding(ctx: Context, lang: str) -> str:
    """Incident reports of the review period per 1 000 residents, from an imported population."""
    if ctx.bundle is None or ctx.period is None:
        return ""
    county = ctx.scope.county or ctx.bundle.org_units["county"].iloc[0]
    reports = int(review(ctx).incident_categories.set_index("category").loc["total", "current"])
    rate = reports_per_1000(ctx.bundle.indicator_values, county, ctx.period.year, reports)
    if rate is None:
        return t("data.no_population", lang, county=md_text(county), region=region_id(county) or "?")
    return t_count("data.per_1000", reports, lang, period=ctx.period.label,
                   rate=fmt_number(rate["rate"], 1, lang), population=fmt_int(rate["population"], lang),
                   year=rate["population_year"])


# --- the condensed brief ----------------------------------------------------------------------------------------

def _brief_goals(ctx: Context):
    """The county's binding goals of the period's year, its evaluation rule, and whether they are the sample's
    example goals (as ``python -m analytics brief`` finds them)."""
    from analytics.domain.goals import DEFAULT_RULE
    from analytics.sample.goals import brief_goals
    from ui import goals as goal_glue
    county = ctx.scope.county or ""
    book = goal_glue.book(ctx.lang)
    if book is None:
        return (), DEFAULT_RULE, False, False, 0
    goals, rule, example, synthetic = brief_goals(book, county, ctx.period.year, ctx.bundle.data_dir, ctx.bundle)
    return tuple(goals), rule, example, synthetic, book.marker()


@st.cache_resource(max_entries=32, show_spinner=False)
def _brief_html(key: ViewKey, period: str, lang: str, marker: int, thresholds: tuple, _goals: tuple, _rule,
                example: bool, synthetic: bool) -> str:
    from analytics.render.brief import brief_html, build_brief
    brief = build_brief(key.bundle(), Tertial.parse(period), list(_goals), lang, key.scope(), rule=_rule,
                        example=example, synthetic=synthetic)
    return brief_html(brief, lang)


def brief_html(ctx: Context) -> str:
    """The brief of the whole county for the chosen period, as one HTML file (cached per data version, period,
    language and goals' version)."""
    goals, rule, example, synthetic, marker = _brief_goals(ctx)
    key = replace(ViewKey.of(ctx), toimialat=(), palvelualueet=())
    return _brief_html(key, ctx.period.label, ctx.lang, marker, (rule.green, rule.yellow), goals, rule, example,
                       synthetic)


@st.cache_data(max_entries=16, show_spinner=False)
def _brief_pdf(html: str) -> bytes:
    from analytics.render.brief import brief_pdf
    return brief_pdf(html)


def brief_pdf(ctx: Context) -> bytes:
    """The brief as PDF (headless Chromium); raises DataError when it cannot be printed."""
    return _brief_pdf(brief_html(ctx))

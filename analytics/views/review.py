"""The interim review (osavuosikatsaus) of one tertial: every figure the overview page and the
``report`` command show, computed once from a DataBundle, a Scope and a Tertial.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from analytics.core.periods import Tertial, rai_half_years_for_review
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.data.catalogue import Indicator
from analytics.domain import experience as exp
from analytics.domain import incidents as inc
from analytics.domain import own as own_mod
from analytics.domain import rai as rai_mod
from analytics.domain import rescue as res
from analytics.domain.disclosure import RaiGroup
from analytics.domain.status import MET, NO_DATA, NO_TARGET, growth_status, target_status
from analytics.stats.compare import RateComparison, compare_monthly
from analytics.views import incidents as iv
from analytics.views import rescue as rv

TREND_MONTHS = 24
TOP_EVENT_TYPES = 3


@dataclass(frozen=True)
class Headline:
    """One headline figure of the overview.

    ``unit`` says how to show value/previous/target: ``count``, ``pct`` (percent 0–100), ``ratio``,
    ``days`` or ``eur``. ``label_key``/``label_params`` name it through the message catalogue.
    ``trend`` has columns month and value (same unit) or is empty. ``comparison`` (counts only) says
    whether the change on a year before exceeds the normal month-to-month variation.
    """

    id: str
    domain: str
    label_key: str
    value: float
    previous: float
    unit: str
    target: float | None = None
    target_kind: str = "level"  # as catalogue.Target.kind: level | below | growth
    better: str = "none"
    status: str = NO_TARGET
    label_params: dict = field(default_factory=dict)
    trend: pd.DataFrame = field(default_factory=pd.DataFrame)
    comparison: RateComparison | None = None
    indicator: Indicator | None = None
    """A county's own indicator: its name comes from the catalogue in each language, not from ``label_key``."""

    @property
    def change(self) -> float:
        if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (self.value, self.previous)):
            return math.nan
        return float(self.value) - float(self.previous)


@dataclass(frozen=True)
class InterimReview:
    """Everything of one tertial's review for one scope. Tables are documented in their modules."""

    tertial: Tertial
    scope: Scope
    incident_categories: pd.DataFrame
    incident_kinds: pd.DataFrame
    event_types: pd.DataFrame
    client_reports: tuple[int, int]
    development_actions: tuple[int, int]
    development_themes: pd.DataFrame
    reaction: dict
    rescue_compliance: pd.DataFrame
    rescue_effect: dict
    rescue_task_count: int
    rai_tables: tuple[rai_mod.RaiTable, ...]
    headlines: tuple[Headline, ...]
    own: tuple[own_mod.OwnFigure, ...] = ()
    """A county's own indicators (catalogue domain ``own``): the whole county's only, as ``experience``."""
    experience: exp.ExperienceReview | None = None
    """Customer experience (DOMAIN §6): the whole county's only, None below it (the section's unit and
    palvelualue figures are about identifiable people and are not yet under the disclosure decisions)."""

    @property
    def has_incidents(self) -> bool:
        current = self.incident_categories["current"]
        return bool(current.isna().any()) or int(current.sum()) > 0  # a hidden count is not no reports

    @property
    def has_patient_safety(self) -> bool:
        """Client and patient safety reports in the tertial or a year before."""
        row = self.incident_categories.set_index("category").loc["patient_safety"]
        return bool(row["current"] != 0 or row["previous"] != 0)  # NaN: hidden, not none

    @property
    def has_rescue(self) -> bool:
        return self.rescue_task_count > 0

    def targets_met(self) -> tuple[int, int]:
        """(headlines meeting their target, headlines with a target), RAI indicators included."""
        statuses = [h.status for h in self.headlines]
        for table in self.rai_tables:
            statuses += list(table.rows["status"])
        with_target = [s for s in statuses if s not in (NO_TARGET, NO_DATA)]
        return sum(s == MET for s in with_target), len(with_target)


def _judged(indicator: Indicator | None, value: float, previous: float, decimals: int) -> dict:
    """Target, its kind, the better direction and the status of a headline, from the catalogue."""
    target = indicator.target if indicator else None
    better = indicator.better if indicator else "none"
    if target is None:
        return {"better": better}
    if target.kind == "growth":
        return {"target_kind": "growth", "better": better, "status": growth_status(value, previous, better)}
    status = target_status(value, target.value, better, decimals, strict=target.kind == "below")
    return {"target": target.value, "target_kind": target.kind, "better": better, "status": status}


def _trend(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    return frame[["month", column]].rename(columns={column: "value"})


def _number(value: float) -> float:
    """A count as a headline value: an int, or NaN where the small-number rule hides it."""
    return math.nan if value != value else int(value)


def _mask_review_monthly(monthly: pd.DataFrame, group) -> pd.DataFrame:
    """The review's monthly trends of a filtered group: a month's figures only where its count and its
    event kinds are shown; reporters and actions per month are not part of the decision (left out)."""
    monthly = monthly.copy()
    numbers = [c for c in monthly.columns if c != "month"]
    monthly[numbers] = monthly[numbers].astype(float)
    for i, month in enumerate(pd.to_datetime(monthly["month"])):
        period = Tertial.containing(month)
        key = month.strftime("%Y-%m")
        count = group.part_shown(period, inc.PATIENT_SAFETY, "month", None, key)
        kinds = all(group.part_shown(period, inc.PATIENT_SAFETY, "month_kind", None, f"{key} {k}")
                    for k in ("harm", "near_miss", "observation"))
        columns = [c for c in monthly.columns if c != "month"]
        if not (count and kinds):
            monthly.loc[monthly.index[i], columns] = math.nan
    for column in ("client_reports", "development_actions"):
        monthly[column] = math.nan
    return monthly


def _experience_headlines(part: exp.ExperienceReview, catalogue) -> list[Headline]:
    """The customer-experience figures as headlines (domain ``experience``), judged by the catalogue's targets."""
    out = []
    if (feedback := part.feedback) is not None:
        count = feedback.count
        out.append(Headline("feedback", "experience", "headline.feedback", count.current, count.previous, "count",
                            trend=_trend(feedback.monthly, "feedback"), comparison=count.comparison))
        score, previous = (i.estimate if i is not None else math.nan for i in (feedback.score, feedback.previous_score))
        out.append(Headline("feedback_score", "experience", "headline.feedback_score", score, previous, "score",
                            trend=_trend(feedback.monthly, "mean_score"),
                            **_judged(catalogue.find("feedback_score"), score, previous, 1)))
        if feedback.answered_in_time is not None:
            share = feedback.answered_in_time.estimate * 100
            out.append(Headline("answered_in_time", "experience", "headline.answered_in_time", share, math.nan, "pct",
                                label_params={"days": int(feedback.answer_days)},
                                **_judged(catalogue.find(exp.ANSWERED_IN_TIME), share, math.nan, 0)))
    for key, ombudsman in part.ombudsmen.items():
        count = ombudsman.contacts
        out.append(Headline(f"{key}_contacts", "experience", f"headline.{key}_contacts", count.current, count.previous,
                            "count", trend=_trend(ombudsman.monthly, "contacts"), comparison=count.comparison))
    if (success := part.success) is not None:
        count = success.count
        out.append(Headline("success_reports", "experience", "headline.success_reports", count.current, count.previous,
                            "count", trend=_trend(success.monthly, "reports"), comparison=count.comparison,
                            **_judged(catalogue.find("success_reports"), count.current, count.previous, 0)))
    return out


OWN_UNITS = {"share": "pct", "count": "count", "mean": "score", "value": "score"}
"""How an own indicator's kind is shown as a headline."""


def own_headline(figure: own_mod.OwnFigure) -> Headline:
    """An own indicator's figure as a headline (domain ``own``), judged by its catalogue target."""
    indicator = figure.indicator
    trend = figure.trend.rename(columns={"start": "month"})[["month", "value"]]
    return Headline(f"own_{indicator.id}", "own", "headline.own", figure.value, figure.previous,
                    OWN_UNITS.get(indicator.kind, "score"),
                    label_params={"period": figure.period, "previous_period": figure.previous_period}, trend=trend,
                    indicator=indicator, **_judged(indicator, figure.value, figure.previous, 1))


def build_review(bundle: DataBundle, tertial: Tertial, scope: Scope = Scope()) -> InterimReview:
    """Compute the interim review of ``tertial`` for ``scope``."""
    catalogue = bundle.catalogue
    trend_start = tertial.end - pd.DateOffset(months=TREND_MONTHS)
    reports = inc.Reports.of(bundle, scope)
    cube = reports.cube(trend_start, tertial.end)  # 24 months: the tertial, a year before and the trends

    categories, category_comparisons = inc.compared_by_category(cube, tertial)
    kinds = inc.counts_by_event_kind(cube, tertial)
    types = inc.event_type_shares(cube, tertial)
    clients = inc.client_reports(cube, tertial)
    actions = inc.development_actions(cube, tertial)
    reaction = inc.reaction_summary(reports, tertial)
    monthly = inc.monthly(reports, cube, trend_start, tertial.end)

    tasks = res.Tasks.of(bundle, scope)
    compliance = res.compliance_in_tertial(tasks, tertial, catalogue)
    effect, effect_before = res.effectiveness_now_and_before(tasks, tertial)
    monthly_rescue = res.monthly_compliance(tasks, catalogue, trend_start, tertial.end)

    results = rai_mod.Results.of(bundle, scope)
    half_years = rai_half_years_for_review(tertial, rai_mod.available_half_years(bundle.rai_national))
    groups = {setting: RaiGroup.of(bundle, scope, setting) for setting in results.settings()}
    rai_tables = tuple(
        rai_mod.rai_table(results, bundle.rai_national, catalogue, setting, half_years,
                          apply_rule=bool(scope.toimialat or scope.palvelualueet),
                          hidden=group.value_hidden if group.sub else None,
                          n_hidden=group.n_hidden if group.sub else None)
        for setting, group in groups.items()
    )
    units = scope.units(bundle.org_units) if (scope.county or scope.toimialat or scope.palvelualueet) else bundle.org_units
    group = iv._group(bundle, scope, units)
    hidden_counts: set[str] = set()
    if group.sub:  # below the county: every figure as the county's disclosure decisions allow
        categories = iv._mask_categories(categories, category_comparisons, group, tertial)
        kinds = iv._mask_kinds(kinds, group, tertial, inc.PATIENT_SAFETY, None)
        types = iv._mask_types(types, group, tertial, inc.PATIENT_SAFETY)
        clients = iv._masked_pair(clients, group, tertial, inc.PATIENT_SAFETY, "reporter", None, "client")
        actions = iv._masked_pair(actions, group, tertial, inc.PATIENT_SAFETY, "action", None, "yes")
        if any(v != v for v in clients):
            hidden_counts.add("client_reports")
        if any(v != v for v in actions):
            hidden_counts.add("development_actions")
        every = all(group.part_shown(tertial, inc.PATIENT_SAFETY, "reaction", None, low) for low in iv.REACTION_BINS)
        shown = group.count_shown(tertial, inc.PATIENT_SAFETY)
        previous_median = reaction["previous_median_days"] if group.count_shown(tertial.year_before(),
                                                                                inc.PATIENT_SAFETY) else math.nan
        reaction = iv._mask_reaction(reaction, shown, every,
                                     group.part_shown(tertial, inc.PATIENT_SAFETY, "reaction", None, "unhandled"))
        reaction["previous_median_days"] = previous_median
        monthly = _mask_review_monthly(monthly, group)
        rescue_group = rv._RescueGroup.of(bundle, scope, "municipality", ())
        if rescue_group.sub:
            compliance = rescue_group.mask_compliance(compliance, tertial)
            months = [pd.Timestamp(m) for m in monthly_rescue["month"]]
            keep = [rescue_group.shown("tasks", Tertial.containing(m), c, m.strftime("%Y-%m"))
                    and rescue_group.shown("met", Tertial.containing(m), c, m.strftime("%Y-%m"))
                    for m, c in zip(months, monthly_rescue["risk_class"])]
            monthly_rescue = monthly_rescue[keep]
        effect = {**effect, "persons_rescued": math.nan}
        effect_before = {**effect_before, "persons_rescued": math.nan}

    def compared(mask: pd.Series, name: str = "") -> RateComparison | None:
        if name in hidden_counts:
            return None
        return compare_monthly(*inc.monthly_now_and_before(cube, tertial, mask))

    patient_mask = cube["category"] == inc.PATIENT_SAFETY
    patient = categories.set_index("category").loc["patient_safety"]
    all_reports = categories.set_index("category").loc["total"]
    ratio_now, ratio_before = inc.near_miss_ratio(kinds), inc.near_miss_ratio(kinds, "previous")
    obs_now, obs_before = inc.observation_share_pct(kinds), inc.observation_share_pct(kinds, "previous")
    headlines = [
        Headline("patient_safety_reports", "incidents", "headline.patient_safety_reports",
                 _number(patient["current"]), _number(patient["previous"]), "count", trend=_trend(monthly, "reports"),
                 comparison=category_comparisons["patient_safety"]),
        Headline("all_reports", "incidents", "headline.all_reports",
                 _number(all_reports["current"]), _number(all_reports["previous"]), "count",
                 comparison=category_comparisons["total"]),
        Headline("near_miss_ratio", "incidents", "headline.near_miss_ratio", ratio_now, ratio_before, "ratio",
                 trend=_trend(monthly, "near_miss_ratio"),
                 **_judged(catalogue.get("incident_near_miss_ratio"), ratio_now, ratio_before, 2)),
        Headline("observation_share", "incidents", "headline.observation_share", obs_now, obs_before, "pct",
                 trend=_trend(monthly, "observation_share_pct"),
                 **_judged(catalogue.get("incident_observation_share"), obs_now, obs_before, 1)),
        Headline("reaction_median", "incidents", "headline.reaction_median", reaction["median_days"],
                 reaction["previous_median_days"], "days", trend=_trend(monthly, "reaction_median_days"),
                 **_judged(catalogue.get("incident_reaction_days"), reaction["median_days"],
                           reaction["previous_median_days"], 0)),
        Headline("client_reports", "incidents", "headline.client_reports", clients[0], clients[1], "count",
                 trend=_trend(monthly, "client_reports"), comparison=compared(cube["reporter"] == "client",
                                                                              "client_reports")),
        Headline("development_actions", "incidents", "headline.development_actions", actions[0], actions[1], "count",
                 trend=_trend(monthly, "development_actions"),
                 comparison=compared(patient_mask & cube["development_action"].astype(bool), "development_actions")),
    ]
    for row in compliance.itertuples(index=False):
        if row.target_minutes is None or (isinstance(row.target_minutes, float) and math.isnan(row.target_minutes)):
            continue
        trend = monthly_rescue[monthly_rescue["risk_class"] == row.risk_class][["month", "share_pct"]]
        headlines.append(
            Headline(f"compliance_{row.risk_class}", "rescue", "headline.compliance", row.share_pct,
                     row.previous_share_pct, "pct",
                     label_params={"risk_class": row.risk_class, "minutes": int(row.target_minutes)},
                     trend=trend.rename(columns={"share_pct": "value"}),
                     **_judged(catalogue.rescue_class(row.risk_class), row.share_pct, row.previous_share_pct, 0))
        )
    rescued_trend = res.monthly_rescued(tasks, trend_start, tertial.end).rename(columns={"persons_rescued": "value"})
    if group.sub:
        rescued_trend = rescued_trend.iloc[0:0]
    headlines += [
        Headline("persons_rescued", "rescue", "headline.persons_rescued", effect["persons_rescued"],
                 effect_before["persons_rescued"], "count", trend=rescued_trend),
        Headline("property_saved", "rescue", "headline.property_saved", effect["saved_pct"], effect_before["saved_pct"], "pct"),
    ]
    experience = None if group.sub else exp.experience_review(bundle, tertial, scope, trend_start)
    if experience is not None:
        headlines += _experience_headlines(experience, catalogue)
    own = () if group.sub else tuple(
        own_mod.own_figure(own_mod.own_series(bundle, indicator, scope), tertial)
        for indicator in own_mod.own_indicators(catalogue))
    headlines += [own_headline(figure) for figure in own if figure.period is not None]
    return InterimReview(
        tertial, scope, categories, kinds, types, clients, actions, inc.development_themes(cube, tertial),
        reaction, compliance, effect, tasks.count(tertial.start, tertial.end), rai_tables, tuple(headlines),
        own, experience,
    )

"""County comparison: where the figures are comparable between counties, and only there.

- Rescue response: every county is measured by the same national rule (first unit on scene within
  6/10/20 min in risk class I/II/III, in at least 50 % of urgent tasks), so shares can be set side by
  side, each with its 95 % Wilson interval.
- RAI: the same instrument and definitions everywhere; each county's share against the national
  value, with a 95 % interval and the funnel verdict (exact binomial limits around the national
  value, widened for the real variation between counties as FunnelPlotR does: with thousands of
  clients per county the plain binomial limits would call almost every county "different").
- Incident reports are *not* compared: the number of reports measures reporting activity and safety
  culture as much as safety, systems and categories differ, and there is no common denominator. The
  page says so instead of ranking counties (``INCIDENTS_NOT_COMPARED``).

One query per table groups all counties at once (the county comes from org_units); pandas sees 22 rows
per class or indicator. The findings and display tables are made in analytics.text.comparison.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import HalfYear, Tertial
from analytics.data.bundle import RESPONSE_MINUTES, DataBundle
from analytics.data.catalogue import Catalogue
from analytics.domain.privacy import share_hidden
from analytics.domain.rai import available_half_years
from analytics.domain.rescue import class_targets, met_sql
from analytics.stats.funnel import LEVELS, binomial_limit, funnel
from analytics.stats.intervals import wilson

MIN_FUNNEL_COUNTIES = 5
"""From this many counties on, the funnel limits are widened by the variation between them."""
INCIDENTS_NOT_COMPARED = "county_cmp.incidents"
"""The i18n key of the page's explanation why incident counts are not ranked."""


def rescue_by_county(bundle: DataBundle, tertial: Tertial) -> pd.DataFrame:
    """Per county and risk class with a minute target: tasks, met, share_pct, lower_pct, upper_pct
    (95 % Wilson), median_minutes, target_minutes, target_pct (the catalogue's national target), status
    (``met`` / ``not_met`` / ``unclear`` when the interval straddles the target)."""
    targets = {c: m for c, (m, _) in class_targets(bundle.catalogue).items() if m is not None}
    national = {c: national_share_target(bundle.catalogue, c) for c in targets}
    targets = {c: m for c, m in targets.items() if national[c] is not None}
    columns = ["county", "risk_class", "target_minutes", "tasks", "met", "share_pct", "lower_pct", "upper_pct",
               "median_minutes", "target_pct", "status"]
    if not targets or not bundle.store.has("rescue_tasks"):
        return pd.DataFrame(columns=columns)
    met, met_params = met_sql(bundle.catalogue)
    frame = bundle.store.query(
        f"SELECT o.county, r.risk_class, count(*) AS tasks, count(*) FILTER (WHERE {met}) AS met, "
        f"median({RESPONSE_MINUTES}) AS median_minutes FROM rescue_tasks r "
        "JOIN org_units o ON o.unit_id = r.station_unit_id "
        "WHERE r.alarm_time >= ? AND r.alarm_time < ? AND list_contains(?, r.risk_class) GROUP BY ALL",
        [*met_params, tertial.start, tertial.end, list(targets)])
    rows = []
    for r in frame.itertuples(index=False):
        interval = wilson(int(r.met), int(r.tasks))
        lower, upper = interval.lower * 100, interval.upper * 100
        goal = national[r.risk_class]
        status = "met" if lower >= goal else "not_met" if upper < goal else "unclear"
        rows.append({"county": r.county, "risk_class": r.risk_class, "target_minutes": targets[r.risk_class],
                     "tasks": int(r.tasks), "met": int(r.met), "share_pct": r.met / r.tasks * 100,
                     "lower_pct": lower, "upper_pct": upper, "median_minutes": float(r.median_minutes),
                     "target_pct": goal, "status": status})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["risk_class", "share_pct"], ascending=[True, False], ignore_index=True)


def national_share_target(catalogue: Catalogue, risk_class: str) -> float | None:
    """The national target share (percent) of a risk class, from the catalogue; None where it gives none."""
    ind = catalogue.rescue_class(risk_class)
    target = ind.national_target if ind else None
    return None if target is None or target.value != target.value else target.value


@dataclass(frozen=True)
class RaiComparison:
    """One RAI share indicator of one setting and half-year across counties.

    ``table``: county, numerator, denominator, value_pct, lower_pct, upper_pct (95 % Wilson),
    difference_pp (value − national, percentage points), verdict (``better`` / ``worse`` outside the
    99.8 % funnel limits around the national value, ``as_nation`` inside, ``hidden`` under the
    small-number rule), sorted best first by the indicator's direction.
    """

    indicator_id: str
    setting: str
    half: HalfYear
    national_pct: float
    overdispersed: bool
    table: pd.DataFrame


def rai_half_years(bundle: DataBundle, setting: str) -> list[HalfYear]:
    """Half-years with national values of ``setting``, newest first."""
    return available_half_years(bundle.rai_national[bundle.rai_national["setting"] == setting])[::-1]


def rai_by_county(bundle: DataBundle, setting: str, half: HalfYear, indicator_id: str) -> RaiComparison:
    """Each county's value of a share indicator against the national value of the same half-year."""
    indicator = bundle.catalogue.get(indicator_id)
    nation = bundle.rai_national
    chosen = nation[(nation["setting"] == setting) & (nation["year"] == half.year) & (nation["half"] == half.half)
                    & (nation["indicator_id"] == indicator_id)]
    national = float(chosen["numerator"].sum() / chosen["denominator"].sum()) if chosen["denominator"].sum() else math.nan
    frame = bundle.store.query(
        "SELECT o.county, sum(r.numerator) AS numerator, sum(r.denominator) AS denominator FROM rai_results r "
        "JOIN org_units o ON o.unit_id = r.unit_id WHERE r.setting = ? AND r.year = ? AND r.half = ? "
        "AND r.indicator_id = ? GROUP BY ALL ORDER BY o.county",
        [setting, half.year, half.half, indicator_id])
    kind = indicator.kind if indicator else "share"
    shown = frame[[not share_hidden(n, d, kind) and d > 0 for n, d in zip(frame["numerator"], frame["denominator"])]]
    table = frame.assign(value_pct=math.nan, lower_pct=math.nan, upper_pct=math.nan, difference_pp=math.nan,
                         verdict="hidden")
    overdispersed = False
    if len(shown) and national == national:
        if len(shown) >= MIN_FUNNEL_COUNTIES:
            result = funnel(list(shown["county"]), shown["numerator"], shown["denominator"], overdispersion=True,
                            centre=national)
            overdispersed = result.overdispersion is not None and result.overdispersion.adjusted
            flags = dict(zip(result.units["unit"], result.units["flag"]))
        else:  # too few counties to estimate the variation between them: the exact binomial limits alone
            low, high = LEVELS["998"]
            flags = {str(r.county): ("above" if r.numerator / r.denominator > binomial_limit(national, r.denominator, high)
                                     else "below" if r.numerator / r.denominator < binomial_limit(national, r.denominator, low)
                                     else "within") for r in shown.itertuples(index=False)}
        higher_better = indicator is not None and indicator.better == "higher"
        for i, r in shown.iterrows():
            interval = wilson(int(round(r.numerator)), int(r.denominator))
            flag = flags.get(str(r.county))
            verdict = ("as_nation" if flag not in ("above", "below") else
                       "better" if (flag == "above") == higher_better else "worse")
            table.loc[i, ["value_pct", "lower_pct", "upper_pct", "difference_pp"]] = [
                r.numerator / r.denominator * 100, interval.lower * 100, interval.upper * 100,
                (r.numerator / r.denominator - national) * 100]
            table.loc[i, "verdict"] = verdict
    table.loc[table["verdict"] == "hidden", ["numerator", "denominator"]] = math.nan
    ascending = not (indicator is not None and indicator.better == "higher")
    table = table.sort_values("value_pct", ascending=ascending, na_position="last", ignore_index=True)
    return RaiComparison(indicator_id, setting, half, national * 100, overdispersed, table)

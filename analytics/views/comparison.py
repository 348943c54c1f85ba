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
per class or indicator.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import HalfYear, Tertial
from analytics.data.bundle import RESPONSE_MINUTES, DataBundle
from analytics.data.catalogue import Indicator
from analytics.domain.privacy import share_hidden
from analytics.domain.rai import available_half_years, format_value
from analytics.domain.rescue import class_targets, met_sql
from analytics.stats.funnel import LEVELS, binomial_limit, funnel
from analytics.stats.intervals import wilson
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_int, fmt_number, fmt_pct, fmt_signed, join_and, md_text, t

NATIONAL_TARGET_PCT = 50.0
"""The national rule: at least half of the urgent tasks within the class's minutes (DOMAIN §5)."""
MIN_FUNNEL_COUNTIES = 5
"""From this many counties on, the funnel limits are widened by the variation between them."""
INCIDENTS_NOT_COMPARED = "county_cmp.incidents"
"""The i18n key of the page's explanation why incident counts are not ranked."""


def rescue_by_county(bundle: DataBundle, tertial: Tertial) -> pd.DataFrame:
    """Per county and risk class with a minute target: tasks, met, share_pct, lower_pct, upper_pct
    (95 % Wilson), median_minutes, target_minutes, target_pct (national 50 %), status
    (``met`` / ``not_met`` / ``unclear`` when the interval straddles the target)."""
    targets = {c: m for c, (m, _) in class_targets(bundle.catalogue).items() if m is not None}
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
        status = "met" if lower >= NATIONAL_TARGET_PCT else "not_met" if upper < NATIONAL_TARGET_PCT else "unclear"
        rows.append({"county": r.county, "risk_class": r.risk_class, "target_minutes": targets[r.risk_class],
                     "tasks": int(r.tasks), "met": int(r.met), "share_pct": r.met / r.tasks * 100,
                     "lower_pct": lower, "upper_pct": upper, "median_minutes": float(r.median_minutes),
                     "target_pct": NATIONAL_TARGET_PCT, "status": status})
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["risk_class", "share_pct"], ascending=[True, False], ignore_index=True)


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


def _names(frame: pd.DataFrame, lang: str) -> str:
    return join_and([md_text(c) for c in frame["county"]], lang) if len(frame) else t("county_cmp.none", lang)


def rescue_finding(table: pd.DataFrame, risk_class: str, county: str | None, lang: str = DEFAULT_LANGUAGE) -> str:
    """How many counties meet the national target for certain in ``risk_class``, and where ``county`` stands."""
    rows = table[table["risk_class"] == risk_class].reset_index(drop=True)
    if not len(rows):
        return t("county_cmp.rescue_none", lang)
    mine = rows.index[rows["county"] == county]
    share = fmt_pct(rows.loc[mine[0], "share_pct"], 1, lang) if len(mine) else "–"
    text = t("county_cmp.rescue_finding", lang, risk_class=risk_class, met=fmt_int(int((rows["status"] == "met").sum()), lang),
             total=fmt_int(len(rows), lang), county=md_text(county or "–"), share=share,
             rank=fmt_int(int(mine[0]) + 1, lang) if len(mine) else "–")
    below = rows[rows["status"] != "met"]
    return text + (" " + t("county_cmp.rescue_below", lang, names=_names(below, lang)) if len(below) else "")


def rai_finding(result: RaiComparison, county: str | None, indicator: Indicator, lang: str = DEFAULT_LANGUAGE) -> str:
    """The national value, the chosen county's value and verdict, and the counties clearly better or worse."""
    table = result.table
    if not table["value_pct"].notna().any():
        return t("county_cmp.rai_no_data", lang)
    mine = table[table["county"] == county]
    value = mine["value_pct"].iloc[0] if len(mine) else math.nan
    verdict = mine["verdict"].iloc[0] if len(mine) else "hidden"
    text = t("county_cmp.rai_finding", lang, national=format_value(result.national_pct, indicator, lang),
             county=md_text(county or "–"), value=format_value(value, indicator, lang),
             verdict=t(f"county_cmp.verdict.{verdict}", lang))
    return text + " " + t("county_cmp.rai_outside", lang, better=_names(table[table["verdict"] == "better"], lang),
                          worse=_names(table[table["verdict"] == "worse"], lang))


def rescue_display(table: pd.DataFrame, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The rescue comparison as shown: Finnish (or English) headers and formatted numbers."""
    return pd.DataFrame({
        t("county_cmp.col.risk_class", lang): table["risk_class"],
        t("county_cmp.col.county", lang): table["county"],
        t("county_cmp.col.tasks", lang): [fmt_int(v, lang) for v in table["tasks"]],
        t("county_cmp.col.share", lang): [fmt_pct(v, 1, lang) for v in table["share_pct"]],
        t("county_cmp.col.interval", lang): [f"{fmt_number(lo, 1, lang)}–{fmt_pct(hi, 1, lang)}"
                                             for lo, hi in zip(table["lower_pct"], table["upper_pct"])],
        t("county_cmp.col.median", lang): [fmt_number(v, 1, lang) for v in table["median_minutes"]],
        t("county_cmp.col.status", lang): [t(f"county_cmp.status.{s}", lang) for s in table["status"]],
    })


def rai_display(result: RaiComparison, indicator: Indicator, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The RAI comparison as shown; hidden values as "–"."""
    table = result.table
    return pd.DataFrame({
        t("county_cmp.col.county", lang): table["county"],
        t("county_cmp.col.value", lang): [format_value(v, indicator, lang) for v in table["value_pct"]],
        t("county_cmp.col.interval", lang): ["–" if lo != lo else
                                             f"{fmt_number(lo, 1, lang)}–{format_value(hi, indicator, lang)}"
                                             for lo, hi in zip(table["lower_pct"], table["upper_pct"])],
        t("county_cmp.col.n", lang): ["–" if d != d else fmt_int(d, lang) for d in table["denominator"]],
        t("county_cmp.col.difference", lang): ["–" if d != d else fmt_signed(d, 1, lang)
                                               for d in table["difference_pp"]],
        t("county_cmp.col.verdict", lang): [t(f"county_cmp.verdict.{v}", lang) for v in table["verdict"]],
    })

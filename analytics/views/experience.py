"""The customer-experience page (Asiakaskokemus): the review's figures of DOMAIN §6 for a tertial, and each count's
monthly trend as a control chart chosen as on the incidents page (a c chart for Poisson-like counts, an I chart
for overdispersed ones).

    view = build_experience_view(bundle, Tertial.parse("5-8/2024"))
    view.part.feedback.count.current       # 1 215
    chart, table, choice = view.trend_as("social")

The tertial's feedback and success reports per service area and unit (``where``) are about identifiable people:
each figure is shown only as the county's disclosure decision allows (``analytics.domain.disclosure``). Below the
county the page shows that table alone (``county_only``): the trends, themes and ombudsman contacts are the whole
county's.
"""
from __future__ import annotations

from dataclasses import dataclass

import math

import pandas as pd

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.domain import disclosure as dc
from analytics.domain.privacy import count_hidden
from analytics.domain.experience import ExperienceReview, experience_review
from analytics.stats.spc import CountChartChoice, SpcChart
from analytics.views.incidents import trend_chart

TRENDS = ("feedback", "social", "patient", "success")
"""The monthly count series the page draws: feedback, each ombudsman's contacts, success reports."""
DATES = {"feedback": "received_date", "ombudsman_contacts": "contact_date", "success_reports": "report_date"}


@dataclass(frozen=True)
class ExperienceView:
    """``part``: the tertial's figures (trends from the first month of the data); None below the county."""

    tertial: Tertial
    part: ExperienceReview | None
    monthly: dict[str, pd.DataFrame]
    """name (TRENDS) → month, count: every month from the data's first to the tertial's end."""
    where: pd.DataFrame = None
    """The tertial's figures per service area and unit of the scope (``where_table``)."""

    @property
    def county_only(self) -> bool:
        return self.part is None

    def trend_as(self, name: str, chart: str = "auto") -> tuple[SpcChart | None, pd.DataFrame, CountChartChoice | None]:
        """The control chart of a monthly count (``chart``: auto, c or i), its table and the choice made."""
        return trend_chart(self.monthly[name], self.tertial, chart)


def _first_month(bundle: DataBundle) -> pd.Timestamp | None:
    firsts = [bundle.store.value(f"SELECT min({column}) FROM {table}")
              for table, column in DATES.items() if bundle.store.has(table)]
    firsts = [pd.Timestamp(f) for f in firsts if f is not None and not pd.isna(f)]
    return min(firsts).to_period("M").to_timestamp() if firsts else None


WHERE_COUNTS = ("feedback", "thanks", "proposal", "success")
"""The counts of the 'where' table (with ``score``, the mean score)."""
WHERE_COLUMNS = ["level", "palvelualue", "unit", "unit_id", *WHERE_COUNTS, "score",
                 *(f"small_{c}" for c in WHERE_COUNTS)]


def where_table(bundle: DataBundle, tertial: Tertial, scope: Scope = Scope()) -> pd.DataFrame:
    """Per service area (level ``area``) and unit (``unit``) of the scope, in ``tertial``: feedback, thanks,
    proposals, the mean score and success reports.

    A figure the county's disclosure decision hides is missing (NaN): a count of 1–4 (``small_<column>``
    true: shown as "< 5"), a mean from fewer than 5 scores, and the figures hidden with them so that no
    sum or difference of shown ones gives one back. Units and areas with nothing in the tertial are left
    out (their zeros tell nothing)."""
    decision = dc.experience_decision(bundle, scope.county, tertial.start, tertial.end)
    county = dc._county(bundle, scope.county)
    cells = dc.experience_cells(bundle, county, tertial.start, tertial.end).set_index("unit_id")
    units = scope.units(bundle.org_units).sort_values(["palvelualue", "unit_name"])
    names = {"feedback": ("feedback", None), "thanks": ("feedback", "thanks"), "proposal": ("feedback", "proposal"),
             "success": ("success", None)}

    def row(level: str, key_level: str, org: str, area: str, unit: str | None, unit_id: str | None,
            members: list[str]) -> dict:
        part = cells.reindex(members).fillna(0).sum()
        raw = {"feedback": sum(part[f"fb_{k}"] for k in dc.EXPERIENCE_TYPES), "thanks": part["fb_thanks"],
               "proposal": part["fb_proposal"], "success": part["success"]}
        out = {"level": level, "palvelualue": area, "unit": unit, "unit_id": unit_id}
        for column, (quantity, kind) in names.items():
            hidden = decision.hidden(dc.experience_key(quantity, key_level, org, kind))
            out[column] = math.nan if hidden else int(raw[column])
            out[f"small_{column}"] = hidden and count_hidden(raw[column])
        scored = part["scored"]
        score_hidden = decision.hidden(dc.experience_key("score_n", key_level, org))
        out["score"] = math.nan if score_hidden or not scored else part["score_sum"] / scored
        out["_any"] = sum(raw.values()) > 0
        return out

    rows = []
    for area, group in units.groupby("palvelualue", sort=True):
        members = list(group["unit_id"])
        rows.append(row("area", "palvelualue", area, area, None, None, members))
        rows += [row("unit", "unit", u, area, name, u, [u]) for u, name in zip(group["unit_id"], group["unit_name"])]
    table = pd.DataFrame(rows, columns=[*WHERE_COLUMNS, "_any"])
    silent = set(table.loc[(table["level"] == "area") & ~table["_any"].astype(bool), "palvelualue"])
    keep = table["_any"].astype(bool) & ~table["palvelualue"].isin(silent)
    return table[keep].drop(columns="_any").reset_index(drop=True)


def build_experience_view(bundle: DataBundle, tertial: Tertial, scope: Scope = Scope()) -> ExperienceView:
    """The page's figures for ``tertial`` in ``scope`` (below the county: the 'where' table only, see the module
    text)."""
    if scope.toimialat or scope.palvelualueet:
        return ExperienceView(tertial, None, {}, where_table(bundle, tertial, scope))
    first = _first_month(bundle)
    start = min(first, tertial.year_before().start) if first is not None else tertial.year_before().start
    part = experience_review(bundle, tertial, scope, start)
    monthly: dict[str, pd.DataFrame] = {}
    if part.feedback is not None:
        monthly["feedback"] = part.feedback.monthly[["month", "feedback"]].rename(columns={"feedback": "count"})
    for key, ombudsman in part.ombudsmen.items():
        monthly[key] = ombudsman.monthly[["month", "contacts"]].rename(columns={"contacts": "count"})
    if part.success is not None:
        monthly["success"] = part.success.monthly[["month", "reports"]].rename(columns={"reports": "count"})
    return ExperienceView(tertial, part, monthly, where_table(bundle, tertial, scope))

"""The customer-experience page (Asiakaskokemus): the review's figures of DOMAIN §6 for a tertial, and each count's
monthly trend as a control chart chosen as on the incidents page (a c chart for Poisson-like counts, an I chart
for overdispersed ones).

    view = build_experience_view(bundle, Tertial.parse("5-8/2024"))
    view.part.feedback.count.current       # 1 215
    chart, table, choice = view.trend_as("social")

Below the county the page shows nothing of it: the figures of units and service areas are about identifiable
people, and they are not yet under the disclosure decisions (``county_only``).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
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


def build_experience_view(bundle: DataBundle, tertial: Tertial, scope: Scope = Scope()) -> ExperienceView:
    """The page's figures for ``tertial`` in ``scope`` (the whole county only, see the module text)."""
    if scope.toimialat or scope.palvelualueet:
        return ExperienceView(tertial, None, {})
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
    return ExperienceView(tertial, part, monthly)

"""Everything the RAI page shows, for a scope, a setting (kotihoito / asumispalvelut) and a half-year.
No Streamlit here; the page only arranges it, and the words are made in analytics.text.rai.

THL's small-number rule (analytics.domain.privacy) is applied here, once, before anything leaves the
module: a unit value from fewer than 5 assessed clients, or a 0 % / 100 % share of a small group,
is removed (value, numerator and number of clients), so no table, chart or download can show it.
The county total of the unfiltered view stays exact; a filtered aggregate follows the same rule.

Use from a notebook::

    from analytics.views.rai import build_rai_view
    view = build_rai_view(load_bundle("data"), "kotihoito", HalfYear(2023, 2))
    view.status        # per indicator: value, previous, national, target, status, gap
    view.series        # every half-year: county and national values (small multiples)
    view.units         # per unit and indicator, suppressed values removed
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import HalfYear
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.data.catalogue import Catalogue, Indicator
from analytics.domain import disclosure as dc
from analytics.domain.privacy import MIN_CASES, share_hidden
from analytics.domain.rai import Results, display_value, rai_table, sums
from analytics.domain.status import MET, NO_DATA, NO_TARGET
from analytics.stats.funnel import MIN_UNITS, Funnel, funnel

CENTRES = ("county", "national")
"""The funnel's centre: the county value (default) or the national value."""


@dataclass(frozen=True)
class RaiView:
    """The RAI page's figures. Values are in display units: percent (0–100) for shares, the mean for scores.

    ``status`` columns: indicator_id, kind, better, national, target, value, previous, status, gap
    (value − target as shown, in display units; positive = on the worse side), numerator, denominator
    (see ``rai.indicator_values``).
    ``series`` columns: indicator_id, year, half, period, county, national, target, denominator, is_break.
    ``units`` columns: unit_id, unit_name, palvelualue, indicator_id, numerator, denominator, value —
    only units whose value may be shown; ``hidden_units`` lists the unit names left out, per indicator.
    """

    setting: str
    half: HalfYear
    previous: HalfYear
    scoped: bool
    n: int
    previous_n: int
    national_n: int
    status: pd.DataFrame
    series: pd.DataFrame
    units: pd.DataFrame
    hidden_units: dict[str, tuple[str, ...]]
    small_units: tuple[str, ...] = ()
    """Units with fewer than 5 assessed clients in the half-year (the others hidden are hidden with them)."""
    withheld: bool = False
    """The filtered group's figures are hidden: with the county's they would give back a small unit."""


@dataclass(frozen=True)
class RaiChoices:
    """What the RAI page can offer for one setting inside a scope: half-years (newest first) and
    units (unit_id, by name), also units whose values the small-number rule hides."""

    half_years: tuple[HalfYear, ...]
    units: tuple[str, ...]


def choices_in_scope(bundle: DataBundle, scope: Scope) -> dict[str, RaiChoices]:
    """Per setting with RAI results inside ``scope`` (catalogue order): its half-years and units."""
    results = Results.of(bundle, scope)
    names = bundle.org_units.set_index("unit_id")["unit_name"]
    out = {}
    for setting in results.settings():
        present = results.query("DISTINCT unit_id", "setting = ?", (setting,))["unit_id"]
        units = sorted(present, key=lambda u: (names.get(u, u), u))
        out[setting] = RaiChoices(tuple(sorted(results.half_years(setting), reverse=True)), tuple(units))
    return out


def _break_half(ind: Indicator) -> HalfYear | None:
    if not ind.break_period:
        return None
    try:
        return HalfYear.parse(ind.break_period)
    except DataError:
        return None


def indicator_series(totals: pd.DataFrame, national: pd.DataFrame, indicators: list[Indicator],
                     apply_rule: bool, group: dc.RaiGroup | None = None) -> pd.DataFrame:
    """Every indicator over every half-year: county (in scope) and national values, target, the break."""
    nation = national.rename(columns={"numerator": "nat_num", "denominator": "nat_den"})
    merged = totals.merge(nation, on=["indicator_id", "year", "half"], how="outer")
    rows = []
    for ind in indicators:
        brk = _break_half(ind)
        for r in merged[merged["indicator_id"] == ind.id].sort_values(["year", "half"]).itertuples(index=False):
            half = HalfYear(int(r.year), int(r.half))
            county = math.nan
            if isinstance(r.denominator, (int, float, np.integer, np.floating)) and r.denominator == r.denominator \
                    and r.denominator > 0 and not (apply_rule and share_hidden(r.numerator, r.denominator, ind.kind)) \
                    and not (group is not None and group.value_hidden(ind.id, half)):
                county = display_value(r.numerator, r.denominator, ind.kind)
            nat = display_value(r.nat_num, r.nat_den, ind.kind) if r.nat_den == r.nat_den and r.nat_den else math.nan
            rows.append({"indicator_id": ind.id, "year": half.year, "half": half.half, "period": half.label,
                         "county": county, "national": nat,
                         "target": ind.target.value if ind.target else math.nan,
                         "denominator": float(r.denominator) if not math.isnan(county) else math.nan,
                         "is_break": brk == half})
    return pd.DataFrame(rows, columns=["indicator_id", "year", "half", "period", "county", "national", "target",
                                       "denominator", "is_break"])


def unit_values(rows: pd.DataFrame, org_units: pd.DataFrame, indicators: list[Indicator],
                decision: dc.Decision | None = None) -> tuple[pd.DataFrame, dict[str, tuple[str, ...]]]:
    """Of one half-year's unit rows, the values that may be shown (as the county's disclosure decision
    says, analytics.domain.disclosure), and per indicator the names of the units left out."""
    kinds = {i.id: i.kind for i in indicators}
    chosen = rows[rows["indicator_id"].isin(list(kinds))]
    chosen = chosen.merge(org_units[["unit_id", "unit_name", "palvelualue"]], on="unit_id", how="left")
    hidden = np.array([share_hidden(n, d, kinds[i]) for n, d, i in
                       zip(chosen["numerator"], chosen["denominator"], chosen["indicator_id"])], dtype=bool)
    if decision is not None:  # primary and secondary, decided once over every view of the county
        hidden |= np.array([decision.hidden(("num", "unit", u, i)) for u, i in
                            zip(chosen["unit_id"], chosen["indicator_id"])], dtype=bool)
    left_out = {i: tuple(sorted(chosen.loc[hidden & (chosen["indicator_id"] == i), "unit_name"])) for i in kinds}
    shown = chosen[~hidden].copy()
    shown["value"] = [display_value(n, d, kinds[i]) for n, d, i in
                      zip(shown["numerator"], shown["denominator"], shown["indicator_id"])]
    shown = shown.sort_values(["indicator_id", "unit_name"])
    return (shown[["unit_id", "unit_name", "palvelualue", "indicator_id", "numerator", "denominator", "value"]]
            .reset_index(drop=True), left_out)


def build_rai_view(bundle: DataBundle, setting: str, half: HalfYear, scope: Scope | None = None) -> RaiView:
    """Compute the RAI page for ``setting`` and ``half`` inside ``scope``."""
    scope = scope or Scope()
    indicators = bundle.catalogue.by_domain("rai", setting)
    if not indicators:
        raise DataError(f"No RAI indicators for the setting '{setting}' in the catalogue.")
    scoped = bool(scope.toimialat or scope.palvelualueet)
    results = Results.of(bundle, scope)
    previous = half.previous()
    group = dc.RaiGroup.of(bundle, scope, setting)
    table = rai_table(results, bundle.rai_national, bundle.catalogue, setting, [half, previous], apply_rule=scoped,
                      hidden=group.value_hidden if group.sub else None, n_hidden=group.n_hidden if group.sub else None)
    status = table.rows.rename(columns={half.label: "value", previous.label: "previous"})
    status.insert(1, "kind", [i.kind for i in indicators])
    status.insert(2, "better", [i.better for i in indicators])
    national = sums(bundle.rai_national[bundle.rai_national["setting"] == setting])
    units, hidden = unit_values(results.rows(setting, half), bundle.org_units, indicators,
                                dc.rai_decision(bundle, scope.county, setting, half.year, half.half))
    return RaiView(
        setting=setting, half=half, previous=previous, scoped=scoped, n=table.n[half.label],
        previous_n=table.n[previous.label], national_n=table.national_n, status=status,
        series=indicator_series(results.sums(setting), national, indicators, scoped, group if group.sub else None),
        units=units,
        hidden_units=hidden, small_units=_small_units(results.rows(setting, half)),
        withheld=group.sub and group.n_hidden(half),
    )


def _small_units(rows: pd.DataFrame) -> tuple[str, ...]:
    assessed = rows.groupby("unit_id")["denominator"].max()
    return tuple(sorted(u for u, n in assessed.items() if n < MIN_CASES))


# --- funnel and unit profile ------------------------------------------------------------------

def unit_funnel(view: RaiView, ind: Indicator, centre: str = "county", overdispersion: bool = False) -> Funnel | None:
    """The funnel of ``ind``'s shown units around the county (or national) value; None for a score
    indicator, too few units, or no centre."""
    if ind.kind != "share":
        return None
    units = view.units[view.units["indicator_id"] == ind.id]
    if len(units) < MIN_UNITS:
        return None
    row = view.status.set_index("indicator_id").loc[ind.id]
    centre_pct = row["national"] if centre == "national" else row["value"]
    if centre_pct is None or math.isnan(centre_pct):
        return None
    result = funnel(list(units["unit_name"]), units["numerator"].to_numpy(), units["denominator"].to_numpy(),
                    overdispersion=overdispersion, centre=centre_pct / 100)
    frame = result.units.assign(unit_id=units["unit_id"].to_numpy(), palvelualue=units["palvelualue"].to_numpy())
    return Funnel(result.centre, frame, result.overdispersion)


def worse_side(flag: str, better: str) -> str | None:
    """``worse`` / ``better`` for a unit flagged ``above`` / ``below`` a funnel, given the better direction."""
    if flag not in ("above", "below") or better not in ("lower", "higher"):
        return None
    return "worse" if (flag == "above") == (better == "lower") else "better"


def funnel_table(result: Funnel, ind: Indicator) -> pd.DataFrame:
    """The funnel's units for a table and download: percent values and limits, the flag and its meaning."""
    frame = result.units
    out = pd.DataFrame({
        "unit_id": frame["unit_id"], "unit": frame["unit"], "palvelualue": frame["palvelualue"],
        "assessed": frame["denominator"].astype(int), "value_pct": frame["value"] * 100,
        "lower95_pct": frame["lower95"] * 100, "upper95_pct": frame["upper95"] * 100,
        "lower998_pct": frame["lower998"] * 100, "upper998_pct": frame["upper998"] * 100,
        "flag": frame["flag"], "flag95": frame["flag95"],
    })
    out["side"] = [worse_side(f, ind.better) or "" for f in out["flag"]]
    return out.sort_values("value_pct", ascending=ind.better != "lower").reset_index(drop=True)


def funnel_curves(result: Funnel) -> pd.DataFrame:
    """The limit lines in percent, for the chart: denominator, lower95, upper95, lower998, upper998."""
    curves = result.curves()
    for column in ("lower95", "upper95", "lower998", "upper998"):
        curves[column] = curves[column] * 100
    return curves


def unit_profile(view: RaiView, catalogue: Catalogue, unit_id: str) -> pd.DataFrame:
    """The unit's every indicator against the county: unit value, county value, national, target, funnel flag.

    Columns: indicator_id, kind, better, unit_value, county, national, target, flag (99.8 %), side
    (worse / better / empty). A value the small-number rule hides is missing.
    """
    rows = []
    status = view.status.set_index("indicator_id")
    for ind in catalogue.by_domain("rai", view.setting):
        hit = view.units[(view.units["unit_id"] == unit_id) & (view.units["indicator_id"] == ind.id)]
        flag = ""
        if len(hit):
            result = unit_funnel(view, ind)
            if result is not None:
                flagged = result.units[result.units["unit_id"] == unit_id]
                flag = str(flagged["flag"].iloc[0]) if len(flagged) else ""
        rows.append({
            "indicator_id": ind.id, "kind": ind.kind, "better": ind.better,
            "unit_value": float(hit["value"].iloc[0]) if len(hit) else math.nan,
            "assessed": float(hit["denominator"].iloc[0]) if len(hit) else math.nan,
            "county": status.loc[ind.id, "value"], "national": status.loc[ind.id, "national"],
            "target": status.loc[ind.id, "target"], "flag": flag, "side": worse_side(flag, ind.better) or "",
            "small": unit_id in view.small_units,
        })
    return pd.DataFrame(rows)


# --- figures for the findings and the downloads (their words: analytics.text.rai) ---------------

@dataclass(frozen=True)
class TargetSummary:
    """The half-year against the targets: how many indicators are judged (have a value and a target), how many
    meet it, and the status row of the one furthest on the worse side, relative to its target (None if none)."""

    judged: int
    met: int
    worst: pd.Series | None


def target_summary(view: RaiView) -> TargetSummary:
    """How many indicators meet their target, and which one is furthest from it (the finding's figures)."""
    rows = view.status
    judged = rows[~rows["status"].isin([NO_DATA, NO_TARGET])]
    missed = judged[judged["gap"] > 0]
    worst = missed.loc[(missed["gap"] / missed["target"].abs().clip(lower=1e-9)).idxmax()] if len(missed) else None
    return TargetSummary(len(judged), int((judged["status"] == MET).sum()), worst)


def status_data(view: RaiView, catalogue: Catalogue) -> pd.DataFrame:
    """The same table as numbers, for download (percent for shares, mean for scores)."""
    rows = view.status
    return pd.DataFrame({
        "indicator_id": rows["indicator_id"], "indicator": [catalogue.get(i).name_fi for i in rows["indicator_id"]],
        "kind": rows["kind"], "better": rows["better"], "half_year": view.half.label, "value": rows["value"],
        "assessed": view.n or None, "previous_half_year": view.previous.label, "previous": rows["previous"],
        "national": rows["national"], "national_assessed": view.national_n, "target": rows["target"],
        "status": rows["status"], "gap_to_target": rows["gap"],
    })


def units_data(view: RaiView, ind: Indicator, result: Funnel | None) -> pd.DataFrame:
    """The units of one indicator as numbers, for the table and its download: palvelualue, unit, assessed,
    value, the 99,8 % limits (percent), the funnel flag and its side; the worst value first.

    Only units whose value may be shown are listed.
    """
    units = view.units[view.units["indicator_id"] == ind.id]
    flags = dict(zip(result.units["unit_id"], result.units["flag"])) if result is not None else {}
    limits = result.units.set_index("unit_id") if result is not None else None
    data = pd.DataFrame({
        "palvelualue": units["palvelualue"].to_numpy(), "unit": units["unit_name"].to_numpy(),
        "assessed": units["denominator"].astype(int).to_numpy(), "value": units["value"].to_numpy(),
        "lower998": [limits.loc[u, "lower998"] * 100 if limits is not None else math.nan for u in units["unit_id"]],
        "upper998": [limits.loc[u, "upper998"] * 100 if limits is not None else math.nan for u in units["unit_id"]],
        "flag": [flags.get(u, "") for u in units["unit_id"]],
    })
    data["side"] = [worse_side(f, ind.better) or "" for f in data["flag"]]
    return data.sort_values("value", ascending=ind.better != "lower").reset_index(drop=True)


def profile_data(profile: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The unit profile as numbers, for download (hidden values stay empty)."""
    return profile.assign(indicator=[catalogue.get(i).name_fi for i in profile["indicator_id"]])[
        ["indicator_id", "indicator", "kind", "better", "assessed", "unit_value", "county", "national", "target",
         "flag", "side"]]

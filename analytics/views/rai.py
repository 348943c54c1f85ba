"""Everything the RAI page shows, for a scope, a setting (kotihoito / asumispalvelut) and a half-year.
No Streamlit here; the page only arranges it.

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
from pandas.io.formats.style import Styler

from analytics.core.errors import DataError
from analytics.core.periods import HalfYear
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.data.catalogue import Catalogue, Indicator
from analytics.domain import disclosure as dc
from analytics.domain.privacy import MIN_CASES, share_hidden
from analytics.domain.rai import (
    Results,
    display_decimals,
    display_value,
    format_target,
    format_value,
    rai_table,
    sums,
)
from analytics.domain.status import MET, NEAR, NO_DATA, NO_TARGET, NOT_MET, status_text
from analytics.stats.funnel import MIN_UNITS, Funnel, funnel
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_int, fmt_number, join_and, md_text, percent_sign, t

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


def verdict_text(flag: str, side: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A unit's funnel verdict in words: ``yli 99,8 %:n rajan (heikompi)``, ``rajojen sisällä``, ``–``."""
    if not flag:
        return "–"
    return f"{t('rai.flag.' + flag, lang)} ({t('rai.side.' + side, lang)})" if side else t("rai.flag." + flag, lang)


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


# --- words ------------------------------------------------------------------------------------

def gap_text(status: str, gap: float, ind: Indicator, lang: str = DEFAULT_LANGUAGE) -> str:
    """How far from the target: ``1,0 %-yks. parempi`` / ``4,0 %-yks. heikompi`` / ``tasan tavoitteessa``."""
    if status in (NO_DATA, NO_TARGET) or gap is None or math.isnan(gap):
        return ""
    if gap == 0:
        return t("rai.gap_equal", lang)
    amount = fmt_number(abs(gap), display_decimals(ind), lang)
    unit = " " + t("unit.points", lang) if ind.unit == "%" else ""
    return t("rai.gap_better" if gap < 0 else "rai.gap_worse", lang, amount=amount + unit)


def status_finding(view: RaiView, catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """How many indicators meet their target, and the one furthest from it."""
    rows = view.status
    judged = rows[~rows["status"].isin([NO_DATA, NO_TARGET])]
    if not len(judged):
        return t("rai.finding_withheld" if view.withheld else "rai.finding_no_data", lang, half=view.half.label)
    met = int((judged["status"] == MET).sum())
    setting = t(f"setting.{view.setting}", lang)
    text = t("rai.finding", lang, setting=setting, half=view.half.label, met=met, total=len(judged),
             n=fmt_int(view.n, lang))
    missed = judged[judged["gap"] > 0]
    if len(missed):
        worst = missed.loc[(missed["gap"] / missed["target"].abs().clip(lower=1e-9)).idxmax()]
        ind = catalogue.get(worst["indicator_id"])
        text += " " + t("rai.finding_worst", lang, name=ind.name(lang), value=format_value(worst["value"], ind, lang),
                        target=format_target(worst["target"], ind, lang))
    return text


def funnel_finding(result: Funnel | None, ind: Indicator, view: RaiView, centre: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Which units lie outside the 99,8 % limits, said as better or worse than the centre; who is left out."""
    hidden = view.hidden_units.get(ind.id, ())
    left_out = t("rai.units_hidden", lang, count=len(hidden), min=MIN_CASES) if hidden else ""
    if ind.kind != "share":
        return " ".join(filter(None, [t("rai.funnel_score", lang), left_out]))
    if result is None:
        return " ".join(filter(None, [t("rai.funnel_too_few", lang, min=MIN_UNITS), left_out]))
    centre_text = t("rai.centre_national" if centre == "national" else "rai.centre_county", lang)
    table = funnel_table(result, ind)
    parts = []
    for side in ("worse", "better"):
        named = table[table["side"] == side]
        if len(named):
            listed = join_and([f"{md_text(r.unit)} ({format_value(r.value_pct, ind, lang)}, n = {fmt_int(r.assessed, lang)})"
                               for r in named.itertuples(index=False)], lang)
            parts.append(t(f"rai.funnel_{side}", lang, units=listed))
    if not parts:
        text = t("rai.funnel_none", lang, count=len(table), centre=centre_text,
                 value=format_value(result.centre * 100, ind, lang))
    else:
        text = t("rai.funnel_some", lang, count=len(table), centre=centre_text,
                 value=format_value(result.centre * 100, ind, lang), which=" ".join(parts))
    if result.overdispersion is not None:
        text += " " + result.overdispersion.sentence(lang)
    return " ".join(filter(None, [text, left_out]))


def profile_finding(profile: pd.DataFrame, unit_name: str, catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """The unit's indicators outside the county's 99,8 % limits, or that it has none; or why nothing is shown."""
    unit_name = md_text(unit_name)  # a name from the data, literal in the Markdown sentence
    if profile["unit_value"].isna().all():
        few = "small" not in profile or bool(profile["small"].any())
        return t("rai.profile_hidden" if few else "rai.profile_withheld", lang, unit=unit_name, min=MIN_CASES)
    parts = []
    for side in ("worse", "better"):
        names = [catalogue.get(i).name(lang) for i in profile.loc[profile["side"] == side, "indicator_id"]]
        if names:
            parts.append(t(f"rai.profile_{side}", lang, names=join_and(names, lang)))
    if not parts:
        return t("rai.profile_none", lang, unit=unit_name)
    return t("rai.profile_some", lang, unit=unit_name, which=" ".join(parts))


# --- display tables ---------------------------------------------------------------------------

STATUS_COLOURS = {MET: "#dcefd8", NEAR: "#fdebc8", NOT_MET: "#f8d4d0"}
"""Light backgrounds behind the status words (the words and symbols carry the meaning too)."""


def _format_rows(styler: Styler, frame: pd.DataFrame, kinds: list[str], columns: list[str],
                 lang: str, target: bool = False) -> Styler:
    """Format ``columns`` row by row: shares ``8,0 %``, scores ``1,03`` (targets as ``7 %``)."""
    for kind, decimals, suffix in (("share", 1, percent_sign(lang)), ("score", 2, "")):
        rows = [i for i, k in enumerate(kinds) if k == kind]
        if rows:
            for column in columns:
                digits = (lambda v: 0 if float(v).is_integer() else 1) if target else (lambda v, d=decimals: d)
                styler = styler.format(lambda v, s=suffix, dg=digits: fmt_number(v, dg(v), lang) + s,
                                       subset=pd.IndexSlice[frame.index[rows], [column]], na_rep="–")
    return styler


DIRECTION_SYMBOLS = {"lower": "↓", "higher": "↑"}


def status_display(view: RaiView, catalogue: Catalogue, lang: str) -> Styler:
    """The 'where do we stand' table: numbers stay numbers (columns sort by value), shown in the
    language's format; the status cell says in words, with a symbol and a light colour, whether the
    target is met and how far. The better direction is an arrow (the caption explains it)."""
    rows = view.status
    inds = [catalogue.get(i) for i in rows["indicator_id"]]
    half_col, prev_col, nat_col = view.half.label, view.previous.label, t("word.national", lang)
    status_col = t("word.status", lang)
    frame = pd.DataFrame({
        t("word.indicator", lang): [i.name(lang) for i in inds],
        t("rai.better", lang): [DIRECTION_SYMBOLS.get(i.better, "–") for i in inds],
        half_col: rows["value"].to_numpy(), prev_col: rows["previous"].to_numpy(),
        nat_col: rows["national"].to_numpy(), t("word.target", lang): rows["target"].to_numpy(),
        status_col: [" · ".join(filter(None, [status_text(s, lang), gap_text(s, g, i, lang)]))
                     for s, g, i in zip(rows["status"], rows["gap"], inds)],
    })
    kinds = list(rows["kind"])
    styler = frame.style.hide(axis="index")
    styler = _format_rows(styler, frame, kinds, [half_col, prev_col, nat_col], lang)
    styler = _format_rows(styler, frame, kinds, [t("word.target", lang)], lang, target=True)
    colours = [STATUS_COLOURS.get(s, "") for s in rows["status"]]
    return styler.apply(lambda column: [f"background-color: {c}" if c else "" for c in colours],
                        subset=[status_col])


def status_caption(view: RaiView, lang: str) -> str:
    """Who the columns count: the assessed clients of each half-year and of the country."""
    return t("rai.status_n", lang, half=view.half.label, n=fmt_int(view.n, lang), previous=view.previous.label,
             previous_n=fmt_int(view.previous_n, lang), national_n=fmt_int(view.national_n, lang))


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


def series_data(view: RaiView, catalogue: Catalogue, lang: str) -> pd.DataFrame:
    """The small multiples' numbers: one row per indicator and half-year (values rounded as shown)."""
    frame = view.series.copy()
    decimals = {i.id: display_decimals(i) for i in catalogue.by_domain("rai", view.setting)}
    frame.insert(1, "indicator", [catalogue.get(i).name(lang) for i in frame["indicator_id"]])
    for column in ("county", "national"):
        frame[column] = [round(v, decimals[i]) if v == v else v for v, i in zip(frame[column], frame["indicator_id"])]
    return frame


def units_display(view: RaiView, catalogue: Catalogue, ind: Indicator, result: Funnel | None,
                  lang: str) -> tuple[Styler, pd.DataFrame]:
    """The units of one indicator: palvelualue, unit, assessed clients, value, and the funnel verdict.

    Only units whose value may be shown are listed; the download is the same rows as numbers.
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
    data = data.sort_values("value", ascending=ind.better != "lower").reset_index(drop=True)
    value_col = f"{ind.name(lang)} ({view.half.label})"
    shown = pd.DataFrame({
        t("filter.palvelualue", lang): data["palvelualue"], t("rai.choose_unit", lang): data["unit"],
        t("rai.assessed", lang): data["assessed"], value_col: data["value"],
        t("rai.difference", lang): [verdict_text(f, s, lang) for f, s in zip(data["flag"], data["side"])],
    })
    styler = shown.style.hide(axis="index").format(lambda v: fmt_int(v, lang), subset=[t("rai.assessed", lang)])
    styler = _format_rows(styler, shown, [ind.kind] * len(shown), [value_col], lang)
    return styler, data


def profile_display(profile: pd.DataFrame, catalogue: Catalogue, lang: str) -> Styler:
    """The unit's profile as a table: unit value, county, national, target and the funnel verdict."""
    inds = [catalogue.get(i) for i in profile["indicator_id"]]
    unit_col, county_col = t("rai.unit_value", lang), t("rai.county_value", lang)
    frame = pd.DataFrame({
        t("word.indicator", lang): [i.name(lang) for i in inds],
        t("rai.assessed", lang): profile["assessed"].to_numpy(),
        unit_col: profile["unit_value"].to_numpy(), county_col: profile["county"].to_numpy(),
        t("word.national", lang): profile["national"].to_numpy(), t("word.target", lang): profile["target"].to_numpy(),
        t("rai.difference", lang): [verdict_text(f, s, lang) for f, s in zip(profile["flag"], profile["side"])],
    })
    kinds = list(profile["kind"])
    styler = frame.style.hide(axis="index").format(lambda v: fmt_int(v, lang), subset=[t("rai.assessed", lang)],
                                                    na_rep="–")
    styler = _format_rows(styler, frame, kinds, [unit_col, county_col, t("word.national", lang)], lang)
    return _format_rows(styler, frame, kinds, [t("word.target", lang)], lang, target=True)


def profile_data(profile: pd.DataFrame, catalogue: Catalogue) -> pd.DataFrame:
    """The unit profile as numbers, for download (hidden values stay empty)."""
    return profile.assign(indicator=[catalogue.get(i).name_fi for i in profile["indicator_id"]])[
        ["indicator_id", "indicator", "kind", "better", "assessed", "unit_value", "county", "national", "target",
         "flag", "side"]]


def profile_chart_data(profile: pd.DataFrame, catalogue: Catalogue, unit_name: str, lang: str) -> pd.DataFrame:
    """The profile's share indicators in long form for the dot chart: indicator, who, value, verdict.

    Only values that may be shown: an indicator whose unit value is hidden is left out entirely.
    """
    rows = []
    for r in profile[(profile["kind"] == "share") & profile["unit_value"].notna()].itertuples(index=False):
        name = catalogue.get(r.indicator_id).name(lang)
        verdict = verdict_text(r.flag, r.side, lang)
        for who, value in ((unit_name, r.unit_value), (t("rai.county_value", lang), r.county),
                           (t("word.national", lang), r.national)):
            if value == value:
                rows.append({"indicator": name, "who": who, "value": round(float(value), 1), "verdict": verdict})
    return pd.DataFrame(rows, columns=["indicator", "who", "value", "verdict"])

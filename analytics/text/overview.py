"""The overview (Yleiskatsaus) in words and formatted numbers: tables and the finding sentence, made from the
interim review (analytics.views.review), and the same figures as numbers for download."""
from __future__ import annotations

import math

import pandas as pd

from analytics.data.catalogue import Catalogue
from analytics.text.catalogue import direction_text, response_minutes
from analytics.text.catalogue import format_target as format_rai_target
from analytics.text.catalogue import format_value as format_rai
from analytics.text.catalogue import target_sign
from analytics.text.i18n import fmt_int, fmt_number, fmt_pct, fmt_signed, single_spaced, t, t_count
from analytics.text.statistics import change_verdict
from analytics.text.status import status_text
from analytics.views.review import Headline, InterimReview


def format_value(value: float | None, unit: str, lang: str) -> str:
    """A headline value in its unit: count ``5 049``, pct ``44,3 %``, ratio ``0,50``, days ``11 vrk``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if unit == "count":
        return fmt_int(value, lang)
    if unit == "pct":
        return fmt_pct(value, 1, lang)
    if unit == "ratio":
        return fmt_number(value, 2, lang)
    if unit == "days":
        return f"{fmt_number(value, 0, lang)} {t('unit.days', lang)}"
    return fmt_number(value, 1, lang)


def format_change(h: Headline, lang: str) -> str:
    """Change on a year before: absolute (and relative for counts), points for percents."""
    change = h.change
    if math.isnan(change):
        return "–"
    if h.unit == "count":
        rel = f" ({fmt_signed(change / h.previous * 100, 1, lang, '%')})" if h.previous else ""
        return fmt_signed(change, 0, lang) + rel
    if h.unit == "pct":
        return fmt_signed(change, 1, lang, "pp")
    if h.unit == "ratio":
        return fmt_signed(change, 2, lang)
    if h.unit == "score":
        return fmt_signed(change, 1, lang)
    return fmt_signed(change, 0, lang, f" {t('unit.days', lang)}" if h.unit == "days" else "")


def format_target(h: Headline, lang: str) -> str:
    if h.target_kind == "growth":
        return t("target.grows", lang)
    if h.target is None:
        return t("word.no_target", lang)
    return f"{target_sign(h.target_kind, h.better)} {format_value(h.target, h.unit, lang)}"


def before_label(h: Headline, review: InterimReview) -> str:
    """The period a headline's previous value is of: the same tertial a year before, or an own indicator's own
    earlier period (``Q2/2023``)."""
    return h.label_params.get("previous_period") or review.tertial.year_before().label


def headline_label(h: Headline, lang: str) -> str:
    """A headline's name; a county's own indicator's from its catalogue entry, with the period it shows."""
    if h.indicator is not None:
        return t(h.label_key, lang, name=h.indicator.name(lang), **h.label_params)
    return t(h.label_key, lang, **h.label_params)


def headline_table(review: InterimReview, lang: str) -> pd.DataFrame:
    """All headline figures as a formatted table (the table behind the overview)."""
    rows = []
    for h in review.headlines:
        rows.append({
            t("word.indicator", lang): headline_label(h, lang),
            review.tertial.label: format_value(h.value, h.unit, lang),
            review.tertial.year_before().label: format_value(h.previous, h.unit, lang),
            t("word.change", lang): format_change(h, lang),
            t("word.target", lang): format_target(h, lang),
            t("word.status", lang): status_text(h.status, lang),
        })
    return pd.DataFrame(rows)


def headline_data(review: InterimReview) -> pd.DataFrame:
    """The same figures as numbers, for download (percents 0–100)."""
    return pd.DataFrame([
        {"indicator": h.id, "domain": h.domain, "unit": h.unit, "period": review.tertial.label,
         "value": h.value, "previous_year": h.previous, "change": h.change, "target": h.target,
         "status": h.status}
        for h in review.headlines
    ])


def trend_data(review: InterimReview) -> pd.DataFrame:
    """Every headline's monthly trend in long format: indicator, month, value."""
    frames = [h.trend.assign(indicator=h.id)[["indicator", "month", "value"]] for h in review.headlines if len(h.trend)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["indicator", "month", "value"])


def rai_display_table(review: InterimReview, catalogue: Catalogue, setting: str, lang: str) -> pd.DataFrame:
    """One setting's RAI indicators, formatted: value, previous half-year, national, target, direction, status."""
    table = next((tb for tb in review.rai_tables if tb.setting == setting), None)
    if table is None:
        return pd.DataFrame()
    labels = [h.label for h in table.half_years]
    rows = []
    for row in table.rows.to_dict("records"):
        ind = catalogue.get(row["indicator_id"])
        rows.append({
            t("word.indicator", lang): ind.name(lang),
            **{f"{h} (n = {fmt_int(table.n[h], lang)})": format_rai(row[h], ind, lang) for h in labels},
            f"{t('word.national', lang)} (n = {fmt_int(table.national_n, lang)})": format_rai(row["national"], ind, lang),
            t("word.target", lang): format_rai_target(row["target"], ind, lang),
            t("indicators.direction", lang): direction_text(ind.better, lang),
            t("word.status", lang): status_text(row["status"], lang),
        })
    return pd.DataFrame(rows)


def finding(review: InterimReview, lang: str) -> str:
    """The overview's finding sentence, computed from the review.

    It speaks of client and patient safety reports where the scope has them, else of all reports.
    """
    categories = review.incident_categories.set_index("category")
    row = categories.loc["patient_safety" if review.has_patient_safety else "total"]
    change = row["change_pct"]
    met, with_target = review.targets_met()
    change_text = fmt_signed(change, 1, lang, "%") if not (isinstance(change, float) and math.isnan(change)) else "–"
    key = "overview.finding" if review.has_patient_safety else "overview.finding_all_reports"
    headline = next(h for h in review.headlines
                    if h.id == ("patient_safety_reports" if review.has_patient_safety else "all_reports"))
    verdict = change_verdict(headline.comparison, lang) if headline.comparison is not None else ""
    text = t_count(key, row["current"], lang, period=review.tertial.label,
                   change=change_text, verdict=verdict, met=met, with_target=with_target)
    return single_spaced(text)


def rai_caption(review: InterimReview, lang: str) -> str:
    table = review.rai_tables[0]
    newest = table.half_years[0]
    previous = table.half_years[1].label if len(table.half_years) > 1 else "–"
    n = sum(tb.n[newest.label] for tb in review.rai_tables)
    return t("overview.rai_half_years", lang, half=newest.label, n=fmt_int(n, lang), previous=previous)


def method(catalogue: Catalogue, lang: str) -> str:
    """The overview's method text, with the catalogue's minute targets."""
    return t("overview.method", lang, minutes=response_minutes(catalogue, lang))


def own_table(review: InterimReview, lang: str) -> pd.DataFrame:
    """A county's own indicators as shown in the review: name (with the period shown), value, a year before,
    change, target and status (display strings)."""
    rows = []
    for h in review.headlines:
        if h.indicator is None:
            continue
        rows.append({t("word.indicator", lang): headline_label(h, lang), t("word.value", lang): format_value(h.value, h.unit, lang),
                     t("overview.year_before", lang): format_value(h.previous, h.unit, lang),
                     t("word.change", lang): format_change(h, lang), t("word.target", lang): format_target(h, lang),
                     t("word.status", lang): status_text(h.status, lang)})
    return pd.DataFrame(rows)

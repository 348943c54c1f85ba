"""The forecasts page (Ennusteet) in words: series names, values in their units, the finding, the model's
choice and notes, and the backtest table, in Finnish, English or Swedish.

The series and the forecast are figures (analytics.views.forecasts, analytics.stats.forecast); the words
are made here. Use from a notebook::

    from analytics.views.forecasts import series_for, forecast_for
    from analytics.text import forecasts as forecast_words
    series = series_for(bundle, "rescue:I", Scope(), end=Tertial.parse("9-12/2024").end)
    result = forecast_for(series, horizon=12)
    forecast_words.reason_text(result, "en")   # why the engine chose its model
"""
from __future__ import annotations

import math

import pandas as pd

from analytics.core.errors import DataError
from analytics.data.bundle import DataBundle
from analytics.stats.forecast import CHOICE_MARGIN, ForecastResult
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_number, fmt_pct, label, percent_sign, t, t_count
from analytics.views.forecasts import Series, period_label, target_chance


def series_name(bundle: DataBundle, key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The display name of a series key."""
    kind, _, code = key.partition(":")
    if kind == "reports":
        return t("forecast.reports", lang, category=label("category", code, lang))
    if kind == "indicator":
        return bundle.catalogue.get(code).name(lang)
    if kind == "rescue":
        return bundle.catalogue.rescue_class(code).name(lang)
    if kind == "rescued":
        return t("headline.persons_rescued", lang)
    raise DataError(f"Unknown series '{key}'.")


def fmt_value(value: float, series: Series, lang: str = DEFAULT_LANGUAGE) -> str:
    """A value in the series' unit: ``1 320``, ``82,4 %``, ``0,52``, ``11 vrk``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if series.unit == "%":
        return fmt_pct(value, 1, lang)
    if series.kind == "ratio":
        return fmt_number(value, 2, lang)
    if series.unit == "vrk":
        return f"{fmt_number(value, 1, lang)} {t('unit.days', lang)}"
    return fmt_number(value, 0, lang)


def fmt_range(lower: float, upper: float, series: Series, lang: str = DEFAULT_LANGUAGE) -> str:
    """An interval with the unit once: ``75,0–87,1 %``, ``1 294–1 554``, ``6,9–8,2 vrk``."""
    if series.unit in ("%", "vrk"):
        return f"{fmt_number(lower, 1, lang)}–{fmt_value(upper, series, lang)}"
    return f"{fmt_value(lower, series, lang)}–{fmt_value(upper, series, lang)}"


def fmt_target(value: float, series: Series, lang: str = DEFAULT_LANGUAGE) -> str:
    """A target as people write it: ``50 %``, ``14 vrk``, ``0,55``."""
    if float(value).is_integer() and series.kind != "ratio":
        number = fmt_number(value, 0, lang)
        return number + {"%": percent_sign(lang), "vrk": f" {t('unit.days', lang)}"}.get(series.unit, "")
    return fmt_value(value, series, lang)


def axis_title(series: Series, lang: str = DEFAULT_LANGUAGE) -> str:
    """A short y-axis title in the series' unit."""
    return t(f"forecast.axis.{series.kind}", lang)


def finding(result: ForecastResult, series: Series, target: float | None, better: str, period: pd.Period,
            lang: str = DEFAULT_LANGUAGE) -> str:
    """Where the series is heading, with the interval, and the chance of meeting the target then."""
    row = result.forecast[result.forecast["period"] == period].iloc[0]
    text = t("forecast.finding", lang, period=period_label(period), value=fmt_value(row["mean"], series, lang),
             interval=fmt_range(row["lower80"], row["upper80"], series, lang), model=model_name(result.model, lang))
    if target is not None and better in ("higher", "lower"):
        chance = target_chance(result, target, better, period)
        sign = "≥" if better == "higher" else "≤"
        text += " " + t("forecast.chance", lang, target=f"{sign} {fmt_target(target, series, lang)}",
                        period=period_label(period), chance=fmt_pct(chance, 0, lang))
    return text


def model_name(model: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A candidate's name for people: benchmarks and the combination in words, models as written."""
    key = f"forecast.model.{model}"
    return t(key, lang) if model in ("naive", "snaive", "mean", "combination") else model


def reason_text(result: ForecastResult, lang: str = DEFAULT_LANGUAGE) -> str:
    """Why the engine chose its model, in one sentence from ``result.reason`` ("" without a backtest)."""
    why = result.reason
    code = why.get("code", "")
    if code not in ("combination_default", "beats_combination", "lowest_mase", "fallback") or "mase" not in why:
        return ""
    values = {"model": model_name(result.model, lang), "mase": fmt_number(why["mase"], 2, lang),
              "margin": fmt_pct(why.get("margin", 0) * 100, 0, lang),
              "widening": fmt_number(why.get("widening", 1.0), 2, lang)}
    if "runner_up" in why:
        values.update(other=model_name(why["runner_up"], lang), other_mase=fmt_number(why["runner_up_mase"], 2, lang))
    else:
        values.update(other="–", other_mase="–")
    text = t(f"forecast.reason.{code}", lang, **values)
    if why.get("widening", 1.0) > 1.0:
        text += " " + t("forecast.reason.widened", lang, **values)
    return text


def backtest_caption(result: ForecastResult, lang: str = DEFAULT_LANGUAGE) -> str:
    """How to read the backtest table ("" without a backtest)."""
    if not len(result.backtest):
        return ""
    return t_count("forecast.backtest_caption", result.step, lang, origins=int(result.backtest["origins"].iloc[0]),
                   margin=fmt_pct(CHOICE_MARGIN * 100, 0, lang))


def notes_text(result: ForecastResult, series: Series, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    """The engine's notes in words (too short for models or seasonality, a failed fit, a constant series)."""
    unit = t(f"forecast.unit.{series.grain}", lang)
    out = []
    for note in result.notes:
        name, _, value = note.partition(":")
        if name == "too_short":
            out.append(t("forecast.note_too_short", lang, n=value, unit=unit, have=len(series.values)))
        elif name == "no_season":
            out.append(t("forecast.note_no_season", lang, n=value, unit=unit))
        elif name == "failed":
            out.append(t("forecast.note_failed", lang, model=model_name(value, lang)))
        elif name == "constant":
            out.append(t("forecast.note_constant", lang))
    return out


def backtest_display(result: ForecastResult, lang: str) -> pd.DataFrame:
    """The candidates' backtest in words and numbers (sorted by MASE, the chosen one marked)."""
    table = result.backtest
    return pd.DataFrame({
        t("forecast.candidate", lang): [("★ " if c else "") + model_name(m, lang)
                                        for m, c in zip(table["model"], table["chosen"])],
        "MASE": table["mase"].astype(float).round(3),
        t("forecast.coverage80", lang): (table["coverage80"].astype(float) * 100).round(0),
        t("forecast.coverage95", lang): (table["coverage95"].astype(float) * 100).round(0),
        t("forecast.widening", lang): table["widening"].astype(float).round(2),
    })

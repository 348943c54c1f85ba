"""The indicator catalogue in words: directions, targets, "why this indicator", and an indicator's values as
shown (``8,0 %``, ``1,03``, ``≤ 7 % (2024)``).

The catalogue itself (analytics.data.catalogue) holds codes and numbers: the kind, the better direction, the unit
and the targets in display units; the words and signs are made here.
"""
from __future__ import annotations

from analytics.data.catalogue import Catalogue, Indicator
from analytics.domain.rai import display_decimals
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_number, fmt_pct, percent_sign, t


def target_sign(kind: str, better: str) -> str:
    """``<`` for a "below" target, else ``≥`` or ``≤`` by the better direction."""
    return "<" if kind == "below" else "≥" if better == "higher" else "≤"


def target_number(value: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A target as written in a sentence: ``14``, ``14,5``."""
    return fmt_number(value, 0 if float(value).is_integer() else 1, lang)


def target_percent(value: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """A percent target as written in a sentence: ``10 %``, ``12,5 %``."""
    return fmt_pct(value, 0 if float(value).is_integer() else 1, lang)


def response_minutes(catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """The catalogue's response-time targets by risk class: ``I 6 min, II 10 min, III 20 min``."""
    return ", ".join(f"{ind.risk_class} {target_number(ind.target_minutes, lang)} min"
                     for ind in catalogue.by_domain("rescue") if ind.risk_class and ind.target_minutes)


def direction_text(better: str, lang: str) -> str:
    """``↓ pienempi parempi`` / ``↑ suurempi parempi`` / ``–``."""
    return {"lower": "↓ " + t("word.lower_better", lang), "higher": "↑ " + t("word.higher_better", lang)}.get(better, "–")


def catalogue_target_text(ind: Indicator, lang: str = "fi") -> str:
    """An indicator's binding target in words: ``≤ 7 % (2024)``, ``< 14 vrk``, ``kasvaa vuotta aiemmasta``."""
    target = ind.target
    if target is None:
        return t("word.no_target", lang)
    if target.kind == "growth":
        return t("target.grows", lang)
    decimals = 0 if float(target.value).is_integer() else 1
    unit = {"%": percent_sign(lang), "vrk": " " + t("unit.days", lang)}.get(ind.unit, "")
    return f"{target_sign(target.kind, ind.better)} {fmt_number(target.value, decimals, lang)}{unit} ({target.period})"


def why_markdown(ind: Indicator, lang: str = "fi") -> str:
    """"Why this indicator" in Markdown: why, numerator, denominator, direction, kind, target and any break."""
    lines = [
        f"**{t('indicators.why', lang)}** {ind.text('description', lang)}",
        "",
        f"- **{t('indicators.numerator', lang)}:** {ind.text('numerator', lang)}",
        f"- **{t('indicators.denominator', lang)}:** {ind.text('denominator', lang)}",
        f"- **{t('indicators.direction', lang)}:** {direction_text(ind.better, lang)} · "
        f"**{t('indicators.kind', lang)}:** {t('kind.' + ind.kind, lang)} · "
        f"**{t('word.target', lang)}:** {catalogue_target_text(ind, lang)}",
    ]
    if ind.break_period:
        lines.append(f"- {t('catalogue.break_note', lang, period=ind.break_period)}")
    return "\n".join(lines)


def _percent_sign(ind: Indicator, lang: str) -> str:
    """The language's percent sign (`` %`` or ``%``) for an indicator in percent, else nothing."""
    return percent_sign(lang) if ind.unit == "%" else ""


def format_value(value: float | None, ind: Indicator, lang: str = DEFAULT_LANGUAGE) -> str:
    """A RAI value as shown: ``8,0 %`` for a share, ``1,03`` for a score, ``–`` when missing."""
    if value is None or value != value:
        return "–"
    return fmt_number(value, display_decimals(ind), lang) + _percent_sign(ind, lang)


def format_target(value: float | None, ind: Indicator, lang: str = DEFAULT_LANGUAGE) -> str:
    """A RAI target as the county writes it (``7 %``, ``2,5 %``); ``–`` when there is none."""
    if value is None or value != value:
        return "–"
    return fmt_number(value, 0 if float(value).is_integer() else 1, lang) + _percent_sign(ind, lang)

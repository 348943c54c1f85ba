"""Binding goals in words: a main task's state, a goal's colour (with a symbol: never by colour alone) and the
evaluation's arithmetic as a sentence, in Finnish, English or Swedish. The figures are computed in
analytics.domain.goals; this module only says them.

Use from a notebook::

    from analytics.domain.goals import evaluate
    from analytics.text import goals as goal_words
    goal_words.evaluation_sentence(evaluate(83, 96, ">="), "%", "fi")
    # '83 % tavoitteesta 96 % = 86 % tavoitteesta: osittain saavutettu' (no-break spaces)
"""
from __future__ import annotations

from analytics.domain.goals import DEFAULT_RULE, GREEN, RED, YELLOW, Evaluation, Rule
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_number, fmt_pct, label, t

COLOUR_SYMBOLS = {GREEN: "✔", YELLOW: "◐", RED: "✖"}
"""A symbol per colour, shown with its words."""
DIRECTION_SYMBOLS = {">=": "", ">": ">", "<=": "≤", "<": "<"}
"""How a target's direction is written before it: "at least" goes without saying."""
MAX_DECIMALS = 2


def state_name(state: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A main task's state (``on_plan``, ``challenges``, ``stalled``, ``done``) in words."""
    return label("goals.state", state, lang)


def colour_name(colour: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """``Osittain saavutettu`` for ``yellow``."""
    return label("goals.colour", colour, lang)


def colour_text(colour: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """Symbol and words, for tables: ``◐ Osittain saavutettu``."""
    return f"{COLOUR_SYMBOLS.get(colour, '–')} {colour_name(colour, lang)}"


def _decimals(value: float) -> int:
    """As few decimals as write ``value`` exactly, at most ``MAX_DECIMALS``: 83 → 0, 86.1 → 1, 7.14 → 2."""
    for decimals in range(MAX_DECIMALS):
        if abs(value - round(value, decimals)) < 1e-9:
            return decimals
    return MAX_DECIMALS


def value_text(value: float | None, unit: str = "", lang: str = DEFAULT_LANGUAGE) -> str:
    """A KPI value in its unit: ``83 %``, ``7,14 %``, ``86,1`` (fi; a percent as the language writes it)."""
    if value is None:
        return "–"
    if unit == "%":
        return fmt_pct(value, _decimals(value), lang)
    number = fmt_number(value, _decimals(value), lang)
    return f"{number}\u00a0{unit}" if unit else number


def target_text(target: float, direction: str, unit: str = "", lang: str = DEFAULT_LANGUAGE) -> str:
    """A target with its direction: ``96 %`` (at least), ``> 60``, ``≤ 6,75 %`` (no-break spaces)."""
    symbol = DIRECTION_SYMBOLS[direction]
    shown = value_text(target, unit, lang)
    return f"{symbol}\u00a0{shown}" if symbol else shown


def achieved_text(evaluation: Evaluation, lang: str = DEFAULT_LANGUAGE, rule: Rule = DEFAULT_RULE) -> str:
    """The share of the goal met, as shown (at most 100 %): whole percents, or a decimal more where rounding
    would land on one of the rule's limits (89,9 % is not "90 %", which would read as a limit not passed)."""
    shown = evaluation.shown_fraction
    if shown is None:
        return "–"
    percent = shown * 100
    limits = {round(rule.green * 100, 9), round(rule.yellow * 100, 9)}
    decimals = 0
    while (decimals < MAX_DECIMALS and round(percent, decimals) in limits
           and abs(percent - round(percent, decimals)) > 1e-9):
        decimals += 1
    return fmt_pct(percent, decimals, lang)


def evaluation_sentence(evaluation: Evaluation | None, unit: str = "", lang: str = DEFAULT_LANGUAGE,
                        rule: Rule = DEFAULT_RULE) -> str:
    """The evaluation's arithmetic in words: ``83 % tavoitteesta 96 % = 86 % tavoitteesta: osittain saavutettu``
    (fi), ``83% of a 96% target = 86% of the goal: partly met`` (en). Without a share of the goal (a target
    of 0, say): ``86,1, tavoite > 0: tavoite saavutettu``. ``Ei arvoa`` for a quarter without a value."""
    if evaluation is None:
        return t("goals.no_value", lang)
    name = colour_name(evaluation.colour, lang)
    verdict = name[:1].lower() + name[1:]
    value = value_text(evaluation.value, unit, lang)
    target = target_text(evaluation.target, evaluation.direction, unit, lang)
    if evaluation.achieved_fraction is None:
        return t("goals.evaluation_no_share", lang, value=value, target=target, verdict=verdict)
    return t("goals.evaluation", lang, value=value, target=target, achieved=achieved_text(evaluation, lang, rule),
             verdict=verdict)

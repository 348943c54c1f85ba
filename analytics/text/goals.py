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
import pandas as pd

from analytics.text.i18n import DEFAULT_LANGUAGE, MESSAGES, fmt_number, fmt_pct, fmt_signed, label, t, t_count

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


# --- the goals page's sentences and tables -----------------------------------------------------------------------

ARROWS = {1: "↗", -1: "↘", 0: "→"}
"""The direction of a change, shown beside its number (never a colour alone)."""
QUARTER_NAMES = ("Q1", "Q2", "Q3", "Q4")


def change_text(change: float | None, unit: str = "", lang: str = DEFAULT_LANGUAGE) -> str:
    """A KPI's change with an arrow: ``↘ −4 %-yks.`` (a percent's change is in percentage points), ``↗ +0,2``."""
    if change is None or change != change:
        return "–"
    arrow = ARROWS[(change > 1e-9) - (change < -1e-9)]
    if unit == "%":
        return f"{arrow} {fmt_signed(change, _decimals(abs(change)), lang, suffix='pp')}"
    number = fmt_signed(change, _decimals(abs(change)), lang)
    return f"{arrow} {number}\u00a0{unit}" if unit else f"{arrow} {number}"


def series_text(values, unit: str = "", lang: str = DEFAULT_LANGUAGE) -> str:
    """The quarters' values in a row: ``Q1 71 % → Q2 73 % → Q3 87 % → Q4 83 %`` (quarters without a value left out)."""
    shown = [f"{q}\u00a0{value_text(v, unit, lang)}" for q, v in zip(QUARTER_NAMES, values) if v is not None]
    return " → ".join(shown) if shown else t("goals.no_value", lang)


def goal_evaluation(row) -> Evaluation | None:
    """The evaluation of an overview or quarter row (``analytics.views.goals``), None without a value."""
    value = row.get("latest_value", row.get("value"))
    if value is None or value != value:
        return None
    fraction = row["achieved_fraction"]
    return Evaluation(float(value), float(row["target"]), row["direction"],
                      None if fraction is None or fraction != fraction else float(fraction), row["colour"],
                      bool(row["met"]))


def finding(view, lang: str = DEFAULT_LANGUAGE) -> str:
    """How many of the shown goals were met, partly met and not met by their latest values, in a sentence."""
    counts = view.colour_counts()
    total = sum(counts.values())
    if view.latest_quarter is None:
        return t("goals.finding_no_values", lang)
    text = t("goals.finding", lang, quarter=view.latest_quarter, year=view.year, total=total, green=counts[GREEN],
             yellow=counts[YELLOW], red=counts[RED])
    if counts["none"]:
        text += " " + t_count("goals.finding_without_value", counts["none"], lang)
    return text


def overview_table(view, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The goals at a glance, as shown: goal, KPI, latest value, the quarters' values, the change, the target, the
    evaluation in words and the state (symbol and words), and the main tasks' completion."""
    rows = []
    for row in view.overview.to_dict("records"):
        kpi = row["kpi"] if isinstance(row["kpi"], str) else ""
        evaluation = goal_evaluation(row) if kpi else None
        unit = row["unit"] if kpi else ""
        latest = (f"{value_text(row['latest_value'], unit, lang)} ({row['latest_quarter']})"
                  if evaluation is not None else t("goals.no_value", lang))
        colour = view.colours.get(row["goal_id"]) if not kpi else (row["colour"] if evaluation else None)
        rows.append({
            t("goals.col.goal", lang): row["goal"],
            t("goals.col.kpi", lang): kpi or "–",
            t("goals.col.latest", lang): latest,
            t("goals.col.change", lang): change_text(row["change_from_previous"], unit, lang) if kpi else "–",
            t("goals.col.quarters", lang): series_text(row["values"], unit, lang) if kpi else "–",
            t("goals.col.target", lang): target_text(row["target"], row["direction"], unit, lang) if kpi else "–",
            t("goals.col.evaluation", lang): evaluation_sentence(evaluation, unit, lang, view.rule) if kpi else "–",
            t("goals.col.state", lang): colour_text(colour, lang) if colour in COLOUR_SYMBOLS else "–",
            t("goals.col.completion", lang): fmt_pct(row["completion"], 0, lang) if row["completion"] is not None
            and row["completion"] == row["completion"] else "–",
        })
    return pd.DataFrame(rows)


def quarter_sentences(quarters, lang: str = DEFAULT_LANGUAGE, rule: Rule = DEFAULT_RULE) -> list[str]:
    """Each quarter's evaluation in words: ``Q4: 83 % tavoitteesta 96 % = 86 % tavoitteesta: osittain saavutettu``."""
    return [f"{row['quarter']}: {evaluation_sentence(goal_evaluation(row), row['unit'], lang, rule)}"
            for row in quarters.to_dict("records")]


def chart_frame(quarters, lang: str = DEFAULT_LANGUAGE, rule: Rule = DEFAULT_RULE) -> pd.DataFrame:
    """One KPI's quarters for its chart and download: quarter, value, target, the share of the goal met (a percent,
    0–100, at most 100) and the evaluation in words."""
    return pd.DataFrame({
        "quarter": quarters["quarter"], "value": quarters["value"].astype(float), "target": quarters["target"],
        "share_pct": [None if f is None or f != f else f * 100 for f in quarters["shown_fraction"]],
        "evaluation": [evaluation_sentence(goal_evaluation(r), r["unit"], lang, rule)
                       for r in quarters.to_dict("records")],
    })


def task_table(tasks, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """A goal's main tasks as shown: the task, who is responsible, its completion and its state in each quarter."""
    return pd.DataFrame({
        t("goals.col.task", lang): tasks["task"],
        t("goals.col.responsible", lang): tasks["responsible"],
        t("goals.col.completion", lang): [fmt_pct(c, 0, lang) if c is not None and c == c else "–"
                                         for c in tasks["completion"]],
        **{q: [state_name(s, lang) if isinstance(s, str) else "–" for s in tasks[q]] for q in QUARTER_NAMES},
    })


def problem_text(problem: dict, lang: str = DEFAULT_LANGUAGE) -> str:
    """What to do about one problem of a spreadsheet (``GoalImportError.problems``), in the user's language."""
    code = problem.get("code", "")
    if code == "empty" and not problem.get("row"):
        code = "empty_file"
    key = f"goals.problem.{code}"
    if key not in MESSAGES:
        return problem.get("message", "")
    return t(key, lang, value=problem.get("value", ""), column=problem.get("column") or "")


def problems_table(problems: list[dict], lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """A spreadsheet's problems as a table: row, column, the value found and what to do."""
    return pd.DataFrame({
        t("goals.col.row", lang): [str(p["row"]) if p.get("row") else "–" for p in problems],
        t("goals.col.column", lang): [p.get("column") or "–" for p in problems],
        t("goals.col.found", lang): [p.get("value") or "" for p in problems],
        t("goals.col.what", lang): [problem_text(p, lang) for p in problems],
    })


def chart_format(values) -> str:
    """A d3 number format with as many decimals as the KPI's values and target need: ``,.0f``, ``,.1f``, ``,.2f``."""
    found = [float(v) for v in values if v is not None and v == v]
    return f",.{max((_decimals(v) for v in found), default=0)}f"

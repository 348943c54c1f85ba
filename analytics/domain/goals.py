"""Binding goals (sitovat tavoitteet) as numbers: how much of a goal a KPI value meets, its colour by the county's
rule, and the KPI's change over the quarters. No words here: analytics.text.goals says them.

The default rule is Kanta-Häme's (DOMAIN §7): **green** when over 90 % of the goal is met, **yellow** over 50 %,
**red** otherwise. How much is met is the value's share of the target when higher is better (83 % of a 96 %
target: 83 / 96 = 86 % of the goal) and the target's share of the value when lower is better (7,14 % against at
most 6,75 %: 6,75 / 7,14 = 94,5 %). The share is computed exactly (above 1 when the target is beaten); only its
display is capped (``Evaluation.shown_fraction``).

Use from a notebook::

    from analytics.domain.goals import Rule, evaluate, quarterly_trend
    evaluate(83, 96, ">=")                       # Evaluation(..., achieved_fraction=0.8646, colour='yellow', met=False)
    evaluate(83, 96, ">=", Rule(green=0.95, yellow=0.6))
    quarterly_trend([71, 73, 87, 83])            # the change from the previous quarter and from Q1
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

QUARTERS = ("Q1", "Q2", "Q3", "Q4")
HIGHER = (">=", ">")
"""Directions where a higher value is better: at least the target (``>=``) or more than it (``>``)."""
LOWER = ("<=", "<")
"""Directions where a lower value is better: at most the target (``<=``) or less than it (``<``)."""
DIRECTIONS = HIGHER + LOWER
GREEN, YELLOW, RED = "green", "yellow", "red"
COLOURS = (GREEN, YELLOW, RED)
DISPLAY_CAP = 1.0
"""A share of the goal is shown as at most 100 %; the exact share is kept."""


@dataclass(frozen=True)
class Rule:
    """A county's evaluation rule: green when more than ``green`` of the goal is met, yellow when more than
    ``yellow``, red otherwise (fractions, 0.9 = 90 %). The default is DOMAIN §7's."""

    green: float = 0.9
    yellow: float = 0.5

    def __post_init__(self) -> None:
        for name in ("green", "yellow"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"the rule's {name} threshold must be a number, not {value!r}")
        if not 0 <= self.yellow < self.green <= 1:
            raise ValueError(f"the rule needs 0 ≤ yellow < green ≤ 1 (fractions of the goal), not yellow "
                             f"{self.yellow} and green {self.green}")

    def colour(self, fraction: float) -> str:
        """The colour of a goal of which ``fraction`` is met."""
        if fraction > self.green:
            return GREEN
        return YELLOW if fraction > self.yellow else RED


DEFAULT_RULE = Rule()


@dataclass(frozen=True)
class Evaluation:
    """A KPI value judged against its target: the share of the goal met (None when it cannot be a share, see
    ``achievement``), its colour by the rule, and whether the target itself was reached."""

    value: float
    target: float
    direction: str
    achieved_fraction: float | None
    colour: str
    met: bool

    @property
    def shown_fraction(self) -> float | None:
        """The share of the goal as displayed: at most 100 %."""
        return None if self.achieved_fraction is None else min(self.achieved_fraction, DISPLAY_CAP)


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"the {what} must be a finite number, not {value!r}")
    return float(value)


def _direction(direction: str) -> str:
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    return direction


def achievement(value: float, target: float, direction: str) -> float | None:
    """The share of the goal met: ``value / target`` when higher is better, ``target / value`` when lower is
    better. Exact, not capped. None when the divisor is not positive (a target of 0, or a value of 0 against a
    lower-is-better target): the share means nothing there, and the goal is judged by ``met`` alone."""
    value, target = _number(value, "value"), _number(target, "target")
    numerator, divisor = (value, target) if _direction(direction) in HIGHER else (target, value)
    if divisor <= 0:
        return None
    return numerator / divisor


def target_met(value: float, target: float, direction: str) -> bool:
    """Whether ``value`` reaches the target itself (``>=``: at least, ``>``: more than, …)."""
    value, target = _number(value, "value"), _number(target, "target")
    return {">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target}[
        _direction(direction)]


def evaluate(value: float, target: float, direction: str, rule: Rule = DEFAULT_RULE) -> Evaluation:
    """``value`` against ``target`` by ``rule``. A target reached is green whatever the rule; without a share (see
    ``achievement``) a goal not reached is red."""
    fraction = achievement(value, target, direction)
    met = target_met(value, target, direction)
    colour = GREEN if met else rule.colour(fraction) if fraction is not None else RED
    return Evaluation(float(value), float(target), direction, fraction, colour, met)


def quarter_values(values: Mapping[str, float | None] | Sequence[float | None]) -> tuple[float | None, ...]:
    """Four quarter values Q1..Q4 from a list (missing ones None) or a mapping ``{"Q1": 71, …}``."""
    if isinstance(values, Mapping):
        unknown = set(values) - set(QUARTERS)
        if unknown:
            raise ValueError(f"unknown quarter(s) {', '.join(sorted(map(str, unknown)))}: use {', '.join(QUARTERS)}")
        listed = [values.get(q) for q in QUARTERS]
    else:
        listed = list(values)
        if len(listed) > len(QUARTERS):
            raise ValueError(f"a year has {len(QUARTERS)} quarters, not {len(listed)}")
        listed += [None] * (len(QUARTERS) - len(listed))
    return tuple(None if _missing(v) else _number(v, "quarter's value") for v in listed)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass(frozen=True)
class QuarterPoint:
    """One quarter of a KPI: its value, the change from the previous quarter and the change from Q1 (None where
    either value is missing; Q1 has neither change)."""

    quarter: str
    value: float | None
    change_from_previous: float | None
    change_from_first: float | None


def quarterly_trend(values: Mapping[str, float | None] | Sequence[float | None]) -> list[QuarterPoint]:
    """The KPI over the year's quarters Q1..Q4 (see ``quarter_values``) with its changes."""
    listed = quarter_values(values)
    points = []
    for i, (quarter, value) in enumerate(zip(QUARTERS, listed, strict=True)):
        previous = listed[i - 1] if i else None
        first = listed[0] if i else None
        points.append(QuarterPoint(quarter, value,
                                   None if value is None or previous is None else value - previous,
                                   None if value is None or first is None else value - first))
    return points


def latest(values: Mapping[str, float | None] | Sequence[float | None]) -> tuple[str, float] | None:
    """The last quarter that has a value, with the value (None if no quarter has one)."""
    listed = quarter_values(values)
    for quarter, value in reversed(list(zip(QUARTERS, listed, strict=True))):
        if value is not None:
            return quarter, value
    return None


def evaluate_quarters(values: Mapping[str, float | None] | Sequence[float | None], target: float, direction: str,
                      rule: Rule = DEFAULT_RULE) -> dict[str, Evaluation | None]:
    """Each quarter's evaluation (None for a quarter without a value)."""
    return {quarter: None if value is None else evaluate(value, target, direction, rule)
            for quarter, value in zip(QUARTERS, quarter_values(values), strict=True)}

"""Status of a value against its target, as a code: ``met``, ``near``, ``not_met``, ``no_target`` or ``no_data``.

In words (with a symbol, never by colour alone): analytics.text.status.
"""
from __future__ import annotations

import math

MET = "met"
NEAR = "near"
NOT_MET = "not_met"
NO_TARGET = "no_target"
NO_DATA = "no_data"
NEAR_BAND = 0.10  # a miss of at most 10 % of the target counts as "close"


def target_status(value: float | None, target: float | None, better: str, decimals: int = 1, strict: bool = False) -> str:
    """``met``, ``near``, ``not_met``, ``no_target`` or ``no_data``.

    The value is compared as displayed (rounded to ``decimals``), so 7,0 % meets a target of 7 %.
    ``strict`` targets ("under 14 days") are not met by the target value itself.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NO_DATA
    if target is None or better not in ("lower", "higher"):
        return NO_TARGET
    shown = round(float(value), decimals)
    gap = shown - target if better == "lower" else target - shown
    if gap < 0 or (gap == 0 and not strict):
        return MET
    return NEAR if gap <= abs(target) * NEAR_BAND else NOT_MET


def growth_status(value: float | None, previous: float | None, better: str = "higher") -> str:
    """For a target of the kind "grows on a year before": ``met`` when it moved the better way."""
    if value is None or previous is None or math.isnan(value) or math.isnan(previous):
        return NO_DATA
    moved_up = value > previous
    return MET if (moved_up if better == "higher" else value < previous) else NOT_MET


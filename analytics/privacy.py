"""Small-number privacy: THL's rule for figures below the county level.

- A count of 1–4 (reports, tasks) is not shown; it reads "< 5". Zero is shown: it reveals nobody.
- A RAI value based on fewer than 5 assessed clients is not shown, nor is its number of clients.
- A RAI share of exactly 0 % or 100 % is not shown for a small group either (it would tell every
  client's answer). THL does not publish the size it means by "small"; we use fewer than
  ``EXTREME_SHARE_MIN_N`` = 10 assessed clients.

County totals stay exact: the rule applies to unit rows and to any filtered aggregate.
"""
from __future__ import annotations

import math

MIN_CASES = 5
"""No figure from fewer than this many cases (reports, tasks or assessed clients) is shown."""
EXTREME_SHARE_MIN_N = 10
"""A share of 0 % or 100 % is shown only for at least this many assessed clients."""
SUPPRESSED_TEXT = "< 5"


def count_hidden(count: float) -> bool:
    """A count of 1–4 must not be shown."""
    return 0 < count < MIN_CASES


def share_hidden(numerator: float, denominator: float, kind: str = "share") -> bool:
    """A value from ``numerator`` / ``denominator`` clients must not be shown.

    ``kind`` is the catalogue kind: the 0 % / 100 % rule applies to shares only (a RUG cost weight
    is a mean score, not a share).
    """
    if denominator is None or (isinstance(denominator, float) and math.isnan(denominator)) or denominator < MIN_CASES:
        return True
    if kind == "share" and denominator < EXTREME_SHARE_MIN_N and numerator in (0, denominator):
        return True
    return False

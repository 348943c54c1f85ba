"""Small-number privacy: THL's rule for figures below the county level.

- A count of 1–4 (reports, tasks) is not shown; it reads "< 5". Zero is shown: it reveals nobody.
- A RAI value based on fewer than 5 assessed clients is not shown, nor is its number of clients.
- A RAI share of exactly 0 % or 100 % is not shown for a small group either (it would tell every
  client's answer). THL does not publish the size it means by "small"; we use fewer than
  ``EXTREME_SHARE_MIN_N`` = 10 assessed clients.

County totals stay exact: the rule applies to unit rows and to any filtered aggregate. Which figures
are hidden, and which are hidden with them so that no combination of shown figures gives one back, is
decided once per data version over every view's cells in ``analytics.domain.disclosure``; the views read
that decision. (``cells_to_hide`` is the old per-table secondary suppression, kept for notebooks.)

The rule is on unless the deployment sets ``OMAVALVONTA_SMALL_NUMBERS=show`` (an internal instance
whose users may see unit-level figures); the app then says so in the sidebar.
"""
from __future__ import annotations

import math
import os

import pandas as pd

SETTING_ENV = "OMAVALVONTA_SMALL_NUMBERS"

MIN_CASES = 5
"""No figure from fewer than this many cases (reports, tasks or assessed clients) is shown."""
EXTREME_SHARE_MIN_N = 10
"""A share of 0 % or 100 % is shown only for at least this many assessed clients."""
SUPPRESSED_TEXT = "< 5"


def protected() -> bool:
    """Is THL's small-number rule on (the default)?"""
    return os.environ.get(SETTING_ENV, "hide").strip().lower() != "show"


def enough(cases: float) -> bool:
    """May a figure computed from ``cases`` cases (e.g. a median of handled reports) be shown?"""
    return not protected() or cases >= MIN_CASES


def count_hidden(count: float) -> bool:
    """A count of 1–4 must not be shown."""
    return protected() and 0 < count < MIN_CASES


def share_hidden(numerator: float, denominator: float, kind: str = "share") -> bool:
    """A value from ``numerator`` / ``denominator`` clients must not be shown.

    ``kind`` is the catalogue kind: the 0 % / 100 % rule applies to shares only (a RUG cost weight
    is a mean score, not a share).
    """
    if denominator is None or (isinstance(denominator, float) and math.isnan(denominator)):
        return True
    if not protected():
        return denominator <= 0
    if denominator < MIN_CASES:
        return True
    if kind == "share" and denominator < EXTREME_SHARE_MIN_N and numerator in (0, denominator):
        return True
    return False


def cells_to_hide(values, groups, force=None):
    """Which cells of one count column to hide, when each group's total is shown elsewhere.

    Primary: every count of 1–4. Secondary: in a group where exactly one cell is hidden, the group
    total minus the shown cells would give it back, so the smallest other non-zero cell is hidden too.
    ``force`` marks cells to hide whatever their size (e.g. a total that would reveal a small count).
    Returns (hidden: boolean Series like ``values``, exposed: the groups where no other cell could
    cover a lone hidden one, so that the group's own total must be hidden).
    """
    if not protected():
        return pd.Series(False, index=values.index), pd.Index([])
    hidden = values.gt(0) & values.lt(MIN_CASES)
    if force is not None:
        hidden |= force
    exposed = []
    for group, index in values.groupby(groups, sort=False).groups.items():
        mine = hidden.loc[index]
        if int(mine.sum()) != 1:
            continue
        others = values.loc[index][~mine & values.loc[index].gt(0)]
        if len(others):
            hidden.loc[others.idxmin()] = True
        elif int(values.loc[index][mine].iloc[0]) > 0:
            exposed.append(group)
    return hidden.astype(bool), pd.Index(exposed)

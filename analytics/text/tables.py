"""Display tables whose numbers stay numbers, so a clicked column sorts by value, while each cell
shows in the language's format (``1 186``, ``+12``, ``62,1 %``). Returns pandas Stylers, which
``st.dataframe`` shows with the formatted text and sorts by the underlying values."""
from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from pandas.io.formats.style import Styler

from analytics.domain.privacy import SUPPRESSED_TEXT
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_number, fmt_pct, fmt_signed

MISSING = "–"
SUPPRESSED = 0.5
"""Stands in for a count of 1–4 that must not be shown: it shows as "< 5" and sorts between 0 and 5.
Never a real count. (An empty cell cannot carry text in st.dataframe, so a stand-in is needed.)"""


def _count(value: float, lang: str) -> str:
    return SUPPRESSED_TEXT if value == SUPPRESSED else fmt_number(value, 0, lang)


def localised(frame: pd.DataFrame, lang: str = DEFAULT_LANGUAGE, counts: Iterable[str] = (),
              signed: Iterable[str] = (), numbers: dict[str, int] | None = None, percents: dict[str, int] | None = None,
              missing: dict[str, str] | None = None) -> Styler:
    """Format ``counts`` as integers (``SUPPRESSED`` as "< 5"), ``signed`` as signed integers,
    ``numbers`` and ``percents`` (0–100) with the given decimals. An empty cell shows ``missing[column]``
    (default "–") where the Styler is rendered as HTML; st.dataframe shows its own placeholder."""
    missing = missing or {}
    styler = frame.style.hide(axis="index")
    for column in counts:
        styler = styler.format(lambda v: _count(v, lang), subset=[column], na_rep=missing.get(column, MISSING))
    for column in signed:
        styler = styler.format(lambda v: fmt_signed(v, 0, lang), subset=[column], na_rep=missing.get(column, MISSING))
    for column, decimals in (numbers or {}).items():
        styler = styler.format(lambda v, d=decimals: fmt_number(v, d, lang), subset=[column],
                               na_rep=missing.get(column, MISSING))
    for column, decimals in (percents or {}).items():
        styler = styler.format(lambda v, d=decimals: fmt_pct(v, d, lang), subset=[column],
                               na_rep=missing.get(column, MISSING))
    return styler

"""Reporting periods: tertials (osavuosikatsaus), half-years (RAI) and months.

Labels follow the county's own writing: a tertial is ``5-8/2024``, a half-year ``1-6/2023``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from analytics.core.errors import DataError

_TERTIAL_MONTHS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
_HALF_MONTHS = {1: (1, 6), 2: (7, 12)}
_LABEL_RE = re.compile(r"^\s*(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{4})\s*$")


@dataclass(frozen=True, order=True)
class Tertial:
    """A four-month review period: ``index`` 1 = 1-4, 2 = 5-8, 3 = 9-12."""

    year: int
    index: int

    @classmethod
    def parse(cls, label: str) -> Tertial:
        """Parse ``5-8/2024``; raise DataError on anything else."""
        return cls(*_parse_span(label, _TERTIAL_MONTHS, "tertial"))

    @classmethod
    def containing(cls, when: pd.Timestamp) -> Tertial:
        """The tertial a date falls in."""
        return cls(when.year, (when.month - 1) // 4 + 1)

    @property
    def months(self) -> tuple[int, int]:
        return _TERTIAL_MONTHS[self.index]

    @property
    def label(self) -> str:
        first, last = self.months
        return f"{first}-{last}/{self.year}"

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.year, self.months[0], 1)

    @property
    def end(self) -> pd.Timestamp:
        """Exclusive end: the first moment after the tertial."""
        return self.start + pd.DateOffset(months=4)

    def year_before(self) -> Tertial:
        return Tertial(self.year - 1, self.index)

    def previous(self) -> Tertial:
        return Tertial(self.year, self.index - 1) if self.index > 1 else Tertial(self.year - 1, 3)

    def next(self) -> Tertial:
        return Tertial(self.year, self.index + 1) if self.index < 3 else Tertial(self.year + 1, 1)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, order=True)
class HalfYear:
    """A RAI benchmarking half-year: ``half`` 1 = 1.1.-30.6., 2 = 1.7.-31.12."""

    year: int
    half: int

    @classmethod
    def parse(cls, label: str) -> HalfYear:
        """Parse ``1-6/2023`` or ``7-12/2023``."""
        return cls(*_parse_span(label, _HALF_MONTHS, "half-year"))

    @property
    def label(self) -> str:
        first, last = _HALF_MONTHS[self.half]
        return f"{first}-{last}/{self.year}"

    @property
    def thl_label(self) -> str:
        """THL's own writing: ``1.1.-30.6.2023``."""
        return f"1.1.-30.6.{self.year}" if self.half == 1 else f"1.7.-31.12.{self.year}"

    @property
    def start(self) -> pd.Timestamp:
        return pd.Timestamp(self.year, _HALF_MONTHS[self.half][0], 1)

    @property
    def end(self) -> pd.Timestamp:
        """Exclusive end."""
        return self.start + pd.DateOffset(months=6)

    def previous(self) -> HalfYear:
        return HalfYear(self.year, 1) if self.half == 2 else HalfYear(self.year - 1, 2)

    def __str__(self) -> str:
        return self.label


def _parse_span(label: object, spans: dict[int, tuple[int, int]], what: str) -> tuple[int, int]:
    """(year, index) of a label such as ``5-8/2024`` whose months are one of ``spans``."""
    allowed = " or ".join(f"{first}-{last}/YYYY" for first, last in spans.values())
    match = _LABEL_RE.match(str(label)) if label is not None else None
    if match:
        first, last, year = (int(g) for g in match.groups())
        for index, months in spans.items():
            if months == (first, last):
                return year, index
    raise DataError(f"Cannot read '{label}' as a {what}: write it as {allowed}.")


def rai_half_years_for_review(tertial: Tertial, available: list[HalfYear], count: int = 2) -> list[HalfYear]:
    """The RAI half-years a tertial review shows, newest first.

    THL releases its benchmarking months after a half-year ends, so the review of a tertial shows the
    latest ``count`` half-years that had ended before the tertial began (the 5-8/2024 review shows
    7-12/2023 and 1-6/2023). Falls back to the earliest available if none had ended.
    """
    ended = sorted((h for h in available if h.end <= tertial.start), reverse=True)
    if not ended:
        ended = sorted(available)
    return ended[:count]


def tertials_between(first: Tertial, last: Tertial) -> list[Tertial]:
    """All tertials from ``first`` to ``last`` inclusive, oldest first."""
    out: list[Tertial] = []
    cur = first
    while cur <= last:
        out.append(cur)
        cur = cur.next()
    return out


GRAINS = ("month", "quarter", "tertial")
"""Time grains a series can be drawn at: month ``5/2024``, quarter ``Q2/2024``, tertial ``5-8/2024``."""


def grain_start(dates: pd.Series, grain: str) -> pd.Series:
    """The first day of the month, quarter or tertial each date falls in."""
    if grain == "month":
        return dates.dt.to_period("M").dt.to_timestamp()
    if grain == "quarter":
        return dates.dt.to_period("Q").dt.to_timestamp()
    if grain == "tertial":
        first_month = (dates.dt.month - 1) // 4 * 4 + 1
        return pd.to_datetime(pd.DataFrame({"year": dates.dt.year, "month": first_month, "day": 1}))
    raise DataError(f"Unknown time grain '{grain}'; choose one of {', '.join(GRAINS)}.")


def grain_label(start: pd.Timestamp, grain: str) -> str:
    """``5/2024``, ``Q2/2024`` or ``5-8/2024`` for the period starting at ``start``."""
    if grain == "month":
        return f"{start.month}/{start.year}"
    if grain == "quarter":
        return f"Q{(start.month - 1) // 3 + 1}/{start.year}"
    return Tertial.containing(start).label


def grain_range(first: pd.Timestamp, end: pd.Timestamp, grain: str, whole: bool = False) -> list[pd.Timestamp]:
    """Starts of every period from the one containing ``first`` up to (not including) ``end``;
    ``whole``: only periods that end by ``end``."""
    start = grain_start(pd.Series([pd.Timestamp(first)]), grain).iloc[0]
    step = pd.DateOffset(months={"month": 1, "quarter": 3, "tertial": 4}[grain])
    out = []
    while start < end and (not whole or start + step <= end):
        out.append(start)
        start = start + step
    return out


OWN_GRAINS = ("month", "quarter", "tertial", "half_year", "year")
"""Grains of a county's own indicators: month ``5/2024``, quarter ``Q2/2024``, tertial ``5-8/2024``, half-year
``1-6/2024`` and year ``2024``."""
_MONTHS_IN = {"month": 1, "quarter": 3, "tertial": 4, "half_year": 6, "year": 12}
_MONTH_RE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
_QUARTER_RE = re.compile(r"^\s*[QqKk]\s*([1-4])\s*/\s*(\d{4})\s*$")
_YEAR_RE = re.compile(r"^\s*(\d{4})\s*$")
_EXAMPLES = {"month": "5/2024", "quarter": "Q2/2024", "tertial": "5-8/2024", "half_year": "1-6/2024", "year": "2024"}


def period_start(label: object, grain: str) -> pd.Timestamp:
    """The first day of the period ``label`` written in ``grain`` (``5/2024``, ``Q2/2024`` or ``K2/2024``,
    ``5-8/2024``, ``1-6/2024``, ``2024``); DataError naming the expected shape otherwise."""
    if grain not in _MONTHS_IN:
        raise DataError(f"Unknown time grain '{grain}'; choose one of {', '.join(OWN_GRAINS)}.")
    text = "" if label is None else str(label)
    month = quarter = year = None
    if grain == "month" and (m := _MONTH_RE.match(text)) and 1 <= int(m.group(1)) <= 12:
        month, year = int(m.group(1)), int(m.group(2))
    elif grain == "quarter" and (m := _QUARTER_RE.match(text)):
        quarter, year = int(m.group(1)), int(m.group(2))
        month = (quarter - 1) * 3 + 1
    elif grain == "year" and (m := _YEAR_RE.match(text)):
        month, year = 1, int(m.group(1))
    elif grain == "tertial" and _LABEL_RE.match(text):
        tertial = Tertial.parse(text)
        return tertial.start
    elif grain == "half_year" and _LABEL_RE.match(text):
        return HalfYear.parse(text).start
    if month is None or year is None:
        raise DataError(f"Cannot read '{text}' as a {grain.replace('_', '-')}: write it as {_EXAMPLES[grain]}.")
    return pd.Timestamp(year, month, 1)


def period_end(start: pd.Timestamp, grain: str) -> pd.Timestamp:
    """The day after the period that starts at ``start``."""
    return start + pd.DateOffset(months=_MONTHS_IN[grain])


def period_label(start: pd.Timestamp, grain: str) -> str:
    """The label of the ``grain`` period starting at ``start`` (the inverse of ``period_start``)."""
    if grain == "half_year":
        return HalfYear(start.year, 1 if start.month <= 6 else 2).label
    if grain == "year":
        return str(start.year)
    return grain_label(start, grain)

"""An import's problems in words: the reasons the importer and the data contracts write (in the engine's
English, as the CLI prints them) said in the user's language from the message catalogue.

Each reason has a shape (a pattern with named parts: the allowed values, a limit, a count) and a message
``import.reason.<code>`` whose placeholders are those parts (a reason with a ``count`` has a singular and a
plural form, ``import.reason.<code>.one`` / ``.other``); a reason of no known shape is shown as written.

    from analytics.text.importer import problems_in, reason_text
    reason_text("not one of I, II, III, IV", "sv")   # 'inte något av de tillåtna värdena (I, II, III, IV)'
"""
from __future__ import annotations

import re

import pandas as pd

from analytics.ingest.importer import ImportReport
from analytics.text.i18n import DEFAULT_LANGUAGE, t, t_count

REASONS: tuple[tuple[str, re.Pattern], ...] = tuple((code, re.compile(pattern)) for code, pattern in (
    ("not_a_number", r"^not a number$"),
    ("not_whole", r"^not a whole number$"),
    ("not_a_date", r"^not a date: .*"),
    ("not_a_bool", r"^not true or false: .*"),
    ("not_a_half", r"^not a half-year: .*"),
    ("empty_value", r"^empty value$"),
    ("empty_text", r"^empty text$"),
    ("not_one_of", r"^not one of (?P<values>.*)$"),
    ("below", r"^below (?P<limit>.*)$"),
    ("above_denominator", r"^above the denominator (?P<denominator>\S+) .*"),
    ("above", r"^above (?P<limit>\S+)$"),
    ("before", r"^before (?P<date>.*)$"),
    ("future", r"^in the future$"),
    ("duplicate_key", r"^duplicate key$"),
    ("event_after_report", r"^event after the report$"),
    ("handled_before_report", r"^handled before it was reported$"),
    ("action_without_theme", r"^a development action without a theme$"),
    ("arrival_before_alarm", r"^arrival before the alarm$"),
    ("saved_over_threatened", r"^more property saved than threatened$"),
    ("unknown_unit", r"^unknown unit: .*"),
    ("unknown_toimiala", r"^unknown toimiala: .*"),
    ("codes_not_among", r"^codes not among (?P<values>.*) \(separated by (?P<separator>.)\)$"),
    ("answered_before_received", r"^answered before it was received$"),
    ("not_own", r"^not an own indicator of the catalogue \((?P<file>[^)]*)\): .*"),
    ("from_sotkanet", r"^the indicator (?P<indicator>\S+) takes its values from Sotkanet \(sotkanet_id = (?P<id>\d+)\).*"),
    ("wrong_grain", r"^not a (?P<grain>[\w-]+), the grain of (?P<indicator>\S+) in (?P<file>\S+): write it as (?P<example>.*)$"),
    ("share_needs", r"^a share needs a numerator and a denominator \((?P<indicator>[^)]*)\)$"),
    ("count_needs", r"^a count needs a numerator \(the count\) or a value \((?P<indicator>[^)]*)\)$"),
    ("mean_needs", r"^a mean needs a numerator \(the sum\) and a denominator \(n\), or a value \((?P<indicator>[^)]*)\)$"),
    ("value_needs", r"^a value indicator needs a value \((?P<indicator>[^)]*)\)$"),
    ("zero_denominator", r"^a denominator of 0 .*"),
    ("no_value", r"^neither a value nor a numerator$"),
    ("not_rai", r"^not a RAI indicator of the catalogue \((?P<file>.*)\)$"),
    ("wrong_setting", r"^the indicator (?P<indicator>\S+) belongs to (?P<setting>\S+)$"),
    ("still_used", r"^would disappear but (?P<count>\d+) row\(s\) of (?P<table>\S+) use it.*"),
    ("key_conflict", r"^this key is already in the data with different values.*"),
    ("column_ambiguous", r"^required column not found; several headers could be it \((?P<headers>.*)\): .*"),
    ("column_missing", r"^required column not found; .*"),
    ("wrong_type", r"^should hold (?P<wanted>.*) but holds (?P<found>.*)$"),
    ("control_character", r"^control character (?P<char>U\+[0-9A-F]+): .*"),
    ("too_long", r"^longer than (?P<limit>\d+) characters \((?P<length>\d+)\): .*"),
))
"""Reason code → the shape of the reasons the engine writes for it (the first that matches is taken)."""


def reason_text(reason: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A problem's reason in ``lang``; one of no known shape as written."""
    for code, pattern in REASONS:
        found = pattern.match(reason)
        if found:
            parts = found.groupdict()
            if "count" in parts:
                return t_count(f"import.reason.{code}", int(parts.pop("count")), lang, **parts)
            return t(f"import.reason.{code}", lang, **parts)
    return reason


def problems_in(report: ImportReport, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The report's problems with the reasons in ``lang``."""
    return report.problems.assign(reason=[reason_text(r, lang) for r in report.problems["reason"]])

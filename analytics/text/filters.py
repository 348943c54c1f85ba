"""The global filters' notes in words: what a link asked for that the data does not have.

analytics.data.filters resolves a link's filter values and keeps each dropped one as a code pair
(parameter, value); here each becomes the note the page shows, in the language the filters chose.
"""
from __future__ import annotations

from analytics.data.filters import FilterState
from analytics.text.i18n import md_echo, t


def filter_notes(state: FilterState) -> tuple[str, ...]:
    """One note per dropped link value, in ``state.lang``, e.g. "The filter county = 'X' in the link is not in
    the data; the default is used." The value is echoed literally (shortened, Markdown escaped)."""
    return tuple(t("filter.unknown", state.lang, name=name, value=md_echo(value)) for name, value in state.unknown)

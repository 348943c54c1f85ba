"""A status against its target in words, with a symbol or a coloured icon: never by colour alone.

The status itself is a code decided in analytics.domain.status (``met``, ``near``, ``not_met``, ``no_target``,
``no_data``); here it becomes what a table, a page or a report shows.
"""
from __future__ import annotations

from analytics.domain.status import MET, NEAR, NO_DATA, NO_TARGET, NOT_MET
from analytics.text.i18n import t

STATUS_SYMBOLS = {MET: "✔", NEAR: "◐", NOT_MET: "✖", NO_TARGET: "–", NO_DATA: "–"}
"""A symbol per status, shown with its word in tables and reports."""
STATUS_MARKDOWN = {
    MET: ":green[:material/check_circle:", NEAR: ":orange[:material/error:", NOT_MET: ":red[:material/cancel:",
    NO_TARGET: ":gray[:material/remove:", NO_DATA: ":gray[:material/remove:",
}
"""The opening of a coloured Streamlit Markdown span with an icon per status (closed after the word)."""


def status_text(status: str, lang: str) -> str:
    """Symbol and word for tables: the status is never shown by colour alone."""
    return f"{STATUS_SYMBOLS[status]} {t('status.' + status, lang)}"


def status_markdown(status: str, lang: str) -> str:
    """Coloured icon and word for Streamlit markdown."""
    return f"{STATUS_MARKDOWN[status]} {t('status.' + status, lang)}]"

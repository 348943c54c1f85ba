"""The languages the app and the reports are written in, as codes: Finnish (the default), English and Swedish.

Codes only, so that a layer below ``text`` (e.g. reading the language from a link in analytics.data.filters) can
check one without the message catalogue; the texts and formats per language are in analytics.text.i18n.
"""
from __future__ import annotations

LANGUAGES: tuple[str, ...] = ("fi", "en", "sv")
DEFAULT_LANGUAGE = "fi"

"""Chart builders: each returns an ``alt.Chart`` (never renders) with tooltips, a title and
number formats of the chosen language."""
from __future__ import annotations

import altair as alt
import pandas as pd

from analytics.i18n import d3_format_locale, t

UNIT_FORMATS = {"count": ",.0f", "pct": ",.1f", "ratio": ",.2f", "days": ",.0f", "eur": ",.0f"}
ACCENT = "#1f5aa6"  # blue, safe for colour-blind readers against the orange target rule
TARGET_COLOUR = "#d95f02"


def localised(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Apply the language's number and date locale to a finished chart."""
    months_fi = ["tammikuu", "helmikuu", "maaliskuu", "huhtikuu", "toukokuu", "kesäkuu", "heinäkuu",
                 "elokuu", "syyskuu", "lokakuu", "marraskuu", "joulukuu"]
    short_fi = ["tammi", "helmi", "maalis", "huhti", "touko", "kesä", "heinä", "elo", "syys", "loka", "marras", "joulu"]
    locale: dict = {"number": d3_format_locale(lang)}
    if lang == "fi":
        locale["time"] = {
            "dateTime": "%A %-d. %Bta %Y klo %X", "date": "%-d.%-m.%Y", "time": "%H:%M:%S",
            "periods": ["a.m.", "p.m."],
            "days": ["sunnuntai", "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai"],
            "shortDays": ["Su", "Ma", "Ti", "Ke", "To", "Pe", "La"],
            "months": months_fi, "shortMonths": short_fi,
        }
    return chart.configure(locale=locale)


def sparkline(trend: pd.DataFrame, unit: str, title: str, lang: str, target: float | None = None) -> alt.TopLevelMixin:
    """A small month-by-month line of ``trend`` (columns month, value) with an optional target rule."""
    fmt = UNIT_FORMATS.get(unit, ",.1f")
    base = alt.Chart(trend).encode(
        x=alt.X("month:T", title=None, axis=alt.Axis(format="%m/%y", labelAngle=0, tickCount=4, grid=False)),
    )
    line = base.mark_line(color=ACCENT, point=alt.OverlayMarkDef(size=12, color=ACCENT)).encode(
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt, tickCount=3), scale=alt.Scale(zero=False)),
        tooltip=[
            alt.Tooltip("month:T", title=t("word.month", lang), format="%m/%Y"),
            alt.Tooltip("value:Q", title=t("word.value", lang), format=fmt),
        ],
    )
    layers = [line]
    if target is not None:
        rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=TARGET_COLOUR, strokeDash=[4, 3]).encode(
            y="target:Q", tooltip=[alt.Tooltip("target:Q", title=t("word.target", lang), format=fmt)]
        )
        layers.append(rule)
    chart = alt.layer(*layers).properties(height=110, title=alt.TitleParams(title, fontSize=12, anchor="start"))
    return localised(chart, lang)

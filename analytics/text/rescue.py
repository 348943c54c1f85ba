"""The rescue page (Pelastustoimi) in words: its findings, the risk class names and the display tables, in
Finnish, English or Swedish. The figures are computed in analytics.views.rescue; this module only says them.

Use from a notebook::

    from analytics.text import rescue as rescue_words
    from analytics.views.rescue import build_rescue_view
    view = build_rescue_view(load_bundle("data"), Tertial.parse("5-8/2024"))
    rescue_words.compliance_finding(view, "fi")    # compliance per risk class against its target
    rescue_words.area_display(view, "en")          # the gaps table as shown, and its download
"""
from __future__ import annotations

import pandas as pd
from pandas.io.formats.style import Styler

from analytics.data.catalogue import Catalogue
from analytics.domain.privacy import SUPPRESSED_TEXT
from analytics.domain.status import MET, NEAR, NO_DATA, NOT_MET
from analytics.text.i18n import (
    DEFAULT_LANGUAGE,
    fmt_eur_millions,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_signed,
    join_and,
    label,
    md_text,
    t,
    t_count,
)
from analytics.text.catalogue import response_minutes
from analytics.text.status import status_text
from analytics.text.tables import SUPPRESSED, localised
from analytics.views.rescue import RescueView

STATUS_COLOURS = {MET: "#dcefd8", NEAR: "#fdebc8", NOT_MET: "#f8d4d0"}


def compliance_caption(catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """What a compliance share is, with the catalogue's minute targets."""
    return t("rescue.compliance_caption", lang, minutes=response_minutes(catalogue, lang))


def method(catalogue: Catalogue, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's method text, with the catalogue's minute targets."""
    return t("rescue.method", lang, minutes=response_minutes(catalogue, lang))


def class_name(risk_class: str, minutes: float | None, lang: str) -> str:
    """``Riskiluokka I (6 min)``; ``Riskiluokka IV`` without a minute target."""
    name = label("risk_class", risk_class, lang)
    return f"{name} ({fmt_number(minutes, 0, lang)} min)" if minutes is not None and minutes == minutes else name


def compliance_finding(view: RescueView, lang: str = DEFAULT_LANGUAGE) -> str:
    """Compliance of every class with a target in the tertial, and whether each met its target."""
    rows = view.compliance[view.compliance["share_pct"].notna() & (view.compliance["tasks"] > 0)]
    if not len(rows):
        return t("rescue.finding_none", lang, period=view.tertial.label)
    parts = [t("rescue.finding_class", lang, risk_class=r.risk_class, share=fmt_pct(r.share_pct, 1, lang),
               n=fmt_int(r.tasks, lang)) for r in rows.itertuples(index=False)]
    judged = rows[rows["status"].isin([MET, NEAR, NOT_MET])]
    missed = [r.risk_class for r in judged.itertuples(index=False) if r.status != MET]
    verdict = (t("rescue.all_met", lang) if not missed
               else t("rescue.some_missed", lang, classes=join_and(missed, lang)))
    return t("rescue.finding", lang, period=view.tertial.label, classes=join_and(parts, lang), verdict=verdict)


def area_finding(view: RescueView, lang: str = DEFAULT_LANGUAGE) -> str:
    """The areas (and classes) below their target; whether the shortfall is beyond chance."""
    table = view.by_area
    hidden = int(table["hidden"].sum())
    missed = table[(~table["hidden"]) & table["status"].isin([NEAR, NOT_MET])]
    if not len(table):
        return t("rescue.area_none", lang)
    if not len(missed):
        text = t("rescue.area_all_met", lang)
    else:
        parts = []
        for r in missed.itertuples(index=False):
            clear = r.upper_pct < r.target_share_pct
            parts.append(t("rescue.area_miss", lang, area=md_text(r.area_name), risk_class=r.risk_class,
                           share=fmt_pct(r.share_pct, 0, lang), n=fmt_int(r.tasks, lang),
                           how=t("rescue.clearly" if clear else "rescue.maybe_chance", lang)))
        text = t("rescue.area_missed", lang, areas=join_and(parts, lang))
    if hidden:
        text += " " + t("rescue.cells_hidden", lang, count=hidden)
    return text


def effect_finding(view: RescueView, lang: str = DEFAULT_LANGUAGE) -> str:
    now, before = view.effect, view.effect_previous
    return t_count("rescue.effect_finding", now["persons_rescued"], lang, period=view.tertial.label,
                   rescued_before=fmt_int(before["persons_rescued"], lang),
                   threatened=fmt_eur_millions(now["property_threatened_eur"], lang),
                   saved=fmt_eur_millions(now["property_saved_eur"], lang), share=fmt_pct(now["saved_pct"], 0, lang),
                   share_before=fmt_pct(before["saved_pct"], 0, lang))


def times_finding(view: RescueView, lang: str = DEFAULT_LANGUAGE) -> str:
    """Median and 90th percentile per class in the tertial."""
    rows = view.compliance[view.compliance["tasks"] > 0]
    parts = [t("rescue.times_class", lang, risk_class=r.risk_class, median=fmt_number(r.median_minutes, 1, lang),
               p90=fmt_number(r.p90_minutes, 1, lang)) for r in rows.itertuples(index=False)]
    return t("rescue.times_finding", lang, classes="; ".join(parts)) if parts else t("rescue.finding_none", lang,
                                                                                        period=view.tertial.label)


def _status_cell(status: str, lang: str) -> str:
    return status_text(status, lang) if status not in (NO_DATA,) else "–"


def compliance_display(view: RescueView, lang: str) -> Styler:
    """Per risk class: tasks, share within the target time, its interval, a year before, target, status."""
    before = view.tertial.year_before().label
    rows = view.compliance
    share_col, target_col, status_col = t("rescue.share_in_time", lang), t("word.target", lang), t("word.status", lang)
    frame = pd.DataFrame({
        t("rescue.risk_class", lang): [class_name(c, m, lang) for c, m in zip(rows["risk_class"], rows["target_minutes"])],
        t("rescue.tasks", lang): rows["tasks"].to_numpy(),
        share_col: rows["share_pct"].to_numpy(),
        t("rescue.interval", lang): [
            f"{fmt_number(lo, 1, lang)}–{fmt_pct(hi, 1, lang)}" if lo == lo else "–"
            for lo, hi in zip(rows["lower_pct"], rows["upper_pct"])],
        before: rows["previous_share_pct"].to_numpy(),
        t("rescue.median", lang): rows["median_minutes"].to_numpy(),
        t("rescue.p90", lang): rows["p90_minutes"].to_numpy(),
        target_col: [t("rescue.target_text", lang, share=fmt_pct(s, 0, lang),
                       source=t(f"rescue.source.{src}", lang)) if s == s and s is not None else t("word.no_target", lang)
                     for s, src in zip(rows["target_share_pct"], rows["target_source"])],
        status_col: [status_text(s, lang) for s in rows["status"]],
    })
    colours = [STATUS_COLOURS.get(s, "") for s in rows["status"]]
    styler = localised(frame, lang, counts=(t("rescue.tasks", lang),), percents={share_col: 1, before: 1},
                       numbers={t("rescue.median", lang): 1, t("rescue.p90", lang): 1})
    return styler.apply(lambda column: [f"background-color: {c}" if c else "" for c in colours], subset=[status_col])


def area_display(view: RescueView, lang: str) -> tuple[Styler, pd.DataFrame]:
    """The gaps table for the screen (numbers sort by value) and its download, with 1–4 tasks as "< 5"
    and a cell hidden with one left empty."""
    table = view.by_area
    area_col = t("rescue.area_kind." + view.area_kind, lang)
    share_col = t("rescue.share_in_time", lang)
    shown = pd.DataFrame({
        area_col: table["area_name"],
        t("rescue.risk_class", lang): [class_name(c, m, lang) for c, m in zip(table["risk_class"], table["target_minutes"])],
        t("rescue.tasks", lang): [SUPPRESSED if small else n for n, small in zip(table["tasks"], table["small"])],
        share_col: table["share_pct"],
        t("rescue.interval", lang): [f"{fmt_number(lo, 1, lang)}–{fmt_pct(hi, 1, lang)}" if lo == lo else "–"
                                     for lo, hi in zip(table["lower_pct"], table["upper_pct"])],
        t("rescue.median", lang): table["median_minutes"],
        t("word.status", lang): [_status_cell(s, lang) for s in table["status"]],
    })
    colours = [STATUS_COLOURS.get(s, "") for s in table["status"]]
    styler = localised(shown, lang, counts=(t("rescue.tasks", lang),), percents={share_col: 1},
                       numbers={t("rescue.median", lang): 1})
    styler = styler.apply(lambda column: [f"background-color: {c}" if c else "" for c in colours],
                          subset=[t("word.status", lang)])
    data = table.drop(columns=["hidden", "small", "met_hidden"]).assign(
        tasks=[SUPPRESSED_TEXT if small else (None if h else int(n))
               for n, h, small in zip(table["tasks"], table["hidden"], table["small"])],
        met=[None if h or m != m else int(m) for m, h in zip(table["met"], table["hidden"])])
    return styler, data


def effect_display(view: RescueView, lang: str) -> Styler:
    """Building fires and fire hazards (and the rest) by task type: tasks, rescued, property."""
    frame = view.effect_by_type
    shown = pd.DataFrame({
        t("rescue.task_type", lang): [label("task_type", c, lang) for c in frame["task_type"]],
        t("rescue.tasks", lang): frame["tasks"], t("headline.persons_rescued", lang): frame["persons_rescued"],
        t("rescue.threatened", lang): frame["threatened"] / 1e6, t("rescue.saved", lang): frame["saved"] / 1e6,
        t("rescue.saved_share", lang): frame["saved_pct"],
    })
    return localised(shown, lang, counts=(t("rescue.tasks", lang), t("headline.persons_rescued", lang)),
                     numbers={t("rescue.threatened", lang): 1, t("rescue.saved", lang): 1},
                     percents={t("rescue.saved_share", lang): 0})


def change_text(view: RescueView, risk_class: str, lang: str) -> str:
    """``+1,2 %-yks.`` on a year before, for a card."""
    row = view.compliance.set_index("risk_class").loc[risk_class]
    return fmt_signed(row["change_pp"], 1, lang, "pp")

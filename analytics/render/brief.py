"""The condensed brief (tiivistelmä) for councillors, municipalities and residents (issue 26): one county's
binding goals and the interim review's headline figures on at most four A4 pages, in plain Finnish (English and
Swedish available), as one self-contained HTML file and as a PDF printed from it by headless Chromium.

Order: the title (county, period, date made) and a summary in words; access to care first (the county's own
indicator of non-urgent needs assessed within three working days, and the rescue services' response shares),
then customer experience, the binding goals (each with its KPI's latest value, the trend over the quarters, the
target and the evaluation's arithmetic in words), and the other headline figures (incidents, RAI) compactly.
Only county-level figures: the brief has no unit-level figure at all; below the county (a toimiala or a
palvelualue) it shows the review's figures, which the small-number rule has already masked, and says that
customer experience and the county's own indicators are shown for the whole county only.

The HTML opens offline: no scripts, no web fonts, no address anywhere (the charts' SVG namespaces are dropped:
inline SVG in HTML needs none). The PDF is tagged (headings, figures with their alt texts), has the document's
title and language (Chromium takes them from ``<title>`` and ``<html lang>``), embeds its fonts, keeps the
charts as vectors and its text selectable.

Use from a notebook::

    brief = build_brief(bundle, Tertial.parse("5-8/2024"), GoalBook().of_county(county, 2024), "fi")
    html = brief_html(brief, "fi")
    pdf = brief_pdf(html)          # bytes; DataError when no Chromium is found
"""
from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from analytics.core.errors import DataError
from analytics.core.periods import Tertial
from analytics.core.scope import Scope, filter_options
from analytics.data.bundle import DataBundle
from analytics.data.catalogue import Catalogue
from analytics.domain.goals import DEFAULT_RULE, GREEN, QUARTERS, RED, YELLOW, Evaluation, Rule, latest
from analytics.domain.status import MET, NO_DATA, NO_TARGET
from analytics.goals import Goal, Kpi
from analytics.render import charts
from analytics.render.exports import chart_svg
from analytics.render.html_report import _e
from analytics.text import experience as experience_words
from analytics.text import goals as goal_words
from analytics.text import overview as ov
from analytics.text.i18n import fmt_date, fmt_int, fmt_number, fmt_pct, join_and, label, single_spaced, t
from analytics.text.catalogue import format_target as rai_target
from analytics.text.catalogue import format_value as rai_value
from analytics.text.catalogue import target_sign
from analytics.text.status import status_text
from analytics.views.review import Headline, InterimReview, build_review

ACCESS_INDICATOR = "own_primary_care_3_days"
"""The county's own indicator of access to care the brief opens with (non-urgent needs assessed in 3 days)."""
EXPERIENCE_ORDER = ("feedback", "feedback_score", "answered_in_time", "social_contacts", "patient_contacts",
                    "success_reports")
OTHER_ORDER = ("patient_safety_reports", "all_reports", "near_miss_ratio", "observation_share", "reaction_median",
               "development_actions", "persons_rescued", "property_saved")
"""The other headline figures, in the order the brief lists them (the county's other own indicators follow)."""
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ENV = "OMAVALVONTA_CHROMIUM"
"""A Chromium (or Chrome) executable to print with, when it is not on the PATH under one of ``CHROMIUM_NAMES``."""
PDF_TIMEOUT_SECONDS = 120
MAX_PAGES = 4
HEADROOM = 1.1
"""A goal chart's axis reaches this much above its highest bar or target."""

STYLE = """
@page { size: A4; margin: 14mm 15mm 14mm 15mm; }
html { font-family: "Liberation Sans", "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1e1e1e; }
body { margin: 0 auto; max-width: 180mm; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 1mm; color: #12386b; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; padding-bottom: .6mm; border-bottom: 1.5pt solid #1f5aa6; color: #12386b;
     break-after: avoid; }
h3 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 1mm 0 1.6mm; }
.meta { color: #444; font-size: 9pt; margin: 0; }
.note { color: #444; font-size: 8.5pt; }
.summary { background: #eaf1fb; border-left: 3pt solid #1f5aa6; padding: 2mm 3mm; margin: 3mm 0; }
.summary p { margin: .8mm 0; }
table { border-collapse: collapse; width: 100%; margin: 1mm 0 2mm; font-size: 9pt; break-inside: avoid; }
th, td { border-bottom: .5pt solid #c9c9c9; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f1f4f8; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.pair { display: flex; gap: 4mm; align-items: flex-start; break-inside: avoid; }
.pair > .words { flex: 1 1 55%; } .pair > .chart { flex: 0 0 74mm; }
.big { font-size: 20pt; font-weight: 700; color: #12386b; margin: 0; }
.goal { break-inside: avoid; border-top: .5pt solid #c9c9c9; padding-top: 1mm; margin-top: 2mm; }
.goal dl { display: grid; grid-template-columns: max-content 1fr; gap: .4mm 3mm; margin: 1mm 0; }
.goal dt { font-weight: 600; } .goal dd { margin: 0; }
.verdict { font-weight: 700; }
.label { background: #fff4e0; border-left: 3pt solid #d95f02; padding: 1mm 2.5mm; font-size: 9pt; }
svg { max-width: 100%; height: auto; display: block; }
footer { margin-top: 4mm; }
"""

_NAMESPACE = re.compile(r'\s+xmlns(?::\w+)?="[^"]*"')


@dataclass(frozen=True)
class GoalLine:
    """One KPI of a binding goal as the brief shows it: the goal, the KPI, its latest quarter and value (None
    when no quarter has a value yet) and that value's evaluation by the county's rule."""

    goal: Goal
    kpi: Kpi
    latest: tuple[str, float] | None
    evaluation: Evaluation | None


@dataclass(frozen=True)
class Brief:
    """Everything the brief shows, computed once: the interim review of ``tertial`` for ``scope``, the binding
    goals of ``goal_year`` (``example``: the sample's, labelled as such), the county's evaluation ``rule``, and
    the headlines by section (``access``: the own access indicator and the rescue response shares)."""

    county: str
    tertial: Tertial
    scope: Scope
    review: InterimReview
    lang: str
    made: date
    goal_year: int
    goals: tuple[GoalLine, ...]
    rule: Rule
    access: tuple[Headline, ...]
    experience: tuple[Headline, ...]
    other: tuple[Headline, ...]
    catalogue: Catalogue
    example: bool = False
    synthetic: bool = False

    @property
    def whole_county(self) -> bool:
        return not (self.scope.toimialat or self.scope.palvelualueet)

    def goal_counts(self) -> dict[str, int]:
        """How many goal KPIs are green, yellow and red in their latest quarter, and how many have no value."""
        counts = {GREEN: 0, YELLOW: 0, RED: 0, "none": 0}
        for line in self.goals:
            counts[line.evaluation.colour if line.evaluation is not None else "none"] += 1
        return counts


def build_brief(bundle: DataBundle, tertial: Tertial, goals: Sequence[Goal], lang: str, scope: Scope = Scope(),
                *, rule: Rule = DEFAULT_RULE, example: bool = False, synthetic: bool = False,
                made: date | None = None) -> Brief:
    """The brief of ``tertial`` for ``scope`` (the bundle's first county when it names none) with ``goals`` (the
    county's binding goals of the tertial's year; others are left out). ``example`` says the goals are the
    sample's (the brief labels them), ``synthetic`` that the data is."""
    county = scope.county or next(iter(filter_options(bundle.org_units).counties), "")
    scope = Scope(county, tuple(scope.toimialat), tuple(scope.palvelualueet))
    review = build_review(bundle, tertial, scope)
    by_id = {h.id: h for h in review.headlines}
    access = [by_id[i] for i in (f"own_{ACCESS_INDICATOR}",) if i in by_id]
    if review.has_rescue:  # a toimiala or palvelualue without rescue tasks has no response shares to show
        access += [h for h in review.headlines if h.domain == "rescue" and h.id.startswith("compliance_")]
    experience = [by_id[i] for i in EXPERIENCE_ORDER if i in by_id]
    if "client_reports" in by_id:
        experience.append(by_id["client_reports"])
    other = [by_id[i] for i in OTHER_ORDER if i in by_id]
    other += [h for h in review.headlines if h.domain == "own" and h not in access]
    lines = []
    for goal in goals:
        if goal.county != county or goal.year != tertial.year:
            continue
        for kpi in goal.kpis:
            found = latest(kpi.values)
            evaluation = kpi.evaluations(rule)[found[0]] if found else None
            lines.append(GoalLine(goal, kpi, found, evaluation))
    return Brief(county, tertial, scope, review, lang, made or date.today(), tertial.year, tuple(lines), rule,
                 tuple(access), tuple(experience), tuple(other), bundle.catalogue, example, synthetic)


# --- HTML ---------------------------------------------------------------------------------------------------

def _svg(chart, alt: str) -> str:
    """A chart as inline SVG that is itself the image: ``role="img"`` with the alt text as its ``aria-label`` and
    ``<title>`` (Chromium then tags it as a Figure with ``/Alt`` in the PDF; a labelled wrapper around an
    ``aria-hidden`` SVG, as in the HTML report, is left out of the PDF's structure). No namespace addresses."""
    svg = _NAMESPACE.sub("", chart_svg(chart))
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{_e(alt)}"', 1)
    return re.sub(r"(<svg[^>]*>)", lambda m: f"{m.group(1)}<title>{_e(alt)}</title>", svg, count=1)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A table with a header row; columns ``numeric`` right-aligned. Every cell escaped."""
    def cell(tag: str, i: int, text: str) -> str:
        return f'<{tag}{" class=num" if i in numeric else ""}>{_e(text)}</{tag}>'

    head = "".join(cell("th", i, h) for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(cell("td", i, c) for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _status(h: Headline, lang: str) -> str:
    return status_text(h.status, lang) if h.status not in (NO_TARGET, NO_DATA) else t(f"status.{h.status}", lang)


def _headline_rows(headlines: Sequence[Headline], lang: str, decimals_pct: int | None = None) -> list[list[str]]:
    """Name, value, a year before, target and status in words, one row per headline."""
    def value(h: Headline, v: float) -> str:
        if decimals_pct is not None and h.unit == "pct":
            return fmt_pct(v, decimals_pct, lang) if v == v else "–"
        return ov.format_value(v, h.unit, lang)

    rows = []
    for h in headlines:
        target = ov.format_target(h, lang) if (h.target is not None or h.target_kind == "growth") else "–"
        if decimals_pct is not None and h.unit == "pct" and h.target is not None:
            target = f"{target_sign(h.target_kind, h.better)} {fmt_pct(h.target, decimals_pct, lang)}"
        rows.append([ov.headline_label(h, lang), value(h, h.value), value(h, h.previous), target, _status(h, lang)])
    return rows


def _header(brief: Brief, lang: str) -> list[str]:
    return [t("word.indicator", lang), brief.tertial.label, brief.tertial.year_before().label, t("word.target", lang),
            t("word.status", lang)]


def _summary(brief: Brief, lang: str) -> list[str]:
    """Three to five sentences in words, from the figures."""
    sentences = []
    access = {h.id: h for h in brief.access}
    if (own := access.get(f"own_{ACCESS_INDICATOR}")) is not None:
        sentences.append(t("brief.summary_access", lang, name=own.indicator.name(lang),
                           period=own.label_params.get("period", ""), value=ov.format_value(own.value, own.unit, lang),
                           previous=ov.format_value(own.previous, own.unit, lang), target=ov.format_target(own, lang),
                           status=t(f"status.{own.status}", lang).lower()))
    rescue = [h for h in brief.access if h.domain == "rescue" and not math.isnan(h.value)]
    if rescue:
        shares = join_and([t("brief.rescue_share", lang, risk_class=h.label_params["risk_class"],
                             minutes=h.label_params["minutes"], share=fmt_pct(h.value, 0, lang)) for h in rescue], lang)
        target = rescue[0].target
        sentences.append(t("brief.summary_rescue", lang, shares=shares,
                           target=fmt_pct(target, 0, lang) if target is not None else "–"))
    experience = {h.id: h for h in brief.experience}
    if "feedback" in experience and "feedback_score" in experience:
        count, score = experience["feedback"], experience["feedback_score"]
        sentences.append(t("brief.summary_feedback", lang, count=fmt_int(count.value, lang),
                           previous=fmt_int(count.previous, lang), score=fmt_number(score.value, 1, lang)))
    if brief.goals:
        counts = brief.goal_counts()
        text = t("brief.summary_goals", lang, year=brief.goal_year, total=len(brief.goals), green=counts[GREEN],
                 yellow=counts[YELLOW], red=counts[RED])
        if counts["none"]:
            text += " " + t("brief.summary_goals_none", lang, none=counts["none"])
        sentences.append(text)
    met, with_target = brief.review.targets_met()
    sentences.append(t("brief.summary_targets", lang, met=met, total=with_target, period=brief.tertial.label))
    return [f"<p>{_e(single_spaced(s))}</p>" for s in sentences]


def _access(brief: Brief, lang: str) -> list[str]:
    out = [f"<h2>{_e(t('brief.access_heading', lang))}</h2>"]
    if not brief.whole_county:
        out.append(f"<p>{_e(t('own.county_only', lang))}</p>")
    own = next((h for h in brief.access if h.domain == "own"), None)
    if own is not None:
        name = own.indicator.name(lang)
        words = [f"<h3>{_e(name)}</h3>",
                 f'<p class="big">{_e(ov.format_value(own.value, own.unit, lang))}</p>',
                 f"<p>{_e(t('brief.access_value', lang, period=own.label_params.get('period', ''), previous_period=ov.before_label(own, brief.review), previous=ov.format_value(own.previous, own.unit, lang), target=ov.format_target(own, lang), status=_status(own, lang)))}</p>"]
        chart = ""
        if len(own.trend):
            first, last = own.trend["month"].min(), own.trend["month"].max()
            title = t("overview.trend_title", lang, first=f"{first.month}/{first.year}", last=f"{last.month}/{last.year}")
            spec = charts.with_height(charts.sparkline(own.trend, own.unit, title, lang, own.target), 80)
            alt = t("brief.trend_alt", lang, name=name, first=f"{first.month}/{first.year}",
                    last=f"{last.month}/{last.year}", value=ov.format_value(own.value, own.unit, lang),
                    target=ov.format_target(own, lang))
            chart = f'<div class="chart">{_svg(_narrow(spec, 230), alt)}</div>'
        out.append(f'<div class="pair"><div class="words">{"".join(words)}</div>{chart}</div>')
    rescue = [h for h in brief.access if h.domain == "rescue"]
    if rescue:
        out.append(f"<h3>{_e(t('brief.rescue_heading', lang))}</h3>")
        out.append(f"<p>{_e(t('brief.rescue_intro', lang))}</p>")
        out.append(_table(_header(brief, lang), _headline_rows(rescue, lang, decimals_pct=0), (1, 2, 3)))
    return out


def _experience(brief: Brief, lang: str) -> list[str]:
    out = [f"<h2>{_e(t('domain.experience', lang))}</h2>"]
    if not brief.experience or brief.review.experience is None:
        return out + [f"<p>{_e(t('experience.county_only', lang))}</p>"]
    out.append(f"<p>{_e(t('brief.experience_intro', lang))}</p>")
    out.append(_table(_header(brief, lang), _headline_rows(brief.experience, lang), (1, 2, 3)))
    part = brief.review.experience
    if part.feedback is not None:
        listed = [experience_words.themes_sentence(part.feedback, kind, lang) for kind in ("thanks", "proposal")]
        out += [f"<p>{_e(s)}</p>" for s in listed if s]
    return out


def _narrow(spec: charts.Spec, width: int) -> charts.Spec:
    return charts.Spec({**spec, "width": width})


def _quarter_chart(line: GoalLine, lang: str) -> charts.Spec:
    """A goal KPI's quarterly values as bars, labelled inside their tops (clear of the target line), with the
    target as a dashed line."""
    kpi = line.kpi
    fmt = goal_words.chart_format([*kpi.values, kpi.target])
    values = [{"quarter": q, "value": v} for q, v in zip(QUARTERS, kpi.values, strict=True)]
    top = max([v for v in kpi.values if v is not None] + [kpi.target]) * HEADROOM
    x = {"field": "quarter", "type": "ordinal", "sort": list(QUARTERS), "axis": {"labelAngle": 0, "title": None}}
    y = {"field": "value", "type": "quantitative", "scale": {"zero": True, "domainMax": top, "nice": False},
         "axis": {"title": None, "tickCount": 3, "format": ",~r"}}
    layers = [
        {"data": {"values": values}, "mark": {"type": "bar", "color": charts.ACCENT, "width": {"band": 0.6}},
         "encoding": {"x": x, "y": y}},
        {"data": {"values": values}, "mark": {"type": "text", "baseline": "top", "dy": 3, "fontSize": 10, "color": "white",
                                               "fontWeight": "bold"},
         "encoding": {"x": x, "y": y, "text": {"field": "value", "type": "quantitative", "format": fmt}}},
        {"data": {"values": [{"target": float(kpi.target)}]},
         "mark": {"type": "rule", "color": charts.TARGET_COLOUR, "strokeDash": [5, 3], "strokeWidth": 1.5},
         "encoding": {"y": {"field": "target", "type": "quantitative", "axis": {"title": None},
                            "scale": {"zero": True, "domainMax": top, "nice": False}}}},
    ]
    return charts._spec("", lang, layer=layers, width=200, height=80)


def _goal(line: GoalLine, brief: Brief, lang: str) -> str:
    goal, kpi = line.goal, line.kpi
    target = goal_words.target_text(kpi.target, kpi.direction, kpi.unit, lang)
    trend = goal_words.series_text(kpi.values, kpi.unit, lang)
    latest_text = (f"{goal_words.value_text(line.latest[1], kpi.unit, lang)} ({line.latest[0]}/{goal.year})"
                   if line.latest else t("goals.no_value", lang))
    if line.evaluation is not None:
        symbol = goal_words.COLOUR_SYMBOLS[line.evaluation.colour]
        verdict = f"{symbol} {goal_words.evaluation_sentence(line.evaluation, kpi.unit, lang, brief.rule)}"
    else:
        verdict = t("goals.no_value", lang)
    rows = [(t("brief.goal_kpi", lang), kpi.name), (t("brief.goal_latest", lang), latest_text),
            (t("brief.goal_trend", lang), trend), (t("word.target", lang), target)]
    who = " · ".join(filter(None, [goal.priority, goal.toimiala, goal.responsible]))
    words = [f"<h3>{_e(goal.title)}</h3>"]
    if who:
        words.append(f'<p class="note">{_e(who)}</p>')
    words.append("<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows) + "</dl>")
    words.append(f'<p class="verdict">{_e(t("brief.goal_evaluation", lang, sentence=verdict))}</p>')
    chart = ""
    if any(v is not None for v in kpi.values):
        alt = t("brief.goal_alt", lang, kpi=kpi.name, year=goal.year, values=trend, target=target)
        chart = f'<div class="chart">{_svg(_quarter_chart(line, lang), alt)}' \
                f'<p class="note">{_e(t("brief.goal_chart_note", lang, target=target))}</p></div>'
    return f'<section class="goal"><div class="pair"><div class="words">{"".join(words)}</div>{chart}</div></section>'


def _goals(brief: Brief, lang: str) -> list[str]:
    out = [f"<h2>{_e(t('brief.goals_heading', lang, year=brief.goal_year))}</h2>"]
    if brief.example:
        out.append(f'<p class="label">{_e(t("goals.sample_label", lang))}</p>')
    if not brief.goals:
        return out + [f"<p>{_e(t('brief.no_goals', lang, county=brief.county, year=brief.goal_year))}</p>"]
    if not brief.whole_county:
        out.append(f"<p>{_e(t('brief.goals_county_wide', lang))}</p>")
    out.append(f"<p>{_e(t('brief.goals_intro', lang, green=fmt_pct(brief.rule.green * 100, 0, lang), yellow=fmt_pct(brief.rule.yellow * 100, 0, lang)))}</p>")
    out += [_goal(line, brief, lang) for line in brief.goals]
    return out


def _other(brief: Brief, lang: str) -> list[str]:
    out = [f"<h2>{_e(t('brief.other_heading', lang))}</h2>"]
    if brief.other:
        out.append(_table(_header(brief, lang), _headline_rows(brief.other, lang), (1, 2, 3)))
    items = []
    for table in brief.review.rai_tables:
        if not table.half_years:
            continue
        newest = table.half_years[0].label
        judged = table.rows[~table.rows["status"].isin([NO_TARGET, NO_DATA])]
        if judged.empty:
            continue
        met = int((judged["status"] == MET).sum())
        missed = []
        for row in judged[judged["status"] != MET].to_dict("records"):
            indicator = brief.catalogue.get(row["indicator_id"])
            missed.append(t("brief.rai_missed_item", lang, name=indicator.name(lang),
                            value=rai_value(row[newest], indicator, lang),
                            target=rai_target(row["target"], indicator, lang)))
        text = t("brief.rai_line", lang, setting=label("setting", table.setting, lang), half=newest, met=met,
                 total=len(judged))
        if missed:
            text += " " + t("brief.rai_missed", lang, items="; ".join(missed))
        items.append(f"<li>{_e(single_spaced(text))}</li>")
    if items:
        out += [f"<h3>{_e(t('overview.rai', lang))}</h3>", f"<ul>{''.join(items)}</ul>"]
    return out


def brief_html(brief: Brief, lang: str) -> str:
    """The brief as one self-contained HTML document in ``lang`` (A4 print styles; nothing fetched from
    anywhere)."""
    period = brief.tertial.label
    title = t("brief.title", lang, county=brief.county, period=period)
    scope = " · ".join(filter(None, [brief.county, ", ".join(brief.scope.toimialat),
                                     ", ".join(brief.scope.palvelualueet)]))
    out = [f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(title)}</title><style>{STYLE}</style></head><body>",
           f"<header><h1>{_e(t('brief.heading', lang, period=period))}</h1>",
           f'<p class="meta">{_e(scope)} · {_e(t("brief.period", lang, period=period))} · '
           f'{_e(t("brief.made", lang, date=fmt_date(brief.made, lang)))}</p>',
           f'<p class="meta">{_e(t("brief.scope_county" if brief.whole_county else "brief.scope_sub", lang))}</p>']
    if brief.synthetic:
        out.append(f'<p class="meta">{_e(t("app.synthetic", lang))}</p>')
    out.append("</header>")
    out.append(f'<section class="summary" aria-labelledby="summary"><h2 id="summary">{_e(t("brief.summary_heading", lang))}</h2>')
    out += _summary(brief, lang)
    out.append("</section>")
    out += _access(brief, lang)
    out += _experience(brief, lang)
    out += _goals(brief, lang)
    out += _other(brief, lang)
    out.append(f'<footer class="note"><p>{_e(t("brief.method", lang, green=fmt_pct(brief.rule.green * 100, 0, lang), yellow=fmt_pct(brief.rule.yellow * 100, 0, lang)))}</p></footer>')
    out.append("</body></html>")
    return "".join(out)


# --- PDF ------------------------------------------------------------------------------------------------------

def find_chromium() -> str | None:
    """A Chromium executable: ``OMAVALVONTA_CHROMIUM``, else Debian's ``chromium`` (or Chrome) on the PATH, else
    Playwright's downloaded Chromium; None when there is none."""
    given = os.environ.get(CHROMIUM_ENV)
    if given:
        return given if Path(given).is_file() else shutil.which(given)
    for name in CHROMIUM_NAMES:
        if found := shutil.which(name):
            return found
    root = Path(os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or Path.home() / ".cache" / "ms-playwright")
    for candidate in sorted(root.glob("chromium-*/chrome-linux*/chrome"), reverse=True):
        if candidate.is_file():
            return str(candidate)
    return None


def brief_pdf(html: str, timeout: float = PDF_TIMEOUT_SECONDS) -> bytes:
    """``html`` printed to PDF by headless Chromium (A4 from the page's ``@page``; no header or footer; tagged,
    with a document outline from the headings). Raises DataError when Chromium is missing or fails."""
    chromium = find_chromium()
    if chromium is None:
        raise DataError(f"The PDF needs Chromium, and none was found: install Debian's chromium package "
                        f"(apt-get install chromium) or set {CHROMIUM_ENV} to a Chromium executable.")
    with tempfile.TemporaryDirectory(prefix="omavalvonta-brief-") as folder:
        source, target = Path(folder) / "brief.html", Path(folder) / "brief.pdf"
        source.write_text(html, encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions",
                   "--no-first-run", "--disable-dev-shm-usage", f"--user-data-dir={Path(folder) / 'profile'}",
                   "--no-pdf-header-footer", "--generate-pdf-document-outline", f"--print-to-pdf={target}",
                   source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                                  env={**os.environ, "HOME": folder})
        except subprocess.TimeoutExpired:
            raise DataError(f"Chromium did not print the PDF within {timeout:.0f} s.") from None
        except OSError as exc:
            raise DataError(f"Chromium ({chromium}) could not be started: {exc.strerror or exc}.") from None
        if not target.is_file() or target.stat().st_size == 0:
            last = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise DataError(f"Chromium ({chromium}) made no PDF (exit status {done.returncode}): {last[0][:200]}")
        return target.read_bytes()

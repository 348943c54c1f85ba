"""The interim review as one self-contained HTML file: figures, charts (inline SVG), findings and
method notes, in Finnish, English or Swedish. It opens offline: no scripts, no fonts, no images or
styles from anywhere else. Every text that comes from the data is HTML-escaped.

    html = review_to_html(build_review(bundle, tertial, scope), bundle.catalogue, "fi")
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import datetime

import pandas as pd

from analytics.data.catalogue import Catalogue
from analytics.observations import Observation, report_items
from analytics.render import charts
from analytics.render.exports import chart_svg
from analytics.text import experience as words
from analytics.text import overview as ov
from analytics.text.i18n import fmt_eur_millions, fmt_int, fmt_number, fmt_pct, fmt_signed, label, t, t_count
from analytics.text.statistics import change_interval_sentence
from analytics.text.status import STATUS_SYMBOLS
from analytics.views.review import TOP_EVENT_TYPES, InterimReview

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color: #1e1e1e;
       max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.9rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; border-bottom: 2px solid #1f5aa6; }
.meta { color: #555; font-size: .9rem; } .finding { background: #eaf1fb; border-left: 4px solid #1f5aa6;
       padding: .8rem 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: .8rem; }
.card { border: 1px solid #ddd; border-radius: .4rem; padding: .7rem .9rem; }
.card .value { font-size: 1.7rem; font-weight: 600; } .card .label { font-size: .9rem; color: #333; }
.status-met { color: #1b6e2a; } .status-near { color: #8a5a00; } .status-not_met { color: #a11d1d; }
.note { color: #555; font-size: .85rem; } svg { max-width: 100%; height: auto; }
.observations li { margin-bottom: .6rem; } .observations .action { color: #1f5aa6; }
@media print { .card { break-inside: avoid; } h2 { break-after: avoid; } }
"""


def _e(text: object) -> str:
    return html.escape("" if text is None else str(text))


def _table(frame: pd.DataFrame, numeric: tuple[str, ...] = ()) -> str:
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{_e(c)}</th>' for c in frame.columns)
    body = "".join("<tr>" + "".join(f'<td class="{"num" if c in numeric else ""}">{_e(v)}</td>'
                                    for c, v in zip(frame.columns, row)) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg(chart, alt: str) -> str:
    """A chart as inline SVG with a text alternative (role img + aria-label)."""
    svg = chart_svg(chart).replace("<svg", '<svg aria-hidden="true"', 1)
    return f'<figure role="img" aria-label="{_e(alt)}">{svg}</figure>'


def _card(h, review: InterimReview, lang: str, with_chart: bool) -> str:
    name = ov.headline_label(h, lang)
    before = review.tertial.year_before().label
    status = f'{STATUS_SYMBOLS[h.status]} {t("status." + h.status, lang)}'
    parts = [f'<div class="card"><div class="label">{_e(name)}</div>',
             f'<div class="value">{_e(ov.format_value(h.value, h.unit, lang))}</div>',
             f'<div>{_e(t("word.change", lang))}: {_e(ov.format_change(h, lang))} ({_e(before)}: '
             f'{_e(ov.format_value(h.previous, h.unit, lang))})</div>',
             f'<div>{_e(t("word.target", lang))}: {_e(ov.format_target(h, lang))} · '
             f'<strong class="status-{_e(h.status)}">{_e(status)}</strong></div>']
    if h.comparison is not None:
        parts.append(f'<div class="note">{_e(change_interval_sentence(h.comparison, lang))}</div>')
    if with_chart and len(h.trend):
        first, last = h.trend["month"].min(), h.trend["month"].max()
        title = t("overview.trend_title", lang, first=f"{first.month}/{first.year}", last=f"{last.month}/{last.year}")
        parts.append(_svg(charts.sparkline(h.trend, h.unit, title, lang, h.target), f"{name}: {title}"))
    parts.append("</div>")
    return "".join(parts)


def _experience(review: InterimReview, lang: str) -> list[str]:
    """The customer-experience section (DOMAIN §6): sentences and the published tables."""
    part, tertial = review.experience, review.tertial
    out = [f"<h2>{_e(t('domain.experience', lang))}</h2>"]
    if part is None or not part.has_any:
        return out + [f"<p>{_e(t('experience.county_only' if part is None else 'experience.none', lang))}</p>"]
    if (feedback := part.feedback) is not None:
        out += [f"<h3>{_e(t('experience.feedback_heading', lang))}</h3>",
                f"<p>{_e(words.feedback_sentence(feedback, tertial, lang))}</p>"]
        table = words.type_table(feedback, tertial, lang)
        out.append(_table(table, tuple(table.columns[1:])))
        sentences = [words.themes_sentence(feedback, "thanks", lang), words.themes_sentence(feedback, "proposal", lang),
                     words.requests_sentence(feedback, lang)]
        out.append("<ul>" + "".join(f"<li>{_e(s)}</li>" for s in sentences if s) + "</ul>")
    out.append(f"<p>{_e(t('headline.client_reports', lang))}: {_e(fmt_int(review.client_reports[0], lang))} "
               f"({_e(tertial.year_before().label)}: {_e(fmt_int(review.client_reports[1], lang))})</p>")
    for key, ombudsman in part.ombudsmen.items():
        table = words.topic_table(ombudsman, tertial, lang)
        out += [f"<h3>{_e(label('ombudsman', key, lang))}</h3>",
                f"<p>{_e(words.ombudsman_sentence(ombudsman, tertial, lang))}</p>", _table(table, tuple(table.columns[1:]))]
    if (success := part.success) is not None:
        table = words.success_table(success, tertial, lang)
        out += [f"<h3>{_e(t('experience.success_heading', lang))}</h3>",
                f"<p>{_e(words.success_sentence(success, tertial, lang))}</p>", _table(table, tuple(table.columns[1:]))]
    return out


def review_to_html(review: InterimReview, catalogue: Catalogue, lang: str = "fi", charts_included: bool = True,
                   generated: datetime | None = None, synthetic: bool = False,
                   notes: Sequence[Observation] = ()) -> str:
    """The interim review of ``review`` as a complete HTML document in ``lang``, ending with the period's
    observations and development actions (``notes``; their texts escaped)."""
    tertial, before = review.tertial.label, review.tertial.year_before().label
    scope = " · ".join(filter(None, [review.scope.county, ", ".join(review.scope.toimialat),
                                     ", ".join(review.scope.palvelualueet)]))
    when = (generated or datetime.now()).strftime("%-d.%-m.%Y %H:%M")
    out = [f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>{_e(t('overview.title', lang, period=tertial))}</title><style>{STYLE}</style></head><body>",
           f"<header><h1>{_e(t('overview.title', lang, period=tertial))}</h1>",
           f'<p class="meta">{_e(scope or t("filter.all", lang))} · {_e(tertial)} · '
           f'{_e(t("report.generated", lang, when=when))}</p>']
    if synthetic:
        out.append(f'<p class="meta">{_e(t("app.synthetic", lang))}</p>')
    out.append(f'</header><p class="finding">{_e(ov.finding(review, lang))}</p>')

    # incidents
    out.append(f"<h2>{_e(t('overview.incidents', lang))}</h2>")
    if review.has_incidents:
        rows = []
        for r in review.incident_categories.itertuples(index=False):
            rows.append({t("incidents.category", lang): label("category", r.category, lang), tertial: fmt_int(r.current, lang),
                         before: fmt_int(r.previous, lang),
                         t("word.change", lang): fmt_signed(r.change, 0, lang) + (
                             f" ({fmt_signed(r.change_pct, 1, lang, '%')})" if r.change_pct == r.change_pct else "")})
        out.append(_table(pd.DataFrame(rows), (tertial, before, t("word.change", lang))))
        headlines = [h for h in review.headlines if h.domain == "incidents"]
        if not review.has_patient_safety:
            headlines = [h for h in headlines if h.id == "all_reports"]
        out.append('<div class="cards">' + "".join(_card(h, review, lang, charts_included) for h in headlines)
                   + "</div>")
        if review.has_patient_safety:
            kind = label("category", "patient_safety", lang)
            kinds = pd.DataFrame({kind: [label("kind_event", k, lang) for k in review.incident_kinds["event_kind"]],
                                  tertial: [fmt_int(v, lang) for v in review.incident_kinds["current"]],
                                  before: [fmt_int(v, lang) for v in review.incident_kinds["previous"]]})
            out.append(_table(kinds, (tertial, before)))
            types = review.event_types.head(TOP_EVENT_TYPES)
            listed = ", ".join(f"{label('event_type', r.event_type, lang)} {fmt_pct(r.share_pct, 1, lang)}"
                               for r in types.itertuples(index=False))
            out.append(f"<p>{_e(t('report.top_types', lang, types=listed))}</p>")
    else:
        out.append(f"<p>{_e(t('overview.no_incidents', lang, period=tertial))}</p>")

    # rescue
    out.append(f"<h2>{_e(t('overview.rescue', lang))}</h2>")
    if review.has_rescue:
        rows = []
        for r in review.rescue_compliance.itertuples(index=False):
            timed = r.target_minutes is not None and r.target_minutes == r.target_minutes
            rows.append({
                t("rescue.risk_class", lang): label("risk_class", r.risk_class, lang),
                t("rescue.tasks", lang): fmt_int(r.tasks, lang),
                t("rescue.share_in_time", lang): fmt_pct(r.share_pct, 1, lang) if timed else "–",
                t("rescue.interval", lang): (f"{fmt_number(r.lower_pct, 1, lang)}–{fmt_pct(r.upper_pct, 1, lang)}"
                                             if timed else "–"),
                before: fmt_pct(r.previous_share_pct, 1, lang) if timed else "–",
                t("word.target", lang): fmt_pct(r.target_share_pct, 0, lang) if r.target_share_pct is not None
                and r.target_share_pct == r.target_share_pct else t("word.no_target", lang),
            })
        numeric = (t("rescue.tasks", lang), t("rescue.share_in_time", lang), before)
        out.append(_table(pd.DataFrame(rows), numeric))
        effect = review.rescue_effect
        out.append(f"<p>{_e(t_count('report.rescue_effect', effect['persons_rescued'], lang, saved=fmt_eur_millions(effect['property_saved_eur'], lang), threatened=fmt_eur_millions(effect['property_threatened_eur'], lang), share=fmt_pct(effect['saved_pct'], 0, lang)))}</p>")
        if charts_included:
            frame = review.rescue_compliance[review.rescue_compliance["share_pct"].notna()]
            dots = pd.DataFrame({"name": [label("risk_class", c, lang) for c in frame["risk_class"]],
                                 "value": frame["share_pct"], "lower": frame["lower_pct"], "upper": frame["upper_pct"],
                                 "target": frame["target_share_pct"].astype(float), "n": frame["tasks"]})
            title = t("rescue.compliance_chart_title", lang, period=tertial)
            out.append(_svg(charts.interval_dots(dots, title, lang, t("rescue.share_in_time", lang) + " (%)"), title))
    else:
        out.append(f"<p>{_e(t('overview.no_rescue', lang))}</p>")

    # RAI
    out.append(f"<h2>{_e(t('overview.rai', lang))}</h2>")
    if review.rai_tables:
        out.append(f"<p>{_e(ov.rai_caption(review, lang))}</p>")
        for table in review.rai_tables:
            out.append(f"<h3>{_e(label('setting', table.setting, lang))}</h3>")
            shown = ov.rai_display_table(review, catalogue, table.setting, lang)
            out.append(_table(shown, tuple(c for c in shown.columns if "n =" in c or c == t("word.target", lang))))
    else:
        out.append(f"<p>{_e(t('overview.no_rai', lang))}</p>")

    if review.own or review.experience is None:
        out.append(f"<h2>{_e(t('domain.own', lang))}</h2>")
        if review.experience is None:
            out.append(f"<p>{_e(t('own.county_only', lang))}</p>")
        else:
            table = ov.own_table(review, lang)
            out.append(_table(table, tuple(table.columns[1:4])))
    out += _experience(review, lang)

    out.append(f"<h2>{_e(t('report.observations', lang))}</h2>")
    items = report_items(notes, lang)
    if items:
        out.append('<ul class="observations">')
        for item in items:
            closed = f" ({_e(t('obs.closed', lang))})" if item.closed else ""
            action = f'<br><span class="action">{_e(item.action)}</span>' if item.action else ""
            out.append(f"<li><strong>{_e(item.where)}</strong>{closed}: {_e(item.text)} "
                       f'<span class="meta">— {_e(item.byline)}</span>{action}</li>')
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(t('report.no_observations', lang))}</p>")

    out.append(f"<h2>{_e(t('word.method', lang))}</h2><p>{_e(ov.method(catalogue, lang))}</p>")
    out.append(f'<footer class="note">{_e(t("report.footer", lang))}</footer></body></html>')
    return "".join(out)


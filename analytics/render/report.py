"""The interim review as data (JSON) and as text (Markdown): what ``python -m analytics report`` prints."""
from __future__ import annotations

import math
from collections.abc import Sequence

from analytics.core.numbers import json_number
from analytics.data.catalogue import Catalogue
from analytics.domain.rai import display_decimals
from analytics.observations import Observation, report_items
from analytics.text import experience as words
from analytics.text import overview as ov
from analytics.text.catalogue import format_target, format_value
from analytics.text.i18n import (
    fmt_eur_millions,
    fmt_int,
    fmt_number,
    fmt_pct,
    fmt_signed,
    label,
    md_text,
    t,
)
from analytics.text.statistics import change_sentence
from analytics.views.review import TOP_EVENT_TYPES, InterimReview


def _count(value) -> int | None:
    """A count for JSON: None where the small-number rule hides it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return int(value)


def _rounded(value, decimals: int) -> float | None:
    """A figure at the precision the pages show it (None where hidden or undefined)."""
    number = json_number(value)
    return None if number is None else round(float(number), decimals)


def review_to_dict(review: InterimReview, catalogue: Catalogue, notes: Sequence[Observation] = ()) -> dict:
    """The review's figures as plain data. Percents are 0–100; every indicator carries ``name_fi``.
    ``notes``: the period's observations and actions (``observations``)."""
    tertial = review.tertial
    categories = [
        {"category": r.category, "name_fi": label("category", r.category), "current": _count(r.current),
         "previous": _count(r.previous), "change": _count(r.change), "change_pct": _rounded(r.change_pct, 1),
         "comparison": {"rate_ratio": json_number(r.ratio), "lower": json_number(r.lower), "upper": json_number(r.upper),
                        "p_value": json_number(r.p_value), "significant": bool(r.significant), "method": r.method}}
        for r in review.incident_categories.itertuples(index=False)
    ]
    kinds = [
        {"event_kind": r.event_kind, "name_fi": label("kind_event", r.event_kind), "current": _count(r.current),
         "previous": _count(r.previous), "change": _count(r.change)}
        for r in review.incident_kinds.itertuples(index=False)
    ]
    types = [
        {"event_type": r.event_type, "name_fi": label("event_type", r.event_type), "count": _count(r.count),
         "share_pct": _rounded(r.share_pct, 1), "previous_share_pct": _rounded(r.previous_share_pct, 1)}
        for r in review.event_types.head(TOP_EVENT_TYPES).itertuples(index=False)
    ]
    compliance = []
    for r in review.rescue_compliance.itertuples(index=False):
        ind = catalogue.rescue_class(r.risk_class)
        compliance.append({
            "risk_class": r.risk_class, "name_fi": ind.name_fi if ind else label("risk_class", r.risk_class),
            "target_minutes": json_number(r.target_minutes), "target_share_pct": json_number(r.target_share_pct),
            "tasks": _count(r.tasks), "met": _count(r.met),
            "share_pct": json_number(r.share_pct), "previous_share_pct": json_number(r.previous_share_pct),
            "interval_95_pct": [json_number(r.lower_pct), json_number(r.upper_pct)], "interval_method": "wilson",
            "median_minutes": json_number(r.median_minutes), "p90_minutes": json_number(r.p90_minutes),
        })
    rai = []
    for table in review.rai_tables:
        labels = [h.label for h in table.half_years]
        indicators = []
        for row in table.rows.to_dict("records"):
            ind = catalogue.get(row["indicator_id"])
            decimals = display_decimals(ind)  # published at the precision the pages show, not to 10 decimals
            indicators.append({
                "id": ind.id, "name_fi": ind.name_fi, "name_en": ind.name_en, "kind": ind.kind, "better": ind.better,
                "unit": ind.unit, "national": _rounded(row["national"], decimals), "target": json_number(row["target"]),
                "values": {h: _rounded(row[h], decimals) for h in labels}, "status": row["status"],
                "gap_to_target": _rounded(row["gap"], decimals),
            })
        rai.append({
            "setting": table.setting, "name_fi": label("setting", table.setting), "half_years": labels,
            "n": table.n, "national_n": table.national_n, "indicators": indicators,
        })
    reaction = review.reaction
    return {
        "period": tertial.label,
        "previous_period": tertial.year_before().label,
        "scope": {"county": review.scope.county, "toimiala": list(review.scope.toimialat),
                  "palvelualue": list(review.scope.palvelualueet)},
        "incidents": {
            "by_category": categories,
            "by_event_kind": kinds,
            "top_event_types": types,
            "client_reports": {"name_fi": t("headline.client_reports"), "current": _count(review.client_reports[0]),
                               "previous": _count(review.client_reports[1])},
            "development_actions": {
                "name_fi": t("headline.development_actions"), "current": _count(review.development_actions[0]),
                "previous": _count(review.development_actions[1]),
                "by_theme": {r.theme: int(r.count) for r in review.development_themes.itertuples(index=False)},
            },
            "reaction_time": {"name_fi": t("headline.reaction_median"), "median_days": json_number(reaction["median_days"]),
                              "previous_median_days": json_number(reaction["previous_median_days"]),
                              "within_14_days_pct": _rounded(reaction["within_target_pct"], 1),
                              "unhandled": _count(reaction["unhandled"])},
        },
        "changes": [
            {"id": h.id, "name_fi": t(h.label_key, **h.label_params), **h.comparison.to_dict(),
             "sentence_fi": change_sentence(h.comparison, "fi")}
            for h in review.headlines if h.comparison is not None
        ],
        "rescue": {
            "compliance": compliance,
            "persons_rescued": _count(review.rescue_effect["persons_rescued"]),
            "property_threatened_eur": review.rescue_effect["property_threatened_eur"],
            "property_saved_eur": review.rescue_effect["property_saved_eur"],
            "property_saved_pct": json_number(review.rescue_effect["saved_pct"]),
        },
        "rai": rai,
        "own_indicators": own_to_list(review),
        "experience": experience_to_dict(review, catalogue),
        "observations": [_observation_dict(o) for o in notes],
    }


def _counted(counted, name_fi: str) -> dict:
    return {"name_fi": name_fi, "current": counted.current, "previous": counted.previous, "change": counted.change,
            "change_pct": _rounded(counted.change_pct, 1),
            "comparison": counted.comparison.to_dict() if counted.comparison is not None else None}


def _interval(interval, decimals: int, scale: float = 1.0) -> dict | None:
    if interval is None:
        return None
    return {"estimate": _rounded(interval.estimate * scale, decimals),
            "interval_95": [_rounded(interval.lower * scale, decimals), _rounded(interval.upper * scale, decimals)],
            "method": interval.method}


def own_to_list(review: InterimReview) -> list[dict]:
    """A county's own indicators: the period the review shows, its value, a year before, target and status."""
    headlines = {h.indicator.id: h for h in review.headlines if h.indicator is not None}
    out = []
    for figure in review.own:
        ind, h = figure.indicator, headlines.get(figure.indicator.id)
        decimals = 1 if ind.kind in ("share", "mean", "value") else 0
        out.append({"id": ind.id, "name_fi": ind.name_fi, "name_en": ind.name_en, "kind": ind.kind, "unit": ind.unit,
                    "grain": ind.grain, "synthetic": ind.synthetic, "period": figure.period,
                    "value": _rounded(figure.value, decimals), "previous_period": figure.previous_period,
                    "previous": _rounded(figure.previous, decimals),
                    "target": json_number(h.target) if h is not None else None,
                    "target_kind": h.target_kind if h is not None else None,
                    "status": h.status if h is not None else "no_data", "better": ind.better})
    return out


def _name(catalogue: Catalogue, indicator_id: str) -> str:
    """An indicator's Finnish name, or its id where the county's catalogue does not have it."""
    found = catalogue.find(indicator_id)
    return found.name_fi if found is not None else indicator_id


def experience_to_dict(review: InterimReview, catalogue: Catalogue) -> dict | None:
    """The customer-experience section (DOMAIN §6) as plain data; None below the county or without its tables.
    Counts are whole; percents 0–100 at one decimal, as the pages show them."""
    part = review.experience
    if part is None or not part.has_any:
        return None
    out: dict = {"name_fi": t("domain.experience"),
                 "client_reports": {"name_fi": t("headline.client_reports"), "current": _count(review.client_reports[0]),
                                    "previous": _count(review.client_reports[1])}}
    if (feedback := part.feedback) is not None:
        by_type = feedback.types.set_index("feedback_type")
        out["feedback"] = {
            **_counted(feedback.count, _name(catalogue, "experience_feedback")),
            "by_type": [{"feedback_type": k, "name_fi": label("feedback_type", k), "current": int(r.current),
                         "previous": int(r.previous)} for k, r in by_type.iterrows()],
            "score": {"name_fi": _name(catalogue, "feedback_score"), "scale": [1, 5],
                      "n": int(feedback.scores["current"].sum()), "mean": _interval(feedback.score, 2),
                      "previous_n": int(feedback.scores["previous"].sum()),
                      "previous_mean": _interval(feedback.previous_score, 2),
                      "distribution": {str(int(r.score)): int(r.current) for r in feedback.scores.itertuples()}},
            "themes": {kind: [{"theme": r.theme, "name_fi": label("feedback_theme", r.theme), "current": int(r.current),
                               "previous": int(r.previous), "share_pct": _rounded(r.share_pct, 1)}
                              for r in feedback.themes[feedback.themes["feedback_type"] == kind].itertuples()]
                       for kind in by_type.index},
            "contact_requests": {
                "name_fi": _name(catalogue, "feedback_answered_in_time"), "requests": feedback.requests,
                "promised_days": feedback.answer_days,
                "answered_in_time_pct": _interval(feedback.answered_in_time, 1, 100.0),
                "answered_late": feedback.answered_late, "unanswered": feedback.unanswered},
        }
    if part.ombudsmen:
        out["ombudsmen"] = []
        for key, o in part.ombudsmen.items():
            by, share = o.most_often_by()
            out["ombudsmen"].append({
                "ombudsman": key, "name_fi": label("ombudsman", key),
                "contacts": _counted(o.contacts, _name(catalogue, f"ombudsman_{key}_contacts")),
                "topic_mentions": {"current": o.mentions[0], "previous": o.mentions[1]},
                "topics": [{"topic": r.topic, "name_fi": label("topic", r.topic), "current": int(r.current),
                            "previous": _count(r.previous), "share_of_contacts_pct": _rounded(r.share_pct, 1),
                            "previous_share_of_contacts_pct": _rounded(r.previous_share_pct, 1),
                            "recorded_separately_before": not (r.previous != r.previous),
                            "counted_before_in": r.merged_before or None}
                           for r in o.topics.itertuples(index=False)],
                "new_contacts": {"current": o.new, "pct": _rounded(o.new_pct, 1), "previous": o.new_previous,
                                 "previous_pct": _rounded(o.new_previous_pct, 1)},
                "contact_by": [{"contact_by": r.contact_by, "name_fi": label("contact_by", r.contact_by),
                                "current": int(r.current), "share_pct": _rounded(r.share_pct, 1)}
                               for r in o.by.itertuples(index=False)],
                "most_often_by": {"contact_by": by, "name_fi": label("contact_by", by), "share_pct": _rounded(share, 1)},
            })
    if (success := part.success) is not None:
        out["success_reports"] = {
            **_counted(success.count, _name(catalogue, "success_reports")),
            "themes": [{"theme": r.theme, "name_fi": label("success_theme", r.theme), "current": int(r.current),
                        "previous": int(r.previous), "share_pct": _rounded(r.share_pct, 1)}
                       for r in success.themes.itertuples(index=False)],
            "proposed_for_other_units": success.proposed,
        }
    return out


def _observation_dict(o: Observation) -> dict:
    action = None
    if o.action is not None:
        action = {"what": o.action.what, "responsible": o.action.responsible,
                  "due": o.action.due.isoformat() if o.action.due else None, "status": o.action.status}
    return {"id": o.id, "page": o.place.page, "chart": o.place.chart, "chart_title": o.chart_title,
            "palvelualueet": list(o.place.palvelualueet), "text": o.text, "author": o.author,
            "created_at": o.created_at.isoformat(), "status": o.status, "action": action}


def observations_markdown(notes: Sequence[Observation], lang: str, heading: bool = True) -> list[str]:
    """The review's section of observations and development actions, as Markdown lines (their texts escaped)."""
    lines = [f"## {t('report.observations', lang)}", ""] if heading else []
    items = report_items(notes, lang)
    if not items:
        return lines + [t("report.no_observations", lang)]
    for item in items:
        closed = f" ({t('obs.closed', lang)})" if item.closed else ""
        lines.append(f"- **{md_text(item.where)}**{closed}: {md_text(item.text)} — {md_text(item.byline)}")
        if item.action:
            lines.append(f"  - {md_text(item.action)}")
    return lines


def review_to_markdown(review: InterimReview, catalogue: Catalogue, lang: str = "fi",
                       notes: Sequence[Observation] = ()) -> str:
    """The review as a Markdown document in ``lang`` with Finnish (or English) number formats, ending with the
    period's observations and development actions (``notes``)."""
    tertial, before = review.tertial.label, review.tertial.year_before().label
    lines = [f"# {t('overview.title', lang, period=tertial)}", ""]
    lines += [f"## {t('overview.incidents', lang)}", "", f"| | {tertial} | {before} | {t('word.change', lang)} |", "|---|---:|---:|---:|"]
    for r in review.incident_categories.itertuples(index=False):
        name = label("category", r.category, lang)
        name = f"**{name}**" if r.category == "total" else name
        lines.append(f"| {name} | {fmt_int(r.current, lang)} | {fmt_int(r.previous, lang)} | {fmt_signed(r.change, 0, lang)} |")
    for h in review.headlines:
        if h.id in ("patient_safety_reports", "all_reports") and h.comparison is not None:
            lines += ["", f"{t(h.label_key, lang)}: {change_sentence(h.comparison, lang)}"]
    lines += ["", f"| {label('category', 'patient_safety', lang)} | {tertial} | {before} |", "|---|---:|---:|"]
    for r in review.incident_kinds.itertuples(index=False):
        lines.append(f"| {label('kind_event', r.event_kind, lang)} | {fmt_int(r.current, lang)} | {fmt_int(r.previous, lang)} |")
    lines.append("")
    for r in review.event_types.head(TOP_EVENT_TYPES).itertuples(index=False):
        lines.append(f"- {label('event_type', r.event_type, lang)}: {fmt_pct(r.share_pct, 1, lang)} ({fmt_int(r.count, lang)})")
    lines += [
        f"- {t('headline.client_reports', lang)}: {fmt_int(review.client_reports[0], lang)} ({before}: {fmt_int(review.client_reports[1], lang)})",
        f"- {t('headline.development_actions', lang)}: {fmt_int(review.development_actions[0], lang)} ({before}: {fmt_int(review.development_actions[1], lang)})",
        f"- {t('headline.reaction_median', lang)}: {fmt_number(review.reaction['median_days'], 0, lang)} {t('unit.days', lang)}",
        "", f"## {t('overview.rescue', lang)}", "",
        f"| | {t('word.value', lang)} | {t('word.target', lang)} | n |", "|---|---:|---:|---:|",
    ]
    for r in review.rescue_compliance.itertuples(index=False):
        target = fmt_pct(r.target_share_pct, 0, lang) if r.target_share_pct is not None else t("word.no_target", lang)
        lines.append(f"| {label('risk_class', r.risk_class, lang)} | {fmt_pct(r.share_pct, 0, lang)} | {target} | {fmt_int(r.tasks, lang)} |")
    effect = review.rescue_effect
    lines += [
        "",
        f"- {t('headline.persons_rescued', lang)}: {fmt_int(effect['persons_rescued'], lang)}",
        f"- {t('headline.property_saved', lang)}: {fmt_pct(effect['saved_pct'], 0, lang)} "
        f"({fmt_eur_millions(effect['property_saved_eur'], lang)} / {fmt_eur_millions(effect['property_threatened_eur'], lang)})",
        "", f"## {t('overview.rai', lang)}",
    ]
    for table in review.rai_tables:
        labels = [h.label for h in table.half_years]
        header = " | ".join(f"{h} (n = {fmt_int(table.n[h], lang)})" for h in labels)
        lines += ["", f"### {label('setting', table.setting, lang)}", "",
                  f"| {t('word.indicator', lang)} | {t('word.national', lang)} (n = {fmt_int(table.national_n, lang)}) | {t('word.target', lang)} | {header} |",
                  "|---|---:|---:|" + "---:|" * len(labels)]
        for row in table.rows.to_dict("records"):
            ind = catalogue.get(row["indicator_id"])
            values = " | ".join(format_value(row[h], ind, lang) for h in labels)
            lines.append(f"| {ind.name(lang)} | {format_value(row['national'], ind, lang)} | "
                         f"{format_target(row['target'], ind, lang)} | {values} |")
    lines += ["", *own_markdown(review, lang), *experience_markdown(review, lang), *observations_markdown(notes, lang)]
    return "\n".join(lines) + "\n"


def _markdown_table(frame, numeric: int = 1) -> list[str]:
    """A display table of the app's own words and figures as Markdown: the first ``numeric`` columns left, the
    rest right-aligned."""
    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" if i < numeric else "---:" for i in range(len(frame.columns))) + "|"
    return [head, rule, *("| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False))]


def own_markdown(review: InterimReview, lang: str) -> list[str]:
    """The county's own indicators as a Markdown table (nothing when the catalogue has none)."""
    if not review.own and review.experience is not None:
        return []
    lines = [f"## {t('domain.own', lang)}", ""]
    if review.experience is None:  # below the county
        return lines + [t("own.county_only", lang), ""]
    return lines + [*_markdown_table(ov.own_table(review, lang)), ""]


def experience_markdown(review: InterimReview, lang: str) -> list[str]:
    """The customer-experience section (DOMAIN §6) as Markdown lines, ending with an empty line."""
    part, tertial = review.experience, review.tertial
    lines = [f"## {t('domain.experience', lang)}", ""]
    if part is None:
        return lines + [t("experience.county_only", lang), ""]
    if not part.has_any:
        return lines + [t("experience.none", lang), ""]
    if (feedback := part.feedback) is not None:
        lines += [f"### {t('experience.feedback_heading', lang)}", "", words.feedback_sentence(feedback, tertial, lang),
                  "", *_markdown_table(words.type_table(feedback, tertial, lang)), ""]
        lines += [f"- {s}" for s in (words.themes_sentence(feedback, "thanks", lang),
                                     words.themes_sentence(feedback, "proposal", lang),
                                     words.requests_sentence(feedback, lang)) if s]
        lines.append("")
    lines += [f"- {t('headline.client_reports', lang)}: {fmt_int(review.client_reports[0], lang)} "
              f"({tertial.year_before().label}: {fmt_int(review.client_reports[1], lang)})", ""]
    for key, ombudsman in part.ombudsmen.items():
        lines += [f"### {label('ombudsman', key, lang)}", "", words.ombudsman_sentence(ombudsman, tertial, lang), "",
                  *_markdown_table(words.topic_table(ombudsman, tertial, lang)), ""]
    if (success := part.success) is not None:
        lines += [f"### {t('experience.success_heading', lang)}", "", words.success_sentence(success, tertial, lang),
                  "", *_markdown_table(words.success_table(success, tertial, lang)), ""]
    return lines

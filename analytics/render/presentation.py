"""The interim review as slides for a workshop: one finding per screen, with its figures, a chart and
the sentence that says what it means. No Streamlit here; app_pages/present.py shows them.

    for slide in slides(build_review(bundle, tertial), bundle.catalogue, "fi"):
        slide.title, slide.finding, slide.metrics, slide.chart
    slides(review, catalogue, "fi", goals=GoalBook().of_county(county, 2024))   # and the binding goals' slides
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from analytics.data.catalogue import Catalogue
from analytics.domain import incidents as inc
from analytics.domain.goals import DEFAULT_RULE, Rule
from analytics.render import charts
from analytics.text import experience as experience_words
from analytics.text import goals as goal_words
from analytics.text import overview as ov
from analytics.text.catalogue import target_number, target_percent
from analytics.text.i18n import fmt_eur_millions, fmt_int, fmt_pct, join_and, label, md_text, t, t_count
from analytics.text.statistics import change_sentence
from analytics.text.status import status_text
from analytics.views.goals import build_goals_view
from analytics.views.review import Headline, InterimReview


@dataclass(frozen=True)
class Metric:
    """A big number on a slide: its label, value, the change on a year before and a note (target, status)."""

    label: str
    value: str
    change: str = ""
    note: str = ""


@dataclass(frozen=True)
class Slide:
    """One screen: a question as title, the finding, up to four big numbers, a chart (with its text
    alternative) and/or a table."""

    key: str
    title: str
    finding: str
    metrics: tuple[Metric, ...] = ()
    chart: charts.Spec | None = None
    alt: str = ""
    table: pd.DataFrame | None = field(default=None)
    wrap: bool = False
    """The table's cells are long texts (plain text, not Markdown): shown whole, wrapped, rather than cut."""


def _metric(h: Headline, review: InterimReview, lang: str) -> Metric:
    before = ov.before_label(h, review)
    note = f"{t('word.target', lang)}: {ov.format_target(h, lang)} · {status_text(h.status, lang)}"
    name = ov.headline_label(h, lang)
    return Metric(md_text(name) if h.indicator is not None else name, ov.format_value(h.value, h.unit, lang),
                  f"{ov.format_change(h, lang)} ({before}: {ov.format_value(h.previous, h.unit, lang)})", note)


def _headline(review: InterimReview, key: str) -> Headline | None:
    return next((h for h in review.headlines if h.id == key), None)


def _trend_chart(h: Headline, title: str, lang: str) -> charts.Spec:
    fmt = charts.UNIT_FORMATS.get(h.unit, ",.1f")
    chart = charts.lines(h.trend, "month", "value", None, title, lang, ov.headline_label(h, lang), fmt=fmt,
                         target=h.target)
    return charts.projector(chart)


def _experience_slides(review: InterimReview, lang: str) -> list[Slide]:
    """Customer experience: feedback, each ombudsman's topics (now and a year before), success reports."""
    part = review.experience
    if part is None or not part.has_any:
        return []
    tertial, before = review.tertial.label, review.tertial.year_before().label
    out = []
    metrics = lambda *keys: tuple(_metric(h, review, lang) for k in keys if (h := _headline(review, k)) is not None)
    if (feedback := part.feedback) is not None:
        themes = [experience_words.themes_sentence(feedback, kind, lang) for kind in ("thanks", "proposal")]
        scores = experience_words.score_frame(feedback, review.tertial, lang)
        title = t("experience.score_title", lang, period=tertial)
        out.append(Slide("experience_feedback", t("experience.q_what_said", lang),
                         " ".join([experience_words.feedback_sentence(feedback, review.tertial, lang), *themes]),
                         metrics("feedback", "feedback_score", "answered_in_time"),
                         charts.projector(charts.paired_bars(scores, "score", "period", "count", title, lang,
                                                             t("experience.score_axis", lang), [tertial, before])),
                         title))
    for key, ombudsman in part.ombudsmen.items():
        topics = experience_words.topic_frame(ombudsman, lang).fillna({"previous": 0})
        title = t("experience.topics_title", lang, name=label("ombudsman", key, lang), period=tertial)
        out.append(Slide(f"experience_{key}", label("ombudsman", key, lang),
                         experience_words.ombudsman_sentence(ombudsman, review.tertial, lang),
                         metrics(f"{key}_contacts"),
                         charts.projector(charts.paired_bars(experience_words.paired(topics, "name", review.tertial),
                                                             "name", "period", "count", title, lang,
                                                             t("experience.mentions", lang), [tertial, before])),
                         title))
    if (success := part.success) is not None:
        h = _headline(review, "success_reports")
        first, last = h.trend["month"].min(), h.trend["month"].max()
        title = (t("experience.success_heading", lang) + " · "
                 + t("overview.trend_title", lang, first=f"{first.month}/{first.year}", last=f"{last.month}/{last.year}"))
        out.append(Slide("experience_success", t("experience.q_success", lang),
                         experience_words.success_sentence(success, review.tertial, lang), metrics("success_reports"),
                         _trend_chart(h, title, lang), title))
    return out


def _goal_slides(goals: Sequence, year: int, rule: Rule, lang: str) -> list[Slide]:
    """A council seminar's binding goals: one slide of every goal (value, trend, target and the evaluation in words)
    and one per goal (its KPI's chart with the target, the latest evaluation in words)."""
    years = sorted({g.year for g in goals})
    if not years:
        return []
    year = year if year in years else years[-1]
    view = build_goals_view(goals, year, rule)
    table = goal_words.overview_table(view, lang)
    table = table[[t(f"goals.col.{c}", lang) for c in ("goal", "latest", "change", "quarters", "target", "evaluation",
                                                        "state")]]
    out = [Slide("goals", t("goals.slide_title", lang, year=year), goal_words.finding(view, lang), table=table,
                 wrap=True)]
    for goal in view.goals:
        detail = view.detail(goal.id)
        rows = view.overview[view.overview["goal_id"] == goal.id].to_dict("records")
        metrics, sentences, chart, title = [], [], None, ""
        for row, kpi in zip(rows, goal.kpis):
            evaluation = goal_words.goal_evaluation(row)
            latest = (f"{goal_words.value_text(row['latest_value'], kpi.unit, lang)} ({row['latest_quarter']})"
                      if evaluation is not None else t("goals.no_value", lang))
            metrics.append(Metric(md_text(kpi.name), latest,
                                  goal_words.change_text(row["change_from_previous"], kpi.unit, lang),
                                  f"{t('word.target', lang)}: {goal_words.target_text(kpi.target, kpi.direction, kpi.unit, lang)}"))
            sentences.append(goal_words.evaluation_sentence(evaluation, kpi.unit, lang, rule))
            if chart is None:
                frame = goal_words.chart_frame(detail.kpi_quarters(kpi.name), lang, rule)
                if frame["value"].notna().any():
                    title = t("goals.chart_title", lang, kpi=kpi.name)
                    value_title = t("word.value", lang) + (f" ({kpi.unit})" if kpi.unit else "")
                    chart = charts.projector(charts.goal_chart(frame, title, lang, value_title, kpi.target,
                                                               goal_words.chart_format([*kpi.values, kpi.target])))
        out.append(Slide(f"goal_{goal.id}", md_text(goal.title), md_text(" · ".join(sentences)) or
                         t("goals.no_value", lang), tuple(metrics[:4]), chart, title))
    return out


def slides(review: InterimReview, catalogue: Catalogue, lang: str = "fi", goals: Sequence | None = None,
           goal_rule: Rule = DEFAULT_RULE) -> list[Slide]:
    """The review's slides for the chosen filters; a domain without data has no slides. ``goals`` (the county's
    binding goals, ``analytics.goals.Goal``; the review does not carry them) add an overview slide and one slide per
    goal of the review's year (or of the latest year they have) at the end, judged by ``goal_rule``."""
    tertial, before = review.tertial.label, review.tertial.year_before().label
    met, with_target = review.targets_met()
    out = [Slide("summary", t("present.summary_title", lang, period=tertial), ov.finding(review, lang),
                 tuple(m for m in (
                     _metric(_headline(review, "patient_safety_reports"), review, lang) if review.has_patient_safety else None,
                     _metric(_headline(review, "all_reports"), review, lang) if review.has_incidents else None,
                     Metric(t("present.targets_met", lang), f"{met} / {with_target}"),
                 ) if m is not None))]

    if review.has_incidents:
        categories = review.incident_categories[review.incident_categories["category"] != "total"]
        frame = pd.concat([
            pd.DataFrame({"name": [label("category", c, lang) for c in categories["category"]], "period": tertial,
                          "count": categories["current"]}),
            pd.DataFrame({"name": [label("category", c, lang) for c in categories["category"]], "period": before,
                          "count": categories["previous"]}),
        ], ignore_index=True)
        title = t("present.categories_chart", lang, period=tertial, before=before)
        headline = _headline(review, "patient_safety_reports" if review.has_patient_safety else "all_reports")
        verdict = change_sentence(headline.comparison, lang) if headline.comparison is not None else ""
        out.append(Slide("categories", t("incidents.q_how_many", lang),
                         " ".join([verdict, t("present.culture", lang)]).strip(),
                         (_metric(headline, review, lang), _metric(_headline(review, "all_reports"), review, lang)),
                         charts.projector(charts.paired_bars(frame, "name", "period", "count", title, lang,
                                                             t("incidents.reports", lang), [tertial, before])), title))
    if review.has_patient_safety:
        ratio, share = _headline(review, "near_miss_ratio"), _headline(review, "observation_share")
        title = t("present.ratio_chart", lang)
        out.append(Slide("kinds", t("incidents.q_kinds", lang),
                         t("present.kinds_finding", lang, ratio=ov.format_value(ratio.value, "ratio", lang),
                           previous=ov.format_value(ratio.previous, "ratio", lang),
                           share=ov.format_value(share.value, "pct", lang),
                           target=target_percent(catalogue.target_value(inc.OBSERVATION_SHARE), lang)),
                         (_metric(ratio, review, lang), _metric(share, review, lang)),
                         _trend_chart(ratio, title, lang), title))
        types = review.event_types.head(8).assign(name=lambda f: [label("event_type", c, lang) for c in f["event_type"]])
        top = join_and([f"{md_text(n)} {fmt_pct(s, 1, lang)}"
                        for n, s in zip(types["name"].head(3), types["share_pct"].head(3))], lang)
        title = t("incidents.types_title", lang, period=tertial)
        out.append(Slide("types", t("incidents.q_types", lang), t("present.types_finding", lang, types=top), (),
                         charts.projector(charts.bars(types, "name", "share_pct", title, lang,
                                                      t("incidents.share", lang) + " (%)")), title))
        reaction = _headline(review, "reaction_median")
        days = target_number(catalogue.target_value(inc.REACTION_TIME), lang)
        title = t("present.reaction_chart", lang, days=days)
        out.append(Slide("reaction", t("incidents.q_reaction", lang),
                         t("present.reaction_finding", lang, median=ov.format_value(reaction.value, "days", lang),
                           status=status_text(reaction.status, lang),
                           within=fmt_pct(review.reaction["within_target_pct"], 1, lang),
                           unhandled=fmt_int(review.reaction["unhandled"], lang), days=days),
                         (_metric(reaction, review, lang),), _trend_chart(reaction, title, lang), title))
        clients, actions = _headline(review, "client_reports"), _headline(review, "development_actions")
        themes = review.development_themes
        top_theme = md_text(label("theme", themes["theme"].iloc[0], lang)) if len(themes) else "–"
        title = t("present.clients_chart", lang)
        out.append(Slide("reporters", t("incidents.q_reporters", lang),
                         t_count("present.reporters_finding", clients.value, lang,
                                 actions=t_count("present.actions_finding", actions.value, lang, theme=top_theme)),
                         (_metric(clients, review, lang), _metric(actions, review, lang)),
                         _trend_chart(clients, title, lang), title))
    if review.has_rescue:
        compliance = review.rescue_compliance[review.rescue_compliance["share_pct"].notna()]
        dots = pd.DataFrame({"name": [label("risk_class", c, lang) for c in compliance["risk_class"]],
                             "value": compliance["share_pct"], "lower": compliance["lower_pct"],
                             "upper": compliance["upper_pct"], "target": compliance["target_share_pct"].astype(float),
                             "n": compliance["tasks"]})
        title = t("rescue.compliance_chart_title", lang, period=tertial)
        metrics = tuple(_metric(h, review, lang) for h in review.headlines if h.id.startswith("compliance_"))
        out.append(Slide("rescue", t("rescue.q_compliance", lang),
                         t("present.rescue_finding", lang, classes=join_and(
                             [f"{c} {fmt_pct(s, 0, lang)}" for c, s in zip(compliance["risk_class"], compliance["share_pct"])],
                             lang)), metrics[:4],
                         charts.projector(charts.interval_dots(dots, title, lang, t("rescue.share_in_time", lang) + " (%)")),
                         title))
        effect = review.rescue_effect
        out.append(Slide("rescue_effect", t("rescue.q_effect", lang),
                         t_count("report.rescue_effect", effect["persons_rescued"], lang,
                                 saved=fmt_eur_millions(effect["property_saved_eur"], lang),
                                 threatened=fmt_eur_millions(effect["property_threatened_eur"], lang),
                                 share=fmt_pct(effect["saved_pct"], 0, lang)),
                         (_metric(_headline(review, "persons_rescued"), review, lang),
                          _metric(_headline(review, "property_saved"), review, lang))))
    own = [h for h in review.headlines if h.indicator is not None]
    if own:
        first = own[0]
        title = ov.headline_label(first, lang)
        out.append(Slide("own", t("domain.own", lang), t("present.own_finding", lang),
                         tuple(_metric(h, review, lang) for h in own[:4]),
                         _trend_chart(first, title, lang) if len(first.trend) else None, title,
                         table=ov.own_table(review, lang)))
    out += _experience_slides(review, lang)
    for table in review.rai_tables:
        rows = table.rows
        judged = rows[~rows["status"].isin(["no_target", "no_data"])]
        setting = label("setting", table.setting, lang)
        out.append(Slide(f"rai_{table.setting}", t("present.rai_title", lang, setting=setting),
                         t("present.rai_finding", lang, setting=setting, half=table.half_years[0].label,
                           met=int((judged["status"] == "met").sum()), total=len(judged)),
                         table=ov.rai_display_table(review, catalogue, table.setting, lang)))
    out += _goal_slides(goals or (), review.tertial.year, goal_rule, lang)
    return out

"""Customer experience and participation (DOMAIN §6) in words and display tables, in Finnish, English or Swedish:
the sentences and tables the review (Markdown, HTML) and the pages share. The figures are computed in
analytics.domain.experience; this module only says them.

    from analytics.text import experience as words
    words.feedback_sentence(part.feedback, tertial, "fi")
    words.topic_table(part.ombudsmen["social"], tertial, "fi")    # the published table, row by row
"""
from __future__ import annotations

import pandas as pd

from analytics.core.periods import Tertial
from analytics.domain.experience import FeedbackPart, OmbudsmanPart, SuccessPart
from analytics.text.i18n import DEFAULT_LANGUAGE, fmt_int, fmt_number, fmt_pct, fmt_signed, join_and, label, t, t_count

TOP_THEMES = 3
"""How many themes a sentence names (the review names the three most frequent)."""


def _change(current: int, previous: int, lang: str) -> str:
    """``+50, +58,1 %`` (the percent left out where there was nothing before)."""
    if not previous:
        return fmt_signed(current - previous, 0, lang)
    return f"{fmt_signed(current - previous, 0, lang)}, {fmt_signed((current - previous) / previous * 100, 1, lang, '%')}"


def _mean(interval, lang: str) -> str:
    return fmt_number(interval.estimate, 1, lang) if interval is not None else "–"


def feedback_sentence(part: FeedbackPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> str:
    """How much feedback, its mean score with the interval, thanks and proposals, against a year before."""
    types = part.types.set_index("feedback_type")["current"]
    text = t_count("experience.feedback_sentence", part.count.current, lang, period=tertial.label,
                   previous=fmt_int(part.count.previous, lang), change=_change(part.count.current, part.count.previous,
                                                                              lang),
                   thanks=fmt_int(types["thanks"], lang), proposals=fmt_int(types["proposal"], lang))
    if part.score is not None:
        text += " " + t("experience.score_sentence", lang, mean=_mean(part.score, lang),
                        lower=fmt_number(part.score.lower, 2, lang), upper=fmt_number(part.score.upper, 2, lang),
                        n=fmt_int(part.scores["current"].sum(), lang), previous=_mean(part.previous_score, lang))
    return text


def themes_sentence(part: FeedbackPart, feedback_type: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The most frequent themes of one type of feedback, with their counts."""
    rows = part.themes[(part.themes["feedback_type"] == feedback_type) & (part.themes["current"] > 0)].head(TOP_THEMES)
    if rows.empty:
        return ""
    named = [f"{label('feedback_theme', r.theme, lang).lower()} ({fmt_int(r.current, lang)})"
             for r in rows.itertuples(index=False)]
    return t(f"experience.themes_{feedback_type}", lang, themes=join_and(named, lang))


def requests_sentence(part: FeedbackPart, lang: str = DEFAULT_LANGUAGE) -> str:
    """Requests to be contacted and how many were answered within the promised time."""
    if part.requests == 0:
        return t("experience.no_requests", lang)
    if part.answered_in_time is None:
        return t_count("experience.requests_no_promise", part.requests, lang)
    share = part.answered_in_time
    return t_count("experience.requests_sentence", part.requests, lang, days=fmt_int(part.answer_days, lang),
                   share=fmt_pct(share.estimate * 100, 0, lang), lower=fmt_number(share.lower * 100, 0, lang),
                   upper=fmt_pct(share.upper * 100, 0, lang), late=fmt_int(part.answered_late, lang),
                   unanswered=fmt_int(part.unanswered, lang))


def type_table(part: FeedbackPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """Feedback by type, this tertial and a year before, with the total: display strings."""
    before = tertial.year_before().label
    rows = [{t("experience.feedback_type", lang): label("feedback_type", r.feedback_type, lang),
             tertial.label: fmt_int(r.current, lang), before: fmt_int(r.previous, lang)}
            for r in part.types.itertuples(index=False)]
    rows.append({t("experience.feedback_type", lang): t("category.total", lang),
                 tertial.label: fmt_int(part.count.current, lang), before: fmt_int(part.count.previous, lang)})
    return pd.DataFrame(rows)


def ombudsman_sentence(part: OmbudsmanPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> str:
    """Contacts against a year before, that topics add up to more than contacts, new contacts and who contacted."""
    by, share = part.most_often_by()
    return t_count(f"experience.{part.ombudsman}_sentence", part.contacts.current, lang, period=tertial.label,
                   previous=fmt_int(part.contacts.previous, lang),
                   change=_change(part.contacts.current, part.contacts.previous, lang),
                   mentions=fmt_int(part.mentions[0], lang), new=fmt_pct(part.new_pct, 0, lang),
                   by=label("contact_by", by, lang).lower(), by_share=fmt_pct(share, 0, lang))


def _previous_cell(row, lang: str) -> str:
    if row.previous == row.previous:
        return fmt_int(row.previous, lang)
    if row.merged_before:
        return t("experience.counted_in", lang, topic=label("topic", row.merged_before, lang))
    return t("experience.not_recorded", lang)


def topic_table(part: OmbudsmanPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The published table: topic mentions this tertial and a year before, the share of contacts, and the sum
    of the mentions (more than the contacts) as its last row. Display strings."""
    before = tertial.year_before().label
    share = t("experience.share_of_contacts", lang)
    rows = [{t("experience.topic", lang): label("topic", r.topic, lang), tertial.label: fmt_int(r.current, lang),
             share: fmt_pct(r.share_pct, 0, lang), before: _previous_cell(r, lang)}
            for r in part.topics.itertuples(index=False)]
    rows.append({t("experience.topic", lang): t("experience.mentions_total", lang),
                 tertial.label: fmt_int(part.mentions[0], lang), share: "",
                 before: fmt_int(part.mentions[1], lang)})
    rows.append({t("experience.topic", lang): t("experience.contacts_total", lang),
                 tertial.label: fmt_int(part.contacts.current, lang), share: fmt_pct(100, 0, lang),
                 before: fmt_int(part.contacts.previous, lang)})
    return pd.DataFrame(rows)


def success_sentence(part: SuccessPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> str:
    """Success reports against a year before, their most frequent themes and the practices proposed for others."""
    themes = [label("success_theme", r.theme, lang).lower()
              for r in part.themes.itertuples(index=False) if r.current > 0 and r.theme != "other"][:4]
    text = t_count("experience.success_sentence", part.count.current, lang, period=tertial.label,
                   previous=fmt_int(part.count.previous, lang),
                   change=fmt_signed(part.count.change, 0, lang))
    if themes:
        text += " " + t("experience.success_themes", lang, themes=join_and(themes, lang))
    return text + " " + t_count("experience.success_proposed", part.proposed, lang)


def success_table(part: SuccessPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    before = tertial.year_before().label
    return pd.DataFrame([{t("experience.theme", lang): label("success_theme", r.theme, lang),
                          tertial.label: fmt_int(r.current, lang), before: fmt_int(r.previous, lang)}
                         for r in part.themes.itertuples(index=False)])


def finding(part, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's opening finding: each part's count against a year before, in one sentence each."""
    sentences = []
    if part.feedback is not None:
        sentences.append(t("experience.finding_feedback", lang, count=fmt_int(part.feedback.count.current, lang),
                           change=_change(part.feedback.count.current, part.feedback.count.previous, lang),
                           mean=_mean(part.feedback.score, lang)))
    if part.ombudsmen:
        now = sum(o.contacts.current for o in part.ombudsmen.values())
        before = sum(o.contacts.previous for o in part.ombudsmen.values())
        sentences.append(t("experience.finding_ombudsmen", lang, count=fmt_int(now, lang),
                           change=_change(now, before, lang)))
    if part.success is not None:
        sentences.append(t("experience.finding_success", lang, count=fmt_int(part.success.count.current, lang),
                           change=fmt_signed(part.success.count.change, 0, lang)))
    return t("experience.finding", lang, period=tertial.label) + " " + " ".join(sentences)


def score_frame(part: FeedbackPart, tertial: Tertial, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The score distribution now and a year before, for a paired bar chart: score, period, count, share_pct."""
    rows = []
    for period, column in ((tertial.label, "current"), (tertial.year_before().label, "previous")):
        total = part.scores[column].sum()
        for r in part.scores.itertuples(index=False):
            count = getattr(r, column)
            rows.append({"score": str(int(r.score)), "period": period, "count": int(count),
                         "share_pct": count / total * 100 if total else float("nan")})
    return pd.DataFrame(rows)


def theme_frame(part: FeedbackPart, feedback_type: str, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """One type's themes, most mentioned first: theme (code), name, current, previous, share_pct."""
    rows = part.themes[part.themes["feedback_type"] == feedback_type]
    return rows.assign(name=[label("feedback_theme", c, lang) for c in rows["theme"]])[
        ["theme", "name", "current", "previous", "share_pct"]].reset_index(drop=True)


def paired(frame: pd.DataFrame, name: str, tertial: Tertial) -> pd.DataFrame:
    """A table with current and previous counts as rows of (name, period, count) for paired bars."""
    now = frame[[name, "current"]].rename(columns={"current": "count"}).assign(period=tertial.label)
    before = frame[[name, "previous"]].rename(columns={"previous": "count"}).assign(period=tertial.year_before().label)
    return pd.concat([now, before], ignore_index=True)[[name, "period", "count"]]


def topic_frame(part: OmbudsmanPart, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The topics with their names, for charts and downloads: topic, name, current, previous, share_pct."""
    return part.topics.assign(name=[label("topic", c, lang) for c in part.topics["topic"]])[
        ["topic", "name", "current", "previous", "share_pct", "previous_share_pct", "merged_before"]]


def method(lang: str = DEFAULT_LANGUAGE) -> str:
    return t("experience.method", lang)


def where_display(where: pd.DataFrame, lang: str = DEFAULT_LANGUAGE):
    """The 'where' table (views.experience.where_table) for the screen (a Styler of sortable numbers) and its
    download, both with the small-number rule: a count of 1–4 is "< 5" (on screen the stand-in ``SUPPRESSED``,
    sorting between 0 and 5), a figure hidden with one is empty, and so is a mean from fewer than 5 scores."""
    from analytics.domain.privacy import SUPPRESSED_TEXT
    from analytics.text.tables import SUPPRESSED, localised
    names = {"feedback": t("experience.feedback_count", lang), "thanks": label("feedback_type", "thanks", lang),
             "proposal": label("feedback_type", "proposal", lang), "success": t("experience.success_heading", lang)}
    score = t("experience.mean_score", lang)
    shown, data = [], []
    for row in where.to_dict("records"):
        unit = row["unit"] if row["level"] == "unit" else t("incidents.all_units", lang)
        screen = {t("filter.palvelualue", lang): row["palvelualue"], t("incidents.unit", lang): unit}
        download = {"palvelualue": row["palvelualue"], "unit": row["unit"] if row["level"] == "unit" else "",
                    "level": row["level"]}
        for column, name in names.items():
            value = row[column]
            small = bool(row[f"small_{column}"])
            screen[name] = SUPPRESSED if small else value
            download[column] = SUPPRESSED_TEXT if small else (None if value != value else int(value))
            if column == "feedback":
                screen[score] = row["score"]
                download["mean_score"] = None if row["score"] != row["score"] else round(float(row["score"]), 1)
        shown.append(screen)
        data.append(download)
    columns = [t("filter.palvelualue", lang), t("incidents.unit", lang), names["feedback"], score,
               *(names[c] for c in ("thanks", "proposal", "success"))]
    frame = pd.DataFrame(shown, columns=columns)
    styled = localised(frame, lang, counts=[names[c] for c in names], numbers={score: 1})
    return styled, pd.DataFrame(data, columns=["palvelualue", "unit", "level", "feedback", "mean_score", "thanks",
                                               "proposal", "success"])

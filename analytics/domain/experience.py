"""Customer experience and participation (asiakaskokemus ja osallisuus): customer feedback, social and patient
ombudsman contacts, and success reports (PosiPro), as the interim review's section reports them (DOMAIN §6).

Every figure is SQL over the store: monthly counts for the trends and the comparisons with a year before, and
the tertial's tables. pandas only arranges the results. The tables are optional: a county without one of them
gets ``None`` for that part.

    part = experience_review(bundle, tertial, scope)
    part.feedback.count, part.feedback.score.estimate, part.feedback.themes       # feedback
    part.ombudsmen["social"].contacts, part.ombudsmen["social"].topics             # ombudsman contacts
    part.success.count, part.success.previous                                      # success reports

Ombudsman topics: one contact may concern several topics, so a topic table counts *mentions* and its sum is
more than the contacts. Shares are of contacts, as the review gives them. Where a topic was not recorded on its
own a year before (``NOT_SEPARATE``), its count then is unknown (NaN) rather than 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from scipy import stats

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import DataBundle
from analytics.data.contracts import (
    CONTACT_BY,
    FEEDBACK_THEMES,
    FEEDBACK_TYPES,
    OMBUDSMEN,
    SEPARATOR,
    SUCCESS_THEMES,
)
from analytics.data.store import Scoped
from analytics.stats.compare import RateComparison, compare_monthly
from analytics.stats.intervals import Interval, wilson

ANSWERED_IN_TIME = "feedback_answered_in_time"
"""The catalogue's indicator of requests to be contacted answered within the promised time (``within_days``)."""
SCORES = (1, 2, 3, 4, 5)
SOCIAL_TOPICS = ("service_arrangement", "other", "decisions", "data_protection", "treatment", "consultation",
                 "information_need", "self_determination", "client_fees", "waiting", "contracts", "damages")
PATIENT_TOPICS = ("care_delivery", "access_to_care", "data_protection", "patient_injury", "other", "treatment",
                  "patient_fees", "self_determination", "freedom_of_choice", "consultation", "damages",
                  "medication_injury")
TOPICS = {"social": SOCIAL_TOPICS, "patient": PATIENT_TOPICS}
"""Each ombudsman's topics in the order of the published review's table."""
NOT_SEPARATE = {("social", "contracts"): (pd.Timestamp(2024, 1, 1), "decisions"),
                ("social", "damages"): (pd.Timestamp(2024, 1, 1), None)}
"""(ombudsman, topic) → (the day from which it is recorded on its own, the topic it was counted in before, or
None where it was not recorded at all). The social ombudsmen's classification of 2024 (DOMAIN §6): before it,
contracts were counted with decisions and damages were not recorded separately."""


@dataclass(frozen=True)
class Counted:
    """A count in a tertial and the same tertial a year before, with the comparison of their monthly rates."""

    current: int
    previous: int
    comparison: RateComparison | None

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def change_pct(self) -> float:
        return self.change / self.previous * 100 if self.previous else math.nan


@dataclass(frozen=True)
class FeedbackPart:
    """Customer feedback of a tertial.

    ``types``: feedback_type, current, previous. ``scores``: score (1–5), current, previous (feedback with a
    score). ``score`` and ``previous_score``: the mean score with its t interval (None without scores).
    ``themes``: feedback_type, theme, current, previous, share_pct (of that type's feedback now), most
    mentioned first within each type. ``requests``: the requests to be contacted made in the tertial and
    how many were answered within ``answer_days`` (``answered_in_time``, with a Wilson interval), later or not
    at all; ``answer_days`` is None when the catalogue gives no promised time.
    """

    count: Counted
    types: pd.DataFrame
    scores: pd.DataFrame
    score: Interval | None
    previous_score: Interval | None
    themes: pd.DataFrame
    requests: int
    answered_in_time: Interval | None
    answered_late: int
    unanswered: int
    answer_days: float | None
    monthly: pd.DataFrame
    """month, feedback, thanks, proposals, mean_score: the trends."""


@dataclass(frozen=True)
class OmbudsmanPart:
    """One ombudsman's contacts in a tertial.

    ``topics``: topic, current, previous (NaN where not recorded on its own then), share_pct (of contacts now),
    previous_share_pct, merged_before (the topic it was counted in a year before, or "" ). ``mentions``: the
    topic rows' sums now and before. ``new``: contacts marked new, and its share of contacts. ``by``:
    contact_by, current, share_pct.
    """

    ombudsman: str
    contacts: Counted
    topics: pd.DataFrame
    mentions: tuple[int, int]
    new: int
    new_previous: int
    by: pd.DataFrame
    monthly: pd.DataFrame
    """month, contacts: the trend."""

    @property
    def new_pct(self) -> float:
        return self.new / self.contacts.current * 100 if self.contacts.current else math.nan

    @property
    def new_previous_pct(self) -> float:
        return self.new_previous / self.contacts.previous * 100 if self.contacts.previous else math.nan

    def most_often_by(self) -> tuple[str, float]:
        """Who contacted most often, and their share of the contacts (percent)."""
        top = self.by.sort_values(["current", "contact_by"], ascending=[False, True]).iloc[0]
        return str(top["contact_by"]), float(top["share_pct"])


@dataclass(frozen=True)
class SuccessPart:
    """Success reports of a tertial. ``themes``: theme, current, previous, share_pct (of reports now)."""

    count: Counted
    themes: pd.DataFrame
    proposed: int
    monthly: pd.DataFrame
    """month, reports: the trend."""


@dataclass(frozen=True)
class ExperienceReview:
    """The section's parts for one tertial and scope; a part is None when its table is not in the data."""

    tertial: Tertial
    feedback: FeedbackPart | None
    ombudsmen: dict[str, OmbudsmanPart]
    success: SuccessPart | None

    @property
    def has_any(self) -> bool:
        return self.feedback is not None or bool(self.ombudsmen) or self.success is not None


# --- the tables in a scope --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Feedback(Scoped):
    TABLE = "feedback"


@dataclass(frozen=True)
class Success(Scoped):
    TABLE = "success_reports"


@dataclass(frozen=True)
class Contacts(Scoped):
    """Ombudsman contacts are recorded per toimiala (where known), not per unit: a scope of toimialat keeps
    theirs; a scope of palvelualueet cannot be told apart (``of`` returns None)."""

    TABLE = "ombudsman_contacts"

    @classmethod
    def of(cls, bundle: DataBundle, scope: Scope) -> Contacts | None:
        if scope.palvelualueet:
            return None
        if scope.toimialat:
            return cls(bundle.store, "toimiala IN (SELECT unnest(?::VARCHAR[]))", (list(scope.toimialat),))
        return cls(bundle.store, "TRUE", ())


def _during(column: str, period: Tertial) -> str:
    """SQL: ``column`` falls in ``period`` (its dates as literals: a FILTER in a SELECT list comes before the
    scope's WHERE, so its bounds cannot be parameters after the scope's)."""
    return (f"({column} >= TIMESTAMP '{period.start:%Y-%m-%d}' AND {column} < TIMESTAMP '{period.end:%Y-%m-%d}')")


def _months(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(start, end - pd.DateOffset(days=1), freq="MS")


def _monthly(table: Scoped, date: str, start: pd.Timestamp, end: pd.Timestamp, select: str = "",
             where: str = "TRUE") -> pd.DataFrame:
    """Rows per month in [start, end) (``n``) and ``select``'s columns, every month present."""
    frame = table.query(f"date_trunc('month', {date}) AS month, count(*) AS n{', ' + select if select else ''}",
                        f"{date} >= ? AND {date} < ? AND ({where})", (start, end), "GROUP BY ALL ORDER BY month")
    frame["month"] = pd.to_datetime(frame["month"])
    frame = frame.set_index("month").reindex(_months(start, end)).rename_axis("month").reset_index()
    frame["n"] = frame["n"].fillna(0).astype(int)
    return frame


def _counted(monthly: pd.DataFrame, tertial: Tertial, column: str = "n") -> Counted:
    def run(period: Tertial) -> pd.Series:
        rows = monthly[(monthly["month"] >= period.start) & (monthly["month"] < period.end)]
        return pd.Series(rows[column].to_numpy(dtype=float), index=pd.PeriodIndex(rows["month"], freq="M"))

    now, before = run(tertial), run(tertial.year_before())
    comparison = compare_monthly(now, before) if len(now) and len(before) == len(now) else None
    return Counted(int(now.sum()), int(before.sum()), comparison)


def _codes(table: Scoped, date: str, column: str, periods: dict[str, Tertial], by: str = "") -> pd.DataFrame:
    """Mentions of each code of a several-codes ``column`` per period (columns named by ``periods``' keys)."""
    cases = ", ".join(f"count(*) FILTER (WHERE {_during(date, period)}) AS {name}" for name, period in periods.items())
    group = f"{by}, " if by else ""
    first, last = min(p.start for p in periods.values()), max(p.end for p in periods.values())
    sql = (f"SELECT {group}code, {cases} FROM (SELECT {group}{date}, unnest(string_split({column}, '{SEPARATOR}')) "
           f"AS code FROM {table.TABLE} WHERE {table.clause} AND {column} IS NOT NULL AND {date} >= ? AND "
           f"{date} < ?) GROUP BY ALL")
    frame = table.store.query(sql, [*table.params, first, last])
    for name in periods:
        frame[name] = frame[name].astype(int)
    return frame


def _mean_interval(counts: pd.Series, level: float = 0.95) -> Interval | None:
    """The mean score of a distribution (score → count) with its t interval."""
    n = int(counts.sum())
    if n == 0:
        return None
    values = counts.index.to_numpy(dtype=float)
    weights = counts.to_numpy(dtype=float)
    mean = float((values * weights).sum() / n)
    if n < 2:
        return Interval(mean, math.nan, math.nan, level, "t")
    variance = float((weights * (values - mean) ** 2).sum() / (n - 1))
    half = stats.t.ppf(0.5 + level / 2, n - 1) * math.sqrt(variance / n)
    return Interval(mean, mean - half, mean + half, level, "t")


def _share(frame: pd.DataFrame, column: str, total: int) -> pd.Series:
    return frame[column] / total * 100 if total else pd.Series(math.nan, index=frame.index)


def feedback_part(bundle: DataBundle, tertial: Tertial, scope: Scope, trend_start: pd.Timestamp) -> FeedbackPart:
    table = Feedback.of(bundle, scope)
    before = tertial.year_before()
    monthly = _monthly(table, "received_date", trend_start, tertial.end,
                       "count(*) FILTER (WHERE feedback_type = 'thanks') AS thanks, "
                       "count(*) FILTER (WHERE feedback_type = 'proposal') AS proposals, avg(score) AS mean_score")
    for column in ("thanks", "proposals"):
        monthly[column] = monthly[column].fillna(0).astype(int)
    monthly = monthly.rename(columns={"n": "feedback"})

    now, then = _during("received_date", tertial), _during("received_date", before)
    types = table.query(f"feedback_type, count(*) FILTER (WHERE {now}) AS current, "
                        f"count(*) FILTER (WHERE {then}) AS previous", "TRUE", (), "GROUP BY ALL")
    types = types.set_index("feedback_type").reindex(list(FEEDBACK_TYPES)).fillna(0).astype(int)
    types = types.rename_axis("feedback_type").reset_index()
    scores = table.query(f"score, count(*) FILTER (WHERE {now}) AS current, count(*) FILTER (WHERE {then}) AS previous",
                         "score IS NOT NULL", (), "GROUP BY ALL")
    scores = scores.set_index("score").reindex(list(SCORES)).fillna(0).astype(int).rename_axis("score").reset_index()

    themes = _codes(table, "received_date", "themes", {"current": tertial, "previous": before}, by="feedback_type")
    themes = themes.rename(columns={"code": "theme"})
    per_type = types.set_index("feedback_type")["current"]
    themes["share_pct"] = [row.current / per_type[row.feedback_type] * 100 if per_type[row.feedback_type] else math.nan
                           for row in themes.itertuples(index=False)]
    order = {name: i for i, name in enumerate(FEEDBACK_THEMES)}
    themes = themes.assign(_type=themes["feedback_type"].map({n: i for i, n in enumerate(FEEDBACK_TYPES)}),
                           _theme=themes["theme"].map(order))
    themes = themes.sort_values(["_type", "current", "_theme"], ascending=[True, False, True])
    themes = themes.drop(columns=["_type", "_theme"]).reset_index(drop=True)

    target = _answer_days(bundle)
    requests = table.query(
        "count(*) AS requests, "
        + (f"count(*) FILTER (WHERE date_diff('day', received_date, answered_date) <= {float(target)!r}) AS in_time, "
           if target is not None else "0 AS in_time, ")
        + "count(*) FILTER (WHERE answered_date IS NULL) AS unanswered",
        f"contact_requested AND {now}")
    asked, in_time, unanswered = (int(requests.iat[0, i]) for i in range(3))
    answered_in_time = wilson(in_time, asked) if target is not None and asked else None
    late = asked - unanswered - in_time if target is not None else 0
    return FeedbackPart(
        _counted(monthly, tertial, "feedback"), types, scores,
        _mean_interval(scores.set_index("score")["current"]), _mean_interval(scores.set_index("score")["previous"]),
        themes, asked, answered_in_time, late, unanswered, target, monthly)


def _answer_days(bundle: DataBundle) -> float | None:
    """The promised answer time (days) from the catalogue, or None where it names none."""
    indicator = bundle.catalogue.find(ANSWERED_IN_TIME)
    days = indicator.within_days if indicator is not None else None
    return None if days is None else float(days)


def ombudsman_part(contacts: Contacts, ombudsman: str, tertial: Tertial, trend_start: pd.Timestamp) -> OmbudsmanPart:
    before = tertial.year_before()
    scoped = Contacts(contacts.store, f"{contacts.clause} AND ombudsman = ?", (*contacts.params, ombudsman))
    monthly = _monthly(scoped, "contact_date", trend_start, tertial.end).rename(columns={"n": "contacts"})
    counted = _counted(monthly, tertial, "contacts")

    topics = _codes(scoped, "contact_date", "topics", {"current": tertial, "previous": before})
    known = TOPICS[ombudsman]
    extra = sorted(set(topics["code"]) - set(known))
    topics = topics.set_index("code").reindex([*known, *extra]).fillna(0).astype(int)
    topics = topics.rename_axis("topic").reset_index()
    mentions = int(topics["current"].sum()), int(topics["previous"].sum())
    merged = []
    for i, topic in enumerate(topics["topic"]):
        since, into = NOT_SEPARATE.get((ombudsman, topic), (None, None))
        if since is not None and before.start < since:
            topics.loc[i, "previous"] = math.nan
        merged.append(into or "" if since is not None and before.start < since else "")
    topics["previous"] = topics["previous"].astype(float)
    topics["merged_before"] = merged
    topics["share_pct"] = _share(topics, "current", counted.current)
    topics["previous_share_pct"] = _share(topics, "previous", counted.previous)

    new = scoped.query(f"count(*) FILTER (WHERE {_during('contact_date', tertial)}) AS now, "
                       f"count(*) FILTER (WHERE {_during('contact_date', before)}) AS before", "contact_kind = 'new'")
    by = scoped.query("contact_by, count(*) AS current", _during("contact_date", tertial), (), "GROUP BY ALL")
    by = by.set_index("contact_by").reindex(list(CONTACT_BY)).fillna(0).astype(int).rename_axis("contact_by")
    by = by.reset_index()
    by["share_pct"] = _share(by, "current", counted.current)
    return OmbudsmanPart(ombudsman, counted, topics, mentions, int(new.iat[0, 0]), int(new.iat[0, 1]), by, monthly)


def success_part(bundle: DataBundle, tertial: Tertial, scope: Scope, trend_start: pd.Timestamp) -> SuccessPart:
    table = Success.of(bundle, scope)
    before = tertial.year_before()
    monthly = _monthly(table, "report_date", trend_start, tertial.end).rename(columns={"n": "reports"})
    counted = _counted(monthly, tertial, "reports")
    themes = _codes(table, "report_date", "themes", {"current": tertial, "previous": before})
    themes = themes.set_index("code").reindex(list(SUCCESS_THEMES)).fillna(0).astype(int)
    themes = themes.rename_axis("theme").reset_index()
    themes["share_pct"] = _share(themes, "current", counted.current)
    themes = themes.sort_values("current", ascending=False, kind="stable").reset_index(drop=True)
    proposed = table.query("count(*)", f"proposed_for_others AND {_during('report_date', tertial)}")
    return SuccessPart(counted, themes, int(proposed.iat[0, 0]), monthly)


def experience_review(bundle: DataBundle, tertial: Tertial, scope: Scope = Scope(),
                      trend_start: pd.Timestamp | None = None) -> ExperienceReview:
    """The customer-experience figures of ``tertial`` in ``scope``, with monthly trends from ``trend_start`` (two
    years before the tertial's end by default)."""
    start = trend_start if trend_start is not None else tertial.end - pd.DateOffset(months=24)
    store = bundle.store
    feedback = feedback_part(bundle, tertial, scope, start) if store.has("feedback") else None
    ombudsmen: dict[str, OmbudsmanPart] = {}
    contacts = Contacts.of(bundle, scope) if store.has("ombudsman_contacts") else None
    if contacts is not None:
        ombudsmen = {o: ombudsman_part(contacts, o, tertial, start) for o in OMBUDSMEN}
    success = success_part(bundle, tertial, scope, start) if store.has("success_reports") else None
    return ExperienceReview(tertial, feedback, ombudsmen, success)

"""Synthetic customer-experience tables for the county sample, 1/2021–12/2024: customer feedback,
social and patient ombudsman contacts, and success reports (PosiPro).

Reproduced exactly (DOMAIN §6, the 5-8/2024 interim review), counted by each row's date:

- feedback 5-8/2024: 1 215 pieces, 660 thanks, 492 proposals and 63 other; the mean of the given scores
  4,3 (4.30 to three decimals); the three most frequent themes among thanks (treatment, competence,
  service experience) and among proposals (treatment, information, e-services), in that order;
- ombudsman contacts 5-8/2024 and 5-8/2023: the contacts (social 136 / 86, patient 490 / 436) and every
  topic's mentions of the published tables (their sums 176 / 110 and 698 / 630: a contact lists 1–3
  topics); 5-8/2024's new contacts (90 social, 328 patient) and the most frequent contacting party
  (71 relatives to the social ombudsman, 353 patients to the patient ombudsman). Before 2024 the social
  ombudsman's "contracts" were recorded with "decisions" and "damages" not at all: no social contact
  before 2024 carries either;
- success reports: 153 more in 5-8/2024 than in 5-8/2023, three in 5-8/2024 proposed for other units too,
  the themes attitude, ways of working, cooperation and social skills most often, in that order.

Invented (not published; chosen plausible and named below): the 5-8/2023 feedback figures, the absolute
numbers of success reports (412 and 259), 5-8/2023's new contacts and contacting parties, every other month,
channels, units, the score distributions, the contact requests and answer times, the theme counts (their
weights keep the published order in every tertial), the few social "contracts" and "damages" of 2024 outside
5-8/2024, and the division of the ombudsmen's contacts by toimiala. Other months follow the same mixes with the seasonality of the incident
sample (``county.MONTH_SEASON``) and a gentle growth; success reports grow faster, as a new reporting tool
is taken into use.
"""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analytics.core.periods import Tertial
from analytics.data.contracts import CONTRACTS, SEPARATOR
from analytics.sample.county import (
    EXTRACT_DATE,
    IKU,
    MONTH_SEASON,
    PESO,
    PREVIOUS,
    RESCUE,
    REVIEW,
    TESA,
    _allocate,
    _exact_labels,
    _flags,
    _months,
    _unit_weights,
)

# ----------------------------------------------------------------------------------- published figures
# Customer feedback (received_date). 5-8/2023 is not published: plausible figures.
FEEDBACK_TOTALS = {REVIEW: 1215, PREVIOUS: 1150}
FEEDBACK_TYPE_COUNTS = {
    REVIEW: {"thanks": 660, "proposal": 492, "other": 63},
    PREVIOUS: {"thanks": 600, "proposal": 470, "other": 80},
}
FEEDBACK_MEAN_SCORE = {REVIEW: 4.30, PREVIOUS: 4.20}  # shown as 4,3 and 4,2
TOP_THANKS_THEMES = ("treatment", "competence", "service_experience")
TOP_PROPOSAL_THEMES = ("treatment", "information", "e_services")

# Ombudsman contacts (contact_date): contacts and topic mentions (a contact lists 1–3 topics).
OMBUDSMAN_CONTACT_TOTALS = {
    "social": {REVIEW: 136, PREVIOUS: 86},
    "patient": {REVIEW: 490, PREVIOUS: 436},
}
OMBUDSMAN_TOPIC_COUNTS = {
    "social": {
        REVIEW: {"service_arrangement": 50, "other": 35, "decisions": 25, "data_protection": 21, "treatment": 20,
                 "consultation": 7, "information_need": 7, "self_determination": 6, "client_fees": 4, "waiting": 1,
                 "contracts": 0, "damages": 0},  # 176 mentions
        PREVIOUS: {"service_arrangement": 20, "other": 21, "decisions": 17, "data_protection": 9, "treatment": 13,
                   "consultation": 6, "information_need": 13, "self_determination": 5, "client_fees": 3, "waiting": 3,
                   "contracts": 0, "damages": 0},  # 110 mentions
    },
    "patient": {
        REVIEW: {"care_delivery": 191, "access_to_care": 124, "data_protection": 87, "patient_injury": 83, "other": 73,
                 "treatment": 69, "patient_fees": 25, "self_determination": 17, "freedom_of_choice": 11,
                 "consultation": 8, "damages": 7, "medication_injury": 3},  # 698 mentions
        PREVIOUS: {"care_delivery": 205, "access_to_care": 98, "data_protection": 72, "patient_injury": 85, "other": 39,
                   "treatment": 63, "patient_fees": 21, "self_determination": 18, "freedom_of_choice": 6,
                   "consultation": 12, "damages": 9, "medication_injury": 2},  # 630 mentions
    },
}
SOCIAL_CLASSIFICATION_FROM = pd.Timestamp(2024, 1, 1)
"""From this day the social ombudsman records "contracts" and "damages" on their own (before: none)."""
SOCIAL_NEW_TOPICS = ("contracts", "damages")
# New contacts and the most frequent contacting party; 5-8/2023 plausible (63 % new, 48 % relatives; 67 %, 71 %).
OMBUDSMAN_NEW = {"social": {REVIEW: 90, PREVIOUS: 54}, "patient": {REVIEW: 328, PREVIOUS: 292}}
OMBUDSMAN_MAIN_PARTY = {"social": "relative", "patient": "client"}
OMBUDSMAN_MAIN_PARTY_COUNTS = {"social": {REVIEW: 71, PREVIOUS: 41}, "patient": {REVIEW: 353, PREVIOUS: 310}}

# Success reports (report_date): only the difference (+153) is published.
SUCCESS_TOTALS = {REVIEW: 412, PREVIOUS: 259}
SUCCESS_PROPOSED_REVIEW = 3
SUCCESS_THEME_ORDER = ("attitude", "ways_of_working", "cooperation", "social_skills")

# ------------------------------------------------------------------------------------------ the model
SOTE = (IKU, PESO, TESA)
FEEDBACK_DIVISION_SHARE = {TESA: 0.48, IKU: 0.32, PESO: 0.195, RESCUE: 0.005}  # within a division by unit size
# Monthly level (before seasonality) in the middle of each year; interpolated between.
FEEDBACK_LEVEL = {2021: 240.0, 2022: 258.0, 2023: 278.0, 2024: 295.0}
OMBUDSMAN_LEVEL = {"social": {2021: 17.0, 2022: 19.0, 2023: 21.0, 2024: 32.5},
                   "patient": {2021: 92.0, 2022: 98.0, 2023: 105.0, 2024: 118.0}}
SUCCESS_LEVEL = {2021: 24.0, 2022: 40.0, 2023: 63.0, 2024: 100.0}

FEEDBACK_TYPE_P = {"thanks": 0.535, "proposal": 0.405, "other": 0.06}
FEEDBACK_CHANNELS_P = {"web": 0.55, "phone": 0.12, "email": 0.12, "letter": 0.03, "in_person": 0.18}
NO_SCORE_P = {"web": 0.04, "phone": 0.2, "email": 0.12, "letter": 0.15, "in_person": 0.1}  # about 8 % overall
SCORE_P = {  # scores 1..5
    "thanks": (0.0, 0.0, 0.01, 0.11, 0.88),
    "proposal": (0.02, 0.06, 0.32, 0.42, 0.18),
    "other": (0.05, 0.1, 0.3, 0.35, 0.2),
}
FEEDBACK_MEAN_PATH = {2021: 4.08, 2022: 4.14, 2023: 4.20, 2024: 4.30}
NO_THEME_P = {"thanks": 0.1, "proposal": 0.04, "other": 0.08}
THEMES_PER_FEEDBACK = 1.45  # mentions per feedback with themes
THEME_WEIGHTS = {  # well apart at the top, so the order holds in every tertial whatever the noise (±5 %)
    "thanks": {"treatment": 0.30, "competence": 0.22, "service_experience": 0.16, "care_quality": 0.09,
               "information": 0.06, "access": 0.04, "facilities": 0.03, "waiting": 0.02, "e_services": 0.02,
               "fees": 0.01, "other": 0.05},
    "proposal": {"treatment": 0.22, "information": 0.18, "e_services": 0.14, "waiting": 0.10, "access": 0.09,
                 "care_quality": 0.07, "fees": 0.05, "facilities": 0.05, "competence": 0.04,
                 "service_experience": 0.03, "other": 0.03},
    "other": {"information": 0.16, "access": 0.14, "fees": 0.12, "facilities": 0.12, "e_services": 0.1,
              "waiting": 0.1, "treatment": 0.08, "care_quality": 0.06, "service_experience": 0.04,
              "competence": 0.02, "other": 0.06},
}
CONTACT_REQUESTED_P = {"thanks": 0.02, "proposal": 0.30, "other": 0.15}
REQUEST_UNANSWERED_P = 0.03
REQUEST_ANSWER_DAYS = (5.0, 0.9)  # lognormal median and sigma: about 85 % of the requests answered within 14 days
OTHER_ANSWERED_P = {"thanks": 0.55, "proposal": 0.75, "other": 0.75}  # the county answers without a request too
OTHER_ANSWER_DAYS = (7.0, 0.9)
MAX_ANSWER_DAYS = 150

MENTIONS_PER_CONTACT = {"social": 1.29, "patient": 1.43}
SOCIAL_NEW_TOPIC_WEIGHTS = {"contracts": 3.0, "damages": 2.0}  # of about 176 mentions, in 2024 outside 5-8
NEW_CONTACT_P = {"social": 0.64, "patient": 0.67}
CONTACT_BY_P = {
    "social": {"relative": 0.50, "client": 0.36, "professional": 0.11, "other": 0.03},
    "patient": {"client": 0.71, "relative": 0.22, "professional": 0.05, "other": 0.02},
}
OMBUDSMAN_TOIMIALA_P = {  # None: not known
    "social": {PESO: 0.55, IKU: 0.32, TESA: 0.03, None: 0.10},
    "patient": {TESA: 0.62, IKU: 0.25, PESO: 0.03, None: 0.10},
}

SUCCESS_THEME_WEIGHTS = {"attitude": 0.30, "ways_of_working": 0.25, "cooperation": 0.20, "social_skills": 0.15,
                         "other": 0.10}
THEMES_PER_SUCCESS = 1.3
SUCCESS_PROPOSED_P = 0.008


# ------------------------------------------------------------------------------------------ helpers
def _level(months: pd.DatetimeIndex, knots: Mapping[int, float]) -> np.ndarray:
    """A smooth monthly level through the mid-year ``knots`` (flat before the first and after the last)."""
    t = months.year + (months.month - 0.5) / 12
    return np.interp(t, [year + 0.5 for year in knots], list(knots.values()))


def _monthly_counts(rng: np.random.Generator, knots: Mapping[int, float], totals: Mapping[Tertial, int]) -> np.ndarray:
    """Rows per month with seasonality and noise; the tertials of ``totals`` hit their totals exactly."""
    months = _months()
    expected = _level(months, knots) * MONTH_SEASON[months.month - 1]
    counts = rng.poisson(expected * rng.normal(1, 0.03, len(months)).clip(0.9, 1.1))
    for tertial, total in totals.items():
        idx = np.where((months >= tertial.start) & (months < tertial.end))[0]
        counts[idx] = _allocate(total, expected[idx] * rng.uniform(0.95, 1.05, len(idx)))
    return np.maximum(counts, 1)  # every month has rows


def _dates(rng: np.random.Generator, counts: np.ndarray) -> pd.Series:
    """Random days of each month, ``counts[i]`` of month i, in date order."""
    months = _months()
    starts = np.repeat(months.to_numpy(), counts)
    days = np.concatenate([rng.integers(0, m.days_in_month, n) for m, n in zip(months, counts)])
    return pd.Series(np.sort(starts + days.astype("timedelta64[D]"))).astype("datetime64[ns]")


def _tertial_rows(dates: pd.Series) -> list[tuple[Tertial, np.ndarray]]:
    """(tertial, positions of its rows) in time order."""
    tertials = dates.map(Tertial.containing).to_numpy()
    return [(t, np.where(tertials == t)[0]) for t in sorted(set(tertials))]


def _year_fraction(tertial: Tertial) -> float:
    return tertial.year + (tertial.index - 0.5) / 3


def _weighted_counts(rng: np.random.Generator, mentions: int, weights: Mapping[str, float], rows: int,
                     noise: float = 0.05) -> dict[str, int]:
    """``mentions`` split over the codes by ``weights`` (± ``noise``), none above ``rows``; codes of weight 0
    get none."""
    codes = [c for c, w in weights.items() if w > 0]
    w = np.array([weights[c] for c in codes]) * rng.uniform(1 - noise, 1 + noise, len(codes))
    counts = _allocate(mentions, w, caps=np.full(len(codes), rows))
    return dict(zip(codes, (int(k) for k in counts)))


def _code_lists(rng: np.random.Generator, n: int, counts: Mapping[str, int], most: int = 3) -> np.ndarray:
    """``n`` texts of 1..``most`` codes joined by SEPARATOR, no code twice in one, each code exactly
    ``counts[code]`` times in all.

    Every row first gets one main code (the codes in proportion to their counts); the remaining mentions go to
    random rows that have room and lack that code.
    """
    codes = [c for c, k in counts.items() if k > 0]
    wanted = np.array([counts[c] for c in codes], dtype=int)
    total = int(wanted.sum())
    if n == 0:
        if total:
            raise ValueError("codes for no rows")
        return np.array([], dtype=object)
    if not n <= total <= most * n or (wanted > n).any():
        raise ValueError(f"cannot give {n} rows 1..{most} codes of {dict(counts)}")
    main = _allocate(n, wanted.astype(float), caps=wanted)
    rows: list[list[str]] = [[code] for code in _exact_labels(rng, dict(zip(codes, main)))]
    extra = wanted - main
    for j in np.argsort(-extra, kind="stable"):
        if not extra[j]:
            continue
        code = codes[j]
        room = np.array([i for i, row in enumerate(rows) if len(row) < most and code not in row])
        if len(room) < extra[j]:
            raise ValueError(f"no room for {extra[j]} more {code}")
        for i in rng.choice(room, size=int(extra[j]), replace=False):
            rows[i].append(code)
    return np.array([SEPARATOR.join(row) for row in rows], dtype=object)


def _division_units(org: pd.DataFrame, shares: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Units and their probabilities: each division its share, split within it by unit size."""
    parts = [_unit_weights(org, (division,)) for division in shares]
    ids = np.concatenate([ids for ids, _ in parts])
    weights = np.concatenate([w * share for (_, w), share in zip(parts, shares.values())])
    return ids, weights / weights.sum()


def _choice(rng: np.random.Generator, p: Mapping, n: int) -> np.ndarray:
    keys = list(p)
    probs = np.array([p[k] for k in keys], dtype=float)
    return np.array(keys, dtype=object)[rng.choice(len(keys), size=n, p=probs / probs.sum())]


def _text(values) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=object), dtype="str")


def _calibrate_scores(rng: np.random.Generator, scores: np.ndarray, mean: float) -> np.ndarray:
    """Raise or lower random scores by one until their sum is ``mean`` × their number (rounded)."""
    scores = scores.copy()
    given = np.where(scores > 0)[0]
    gap = int(round(mean * len(given))) - int(scores[given].sum())
    while gap:
        step = 1 if gap > 0 else -1
        room = given[(scores[given] < 5) if step > 0 else (scores[given] > 1)]
        chosen = rng.choice(room, size=min(abs(gap), len(room)), replace=False)
        scores[chosen] += step
        gap -= step * len(chosen)
    return scores


# --------------------------------------------------------------------------------------------- tables
def build_feedback(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per piece of customer feedback, 1/2021–12/2024."""
    counts = _monthly_counts(rng, FEEDBACK_LEVEL, FEEDBACK_TOTALS)
    received = _dates(rng, counts)
    n = len(received)
    ids, weights = _division_units(org, FEEDBACK_DIVISION_SHARE)
    channel = _choice(rng, FEEDBACK_CHANNELS_P, n)
    kinds = np.empty(n, dtype=object)
    scores = np.zeros(n, dtype=int)  # 0: none given
    themes = np.full(n, None, dtype=object)
    for tertial, rows in _tertial_rows(received):
        if tertial in FEEDBACK_TYPE_COUNTS:
            kinds[rows] = _exact_labels(rng, FEEDBACK_TYPE_COUNTS[tertial])
        else:
            kinds[rows] = _choice(rng, FEEDBACK_TYPE_P, len(rows))
        scored = rng.random(len(rows)) >= np.array([NO_SCORE_P[c] for c in channel[rows]])
        for kind, p in SCORE_P.items():
            of_kind = rows[(kinds[rows] == kind) & scored]
            scores[of_kind] = rng.choice(np.arange(1, 6), size=len(of_kind), p=p)
            all_of_kind = rows[kinds[rows] == kind]
            themed = all_of_kind[rng.random(len(all_of_kind)) >= NO_THEME_P[kind]]
            mentions = int(round(len(themed) * THEMES_PER_FEEDBACK * rng.uniform(0.97, 1.03)))
            themes[themed] = _code_lists(rng, len(themed), _weighted_counts(rng, mentions, THEME_WEIGHTS[kind], len(themed)))
        mean = FEEDBACK_MEAN_SCORE.get(tertial)
        if mean is None:
            mean = float(np.interp(_year_fraction(tertial), [y + 0.5 for y in FEEDBACK_MEAN_PATH],
                                   list(FEEDBACK_MEAN_PATH.values()))) + rng.normal(0, 0.015)
        scores[rows] = _calibrate_scores(rng, scores[rows], mean)

    requested = rng.random(n) < np.array([CONTACT_REQUESTED_P[k] for k in kinds])
    request_days = np.exp(np.log(REQUEST_ANSWER_DAYS[0]) + rng.normal(0, REQUEST_ANSWER_DAYS[1], n))
    other_days = np.exp(np.log(OTHER_ANSWER_DAYS[0]) + rng.normal(0, OTHER_ANSWER_DAYS[1], n))
    days = np.where(requested, request_days, other_days).round().clip(0, MAX_ANSWER_DAYS)
    answered_p = np.where(requested, 1 - REQUEST_UNANSWERED_P, [OTHER_ANSWERED_P[k] for k in kinds])
    answered = received + pd.to_timedelta(days, unit="D")
    answered = answered.where((rng.random(n) < answered_p) & (answered <= EXTRACT_DATE))

    frame = pd.DataFrame({
        "feedback_id": _text([f"AP-{d.year}-{i:06d}" for i, d in enumerate(received, start=1)]),
        "received_date": received,
        "unit_id": _text(rng.choice(ids, size=n, p=weights)),
        "channel": _text(channel),
        "score": pd.Series(scores, dtype="Int64").mask(scores == 0),
        "feedback_type": _text(kinds),
        "themes": _text(themes),
        "contact_requested": requested.astype(bool),
        "answered_date": answered.astype("datetime64[ns]"),
    })
    return frame[list(CONTRACTS["feedback"].columns)]


def _topic_weights(ombudsman: str, tertial: Tertial) -> dict[str, float]:
    """The mix of topics of a tertial without published figures: the published year's mix of the same year, the
    2023 mix before; the social ombudsman's new topics only from 2024."""
    published = OMBUDSMAN_TOPIC_COUNTS[ombudsman]
    base = published[REVIEW] if tertial.year >= REVIEW.year else published[PREVIOUS]
    weights = {code: float(k) for code, k in base.items()}
    if ombudsman == "social":
        for code in SOCIAL_NEW_TOPICS:
            weights[code] = SOCIAL_NEW_TOPIC_WEIGHTS[code] if tertial.start >= SOCIAL_CLASSIFICATION_FROM else 0.0
    return weights


def _parties(rng: np.random.Generator, ombudsman: str, n: int, tertial: Tertial) -> np.ndarray:
    p = CONTACT_BY_P[ombudsman]
    main = OMBUDSMAN_MAIN_PARTY[ombudsman]
    published = OMBUDSMAN_MAIN_PARTY_COUNTS[ombudsman].get(tertial)
    if published is None:
        return _choice(rng, p, n)
    rest = [party for party in p if party != main]
    others = _allocate(n - published, np.array([p[party] for party in rest]))
    return _exact_labels(rng, {main: published, **dict(zip(rest, (int(k) for k in others)))})


def _contacts(rng: np.random.Generator, ombudsman: str) -> pd.DataFrame:
    counts = _monthly_counts(rng, OMBUDSMAN_LEVEL[ombudsman], OMBUDSMAN_CONTACT_TOTALS[ombudsman])
    dates = _dates(rng, counts)
    n = len(dates)
    topics = np.empty(n, dtype=object)
    kinds = np.empty(n, dtype=object)
    parties = np.empty(n, dtype=object)
    for tertial, rows in _tertial_rows(dates):
        published = OMBUDSMAN_TOPIC_COUNTS[ombudsman].get(tertial)
        if published is None:
            mentions = int(round(len(rows) * MENTIONS_PER_CONTACT[ombudsman] * rng.uniform(0.96, 1.04)))
            published = _weighted_counts(rng, mentions, _topic_weights(ombudsman, tertial), len(rows), noise=0.2)
        topics[rows] = _code_lists(rng, len(rows), published)
        new = OMBUDSMAN_NEW[ombudsman].get(tertial)
        if new is None:
            new = int(rng.binomial(len(rows), NEW_CONTACT_P[ombudsman]))
        kinds[rows] = np.where(_flags(rng, len(rows), new), "new", "returning")
        parties[rows] = _parties(rng, ombudsman, len(rows), tertial)
    return pd.DataFrame({
        "contact_date": dates, "ombudsman": ombudsman, "contact_kind": kinds, "contact_by": parties,
        "toimiala": _choice(rng, OMBUDSMAN_TOIMIALA_P[ombudsman], n), "topics": topics,
    })


def build_ombudsman_contacts(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per contact to the social or the patient ombudsman, 1/2021–12/2024. ``org`` is not needed (the
    contacts know their toimiala only) but keeps the builders alike; its divisions are checked."""
    missing = {IKU, PESO, TESA} - set(org["toimiala"])
    if missing:
        raise ValueError(f"org_units lacks {', '.join(sorted(missing))}")
    contacts = pd.concat([_contacts(rng, "social"), _contacts(rng, "patient")], ignore_index=True)
    contacts = contacts.sort_values(["contact_date", "ombudsman"], kind="stable").reset_index(drop=True)
    contacts["contact_id"] = [f"AV-{d.year}-{i:05d}" for i, d in enumerate(contacts["contact_date"], start=1)]
    for column in ("contact_id", "ombudsman", "contact_kind", "contact_by", "toimiala", "topics"):
        contacts[column] = _text(contacts[column].to_numpy())
    contacts["contact_date"] = contacts["contact_date"].astype("datetime64[ns]")
    return contacts[list(CONTRACTS["ombudsman_contacts"].columns)]


def build_success_reports(org: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per success report (PosiPro), 1/2021–12/2024."""
    counts = _monthly_counts(rng, SUCCESS_LEVEL, SUCCESS_TOTALS)
    dates = _dates(rng, counts)
    n = len(dates)
    ids, weights = _unit_weights(org, SOTE)
    themes = np.empty(n, dtype=object)
    proposed = np.zeros(n, dtype=bool)
    for tertial, rows in _tertial_rows(dates):
        mentions = int(round(len(rows) * THEMES_PER_SUCCESS * rng.uniform(0.96, 1.04)))
        themes[rows] = _code_lists(rng, len(rows), _weighted_counts(rng, mentions, SUCCESS_THEME_WEIGHTS, len(rows)))
        k = SUCCESS_PROPOSED_REVIEW if tertial == REVIEW else int(rng.binomial(len(rows), SUCCESS_PROPOSED_P))
        proposed[rows] = _flags(rng, len(rows), k)
    frame = pd.DataFrame({
        "report_id": _text([f"ON-{d.year}-{i:06d}" for i, d in enumerate(dates, start=1)]),
        "report_date": dates.astype("datetime64[ns]"),
        "unit_id": _text(rng.choice(ids, size=n, p=weights)),
        "themes": _text(themes),
        "proposed_for_others": proposed,
    })
    return frame[list(CONTRACTS["success_reports"].columns)]

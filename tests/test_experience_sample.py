"""The sample's customer-experience tables reproduce the published figures of DOMAIN §6, counted with plain
pandas from ``generate()``, and hold to their contracts."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.core.periods import Tertial
from analytics.data.contracts import CONTRACTS, EXPERIENCE_TABLES, SEPARATOR, validate
from analytics.sample import experience as ex
from analytics.sample.county import DEFAULT_SEED, EXTRACT_DATE, IKU, PESO, RESCUE, TESA, generate

REVIEW = Tertial(2024, 2)
PREVIOUS = Tertial(2023, 2)
DATES = {"feedback": "received_date", "ombudsman_contacts": "contact_date", "success_reports": "report_date"}

SOCIAL_TOPICS = {  # topic: (5-8/2024, 5-8/2023) mentions, DOMAIN §6
    "service_arrangement": (50, 20), "other": (35, 21), "decisions": (25, 17), "data_protection": (21, 9),
    "treatment": (20, 13), "consultation": (7, 6), "information_need": (7, 13), "self_determination": (6, 5),
    "client_fees": (4, 3), "waiting": (1, 3), "contracts": (0, 0), "damages": (0, 0),
}
PATIENT_TOPICS = {
    "care_delivery": (191, 205), "access_to_care": (124, 98), "data_protection": (87, 72), "patient_injury": (83, 85),
    "other": (73, 39), "treatment": (69, 63), "patient_fees": (25, 21), "self_determination": (17, 18),
    "freedom_of_choice": (11, 6), "consultation": (8, 12), "damages": (7, 9), "medication_injury": (3, 2),
}
SHARED = {"data_protection", "treatment", "self_determination", "consultation", "damages", "other"}
ONLY_SOCIAL = {"service_arrangement", "decisions", "contracts", "information_need", "client_fees", "waiting"}
ONLY_PATIENT = {"care_delivery", "access_to_care", "patient_injury", "patient_fees", "freedom_of_choice",
                "medication_injury"}


@pytest.fixture(scope="module")
def tables():
    return generate()


def within(frame: pd.DataFrame, column: str, tertial: Tertial) -> pd.DataFrame:
    return frame[(frame[column] >= tertial.start) & (frame[column] < tertial.end)]


def mentions(codes: pd.Series) -> pd.Series:
    return codes.dropna().str.split(SEPARATOR).explode().value_counts()


# --------------------------------------------------------------------------------------------- feedback
def test_feedback_of_the_review_tertial(tables):
    now = within(tables.feedback, "received_date", REVIEW)
    assert len(now) == 1215
    assert now["feedback_type"].value_counts().to_dict() == {"thanks": 660, "proposal": 492, "other": 63}
    mean = now["score"].dropna().astype(float).mean()
    assert round(mean, 1) == 4.3 and abs(mean - 4.30) < 0.01


def test_most_frequent_feedback_themes_in_strict_order(tables):
    now = within(tables.feedback, "received_date", REVIEW)
    for kind, top in (("thanks", ("treatment", "competence", "service_experience")),
                      ("proposal", ("treatment", "information", "e_services"))):
        counts = mentions(now.loc[now["feedback_type"] == kind, "themes"])
        assert tuple(counts.index[:3]) == top
        assert counts.iloc[0] > counts.iloc[1] > counts.iloc[2] > counts.iloc[3]


def test_feedback_a_year_before(tables):
    before = within(tables.feedback, "received_date", PREVIOUS)
    assert len(before) == ex.FEEDBACK_TOTALS[PREVIOUS] == 1150
    assert before["feedback_type"].value_counts().to_dict() == ex.FEEDBACK_TYPE_COUNTS[PREVIOUS]
    assert round(before["score"].dropna().astype(float).mean(), 1) == 4.2
    assert 4.15 < before["score"].dropna().astype(float).mean() < 4.25


def test_feedback_scores_requests_and_answers_are_plausible(tables):
    feedback = tables.feedback
    assert 0.05 < feedback["score"].isna().mean() < 0.11
    scores = feedback.dropna(subset=["score"])
    thanks = scores.loc[scores["feedback_type"] == "thanks", "score"]
    proposals = scores.loc[scores["feedback_type"] == "proposal", "score"]
    assert (thanks == 5).mean() > 0.7
    assert proposals.isin([3, 4]).mean() > 0.6
    requested = feedback.groupby("feedback_type")["contact_requested"].mean()
    assert 0.25 < requested["proposal"] < 0.35 and 0.1 < requested["other"] < 0.2 and requested["thanks"] < 0.05
    asked = feedback[feedback["contact_requested"]]
    days = (asked["answered_date"] - asked["received_date"]).dt.days
    assert 0.8 < (days <= 14).mean() < 0.9
    assert 0.01 < asked["answered_date"].isna().mean() < 0.05
    assert ((days > 14) & asked["answered_date"].notna()).mean() > 0.05  # a few answered late
    answered = feedback.dropna(subset=["answered_date"])
    assert (answered["answered_date"] >= answered["received_date"]).all()
    assert answered["answered_date"].max() <= EXTRACT_DATE
    assert feedback.loc[~feedback["contact_requested"], "answered_date"].notna().mean() > 0.5


# ------------------------------------------------------------------------------------ ombudsman contacts
@pytest.mark.parametrize("ombudsman, topics, contacts, totals", [
    ("social", SOCIAL_TOPICS, (136, 86), (176, 110)),
    ("patient", PATIENT_TOPICS, (490, 436), (698, 630)),
])
def test_ombudsman_topic_tables(tables, ombudsman, topics, contacts, totals):
    frame = tables.ombudsman_contacts[tables.ombudsman_contacts["ombudsman"] == ombudsman]
    for k, tertial in enumerate((REVIEW, PREVIOUS)):
        rows = within(frame, "contact_date", tertial)
        assert len(rows) == contacts[k]
        counted = mentions(rows["topics"])
        assert {topic: int(counted.get(topic, 0)) for topic in topics} == {t: v[k] for t, v in topics.items()}
        assert int(counted.sum()) == totals[k]


def test_ombudsman_kinds_and_parties(tables):
    contacts = tables.ombudsman_contacts
    social = contacts[contacts["ombudsman"] == "social"]
    patient = contacts[contacts["ombudsman"] == "patient"]
    now = within(social, "contact_date", REVIEW)
    assert (now["contact_kind"] == "new").sum() == 90 and (now["contact_by"] == "relative").sum() == 71
    now = within(patient, "contact_date", REVIEW)
    assert (now["contact_kind"] == "new").sum() == 328 and (now["contact_by"] == "client").sum() == 353
    for frame, name, party in ((social, "social", "relative"), (patient, "patient", "client")):
        before = within(frame, "contact_date", PREVIOUS)
        assert (before["contact_kind"] == "new").sum() == ex.OMBUDSMAN_NEW[name][PREVIOUS]
        assert (before["contact_by"] == party).sum() == ex.OMBUDSMAN_MAIN_PARTY_COUNTS[name][PREVIOUS]
        assert before["contact_by"].value_counts().index[0] == party
    assert 0.55 < ex.OMBUDSMAN_NEW["social"][PREVIOUS] / 86 < 0.7
    assert 0.42 < ex.OMBUDSMAN_MAIN_PARTY_COUNTS["social"][PREVIOUS] / 86 < 0.55


def test_social_classification_of_2024(tables):
    contacts = tables.ombudsman_contacts
    social = contacts[contacts["ombudsman"] == "social"]
    codes = social["topics"].str.split(SEPARATOR)
    new_topic = codes.map(lambda c: bool({"contracts", "damages"} & set(c)))
    early = social["contact_date"] < pd.Timestamp(2024, 1, 1)
    assert not new_topic[early].any()
    in_review = (social["contact_date"] >= REVIEW.start) & (social["contact_date"] < REVIEW.end)
    assert not new_topic[in_review].any()
    assert 0 < new_topic[~early & ~in_review].sum() <= 15  # a few in the rest of 2024


def test_ombudsman_topics_belong_to_their_ombudsman(tables):
    contacts = tables.ombudsman_contacts
    codes = contacts["topics"].str.split(SEPARATOR)
    assert codes.str.len().between(1, 3).all()
    assert (codes.map(lambda c: len(set(c))) == codes.str.len()).all()
    social = set(codes[contacts["ombudsman"] == "social"].explode())
    patient = set(codes[contacts["ombudsman"] == "patient"].explode())
    assert social <= SHARED | ONLY_SOCIAL and patient <= SHARED | ONLY_PATIENT
    assert ONLY_SOCIAL - {"contracts"} <= social and ONLY_PATIENT <= patient


def test_ombudsman_toimiala(tables):
    contacts = tables.ombudsman_contacts
    divisions = set(tables.org_units["toimiala"])
    assert set(contacts["toimiala"].dropna()) <= divisions
    assert 0.06 < contacts["toimiala"].isna().mean() < 0.14
    shares = contacts.groupby("ombudsman")["toimiala"].value_counts(normalize=True, dropna=False)
    assert shares["social"][PESO] + shares["social"][IKU] > 0.8
    assert shares["patient"][TESA] + shares["patient"][IKU] > 0.8
    assert shares["social"][PESO] > shares["social"].drop(PESO).max()
    assert shares["patient"][TESA] > shares["patient"].drop(TESA).max()


# -------------------------------------------------------------------------------------- success reports
def test_success_reports(tables):
    reports = tables.success_reports
    now, before = within(reports, "report_date", REVIEW), within(reports, "report_date", PREVIOUS)
    assert len(now) - len(before) == 153
    assert (len(now), len(before)) == (ex.SUCCESS_TOTALS[REVIEW], ex.SUCCESS_TOTALS[PREVIOUS]) == (412, 259)
    assert int(now["proposed_for_others"].sum()) == 3
    counts = mentions(now["themes"])
    assert tuple(counts.index) == ("attitude", "ways_of_working", "cooperation", "social_skills", "other")
    assert counts.is_monotonic_decreasing and counts.iloc[3] > counts.iloc[4]
    assert mentions(reports["themes"]).index[-1] == "other"
    assert reports["themes"].str.split(SEPARATOR).str.len().between(1, 3).all()


# --------------------------------------------------------------------------------------------- contracts
@pytest.mark.parametrize("name", EXPERIENCE_TABLES)
def test_tables_hold_to_their_contracts(tables, name):
    frame = getattr(tables, name)
    assert list(frame.columns) == list(CONTRACTS[name].columns)
    validate(frame, CONTRACTS[name], name)
    date = DATES[name]
    for column, spec in CONTRACTS[name].columns.items():
        if spec.kind == "datetime":
            assert frame[column].dtype == np.dtype("datetime64[ns]"), column
        if spec.kind == "bool":
            assert frame[column].dtype == np.dtype(bool), column
        if spec.several:
            codes = frame[column].dropna()
            assert not codes.str.contains(" ").any() and (codes.str.len() > 0).all()
            split = codes.str.split(SEPARATOR)
            assert (split.map(lambda c: len(set(c))) == split.str.len()).all(), f"{column}: a code twice"
            assert not frame[column].isna().any() or name == "feedback"
    assert frame[date].min() >= pd.Timestamp(2021, 1, 1) and frame[date].max() <= pd.Timestamp(2024, 12, 31)
    months = frame[date].dt.to_period("M").unique()
    assert len(months) == 48  # every month 1/2021–12/2024 has rows
    per_year = frame.groupby(frame[date].dt.year).size()
    assert per_year[2024] > per_year[2021] and (per_year.pct_change().dropna() > -0.05).all()  # growth, no slump
    if name == "feedback":
        assert frame["score"].dtype == "Int64"
        assert frame["score"].dropna().between(1, 5).all()
        assert frame["themes"].isna().any()  # feedback may have no theme


@pytest.mark.parametrize("name", ["feedback", "success_reports"])
def test_units_are_social_and_health_care_units(tables, name):
    org = tables.org_units.set_index("unit_id")
    units = getattr(tables, name)["unit_id"]
    assert units.isin(org.index).all()
    divisions = units.map(org["toimiala"])
    assert divisions.isin([IKU, PESO, TESA]).mean() > 0.98
    assert set(divisions) <= ({IKU, PESO, TESA, RESCUE} if name == "feedback" else {IKU, PESO, TESA})


def test_same_seed_same_frames_another_seed_different(tables):
    again, other = generate(DEFAULT_SEED), generate(7)
    for name in EXPERIENCE_TABLES:
        pd.testing.assert_frame_equal(getattr(again, name), getattr(tables, name))
        assert not getattr(other, name).equals(getattr(tables, name))
    # the published figures do not depend on the seed
    now = within(other.feedback, "received_date", REVIEW)
    assert len(now) == 1215 and round(now["score"].dropna().astype(float).mean(), 1) == 4.3
    social = other.ombudsman_contacts[other.ombudsman_contacts["ombudsman"] == "social"]
    assert int(mentions(within(social, "contact_date", REVIEW)["topics"]).sum()) == 176
    assert len(within(other.success_reports, "report_date", REVIEW)) == 412

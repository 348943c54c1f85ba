"""Customer experience and participation (DOMAIN §6): the review's figures from the bundled sample, in the JSON
report, the Markdown and the HTML review; and that they follow the data."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from analytics.core.periods import Tertial
from analytics.domain import disclosure as dc
from analytics.text.tables import SUPPRESSED
from analytics.views.experience import where_table
from analytics.core.scope import Scope
from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
from analytics.domain.experience import experience_review
from analytics.render.html_report import review_to_html
from analytics.render.report import review_to_dict, review_to_markdown
from analytics.text import experience as words
from analytics.views.review import build_review

from .conftest import run_cli

REVIEW = Tertial.parse("5-8/2024")
SOCIAL = {"service_arrangement": (50, 20), "other": (35, 21), "decisions": (25, 17), "data_protection": (21, 9),
          "treatment": (20, 13), "consultation": (7, 6), "information_need": (7, 13), "self_determination": (6, 5),
          "client_fees": (4, 3), "waiting": (1, 3), "contracts": (0, None), "damages": (0, None)}
PATIENT = {"care_delivery": (191, 205), "access_to_care": (124, 98), "data_protection": (87, 72),
           "patient_injury": (83, 85), "other": (73, 39), "treatment": (69, 63), "patient_fees": (25, 21),
           "self_determination": (17, 18), "freedom_of_choice": (11, 6), "consultation": (8, 12), "damages": (7, 9),
           "medication_injury": (3, 2)}


@pytest.fixture(scope="module")
def report() -> dict:
    result = run_cli("report", "--period", "5-8/2024", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["experience"]


def test_feedback_figures_of_the_published_review(report):
    feedback = report["feedback"]
    assert feedback["name_fi"] == "Asiakaspalautteet" and feedback["current"] == 1215
    assert {r["feedback_type"]: r["current"] for r in feedback["by_type"]} == {"thanks": 660, "proposal": 492,
                                                                              "other": 63}
    score = feedback["score"]
    assert round(score["mean"]["estimate"], 1) == 4.3 and score["mean"]["method"] == "t"
    low, high = score["mean"]["interval_95"]
    assert low < score["mean"]["estimate"] < high and high - low < 0.2
    assert sum(score["distribution"].values()) == score["n"] < 1215  # some feedback has no score
    thanks = [r["theme"] for r in feedback["themes"]["thanks"]][:3]
    proposals = [r["theme"] for r in feedback["themes"]["proposal"]][:3]
    assert thanks == ["treatment", "competence", "service_experience"]
    assert proposals == ["treatment", "information", "e_services"]
    requests = feedback["contact_requests"]
    assert requests["promised_days"] == 14 and requests["requests"] > 0
    assert requests["answered_late"] + requests["unanswered"] < requests["requests"]


@pytest.mark.parametrize(("ombudsman", "topics", "contacts", "mentions", "new_pct", "by", "by_pct"), [
    ("social", SOCIAL, (136, 86), (176, 110), 66, "relative", 52),
    ("patient", PATIENT, (490, 436), (698, 630), 67, "client", 72),
])
def test_ombudsman_tables_row_by_row(report, ombudsman, topics, contacts, mentions, new_pct, by, by_pct):
    part = next(o for o in report["ombudsmen"] if o["ombudsman"] == ombudsman)
    assert {r["topic"]: (r["current"], r["previous"]) for r in part["topics"]} == topics
    assert (part["contacts"]["current"], part["contacts"]["previous"]) == contacts
    assert (part["topic_mentions"]["current"], part["topic_mentions"]["previous"]) == mentions
    assert sum(r["current"] for r in part["topics"]) == mentions[0] > contacts[0]  # topics add up to more
    assert round(part["new_contacts"]["pct"]) == new_pct
    assert part["most_often_by"]["contact_by"] == by and round(part["most_often_by"]["share_pct"]) == by_pct
    assert part["contacts"]["change"] == contacts[0] - contacts[1]


def test_social_ombudsman_shares_are_of_contacts_and_2023_merged_decisions(report):
    social = next(o for o in report["ombudsmen"] if o["ombudsman"] == "social")
    rows = {r["topic"]: r for r in social["topics"]}
    assert round(rows["service_arrangement"]["share_of_contacts_pct"]) == 37  # 50 / 136
    assert round(rows["service_arrangement"]["previous_share_of_contacts_pct"]) == 23  # 20 / 86
    assert rows["contracts"]["counted_before_in"] == "decisions" and not rows["contracts"]["recorded_separately_before"]
    assert rows["damages"]["counted_before_in"] is None and not rows["damages"]["recorded_separately_before"]
    assert social["contacts"]["change_pct"] == pytest.approx(58.1, abs=0.05)  # +50, +58 %


def test_success_reports_and_client_reports(report):
    success = report["success_reports"]
    assert success["change"] == 153 and success["proposed_for_other_units"] == 3
    assert [r["theme"] for r in success["themes"]][:4] == ["attitude", "ways_of_working", "cooperation",
                                                           "social_skills"]
    assert (report["client_reports"]["current"], report["client_reports"]["previous"]) == (67, 39)


def test_markdown_and_html_carry_the_published_tables(bundle):
    review = build_review(bundle, REVIEW)
    nb = "\u00a0"
    markdown = review_to_markdown(review, bundle.catalogue, "fi")
    assert "## Asiakaskokemus ja osallisuus" in markdown
    assert "| Palvelun järjestäminen tai toteuttaminen | 50 | 37\u00a0% | 20 |" in markdown
    assert f"| Yhteensä (aiheiden maininnat) | 176 |  | 110 |" in markdown
    assert f"| Yhteensä (aiheiden maininnat) | 698 |  | 630 |" in markdown
    assert "| Sopimukset | 0 | 0\u00a0% | sisältyy: Päätökset |" in markdown
    assert "| Vahingonkorvaus, esinevahingot | 0 | 0\u00a0% | ei kirjattu erikseen |" in markdown
    assert f"1{nb}215 asiakaspalautetta" in markdown and "kiitoksia 660 ja kehittämisehdotuksia 492" in markdown
    assert "keskiarvo oli 4,3 asteikolla 1–5" in markdown
    english = review_to_markdown(review, bundle.catalogue, "en")
    assert "The social ombudsman was contacted 136 times in 5-8/2024 (a year before 86; +50, +58.1%)" in english
    html = review_to_html(review, bundle.catalogue, "sv", charts_included=False)
    assert "Kundupplevelse och delaktighet" in html and "Socialombudsmannen kontaktades 136 gånger" in html
    assert "<td class=\"num\">698</td>" in html


def test_below_the_county_the_section_says_it_is_shown_for_the_whole_county_only(bundle):
    area = bundle.org_units["palvelualue"].iloc[0]
    review = build_review(bundle, REVIEW, Scope(None, (), (area,)))
    assert review.experience is None
    assert "vain koko hyvinvointialueelta" in review_to_markdown(review, bundle.catalogue, "fi")
    assert review_to_dict(review, bundle.catalogue)["experience"] is None


def test_the_figures_follow_the_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data, ignore=shutil.ignore_patterns(".validated.json"))
    contacts = pd.read_parquet(data / "ombudsman_contacts.parquet")
    in_review = (contacts["contact_date"] >= REVIEW.start) & (contacts["contact_date"] < REVIEW.end)
    social = contacts.index[in_review & (contacts["ombudsman"] == "social")]
    # one more topic on one contact: a mention more, the same contacts
    first = social[0]
    topics = contacts.at[first, "topics"].split(";")
    added = next(t for t in ("waiting", "client_fees", "consultation") if t not in topics)
    contacts.at[first, "topics"] = ";".join([*topics, added])
    contacts = contacts.drop(index=social[1])  # and one contact fewer
    contacts.to_parquet(data / "ombudsman_contacts.parquet", index=False)
    feedback = pd.read_parquet(data / "feedback.parquet")
    feedback = feedback.drop(index=feedback.index[(feedback["received_date"] >= REVIEW.start)
                                                  & (feedback["received_date"] < REVIEW.end)][:15])
    feedback.to_parquet(data / "feedback.parquet", index=False)

    part = experience_review(load_bundle(data), REVIEW)
    social_part = part.ombudsmen["social"]
    assert social_part.contacts.current == 135
    removed_topics = len(pd.read_parquet(DEFAULT_DATA_DIR / "ombudsman_contacts.parquet").loc[social[1], "topics"]
                         .split(";"))
    assert social_part.mentions[0] == 176 + 1 - removed_topics
    assert part.feedback.count.current == 1200


# --- units and service areas, with the small-number rule ------------------------------------------------------

def _published(where: pd.DataFrame) -> dict[tuple, float]:
    """Every figure the 'where' table shows, as disclosure keys (hidden ones left out)."""
    shown = {}
    for row in where.to_dict("records"):
        level, org = ("unit", row["unit_id"]) if row["level"] == "unit" else ("palvelualue", row["palvelualue"])
        for column, key in (("feedback", ("feedback", dc.ALL)), ("thanks", ("feedback", "thanks")),
                            ("proposal", ("feedback", "proposal")), ("success", ("success", dc.ALL))):
            if row[column] == row[column]:
                shown[(key[0], level, org, key[1])] = row[column]
        if row["score"] == row["score"]:
            shown[("score_n", level, org, dc.ALL)] = shown[("score_sum", level, org, dc.ALL)] = row["score"]
    return shown


def test_unit_and_area_figures_hide_small_counts_and_none_comes_back_from_the_shown_ones(bundle):
    county = dc._county(bundle, None)
    cells = dc.experience_cells(bundle, county, REVIEW.start, REVIEW.end)
    problem = dc.experience_problem(cells, bundle.org_units, county)
    # what the table shows, in every scope a manager can choose (county, each toimiala, each palvelualue)
    scopes = [Scope()] + [Scope(None, (t,)) for t in sorted(set(bundle.org_units["toimiala"]))] \
        + [Scope(None, (), (p,)) for p in sorted(set(bundle.org_units["palvelualue"]))]
    shown: dict = {}
    for scope in scopes:
        shown.update(_published(where_table(bundle, REVIEW, scope)))
    assert len(shown) > 200
    values = dict(zip(problem.keys, problem.values))
    smalls = [k for k, primary in zip(problem.keys, problem.primary) if primary]
    assert len(smalls) > 20, "the sample has small unit counts to protect"
    for key in smalls:
        assert key not in shown, f"{key} = {values[key]} is shown"
    for key, value in shown.items():  # what is shown is the true figure
        if key[0] not in ("score_n", "score_sum"):
            assert value == values[key], key
    # the county's figures are public too: with them and everything shown, no small figure can be solved for
    published = [i for i, k in enumerate(problem.keys) if k in shown or k[1] == "county"]
    hidden = np.ones(len(problem.keys), dtype=bool)
    hidden[published] = False
    matrix = dc._matrix(problem.supports, problem.n_vars, problem.coefficients)
    back = dc.recoverable(matrix, hidden)
    exposed = [problem.keys[i] for i in np.flatnonzero(back) if problem.primary[i]]
    assert exposed == [], f"recoverable from the shown figures: {exposed[:5]}"


def test_a_units_mean_score_needs_five_scores_and_small_counts_read_less_than_five(bundle):
    where = where_table(bundle, REVIEW, Scope(None, (), ("Kotihoito",)))
    assert set(where["palvelualue"]) == {"Kotihoito"}
    area = where[where["level"] == "area"].iloc[0]
    assert (area["feedback"], area["thanks"], area["proposal"], area["success"]) == (194, 99, 84, 112)
    county = dc._county(bundle, None)
    cells = dc.experience_cells(bundle, county, REVIEW.start, REVIEW.end).set_index("unit_id")
    for row in where[where["level"] == "unit"].to_dict("records"):
        scored = cells.loc[row["unit_id"], "scored"] if row["unit_id"] in cells.index else 0
        if 0 < scored < 5:
            assert row["score"] != row["score"], row["unit"]
        feedback = cells.loc[row["unit_id"], ["fb_thanks", "fb_proposal", "fb_other"]].sum()
        assert row["small_feedback"] == (0 < feedback < 5)
    padasjoki = where.set_index("unit").loc["Padasjoen kotihoito"]
    assert padasjoki["small_feedback"] and padasjoki["feedback"] != padasjoki["feedback"]
    styled, data = words.where_display(where, "fi")
    assert data.set_index("unit").loc["Padasjoen kotihoito", "feedback"] == "< 5"
    assert "< 5" in styled.to_html() and "4,2" in styled.to_html()


# --- the page ---------------------------------------------------------------------------------------------------

def test_the_page_shows_the_published_figures_and_its_charts_have_data():
    from .test_app import open_page
    at = open_page("experience", period="5-8/2024")
    assert at.title[0].value == "Miten asiakkaat kokevat palvelut kaudella 5-8/2024?"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Asiakaspalautteet"] == "1\u00a0215" and metrics["Arvosanojen keskiarvo (1–5)"] == "4,3"
    assert metrics["Kiitokset"] == "660" and metrics["Kehittämisehdotukset"] == "492"
    text = " ".join(m.value for m in at.markdown)
    assert "Sosiaaliasiavastaavaan otettiin kaudella 5-8/2024 yhteyttä 136 kertaa (vuotta aiemmin 86; +50, +58,1\u00a0%)" \
        in text
    assert "aiheiden maininnat (176) ovat enemmän kuin yhteydenotot" in text
    assert "omainen, läheinen tai edunvalvoja (52\u00a0%)" in text
    assert "potilasasiavastaavaan" in text.lower() and "490 kertaa" in text
    assert "kuvassa on" in text  # each trend says which chart and why
    titles = [c.proto.alt for c in at.get("vega_lite_chart")]
    assert any(a.startswith("Asiakaspalautteet kuukausittain") for a in titles)
    assert any(a.startswith("Sosiaaliasiavastaava: aiheet") for a in titles)
    tables = [d.value for d in at.dataframe]
    social = next(f for f in tables if "Aihe" in f.columns and "Palvelun järjestäminen tai toteuttaminen" in set(f["Aihe"]))
    assert social.set_index("Aihe").loc["Yhteensä (aiheiden maininnat)", "5-8/2024"] == "176"
    assert social.set_index("Aihe").loc["Sopimukset", "5-8/2023"] == "sisältyy: Päätökset"


def test_the_page_in_english_keeps_the_chart_choice_in_the_link_and_says_county_only_below_it():
    from .test_app import open_page
    at = open_page("experience", period="5-8/2024", lang="en", kortti="c")
    assert at.radio(key="exp_chart").value == "c"
    assert "c chart" in " ".join(m.value for m in at.markdown)
    filtered = open_page("experience", period="5-8/2024", palvelualue="Kotihoito")
    assert filtered.info[0].value.startswith("Palvelualueen tai toimialan valinnalla sivu näyttää sen yksiköiden")
    assert not filtered.metric and not filtered.get("vega_lite_chart")
    [table] = [d.value for d in filtered.dataframe]
    assert set(table["Palvelualue"]) == {"Kotihoito"}
    rows = table.set_index("Yksikkö")
    assert rows.loc["Kaikki yksiköt", "Asiakaspalautteet"] == 194 and rows.loc["Kaikki yksiköt", "Onnistumisilmoitukset"] == 112
    assert rows.loc["Padasjoen kotihoito", "Asiakaspalautteet"] == SUPPRESSED  # a count of 1–4: "< 5"


def test_the_overview_and_the_slides_carry_the_section(bundle):
    from analytics.render.presentation import slides

    from .test_app import open_app
    at = open_app(period="5-8/2024", lang="en")
    assert "Customer experience and participation" in [h.value for h in at.header]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Customer feedback"] == "1,215" and metrics["Contacts to the social ombudsman"] == "136"
    assert metrics["Contacts to the patient ombudsman"] == "490" and metrics["Mean feedback score (1–5)"] == "4.3"
    assert metrics["Contact requests answered within 14 days"].endswith("%")
    review = build_review(bundle, REVIEW)
    shown = {s.key: s for s in slides(review, bundle.catalogue, "sv")}
    assert {"experience_feedback", "experience_social", "experience_patient", "experience_success"} <= set(shown)
    social = shown["experience_social"]
    assert social.title == "Socialombudsman" and "136 gånger" in social.finding
    assert social.metrics[0].value == "136" and social.chart is not None
    assert "412" in shown["experience_success"].finding and "+153" in shown["experience_success"].finding

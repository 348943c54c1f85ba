"""Binding goals (issue 26's foundation): the evaluation rule against DOMAIN §7's published Kanta-Häme figures,
the quarterly trend, the evaluation in words, the goals register (two editors at once, history, import and export
of a spreadsheet, refused input) and the sample's goals."""
from __future__ import annotations

import io
from dataclasses import replace

import pandas as pd
import pytest

from analytics import observations as obs
from analytics.domain.goals import (
    DEFAULT_RULE,
    Rule,
    achievement,
    evaluate,
    evaluate_quarters,
    latest,
    quarterly_trend,
)
from analytics.goals import (
    COLUMNS,
    GoalBook,
    GoalConflictError,
    GoalImportError,
    Kpi,
    Task,
    goal_from_state,
    goals_from_rows,
    without_bookkeeping,
)
from analytics.sample import goals as sample
from analytics.text import goals as words

NBSP = "\u00a0"
COUNTY = "Kanta-Hämeen hyvinvointialue"

# DOMAIN §7, Kanta-Häme's 2024 annex: target, direction and the published value of each quarter Q1..Q4.
DOMAIN_TABLE = {
    "rescue": (96, ">=", (71, 73, 87, 83)),
    "ems": (50, ">=", (46, 47, 54, 41)),
    "nps": (60, ">", (72.1, 74.9, 85.9, 86.1)),
    "housing": (6.75, "<=", (None, None, None, 7.14)),
}
# The share of the goal met in each quarter, worked out by hand (value / target; target / value for housing), and
# the colour by the annex's rule: green over 90 %, yellow over 50 %, red otherwise.
EXPECTED = {
    "rescue": ((0.7396, "yellow"), (0.7604, "yellow"), (0.9063, "green"), (0.8646, "yellow")),
    "ems": ((0.9200, "green"), (0.9400, "green"), (1.0800, "green"), (0.8200, "yellow")),
    "nps": ((1.2017, "green"), (1.2483, "green"), (1.4317, "green"), (1.4350, "green")),
    "housing": (None, None, None, (0.9454, "green")),
}
Q4_COLOURS = {"rescue": "yellow", "ems": "yellow", "nps": "green", "housing": "green"}


# --- the rule ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("goal", list(DOMAIN_TABLE))
def test_every_published_quarter_is_evaluated_as_the_annex_rule_says(goal):
    target, direction, values = DOMAIN_TABLE[goal]
    found = evaluate_quarters(values, target, direction)
    for quarter, expected in zip(("Q1", "Q2", "Q3", "Q4"), EXPECTED[goal]):
        evaluation = found[quarter]
        if expected is None:
            assert evaluation is None, f"{goal} {quarter} has no published value"
            continue
        fraction, colour = expected
        assert evaluation.achieved_fraction == pytest.approx(fraction, abs=5e-5), (goal, quarter)
        assert evaluation.colour == colour, (goal, quarter)
    assert found["Q4"].colour == Q4_COLOURS[goal]


def test_the_domain_figures_word_for_word():
    """DOMAIN §7's arithmetic: 83 % of a 96 % target is 86 % of the goal, partly met; 41 of 50 is 82 %; NPS 86,1
    beats > 60; 24-hour housing 7,14 % against at most 6,75 % is 6,75 / 7,14 = 94,5 %, green though not met."""
    rescue = evaluate(83, 96, ">=")
    assert round(rescue.achieved_fraction * 100) == 86 and rescue.colour == "yellow" and not rescue.met
    ems = evaluate(41, 50, ">=")
    assert round(ems.achieved_fraction * 100) == 82 and ems.colour == "yellow" and not ems.met
    nps = evaluate(86.1, 60, ">")
    assert nps.met and nps.colour == "green" and nps.achieved_fraction > 1 and nps.shown_fraction == 1.0
    housing = evaluate(7.14, 6.75, "<=")
    assert round(housing.achieved_fraction * 1000) == 945 and housing.colour == "green" and not housing.met


def test_the_rule_says_over_not_at_and_a_county_may_set_its_own():
    assert evaluate(90, 100, ">=").colour == "yellow", "exactly 90 % is not over 90 %"
    assert evaluate(90.1, 100, ">=").colour == "green"
    assert evaluate(50, 100, ">=").colour == "red" and evaluate(50.1, 100, ">=").colour == "yellow"
    assert evaluate(10, 100, ">=").colour == "red"
    stricter = Rule(green=0.95, yellow=0.8)
    assert evaluate(87, 96, ">=", stricter).colour == "yellow" and evaluate(87, 96, ">=").colour == "green"
    assert evaluate(73, 96, ">=", stricter).colour == "red"
    assert evaluate(60, 60, ">", Rule(green=1.0)).colour == "yellow", "a strict target is not met by itself"
    assert evaluate(60, 60, ">=", Rule(green=1.0)).colour == "green", "a target reached is green by any rule"
    for bad in ({"green": 0.5, "yellow": 0.9}, {"green": 1.2}, {"yellow": -0.1}, {"green": float("nan")}):
        with pytest.raises(ValueError):
            Rule(**bad)


def test_a_share_without_meaning_is_none_and_the_target_decides():
    assert achievement(5, 0, ">=") is None and achievement(0, 3, "<=") is None
    assert evaluate(5, 0, ">=").colour == "green" and evaluate(-5, 0, ">=").colour == "red"
    assert evaluate(0, 3, "<=").colour == "green" and evaluate(0, 3, "<=").met
    assert achievement(-20, 60, ">=") == pytest.approx(-1 / 3) and evaluate(-20, 60, ">=").colour == "red"
    with pytest.raises(ValueError):
        evaluate(1, 2, "==")
    with pytest.raises(ValueError):
        evaluate(float("nan"), 2, ">=")


def test_the_trend_over_the_quarters():
    rescue = quarterly_trend(DOMAIN_TABLE["rescue"][2])
    assert [p.change_from_previous for p in rescue] == [None, 2, 14, -4]
    assert [p.change_from_first for p in rescue] == [None, 2, 16, 12]
    gap = quarterly_trend({"Q1": 1.0, "Q3": 3.0, "Q4": 4.5})
    assert [p.change_from_previous for p in gap] == [None, None, None, 1.5]
    assert [p.change_from_first for p in gap] == [None, None, 2.0, 3.5]
    assert all(p.change_from_previous is None and p.change_from_first is None
               for p in quarterly_trend(DOMAIN_TABLE["housing"][2]))
    nps = quarterly_trend(DOMAIN_TABLE["nps"][2])
    assert nps[3].change_from_first == pytest.approx(14.0) and nps[1].change_from_previous == pytest.approx(2.8)
    assert latest(DOMAIN_TABLE["housing"][2]) == ("Q4", 7.14) and latest([None, None]) is None
    assert latest([71, 73, float("nan")]) == ("Q2", 73)
    with pytest.raises(ValueError):
        quarterly_trend([1, 2, 3, 4, 5])
    with pytest.raises(ValueError):
        quarterly_trend({"Q5": 1})


# --- in words ---------------------------------------------------------------------------------------------------

def test_the_evaluation_in_words():
    rescue = evaluate(83, 96, ">=")
    assert words.evaluation_sentence(rescue, "%", "fi") == \
        f"83{NBSP}% tavoitteesta 96{NBSP}% = 86{NBSP}% tavoitteesta: osittain saavutettu"
    assert words.evaluation_sentence(rescue, "%", "en") == "83% of a 96% target = 86% of the goal: partly met"
    assert words.evaluation_sentence(rescue, "%", "sv") == \
        f"83{NBSP}% av målet 96{NBSP}% = 86{NBSP}% av målet: delvis uppnått"
    assert words.evaluation_sentence(evaluate(7.14, 6.75, "<="), "%", "fi") == \
        f"7,14{NBSP}% tavoitteesta ≤{NBSP}6,75{NBSP}% = 95{NBSP}% tavoitteesta: tavoite saavutettu"
    assert words.evaluation_sentence(evaluate(86.1, 60, ">"), "", "fi") == \
        f"86,1 tavoitteesta >{NBSP}60 = 100{NBSP}% tavoitteesta: tavoite saavutettu", "shown as at most 100 %"
    assert words.evaluation_sentence(evaluate(20, 60, ">="), "", "en") == \
        "20 of a 60 target = 33% of the goal: not met"
    assert words.evaluation_sentence(evaluate(3, 0, ">"), "", "fi") == f"3, tavoite >{NBSP}0: tavoite saavutettu"
    assert words.evaluation_sentence(None, "%", "fi") == "Ei arvoa"


def test_a_share_next_to_a_limit_is_not_rounded_onto_it():
    assert words.achieved_text(evaluate(89.9, 100, ">="), "fi") == f"89,9{NBSP}%"
    assert words.achieved_text(evaluate(89.4, 100, ">="), "fi") == f"89{NBSP}%"
    assert words.achieved_text(evaluate(94.6, 100, ">="), "fi", Rule(green=0.95)) == f"94,6{NBSP}%"


def test_states_and_colours_have_names_and_symbols():
    assert words.state_name("challenges", "fi") == "Työn toteutuksessa haasteita, joita ratkaistaan"
    assert words.state_name("stalled", "en") == "Work not progressing, support needed"
    assert words.colour_text("yellow", "fi") == "◐ Osittain saavutettu"
    assert words.colour_name("red", "sv") == "Inte uppnått"


# --- the register -----------------------------------------------------------------------------------------------

RESCUE = Kpi("Toimintavalmius riskialueilla", 96, ">=", "%", values=(71, 73, 87, 83))


@pytest.fixture
def path(tmp_path) -> str:
    return str(tmp_path / "omavalvonta.sqlite3")


@pytest.fixture
def book(path) -> GoalBook:
    return GoalBook(path)


def test_goals_live_in_the_observations_database(path):
    book = GoalBook(path)
    notebook = obs.Notebook(path)
    assert book.notebook.schema_version() == obs.MIGRATIONS[-1][0] == 3
    goal = book.add(COUNTY, 2024, "Pelastustoimen toimintavalmius", "Maija", kpis=[RESCUE])
    notebook.add(obs.Place("vaaratapahtumat", "trend", COUNTY, "5-8/2024"), "Havainto", "Maija")
    assert book.get(goal.id).kpis == (RESCUE,) and len(notebook.of_period(COUNTY, "5-8/2024")) == 1


def test_a_database_of_the_second_schema_gets_the_goal_tables_and_keeps_its_data(path, monkeypatch):
    with monkeypatch.context() as old_code:
        old_code.setattr(obs, "MIGRATIONS", obs.MIGRATIONS[:2])
        old = obs.Notebook(path)
        kept = old.add(obs.Place("vaaratapahtumat", "trend", COUNTY, "5-8/2024"), "Ennen tavoitteita", "Maija")
        assert old.schema_version() == 2
        old.engine.dispose()
    book = GoalBook(path)
    assert book.notebook.schema_version() == 3 and book.notebook.get(kept.id).text == "Ennen tavoitteita"
    assert book.add(COUNTY, 2024, "Tavoite", "Maija").version == 1


def test_add_edit_and_history_keep_every_version(book):
    goal = book.add(COUNTY, 2024, "Pelastustoimen toimintavalmius", "Maija", priority="Turvallinen arki",
                    toimiala="Pelastustoimi", kpis=[RESCUE],
                    tasks=[Task("Lähtöaikojen seuranta", "Pelastuspäällikkö", 90, ("challenges",))],
                    summaries={"Q1": "Jäi tavoitteesta."})
    assert goal.version == 1 and goal.summaries == ("Jäi tavoitteesta.", "", "", "")
    assert goal.tasks[0].states == ("challenges", None, None, None)
    moved = book.edit(goal.id, 1, "Pekka", tasks=[Task("Lähtöaikojen seuranta", "Pelastuspäällikkö", 95,
                                                       ("challenges", "on_plan"))])
    assert moved.version == 2 and moved.updated_by == "Pekka" and moved.tasks[0].completion == 95
    assert moved.created_by == "Maija" and moved.kpis == (RESCUE,), "what the edit did not name is kept"
    history = book.history(goal.id)
    assert [(h["version"], h["changed_by"], h["changed"]) for h in history] == [
        (1, "Maija", ["county", "year", "title", "priority", "toimiala", "responsible", "description", "kpis",
                      "tasks", "summaries"]),
        (2, "Pekka", ["tasks"])]
    assert goal_from_state(history[0]["state"]) == goal and goal_from_state(history[1]["state"]) == moved
    assert book.of_county(COUNTY, 2024) == [moved] and book.of_county(COUNTY, 2023) == []


def test_the_second_of_two_editors_is_refused_and_nothing_is_lost(path):
    GoalBook(path).add(COUNTY, 2024, "Asiakaskokemus on hyvä", "Valmistelija",
                       kpis=[Kpi("NPS", 60, ">", values=(72.1, 74.9, 85.9, 86.1))])
    first_session, second_session = GoalBook(path), GoalBook(path)
    opened_by_first = first_session.of_county(COUNTY, 2024)[0]
    opened_by_second = second_session.of_county(COUNTY, 2024)[0]
    first_session.edit(opened_by_first.id, opened_by_first.version, "Maija", summaries=["", "", "", "NPS 86,1."])
    typed = {"summaries": ["", "", "", "Pekan tiivistelmä."]}
    with pytest.raises(GoalConflictError) as refused:
        second_session.edit(opened_by_second.id, opened_by_second.version, "Pekka", **typed)
    assert isinstance(refused.value, obs.ConflictError) and refused.value.code == "conflict"
    assert refused.value.values["who"] == "Maija" and "Maija" in str(refused.value)
    assert refused.value.current.summaries[3] == "NPS 86,1." and refused.value.current.version == 2
    assert typed == {"summaries": ["", "", "", "Pekan tiivistelmä."]}, "the caller keeps its input"
    stored = second_session.get(opened_by_second.id)
    assert stored.summaries[3] == "NPS 86,1." and stored.updated_by == "Maija", "the first save is kept"
    again = second_session.edit(stored.id, stored.version, "Pekka", **typed)  # Pekka opens it again and saves
    history = first_session.history(stored.id)
    assert [(h["version"], h["changed_by"], h["state"]["summaries"][3]) for h in history] == [
        (1, "Valmistelija", ""), (2, "Maija", "NPS 86,1."), (3, "Pekka", "Pekan tiivistelmä.")]
    assert again.version == 3 and first_session.marker() == 3


@pytest.mark.parametrize("changes, code, field", [
    ({"title": "  "}, "empty", "title"),
    ({"title": "x" * 501}, "too_long", "title"),
    ({"year": 1999}, "year", "year"),
    ({"year": "2024,5"}, "year", "year"),
    ({"kpis": [Kpi("NPS", "paljon", ">")]}, "number", "target"),
    ({"kpis": [Kpi("NPS", 60, "==")]}, "direction", "direction"),
    ({"kpis": [Kpi("", 60, ">")]}, "empty", "kpi"),
    ({"kpis": [Kpi("NPS", 60, ">", values=(72.1, "hyvä"))]}, "number", "value"),
    ({"kpis": [Kpi("NPS", 60, ">"), Kpi("nps", 70, ">")]}, "duplicate", "kpis"),
    ({"tasks": [Task("Palaute", completion=120)]}, "completion", "completion"),
    ({"tasks": [Task("Palaute", completion=-1)]}, "completion", "completion"),
    ({"tasks": [Task("Palaute", states=("valmis soon",))]}, "state", "state"),
    ({"tasks": [Task("")]}, "empty", "task"),
    ({"summaries": {"Q5": "x"}}, "quarter", "quarter"),
])
def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(book, changes, code, field):
    base = {"county": COUNTY, "year": 2024, "title": "Tavoite"}
    with pytest.raises(obs.ObservationError) as refused:
        book.add(author="Maija", **{**base, **changes})
    assert refused.value.code == code and refused.value.values.get("field") == field
    assert book.marker() == 0 and book.all() == []
    goal = book.add(author="Maija", **base)
    with pytest.raises(obs.ObservationError) as refused:
        book.edit(goal.id, goal.version, "Pekka", **changes)
    assert refused.value.code == code and book.get(goal.id) == goal and book.marker() == 1


def test_a_second_goal_with_the_same_text_and_unknown_fields_are_refused(book):
    goal = book.add(COUNTY, 2024, "Tavoite", "Maija")
    with pytest.raises(obs.ObservationError) as refused:
        book.add(COUNTY, 2024, "Tavoite", "Pekka")
    assert refused.value.code == "duplicate"
    assert book.add(COUNTY, 2025, "Tavoite", "Pekka").year == 2025, "the same text in another year is another goal"
    with pytest.raises(TypeError):
        book.edit(goal.id, 1, "Pekka", colour="green")
    with pytest.raises(obs.ObservationError) as refused:
        book.edit(999, 1, "Pekka", title="Uusi")
    assert refused.value.code == "missing"
    with pytest.raises(obs.ObservationError) as refused:
        book.edit(goal.id, 1, "", title="Uusi")
    assert refused.value.code == "empty" and book.get(goal.id).title == "Tavoite"


def test_a_county_sets_its_rule(book):
    assert book.rule(COUNTY) == DEFAULT_RULE == Rule(0.9, 0.5)
    book.set_rule(COUNTY, Rule(green=0.95, yellow=0.75), "Maija")
    book.set_rule(COUNTY, Rule(green=0.95, yellow=0.8), "Maija")
    assert book.rule(COUNTY) == Rule(0.95, 0.8) and book.rule("Muu alue") == DEFAULT_RULE
    assert RESCUE.evaluations(book.rule(COUNTY))["Q3"].colour == "yellow"
    assert RESCUE.evaluations()["Q3"].colour == "green"


# --- the spreadsheet --------------------------------------------------------------------------------------------

def test_export_imports_back_as_it_was(tmp_path):
    source = GoalBook(str(tmp_path / "a.sqlite3"))
    sample.seed_goals(source)
    source.add("Päijät-Hämeen hyvinvointialue", 2025, "Tavoite ilman mittareita", "Maija", toimiala="Sote")
    exported = source.export_frame()
    assert list(exported.columns) == list(COLUMNS)
    target = GoalBook(str(tmp_path / "b.sqlite3"))
    target.import_rows(exported, "Tuoja")
    assert [without_bookkeeping(g) for g in target.all()] == [without_bookkeeping(g) for g in source.all()]
    pd.testing.assert_frame_equal(target.export_frame(), exported)
    # through a CSV file, as a spreadsheet would save it: every cell text, empty cells empty
    via_csv = pd.read_csv(io.StringIO(exported.to_csv(index=False)), dtype=str, keep_default_na=False)
    third = GoalBook(str(tmp_path / "c.sqlite3"))
    third.import_rows(via_csv, "Tuoja")
    assert [without_bookkeeping(g) for g in third.all()] == [without_bookkeeping(g) for g in source.all()]
    assert len(source.export_frame(sample.COUNTY, 2024)) == len(exported) - 1
    assert source.export_frame(sample.COUNTY, 2023).empty


def test_importing_an_existing_goal_saves_a_new_version(book):
    sample.seed_goals(book)
    frame = book.export_frame()
    frame.loc[(frame["kind"] == "kpi") & (frame["quarter"] == "Q4") & (frame["kpi"] == "Asiakaskokemus, NPS"),
              "value"] = 90.5
    saved = book.import_rows(frame, "Tuoja")
    assert len(book.all()) == 4 and [g.version for g in saved] == [2, 2, 2, 2]
    nps = next(g for g in book.all() if g.kpis[0].name == "Asiakaskokemus, NPS")
    assert nps.kpis[0].values == (72.1, 74.9, 85.9, 90.5) and book.history(nps.id)[-1]["changed_by"] == "Tuoja"
    assert book.history(nps.id)[-1]["changed"] == ["kpis"]


def test_a_hand_written_sheet_in_finnish_habits_is_read():
    """Decimal commas, a percent sign, a state by its Finnish name, ≤, quarters as numbers, goal fields once."""
    frame = pd.DataFrame([
        {"county": COUNTY, "year": "2024", "goal": "Asumisen kattavuus", "toimiala": "Ikäihmiset", "kind": "kpi",
         "kpi": "Kattavuus", "target": "6,75 %", "direction": "≤", "unit": "%", "quarter": "4", "value": "7,14"},
        {"county": COUNTY, "year": 2024, "goal": "Asumisen kattavuus", "kind": "task", "task": "Kotihoito",
         "task_responsible": "Johtaja", "completion": "80", "quarter": "Q2",
         "state": "työn toteutuksessa haasteita, joita ratkaistaan"},
        {"county": COUNTY, "year": 2024, "goal": "Asumisen kattavuus", "kind": "summary", "quarter": "Q4",
         "summary": "Joulukuussa 7,14 %."},
    ])
    [goal] = goals_from_rows(frame)
    assert goal["toimiala"] == "Ikäihmiset" and goal["year"] == 2024
    assert goal["kpis"] == [{"name": "Kattavuus", "target": 6.75, "direction": "<=", "unit": "%", "indicator": "",
                             "values": [None, None, None, 7.14]}]
    assert goal["tasks"][0]["states"] == [None, "challenges", None, None] and goal["tasks"][0]["completion"] == 80
    assert goal["summaries"] == {"Q4": "Joulukuussa 7,14 %."}


GOOD_ROW = {"county": COUNTY, "year": 2024, "goal": "Asiakaskokemus on hyvä", "kind": "kpi", "kpi": "NPS",
            "target": 60, "direction": ">", "quarter": "Q1", "value": 72.1}


@pytest.mark.parametrize("rows, columns, row, column, code", [
    ([GOOD_ROW, {**GOOD_ROW, "quarter": "Q2", "value": "paljon"}], None, 3, "value", "number"),
    ([GOOD_ROW, {**GOOD_ROW, "kind": "task", "task": "Palaute", "state": "ehkä"}], None, 3, "state", "state"),
    ([GOOD_ROW, {**GOOD_ROW, "kind": "task", "task": "Palaute", "completion": "150"}], None, 3, "completion",
     "completion"),
    ([GOOD_ROW, {**GOOD_ROW, "quarter": "Q2", "direction": "<"}], None, 3, "direction", "differs"),
    ([GOOD_ROW, GOOD_ROW], None, 3, "quarter", "duplicate"),
    ([GOOD_ROW, {**GOOD_ROW, "year": "vuosi"}], None, 3, "year", "number"),
    ([GOOD_ROW, {**GOOD_ROW, "kind": "chart"}], None, 3, "kind", "kind"),
    ([GOOD_ROW, {**GOOD_ROW, "quarter": "Q7"}], None, 3, "quarter", "quarter"),
    ([{**GOOD_ROW, "target": None}], None, 2, "target", "empty"),
    ([{**GOOD_ROW, "goal": ""}], None, 2, "goal", "empty"),
    ([], list(COLUMNS), None, None, "empty"),
    ([GOOD_ROW], [c for c in COLUMNS if c != "goal"], None, "goal", "missing_column"),
])
def test_a_bad_sheet_is_refused_naming_row_and_column_and_nothing_is_imported(book, rows, columns, row, column,
                                                                                code):
    good = {**GOOD_ROW, "goal": "Toinen tavoite"}  # a good goal in the same file is not imported either
    frame = pd.DataFrame([good, *rows] if rows else [], columns=columns or list(COLUMNS))
    if row is not None:
        row += 1  # the good row comes first
    with pytest.raises(GoalImportError) as refused:
        book.import_rows(frame, "Tuoja")
    problems = refused.value.problems
    assert [(p["row"], p["column"], p["code"]) for p in problems] == [(row, column, code)]
    where = ", ".join(filter(None, [f"row {row}" if row else "", f"column {column}" if column else ""]))
    assert problems[0]["message"].startswith(where) and where in str(refused.value)
    assert refused.value.code == "import" and book.all() == [] and book.marker() == 0


def test_every_problem_of_a_sheet_is_reported_at_once(book):
    frame = pd.DataFrame([{**GOOD_ROW, "value": "x"}, {**GOOD_ROW, "quarter": "Q2", "direction": "="},
                          {**GOOD_ROW, "kind": "summary", "quarter": "", "summary": "Teksti"}])
    with pytest.raises(GoalImportError) as refused:
        book.import_rows(frame, "Tuoja")
    assert [(p["row"], p["column"]) for p in refused.value.problems] == [(2, "value"), (3, "direction"),
                                                                        (4, "quarter")]
    assert "3 problem(s)" in str(refused.value) and book.all() == []


# --- the sample -------------------------------------------------------------------------------------------------

def test_the_sample_holds_the_published_values_and_seeding_is_idempotent(book):
    seeded = sample.seed_goals(book)
    marker = book.marker()
    assert sample.seed_goals(book) == seeded and book.marker() == marker == 4, "a second seeding adds nothing"
    assert [g.county for g in seeded] == [sample.COUNTY] * 4 and {g.year for g in seeded} == {2024}
    assert sample.COUNTY == "Päijät-Hämeen hyvinvointialue", "mapped onto the sample county, whose data is bundled"
    published = {(k.target, k.direction, k.values) for g in seeded for k in g.kpis}
    assert published == {(float(t), d, tuple(None if v is None else float(v) for v in values))
                         for t, d, values in DOMAIN_TABLE.values()}
    q4 = sorted(k.evaluations(book.rule(sample.COUNTY))["Q4"].colour for g in seeded for k in g.kpis)
    assert q4 == sorted(Q4_COLOURS.values())
    for goal in seeded:
        assert "havainnollistav" in goal.description and 2 <= len(goal.tasks) <= 3
        assert all(s.startswith(sample.SUMMARY_NOTE) for s in goal.summaries)
        assert all(state in ("on_plan", "challenges", "stalled", "done") for task in goal.tasks
                   for state in task.states)
    assert {task.completion for g in seeded for task in g.tasks} == {90, 80, 70}
    label = sample.sample_label("fi")
    assert label.startswith("Esimerkki: Päijät-Hämeen esimerkkiaineiston sitovat tavoitteet 2024")
    assert "Kanta-Hämeen hyvinvointialueen julkaisemista" in label and "havainnollistavia" in label
    assert sample.sample_label("en").startswith("Example:") and "Kanta-Häme" in sample.sample_label("en")
    assert all(sample.is_sample(g) for g in seeded)


def test_the_sample_goals_are_seeded_only_onto_the_sample_data(book, tmp_path):
    from analytics.data.bundle import DEFAULT_DATA_DIR

    assert sample.ensure_sample_goals(book, tmp_path) == [] and book.all() == [], "a county's own data: no examples"
    seeded = sample.ensure_sample_goals(book, DEFAULT_DATA_DIR)
    assert len(seeded) == 4 and sample.ensure_sample_goals(book, DEFAULT_DATA_DIR) == seeded
    assert book.marker() == 4, "a second call adds nothing"


def test_seeding_leaves_a_county_with_goals_alone(book):
    own = book.add(sample.COUNTY, sample.YEAR, "Oma tavoite", "Maija")
    assert sample.seed_goals(book) == [own]
    assert len(book.all()) == 1


def test_a_kpi_linked_to_a_catalogue_indicator_takes_its_quarters_from_the_data(book):
    from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
    from analytics.views.goals import with_linked_values

    data = load_bundle(DEFAULT_DATA_DIR)
    county = data.org_units["county"].iloc[0]
    linked = Kpi("Hoidon tarpeen arviointi 3 arkipäivässä", 90, ">=", "%", "own_primary_care_3_days",
                 values=(None, None, None, 55.0))
    entered = Kpi("Kirjattu käsin", 50, ">=", "%", values=(40.0, None, None, None))
    goal = book.add(county, 2024, "Hoitoon pääsee ajallaan", "Maija", kpis=[linked, entered])
    [shown] = with_linked_values(book.of_county(county, 2024), data, 2024, county)
    # the same quarters straight from the parquet file: summed numerators over summed denominators
    rows = pd.read_parquet(DEFAULT_DATA_DIR / "own_values.parquet")
    rows = rows[rows["indicator_id"] == "own_primary_care_3_days"]
    month = rows["period"].str.split("/").str[0].astype(int)
    year = rows["period"].str.split("/").str[1].astype(int)
    expected = []
    for q in range(4):
        part = rows[(year == 2024) & ((month - 1) // 3 == q)]
        expected.append(round(part["numerator"].sum() / part["denominator"].sum() * 100, 2))
    assert shown.kpis[0].values == pytest.approx(tuple(expected), abs=0.01)
    assert shown.kpis[0].values[3] != 55.0, "the data's value wins over an entered one"
    assert shown.kpis[1] == entered, "a KPI without a link keeps what was entered"
    assert book.get(goal.id).kpis[0].values == (None, None, None, 55.0), "nothing is written back"
    # the rescue class I share, quarter by quarter, as the rescue tables give it
    tasks = pd.read_parquet(DEFAULT_DATA_DIR / "rescue_tasks.parquet")
    minutes = (tasks["arrival_time"] - tasks["alarm_time"]).dt.total_seconds() / 60
    rescue = Kpi("Toimintavalmius I", 96, ">=", "%", "rescue_compliance_I")
    [with_rescue] = with_linked_values([replace(goal, kpis=(rescue,))], data, 2024, county)
    q1 = tasks[(tasks["alarm_time"] >= "2024-01-01") & (tasks["alarm_time"] < "2024-04-01") & (tasks["risk_class"] == "I")]
    share = (minutes[q1.index] <= data.catalogue.get("rescue_compliance_I").target_minutes).mean() * 100
    assert with_rescue.kpis[0].values[0] == pytest.approx(share, abs=0.01)

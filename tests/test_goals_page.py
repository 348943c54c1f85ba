"""The binding goals page (AppTest) and slides: the sample's four goals with value, trend, target and the evaluation
in words (DOMAIN §7's published Kanta-Häme values, mapped onto the sample county), a goal chosen by the link, the
toimiala filter, English, a quarter's edit saved and a concurrent edit refused with the typed input kept, a
spreadsheet's problems said by row and column, the empty state, and the council seminar's goal slides."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics.core.periods import Tertial
from analytics.goals import GoalBook
from analytics.render.presentation import slides
from analytics.sample import goals as sample
from analytics.views.review import build_review

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/goals.py"
NBSP = "\u00a0"


def page(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def overview(at: AppTest):
    """The goals at a glance (a static table: cells are Markdown, data's words made literal)."""
    return at.table[0].value


def goal_id(database: Path, title_start: str) -> int:
    return next(g.id for g in GoalBook(str(database)).all() if g.title.startswith(title_start))


def test_the_page_shows_the_sample_goals_with_value_trend_target_and_the_evaluation_in_words(database):
    at = page()
    assert at.title[0].value == "Miten sitovat tavoitteet toteutuvat vuonna 2024?"
    infos = [i.value for i in at.info]
    assert infos[0] == sample.sample_label("fi") and "Kanta-Hämeen hyvinvointialueen julkaisemista" in infos[0]
    assert infos[1] == "Viimeisimpien arvojen mukaan (Q4/2024) 4 tavoitteesta 2 on saavutettu, 2 osittain saavutettu " \
                       "ja 0 ei saavutettu."
    table = overview(at)
    assert len(table) == 4
    rescue = table.iloc[0]
    assert rescue["Viimeisin arvo"] == f"83{NBSP}% (Q4)" and rescue["Tavoitetaso"] == f"96{NBSP}%"
    assert rescue["Muutos"] == f"↘ −4 %-yks." and rescue["Kehitys neljänneksittäin"] == \
        f"Q1{NBSP}71{NBSP}% → Q2{NBSP}73{NBSP}% → Q3{NBSP}87{NBSP}% → Q4{NBSP}83{NBSP}%"
    assert rescue["Arvio"] == f"83{NBSP}% tavoitteesta 96{NBSP}% = 86{NBSP}% tavoitteesta: osittain saavutettu"
    assert rescue["Tila"] == "◐ Osittain saavutettu"
    assert list(table["Arvio"])[1] == f"41{NBSP}% tavoitteesta 50{NBSP}% = 82{NBSP}% tavoitteesta: osittain saavutettu"
    assert list(table["Tavoitetaso"]) == [f"96{NBSP}%", f"50{NBSP}%", f"\\>{NBSP}60", f"≤{NBSP}6,75{NBSP}%"]
    assert list(table["Tila"]).count("✔ Tavoite saavutettu") == 2
    # one goal in depth: the first, its chart, the arithmetic per quarter, the tasks by quarter, the summaries
    markdown = "\n".join(m.value for m in at.markdown)
    assert f"Q3: 87{NBSP}% tavoitteesta 96{NBSP}% = 91{NBSP}% tavoitteesta: tavoite saavutettu" in markdown
    tasks = at.table[1].value
    assert list(tasks.columns[-4:]) == ["Q1", "Q2", "Q3", "Q4"] and len(tasks) == 3
    assert tasks.iloc[0]["Q1"] == "Työn toteutuksessa haasteita, joita ratkaistaan"
    assert "Havainnollistava tiivistelmä" in markdown
    assert len(at.get("vega_lite_chart")) == 1
    assert at.get("download_button"), "the goals and the figures download"


def test_a_goal_chosen_by_the_link_and_the_toimiala_filter_are_kept(database):
    page()  # seeds the sample's goals
    nps = goal_id(database, "Asiakaskokemus")
    at = page(tavoite=str(nps))
    assert at.selectbox(key="goals_goal").value == str(nps) and at.subheader[0].value == "Asiakaskokemus on hyvä"
    assert at.query_params["tavoite"] == str(nps)
    markdown = "\n".join(m.value for m in at.markdown)
    assert "Q4: 86,1 tavoitteesta \\>\u00a060 = 100\u00a0% tavoitteesta: tavoite saavutettu" in markdown  # > shown literally
    at = page(vastuutoimiala="Pelastustoimi")
    assert at.multiselect(key="goals_toimiala").value == ["Pelastustoimi"]
    assert list(overview(at)["Tavoite"]) == ["Pelastustoimen toimintavalmius toteutuu riskialueilla tavoitteen mukaisesti"]
    assert at.query_params["vastuutoimiala"] == "Pelastustoimi"
    assert "1 tavoitteesta 0 on saavutettu, 1 osittain" in at.info[1].value
    at.multiselect(key="goals_priority").set_value(["Asiakaslähtöiset palvelut"]).run()
    assert any("Poista rajaus" in i.value for i in at.info), "no goal of both: said, not an empty table"


def test_english(database):
    at = page(lang="en")
    assert at.title[0].value == "How are the binding goals of 2024 being met?"
    assert at.info[0].value.startswith("Example:") and "Kanta-Häme" in at.info[0].value
    table = overview(at)
    assert table.iloc[0]["Evaluation"] == "83% of a 96% target = 86% of the goal: partly met"
    assert table.iloc[0]["Change"] == "↘ -4 pp" and table.iloc[2]["Latest value"] == "86.1 (Q4)"


def _typed(at: AppTest, goal: int, field: str):
    return at.text_input(key=f"goal_edit_{goal}_Q4_1_{field}")


def test_an_edit_is_saved_and_a_concurrent_one_refused_with_the_input_kept(database):
    first, second = page(), page()  # two people open the same goal (version 1)
    rescue = goal_id(database, "Pelastustoimen")
    _typed(first, rescue, "kpi_0").set_value("85")
    first.text_input(key=f"goal_edit_{rescue}_Q4_author").set_value("Maija")
    first.text_area(key=f"goal_edit_{rescue}_Q4_1_summary").set_value("Parani loppuvuodesta.")
    first.selectbox(key=f"goal_edit_{rescue}_Q4_1_task_0_state").set_value("done")
    _typed(first, rescue, "task_0_completion").set_value("100")
    first.button(key=f"goal_edit_{rescue}_Q4_save").click().run()
    assert not first.exception
    assert any("Tallennettu (versio 2)" in s.value for s in first.success)
    saved = GoalBook(str(database)).get(rescue)
    assert saved.version == 2 and saved.kpis[0].values == (71, 73, 87, 85) and saved.updated_by == "Maija"
    assert saved.summaries[3] == "Parani loppuvuodesta."
    assert saved.tasks[0].states == ("challenges", "challenges", "on_plan", "done") and saved.tasks[0].completion == 100
    assert overview(first).iloc[0]["Viimeisin arvo"] == f"85{NBSP}% (Q4)"

    _typed(second, rescue, "kpi_0").set_value("90,5")  # typed into the form opened at version 1
    second.text_input(key=f"goal_edit_{rescue}_Q4_author").set_value("Pekka")
    second.button(key=f"goal_edit_{rescue}_Q4_save").click().run()
    assert not second.exception
    errors = [e.value for e in second.error]
    assert any("Maija tallensi tämän tavoitteen" in e and "mitään kadonnut" in e for e in errors), errors
    assert _typed(second, rescue, "kpi_0").value == "90,5", "the typed input is kept"
    assert any(f"85{NBSP}%" in c.value for c in second.caption), "the other person's save is shown beside it"
    assert GoalBook(str(database)).get(rescue).kpis[0].values[3] == 85, "nothing overwritten"
    # saved again deliberately, from the newest version
    second.button(key=f"goal_edit_{rescue}_Q4_save").click().run()
    assert GoalBook(str(database)).get(rescue).kpis[0].values[3] == 90.5
    history = GoalBook(str(database)).history(rescue)
    assert [h["changed_by"] for h in history] == [sample.SAMPLE_AUTHOR, "Maija", "Pekka"]


def test_a_spreadsheet_s_problems_are_said_by_row_and_column_and_nothing_is_imported(database):
    from ui.goals import import_file

    book = GoalBook(str(database))
    sheet = ("county;year;goal;kind;kpi;target;direction;quarter;value\n"
             "Päijät-Hämeen hyvinvointialue;2024;Jonot lyhenevät;kpi;Hoitoon pääsy;80;>=;Q1;75\n"
             "Päijät-Hämeen hyvinvointialue;2024;Jonot lyhenevät;kpi;Hoitoon pääsy;80;>=;Q5;paljon\n")
    kind, message, problems = import_file(book, sheet.encode(), "tavoitteet.csv", "Maija", "fi")
    assert kind == "error" and message.startswith("Mitään ei tuotu: tiedostossa on")
    assert list(problems.columns) == ["Rivi", "Sarake", "Arvo tiedostossa", "Mitä tehdä"]
    assert problems.iloc[0]["Rivi"] == "3" and problems.iloc[0]["Sarake"] == "quarter"
    assert "kirjoita Q1, Q2, Q3 tai Q4" in problems.iloc[0]["Mitä tehdä"]
    assert book.all() == [], "all or nothing"
    kind, message, _ = import_file(book, sheet.replace("Q5;paljon", "Q2;78").encode(), "tavoitteet.csv", "Maija", "en")
    assert kind == "success" and message == "One goal was imported."
    assert book.all()[0].kpis[0].values == (75, 78, None, None)
    kind, message, _ = import_file(book, b"\x00\x01", "tavoitteet.csv", "Maija", "fi")
    assert kind == "error" and message.startswith("Tiedostoa ei voitu lukea")


def test_a_county_without_goals_says_how_to_add_them(database, data_copy, monkeypatch):
    (data_copy / "dataset.toml").unlink()  # a county's own data: no example goals
    monkeypatch.setenv("OMAVALVONTA_DATA_DIR", str(data_copy))
    at = page()
    assert "ei ole vielä kirjattu sitovia tavoitteita" in at.info[0].value and "tuomalla taulukko" in at.info[0].value
    assert at.button(key="FormSubmitter:goal_import-Tuo tavoitteet") is not None


def test_the_slides_end_with_the_goals(bundle, database):
    book = GoalBook(str(database))
    goals = sample.seed_goals(book)
    review = build_review(bundle, Tertial.parse("5-8/2024"))
    without = slides(review, bundle.catalogue, "fi")
    shown = slides(review, bundle.catalogue, "fi", goals=goals)
    assert len(shown) == len(without) + 5 and [s.key for s in shown[:len(without)]] == [s.key for s in without]
    overview_slide, first = shown[len(without)], shown[len(without) + 1]
    assert overview_slide.title == "Sitovat tavoitteet 2024: arvo, kehitys ja tavoite"
    assert overview_slide.finding.startswith("Viimeisimpien arvojen mukaan (Q4/2024)") and len(overview_slide.table) == 4
    assert first.chart is not None and first.metrics[0].value == f"83{NBSP}% (Q4)"
    assert "86\u00a0% tavoitteesta" in first.finding and first.metrics[0].note == f"Tavoite: 96{NBSP}%"
    english = slides(review, bundle.catalogue, "en", goals=goals)
    assert english[-4].metrics[0].change == "↘ -4 pp"

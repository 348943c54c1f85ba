"""Observations in the app (AppTest): added under a chart, seen by another session with the same filters, edited
by two people at once, closed with history; the Actions page; the review page; presentation mode."""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import observations as obs

APP = str(Path(__file__).resolve().parent.parent / "app.py")
COUNTY = "Päijät-Hämeen hyvinvointialue"


def session(page: str = "app_pages/incidents.py", **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in {"period": "5-8/2024", **params}.items():
        at.query_params[key] = value
    at.run()
    if page != "app_pages/overview.py":
        at.switch_page(page).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def save_button(at: AppTest, prefix: str):
    """A form's "Tallenna": its key carries the form's idempotency key (``obs_add_trend_save_<key>``)."""
    [button] = [b for b in at.button if (b.key or "").startswith(f"{prefix}_save_")]
    return button


def edit_field(widgets, observation_id: int, name: str):
    """The editor's field ``name`` of an observation: its key carries the editor's start (``obs_edit_<id>_<n>_text``),
    new each time the editor starts afresh on the newest version."""
    [widget] = [w for w in widgets if re.fullmatch(rf"obs_edit_{observation_id}_\d+_{name}", w.key or "")]
    return widget


def add(at: AppTest, slot: str, text: str, author: str, action: str = "") -> AppTest:
    at.text_area(key=f"obs_add_{slot}_text").input(text)
    at.text_input(key=f"obs_add_{slot}_author").input(author)
    if action:
        at.text_input(key=f"obs_add_{slot}_what").input(action)
    return save_button(at, f"obs_add_{slot}").click().run()


def test_an_observation_under_a_chart_is_seen_by_everyone_with_the_same_filters(database):
    maija = session(palvelualue="Kotihoito")
    add(maija, "trend", "Kaatumiset <b>lisääntyivät</b> [linkki](https://evil.example)", "Maija", "Selvitetään")
    assert not maija.exception and [s.value for s in maija.success] == ["Havainto tallennettu."]
    escaped = "Kaatumiset \\<b\\>lisääntyivät\\</b\\> \\[linkki\\](https\u2060://evil.example)"
    assert any(escaped in m for m in texts(maija)), "shown as text, not HTML or a link"
    assert maija.text_area(key="obs_add_trend_text").value == "", "the form is empty for the next one"

    pekka = session(palvelualue="Kotihoito")
    assert any(escaped in m for m in texts(pekka))
    assert any("Kehittämistoimi: Selvitetään" in m for m in texts(pekka))
    other_area = session(palvelualue="Asumispalvelut")
    assert not any("lisääntyivät" in m for m in texts(other_area)), "another palvelualue is another view"
    other_category = session(palvelualue="Kotihoito", luokka="occupational_safety")
    assert not any("lisääntyivät" in m for m in texts(other_category)), "another category is another chart"
    saved = obs.Notebook(database).of_period(COUNTY, "5-8/2024")
    assert [(o.place.page, o.place.chart, o.place.palvelualueet, o.author) for o in saved] == [
        ("vaaratapahtumat", "trend", ("Kotihoito",), "Maija")]
    assert saved[0].chart_title.startswith("Asiakas- ja potilasturvallisuus")


def test_an_empty_observation_is_refused_with_a_reason(database):
    at = add(session(), "trend", "   ", "Maija")
    assert [e.value for e in at.error] == ["Havainto on tyhjä: kirjoita jotain ennen tallennusta."]
    assert obs.Notebook(database).marker() == 0


def test_two_people_editing_the_same_observation_the_second_is_told_and_keeps_the_text(database):
    item = obs.Notebook(database).add(obs.Place("vaaratapahtumat", "trend", COUNTY, "5-8/2024", indicator=
                                                "ilmoitukset_kuukausittain_5-8_2024|patient_safety/"),
                                      "Alkuperäinen", "Maija")
    first, second = session(), session()
    assert any("Alkuperäinen" in m for m in texts(first)) and any("Alkuperäinen" in m for m in texts(second))
    key = f"obs_edit_{item.id}"
    edit_field(first.text_area, item.id, "text").input("Ensimmäisen muutos")
    first.text_input(key=f"{key}_author").input("Pekka")
    save_button(first, key).click().run()
    assert [s.value for s in first.success] == ["Havainto tallennettu."]

    assert edit_field(second.text_area, item.id, "text").value == "Alkuperäinen", "the editor shows the text"
    edit_field(second.text_area, item.id, "text").input("Toisen muutos")
    second.text_input(key=f"{key}_author").input("Liisa")
    save_button(second, key).click().run()
    assert not second.exception
    [refusal] = [e.value for e in second.error]
    assert refusal.startswith("Pekka tallensi tämän havainnon") and "Muutostasi ei tallennettu" in refusal
    assert [c.value for c in second.code] == ["Toisen muutos"], "the refused text is shown to copy"
    assert any("Ensimmäisen muutos" in m for m in texts(second)), "the newest version is shown"
    book = obs.Notebook(database)
    assert book.get(item.id).text == "Ensimmäisen muutos"
    assert [v["changed_by"] for v in book.history(item.id)] == ["Maija", "Pekka"]

    # the editor has moved to the newest version: saving again works
    assert edit_field(second.text_area, item.id, "text").value == "Ensimmäisen muutos", "now the newest version"
    edit_field(second.text_area, item.id, "text").input("Toisen muutos, uudelleen")
    save_button(second, key).click().run()
    assert [s.value for s in second.success] == ["Havainto tallennettu."]
    assert book.get(item.id).text == "Toisen muutos, uudelleen"


def test_closing_an_observation_removes_it_from_the_chart_and_keeps_it(database):
    at = add(session(), "kinds", "Läheltä piti -ilmoituksia vähemmän", "Maija")
    [item] = obs.Notebook(database).of_period(COUNTY, "5-8/2024")
    at.button(key=f"obs_edit_{item.id}_toggle").click().run()
    assert not any("vähemmän" in m for m in texts(at))
    kept = obs.Notebook(database).get(item.id)
    assert kept.status == "closed" and len(obs.Notebook(database).history(item.id)) == 2


def test_actions_page_lists_overdue_first_filters_and_edits(database):
    book = obs.Notebook(database)
    today = date.today()
    koti = obs.Place("vaaratapahtumat", "trend", COUNTY, "5-8/2024", (), ("Kotihoito",))
    book.add(koti, "Myöhässä oleva", "Maija", obs.Action("Kotihoidon koulutus", "Pekka", today - timedelta(days=5)),
             chart_title="Trendi")
    book.add(obs.Place("rai-laatu", "rai_trend", COUNTY, "5-8/2024"), "Painehaavat", "Liisa",
             obs.Action("Painehaavakartoitus", "Liisa", today + timedelta(days=60), "in_progress"))
    done = book.add(koti, "Tehty", "Maija", obs.Action("=Valmis toimi", "", today - timedelta(days=40), "done"))
    at = session("app_pages/actions.py")
    table = at.dataframe[0].value
    assert list(table["Toimi"]) == ["Kotihoidon koulutus", "=Valmis toimi", "Painehaavakartoitus"]
    assert list(table["Huomio"]) == ["⚠ myöhässä", "", ""]
    assert list(table["Palvelualue"]) == ["Kotihoito", "Kotihoito", "Koko alue (ei palvelualuerajausta)"]
    assert list(table["Sivu"]) == ["Vaaratapahtumat", "Vaaratapahtumat", "RAI-laatu"]
    assert at.info[0].value == "Toimia 3: myöhässä 1, kesken 2, valmiina 1."

    at.multiselect(key="actions_status").select("done").run()
    assert list(at.dataframe[0].value["Toimi"]) == ["=Valmis toimi"] and at.query_params["tila"] == "done"
    at.multiselect(key="actions_status").unselect("done").run()
    at.radio(key="actions_due").set_value("overdue").run()
    assert list(at.dataframe[0].value["Toimi"]) == ["Kotihoidon koulutus"]

    managers = session("app_pages/actions.py", palvelualue="Asumispalvelut")
    assert managers.selectbox(key="actions_area").value == "Asumispalvelut"
    assert "Näillä rajauksilla ei ole kehittämistoimia" in managers.info[0].value

    # update an action's status from the page
    at.radio(key="actions_due").set_value("all").run()
    at.selectbox(key="actions_chosen").set_value(done.id).run()
    assert edit_field(at.selectbox, done.id, "status").value == "done"
    edit_field(at.selectbox, done.id, "status").set_value("in_progress")
    at.text_input(key=f"obs_edit_{done.id}_author").input("Pekka")
    save_button(at, f"obs_edit_{done.id}").click().run()
    assert [s.value for s in at.success] == ["Havainto tallennettu."]
    assert obs.Notebook(database).get(done.id).action.status == "in_progress"


def test_the_review_page_lists_the_observations_of_its_period(database):
    book = obs.Notebook(database)
    book.add(obs.Place("rai-laatu", "rai_trend", COUNTY, "5-8/2024"), "Painehaavoja vähemmän", "Liisa",
             obs.Action("Jatketaan kirjaamista", "Liisa", date(2025, 1, 31)), chart_title="RAI-kehitys")
    book.add(obs.Place("rai-laatu", "rai_trend", COUNTY, "1-4/2024"), "Vanha havainto", "Liisa")
    at = session("app_pages/overview.py")
    shown = "\n".join(texts(at))
    assert "**RAI-laatu · RAI-kehitys**: Painehaavoja vähemmän" in shown
    assert "Jatketaan kirjaamista · Liisa · 31.1.2025" in shown and "Vanha havainto" not in shown
    empty = session("app_pages/overview.py", period="9-12/2023")
    assert "Kaudelta ei ole kirjattu havaintoja." in "\n".join(texts(empty))


def test_the_facilitator_adds_an_observation_without_leaving_the_presentation(database):
    at = session("app_pages/overview.py", present="1", step="2")
    slot = next(t.key for t in at.text_area if t.key.startswith("obs_add_slide_")).removeprefix("obs_add_")
    slot = slot.removesuffix("_text")
    add(at, slot, "Salissa todettiin: ilmoituksia enemmän", "Fasilitaattori")
    assert not at.exception and at.query_params["present"] == "1" and at.query_params["step"] == "2"
    assert any("Salissa todettiin" in m for m in texts(at))
    assert obs.Notebook(database).of_period(COUNTY, "5-8/2024")[0].place.page == "esitys"


def test_an_unusable_database_leaves_the_figures_working(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("not a folder")
    monkeypatch.setenv(obs.DATABASE_ENV, str(tmp_path / "file" / "observations.sqlite3"))
    at = session()
    assert not at.exception and at.title[0].value.startswith("Vaaratapahtumailmoitukset")
    [warning] = [w.value for w in at.warning]
    assert "Havaintotietokantaa" in warning and "OMAVALVONTA_DATABASE" in warning

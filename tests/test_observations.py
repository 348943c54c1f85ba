"""Observations and development actions: recording, editing, closing, history, two editors at once, the
database's migrations, the Actions table and the review that includes them."""
from __future__ import annotations

import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from analytics import observations as obs
from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.render.exports import csv_bytes
from analytics.render.html_report import review_to_html
from analytics.render.report import review_to_dict, review_to_markdown
from analytics.views.review import build_review
from tests.conftest import ROOT, run_cli
from tests.postgres import fresh_database, server_address

COUNTY = "Päijät-Hämeen hyvinvointialue"
TREND = obs.Place("vaaratapahtumat", "trend", COUNTY, "5-8/2024", (), ("Kotihoito",), "patient_safety")
LATEST = obs.MIGRATIONS[-1][0]


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request, tmp_path) -> Iterator[str]:
    """A fresh, empty observation database: an SQLite file, and a database of its own on the test run's
    PostgreSQL server (``tests/postgres.py``; ``make test`` starts one and requires it)."""
    if request.param == "sqlite":
        yield str(tmp_path / "observations.sqlite3")
        return
    with fresh_database(server_address()) as address:
        yield address


@pytest.fixture
def book(location) -> obs.Notebook:
    return obs.Notebook(location)


def test_add_edit_close_keeps_every_version(book):
    first = book.add(TREND, "Kaatumisia kesällä enemmän", "Maija", obs.Action("Selvitetään syyt", "Pekka",
                                                                             date(2024, 10, 1)), chart_title="Trendi")
    assert (first.version, first.status, first.action.status) == (1, "open", "planned")
    edited = book.edit(first.id, 1, "Pekka", text="Kaatumisia kesällä selvästi enemmän")
    assert edited.version == 2 and edited.updated_by == "Pekka" and edited.author == "Maija"
    assert edited.action == first.action, "an edit of the text leaves the action as it was"
    done = book.edit(edited.id, 2, "Pekka", action=obs.Action("Selvitetään syyt", "Pekka", date(2024, 10, 1), "done"))
    closed = book.close(done.id, 3, "Maija")
    assert closed.status == "closed" and closed.version == 4

    assert book.at(TREND) == [], "a closed observation leaves the chart"
    assert [o.id for o in book.at(TREND, include_closed=True)] == [first.id], "but it is not deleted"
    versions = book.history(first.id)
    assert [v["version"] for v in versions] == [1, 2, 3, 4]
    assert [v["changed_by"] for v in versions] == ["Maija", "Pekka", "Pekka", "Maija"]
    assert versions[0]["state"]["text"] == "Kaatumisia kesällä enemmän"
    assert versions[2]["state"]["action"]["status"] == "done" and versions[1]["state"]["action"]["status"] == "planned"
    assert versions[3]["state"]["status"] == "closed"
    reopened = book.reopen(first.id, 4, "Maija")
    assert reopened.status == "open" and len(book.history(first.id)) == 5

    removed = book.edit(first.id, 5, "Maija", action=None)
    assert removed.action is None and book.history(first.id)[-2]["state"]["action"]["what"] == "Selvitetään syyt"


def test_the_second_of_two_editors_is_refused_and_nothing_is_lost(location):
    """Two sessions (two connections to the same database) open version 1; the first save wins, the second is
    told who saved and when, and neither the first change nor the history is touched."""
    first_session, second_session = obs.Notebook(location), obs.Notebook(location)
    item = first_session.add(TREND, "Alkuperäinen", "Maija")
    opened_by_both = second_session.get(item.id).version
    first_session.edit(item.id, opened_by_both, "Pekka", text="Pekan muutos")
    with pytest.raises(obs.ConflictError) as refused:
        second_session.edit(item.id, opened_by_both, "Liisa", text="Liisan muutos")
    assert refused.value.current.updated_by == "Pekka" and refused.value.current.text == "Pekan muutos"
    assert refused.value.code == "conflict" and "Pekka" in str(refused.value)
    assert first_session.get(item.id).text == "Pekan muutos"
    assert [v["changed_by"] for v in first_session.history(item.id)] == ["Maija", "Pekka"]
    # Liisa opens it again and saves on the newest version
    again = second_session.edit(item.id, second_session.get(item.id).version, "Liisa", text="Liisan muutos")
    assert again.version == 3


WRITER = """
import sys
from analytics import observations as obs
path, who = sys.argv[1], sys.argv[2]
book = obs.Notebook(path)
place = obs.Place("vaaratapahtumat", "trend", "C", "5-8/2024")
for i in range(40):
    made = book.add(place, f"{who} {i}", who)
    book.edit(made.id, made.version, who, text=f"{who} {i} korjattu")
"""


def test_several_writers_at_once_lose_nothing(location):
    """Three processes each add and edit 40 observations at the same time on one database."""
    path = location
    obs.Notebook(path)  # created once, as the app does at start
    workers = [subprocess.Popen([sys.executable, "-c", WRITER, path, who], cwd=ROOT, stderr=subprocess.PIPE,
                                text=True) for who in ("A", "B", "C")]
    errors = [worker.communicate(timeout=120)[1] for worker in workers]
    assert [w.returncode for w in workers] == [0, 0, 0], errors
    book = obs.Notebook(path)
    saved = book.at(obs.Place("vaaratapahtumat", "trend", "C", "5-8/2024"))
    assert len(saved) == 120 and all(o.text.endswith("korjattu") and o.version == 2 for o in saved)
    assert sorted(o.author for o in saved) == ["A"] * 40 + ["B"] * 40 + ["C"] * 40
    assert book.marker() == 240, "every add and every edit wrote one history row"



def test_processes_opening_a_new_database_at_once_all_open_it(location):
    """Replicas that start at the same moment on an empty database: one creates the schema while the others wait,
    then find it done (without the migration lock one of them failed on 'table already exists')."""
    barrier, versions, errors = threading.Barrier(4), [], []

    def start():
        barrier.wait()
        try:
            versions.append(obs.Notebook(location).schema_version())
        except obs.ObservationError as exc:
            errors.append(exc)
    starting = [threading.Thread(target=start) for _ in range(4)]
    for thread in starting:
        thread.start()
    for thread in starting:
        thread.join(60)
    assert errors == [] and versions == [LATEST] * 4
    with obs.Notebook(location).engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(obs.schema_version)) == len(obs.MIGRATIONS)

def test_a_repeated_submission_saves_once_and_returns_the_first_save(book):
    """A double click or a request the network sent twice carries the same idempotency key (one per opened form):
    the second save writes nothing and returns what the first one saved."""
    key = uuid.uuid4().hex
    first = book.add(TREND, "Kaatumisia enemmän", "Maija", obs.Action("Selvitetään", "Pekka"), idempotency_key=key)
    for _ in range(9):
        assert book.add(TREND, "Kaatumisia enemmän", "Maija", obs.Action("Selvitetään", "Pekka"),
                        idempotency_key=key) == first
    assert [o.id for o in book.at(TREND)] == [first.id] and book.marker() == 1
    assert book.submitted(key) == first and book.submitted(uuid.uuid4().hex) is None
    other = book.add(TREND, "Kaatumisia enemmän", "Maija", idempotency_key=uuid.uuid4().hex)
    assert other.id != first.id, "another form is another intent, even with the same text"

    edit_key = uuid.uuid4().hex
    edited = book.edit(first.id, 1, "Pekka", text="Kaatumisia selvästi enemmän", idempotency_key=edit_key)
    again = book.edit(first.id, 1, "Pekka", text="Kaatumisia selvästi enemmän", idempotency_key=edit_key)
    assert again == edited and edited.version == 2, "the repeat is not refused as someone else's save"
    closed = book.close(first.id, 2, "Liisa")
    assert book.edit(first.id, 1, "Pekka", text="Kaatumisia selvästi enemmän", idempotency_key=edit_key) == edited, \
        "what the submission saved, as it was then"
    assert [v["version"] for v in book.history(first.id)] == [1, 2, 3] and closed.version == 3
    with pytest.raises(obs.ConflictError):  # a new submission on an old version is still refused
        book.edit(first.id, 1, "Pekka", text="Vielä", idempotency_key=uuid.uuid4().hex)


def test_the_same_submission_arriving_at_once_on_several_connections_saves_once(location):
    """Ten requests with one key at the same moment, each on a connection of its own (as several server
    processes or replicas would): one observation, and for an edit one version; every request gets the result."""
    obs.Notebook(location)
    books = [obs.Notebook(location) for _ in range(10)]
    key, results, errors = uuid.uuid4().hex, [], []

    def together(call):
        barrier = threading.Barrier(len(books))
        results.clear()

        def run(book):
            barrier.wait()
            try:
                results.append(call(book))
            except Exception as exc:  # noqa: BLE001 — collected and asserted below
                errors.append(exc)
        threads = [threading.Thread(target=run, args=(b,)) for b in books]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)

    together(lambda b: b.add(TREND, "Samaan aikaan", "Maija", idempotency_key=key))
    assert errors == [] and len(results) == 10 and len({r.id for r in results}) == 1
    with books[0].engine.connect() as connection:  # rows, not the marker: PostgreSQL does not give back the ids
        history_rows = connection.scalar(sa.select(sa.func.count()).select_from(obs.history))  # of rolled-back rows
    assert len(books[0].at(TREND)) == 1 and history_rows == 1
    item = results[0]
    edit_key = uuid.uuid4().hex
    together(lambda b: b.edit(item.id, 1, "Pekka", text="Kerran muokattu", idempotency_key=edit_key))
    assert errors == [] and {r.version for r in results} == {2}
    assert [v["version"] for v in books[0].history(item.id)] == [1, 2]
    for book in books:
        book.engine.dispose()


def test_when_two_requests_with_one_key_race_the_loser_returns_the_winners_save(location, monkeypatch):
    """The key is checked before writing; when another request saves with it in between, the unique key refuses
    the second insert, its transaction is rolled back, and it reads back the first save."""
    winner, loser = obs.Notebook(location), obs.Notebook(location)
    key = uuid.uuid4().hex
    checked = []
    real = loser.submitted

    def not_yet(k):  # the loser's check ran before the winner saved
        checked.append(k)
        return None if len(checked) == 1 else real(k)
    monkeypatch.setattr(loser, "submitted", not_yet)
    saved = winner.add(TREND, "Voittaja", "Maija", idempotency_key=key)
    assert loser.add(TREND, "Voittaja", "Maija", idempotency_key=key) == saved
    assert len(winner.at(TREND)) == 1 and winner.marker() == 1, "the loser's rows were rolled back"
    with pytest.raises(sa.exc.IntegrityError):  # a constraint failure without a save behind it is not hidden
        loser._saved_meanwhile(uuid.uuid4().hex, sa.exc.IntegrityError("insert", {}, Exception("unique")))


def test_a_database_of_the_first_schema_is_upgraded_with_its_data(location, monkeypatch):
    with monkeypatch.context() as old_code:
        old_code.setattr(obs, "MIGRATIONS", obs.MIGRATIONS[:1])
        old = obs.Notebook(location)
        kept = old.add(TREND, "Ennen avaimia", "Maija")
        assert old.schema_version() == 1
        old.engine.dispose()
    upgraded = obs.Notebook(location)
    assert upgraded.schema_version() == LATEST and upgraded.get(kept.id).text == "Ennen avaimia"
    key = uuid.uuid4().hex
    assert upgraded.edit(kept.id, 1, "Pekka", text="Avaimen kanssa", idempotency_key=key) == \
        upgraded.edit(kept.id, 1, "Pekka", text="Avaimen kanssa", idempotency_key=key)


@pytest.mark.parametrize("call, code, field", [
    (lambda b: b.add(TREND, "", "Maija"), "empty", "text"),
    (lambda b: b.add(TREND, "   ", "Maija"), "empty", "text"),
    (lambda b: b.add(TREND, "x" * (obs.MAX_TEXT + 1), "Maija"), "too_long", "text"),
    (lambda b: b.add(TREND, "Havainto", ""), "empty", "author"),
    (lambda b: b.add(TREND, "Havainto", "M" * (obs.MAX_NAME + 1)), "too_long", "author"),
    (lambda b: b.add(TREND, "Havainto", "Maija", obs.Action("x" * (obs.MAX_ACTION + 1))), "too_long", "action"),
    (lambda b: b.add(TREND, "Havainto", "Maija", obs.Action("Toimi", status="valmis")), "status", None),
])
def test_bad_input_is_refused_with_a_reason_and_nothing_is_written(book, call, code, field):
    with pytest.raises(obs.ObservationError) as refused:
        call(book)
    assert refused.value.code == code and refused.value.values.get("field") == field
    assert book.marker() == 0 and book.at(TREND) == []


def test_text_is_kept_as_written(book):
    hostile = '<script>alert(1)</script> [linkki](https://evil.example) =SUM(A1)'
    saved = book.add(TREND, hostile, "Maija")
    assert book.get(saved.id).text == hostile, "stored as text; the pages and reports escape it when shown"


def test_observations_belong_to_their_chart_filters_and_period(book):
    book.add(TREND, "Kotihoidon havainto", "Maija")
    assert len(book.at(TREND)) == 1
    for other in (obs.Place(**{**TREND.__dict__, "palvelualueet": ("Asumispalvelut",)}),
                  obs.Place(**{**TREND.__dict__, "period": "1-4/2024"}),
                  obs.Place(**{**TREND.__dict__, "chart": "kinds"}),
                  obs.Place(**{**TREND.__dict__, "indicator": "occupational_safety"})):
        assert book.at(other) == []


def test_migrations_are_numbered_and_applied_once(location, monkeypatch):
    path = location
    assert obs.Notebook(path).schema_version() == LATEST
    obs.Notebook(path).add(TREND, "Ennen päivitystä", "Maija")

    def add_column(connection):
        connection.execute(sa.text("ALTER TABLE observations ADD COLUMN tag VARCHAR(20)"))
    monkeypatch.setattr(obs, "MIGRATIONS", (*obs.MIGRATIONS, (LATEST + 1, add_column)))
    upgraded = obs.Notebook(path)
    assert upgraded.schema_version() == LATEST + 1
    obs.Notebook(path)  # a second start does not run the new migration again (it would fail: the column exists)
    with upgraded.engine.connect() as connection:
        assert "tag" in {c["name"] for c in sa.inspect(connection).get_columns("observations")}
    assert upgraded.at(TREND)[0].text == "Ennen päivitystä", "an upgrade keeps the data"


def test_an_unusable_database_says_where_and_what_to_do(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    with pytest.raises(obs.ObservationError) as refused:
        obs.Notebook(tmp_path / "file" / "observations.sqlite3")
    assert refused.value.code == "unavailable" and obs.DATABASE_ENV in str(refused.value)
    assert str(tmp_path / "file") in refused.value.values["where"]


def test_actions_table_puts_overdue_first_and_filters(book):
    today = date(2024, 11, 1)
    late = book.add(TREND, "Myöhässä", "Maija", obs.Action("Korjaa", "Pekka", today - timedelta(days=3)))
    soon = book.add(TREND, "Pian", "Maija", obs.Action("Koulutus", "Liisa", today + timedelta(days=10)))
    later = book.add(TREND, "Myöhemmin", "Maija", obs.Action("Arvio", "", today + timedelta(days=90)))
    whole = obs.Place(**{**TREND.__dict__, "palvelualueet": ()})
    done_late = book.add(whole, "Tehty", "Maija", obs.Action("Valmis jo", "", today - timedelta(days=30), "done"))
    book.add(TREND, "Ei toimea", "Maija")
    frame = obs.actions_frame(book.actions(COUNTY), today=today)
    assert list(frame["id"]) == [late.id, done_late.id, soon.id, later.id]
    assert list(frame["overdue"]) == [True, False, False, False], "a done action is never overdue"
    assert list(obs.actions_frame(book.actions(COUNTY), today=today, due="overdue")["id"]) == [late.id]
    assert list(obs.actions_frame(book.actions(COUNTY), today=today, due="next30")["id"]) == [late.id, soon.id][1:]
    assert list(obs.actions_frame(book.actions(COUNTY), today=today, statuses=["done"])["id"]) == [done_late.id]
    assert list(obs.actions_frame(book.actions(COUNTY), today=today, palvelualue="")["id"]) == [done_late.id]
    assert len(obs.actions_frame(book.actions(COUNTY), today=today, palvelualue="Kotihoito")) == 3
    assert obs.actions_frame(book.actions("Kanta-Hämeen hyvinvointialue"), today=today).empty
    for due in ("all", "overdue", "next30"):  # no actions at all, under any filter: an empty table, not an error
        nothing = obs.actions_frame([], today=today, palvelualue="Kotihoito", statuses=["done"], due=due)
        assert nothing.empty and "due" in nothing.columns
    assert obs.actions_frame(book.actions(COUNTY), today=today, palvelualue="Hammashoito").empty

    shown = obs.actions_display(obs.actions_frame(book.actions(COUNTY), today=today), "fi")
    assert shown.iloc[0, 0] == "⚠ myöhässä" and shown.iloc[1, 0] == ""
    assert shown["Määräaika"].iloc[0] == "29.10.2024" and shown["Tila"].iloc[1] == "Valmis"


def test_action_export_cannot_run_as_a_formula(book):
    book.add(TREND, "=HYPERLINK(\"http://evil.example\")", "@Maija", obs.Action("+cmd", "-Pekka", None))
    text = csv_bytes(obs.actions_display(obs.actions_frame(book.actions(COUNTY)), "fi"), "fi").decode("utf-8-sig")
    for cell in ("'=HYPERLINK", "'+cmd", "'-Pekka", "'@Maija"):
        assert cell in text


def test_the_review_includes_the_observations_of_its_period(bundle, location):
    path = location
    book = obs.Notebook(path)
    book.add(TREND, "Kaatumisia <b>enemmän</b>", "Maija", obs.Action("Selvitetään", "Pekka", date(2024, 10, 1)),
             chart_title="Ilmoitukset kuukausittain")
    book.add(obs.Place(**{**TREND.__dict__, "period": "1-4/2024"}), "Toisen kauden havainto", "Maija")
    asumis = book.add(obs.Place(**{**TREND.__dict__, "palvelualueet": ("Asumispalvelut",)}), "Asumisen havainto",
                      "Liisa")
    book.close(asumis.id, 1, "Liisa")
    review = build_review(bundle, Tertial.parse("5-8/2024"), Scope(COUNTY))
    notes = obs.for_review(COUNTY, "5-8/2024", (), path)
    assert [n.text for n in notes] == ["Kaatumisia <b>enemmän</b>", "Asumisen havainto"]

    markdown = review_to_markdown(review, bundle.catalogue, "fi", notes)
    section = markdown[markdown.index("## Havainnot ja kehittämistoimet"):]
    assert "Kaatumisia \\<b\\>enemmän\\</b\\>" in section and "Toisen kauden" not in section
    assert "Kehittämistoimi: Selvitetään · Pekka · 1.10.2024" in section
    assert "Asumisen havainto" in section and "(suljettu)" in section
    html = review_to_html(review, bundle.catalogue, "fi", charts_included=False, notes=notes)
    assert "Kaatumisia &lt;b&gt;enemmän&lt;/b&gt;" in html and "<b>enemmän" not in html
    data = review_to_dict(review, bundle.catalogue, notes)
    assert data["observations"][0]["action"] == {"what": "Selvitetään", "responsible": "Pekka", "due": "2024-10-01",
                                                  "status": "planned"}
    only_kotihoito = obs.for_review(COUNTY, "5-8/2024", ("Kotihoito",), path)
    assert [n.text for n in only_kotihoito] == ["Kaatumisia <b>enemmän</b>"]

    printed = run_cli("report", "--period", "5-8/2024", "--format", "markdown", "--observations", str(path))
    assert printed.returncode == 0 and "Kaatumisia \\<b\\>enemmän" in printed.stdout
    empty = review_to_markdown(review, bundle.catalogue, "en", [])
    assert "No observations were recorded for the period." in empty


def test_a_missing_database_file_means_no_observations_and_is_not_created(tmp_path):
    missing = tmp_path / "nowhere.sqlite3"
    assert obs.for_review(COUNTY, "5-8/2024", (), missing) == [] and not missing.exists()

"""The app in a real browser: headless Chromium against a running Streamlit server."""
from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from analytics.core import pages as site_pages

from .browser import (  # noqa: F401
    browser,
    only_the_apps_own_host,
    request_log,
    streamlit_server,
    wait_for_app,
    wait_for_run,
)

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make test`")
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
"""One worker runs them all, so the module's server and browser start once (`make test` runs in parallel).
Every test fails if a page reached a host other than the app's own (``only_the_apps_own_host``)."""


@pytest.fixture(scope="module")
def page(browser):
    with streamlit_server() as url:
        tab = browser.new_page(viewport={"width": 1400, "height": 2400})
        tab.base_url = url
        # The first visitor of the fresh server opens a shared sub-page link directly (this once met
        # Streamlit's "Page not found" dialog while the page scripts lived in a folder named pages/).
        tab.goto(f"{url}/vaaratapahtumat?period=5-8/2024")
        wait_for_app(tab)
        tab.first_visit = {"title": tab.locator("h1").first.inner_text(), "text": tab.inner_text("body")}
        yield tab
        tab.close()


def test_a_shared_link_opens_the_page_it_names_for_the_first_visitor_too(page):
    assert page.first_visit["title"] == "Vaaratapahtumailmoitukset kaudella 5-8/2024"
    assert "Page not found" not in page.first_visit["text"]
    for link, title in (("yleiskatsaus?period=5-8/2024", "Miten omavalvonnan mittarit kehittyvät kaudella 5-8/2024?"),
                        ("?period=9-12/2023", "Miten omavalvonnan mittarit kehittyvät kaudella 9-12/2023?")):
        page.goto(f"{page.base_url}/{link}")
        wait_for_app(page)
        assert page.locator("h1").first.inner_text() == title
        assert page.get_by_text("Page not found").count() == 0
        assert page.url.split("?")[0].endswith("/yleiskatsaus")  # the root forwards to the overview's own address
        assert "period=" in page.url


def test_overview_renders_figures_and_charts(page):
    page.goto(f"{page.base_url}/?period=5-8/2024")
    wait_for_app(page)
    text = page.inner_text("body")
    assert "5\u00a0049" in text and "6\u00a0343" in text and "79,0\u00a0%" in text
    assert page.locator('[data-testid="stException"]').count() == 0
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 8


def test_choosing_a_palvelualue_keeps_the_period_and_updates_the_link(page):
    page.goto(f"{page.base_url}/?period=5-8/2024")
    wait_for_app(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').nth(1).click()
    page.get_by_role("option", name="Kotihoito").click()
    page.keyboard.press("Escape")
    page.wait_for_url("**palvelualue=Kotihoito**")
    wait_for_app(page)
    assert "period=5-8%2F2024" in page.url
    assert "5-8/2024" in page.locator("h1").first.inner_text()
    # the copied link reproduces the view in a new session
    link = page.url
    page.goto("about:blank")
    page.goto(link)
    wait_for_app(page)
    assert "Kotihoito" in page.inner_text('[data-testid="stSidebar"]')
    assert "5-8/2024" in page.locator("h1").first.inner_text()


def test_english_and_unknown_url_value(page):
    page.goto(f"{page.base_url}/?lang=en&period=5-8/2024&palvelualue=Nope")
    wait_for_app(page)
    text = page.inner_text("body")
    assert "How are the self-monitoring indicators doing in 5-8/2024?" in text
    assert "5,049" in text
    assert "palvelualue = 'Nope'" in text and "using the default" in text


def test_incidents_page_clicking_an_event_type_bar_narrows_the_page(page):
    page.goto(f"{page.base_url}/vaaratapahtumat?period=5-8/2024")
    wait_for_app(page)
    text = page.inner_text("body")
    assert "6\u00a0343 ilmoitusta" in text and "(p = 0,12)" in text  # tables draw on a canvas, so the finding is read
    assert page.locator('[data-testid="stException"]').count() == 0
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() >= 7
    types = charts.nth(4)  # trend, kinds, near-miss ratio, observation share, then the event types
    types.scroll_into_view_if_needed()
    types.locator("svg .mark-rect path").first.click()  # the largest type: Lääkehoito
    page.wait_for_selector("text=Näytetään vain tyyppi: Lääkehoito.", timeout=30000)
    wait_for_app(page)
    text = page.inner_text("body")
    assert "tekivät 30 ilmoitusta" in text  # client reports of medication events only
    assert "6\u00a0343" in text  # the category totals stay whole


def test_rai_page_clicking_a_funnel_point_shows_the_units_profile(page):
    page.goto(f"{page.base_url}/rai-laatu?period=5-8/2024&palvelu=asumispalvelut")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = page.inner_text("body")
    assert "RAI-laatuindikaattorit: Asumispalvelut (ympärivuorokautinen), 7-12/2023" in text
    assert "Palvelukoti Kivijärvi (22,8\u00a0%, n = 127)" in text and "Ryhmäkoti Pihlaja" not in text
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() >= 2  # small multiples, then the funnel
    funnel = charts.nth(1)
    funnel.scroll_into_view_if_needed()
    funnel.locator("svg .mark-symbol.role-mark path").first.click()  # the highest share first: Kivijärvi
    page.wait_for_selector("text=Palvelukoti Kivijärvi: selvästi aluetta heikompi: Kaatuminen.", timeout=30000)
    wait_for_app(page)
    assert "yksikko=PH-IKU-02-02" in page.url
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 3  # the profile chart appeared


def test_rescue_page_with_an_area_from_a_shared_link(page):
    page.goto(f"{page.base_url}/pelastustoimi?period=5-8/2024&alue=Lahti&jakso=quarter")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = page.inner_text("body")
    assert "Pelastustoimen toimintavalmius kaudella 5-8/2024" in text and "Lahti" in text
    assert "79,0\u00a0%" not in text  # Lahti alone, not the whole county
    assert page.locator('[data-testid="stVegaLiteChart"]').count() >= 4  # intervals, control chart, ECDF, medians
    assert "Riskiluokka I (6 min): tavoiteajassa tavoitettujen osuus (neljännes, p′-kortti)" in text
    page.get_by_role("tab", name="Riskiluokka III (20 min)").click()
    page.wait_for_timeout(1500)
    # in Lahti 1–4 class III tasks a quarter arrive late: those quarters are hidden, and no chart has gaps
    assert "pienten lukujen säännön vuoksi" in page.inner_text("body")


def test_forecast_page_draws_the_fan_and_the_backtest(page):
    page.goto(f"{page.base_url}/ennusteet?period=9-12/2024&aihe=rescue&sarja=rescue:II")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    text = page.inner_text("body")
    assert "Ennuste: Toimintavalmius riskiluokassa II (10 min)" in text and "Tavoite ≥ 50\u00a0% täyttyy" in text
    assert page.locator('[data-testid="stVegaLiteChart"] svg.marks, [data-testid="stVegaLiteChart"] canvas').count() >= 1


def test_presentation_mode_steps_with_buttons_and_the_link(page):
    page.goto(f"{page.base_url}/?period=5-8/2024&present=1&step=2")
    wait_for_app(page)
    assert "/esitys?" in page.url and "step=2" in page.url
    assert page.locator('[data-testid="stSidebar"]').is_hidden()  # the projector shows no controls
    assert "Kuinka monta ilmoitusta, ja onko muutos todellinen?" in page.locator("h1").first.inner_text()
    page.get_by_role("button", name="Seuraava").click()
    page.wait_for_url("**step=3**")
    wait_for_app(page)
    assert "Millaisia tapahtumia?" in page.locator("h1").first.inner_text()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    chart.hover()  # charts stay interactive: the tooltip handler is there
    assert page.locator('[data-testid="stException"]').count() == 0


def test_chart_and_table_downloads_are_png_and_xlsx(page, tmp_path):
    page.goto(f"{page.base_url}/pelastustoimi?period=5-8/2024")
    wait_for_app(page)
    page.get_by_text("Näytä luvut").first.click()
    button = page.get_by_role("button", name="PNG", exact=True).first
    button.wait_for(state="visible")
    with page.expect_download(timeout=90000) as png:  # the image is drawn when clicked (vl-convert)
        button.click()
    path = tmp_path / png.value.suggested_filename
    png.value.save_as(path)
    assert path.suffix == ".png" and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download(timeout=90000) as xlsx:
        page.get_by_role("button", name="XLSX", exact=True).first.click()
    book = tmp_path / xlsx.value.suggested_filename
    xlsx.value.save_as(book)
    import openpyxl

    sheet = openpyxl.load_workbook(book).active
    assert [c.value for c in sheet[1]][:2] == ["name", "value"] and sheet.max_row == 5  # four risk classes


def test_html_report_opens_offline(browser, tmp_path):
    from .conftest import run_cli

    result = run_cli("report", "--period", "5-8/2024", "--format", "html")
    assert result.returncode == 0
    report = tmp_path / "katsaus.html"
    report.write_text(result.stdout, encoding="utf-8")
    context = browser.new_context(offline=True)
    tab = context.new_page()
    requests = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(report.as_uri())
    text = tab.inner_text("body")
    assert "5\u00a0049" in text and "6\u00a0343" in text and "79,0\u00a0%" in text and "77\u00a0%" in text
    assert tab.locator("figure svg").count() >= 7
    assert requests == [report.as_uri()]  # nothing fetched from anywhere else
    context.close()


def test_open_pages_show_new_data_within_a_minute(browser, tmp_path):
    """An import into the data directory reaches an open session without a reload."""
    import shutil

    from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle

    from .conftest import run_cli
    from .corpus import csv_bytes, haipro_export

    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    export = haipro_export(load_bundle(data), 3)
    export["Ilmoituspäivä"] = export["Tapahtumapäivä"] = "2.6.2024"
    export["Ensimmäinen käsittely"] = "5.6.2024"
    export["Ilmoitusluokka"] = "Asiakas- ja potilasturvallisuus (HaiPro)"
    (tmp_path / "new.csv").write_bytes(csv_bytes(export))
    with streamlit_server(env={"OMAVALVONTA_DATA_DIR": str(data)}) as url:
        tab = browser.new_page(viewport={"width": 1400, "height": 2400})
        tab.goto(url)
        wait_for_app(tab)
        tab.goto(f"{url}/?period=5-8/2024")
        wait_for_app(tab)
        assert "5\u00a0049 asiakas- ja potilasturvallisuusilmoitusta" in tab.inner_text("body")
        # the update note is drawn last, after the page's sections (the overview now ends with two more)
        tab.wait_for_selector("text=Tiedot päivitetty", timeout=30_000)
        result = run_cli("ingest", "incidents", str(tmp_path / "new.csv"), "--data-dir", str(data))
        assert result.returncode == 0, result.stdout + result.stderr
        tab.wait_for_selector("text=5\u00a0052 asiakas- ja potilasturvallisuusilmoitusta", timeout=60_000)
        tab.close()


def test_an_observation_added_in_one_page_appears_in_another_open_page(browser, tmp_path):
    """Two people have the same view open; one adds an observation under a chart; the other sees it appear
    within seconds, without reloading."""
    link = "/vaaratapahtumat?period=5-8/2024&palvelualue=Kotihoito"
    with streamlit_server(env={"OMAVALVONTA_DATABASE": str(tmp_path / "observations.sqlite3")}) as url:
        writer = browser.new_page(viewport={"width": 1400, "height": 2400})
        reader = browser.new_page(viewport={"width": 1400, "height": 2400})
        writer.goto(url)
        wait_for_app(writer)
        for tab in (writer, reader):
            tab.goto(url + link)
            wait_for_app(tab)
        writer.locator(".st-key-obs_trend").get_by_role("button", name="Lisää havainto").click()
        form = writer.locator('[data-testid="stPopoverBody"]')
        form.get_by_label("Havainto").fill("Kesän ilmoituspiikki johtui uudesta yksiköstä")
        form.get_by_label("Kehittämistoimi (valinnainen)").fill("Perehdytys ilmoittamiseen")
        form.get_by_label("Nimesi").fill("Maija")
        form.get_by_role("button", name="Tallenna").click()
        writer.wait_for_selector("text=Havainto tallennettu.", timeout=30_000)
        reader.locator(".st-key-obs_trend").get_by_text("Kesän ilmoituspiikki johtui uudesta yksiköstä").wait_for(
            timeout=20_000)
        assert "Perehdytys ilmoittamiseen" in reader.locator(".st-key-obs_trend").inner_text()
        assert reader.locator('[data-testid="stException"]').count() == 0
        writer.close()
        reader.close()


def test_ten_quick_clicks_on_save_save_once(browser, tmp_path):
    """A double (or tenfold) click on "Tallenna" is one intent: one observation, and in the editor one version
    (each opened form has an idempotency key; a click on a form already saved is ignored)."""
    from analytics import observations as obs
    database = tmp_path / "observations.sqlite3"
    link = "/vaaratapahtumat?period=5-8/2024&palvelualue=Kotihoito"
    with streamlit_server(env={"OMAVALVONTA_DATABASE": str(database)}) as url:
        tab = browser.new_page(viewport={"width": 1400, "height": 2400})
        tab.goto(url)
        wait_for_app(tab, 240_000)
        tab.goto(url + link)
        wait_for_app(tab, 240_000)
        panel = tab.locator(".st-key-obs_trend")
        panel.get_by_role("button", name="Lisää havainto").wait_for(timeout=120_000)
        panel.get_by_role("button", name="Lisää havainto").click()
        form = tab.locator('[data-testid="stPopoverBody"]')
        form.get_by_label("Havainto").fill("Kymmenen klikkausta, yksi havainto")
        form.get_by_label("Nimesi").fill("Maija")
        form.get_by_role("button", name="Tallenna").click(click_count=10)
        tab.wait_for_selector("text=Havainto tallennettu.", timeout=30_000)
        wait_for_app(tab, 240_000)  # every queued rerun has run
        book = obs.Notebook(database)
        saved = book.of_period("Päijät-Hämeen hyvinvointialue", "5-8/2024")
        assert [o.text for o in saved] == ["Kymmenen klikkausta, yksi havainto"]
        assert book.marker() == 1, "one history row: one save"
        assert panel.locator('[data-testid="stAlertContentError"]').count() == 0

        # close the add form first: under load an Escape pressed during a rerun can be lost, and with the add form
        # still open the editor's field would have a twin
        for _ in range(5):
            tab.keyboard.press("Escape")
            try:
                expect(form).to_have_count(0, timeout=10_000)
                break
            except AssertionError:
                continue
        expect(form).to_have_count(0)
        panel.get_by_role("button", name="Muokkaa").click()
        editing = form.get_by_label("Havainto")
        # under load the editor opens a moment after the click, and the previous editor's fields stay on screen
        # until its run ends: wait for the opening's own run (its new fields replace the old ones), then fill it
        # only once there is one and it holds the saved text (as test_replicas does)
        tab.wait_for_timeout(500)
        wait_for_run(tab, 120_000)
        expect(editing).to_have_count(1, timeout=60_000)
        expect(editing).to_have_value("Kymmenen klikkausta, yksi havainto", timeout=60_000)
        editing.fill("Muokattu kerran")
        expect(editing).to_have_value("Muokattu kerran")
        form.get_by_role("button", name="Tallenna").click(click_count=10)
        # the first save's "Havainto tallennettu." may still be on screen: wait for the database instead
        deadline = time.monotonic() + 60
        while book.get(saved[0].id).version < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        wait_for_app(tab, 240_000)  # every queued rerun has run
        assert book.get(saved[0].id).text == "Muokattu kerran"
        assert [v["version"] for v in book.history(saved[0].id)] == [1, 2], "one version per submission"
        assert panel.locator('[data-testid="stAlertContentError"]').count() == 0, "no refusal of one's own save"
        assert tab.locator('[data-testid="stException"]').count() == 0
        tab.close()


LINK_PARAMS = {  # per page: the link's parameters, whether the page draws charts with these filters
    "yleiskatsaus": ("palvelualue=Kotihoito", True), "vaaratapahtumat": ("palvelualue=Kotihoito", True),
    "pelastustoimi": ("", True), "rai-laatu": ("palvelualue=Kotihoito", True), "aluevertailu": ("", False),
    "ennusteet": ("palvelualue=Kotihoito", True), "esitys": ("present=1&step=2&palvelualue=Kotihoito", True),
    "kehittamistoimet": ("palvelualue=Kotihoito", False),
}
EVERY_PAGE = [(page.slug, *LINK_PARAMS.get(page.slug, ("", False))) for page in site_pages.PAGES]
"""Every page of the registry (a new page is opened too, with the period alone)."""


@pytest.mark.parametrize(("path", "params", "charts"), EVERY_PAGE)
def test_every_page_from_a_shared_link_then_a_filter_change(page, path, params, charts):
    page.goto(f"{page.base_url}/{path}?period=5-8/2024{'&' + params if params else ''}")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    if "palvelualue=Kotihoito" in params and path != "esitys":
        assert "Kotihoito" in page.inner_text('[data-testid="stSidebar"]')  # the link's filter is in force
    if charts:
        assert page.locator('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg.marks').count()
    if path == "esitys":
        return  # the projector view hides the sidebar; its steps are tested above
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(2).click()  # the review period
    page.get_by_role("option", name="1-4/2024").click()
    page.wait_for_url("**period=1-4%2F2024**")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    chosen = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').nth(2).locator("input")
    assert "1-4/2024" in (chosen.input_value() or chosen.get_attribute("aria-label") or "")

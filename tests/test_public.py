"""A public read-only deployment (OMAVALVONTA_PUBLIC=1): only the condensed brief, for everyone, whatever the
address asks for; no data page, no observation editing, no unit-level view, no filters below the county."""
from __future__ import annotations

import pytest

from analytics.core import access
from analytics.core import pages as site_pages

from .browser import browser, only_the_apps_own_host, request_log, streamlit_server, wait_for_run  # noqa: F401

VIEWPORT = {"width": 1400, "height": 2000}
ADDRESSES = [f"/{page.slug}" for page in site_pages.PAGES] + [
    "/", "/etusivu", "/ei-tallaista-sivua",
    "/vaaratapahtumat?period=5-8/2024&palvelualue=Kotihoito",
    "/rai-laatu?period=5-8/2024&palvelu=asumispalvelut&yksikko=PH-IKU-02-02",
    "/esitys?period=5-8/2024&present=1&step=2",
    "/tiivistelma?period=5-8/2024&toimiala=Ikääntyneiden%20palvelut%20ja%20kuntoutus%20(IKU)&palvelualue=Kotihoito",
]
UNIT_NAMES = ("Hoivakoti Harjula", "Asikkalan kotihoito", "Yhteispäivystys")


def test_public_mode_is_a_setting_of_the_deployment(monkeypatch):
    monkeypatch.delenv(access.PUBLIC_ENV, raising=False)
    assert not access.public_mode()
    monkeypatch.setenv(access.PUBLIC_ENV, "1")
    assert access.public_mode()
    who = access.public_identity()
    assert who.role == "viewer" and not who.signed_in
    assert not who.may(access.WRITE_OBSERVATIONS) and not who.may(access.MANAGE_DATA)
    assert [page.slug for page in site_pages.PUBLIC_PAGES] == ["tiivistelma"]


@pytest.fixture(scope="module")
def public_app(tmp_path_factory):
    database = tmp_path_factory.mktemp("public") / "observations.sqlite3"
    with streamlit_server(env={access.PUBLIC_ENV: "1", "OMAVALVONTA_DATABASE": str(database)}) as url:
        yield url


@pytest.fixture(scope="module")
def tab(browser, public_app):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_address_opens_the_brief_and_nothing_else(tab, public_app, address):
    tab.goto(public_app + address)
    tab.wait_for_selector("h1:has-text('Tiivistelmä valtuutetuille')", timeout=60_000)
    wait_for_run(tab)
    tab.get_by_text("Lataa HTML").wait_for(timeout=30_000)
    body = tab.locator("body").inner_text()
    assert tab.locator('[data-testid="stSidebarNav"] a').count() == 0, "no menu of other pages"
    assert tab.locator('[data-testid="stFileUploader"]').count() == 0, "no import"
    assert tab.get_by_role("button", name="Lisää havainto").count() == 0, "no observation editing"
    assert tab.get_by_role("button", name="Tallenna").count() == 0
    assert "Toimiala" not in body and "Palvelualue\n" not in body, "no filters below the county"
    assert "Esitystila" not in body, "no presentation mode"
    assert "Julkinen näkymä" in body
    assert tab.locator('[data-testid="stException"]').count() == 0
    frame = tab.frame_locator("iframe").first
    brief = frame.locator("body").inner_text()
    assert "Sitovat tavoitteet" in brief and "Asiakaskokemus" in brief
    for name in UNIT_NAMES:
        assert name not in body and name not in brief, f"unit {name} shown"

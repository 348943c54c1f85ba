"""Sign-in and roles in a real browser: the app started with OpenID Connect against a small provider of the tests'
own (tests/oidc_provider.py) and the real flow (the sign-in button, the provider's redirect, the code exchanged
for an RS256-signed ID token with a groups claim, back to the app signed in); then behind a trusted proxy's headers.
A viewer has no data page in the menu and is refused it by link; a data steward imports and undoes; an author's
observation records the signed-in name."""
from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from analytics import observations as obs
from analytics.core import access
from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle

from .browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server, wait_for_app
from .corpus import csv_bytes, haipro_export
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, GROUPS, USERS, Provider

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make test`")
pytest.importorskip("authlib", reason="st.login needs Authlib (requirements.txt)")
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("signin")]

VIEWPORT = {"width": 1400, "height": 2400}
ROLE_MAPPING = textwrap.dedent(f"""\
    mode = "{{mode}}"
    default_role = ""
    [roles]
    viewer = ["{GROUPS['viewer']}"]
    author = ["{GROUPS['author']}"]
    steward = ["{GROUPS['steward']}"]
    admin = ["{GROUPS['admin']}"]
""")


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def provider():
    started = Provider().start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("signin") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


@pytest.fixture(scope="module")
def oidc_app(provider, data_dir, tmp_path_factory):
    """The app with OpenID Connect sign-in against ``provider``: secrets and the role mapping in a temporary
    folder (Streamlit's ``secrets.files`` option, here through its environment variable)."""
    folder = tmp_path_factory.mktemp("oidc")
    secrets = folder / "secrets.toml"
    secrets.write_text(textwrap.dedent(f"""\
        [auth]
        redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
        cookie_secret = "the-tests-cookie-secret-0123456789abcdef"
        client_id = "{CLIENT_ID}"
        client_secret = "{CLIENT_SECRET}"
        server_metadata_url = "{provider.metadata_url}"
    """), encoding="utf-8")
    mapping = folder / "access.toml"
    mapping.write_text(ROLE_MAPPING.format(mode="oidc"), encoding="utf-8")
    database = folder / "observations.sqlite3"
    env = {"STREAMLIT_SECRETS_FILES": str(secrets), access.ACCESS_ENV: str(mapping),
           "OMAVALVONTA_DATA_DIR": str(data_dir), obs.DATABASE_ENV: str(database)}
    with streamlit_server(env=env, log=folder / "server.log") as url:
        yield url, database


def sign_in(browser, provider, url: str, user: str):
    """A new browser (own cookies) that signs in as ``user`` through the provider; returns its tab on the
    overview, signed in."""
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.goto(f"{provider.issuer}/choose?user={user}")  # the provider approves the next sign-in as this user
    tab.goto(url)
    wait_for_app(tab)
    assert "Kirjaudu sisään" in tab.locator("h1").first.inner_text(), "a visitor sees the sign-in page first"
    assert tab.locator('[data-testid="stVegaLiteChart"]').count() == 0, "and no figures"
    signed_before = len(provider.sign_ins)
    tab.get_by_role("button", name="Kirjaudu sisään").click()
    tab.wait_for_selector(f"text={USERS[user]['name']}", timeout=60_000)
    wait_for_app(tab)
    assert provider.sign_ins[signed_before:] == [user], "the sign-in went through the provider"
    assert tab.url.startswith(url)
    return tab


def text_of(locator) -> str:
    """What a user reads: the inner text without the invisible word joiners that keep e-mail addresses and links
    in names from turning into links (``md_text``)."""
    return locator.inner_text().replace("\u2060", "")


def menu(tab) -> list[str]:
    """The addresses in the sidebar's page menu."""
    return [a.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
            for a in tab.locator('[data-testid="stSidebarNav"] a').all()]


def test_a_viewer_signs_in_sees_the_figures_and_cannot_reach_the_import(browser, provider, oidc_app, data_dir):
    url, _ = oidc_app
    tab = sign_in(browser, provider, url, "viewer")
    sidebar = text_of(tab.locator('[data-testid="stSidebar"]'))
    assert "Ville Katselija (ville.katselija@example.fi) · katselija" in sidebar
    assert "ilman kirjautumista" not in sidebar
    # a viewer sees the figures (the overview draws its sections one after another: wait for them, under load too)
    tab.wait_for_function("() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length >= 8",
                          timeout=60_000)
    assert "vaaratapahtumat" in menu(tab) and "aineisto" not in menu(tab), "no data page in the menu"

    tab.goto(f"{url}/aineisto")
    wait_for_app(tab)
    body = text_of(tab.locator("body"))
    assert "Tämä vaatii roolin aineistovastaava. Roolisi on katselija." in body
    assert tab.locator('[data-testid="stFileUploader"]').count() == 0, "no import"
    assert tab.get_by_role("button", name="Palauta").count() == 0 and "Askel taaksepäin" not in body, "no undo"
    assert str(data_dir) not in body, "no server path"

    tab.goto(f"{url}/?period=5-8/2024")
    wait_for_app(tab)
    assert tab.locator('[data-testid="stVegaLiteChart"]').count() >= 1
    assert tab.get_by_role("button", name="Lisää havainto").count() == 0, "no observation form for a viewer"
    assert tab.locator('[data-testid="stException"]').count() == 0
    tab.context.close()


def test_a_data_steward_imports_a_file_and_undoes_it(browser, provider, oidc_app, data_dir, tmp_path):
    url, _ = oidc_app
    tab = sign_in(browser, provider, url, "steward")
    assert "aineistovastaava" in text_of(tab.locator('[data-testid="stSidebar"]'))
    assert "aineisto" in menu(tab)
    tab.goto(f"{url}/aineisto")
    wait_for_app(tab)
    assert str(data_dir) in text_of(tab.locator("body")), "a data steward sees where the data is"
    upload = tmp_path / "haipro.csv"
    upload.write_bytes(csv_bytes(haipro_export(load_bundle(data_dir))))
    tab.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(upload))
    tab.wait_for_selector("text=6 uutta riviä voidaan tuoda", timeout=60_000)
    tab.get_by_role("button", name="Tuo", exact=True).click()
    tab.wait_for_selector("text=Tuotu tauluun Vaaratapahtumailmoitukset: 6 uutta riviä", timeout=60_000)
    assert len(load_bundle(data_dir).incidents) == 72664
    tab.get_by_role("button", name="Palauta taulun Vaaratapahtumailmoitukset edellinen versio").click()
    tab.wait_for_selector("text=Taulun Vaaratapahtumailmoitukset edellinen versio palautettiin.", timeout=60_000)
    assert len(load_bundle(data_dir).incidents) == 72658
    assert tab.locator('[data-testid="stException"]').count() == 0
    tab.context.close()


def test_an_authors_observation_records_the_signed_in_name_and_sign_out(browser, provider, oidc_app):
    url, database = oidc_app
    tab = sign_in(browser, provider, url, "author")
    assert "aineisto" not in menu(tab), "an author is no data steward"
    tab.goto(f"{url}/?period=5-8/2024")
    wait_for_app(tab)
    panel = tab.locator(".st-key-obs_overview_incidents")
    panel.get_by_role("button", name="Lisää havainto").click()
    form = tab.locator('[data-testid="stPopoverBody"]')
    assert form.get_by_label("Nimesi").count() == 0, "no typed name when signed in"
    assert "Tallennetaan nimellä Aino Kirjoittaja (aino.kirjoittaja@example.fi)." in text_of(form)
    form.get_by_label("Havainto").fill("Kotihoidon ilmoitukset lisääntyivät kesällä")
    form.get_by_role("button", name="Tallenna").click()
    tab.wait_for_selector("text=Havainto tallennettu.", timeout=30_000)
    [saved] = [o for o in obs.Notebook(database).of_period("Päijät-Hämeen hyvinvointialue", "5-8/2024")
               if o.text == "Kotihoidon ilmoitukset lisääntyivät kesällä"]
    assert saved.author == "Aino Kirjoittaja (aino.kirjoittaja@example.fi)"
    assert "Aino Kirjoittaja (aino.kirjoittaja@example.fi)" in text_of(panel)

    tab.locator('[data-testid="stSidebar"]').get_by_role("button", name="Kirjaudu ulos").click()
    tab.wait_for_selector("h1:has-text('Kirjaudu sisään')", timeout=60_000)
    # The heading is drawn before the button in the same run: wait for the button, then count it.
    tab.get_by_role("button", name="Kirjaudu sisään").wait_for(timeout=30_000)
    assert tab.get_by_role("button", name="Kirjaudu sisään").count() == 1, "signed out: back to the sign-in page"
    assert tab.get_by_role("button", name="Kirjaudu ulos").count() == 0, "signed out: no sign-out button left"
    tab.context.close()


def test_someone_in_no_mapped_group_is_told_they_have_no_role(browser, provider, oidc_app):
    url, _ = oidc_app
    context = browser.new_context(viewport=VIEWPORT)
    tab = context.new_page()
    tab.goto(f"{provider.issuer}/choose?user=outsider")
    tab.goto(url)
    wait_for_app(tab)
    tab.get_by_role("button", name="Kirjaudu sisään").click()
    tab.wait_for_selector("text=mutta sinulla ei ole roolia", timeout=60_000)
    assert "Olli Ulkopuolinen (olli@example.org)" in text_of(tab.locator("body"))
    assert tab.locator('[data-testid="stVegaLiteChart"]').count() == 0
    context.close()


@pytest.fixture(scope="module")
def header_app(data_dir, tmp_path_factory):
    """The app behind a (pretend) proxy that signs users in and passes them on in headers."""
    folder = tmp_path_factory.mktemp("header")
    mapping = folder / "access.toml"
    mapping.write_text(ROLE_MAPPING.format(mode="header") + textwrap.dedent("""\
        [header]
        user = "X-Forwarded-User"
        groups = "X-Forwarded-Groups"
        email = "X-Forwarded-Email"
    """), encoding="utf-8")
    env = {access.ACCESS_ENV: str(mapping), "OMAVALVONTA_DATA_DIR": str(data_dir),
           obs.DATABASE_ENV: str(folder / "observations.sqlite3")}
    with streamlit_server(env=env, log=folder / "server.log") as url:
        yield url


def test_trusted_headers_give_the_role(browser, header_app, data_dir):
    url = header_app
    steward = browser.new_context(viewport=VIEWPORT, extra_http_headers={
        "X-Forwarded-User": "sami", "X-Forwarded-Email": "sami.aineisto@example.fi",
        "X-Forwarded-Groups": f"kaikki, {GROUPS['steward']}"})
    tab = steward.new_page()
    tab.goto(url)
    wait_for_app(tab)
    assert "sami (sami.aineisto@example.fi) · aineistovastaava" in text_of(tab.locator('[data-testid="stSidebar"]'))
    assert tab.get_by_role("button", name="Kirjaudu ulos").count() == 0, "the proxy signs out, not the app"
    assert "aineisto" in menu(tab)
    tab.goto(f"{url}/aineisto")
    wait_for_app(tab)
    assert tab.locator('[data-testid="stFileUploader"]').count() >= 1
    steward.close()

    viewer = browser.new_context(viewport=VIEWPORT, extra_http_headers={
        "X-Forwarded-User": "ville", "X-Forwarded-Groups": GROUPS["viewer"]})
    tab = viewer.new_page()
    tab.goto(f"{url}/aineisto")
    wait_for_app(tab)
    assert "Tämä vaatii roolin aineistovastaava" in text_of(tab.locator("body"))
    assert "aineisto" not in menu(tab) and tab.locator('[data-testid="stFileUploader"]').count() == 0
    viewer.close()

    nobody = browser.new_context(viewport=VIEWPORT)  # not through the proxy: no headers
    tab = nobody.new_page()
    tab.goto(url)
    tab.wait_for_selector("text=Kirjautumispalvelu ei välittänyt tunnistettasi", timeout=60_000)
    assert tab.locator('[data-testid="stVegaLiteChart"]').count() == 0
    nobody.close()

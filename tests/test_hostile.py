"""Hostile names in the data and hostile link values, in a real browser: text from data, links and people stays
text on every page. No link, image or heading arises from it, no script runs, nothing is fetched from another
host, and a long link value is echoed cut short.

The names are written into org_units.parquet directly (this tests what the pages draw; the import refuses such
names, see tests/test_ingest.py)."""
from __future__ import annotations

import shutil
from urllib.parse import quote

import pandas as pd
import pytest

from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
from analytics.domain import disclosure
from analytics.text.i18n import ECHO_LIMIT

from .browser import browser, only_the_apps_own_host, request_log, streamlit_server, wait_for_app  # noqa: F401

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is installed by `make test`")
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("hostile")]

LONG = "Pitkä " + "x" * 10_000
PALVELUALUEET = {  # the sample's palvelualue → a hostile one
    "Kotihoito": "[Kirjaudu](http://evil.example/login)",
    "Asumispalvelut": "<img src=x onerror=alert(1)>",
    "Pelastustoiminta": "# Häijy otsikko",
    "Sairaalapalvelut": "![kuva](http://evil.example/x.png)",
    "Perusterveydenhuolto": LONG,
    "Kuntoutus": "<a href=//evil.example>linkki</a>",
    "Lapsiperheiden palvelut": "Häijy \u202eevil\u200b\u200d koti",
    "Aikuissosiaalityö ja vammaispalvelut": "http://evil.example",
    "Akuuttihoito ja päivystys": "Häijy\x07ohjausmerkki\x1b[31m\nrivi\n# Häijy otsikko",
    "Pienryhmäkodit": "*häijy* _kursiivi_ ~~yliviivattu~~ <b>lihava</b>",
}
TOIMIALAT = {
    "Ikääntyneiden palvelut ja kuntoutus (IKU)": "www.evil.example ja häijy@evil.example",
    "Terveys- ja sairaanhoitopalvelut (TESA)": ":material/home: :red[häijy] $x^2$ `koodi` **lihava**",
    "Pelastuslaitos": "- häijy lista\n1. häijy kohta\n> häijy lainaus\n    häijy koodi",
    "Perhe- ja sosiaalipalvelut (PESO)": "[![kuva](http://evil.example/x.png)](http://evil.example)\n===",
}
UNIT_NAMES = [*PALVELUALUEET.values(), *TOIMIALAT.values(), "\u202e:streamlit: javascript:alert(1) häijy"]
FROM_DATA = "evil|häijy|onerror|Pitkä"
"""Every hostile name holds one of these words (no page text of ours does): no heading may contain one."""
STEP_ATTACK = "[Kirjaudu uudelleen](http://evil.example/login)"

IKU, HOME, HOUSING = TOIMIALAT["Ikääntyneiden palvelut ja kuntoutus (IKU)"], PALVELUALUEET["Kotihoito"], \
    PALVELUALUEET["Asumispalvelut"]
PAGES = [  # url path, link parameters (the hostile names on screen: scope caption, sentences, tables, charts)
    ("", [("toimiala", IKU), ("palvelualue", HOME), ("palvelualue", HOUSING)]),
    ("vaaratapahtumat", [("palvelualue", PALVELUALUEET["Perusterveydenhuolto"])]),
    ("pelastustoimi", [("palvelualue", PALVELUALUEET["Pelastustoiminta"]), ("aluejako", "station"),
                       ("alue", "PH-PEL-09-01"), ("alue", "PH-PEL-09-02")]),
    ("rai-laatu", [("palvelualue", HOME), ("palvelualue", HOUSING), ("palvelu", "asumispalvelut"),
                   ("yksikko", "PH-IKU-02-02")]),
    ("aluevertailu", []),
    ("ennusteet", [("toimiala", IKU), ("sarja_alue", HOME)]),
    ("mittarit", []),
    ("aineisto", []),
    ("kehittamistoimet", [("palvelualue", HOME)]),
    ("esitys", [("present", "1"), ("step", STEP_ATTACK), ("palvelualue", HOME)]),
]

INERT = """() => {
  const own = location.origin, bad = [];
  for (const a of document.querySelectorAll('a[href]')) {
    if (new URL(a.href, location.href).origin !== own) bad.push('link ' + a.href);
  }
  for (const img of document.querySelectorAll('img')) {
    const src = img.currentSrc || img.src || '';
    if (src && !src.startsWith(own + '/') && !src.startsWith('data:') && !src.startsWith('blob:')) bad.push('image ' + src);
  }
  for (const el of document.querySelectorAll('[data-testid="stMarkdownContainer"] :is(img, a, iframe, script, input)')) {
    if (!(el.tagName === 'A' && (el.getAttribute('href') || '').startsWith('#'))) bad.push('markup ' + el.outerHTML.slice(0, 160));
  }
  const words = new RegExp(%r, 'i');
  for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    if (words.test(h.textContent)) bad.push(h.tagName + ' ' + h.textContent.slice(0, 160));
  }
  return bad;
}""" % FROM_DATA


def _link(path: str, params: list[tuple[str, str]]) -> str:
    query = "&".join(f"{name}={quote(value, safe='')}" for name, value in [("period", "5-8/2024"), *params])
    return f"/{path}?{query}"


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """A copy of the bundled data whose palvelualue, toimiala and unit names are hostile (county kept)."""
    target = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    units = pd.read_parquet(target / "org_units.parquet")
    assert set(units["palvelualue"]) == set(PALVELUALUEET) and set(units["toimiala"]) == set(TOIMIALAT)
    units["palvelualue"] = units["palvelualue"].map(PALVELUALUEET)
    units["toimiala"] = units["toimiala"].map(TOIMIALAT)
    units["unit_name"] = [f"{UNIT_NAMES[i % len(UNIT_NAMES)]} {i}" for i in range(len(units))]
    units.to_parquet(target / "org_units.parquet", index=False)
    contacts = pd.read_parquet(target / "ombudsman_contacts.parquet")  # they name the toimiala they concern
    contacts["toimiala"] = contacts["toimiala"].map(TOIMIALAT, na_action="ignore")
    contacts.to_parquet(target / "ombudsman_contacts.parquet", index=False)
    # the new names are a new data version: take its small-number decisions now, as `make sample` does for
    # the bundled data, so that no page waits for them (the forecasts page would check every series)
    assert disclosure.precompute(load_bundle(target)) is not None
    return target


@pytest.fixture(scope="module")
def app(browser, hostile_data):  # noqa: F811
    with streamlit_server(env={"OMAVALVONTA_DATA_DIR": str(hostile_data)}) as url:
        tab = browser.new_page(viewport={"width": 1400, "height": 2400})
        tab.base_url = url
        tab.dialogs = []
        tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.goto(url)
        wait_for_app(tab)
        yield tab
        tab.close()


def _open(app, link: str) -> str:
    app.goto(app.base_url + link)
    wait_for_app(app, timeout_ms=180_000)  # the forecasts page fits its models first
    for expander in app.locator('[data-testid="stExpander"] summary').all()[:12]:  # tables and notes inside too
        if expander.is_visible():
            expander.click()
    app.wait_for_timeout(500)
    return app.inner_text("body")


@pytest.mark.parametrize(("path", "params"), PAGES, ids=[p or "yleiskatsaus" for p, _ in PAGES])
def test_hostile_names_stay_text_on_every_page(app, path, params):
    text = _open(app, _link(path, params))
    assert app.locator('[data-testid="stException"]').count() == 0
    assert app.evaluate(INERT) == []
    assert app.dialogs == [], "no script from the data ran"
    if path in ("", "vaaratapahtumat", "rai-laatu"):  # the scope caption names them as written
        assert "Kirjaudu" in text or "Pitkä" in text
    if path == "":
        assert "[Kirjaudu](http" in text and "<img src=x onerror=alert(1)>" in text


def test_the_scope_caption_shows_a_hostile_palvelualue_as_written(app):
    _open(app, _link("", [("toimiala", IKU), ("palvelualue", HOME), ("palvelualue", HOUSING)]))
    caption = app.locator('[data-testid="stCaptionContainer"]').filter(has_text="Päijät-Hämeen hyvinvointialue")
    caption = caption.first.inner_text().replace("\u2060", "")
    assert HOME in caption and HOUSING in caption and IKU in caption


def test_a_link_in_the_step_value_is_text(app):
    _open(app, _link("esitys", [("present", "1"), ("step", STEP_ATTACK)]))
    warnings = app.locator('[data-testid="stAlertContentWarning"]').all_inner_texts()
    assert any(STEP_ATTACK in w.replace("\u2060", "") for w in warnings), warnings
    assert app.evaluate(INERT) == []


def test_a_20000_character_link_value_is_echoed_cut_short(app):
    text = _open(app, _link("", [("palvelualue", "A" * 20_000)]))
    warnings = [w for w in app.locator('[data-testid="stAlertContentWarning"]').all_inner_texts() if "palvelualue" in w]
    assert warnings and all(len(w) < ECHO_LIMIT + 200 for w in warnings), [len(w) for w in warnings]
    assert "A" * ECHO_LIMIT not in text and "A" * (ECHO_LIMIT - 1) + "…" in text

"""The condensed brief (issue 26): the CLI makes the PDF that the app downloads; it has at most four A4 pages, a
title and a language, is tagged (headings, figures with alt texts), embeds its fonts, and its extracted text
(pdftotext) holds DOMAIN's published figures and the binding goals' evaluation in words, and no unit's name.
The HTML is self-contained (no address anywhere) and escapes what comes from the data.

One PDF per language for the module (printing takes a few seconds each).
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analytics.cli import main
from analytics.core.errors import DataError
from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import DEFAULT_DATA_DIR
from analytics.goals import GoalBook, Kpi
from analytics.render import brief as brief_mod
from analytics.render import charts
from analytics.render.brief import MAX_PAGES, brief_html, brief_pdf, build_brief, find_chromium
from analytics.sample.goals import COUNTY, ensure_sample_goals
from analytics.text.i18n import fmt_pct, t
from tests.conftest import run_cli

PERIOD = "5-8/2024"
POPPLER = ("pdfinfo", "pdftotext", "pdftoppm", "pdffonts")
pytestmark = [pytest.mark.xdist_group("brief"),  # one worker prints the module's PDFs once
              pytest.mark.skipif(find_chromium() is None or any(shutil.which(p) is None for p in POPPLER),
                                 reason="needs Debian's chromium and poppler-utils (`make test` installs them)")]


def _text(raw: str) -> str:
    """Whitespace (line breaks, no-break and narrow no-break spaces) as single spaces."""
    return " ".join(raw.replace("\u00a0", " ").replace("\u202f", " ").split())


def _tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def _info(pdf: Path) -> dict[str, str]:
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in _tool("pdfinfo", str(pdf)).splitlines())}


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> dict:
    """The brief of 5-8/2024 made by the CLI on the bundled sample: PDFs in Finnish and English and the Finnish
    HTML, with the goals database the CLI seeded."""
    folder = tmp_path_factory.mktemp("brief")
    database = folder / "goals.sqlite3"
    out = {"folder": folder, "database": database}
    for lang, fmt in (("fi", "pdf"), ("en", "pdf"), ("fi", "html")):
        target = folder / f"brief_{lang}.{fmt}"
        assert main(["brief", "--period", PERIOD, "--format", fmt, "--lang", lang, "--out", str(target),
                     "--data", str(DEFAULT_DATA_DIR), "--observations", str(database)]) == 0
        out[(lang, fmt)] = target
    return out


@pytest.fixture(scope="module")
def texts(made) -> dict[str, str]:
    return {lang: _text(_tool("pdftotext", str(made[(lang, "pdf")]), "-")) for lang in ("fi", "en")}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_pdf_has_at_most_four_a4_pages_a_title_a_language_and_tags(made, lang):
    pdf = made[(lang, "pdf")]
    info = _info(pdf)
    assert 1 <= int(info["Pages"]) <= MAX_PAGES
    assert info["Title"] == t("brief.title", lang, county=COUNTY, period=PERIOD)
    assert info["Tagged"] == "yes"
    assert info["Page size"].endswith("(A4)")
    data = pdf.read_bytes()
    assert f"/Lang ({lang})".encode() in data
    html = made[("fi", "html")].read_text(encoding="utf-8")
    charts_drawn = html.count("<svg")
    assert charts_drawn >= 5  # the access trend and the four goals' KPIs
    assert len(re.findall(rb"/S /Figure", data)) == charts_drawn  # each chart a figure with its alt text
    assert len(re.findall(rb"/Alt", data)) == charts_drawn
    assert re.search(rb"/S /H1", data) and re.search(rb"/S /H2", data) and re.search(rb"/S /H3", data)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_the_pdf_embeds_its_fonts(made, lang):
    rows = _tool("pdffonts", str(made[(lang, "pdf")])).splitlines()[2:]
    assert rows
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row


def test_the_finnish_text_holds_domains_figures_and_the_evaluation_in_words(texts, report):
    text = texts["fi"]
    assert "Omavalvonnan tiivistelmä 5-8/2024" in text
    assert "1 215" in text and "4,3" in text  # feedback and its mean score (DOMAIN §6)
    assert "136" in text and "490" in text  # social and patient ombudsman contacts
    assert "83 % tavoitteesta 96 % = 86 % tavoitteesta: osittain saavutettu" in text  # DOMAIN §7
    assert "41 % tavoitteesta 50 % = 82 % tavoitteesta: osittain saavutettu" in text
    assert "Q1 71 % → Q2 73 % → Q3 87 % → Q4 83 %" in text  # the trend over the quarters, in words
    assert "Hoidon tarpeen arviointi kolmessa arkipäivässä" in text  # access to care first
    assert text.index("Hoidon tarpeen arviointi") < text.index("Asiakaspalautteet") < text.index("Sitovat tavoitteet")
    shares = [_text(fmt_pct(row["share_pct"], 0, "fi")) for row in report("--period", PERIOD)["rescue"]["compliance"]
              if row.get("target_minutes")]
    assert shares == ["79 %", "84 %", "98 %"]  # DOMAIN §5, as `report` gives them
    for share in shares:
        assert f"{share} " in text
    assert _text(t("goals.sample_label", "fi")) in text  # the example goals are labelled as such
    assert "Tavoite saavutettu" in text and "Lähellä tavoitetta" in text  # status in words, not colour alone


def test_the_english_text_holds_the_same_figures(texts):
    text = texts["en"]
    assert "1,215" in text and "4.3" in text
    assert "83% of a 96% target = 86% of the goal: partly met" in text
    for share in ("79%", "84%", "98%"):
        assert share in text
    assert "Binding goals 2024" in text and "Access to care" in text


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_unit_is_named(texts, lang):
    units = pd.read_parquet(DEFAULT_DATA_DIR / "org_units.parquet")
    text = texts[lang]
    named = [name for name in units["unit_name"] if re.search(rf"\b{re.escape(_text(name))}\b", text)]
    assert not named  # a whole name: "Ensihoito" is a unit, "ensihoitopäällikkö" a goal's responsible role
    assert not re.search(r"\bPH-[A-Z]{3}-\d", text)  # nor by its code
    assert "kotihoito," not in text.lower()


def test_the_pages_render_as_images(made):
    out = made["folder"] / "pages"
    out.mkdir()
    for lang in ("fi", "en"):
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(made[(lang, "pdf")]), str(out / lang)], check=True,
                       timeout=60)
        pages = sorted(out.glob(f"{lang}-*.png"))
        assert len(pages) == int(_info(made[(lang, "pdf")])["Pages"])
        assert all(page.stat().st_size > 5_000 for page in pages)  # something drawn on each


def test_the_html_is_self_contained_and_accessible(made):
    html = made[("fi", "html")].read_text(encoding="utf-8")
    assert html.startswith('<!doctype html><html lang="fi">')
    assert re.search(r"<title>[^<]+</title>", html)
    assert html.count("<h1>") == 1 and html.count("<h2") >= 4 and "<h3>" in html
    assert "http://" not in html and "https://" not in html  # no address at all: nothing fetched, nothing linked
    for tag in ("<script", "<link", "<img", "@import", "url("):
        assert tag not in html
    svgs = re.findall(r"<svg[^>]*>", html)
    assert svgs
    for svg in svgs:
        assert 'role="img"' in svg and re.search(r'aria-label="[^"]{10,}"', svg)
    assert html.count("<svg") == len(re.findall(r"<svg[^>]*><title>[^<]{10,}</title>", html))
    assert "@page { size: A4" in html


def test_the_cli_html_is_what_the_app_makes(made, bundle):
    """The app page calls build_brief + brief_html with the same goals: the same document."""
    book = GoalBook(made["database"])
    goals = book.of_county(COUNTY, 2024)
    assert len(goals) == 4  # the sample's example goals, seeded once by the CLI
    ours = brief_html(build_brief(bundle, Tertial.parse(PERIOD), goals, "fi", Scope(COUNTY), rule=book.rule(COUNTY),
                                  example=True, synthetic=True), "fi")
    assert made[("fi", "html")].read_text(encoding="utf-8") == ours


def test_text_from_the_data_is_escaped(tmp_path, bundle):
    book = GoalBook(tmp_path / "goals.sqlite3")
    book.add(COUNTY, 2024, '<script>alert("x")</script> Tavoite', "Testaaja", priority="<b>painopiste</b>",
             kpis=[Kpi('Mittari <img src=x onerror="y">', 96, ">=", "%", values=(71, 73, 87, 83))])
    html = brief_html(build_brief(bundle, Tertial.parse(PERIOD), book.of_county(COUNTY, 2024), "fi"), "fi")
    assert "<script" not in html and "<img" not in html and "<b>painopiste" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tavoite" in html
    assert 'aria-label="Pylväskuvio: Mittari &lt;img src=x onerror=&quot;y&quot;&gt;' in html


def test_below_the_county_only_masked_figures_and_no_experience(bundle):
    brief = build_brief(bundle, Tertial.parse(PERIOD), [], "fi", Scope(COUNTY, palvelualueet=("Kotihoito",)))
    html = brief_html(brief, "fi")
    assert not brief.whole_county and brief.review.experience is None
    assert not [h for h in brief.experience if h.domain == "experience"]
    assert t("experience.county_only", "fi") in html and t("brief.scope_sub", "fi") in html
    units = pd.read_parquet(DEFAULT_DATA_DIR / "org_units.parquet")
    assert not [name for name in units["unit_name"] if re.search(rf"\b{re.escape(name)}\b", html)]
    assert t("brief.no_goals", "fi", county=COUNTY, year=2024) in html


def test_the_goal_chart_is_valid_vega_lite(bundle, tmp_path):
    book = GoalBook(tmp_path / "goals.sqlite3")
    goals = ensure_sample_goals(book, DEFAULT_DATA_DIR)
    brief = build_brief(bundle, Tertial.parse(PERIOD), goals, "fi")
    for line in brief.goals:
        charts.validate(brief_mod._quarter_chart(line, "fi"))


def test_without_chromium_a_clear_error(monkeypatch):
    monkeypatch.setenv(brief_mod.CHROMIUM_ENV, "/nonexistent/chromium")
    with pytest.raises(DataError, match="needs Chromium"):
        brief_pdf("<!doctype html><html lang=fi><title>x</title></html>")


@pytest.mark.parametrize("args, message", [
    (["--period", "13-16/2024"], "Cannot read '13-16/2024' as a tertial"),
    (["--period", "5-8/2031"], "no complete period 5-8/2031"),
    (["--period", PERIOD, "--format", "docx"], "invalid choice: 'docx'"),
    (["--period", PERIOD, "--palvelualue", "Ei ole"], "Unknown palvelualue"),
])
def test_bad_input_is_one_line_and_exit_status_2(args, message, tmp_path):
    done = run_cli("brief", *args, "--out", str(tmp_path / "x.pdf"), "--observations", str(tmp_path / "db.sqlite3"))
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()

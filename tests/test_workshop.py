"""Workshops and reports: exports that open right and cannot run as formulas, chart images, the
self-contained HTML report, presentation mode and the three languages."""
from __future__ import annotations

import io
import re

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analytics.core.periods import Tertial
from analytics.render import charts
from analytics.render.exports import chart_png, chart_svg, csv_bytes, xlsx_bytes
from analytics.render.html_report import review_to_html
from analytics.text.i18n import fmt_date, fmt_pct, label, t
from analytics.views.review import build_review

from .conftest import run_cli
from .test_app import open_app

HOSTILE = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rx", "ok"],
                        "value": [-1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]})


def test_csv_and_xlsx_neutralise_formulas_but_keep_numbers():
    import csv

    rows = list(csv.reader(io.StringIO(csv_bytes(HOSTILE, "fi").decode("utf-8-sig"), newline=""), delimiter=";"))
    assert all(row[0].startswith("'") for row in rows[1:7]) and rows[7][0] == "ok"
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")" and rows[1][1] == "-1,5"  # a negative number stays a number
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(HOSTILE, "data")))
    sheet = book.active
    values = [sheet.cell(row=r, column=1).value for r in range(2, 9)]
    assert all(isinstance(v, str) and v.startswith("'") for v in values[:6]) and values[6] == "ok"
    assert sheet.cell(row=2, column=2).value == -1.5 and sheet.cell(row=2, column=1).data_type == "s"
    english = csv_bytes(pd.DataFrame({"x": [1234.5]}), "en").decode("utf-8-sig")
    assert english.splitlines() == ['"x"', "1234.5"]


def test_chart_images_are_png_and_svg_with_their_title():
    frame = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=6, freq="MS"), "value": [1, 3, 2, 5, 4, 6]})
    chart = charts.sparkline(frame, "count", "Kuukausittain 1/2024–6/2024", "fi", target=3)
    charts.validate(chart)  # the spec passes Vega-Lite's JSON schema, and a broken one does not
    with pytest.raises(Exception, match="tall"):
        charts.validate({**chart, "height": "tall"})
    png = chart_png(chart)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    svg = chart_svg(chart)
    assert svg.lstrip().startswith("<svg") and "Kuukausittain 1/2024–6/2024" in svg


@pytest.fixture(scope="module")
def html_fi(bundle):
    return review_to_html(build_review(bundle, Tertial.parse("5-8/2024")), bundle.catalogue, "fi", synthetic=True)


def test_html_report_has_the_published_figures_and_nothing_from_outside(html_fi):
    for figure in ("5 049", "4 565", "1 031", "6 343", "5 997", "67", "240", "44,3 %", "79,0 %", "84,0 %", "98,0 %",
                   "77 %", "17,5 M€", "22,7 M€", "8,0 %", "10,0 %", "1 679", "41 995", "1,03"):
        figure = figure.replace(" ", "\u00a0")  # CLDR's no-break spaces: thousands, before % and M€
        assert figure in html_fi, figure
    assert html_fi.count("<svg") >= 7 and 'role="img" aria-label=' in html_fi
    assert "<script" not in html_fi and "<link" not in html_fi and "@import" not in html_fi
    outside = re.findall(r'(?:src|href)\s*=\s*["\']?(https?:)?//', html_fi)
    assert not outside, outside
    assert "Menetelmä" in html_fi and "synteettistä" in html_fi


def test_html_report_has_the_published_table_of_reports_by_event_kind(html_fi):
    # DOMAIN §3: harm events 3 181 / 2 788, near misses 1 578 / 1 485, other observations 290 / 292
    rows = re.findall(r"<tr><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td></tr>", html_fi)
    kinds = {name: (now, before) for name, now, before in rows}
    nb = "\u00a0"
    assert kinds[label("kind_event", "harm", "fi")] == (f"3{nb}181", f"2{nb}788")
    assert kinds[label("kind_event", "near_miss", "fi")] == (f"1{nb}578", f"1{nb}485")
    assert kinds[label("kind_event", "observation", "fi")] == ("290", "292")


def test_html_report_escapes_names_from_the_data(bundle):
    org = bundle.org_units.copy()
    org.loc[org["palvelualue"] == "Kotihoito", "palvelualue"] = "<script>alert(1)</script>"
    import dataclasses

    from analytics.core.scope import Scope
    changed = dataclasses.replace(bundle, org_units=org)
    review = build_review(changed, Tertial.parse("5-8/2024"), Scope(None, (), ("<script>alert(1)</script>",)))
    html = review_to_html(review, changed.catalogue, "fi", charts_included=False)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(("lang", "heading"), [("en", "How are the self-monitoring indicators doing in 5-8/2024?"),
                                               ("sv", "Hur utvecklas egenkontrollens indikatorer under perioden 5-8/2024?")])
def test_report_command_writes_html_in_each_language(lang, heading):
    result = run_cli("report", "--period", "5-8/2024", "--format", "html", "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>") and f'lang="{lang}"' in result.stdout and heading in result.stdout
    assert ("5,049" if lang == "en" else "5\u00a0049") in result.stdout


def test_swedish_uses_finnish_number_and_date_formats():
    assert fmt_pct(44.3, 1, "sv") == "44,3\u00a0%" and fmt_date(pd.Timestamp("2024-05-03"), "sv") == "3.5.2024"
    assert t("nav.overview", "sv") == "Översikt"


def test_language_switch_changes_texts_numbers_and_catalogue_names():
    at = open_app(period="5-8/2024")
    at.selectbox(key="f_lang").set_value("sv").run()
    assert not at.exception and at.title[0].value == "Hur utvecklas egenkontrollens indikatorer under perioden 5-8/2024?"
    assert at.query_params["lang"] == "sv"
    metrics = {m.label: m.value for m in at.metric}
    assert "5\u00a0049" in metrics.values() and "79,0\u00a0%" in metrics.values()
    for lang, column, name in (("sv", "Indikator", "Otillräckliga måltider"), ("en", "Indicator", "Inadequate meals")):
        rai = open_app(period="5-8/2024", lang=lang)
        rai.switch_page("app_pages/rai.py").run()
        status = next(d.value for d in rai.dataframe if column in d.value.columns)
        assert name in set(status[column])


def test_presentation_steps_keep_the_step_in_the_link_and_end_where_they_began():
    at = AppTest.from_file(str(__import__("pathlib").Path(__file__).resolve().parent.parent / "app.py"),
                           default_timeout=120)
    for key, value in {"period": "5-8/2024", "present": "1", "step": "2"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and at.title[0].value == "Kuinka monta ilmoitusta, ja onko muutos todellinen?"
    assert "**2 / 20**" in [m.value for m in at.markdown]  # 10 slides, one of own indicators, four of experience, five of goals
    at.button(key="present_next").click().run()
    assert at.title[0].value == "Millaisia tapahtumia?" and at.query_params["step"] == "3"
    at.button(key="present_prev").click().run()
    at.button(key="present_prev").click().run()
    assert at.query_params["step"] == "1" and at.button(key="present_prev").disabled
    assert at.title[0].value == "Osavuosikatsaus 5-8/2024"
    at.button(key="present_exit").click().run()
    assert at.title[0].value == "Miten omavalvonnan mittarit kehittyvät kaudella 5-8/2024?"
    assert "present" not in at.query_params and at.query_params["period"] == "5-8/2024"
    at.toggle(key="f_present").set_value(True).run()
    assert at.title[0].value == "Osavuosikatsaus 5-8/2024" and at.query_params["step"] == "1"


def test_presentation_with_an_unknown_step_starts_from_the_beginning_with_a_note():
    at = open_app(period="5-8/2024", present="1", step="99")
    assert not at.exception and at.title[0].value == "Osavuosikatsaus 5-8/2024"
    assert any("step = '99'" in w.value for w in at.warning)

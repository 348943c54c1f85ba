"""A county's own indicators: one added to a copy of the catalogue and its values imported appears on the
overview, its own page, the presentation and the review, in Finnish, English and Swedish; the two synthetic
sample indicators have their figures for 5-8/2024."""
from __future__ import annotations

import json
import math
import shutil

import pandas as pd
import pytest

from analytics.core.periods import Tertial
from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
from analytics.domain.own import own_figure, own_series
from analytics.render.presentation import slides
from analytics.render.report import review_to_markdown
from analytics.views.review import build_review

from .conftest import run_cli
from .test_app import open_page

REVIEW = Tertial.parse("5-8/2024")
NEW = '''
[[indicator]]
id = "own_access_days"
name_fi = "Kiireettömän hoidon odotusaika (testi)"
name_en = "Waiting time for non-urgent care (test)"
name_sv = "Väntetid till icke-brådskande vård (test)"
domain = "own"
kind = "mean"
better = "lower"
unit = "vrk"
grain = "quarter"
numerator_fi = "Odotuspäivät yhteensä"
denominator_fi = "Hoitoon päässeet"
description_fi = "Lyhyt odotus kertoo, että hoitoon pääsee ajoissa."
description_en = "A short wait means care comes in time."
targets = [{ value = 10.0, period = "2024", source = "county" }]
'''
QUARTERS = [f"Q{q}/{y}" for y in (2022, 2023, 2024) for q in (1, 2, 3, 4)]
WAITS = [14.0, 13.5, 15.0, 13.0, 12.5, 12.0, 14.5, 11.5, 11.0, 10.5, 12.5, 10.0]


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("own") / "data"
    shutil.copytree(DEFAULT_DATA_DIR, folder, ignore=shutil.ignore_patterns(".validated.json"))
    with (folder / "indicators.toml").open("a", encoding="utf-8") as catalogue:
        catalogue.write(NEW)
    export = folder.parent / "odotusajat.csv"
    rows = "".join(f"Kiireettömän hoidon odotusaika (testi);{q};;{str(w).replace('.', ',')}\n"
                   for q, w in zip(QUARTERS, WAITS))
    export.write_text("Mittari;Kausi;Yksikkö;Arvo\n" + rows, encoding="utf-8")
    result = run_cli("ingest", "own_values", str(export), "--data-dir", str(folder))
    assert result.returncode == 0, result.stderr + result.stdout
    return folder


def test_the_report_carries_the_new_indicator_and_follows_its_data(data):
    result = run_cli("report", "--period", "5-8/2024", "--format", "json", "--data-dir", str(data))
    assert result.returncode == 0, result.stderr
    own = {o["id"]: o for o in json.loads(result.stdout)["own_indicators"]}
    new = own["own_access_days"]
    # 5-8/2024 shows the latest quarter that has ended by 31.8.2024: Q2/2024, against Q2/2023
    assert (new["period"], new["value"], new["previous_period"], new["previous"]) == ("Q2/2024", 10.5, "Q2/2023", 12.0)
    assert new["target"] == 10.0 and new["status"] != "met" and new["name_fi"].startswith("Kiireettömän")
    markdown = run_cli("report", "--period", "5-8/2024", "--format", "markdown", "--lang", "sv", "--data-dir",
                       str(data)).stdout
    assert "## Egna indikatorer" in markdown and "Väntetid till icke-brådskande vård (test) (Q2/2024)" in markdown
    html = run_cli("report", "--period", "5-8/2024", "--format", "html", "--lang", "en", "--data-dir", str(data)).stdout
    assert "Waiting time for non-urgent care (test) (Q2/2024)" in html and "Own indicators" in html


def test_the_overview_the_page_and_the_slides_show_it_in_three_languages(data, monkeypatch):
    monkeypatch.setenv("OMAVALVONTA_DATA_DIR", str(data))
    for lang, name, header in (("fi", "Kiireettömän hoidon odotusaika (testi) (Q2/2024)", "Omat mittarit"),
                               ("en", "Waiting time for non-urgent care (test) (Q2/2024)", "Own indicators"),
                               ("sv", "Väntetid till icke-brådskande vård (test) (Q2/2024)", "Egna indikatorer")):
        overview = open_page("overview", period="5-8/2024", lang=lang)
        assert header in [h.value for h in overview.header]
        metrics = {m.label: m.value for m in overview.metric}
        assert name in metrics, list(metrics)
        page = open_page("own", period="5-8/2024", lang=lang, mittari="own_access_days")
        assert page.selectbox(key="own_indicator").value == "own_access_days"
        assert name in [m.label for m in page.metric]
        assert page.get("vega_lite_chart"), "the control chart and the forecast are drawn"
    bundle = load_bundle(data)
    shown = {s.key: s for s in slides(build_review(bundle, REVIEW), bundle.catalogue, "en")}
    assert any("Waiting time for non-urgent care" in m.label for m in shown["own"].metrics)


def test_the_sample_indicators_have_their_review_figures():
    bundle = load_bundle(DEFAULT_DATA_DIR)
    primary = own_figure(own_series(bundle, bundle.catalogue.get("own_primary_care_3_days")), REVIEW)
    assert primary.period == "5-8/2024" and 80 < primary.value < 95 and primary.previous_period == "5-8/2023"
    turnover = own_figure(own_series(bundle, bundle.catalogue.get("own_staff_turnover")), REVIEW)
    assert turnover.period == "Q2/2024" and 0 < turnover.value < 10 and not math.isnan(turnover.previous)
    markdown = review_to_markdown(build_review(bundle, REVIEW), bundle.catalogue, "fi")
    assert "## Omat mittarit" in markdown


def test_an_indicator_without_values_has_no_period_and_no_headline(tmp_path):
    from analytics.core.scope import Scope
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data, ignore=shutil.ignore_patterns(".validated.json"))
    (data / "own_values.parquet").unlink()  # a county that has not imported its values yet
    bundle = load_bundle(data)
    figure = own_figure(own_series(bundle, bundle.catalogue.get("own_staff_turnover"), Scope()), REVIEW)
    assert figure.period is None and math.isnan(figure.value)
    review = build_review(bundle, REVIEW)
    assert len(review.own) == 2 and not [h for h in review.headlines if h.indicator is not None]


def test_a_share_is_drawn_as_a_laney_p_chart_with_its_name():
    at = open_page("own", period="5-8/2024", mittari="own_staff_turnover", lang="en")
    assert "Staff turnover (Laney p′ chart)" in [c.proto.alt for c in at.get("vega_lite_chart")]


def test_below_the_county_own_indicators_say_they_are_the_county_s_only():
    at = open_page("own", period="5-8/2024", palvelualue="Kotihoito")
    assert at.info[0].value.startswith("Omat mittarit näytetään vain koko hyvinvointialueelta")
    assert not at.metric and not at.get("vega_lite_chart")


def test_an_import_s_problems_with_own_values_are_said_in_each_language():
    from analytics.text.importer import reason_text
    wrong = "not a month, the grain of own_primary_care_3_days in indicators.toml: write it as 5/2024"
    assert reason_text(wrong, "fi") == ("kausi ei ole mittarin own_primary_care_3_days aikatasoa (month, tiedosto "
                                        "indicators.toml): kirjoita muodossa 5/2024")
    assert reason_text("a share needs a numerator and a denominator (own_staff_turnover)", "sv") == \
        "en andel behöver täljare och nämnare (own_staff_turnover)"
    assert reason_text("neither a value nor a numerator", "fi") == "ei arvoa eikä osoittajaa"


def test_an_indicator_read_from_a_sotkanet_export(tmp_path):
    from analytics.data.contracts import CONTRACTS
    data = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data, ignore=shutil.ignore_patterns(".validated.json"))
    with (data / "indicators.toml").open("a", encoding="utf-8") as catalogue:
        catalogue.write('\n[[indicator]]\nid = "own_population"\nname_fi = "Väestö 31.12."\nname_en = "Population"\n'
                        'domain = "own"\nkind = "value"\nbetter = "none"\ngrain = "year"\nsotkanet_id = 127\n'
                        'description_fi = "Palvelujen mitoitus."\n')
    years = list(range(2019, 2025))
    values = pd.DataFrame({"source": "sotkanet", "indicator": "127", "region_id": 975,
                           "region_name": "Päijät-Häme", "region_category": "HYVINVOINTIALUE", "year": years,
                           "gender": "total", "value": [200_000.0 - 500 * i for i in range(len(years))],
                           "absolute_value": float("nan")})
    values[list(CONTRACTS["indicator_values"].columns)].to_parquet(data / "indicator_values.parquet", index=False)
    bundle = load_bundle(data)
    figure = own_figure(own_series(bundle, bundle.catalogue.get("own_population")), REVIEW)
    # 5-8/2024 shows the latest year ended by 31.8.2024: 2023, against 2022
    assert (figure.period, figure.value, figure.previous_period, figure.previous) == ("2023", 198_000.0, "2022",
                                                                                     198_500.0)

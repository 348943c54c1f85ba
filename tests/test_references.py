"""Laney p′/u′, funnel overdispersion and the dispersion of counts against the R reference packages.

The reference figures in tests/reference/spc_funnel_reference.json were computed by R itself (4.2.2 on Debian
bookworm) with qicharts2 0.8.1 (anhoej/qicharts2) and FunnelPlotR 0.6.0 (nhs-r-community/FunnelPlotR), installed
from the packages' sources, by tests/reference/spc_funnel_reference.R (the R code, with the input series, which no
other test uses):

    Rscript tests/reference/spc_funnel_reference.R > tests/reference/spc_funnel_reference.json

p′ and u′: ``qic(x, num, n = den, chart = "pp" | "up", return.data = TRUE)`` with ``options(qic.screenedmr =
TRUE)`` (qicharts2's default once attached) and ``FALSE``; σ_z = (ucl − cl) / (3 · p/u sigma). Funnels:
``funnel_plot(d, num, den, unit, data_type = "PR")`` (draw_adjusted = TRUE asked for), its φ, τ², whether it drew
the adjusted limits, and those limits; the exact binomial limits with R's qbinom/pbinom/dbinom. Dispersion:
``glm(y ~ time [+ factor(time %% 12)], family = quasipoisson)``, Pearson χ² / residual df and its χ² p-value.
The tests never call R.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analytics.stats.compare import count_dispersion
from analytics.stats.funnel import funnel
from analytics.stats.spc import count_chart, spc_chart
from analytics.text.statistics import count_chart_sentence, funnel_sentence

R = json.loads((Path(__file__).parent / "reference" / "spc_funnel_reference.json").read_text())
LIMITS = ("lower95", "upper95", "lower998", "upper998")


def test_the_references_come_from_the_package_versions_named():
    assert R["versions"] == {"R": "4.2.2", "qicharts2": "0.8.1", "FunnelPlotR": "0.6.0"}


# --- Laney p′ and u′ with an outlier: the moving ranges of z screened as qicharts2 ≥ 0.7.4 -----------------

def _sigma_z(chart, points) -> np.ndarray:
    """σ_z back from the limits, as the R script does: (upper − centre) / (3 · p or u sigma)."""
    centre, n = points["centre"].to_numpy(), points["denominator"].to_numpy()
    base = np.sqrt(centre * (1 - centre) / n) if chart == "pp" else np.sqrt(centre / n)
    return (points["upper"].to_numpy() - centre) / (3 * base)


@pytest.mark.parametrize("chart", ["pp", "up"])
@pytest.mark.parametrize(("screen", "key"), [(True, "screened"), (False, "unscreened")])
def test_laney_charts_match_qicharts2(chart, screen, key):
    series, reference = R["charts"][chart], R["charts"][chart][key]
    points = spc_chart(series["numerators"], chart, series["denominators"], screen=screen).points
    assert points["centre"].to_numpy() == pytest.approx(reference["centre"], rel=1e-12)
    assert _sigma_z(chart, points) == pytest.approx(reference["sigma_z"], rel=1e-10)
    assert points["lower"].to_numpy() == pytest.approx(reference["lower"], abs=1e-12)
    assert points["upper"].to_numpy() == pytest.approx(reference["upper"], abs=1e-12)
    assert points["outside"].tolist() == reference["outside"]


@pytest.mark.parametrize("chart", ["pp", "up"])
def test_screening_narrows_the_limits_so_the_outlier_is_outside_as_in_qicharts2(chart):
    series = R["charts"][chart]
    screened = spc_chart(series["numerators"], chart, series["denominators"]).points
    raw = spc_chart(series["numerators"], chart, series["denominators"], screen=False).points
    assert series["screened"]["sigma_z"] < series["unscreened"]["sigma_z"]
    outlier = int(np.argmax(np.abs(screened["value"] - screened["centre"]) / (screened["upper"] - screened["centre"])))
    assert screened["outside"].iloc[outlier] and not raw["outside"].iloc[outlier]
    assert screened["outside"].sum() == 1 and not raw["outside"].any()


def test_no_screen_turns_off_the_screen_of_i_pp_and_up_charts_alike(tmp_path, capsys):
    from analytics.cli import main

    series = R["charts"]["pp"]
    path = tmp_path / "pp.csv"
    path.write_text("period,value,denominator\n" + "".join(
        f"{i},{k},{n}\n" for i, (k, n) in enumerate(zip(series["numerators"], series["denominators"]), start=1)))
    for flag, key in (([], "screened"), (["--no-screen"], "unscreened")):
        assert main(["spc", "--chart", "pp", "--input", str(path), *flag]) == 0
        printed = json.loads(capsys.readouterr().out)["points"]
        assert [p["upper"] for p in printed] == pytest.approx(series[key]["upper"], abs=1e-10)  # JSON: 10 decimals
        assert [p["outside"] for p in printed] == series[key]["outside"]


# --- funnels: the adjustment only when φ > 1 (FunnelPlotR ≥ 0.4.2) ------------------------------------------

def _funnel(name: str):
    reference = R["funnels"][name]
    result = funnel(reference["units"], reference["numerators"], reference["denominators"], overdispersion=True)
    return reference, result


def test_phi_at_most_one_keeps_the_exact_binomial_limits_although_tau2_is_positive():
    reference, result = _funnel("not_overdispersed")
    assert reference["phi"] <= 1 and reference["tau2"] > 0 and reference["draw_adjusted"] is False
    assert result.overdispersion.phi == pytest.approx(reference["phi"], rel=1e-10)
    assert result.overdispersion.tau2 == pytest.approx(reference["tau2"], rel=1e-8)
    assert not result.overdispersion.adjusted
    for column in LIMITS:
        assert result.units[column].to_numpy() == pytest.approx(reference["exact"][column], abs=1e-12)
    # what the old rule (τ² > 0) drew instead: FunnelPlotR's τ²-widened limits, 0.019 away at most here
    moved = max(np.max(np.abs(np.array(reference["adjusted"][c]) - np.array(reference["exact"][c]))) for c in LIMITS)
    assert moved > 0.005
    assert result.units["flag"].ne("within").astype(int).tolist() == reference["outlier"]
    sentence = funnel_sentence(result, "fi")
    assert "φ = 0,99 ≤ 1" in sentence and "tarkat binomirajat" in sentence


def test_phi_above_one_draws_funnelplotrs_adjusted_limits():
    reference, result = _funnel("overdispersed")
    assert reference["phi"] > 1 and reference["draw_adjusted"] is True
    assert result.overdispersion.phi == pytest.approx(reference["phi"], rel=1e-10)
    assert result.overdispersion.tau2 == pytest.approx(reference["tau2"], rel=1e-8)
    assert result.overdispersion.adjusted
    for column in LIMITS:  # FunnelPlotR writes z as 1.959964 and 3.090232, which moves its limits by up to 2e-8
        assert result.units[column].to_numpy() == pytest.approx(reference["adjusted"][column], abs=5e-8)
    assert result.units["flag"].ne("within").astype(int).tolist() == reference["outlier"]
    assert "φ = 1.65 > 1" in funnel_sentence(result, "en")
    assert "(spridningskvot φ = 1,65 > 1)" in funnel_sentence(result, "sv")


# --- counts: the c chart only for Poisson-like variation ------------------------------------------------------

@pytest.mark.parametrize("name", ["poisson_like", "overdispersed"])
def test_count_dispersion_is_rs_quasi_poisson_dispersion(name):
    reference = R["dispersion"][name]
    dispersion = count_dispersion(reference["counts"])
    assert dispersion.phi == pytest.approx(reference["phi"], rel=1e-8)
    assert dispersion.df == reference["df"]
    assert dispersion.p_value == pytest.approx(reference["p_value"], rel=1e-6)
    assert dispersion.seasonal == (len(reference["counts"]) >= 24)


def test_an_overdispersed_count_series_gets_an_i_chart_and_a_poisson_like_one_a_c_chart():
    over = R["dispersion"]["overdispersed"]["counts"]
    chart, choice = count_chart(over)
    assert (choice.chart, choice.advised, chart.chart) == ("i", "i", "i")
    mean = np.mean(over)
    # the I chart's limits hold the ordinary months; the c chart's (± 3√mean ≈ ± 104) do not
    c_points = spc_chart(over, "c").points
    assert c_points["upper"].iloc[0] == pytest.approx(mean + 3 * np.sqrt(mean))
    assert chart.points["outside"].sum() < c_points["outside"].sum()
    assert chart.points["upper"].iloc[0] - mean > 1.2 * 3 * np.sqrt(mean)
    text = count_chart_sentence(choice, "fi")
    assert "φ = 2,2" in text and "I-kortti (XmR)" in text

    poisson = R["dispersion"]["poisson_like"]["counts"]
    chart, choice = count_chart(poisson)
    assert (choice.chart, chart.chart) == ("c", "c")
    assert chart.points["upper"].iloc[0] == pytest.approx(np.mean(poisson) + 3 * np.sqrt(np.mean(poisson)))
    english = count_chart_sentence(choice, "en")
    assert "φ = 0.5" in english and "c chart (mean ± 3√mean)" in english


def test_the_user_can_override_the_advised_count_chart_and_the_sentence_says_so():
    over = R["dispersion"]["overdispersed"]["counts"]
    chart, choice = count_chart(over, chart="c")
    assert (chart.chart, choice.chart, choice.advised) == ("c", "c", "i")
    assert "valintasi mukaan c-kortti, vaikka suositus on I-kortti" in count_chart_sentence(choice, "fi")
    assert "enligt ditt val" in count_chart_sentence(choice, "sv")

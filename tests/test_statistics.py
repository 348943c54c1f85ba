"""The statistics core against published reference values and hand-worked examples."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy import stats

from analytics.cli import main
from analytics.core.errors import DataError
from analytics.stats.compare import compare_counts, trend_test
from analytics.stats.funnel import binomial_limit, funnel
from analytics.stats.intervals import clopper_pearson, poisson_exact, wilson
from analytics.stats.spc import anhoej_limits, runs_analysis, spc_chart
from analytics.text.statistics import (
    change_sentence,
    funnel_sentence,
    interval_sentence,
    spc_sentence,
    trend_sentence,
)
from tests.conftest import run_cli

# --- Anhøj rules (qicharts2; Anhøj & Olesen 2014, table 1) -------------------------------------

@pytest.mark.parametrize(("n", "longest_max", "crossings_min"), [
    (10, 6, 2), (12, 7, 3), (18, 7, 5), (24, 8, 8), (30, 8, 10), (36, 8, 13), (89, 9, 36),
])
def test_anhoej_limits_match_the_published_table(n, longest_max, crossings_min):
    assert anhoej_limits(n) == (longest_max, crossings_min)


def test_runs_analysis_ignores_points_on_the_centre_line():
    # 12 points, two on the median 5: 10 useful, sides - - - - - + + + + +  → one crossing, run of 5
    values = [1, 2, 3, 5, 4, 2, 6, 7, 5, 8, 9, 7]
    runs = runs_analysis(values, 5)
    assert (runs.n_useful, runs.longest_run, runs.crossings) == (10, 5, 1)
    assert (runs.longest_run_max, runs.crossings_min) == (6, 2)
    assert runs.signal and runs.few_crossings and not runs.long_run


def test_run_chart_uses_the_median_and_marks_the_long_run():
    # 12 points below and 12 above the median 6.5; runs of 3, 1, 3, 1, 3, 1, 3 and a last run of 9
    values = [1, 2, 3, 10, 2, 1, 3, 11, 2, 3, 1, 12, 3, 2, 1, 13, 14, 15, 13, 14, 15, 13, 14, 15]
    chart = spc_chart(values, "run")
    assert chart.points["centre"].iloc[0] == 6.5
    summary = chart.summary
    assert (summary.n_useful, summary.longest_run, summary.longest_run_max) == (24, 9, 8)
    assert (summary.crossings, summary.crossings_min) == (7, 8)
    assert summary.long_run and summary.few_crossings
    # only the last nine points form the run that is too long
    assert chart.points["signal"].tolist() == [False] * 15 + [True] * 9
    assert chart.points["upper"].isna().all()


# --- control charts on small hand-worked data ----------------------------------------------------

def test_i_chart_limits_by_hand():
    # mean 92/8 = 11.5; moving ranges 2,1,2,1,2,1,2 → mean 11/7; sigma = (11/7)/1.128
    values = [10, 12, 11, 13, 12, 10, 11, 13]
    chart = spc_chart(values, "i")
    sigma = (11 / 7) / 1.128
    assert chart.points["centre"].iloc[0] == pytest.approx(11.5)
    assert chart.points["upper"].iloc[0] == pytest.approx(11.5 + 3 * sigma)  # 15.679
    assert chart.points["lower"].iloc[0] == pytest.approx(11.5 - 3 * sigma)  # 7.321
    assert not chart.points["outside"].any()


def test_i_chart_screens_large_moving_ranges():
    # mean 134/10 = 13.4; moving ranges 2,1,2,1,2,1,2,17,18 (mean 46/9): 17 and 18 exceed 3.267 × 5.11
    values = [10, 12, 11, 13, 12, 10, 11, 13, 30, 12]
    screened = spc_chart(values, "i")
    assert screened.points["upper"].iloc[0] == pytest.approx(13.4 + 3 * (11 / 7) / 1.128)
    raw = spc_chart(values, "i", screen=False)
    assert raw.points["upper"].iloc[0] == pytest.approx(13.4 + 3 * (46 / 9) / 1.128)
    assert screened.points["outside"].tolist() == [False] * 8 + [True, False]


def test_p_chart_limits_per_point_and_clipped_at_zero():
    # pooled 60/600 = 0.1; n = 100: 0.1 ± 3·0.03; n = 50: 0.1 ± 3·√(0.09/50), lower clipped to 0
    numerators = [10, 12, 8, 10, 5, 4, 6, 5]
    denominators = [100, 100, 100, 100, 50, 50, 50, 50]
    points = spc_chart(numerators, "p", denominators).points
    assert points["centre"].tolist() == pytest.approx([0.1] * 8)
    assert points["lower"].tolist() == pytest.approx([0.01] * 4 + [0.0] * 4)
    assert points["upper"].tolist() == pytest.approx([0.19] * 4 + [0.1 + 3 * math.sqrt(0.09 / 50)] * 4)
    assert points["value"].tolist() == pytest.approx([0.1, 0.12, 0.08, 0.1, 0.1, 0.08, 0.12, 0.1])


def test_laney_p_prime_widens_by_the_spread_of_z_scores():
    # p = 0.1 ± 0.03 alternately at n = 100: z = ±1, |Δz| = 2 → sigma_z = 2 / 1.128
    numerators = [13, 7] * 4
    points = spc_chart(numerators, "pp", [100] * 8).points
    assert points["upper"].iloc[0] == pytest.approx(0.1 + 3 * 0.03 * 2 / 1.128)
    assert points["lower"].iloc[0] == pytest.approx(0.0)  # 0.1 − 0.2836 clipped
    p_points = spc_chart(numerators, "p", [100] * 8).points
    assert p_points["upper"].iloc[0] == pytest.approx(0.19)


def test_c_and_u_charts():
    counts = [3, 5, 4, 2, 6, 4, 3, 5, 12]
    c = spc_chart(counts, "c").points
    mean = sum(counts) / len(counts)
    assert c["upper"].iloc[0] == pytest.approx(mean + 3 * math.sqrt(mean))
    assert c["lower"].iloc[0] == 0.0  # 4.9 − 6.6 < 0 → 0
    assert c["outside"].tolist() == [False] * 8 + [True]
    exposure = [10, 20, 10, 20, 10, 20, 10, 20]
    u = spc_chart([5, 8, 4, 10, 6, 9, 5, 11], "u", exposure).points
    centre = 58 / 120
    assert u["centre"].iloc[0] == pytest.approx(centre)
    assert u["upper"].tolist()[:2] == pytest.approx([centre + 3 * math.sqrt(centre / 10),
                                                     centre + 3 * math.sqrt(centre / 20)])


def test_frozen_baseline_shows_a_later_shift():
    baseline = [10, 12, 11, 13, 12, 10, 11, 13]
    shifted = [16, 17, 15, 16, 17, 16, 15, 17]
    chart = spc_chart(baseline + shifted, "i", freeze=8)
    assert chart.points["centre"].iloc[-1] == pytest.approx(11.5)  # from the baseline only
    assert chart.points["outside"].iloc[8:].sum() >= 6
    assert chart.summary.long_run and chart.signal
    unfrozen = spc_chart(baseline + shifted, "i")
    assert unfrozen.points["centre"].iloc[0] == pytest.approx(np.mean(baseline + shifted))


def test_parts_get_their_own_centre_and_runs_analysis():
    before = [10, 12, 11, 13, 12, 10, 11, 13]
    after = [20, 22, 21, 23, 22, 20, 21, 23]
    chart = spc_chart(before + after, "i", parts=[8])
    assert chart.points["part"].tolist() == [1] * 8 + [2] * 8
    assert chart.points["centre"].iloc[0] == pytest.approx(11.5)
    assert chart.points["centre"].iloc[-1] == pytest.approx(21.5)
    assert len(chart.parts) == 2 and not chart.signal
    assert not chart.points["signal"].any()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"values": [1, 2, 3], "chart": "i"}, "at least 8 points"),
    ({"values": [1, 2, -3, 4, 5, 6, 7, 8], "chart": "c"}, "Point 3 (3) has a negative count"),
    ({"values": [1, 2, 3, 4, 5, 6, 7, 80], "chart": "p", "denominators": [50] * 8}, "Point 8 (8) has numerator 80"),
    ({"values": [1] * 8, "chart": "u", "denominators": [5, 5, 0, 5, 5, 5, 5, 5]}, "Point 3 (3) has denominator 0"),
    ({"values": list(range(16)), "chart": "i", "freeze": 8, "parts": [8]}, "either a frozen baseline or parts"),
    ({"values": list(range(16)), "chart": "i", "freeze": 20}, "between 8 and 16"),
    ({"values": list(range(16)), "chart": "i", "parts": [4]}, "each part needs at least 8"),
    ({"values": list(range(10)), "chart": "x"}, "Unknown chart"),
])
def test_bad_chart_input_says_what_is_wrong(kwargs, message):
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        spc_chart(**kwargs)


def test_spc_sentences_say_why():
    random_chart = spc_chart([10, 12, 11, 13, 12, 10, 11, 13], "i")
    assert spc_sentence(random_chart, "fi").startswith("Vaihtelu on tavanomaista")
    assert "within the control limits" in spc_sentence(random_chart, "en")
    shifted = spc_chart([10, 12, 11, 13, 12, 10, 11, 13] + [30] * 8, "i", freeze=8)
    fi = spc_sentence(shifted, "fi")
    assert "9 peräkkäistä pistettä" in fi and "valvontarajojen ulkopuolella (viimeisin 16)" in fi


# --- funnel plots -------------------------------------------------------------------------------

def test_exact_binomial_funnel_limit_differs_from_the_normal_approximation():
    exact = binomial_limit(0.12, 20, 0.999)
    assert exact == pytest.approx(0.368, abs=0.0005)
    assert 0.12 + 3 * math.sqrt(0.12 * 0.88 / 20) == pytest.approx(0.338, abs=0.0005)


def test_funnel_limit_interpolates_between_binomial_quantiles():
    # θ = 0.2, n = 50, p = 0.975: r = 16 is the first count with P(R ≤ r) ≥ 0.975
    cdf15, cdf16 = stats.binom.cdf([15, 16], 50, 0.2)
    assert cdf15 < 0.975 <= cdf16
    alpha = (cdf16 - 0.975) / (cdf16 - cdf15)
    assert binomial_limit(0.2, 50, 0.975) == pytest.approx((16 - alpha) / 50)
    # for large n the exact limit approaches the normal one
    assert binomial_limit(0.2, 100_000, 0.975) == pytest.approx(0.2 + 1.959964 * math.sqrt(0.16 / 100_000), abs=2e-5)


def test_funnel_flags_units_outside_the_998_limits():
    units = ["A", "B", "C", "D", "E"]
    result = funnel(units, [10, 48, 50, 30, 95], [200, 400, 500, 300, 400])
    assert result.centre == pytest.approx(233 / 1800)
    flags = dict(zip(result.units["unit"], result.units["flag"]))
    assert flags == {"A": "below", "B": "within", "C": "within", "D": "within", "E": "above"}
    sentence = funnel_sentence(result, "fi")
    assert "Yläpuolella 99,8 %:n rajan: E (23,8\u00a0%)" in sentence and "A (5,0\u00a0%)" in sentence
    national = funnel(units, [10, 48, 50, 30, 95], [200, 400, 500, 300, 400], centre=0.05)
    assert national.centre == 0.05 and (national.units["flag"] == "above").sum() >= 3


def test_overdispersion_matches_a_hand_computation():
    numerators = np.array([30, 45, 12, 80, 25, 60, 18, 90, 40, 55])
    denominators = np.array([200, 220, 150, 300, 180, 240, 160, 310, 260, 230])
    result = funnel([f"u{i}" for i in range(10)], numerators, denominators, overdispersion=True)
    theta = numerators.sum() / denominators.sum()
    se = [1 / (2 * math.sqrt(n)) for n in denominators]
    z = [(math.asin(math.sqrt(k / n)) - math.asin(math.sqrt(theta))) / s
         for k, n, s in zip(numerators, denominators, se)]
    ordered = sorted(z)
    # R's quantile type 7 at 0.1 and 0.9 of 10 values: positions 0.9 and 8.1 (0-based)
    low = ordered[0] + 0.9 * (ordered[1] - ordered[0])
    high = ordered[8] + 0.1 * (ordered[9] - ordered[8])
    phi = sum(min(max(v, low), high) ** 2 for v in z) / 10
    w = [1 / s**2 for s in se]
    tau2 = (10 * phi - 9) / (sum(w) - sum(x * x for x in w) / sum(w))
    assert result.overdispersion.phi == pytest.approx(phi)
    assert result.overdispersion.tau2 == pytest.approx(tau2)
    upper = math.sin(math.asin(math.sqrt(theta)) + stats.norm.ppf(0.999) * math.sqrt(1 / (4 * 200) + tau2)) ** 2
    assert result.units["upper998"].iloc[0] == pytest.approx(upper)
    plain = funnel([f"u{i}" for i in range(10)], numerators, denominators)
    assert (result.units["upper998"] > plain.units["upper998"]).all()
    assert (plain.units["flag"] != "within").sum() > (result.units["flag"] != "within").sum()


def test_no_overdispersion_leaves_the_exact_limits():
    result = funnel(list("ABCDEF"), [20, 40, 10, 30, 21, 39], [200, 400, 100, 300, 200, 400], overdispersion=True)
    assert result.overdispersion.tau2 == 0.0
    plain = funnel(list("ABCDEF"), [20, 40, 10, 30, 21, 39], [200, 400, 100, 300, 200, 400])
    assert result.units["upper998"].tolist() == pytest.approx(plain.units["upper998"].tolist())


@pytest.mark.parametrize(("units", "numerators", "denominators", "message"), [
    (["A", "B"], [1, 2], [10, 10], "at least 3 units"),
    (["A", "B", "C"], [1, -2, 3], [10, 10, 10], "Unit 'B' has a negative numerator"),
    (["A", "B", "C"], [1, 2, 30], [10, 10, 10], "Unit 'C' has numerator 30 above its denominator 10"),
    (["A", "B", "A"], [1, 2, 3], [10, 10, 10], "Unit 'A' appears more than once"),
    (["A", "B", "C"], [1, 2, 3], [10, 0, 10], "Unit 'B' has denominator 0"),
])
def test_bad_funnel_input(units, numerators, denominators, message):
    with pytest.raises(DataError, match=message):
        funnel(units, numerators, denominators)


# --- intervals: Newcombe (1998) Stat Med 17:857–872, table I; Garwood Poisson limits ------------

@pytest.mark.parametrize(("k", "n", "wilson_ci", "exact_ci"), [
    (81, 263, (0.2553, 0.3662), (0.2527, 0.3676)),
    (15, 148, (0.0624, 0.1605), (0.0578, 0.1617)),
    (0, 20, (0.0, 0.1611), (0.0, 0.1684)),
    (1, 29, (0.0061, 0.1718), (0.0009, 0.1776)),
])
def test_share_intervals_match_newcombe(k, n, wilson_ci, exact_ci):
    w = wilson(k, n)
    c = clopper_pearson(k, n)
    assert (w.lower, w.upper) == pytest.approx(wilson_ci, abs=5e-5)
    assert (c.lower, c.upper) == pytest.approx(exact_ci, abs=5e-5)
    assert w.estimate == c.estimate == k / n


def test_interval_sentences_use_the_language_formats():
    assert interval_sentence(wilson(316, 400), "fi") == "79,0\u00a0% (95 %:n luottamusväli 74,7–82,7\u00a0%)"
    assert interval_sentence(wilson(316, 400), "en") == "79.0% (95% confidence interval 74.7–82.7%)"
    assert interval_sentence(poisson_exact(11), "fi") == "11,0 (95 %:n luottamusväli 5,5–19,7)"


def test_poisson_exact_limits():
    assert (poisson_exact(0).lower, poisson_exact(0).upper) == pytest.approx((0.0, 3.6889), abs=5e-5)
    assert (poisson_exact(10).lower, poisson_exact(10).upper) == pytest.approx((4.7954, 18.3904), abs=5e-5)
    rate = poisson_exact(10, exposure=2.0)
    assert (rate.estimate, rate.upper) == pytest.approx((5.0, 9.1952), abs=5e-5)
    with pytest.raises(DataError, match="zero or more"):
        poisson_exact(-1)
    with pytest.raises(DataError, match="between 0 and the denominator"):
        wilson(5, 4)


# --- period comparison and trend ----------------------------------------------------------------

def test_comparison_without_overdispersion_is_the_poisson_rate_ratio():
    # steady months: Pearson χ² / df < 1, so φ = 1 and se(log RR) = √(1/a + 1/b)
    current, previous = [1600, 1601, 1599, 1600], [1500, 1499, 1501, 1500]
    result = compare_counts(current, previous)
    assert result.dispersion == 1.0
    assert result.ratio == pytest.approx(6400 / 6000)
    se = math.sqrt(1 / 6400 + 1 / 6000)
    t = stats.t.ppf(0.975, 6)
    assert (result.lower, result.upper) == pytest.approx((6400 / 6000 * math.exp(-t * se),
                                                          6400 / 6000 * math.exp(t * se)))
    assert result.significant


def test_month_to_month_overdispersion_widens_the_interval():
    current, previous = [1900, 1300, 1750, 1450], [1700, 1350, 1600, 1350]
    result = compare_counts(current, previous)
    # fitted values are each period's mean month, so Pearson χ² is Σ (y − ȳ)² / ȳ over both periods
    chi2 = sum((y - 1600) ** 2 / 1600 for y in current) + sum((y - 1500) ** 2 / 1500 for y in previous)
    assert result.dispersion == pytest.approx(chi2 / 6)
    assert result.ratio == pytest.approx(6400 / 6000)
    assert not result.significant and result.lower < 1 < result.upper
    assert "tavanomaiseen kuukausivaihteluun" in change_sentence(result, "fi")
    assert change_sentence(result, "en").startswith("Change +6.7% (6,400 vs. 6,000; 95% confidence interval")


def test_comparison_with_an_empty_period_uses_the_exact_test():
    result = compare_counts([0, 0, 0, 0], [3, 2, 4, 1])
    assert result.method == "exact-conditional"
    assert result.ratio == 0.0 and result.lower == 0.0 and 0 < result.upper < 1
    assert result.p_value == pytest.approx(2 * 0.5**10)
    with pytest.raises(DataError, match="nothing to compare"):
        compare_counts([0, 0], [0, 0])


def test_trend_test_recovers_a_steady_growth_and_ignores_season():
    months = np.arange(48)
    season = 1 + 0.3 * np.sin(2 * np.pi * months / 12)
    growing = np.round(200 * 1.10 ** (months / 12) * season)
    flat = np.round(200 * season)
    trend = trend_test(growing, "2021-01")
    assert trend.seasonal and trend.months == 48
    assert trend.annual_ratio == pytest.approx(1.10, abs=0.005)
    assert trend.significant and trend.lower < 1.10 < trend.upper
    none = trend_test(flat, "2021-01")
    assert none.annual_ratio == pytest.approx(1.0, abs=0.005) and not none.significant
    assert "Selvää suuntaa ei ole" in trend_sentence(none, "fi")
    with pytest.raises(DataError, match="at least 12 months"):
        trend_test([5] * 6, "2024-01")


# --- command line -------------------------------------------------------------------------------

def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_spc_command_prints_points_and_summary(tmp_path, capsys):
    rows = "\n".join(f"2024-{m:02d},{v}" for m, v in zip(range(1, 13), [5, 6, 4, 5, 6, 19, 5, 4, 6, 5, 5, 6]))
    path = _write(tmp_path, "counts.csv", "period,value\n" + rows + "\n")
    assert main(["spc", "--chart", "c", "--input", path]) == 0
    result = json.loads(capsys.readouterr().out)
    spike = result["points"][5]
    assert set(spike) >= {"period", "value", "centre", "lower", "upper", "signal"}
    assert spike["period"] == "2024-06" and spike["upper"] == pytest.approx(76 / 12 + 3 * math.sqrt(76 / 12))
    assert [p["signal"] for p in result["points"]] == [False] * 5 + [True] + [False] * 6
    assert set(result["summary"]) == {"n_useful", "longest_run", "longest_run_max", "crossings",
                                      "crossings_min", "runs_signal"}
    assert result["summary"]["longest_run_max"] == anhoej_limits(result["summary"]["n_useful"])[0]


def test_spc_command_reads_finnish_csv_with_frozen_baseline(tmp_path, capsys):
    rows = "\n".join(f"{m}/2024;{v};{d}" for m, v, d in zip(range(1, 13), [10, 12, 8, 10, 5, 4, 6, 5, 9, 11, 10, 10],
                                                              [100, 100, 100, 100, 50, 50, 50, 50, 90, 100, 100, 100]))
    path = _write(tmp_path, "shares.csv", "\ufeffperiod;value;denominator\n" + rows + "\n")
    assert main(["spc", "--chart", "p", "--input", path, "--freeze", "8"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["points"][0]["centre"] == pytest.approx(0.1) and result["points"][-1]["centre"] == pytest.approx(0.1)
    assert result["freeze"] == 8


def test_funnel_command(tmp_path, capsys):
    path = _write(tmp_path, "units.csv", "unit,numerator,denominator\nA,10,200\nB,48,400\nC,50,500\nD,30,300\nE,95,400\n")
    assert main(["funnel", "--input", path]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["centre"] == pytest.approx(233 / 1800)
    assert [u["flag"] for u in result["units"]] == ["below", "within", "within", "within", "above"]
    assert {"unit", "value", "lower95", "upper95", "lower998", "upper998", "flag"} <= set(result["units"][0])
    assert main(["funnel", "--input", path, "--overdispersion", "--format", "text", "--lang", "en"]) == 0
    assert "pooled value 12.9%" in capsys.readouterr().out


@pytest.mark.parametrize(("args", "text", "message"), [
    (["spc", "--chart", "c"], "period,value\n1,5\n2,x\n", "line 3, column 'value': 'x' is not a number"),
    (["spc", "--chart", "c"], "period,value\n" + "".join(f"{i},{i}\n" for i in range(1, 10)) + "10,-4\n",
     "line 11: Point 10 (10) has a negative count"),
    (["spc", "--chart", "i"], "period,value\n1,5\n2,6\n", "at least 8 points"),
    (["spc", "--chart", "p"], "period,value\n" + "".join(f"{i},{i}\n" for i in range(1, 10)), "needs a 'denominator' column"),
    (["funnel"], "unit,numerator,denominator\nA,5,10\nB,20,10\nC,1,10\n", "line 3: Unit 'B' has numerator 20 above"),
    (["funnel"], "unit,numerator\nA,5\n", "missing column(s) denominator"),
    (["funnel"], "", "the file is empty"),
])
def test_bad_statistics_input_exits_2_with_one_line(tmp_path, capsys, args, text, message):
    path = _write(tmp_path, "input.csv", text)
    assert main([*args, "--input", path]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_statistics_command_as_a_user_runs_it(tmp_path):
    path = _write(tmp_path, "units.csv", "unit,numerator,denominator\nA,10,200\nB,48,400\nC,50,500\n")
    done = run_cli("funnel", "--input", path, "--format", "text")
    assert done.returncode == 0 and "yhteisen arvon 9,8\u00a0%" in done.stdout
    missing = run_cli("spc", "--chart", "run", "--input", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and missing.stderr.strip().endswith("no such file.")


# --- the review uses the comparison -------------------------------------------------------------

def test_review_compares_monthly_counts_with_the_same_months_a_year_before(bundle, report):
    incidents = bundle.incidents
    patient = incidents[incidents["category"] == "patient_safety"]
    month = patient["report_date"].dt.to_period("M")
    now = [int((month == f"2024-{m:02d}").sum()) for m in range(5, 9)]
    before = [int((month == f"2023-{m:02d}").sum()) for m in range(5, 9)]
    assert sum(now) == 5049 and sum(before) == 4565
    days = [31, 30, 31, 31]
    expected = compare_counts(now, before, days, days)
    changes = {c["id"]: c for c in report("--period", "5-8/2024")["changes"]}
    assert changes["patient_safety_reports"]["ratio"] == pytest.approx(5049 / 4565)
    assert changes["patient_safety_reports"]["lower"] == pytest.approx(expected.lower)
    assert changes["patient_safety_reports"]["p_value"] == pytest.approx(expected.p_value)
    assert changes["all_reports"]["current_total"] == 6343 and changes["all_reports"]["previous_total"] == 5997
    assert {"client_reports", "development_actions"} <= set(changes)

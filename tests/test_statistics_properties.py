"""Properties of the statistics core that must hold for any input (hypothesis)."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.stats.funnel import binomial_limit, funnel
from analytics.stats.spc import spc_chart

settings.register_profile("ci", max_examples=60, deadline=None)
settings.load_profile("ci")


@st.composite
def shares(draw, min_size=8, max_size=40):
    """(numerators, denominators) with 0 ≤ numerator ≤ denominator."""
    size = draw(st.integers(min_size, max_size))
    denominators = draw(st.lists(st.integers(1, 5000), min_size=size, max_size=size))
    numerators = [draw(st.integers(0, d)) for d in denominators]
    return np.array(numerators, dtype=float), np.array(denominators, dtype=float)


@given(shares(), st.sampled_from(["p", "pp"]))
def test_share_chart_limits_are_ordered_and_inside_0_1(data, chart):
    numerators, denominators = data
    points = spc_chart(numerators, chart, denominators).points
    assert ((points["lower"] >= 0) & (points["upper"] <= 1)).all()
    assert (points["lower"] <= points["centre"]).all() and (points["centre"] <= points["upper"]).all()


@given(st.lists(st.integers(0, 10_000), min_size=8, max_size=40), st.sampled_from(["c", "i", "run"]))
def test_count_and_value_limits_are_ordered(values, chart):
    points = spc_chart(values, chart).points
    if chart != "run":
        assert (points["lower"] <= points["centre"]).all() and (points["centre"] <= points["upper"]).all()
    if chart == "c":
        assert (points["lower"] >= 0).all()


@given(st.floats(0.001, 0.999), st.integers(1, 20_000))
def test_funnel_limits_are_ordered_and_inside_0_1(theta, n):
    lower998, lower95 = binomial_limit(theta, n, 0.001), binomial_limit(theta, n, 0.025)
    upper95, upper998 = binomial_limit(theta, n, 0.975), binomial_limit(theta, n, 0.999)
    assert 0 <= lower998 <= lower95 <= upper95 <= upper998 <= 1
    # the interpolated limits only enclose the centre once a count of one is likely enough
    if n * theta * (1 - theta) >= 1:
        assert lower95 <= theta <= upper95


@given(shares(min_size=3, max_size=30), st.booleans())
def test_funnel_units_limits_are_ordered(data, overdispersion):
    numerators, denominators = data
    units = funnel([f"u{i}" for i in range(numerators.size)], numerators, denominators, overdispersion=overdispersion)
    frame = units.units
    assert (0 <= frame["lower998"]).all() and (frame["upper998"] <= 1).all()
    assert (frame["lower998"] <= frame["lower95"]).all() and (frame["lower95"] <= frame["upper95"]).all()
    assert (frame["upper95"] <= frame["upper998"]).all()
    outside = (frame["value"] > frame["upper998"]) | (frame["value"] < frame["lower998"])
    assert ((frame["flag"] != "within") == outside).all()


@given(st.lists(st.integers(-1000, 1000), min_size=8, max_size=40), st.sampled_from(["run", "i"]),
       st.floats(0.001, 1000))
def test_scaling_a_series_does_not_change_which_points_signal(values, chart, factor):
    original = spc_chart(values, chart)
    scaled = spc_chart(np.array(values, dtype=float) * factor, chart)
    assert original.points["signal"].tolist() == scaled.points["signal"].tolist()
    assert original.summary == scaled.summary


@given(shares(), st.integers(2, 50))
def test_laney_charts_do_not_depend_on_the_size_of_the_denominators(data, factor):
    # p' limits use the observed spread, so multiplying numerators and denominators alike changes nothing
    numerators, denominators = data
    original = spc_chart(numerators, "pp", denominators)
    scaled = spc_chart(numerators * factor, "pp", denominators * factor)
    assert original.points["signal"].tolist() == scaled.points["signal"].tolist()
    assert np.allclose(original.points["upper"], scaled.points["upper"])

"""The sample generator is deterministic and its calibration does not depend on luck."""
from __future__ import annotations

import pandas as pd
import pytest

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import load_bundle
from analytics.domain import incidents as inc
from analytics.sample.county import generate, write_sample

from .conftest import DEFAULT_DATA_DIR


@pytest.fixture(scope="module")
def other_seed(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed7")
    write_sample(out, seed=7)
    return out


def test_same_seed_same_data():
    first, second = generate(11), generate(11)
    for name in ("org_units", "incidents", "rescue_tasks", "rai_results", "rai_national"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))


def test_bundled_data_is_the_default_seed(bundle):
    fresh = generate()
    pd.testing.assert_frame_equal(
        fresh.incidents.reset_index(drop=True),
        bundle.incidents.drop(columns=["reaction_days"]), check_dtype=False)


def test_another_seed_differs_but_still_reproduces_the_review(other_seed, bundle):
    data = load_bundle(other_seed)
    assert not data.incidents["report_date"].equals(bundle.incidents["report_date"])
    cube = inc.Reports.of(data, Scope()).cube()
    table = inc.counts_by_category(cube, Tertial(2024, 2)).set_index("category")
    assert table.loc["total", "current"] == 6343 and table.loc["total", "previous"] == 5997
    assert (other_seed / "dataset.toml").read_text(encoding="utf-8").startswith("synthetic = true")


def test_history_covers_2021_to_2024_with_plausible_operations(bundle):
    months = bundle.incidents["report_date"].dt.to_period("M")
    assert str(months.min()) == "2021-01" and str(months.max()) == "2024-12"
    yearly = bundle.incidents.assign(year=bundle.incidents["report_date"].dt.year)
    reaction = yearly.groupby("year")["reaction_days"].median()
    assert reaction[2021] > reaction[2024]  # reaction times improve
    assert 8 <= reaction[2024] <= 16  # around the 14-day target
    patient = yearly[yearly["category"] == "patient_safety"]
    near_share = patient.groupby("year")["event_kind"].apply(lambda s: (s == "near_miss").mean())
    assert near_share[2024] > near_share[2021]  # near-miss share drifts up
    assert set(bundle.rescue_tasks["risk_class"]) == {"I", "II", "III", "IV"}


def test_small_units_exist_for_the_suppression_rule(bundle):
    sizes = bundle.rai_results.groupby(["unit_id", "year", "half"])["denominator"].max()
    assert (sizes < 5).any()


def test_data_dir_constant_points_at_bundled_data():
    assert (DEFAULT_DATA_DIR / "incidents.parquet").is_file()

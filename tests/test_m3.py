"""The forecasting engine on the M3 competition's series (benchmarks/m3): pinned accuracy and model
choice on a few series, interval coverage on a small sample, and the benchmark command's sampling,
split and scoring. The full benchmark is ``python -m benchmarks.m3`` (see the README)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.stats import forecast as engine
from benchmarks import m3

SERIES = pd.read_parquet(m3.DATA / "series.parquet")
META = m3.load_meta()


def m3_series(name: str) -> tuple[np.ndarray, pd.PeriodIndex, np.ndarray, int]:
    rows = SERIES[SERIES["series"] == name]
    train = rows[rows["part"] == "train"]
    lag = m3.LAG[META.set_index("series").loc[name, "kind"]]
    return (train["value"].to_numpy(dtype=float), m3.periods_of(list(train["period"])),
            rows[rows["part"] == "test"]["value"].to_numpy(dtype=float), lag)


def m3_mase(name: str) -> tuple[engine.ForecastResult, float]:
    y, periods, actual, lag = m3_series(name)
    result = engine.forecast_series(y, periods, horizon=actual.size, kind="value")
    scale = np.mean(np.abs(y[lag:] - y[:-lag]))
    return result, float(np.mean(np.abs(actual - result.forecast["mean"].to_numpy())) / scale)


PINNED = {  # series: (chosen model, reason, MASE measured when pinned: benchmarks.m3, December 2026)
    "N2480": ("combination", "combination_default", 0.2966),  # monthly, 48 points
    "N1442": ("ETS(A,Ad,N)", "beats_combination", 0.6455),  # monthly, 51 points
    "N1174": ("combination", "combination_default", 0.7511),  # quarterly, 16 points
    "N1184": ("Theta ×S[4]", "beats_combination", 0.1973),  # quarterly, 16 points
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_the_engine_keeps_its_choice_and_accuracy_on_pinned_m3_series(name):
    model, reason, mase = PINNED[name]
    result, got = m3_mase(name)
    assert result.model == model and result.reason["code"] == reason
    assert got == pytest.approx(mase, abs=0.02), got
    assert {"combination", "naive", "Theta", model} <= set(result.backtest["model"])
    assert result.backtest.loc[result.backtest["chosen"], "model"].tolist() == [model]


def test_intervals_cover_what_they_promise_on_a_small_m3_sample():
    """Pooled over 20 TUNE series × all their steps: near 80 % and 95 % (a looser band than the
    benchmark's goals, 0,78–0,82 and 0,93–0,97, as 20 series are few)."""
    chosen = m3.select(META, "both", "tune", 20)
    inside80 = inside95 = steps = 0
    for name in chosen["series"]:
        y, periods, actual, _ = m3_series(name)
        fc = engine.forecast_series(y, periods, horizon=actual.size, kind="value").forecast
        inside80 += int(((actual >= fc["lower80"]) & (actual <= fc["upper80"])).sum())
        inside95 += int(((actual >= fc["lower95"]) & (actual <= fc["upper95"])).sum())
        steps += actual.size
    assert 0.70 <= inside80 / steps <= 0.90, inside80 / steps
    assert 0.88 <= inside95 / steps <= 0.99, inside95 / steps


def test_the_benchmark_samples_by_stratum_splits_by_parity_and_scores_like_the_readme():
    sample = m3.select(META, "both", "all", 40)
    assert len(sample) == 40 and sample.equals(m3.select(META, "both", "all", 40))  # deterministic
    assert set(sample["kind"]) == {"MONTHLY", "QUARTERLY"} and sample["category"].nunique() == 6
    assert abs((sample["kind"] == "MONTHLY").sum() - 40 * 1428 / 2184) <= 1  # in proportion, stratum by stratum
    tune = m3.select(META, "quarterly", "tune", None)
    assert (tune["series"].map(m3.number) % 2 == 0).all() and (tune["kind"] == "QUARTERLY").all()
    assert len(tune) + len(m3.select(META, "quarterly", "holdout", None)) == 756
    assert str(m3.periods_of(["1-01", "1-02"])[0]) == "2001-01"
    rows = m3.run(m3.select(META, "both", "tune", 2), jobs=1)
    table = m3.summarise(rows)
    assert set(table["method"]) == {m3.ENGINE, "ForecastPro", "THETA", "COMB S-H-D", "R ets", "R thetaf"}
    r_ets = table[table["method"] == "R ets"]
    assert r_ets["coverage80"].between(0, 1).all() and table[table["method"] == "THETA"]["coverage80"].isna().all()
    # the README's THETA figure for one series, recomputed: MASE over the seasonal-naive scale
    one = rows[(rows["method"] == "THETA")].iloc[0]
    y, _, actual, lag = m3_series(one["series"])
    comp = pd.read_parquet(m3.DATA / "competitors.parquet")
    theta = comp[(comp["series"] == one["series"]) & (comp["method"] == "THETA")].sort_values("step")["value"].to_numpy()
    assert one["mase"] == pytest.approx(np.mean(np.abs(actual - theta)) / np.mean(np.abs(y[lag:] - y[:-lag])))
    assert "| our engine |" in m3.markdown(table)

"""Forecast engine benchmark: prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.forecast [--repeat 5] [--skip-accuracy] [--format json]

1. Time to fit and choose a model for one 48-month series (median of ``--repeat`` cold runs: the
   engine's cache is cleared before each).
2. Time for every series the forecasts page offers (month and quarter grain, default horizon), cold.
3. Accuracy on real series no one here made (R's and statsmodels' classic datasets in
   tests/reference/forecast_series): the whole engine's rolling-origin MASE and 80 % coverage against
   the benchmarks and against R's forecast::ets (tests/reference/ets_reference.csv, made by
   tests/reference/ets_reference.R).
"""
from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import pandas as pd

from analytics.core.periods import Tertial
from analytics.core.scope import Scope
from analytics.data.bundle import load_bundle
from analytics.stats import forecast as engine
from analytics.views import forecasts as fv

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "reference"
KINDS = {"airpassengers": "count", "usaccdeaths": "count", "ldeaths": "count", "ukdriverdeaths": "count",
         "ukgas": "count", "austres": "count", "nottem": "value", "co2_r": "value", "co2_statsmodels": "value",
         "elnino_statsmodels": "value"}


def read_reference_series(name: str) -> tuple[pd.Series, pd.PeriodIndex]:
    frame = pd.read_csv(REFERENCE / "forecast_series" / f"{name}.csv")
    periods = pd.PeriodIndex([engine.parse_period(p) for p in frame["period"]])
    return frame["value"], periods


def accuracy() -> pd.DataFrame:
    """Per reference series: engine, best benchmark and R ets mean MASE and 80 % coverage."""
    reference = pd.read_csv(REFERENCE / "ets_reference.csv")
    r = reference.groupby(["series", "method"])[["mase", "coverage80"]].mean()
    rows = []
    for name, kind in sorted(KINDS.items()):
        values, periods = read_reference_series(name)
        ours = engine.evaluate(values, periods, kind).groupby("method")[["mase", "coverage80"]].mean()
        rows.append({"series": name, "kind": kind, "engine_mase": ours.loc["engine", "mase"],
                     "engine_coverage80": ours.loc["engine", "coverage80"],
                     **{f"{b}_mase": ours.loc[b, "mase"] for b in engine.BENCHMARKS},
                     "r_ets_mase": r.loc[(name, "ets"), "mase"], "r_ets_coverage80": r.loc[(name, "ets"), "coverage80"]})
    return pd.DataFrame(rows)


def timings(repeat: int) -> dict:
    bundle = load_bundle(ROOT / "data")
    end = Tertial.parse("9-12/2024").end
    one = fv.series_for(bundle, "reports:patient_safety", Scope(), end, "month")
    fv.forecast_for(one, 12)  # imports and first-call set-up are not part of a fit
    single = []
    for _ in range(repeat):
        engine._forecast.cache_clear()
        start = time.perf_counter()
        fv.forecast_for(one, 12)
        single.append(time.perf_counter() - start)
    engine._forecast.cache_clear()
    per_series = {}
    start_all = time.perf_counter()
    for grain, horizon in (("month", 12), ("quarter", 4)):
        for keys in fv.series_keys(bundle).values():
            for key in keys:
                series = fv.series_for(bundle, key, Scope(), end, grain)
                start = time.perf_counter()
                result = fv.forecast_for(series, horizon)
                per_series[f"{key} ({grain})"] = {"seconds": time.perf_counter() - start, "model": result.model,
                                                  "points": int(series.values.size)}
    return {"one_48_month_series_median_s": statistics.median(single), "one_series_runs_s": single,
            "all_page_series_s": time.perf_counter() - start_all, "series": per_series}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args()
    result = {"timings": timings(args.repeat)}
    if not args.skip_accuracy:
        table = accuracy()
        bench_means = {b: float(table[f"{b}_mase"].mean()) for b in engine.BENCHMARKS}
        result["accuracy"] = table.to_dict("records")
        result["accuracy_means"] = {"engine_mase": float(table["engine_mase"].mean()),
                                    "engine_coverage80": float(table["engine_coverage80"].mean()),
                                    "best_benchmark": min(bench_means, key=bench_means.get),
                                    "best_benchmark_mase": min(bench_means.values()),
                                    "r_ets_mase": float(table["r_ets_mase"].mean()),
                                    "r_ets_coverage80": float(table["r_ets_coverage80"].mean())}
    if args.format == "json":
        print(json.dumps(result, indent=2, default=float))
        return
    tim = result["timings"]
    print(f"one 48-month series, fit and choose: median {tim['one_48_month_series_median_s']:.3f} s "
          f"over {args.repeat} cold runs ({', '.join(f'{s:.3f}' for s in tim['one_series_runs_s'])})")
    print(f"all {len(tim['series'])} page series (month and quarter): {tim['all_page_series_s']:.2f} s")
    for name, row in tim["series"].items():
        print(f"  {name:48s} {row['points']:3d} points {row['seconds']:6.3f} s  {row['model']}")
    if "accuracy" in result:
        print("\nrolling-origin accuracy (6 origins, one seasonal cycle ahead); MASE, lower is better")
        print(pd.DataFrame(result["accuracy"]).round(3).to_string(index=False))
        means = result["accuracy_means"]
        print(f"\nmean MASE: engine {means['engine_mase']:.3f}, R forecast::ets {means['r_ets_mase']:.3f}, "
              f"best single benchmark ({means['best_benchmark']}) {means['best_benchmark_mase']:.3f}")
        print(f"mean 80 % interval coverage: engine {means['engine_coverage80']:.3f}, "
              f"R forecast::ets {means['r_ets_coverage80']:.3f}")


if __name__ == "__main__":
    main()

"""The M3 competition benchmark: our engine against the competition's best methods and R's forecast
package on the same monthly and quarterly series. Prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.m3 [--sample N] [--kind monthly|quarterly|both] [--jobs J]
                                      [--split tune|holdout|all] [--format markdown|json]

Data: ``benchmarks/m3/`` (the R package Mcomp 2.9; see its README and SOURCE.md). Each series' training
part is forecast ``h`` steps ahead (18 monthly, 8 quarterly) with ``forecast_series(values, periods,
horizon=h, kind="value")`` and scored on the held-out part as the README says: MASE scaled by the
training part's in-sample seasonal-naive MAE (lag 12 monthly, 4 quarterly), sMAPE, and the coverage
of the 80 % and 95 % intervals pooled over series × steps. The competitors (ForecastPro, THETA,
COMB S-H-D from the competition; R's ets and thetaf) are scored on the same series.

The split is fixed: series whose number is even (N0646) are the TUNE set, the engine's settings were
chosen on them only; odd numbers are the HOLDOUT set. ``--sample N`` takes a deterministic sample
stratified by kind and category (N in all, shared in proportion to the strata's sizes); without it
every series of the chosen kind(s) and split runs. The series run in parallel over ``--jobs``
processes (BLAS is limited to one thread inside the engine).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parent / "m3"
HORIZON = {"MONTHLY": 18, "QUARTERLY": 8}
LAG = {"MONTHLY": 12, "QUARTERLY": 4}
COMPETITORS = {"ForecastPro": "ForecastPro", "THETA": "THETA", "COMB S-H-D": "COMB S-H-D"}
R_METHODS = {"R ets": "R_ets", "R thetaf": "R_theta"}
ENGINE = "our engine"
SEED = 20240501


def number(series: str) -> int:
    return int(series.lstrip("N"))


def split_of(series: str) -> str:
    """TUNE (even series number) or HOLDOUT (odd)."""
    return "tune" if number(series) % 2 == 0 else "holdout"


def load_meta() -> pd.DataFrame:
    meta = pd.read_parquet(DATA / "meta.parquet")
    return meta.assign(split=meta["series"].map(split_of))


def select(meta: pd.DataFrame, kind: str = "both", split: str = "all", sample: int | None = None) -> pd.DataFrame:
    """The series to run: by kind and split, then (``sample``) a deterministic stratified sample by
    kind and category, shared by largest remainders in proportion to the strata's sizes."""
    chosen = meta
    if kind != "both":
        chosen = chosen[chosen["kind"] == kind.upper()]
    if split != "all":
        chosen = chosen[chosen["split"] == split]
    if sample is None or sample >= len(chosen):
        return chosen.sort_values("series").reset_index(drop=True)
    sizes = chosen.groupby(["kind", "category"]).size()
    quota = sizes / sizes.sum() * sample
    take = np.floor(quota).astype(int)
    for key in (quota - take).sort_values(ascending=False, kind="stable").index[: sample - int(take.sum())]:
        take[key] += 1
    rng = np.random.default_rng(SEED)
    order = chosen.assign(_key=rng.random(len(chosen))).sort_values(["_key", "series"])
    parts = [order[(order["kind"] == k) & (order["category"] == c)].head(int(n)) for (k, c), n in take.items() if n]
    return pd.concat(parts).drop(columns="_key").sort_values("series").reset_index(drop=True)


def periods_of(labels: list[str]) -> pd.PeriodIndex:
    """The periods of a series: ``1990-01`` months or ``1984-Q1`` quarters. Some M3 monthly series have
    no calendar (``1-01``, ``1-02``, …): they are given one from the year 2001 (only the frequency matters)."""
    from analytics.stats.forecast import parse_period

    year, _, rest = str(labels[0]).partition("-")
    first = parse_period(f"{int(year) + (2000 if int(year) < 1000 else 0):04d}-{rest}")
    return pd.period_range(first, periods=len(labels), freq=first.freq)


def _forecast_one(task: tuple) -> dict:
    """Forecast one series with the engine (in a worker process)."""
    series, periods, values, horizon = task
    from analytics.stats.forecast import forecast_series

    start = time.perf_counter()
    result = forecast_series(values, periods, horizon=horizon, kind="value")
    seconds = time.perf_counter() - start
    fc = result.forecast
    return {"series": series, "seconds": seconds, "model": result.model, "reason": result.reason.get("code", ""),
            **{col: fc[col].to_numpy(dtype=float) for col in ("mean", "lower80", "upper80", "lower95", "upper95")}}


def _scores(actual: np.ndarray, scale: float, mean: np.ndarray, bands: dict | None = None) -> dict:
    out = {"mase": float(np.mean(np.abs(actual - mean))) / scale,
           "smape": float(np.mean(200 * np.abs(actual - mean) / (np.abs(actual) + np.abs(mean))))}
    for level in (80, 95):
        if bands is not None:
            inside = (actual >= bands[f"lower{level}"]) & (actual <= bands[f"upper{level}"])
            out[f"inside{level}"], out[f"steps{level}"] = int(inside.sum()), int(actual.size)
    return out


def run(chosen: pd.DataFrame, jobs: int) -> pd.DataFrame:
    """One row per series and method: kind, category, split, method, mase, smape, inside/steps of the
    80 % and 95 % intervals (methods with intervals), seconds and model (our engine)."""
    ids = set(chosen["series"])
    data = pd.read_parquet(DATA / "series.parquet")
    data = data[data["series"].isin(ids)]
    train = {s: g for s, g in data[data["part"] == "train"].groupby("series", sort=False)}
    test = {s: g["value"].to_numpy(dtype=float) for s, g in data[data["part"] == "test"].groupby("series", sort=False)}
    meta = chosen.set_index("series")
    tasks = [(s, periods_of(list(train[s]["period"])), train[s]["value"].to_numpy(dtype=float), int(meta.loc[s, "h"]))
             for s in chosen["series"]]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            ours = list(pool.map(_forecast_one, tasks, chunksize=1))
    else:
        ours = [_forecast_one(t) for t in tasks]
    comp = pd.read_parquet(DATA / "competitors.parquet")
    comp = comp[comp["series"].isin(ids) & comp["method"].isin(COMPETITORS.values())].sort_values(["series", "method", "step"])
    ref = pd.read_parquet(DATA / "r_reference.parquet")
    ref = ref[ref["series"].isin(ids) & ref["method"].isin(R_METHODS.values())].sort_values(["series", "method", "step"])
    comp_by = {k: g["value"].to_numpy(dtype=float) for k, g in comp.groupby(["series", "method"])}
    ref_by = {k: g for k, g in ref.groupby(["series", "method"])}
    rows = []
    for out in ours:
        s = out["series"]
        kind = meta.loc[s, "kind"]
        y = train[s]["value"].to_numpy(dtype=float)
        lag = LAG[kind]
        scale = float(np.mean(np.abs(y[lag:] - y[:-lag])))
        actual = test[s]
        base = {"series": s, "kind": kind, "category": meta.loc[s, "category"], "split": meta.loc[s, "split"]}
        rows.append({**base, "method": ENGINE, "model": out["model"], "reason": out["reason"], "seconds": out["seconds"],
                     **_scores(actual, scale, out["mean"], out)})
        for label, code in COMPETITORS.items():
            rows.append({**base, "method": label, **_scores(actual, scale, comp_by[(s, code)])})
        for label, code in R_METHODS.items():
            g = ref_by[(s, code)]
            bands = {"lower80": g["lo80"].to_numpy(), "upper80": g["hi80"].to_numpy(),
                     "lower95": g["lo95"].to_numpy(), "upper95": g["hi95"].to_numpy()}
            rows.append({**base, "method": label, **_scores(actual, scale, g["value"].to_numpy(dtype=float), bands)})
    return pd.DataFrame(rows)


METHOD_ORDER = [ENGINE, "ForecastPro", "THETA", "R thetaf", "R ets", "COMB S-H-D"]


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """Per split, kind and method: series, mean MASE, mean sMAPE, pooled 80 % / 95 % coverage and the
    median seconds per series (our engine)."""
    out = []
    for (split, kind, method), g in rows.groupby(["split", "kind", "method"]):
        row = {"split": split, "kind": kind, "method": method, "series": len(g), "mase": g["mase"].mean(),
               "smape": g["smape"].mean()}
        for level in (80, 95):
            col = f"inside{level}"
            row[f"coverage{level}"] = (g[col].sum() / g[f"steps{level}"].sum()
                                       if col in g and g[col].notna().any() else np.nan)
        row["seconds_median"] = g["seconds"].median() if "seconds" in g and g["seconds"].notna().any() else np.nan
        out.append(row)
    table = pd.DataFrame(out)
    table["order"] = table["method"].map({m: i for i, m in enumerate(METHOD_ORDER)})
    return table.sort_values(["split", "kind", "order"]).drop(columns="order").reset_index(drop=True)


def _fmt(value: float, digits: int) -> str:
    return "–" if value is None or not np.isfinite(value) else f"{value:.{digits}f}".replace(".", ",")


def markdown(table: pd.DataFrame) -> str:
    lines = []
    for (split, kind), g in table.groupby(["split", "kind"], sort=False):
        lines += [f"**{split.upper()}, {kind.lower()}** ({int(g['series'].iloc[0])} series)", "",
                  "| method | MASE | sMAPE | coverage 80 % | coverage 95 % | s per series (median) |",
                  "|---|---|---|---|---|---|"]
        for r in g.itertuples(index=False):
            lines.append(f"| {r.method} | {_fmt(r.mase, 3)} | {_fmt(r.smape, 2)} | {_fmt(r.coverage80, 3)} | "
                         f"{_fmt(r.coverage95, 3)} | {_fmt(r.seconds_median, 2)} |")
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="a stratified sample of N series (default: all)")
    parser.add_argument("--kind", choices=("monthly", "quarterly", "both"), default="both")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes")
    parser.add_argument("--split", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument("--format", choices=("markdown", "json"), default="markdown")
    parser.add_argument("--rows", type=Path, help="also write the per-series rows to this parquet file")
    args = parser.parse_args(argv)
    chosen = select(load_meta(), args.kind, args.split, args.sample)
    start = time.perf_counter()
    rows = run(chosen, max(1, args.jobs))
    wall = time.perf_counter() - start
    if args.rows:
        rows.to_parquet(args.rows)
    table = summarise(rows)
    engine_rows = rows[rows["method"] == ENGINE]
    info = {"series": len(chosen), "jobs": args.jobs, "wall_seconds": round(wall, 1),
            "seconds_per_series_median": round(float(statistics.median(engine_rows["seconds"])), 3),
            "models": engine_rows["model"].value_counts().to_dict(),
            "reasons": engine_rows["reason"].value_counts().to_dict()}
    if args.format == "json":
        print(json.dumps({"info": info, "table": table.to_dict("records")}, indent=2, default=float))
        return
    print(markdown(table))
    print(f"{info['series']} series on {args.jobs} processes in {info['wall_seconds']} s "
          f"(median {info['seconds_per_series_median']} s per series).")


if __name__ == "__main__":
    main()

"""Scale benchmark: prints figures, asserts nothing.

    python -m benchmarks.scale --scale county|national [--format json] [--repeat 5] [--data-dir DIR]

For each page, as medians of ``--repeat`` filter changes in one process:
- rerun: the server-side time of the page's rerun after a filter change: Streamlit's AppTest runs the
  whole app script (sidebar, the page's queries, its charts and tables serialised for the browser) and
  the script run is timed; ``rerun_apptest_ms`` adds AppTest's own parsing of the output;
- compute: the page's own compute path (the analytics function the page caches), uncached;
- naive: the same figures the plain pandas way: read the tables' parquet into pandas, filter, group;
- floor: the SQL that the compute path issued, replayed bare (the queries alone);
- first: a fresh process from start to the page shown (imports, data load, first compute, charts),
  opening the app on the overview and then the page; and the switch to the page alone.
And peak memory of one process with five AppTest sessions open on different pages and counties, and
the ``report`` command's time.

A filter change: national scale cycles the county (the largest change: other files, other units);
county scale cycles the review period (there is one county).

National data: ``--data-dir``, or generated once into ``benchmarks/.data/national`` (about 40 s).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pandas as pd

from analytics.core import pages as site_pages
from analytics.core.errors import DataError

ROOT = Path(__file__).resolve().parent.parent
NATIONAL_CACHE = ROOT / "benchmarks" / ".data" / "national"
PAGES = {name: site_pages.BY_SLUG[slug].file for name, slug in (
    ("overview", "yleiskatsaus"), ("incidents", "vaaratapahtumat"), ("rescue", "pelastustoimi"), ("rai", "rai-laatu"),
    ("compare", "aluevertailu"), ("forecasts", "ennusteet"))}
GOALS = {"county": {"rerun_ms": 100, "forecasts_fitted_ms": 400, "forecasts_fit_ms": 1000, "compute_vs_floor": 1.5,
                    "queries": 3, "first_s": 3},
         "national": {"rerun_ms": 200, "forecasts_fitted_ms": 400, "forecasts_fit_ms": 1000, "compute_vs_floor": 1.5,
                      "queries": 3, "first_s": 3, "peak_mb_5_sessions": 1024}}
"""Issue 24's goals (at most): a page's rerun after a filter change (the forecasts page has its own: its models
already fitted, or having to fit), compute against the replayed queries, queries per page, the first page in a
fresh process, and memory. The workshop goal (40 sessions, p95 ≤ 1 s) is benchmarks/load.py's."""


def _median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 1)


def national_data(progress: Callable[[str], None]) -> Path:
    """The national sample, generated on first use."""
    if (NATIONAL_CACHE / "org_units.parquet").exists():
        return NATIONAL_CACHE
    from analytics.sample.national import write_national
    progress(f"generating national data into {NATIONAL_CACHE} (once; about 40 s)")
    NATIONAL_CACHE.parent.mkdir(parents=True, exist_ok=True)
    write_national(NATIONAL_CACHE, progress=lambda done, total, area: progress(f"  {done}/{total} {area}"))
    return NATIONAL_CACHE


# ------------------------------------------------------------------ the filter changes

def _changes(bundle, scale: str, repeat: int):
    """(county, tertial, half-year) per filter change, after a first state used for warming up."""
    from analytics.core.periods import HalfYear
    from analytics.core.scope import filter_options
    from analytics.data.filters import data_tertials
    counties = filter_options(bundle.org_units).counties
    tertials = data_tertials(bundle)
    latest = tertials[0]
    half = HalfYear(latest.year, 1 if latest.index <= 2 else 2)
    if scale == "national":
        chosen = [(c, latest, half) for c in counties[: repeat + 1]]
    else:
        chosen = [(counties[0], tertials[i % len(tertials)], half) for i in range(repeat + 1)]
    return chosen


def _compute(bundle, page: str, county: str, tertial, half):
    """The page's compute path (what ui/cached.py caches for it)."""
    from analytics.core.scope import Scope
    from analytics.views import comparison
    from analytics.views import forecasts as fv
    from analytics.views.incidents import build_incident_view
    from analytics.views.rai import build_rai_view
    from analytics.views.rescue import build_rescue_view
    from analytics.views.review import build_review
    scope = Scope(county)
    if page == "overview":
        return build_review(bundle, tertial, scope)
    if page == "incidents":
        return build_incident_view(bundle, tertial, scope)
    if page == "rescue":
        return build_rescue_view(bundle, tertial, scope)
    if page == "rai":
        return build_rai_view(bundle, "kotihoito", half, scope)
    if page == "compare":
        indicator = bundle.catalogue.by_domain("rai", "kotihoito")[0].id
        return (comparison.rescue_by_county(bundle, tertial),
                comparison.rai_by_county(bundle, "kotihoito", half, indicator))
    series = fv.series_for(bundle, "reports:patient_safety", scope, tertial.end)
    return fv.forecast_for(series, 4)


# ------------------------------------------------------------------ naive: pandas over whole tables

def _read(root: Path, table: str, columns: list[str] | None = None) -> pd.DataFrame:
    single = root / f"{table}.parquet"
    return pd.read_parquet(single if single.exists() else root / table, columns=columns)


def _naive(root: Path, page: str, county: str, tertial, half) -> None:
    """The page's main aggregates the plain way: whole tables into pandas, then filter and group."""
    units = _read(root, "org_units")
    mine = units.loc[units["county"] == county, "unit_id"]
    before = tertial.year_before()

    def incidents():
        frame = _read(root, "incidents")
        frame = frame[frame["unit_id"].isin(mine)]
        window = frame[((frame["report_date"] >= tertial.start) & (frame["report_date"] < tertial.end))
                       | ((frame["report_date"] >= before.start) & (frame["report_date"] < before.end))]
        window.groupby([window["report_date"].dt.to_period("M"), "category", "event_kind", "event_type"]).size()
        frame.groupby(frame["report_date"].dt.to_period("M")).size()
        (window["first_handled_date"] - window["report_date"]).dt.days.groupby(window["unit_id"]).median()

    def rescue(all_counties: bool = False):
        frame = _read(root, "rescue_tasks")
        if not all_counties:
            frame = frame[frame["station_unit_id"].isin(mine)]
        minutes = (frame["arrival_time"] - frame["alarm_time"]).dt.total_seconds() / 60
        limit = frame["risk_class"].map({"I": 6, "II": 10, "III": 20})
        met = minutes <= limit
        keys = [frame["alarm_time"].dt.to_period("M"), frame["risk_class"]]
        if all_counties:
            keys.append(frame["station_unit_id"].map(dict(zip(units["unit_id"], units["county"]))))
        met.groupby(keys).agg(["sum", "count"])
        minutes.groupby(keys).median()

    def rai(all_counties: bool = False):
        frame = _read(root, "rai_results")
        if not all_counties:
            frame = frame[frame["unit_id"].isin(mine)]
        frame = frame[frame["setting"] == "kotihoito"]
        keys = ["indicator_id", "year", "half"] + ([frame["unit_id"].map(dict(zip(units["unit_id"], units["county"])))]
                                                   if all_counties else [])
        frame.groupby(keys)[["numerator", "denominator"]].sum()

    if page == "overview":
        incidents(), rescue(), rai()
    elif page == "incidents":
        incidents()
    elif page == "rescue":
        rescue()
    elif page == "rai":
        rai()
    elif page == "compare":
        rescue(all_counties=True), rai(all_counties=True)
    else:
        frame = _read(root, "incidents", ["unit_id", "report_date", "category"])
        frame = frame[frame["unit_id"].isin(mine) & (frame["category"] == "patient_safety")]
        frame.groupby(frame["report_date"].dt.to_period("M")).size()


# ------------------------------------------------------------------ measurements

def measure_paths(root: Path, scale: str, repeat: int, progress: Callable[[str], None]) -> dict[str, dict]:
    """compute, naive and floor per page (medians over the filter changes)."""
    from analytics.data import store as store_module
    from analytics.data.bundle import load_bundle
    bundle = load_bundle(root)
    changes = _changes(bundle, scale, repeat)
    recorded: list[tuple[str, list]] = []
    original = store_module.Store.query

    def recording(self, sql, params=None):
        recorded.append((sql, list(params or [])))
        return original(self, sql, params)

    results = {}
    for page in PAGES:
        progress(f"compute / naive / floor: {page}")
        compute, naive, floor = [], [], []
        _compute(bundle, page, *changes[0])  # warm: imports, DuckDB metadata
        for county, tertial, half in changes[1:]:
            recorded.clear()
            store_module.Store.query = recording
            try:
                start = time.perf_counter()
                _compute(bundle, page, county, tertial, half)
                compute.append(time.perf_counter() - start)
            finally:
                store_module.Store.query = original
            start = time.perf_counter()
            for sql, params in recorded:
                bundle.store._db.execute(sql, params).fetch_df()
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            _naive(root, page, county, tertial, half)
            naive.append(time.perf_counter() - start)
        results[page] = {"compute_ms": _median_ms(compute), "floor_ms": _median_ms(floor),
                         "naive_ms": _median_ms(naive), "queries": len(recorded)}
    return results


def measure_reruns(root: Path, scale: str, repeat: int, progress: Callable[[str], None]) -> dict[str, tuple[float, float]]:
    """AppTest: the app on each page, then ``repeat`` filter changes. Per page the medians of (the script
    run itself: the server-side time, from the rerun's start to its last element sent; the whole
    AppTest call, which adds AppTest's parsing of the elements into its test tree)."""
    os.environ["OMAVALVONTA_DATA_DIR"] = str(root)
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
    from streamlit.testing.v1 import AppTest
    _quiet_apptest()
    _compile_once()

    from analytics.data.bundle import load_bundle
    bundle = load_bundle(root)
    changes = _changes(bundle, scale, repeat)
    script_times: list[float] = []
    original = ScriptRunner._run_script

    def timed(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            script_times.append(time.perf_counter() - start)

    ScriptRunner._run_script = timed
    out = {}
    try:
        for page, path in PAGES.items():
            progress(f"rerun: {page}")
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            at.switch_page(path).run()
            def changing() -> tuple[list[float], list[float]]:
                """Each filter change once: (the script runs' seconds, the whole AppTest calls' seconds)."""
                server, whole = [], []
                for county, tertial, _ in changes[1:]:
                    if scale == "national":
                        at.selectbox(key="f_county").set_value(county)
                    else:
                        at.selectbox(key="f_period").set_value(tertial.label)
                    script_times.clear()
                    start = time.perf_counter()
                    at.run()
                    whole.append(time.perf_counter() - start)
                    server.append(sum(script_times))
                    if at.exception:
                        raise DataError(f"{page}: the page failed in the benchmark: {at.exception[0].message}")
                return server, whole

            server, whole = changing()
            out[page] = (_median_ms(server), _median_ms(whole))
            if page == "forecasts":  # the same filter changes again: now every model is fitted (cached)
                out["forecasts_fitted"] = (_median_ms(changing()[0]), 0.0)
    finally:
        ScriptRunner._run_script = original
    return out


def _compile_once() -> None:
    """AppTest compiles the scripts anew on every run (a fresh ScriptCache each time, and Streamlit's magic
    rewrites their syntax trees: 20–30 ms a run); a server compiles each script once. Share one cache, as the
    server's runtime does, so a rerun's figure is the server's."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner
    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def _quiet_apptest() -> None:
    """AppTest sets up its session outside a script run, and Streamlit warns about that on stderr each time
    ("missing ScriptRunContext! This warning can be ignored when running in bare mode"): not ours to print."""
    import logging
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())  # a filter outlives Streamlit's level resets


FIRST_LOAD = """
import os, sys, time
start = time.perf_counter()
os.environ["OMAVALVONTA_DATA_DIR"] = sys.argv[1]
from streamlit.testing.v1 import AppTest
from benchmarks.scale import _quiet_apptest
_quiet_apptest()
at = AppTest.from_file(sys.argv[2], default_timeout=600)
at.run()  # the app opens on the overview (AppTest cannot open a sub-page's link directly)
shown = time.perf_counter()
if sys.argv[3] != sys.argv[4]:  # the overview opens by itself
    at.switch_page(sys.argv[3]).run()
assert not at.exception, at.exception[0].message
print(time.perf_counter() - start, time.perf_counter() - shown)
"""

PEAK = """
import os, sys
os.environ["OMAVALVONTA_DATA_DIR"] = sys.argv[1]
import pandas as pd

from analytics.core import pages as site_pages
from analytics.core.errors import DataError
from streamlit.testing.v1 import AppTest
from benchmarks.scale import _quiet_apptest
_quiet_apptest()
counties = list(dict.fromkeys(pd.read_parquet(sys.argv[1] + "/org_units.parquet")["county"]))
sessions = []
for i, page in enumerate(sys.argv[3:]):
    at = AppTest.from_file(sys.argv[2], default_timeout=600)
    at.run()
    at.selectbox(key="f_county").set_value(counties[i % len(counties)]).run()
    at.switch_page(page).run()
    assert not at.exception, at.exception[0].message
    sessions.append(at)
# VmHWM, this process's own peak: ru_maxrss would carry the benchmark parent's peak across exec (Linux)
print(next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM")) / 1024)
"""


def _python(code: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, timeout=900)
    if done.returncode != 0:
        raise DataError("benchmark subprocess failed: " + (done.stderr.strip().splitlines() or ["no output"])[-1])
    return done.stdout.strip().splitlines()[-1]


def measure_first(root: Path, progress: Callable[[str], None]) -> dict[str, tuple[float, float]]:
    """Per page, in a fresh process: (seconds from the start until the page is shown, having opened the app
    on the overview first; seconds of the switch to the page alone, its caches cold). One run each."""
    out = {}
    for page, path in PAGES.items():
        progress(f"first load: {page}")
        total, switch = _python(FIRST_LOAD, str(root), str(ROOT / "app.py"), path, PAGES["overview"]).split()
        out[page] = (round(float(total), 2), round(float(switch), 2))
    return out


def measure_peak(root: Path, progress: Callable[[str], None]) -> float:
    progress("peak memory: five sessions")
    pages = [PAGES[name] for name in ("overview", "incidents", "rescue", "rai", "compare")]
    return round(float(_python(PEAK, str(root), str(ROOT / "app.py"), *pages)), 0)


def measure_report(root: Path, repeat: int, progress: Callable[[str], None]) -> float:
    """Seconds for ``python -m analytics report --format json`` of the latest tertial (fresh process)."""
    from analytics.data.bundle import load_bundle
    from analytics.data.filters import data_tertials
    period = data_tertials(load_bundle(root))[0].label
    progress(f"report {period}")
    times = []
    for _ in range(max(1, min(repeat, 3))):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "analytics", "report", "--period", period, "--data-dir", str(root)],
                              capture_output=True, cwd=ROOT, timeout=900)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            raise DataError("report failed: " + done.stderr.decode().strip())
    return round(statistics.median(times), 2)


def run(scale: str, data_dir: Path | None, repeat: int, progress: Callable[[str], None]) -> dict:
    from analytics.data.bundle import DEFAULT_DATA_DIR
    root = Path(data_dir) if data_dir else (national_data(progress) if scale == "national" else DEFAULT_DATA_DIR)
    paths = measure_paths(root, scale, repeat, progress)
    reruns = measure_reruns(root, scale, repeat, progress)
    first = measure_first(root, progress)
    pages = {}
    for page in PAGES:
        figures = {"rerun_ms": reruns[page][0], "rerun_apptest_ms": reruns[page][1], **paths[page], "first_s": first[page][0],
                   "first_switch_s": first[page][1]}
        figures["speedup_vs_naive"] = round(figures["naive_ms"] / figures["compute_ms"], 1) if figures["compute_ms"] else None
        figures["compute_vs_floor"] = round(figures["compute_ms"] / figures["floor_ms"], 2) if figures["floor_ms"] else None
        pages[page] = figures
    result = {"scale": scale, "data_dir": str(root), "repeat": repeat, "cpu_count": os.cpu_count(),
              "pages": pages, "forecasts_fitted_ms": reruns["forecasts_fitted"][0],
              "peak_mb_5_sessions": measure_peak(root, progress),
              "report_s": measure_report(root, repeat, progress), "goals": GOALS[scale],
              "bench_process_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    result["verdicts"] = verdicts(result)
    return result


def verdicts(result: dict) -> list[dict]:
    """Every goal of the scale with its figure (the worst page's where a goal is per page) and met / missed."""
    goals, pages = result["goals"], result["pages"]
    others = {p: f for p, f in pages.items() if p != "forecasts"}

    def worst(field: str, among: dict) -> tuple[float, str]:
        page = max(among, key=lambda p: among[p][field] or 0)
        return among[page][field] or 0, page

    rows = []
    for goal, limit in goals.items():
        if goal == "rerun_ms":
            figure, where = worst("rerun_ms", others)
        elif goal == "forecasts_fitted_ms":
            figure, where = result["forecasts_fitted_ms"], "forecasts"
        elif goal == "forecasts_fit_ms":
            figure, where = pages["forecasts"]["rerun_ms"], "forecasts"
        elif goal in ("compute_vs_floor", "queries", "first_s"):
            figure, where = worst(goal, pages)
        else:
            figure, where = result[goal], "five sessions"
        rows.append({"goal": goal, "limit": limit, "figure": figure, "where": where, "met": figure <= limit})
    return rows


def to_text(result: dict) -> str:
    lines = [f"scale {result['scale']} · data {result['data_dir']} · medians of {result['repeat']} filter changes · "
             f"{result['cpu_count']} cores",
             f"{'page':10} {'rerun ms':>9} {'+AppTest':>9} {'compute ms':>11} {'floor ms':>9} {'naive ms':>9} {'queries':>8} "
             f"{'×naive':>7} {'÷floor':>7} {'first s':>8} {'switch s':>9}"]
    for page, f in result["pages"].items():
        lines.append(f"{page:10} {f['rerun_ms']:9.0f} {f['rerun_apptest_ms']:9.0f} {f['compute_ms']:11.0f} {f['floor_ms']:9.0f} {f['naive_ms']:9.0f} "
                     f"{f['queries']:8d} {f['speedup_vs_naive'] or 0:7.1f} {f['compute_vs_floor'] or 0:7.2f} "
                     f"{f['first_s']:8.2f} {f['first_switch_s']:9.2f}")
    lines.append(f"forecasts page with its models fitted: {result['forecasts_fitted_ms']:.0f} ms")
    lines.append(f"peak memory, five sessions: {result['peak_mb_5_sessions']:.0f} MB · report: {result['report_s']:.2f} s")
    lines.append("goals (at most; the worst page's figure):")
    for row in result["verdicts"]:
        lines.append(f"  {row['goal']:20} ≤ {row['limit']:<6} {row['figure']:>9} ({row['where']})  "
                     f"{'met' if row['met'] else 'MISSED'}")
    return "\n".join(lines)


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text} is not at least 1 (a whole number of filter changes)")
    return int(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale",
                                     description="measure page reruns, first load, the naive way and the query floor")
    parser.add_argument("--scale", choices=("county", "national"), default="county",
                        help="county: data/; national: --data-dir or benchmarks/.data/national (generated once)")
    parser.add_argument("--data-dir", type=Path, help="the data to measure")
    parser.add_argument("--repeat", type=_positive, default=5, help="filter changes per page (default 5)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    if args.data_dir is not None and not (args.data_dir / "org_units.parquet").exists():
        print(f"error: {args.data_dir}: no org_units.parquet here; point --data-dir at a data directory.",
              file=sys.stderr)
        return 2
    try:
        result = run(args.scale, args.data_dir, args.repeat, lambda text: print(text, file=sys.stderr, flush=True))
    except DataError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.format == "json" else to_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())

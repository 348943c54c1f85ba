"""Load test: many sessions changing filters at once against a running server. Prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.load [--url http://127.0.0.1:8501] [--sessions 20] [--seconds 60] [--think 2,5] [--ramp 10] [--rounds 1] [--format json]

Without ``--url`` it starts the app (``streamlit run app.py``) on a free port with the bundled data and
stops it afterwards. Each session is a real websocket client speaking Streamlit's own protocol (the
BackMsg/ForwardMsg protobufs the browser sends and receives): it opens the app from a link, then
keeps changing the review period in the sidebar (the widget's id read from the page), each time
waiting until the server reports the rerun finished and checking that the page's title names the
chosen period, then pausing as a reader would (``--think``, default 2–5 s). The sessions arrive over
``--ramp`` seconds and each changes filters for ``--seconds`` after its first page. A rerun's time is from sending the change to the
server's "script finished"; an error is an exception element on the page, a run that did not finish
successfully, or a broken connection.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from analytics.core.pages import OVERVIEW
from analytics.text.i18n import LANGUAGES, t
from harness.app import start_server, stop_server, wait_healthy

PERIOD_LABELS = tuple(t("filter.period", lang) for lang in LANGUAGES)
"""The sidebar's review-period selectbox, in every language."""
READY_TIMEOUT = 600
"""Seconds to wait for the server this script starts to say ready (it warms up first: ui/serve.py)."""
GOALS = (("rerun p95 ≤ 1 s", "rerun_p95_s", 1.0), ("errors", "errors", 0), ("server memory ≤ 1 GB", "server_peak_mb", 1024))
"""Issue 24's workshop goals, printed with met / missed for a server this script started."""
THINK_SECONDS = (2.0, 5.0)
"""Between a page shown and the next filter change: a manager glancing at the figures."""


class Session:
    """One browser-like client."""

    def __init__(self, url: str, query: str):
        self.ws_url = url.replace("http", "ws", 1) + "/_stcore/stream"
        self.query = query
        self.connection = None
        self.period_id: str | None = None
        self.periods: list[str] = []
        self.widgets: dict[str, WidgetState] = {}
        self.heading = ""
        self.problems: list[str] = []
        """What went wrong in this session's runs: an exception's type and message, or how a run ended."""

    async def open(self) -> tuple[float, bool]:
        self.connection = await websockets.connect(self.ws_url, max_size=256 * 2**20, open_timeout=60,
                                                   ping_interval=None)
        return await self._run([])

    async def change_period(self) -> tuple[float, bool]:
        choice = random.choice([p for p in self.periods if p != self._current()] or self.periods)
        state = WidgetState(id=self.period_id, string_value=choice)
        self.widgets[self.period_id] = state
        elapsed, ok = await self._run(list(self.widgets.values()))
        if choice not in self.heading:  # the page's title names the period it shows
            raise AssertionError(f"the page shows '{self.heading}' after choosing {choice}")
        return elapsed, ok

    def _current(self) -> str | None:
        state = self.widgets.get(self.period_id)
        return state.string_value if state else None

    async def _run(self, states: list[WidgetState]) -> tuple[float, bool]:
        message = BackMsg()
        message.rerun_script.query_string = self.query
        message.rerun_script.page_name = OVERVIEW.slug  # as a browser does once the root has forwarded it there
        message.rerun_script.widget_states.widgets.extend(states)
        start = time.perf_counter()
        await self.connection.send(message.SerializeToString())
        ok = True
        while True:
            raw = await self.connection.recv()
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                which = element.WhichOneof("type")
                if which == "exception":
                    ok = False
                    self.problems.append(f"{element.exception.type}: {element.exception.message[:200]}")
                elif which == "heading" and element.heading.tag == "h1":
                    self.heading = element.heading.body
                elif which == "selectbox" and element.selectbox.label in PERIOD_LABELS:
                    self.period_id = element.selectbox.id
                    self.periods = list(element.selectbox.options)
            elif kind == "script_finished":
                if forward.script_finished in (ForwardMsg.FINISHED_EARLY_FOR_RERUN,
                                               ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    continue  # the app reran itself, or a fragment finished: the page's run is still coming
                if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    ok = False
                    self.problems.append(f"run ended {ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)}")
                return time.perf_counter() - start, ok


async def _user(url: str, query: str, seconds: float, results: dict, think: tuple[float, float],
                delay: float) -> None:
    await asyncio.sleep(delay)  # people do not all arrive in the same instant
    session = Session(url, query)
    try:
        elapsed, ok = await session.open()
        until = time.perf_counter() + seconds
        results["opens"].append(elapsed)
        results["errors"] += not ok
        if session.period_id is None:
            results["errors"] += 1
            results["messages"].append("no period selectbox found")
            return
        while time.perf_counter() < until:
            elapsed, ok = await session.change_period()
            results["reruns"].append(elapsed)
            results["errors"] += not ok
            await asyncio.sleep(random.uniform(*think))  # a person reads the page before the next change
    except Exception as exc:  # a broken session is what this script counts, not what stops it
        results["errors"] += 1
        results["messages"].append(f"{type(exc).__name__}: {exc}")
    finally:
        results["messages"].extend(session.problems)
        if session.connection is not None:
            await session.connection.close()


LINKS = ["period=5-8/2024", "period=5-8/2024&palvelualue=Kotihoito", "period=1-4/2024&toimiala=Pelastuslaitos",
         "period=9-12/2023&palvelualue=Asumispalvelut", "lang=en&period=5-8/2024"]


async def _load(url: str, sessions: int, seconds: float, think: tuple[float, float], ramp: float) -> dict:
    results: dict = {"opens": [], "reruns": [], "errors": 0, "messages": []}
    await asyncio.gather(*(_user(url, LINKS[i % len(LINKS)], seconds, results, think, ramp * i / sessions)
                           for i in range(sessions)))
    return results


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run(url: str | None, sessions: int, seconds: float, data_dir: str | None = None,
        think: tuple[float, float] = THINK_SECONDS, ramp: float = 10.0, rounds: int = 1) -> list[dict]:
    """One result per round; the rounds run one after another against the same server (the first one on a
    server this script started meets cold caches, the later ones a server that has been serving)."""
    def measure(target: str) -> dict:
        raw = asyncio.run(_load(target, sessions, seconds, think, ramp))
        reruns = raw["reruns"]
        return {"url": target, "sessions": sessions, "seconds": seconds, "think_seconds": list(think), "ramp_seconds": ramp,
                "opens": len(raw["opens"]),
                "reruns": len(reruns), "errors": raw["errors"], "error_messages": sorted(set(raw["messages"]))[:10],
                "rerun_p50_s": round(statistics.median(reruns), 3) if reruns else None,
                "rerun_p95_s": round(_percentile(reruns, 0.95), 3) if reruns else None,
                "rerun_max_s": round(max(reruns), 3) if reruns else None,
                "open_p50_s": round(statistics.median(raw["opens"]), 3) if raw["opens"] else None,
                "open_p95_s": round(_percentile(raw["opens"], 0.95), 3) if raw["opens"] else None}
    if url:
        return [measure(url) for _ in range(rounds)]
    log = Path(tempfile.gettempdir()) / "omavalvonta-load-server.log"
    with open(log, "wb") as output:
        started = time.monotonic()
        proc, address = start_server({"OMAVALVONTA_DATA_DIR": data_dir} if data_dir else None, output)
        try:
            wait_healthy(address, READY_TIMEOUT)
            ready = time.monotonic() - started
            results = [measure(address) for _ in range(rounds)]
            peak = _peak_mb(proc.pid)
        finally:
            stop_server(proc)
    for result in results:
        result.update(ready_after_s=round(ready, 1), server_peak_mb=peak)
        result["goals"] = [{"goal": goal, "limit": limit, "figure": result[field],
                            "met": result[field] is not None and result[field] <= limit}
                           for goal, field, limit in GOALS]
        if result["errors"]:
            result["server_log"] = str(log)
    return results


def _peak_mb(pid: int) -> float | None:
    """The server process's peak resident memory (VmHWM), MB."""
    try:
        with open(f"/proc/{pid}/status") as status:
            return round(next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024)
    except (OSError, StopIteration):
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running server (default: start one with the bundled data)")
    parser.add_argument("--data-dir", help="data for the server this script starts")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", default="2,5", help="seconds between a page shown and the next change: MIN,MAX")
    parser.add_argument("--ramp", type=float, default=10.0, help="seconds over which the sessions arrive (default 10)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="run the whole load this many times against the same server (default 1)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    low, high = (float(x) for x in args.think.split(","))
    results = run(args.url, args.sessions, args.seconds, args.data_dir, (low, high), args.ramp, args.rounds)
    if args.format == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return 0
    for number, result in enumerate(results, start=1):
        print(f"round {number}: {result['sessions']} sessions × {result['seconds']:.0f} s, {low:g}–{high:g} s between "
              f"changes, against {result['url']}: "
              f"{result['reruns']} filter changes, {result['errors']} errors; rerun p50 {result['rerun_p50_s']} s, "
              f"p95 {result['rerun_p95_s']} s, max {result['rerun_max_s']} s; "
              f"first page p50 {result['open_p50_s']} s, p95 {result['open_p95_s']} s")
        if "ready_after_s" in result:
            print(f"  server ready (warmed up) {result['ready_after_s']} s after its start; peak memory "
                  f"{result['server_peak_mb']} MB")
            for goal in result["goals"]:
                print(f"  {goal['goal']:22} {goal['figure']!s:>8}  {'met' if goal['met'] else 'MISSED'}")
        for message in result["error_messages"]:
            print("  error:", message)
        if "server_log" in result:
            print("  the server's log:", result["server_log"])
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Memory of importing a large upload on the Aineisto page: prints figures, asserts nothing.

    .venv/bin/python -m benchmarks.upload [--mb 150] [--page] [--in-memory]

Writes a HaiPro-style incidents CSV of about ``--mb`` megabytes (the bundled incident reports repeated with fresh
report ids, Finnish headers, names and d.m.yyyy dates, as a county's export) into a temporary folder, with a copy of
the bundled data directory to import it into. Then, in a fresh process each:

- **library**: the page's import path (the upload held in memory as Streamlit holds it, ``readers.read_chunks`` →
  ``ingest.prepare_chunks`` → ``ingest.commit``), reporting the process's resident memory before, its peak
  (``VmHWM`` of /proc/self/status) and after the import (``VmRSS``, the upload and report dropped);
- ``--in-memory``: the same with the whole file parsed at once (``readers.read_file`` → ``ingest.prepare``),
  the way the page worked before (without its cache, which kept the result on top of this);
- ``--page``: the real page: a Streamlit server, headless Chromium uploads the file (Playwright
  ``set_input_files``) and waits for the validation report; the tab is closed (a check without an import);
  a new tab uploads it again and presses "Tuo". The server process's ``VmRSS`` and ``VmHWM`` (/proc/<pid>/status)
  at each step (after a small file's check as the baseline, and after each closed tab's session has expired),
  and a fresh server's on the imported data (what the larger data costs by itself). Takes about 15 minutes.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness.app import CHROMIUM, CHROMIUM_ARGS, start_server, wait_for_app, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
PAGE_TIMEOUT_MS = 600_000
"""A page with a 150 MB upload on it may take minutes to finish its run."""
SESSION_TTL_S = 120
"""Streamlit's server.disconnectedSessionTTL (its default): a closed tab's session, with its uploaded file, is
kept this long for a reconnect."""

CHILD = r"""
import gc, io, json, sys, time
from pathlib import Path

def status():
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line)
    return {k: int(fields[k].split()[0]) / 1024 for k in ("VmRSS", "VmHWM")}

from analytics.ingest import importer as ingest
from analytics.ingest.mapping import known_headers
from analytics.ingest.readers import read_chunks, read_file

path, data_dir, how = sys.argv[1], sys.argv[2], sys.argv[3]
ingest.bounded_memory()  # as the app's server and the CLI
gc.collect()
started = status()
upload = io.BytesIO(Path(path).read_bytes())  # Streamlit keeps an uploaded file in memory
held = status()
clock = time.perf_counter()
if how == "chunks":
    report = ingest.prepare_chunks("incidents", read_chunks(upload, Path(path).name, known_headers("incidents")),
                                   data_dir)
else:
    report = ingest.prepare("incidents", read_file(upload.getvalue(), Path(path).name, known_headers("incidents")),
                            data_dir)
checked = time.perf_counter() - clock
ok, rows_new, summary = report.ok, report.rows_new, report.summary()
ingest.commit(report, data_dir)
elapsed = time.perf_counter() - clock
del report, upload
ingest.release_memory()  # as the page does after a check and an import
print(json.dumps({"start_mb": started["VmRSS"], "upload_held_mb": held["VmRSS"], "peak_mb": status()["VmHWM"],
                  "after_mb": status()["VmRSS"], "check_s": checked, "total_s": elapsed, "ok": ok,
                  "rows_new": rows_new, "summary": summary}))
"""


def write_export(target: Path, megabytes: float) -> tuple[int, int]:
    """A HaiPro-style incidents export of at least ``megabytes`` MB; returns (rows, bytes)."""
    from analytics.data.bundle import DEFAULT_DATA_DIR, load_bundle
    from analytics.text.i18n import label

    bundle = load_bundle(DEFAULT_DATA_DIR)
    rows = bundle.incidents
    names = dict(zip(bundle.org_units["unit_id"], bundle.org_units["unit_name"]))
    export = {
        "Tapahtumapäivä": [d.strftime("%-d.%-m.%Y") for d in rows["event_date"]],
        "Ilmoituspäivä": [d.strftime("%-d.%-m.%Y") for d in rows["report_date"]],
        "Ensimmäinen käsittely": [d.strftime("%-d.%-m.%Y %H:%M") if d == d else "" for d in rows["first_handled_date"]],
        "Yksikkö": [names[u] for u in rows["unit_id"]],
        "Ilmoitusluokka": [label("category", c) for c in rows["category"]],
        "Tapahtuman laji": [label("kind_event", c) for c in rows["event_kind"]],
        "Tapahtumatyyppi": [label("event_type", c) for c in rows["event_type"]],
        "Haitta": [label("harm", c) for c in rows["harm_level"]],
        "Ilmoittaja": [label("reporter", c) for c in rows["reporter"]],
        "Kehittämistoimenpide": ["Kyllä" if a else "Ei" for a in rows["development_action"]],
        "Kehittämisteema": [label("theme", c) if isinstance(c, str) else "" for c in rows["development_theme"]],
    }
    lines = [";".join(values) for values in zip(*export.values())]
    header = ";".join(["Ilmoituksen tunnus", *export]) + "\n"
    written, count, repeat = 0, 0, 0
    with open(target, "w", encoding="utf-8") as out:
        out.write(header)
        written += len(header.encode())
        while written < megabytes * 1024 * 1024:
            repeat += 1
            chunk = "".join(f"B{repeat:03d}-{i:06d};{line}\n" for i, line in enumerate(lines))
            out.write(chunk)
            written += len(chunk.encode())
            count += len(lines)
    return count, target.stat().st_size


def run_library(export: Path, data: Path, how: str) -> dict:
    fresh = data.parent / f"data-{how}"
    shutil.copytree(data, fresh)
    result = subprocess.run([sys.executable, "-c", CHILD, str(export), str(fresh), how], cwd=ROOT,
                            capture_output=True, text=True)
    if result.returncode != 0:
        return {"error": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "failed"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def _status(pid: int) -> dict:
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {k: round(int(fields[k].split()[0]) / 1024) for k in ("VmRSS", "VmHWM")}


def _upload_and_check(tab, url: str, export: Path) -> None:
    tab.goto(f"{url}/aineisto")
    wait_for_app(tab, PAGE_TIMEOUT_MS)
    tab.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(export))
    tab.wait_for_selector("text=uutta riviä voidaan tuoda", timeout=1_800_000)


def _server(data: Path, log_path: Path):
    log = open(log_path, "wb")
    # the background pass that takes a new data version's small-number decisions is off in both servers, so
    # that the figures are the upload's and the import's own (it is a fixed cost of any new data, not of uploads)
    proc, url = start_server({"OMAVALVONTA_DATA_DIR": str(data), "OMAVALVONTA_BACKGROUND_DISCLOSURE": "0"}, log)
    wait_healthy(url, 90)
    return proc, url, log


def _stop(proc, log) -> None:
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def _visit(browser, url: str) -> None:
    """Open and close the main page: a session that ends. Streamlit keeps a closed tab's session (and its upload)
    for SESSION_TTL_S and drops expired ones when the next session ends, as on a server where people come and go."""
    tab = browser.new_page(viewport={"width": 1400, "height": 2400})
    tab.goto(url)
    wait_for_app(tab, PAGE_TIMEOUT_MS)
    tab.close()
    time.sleep(5)


def run_page(export: Path, data: Path) -> list[tuple[str, dict, float]]:
    """The real page: (moment, the server's VmRSS/VmHWM in MB, seconds since the first upload started).

    One server: the Aineisto page checks a small file first (so that the code a check uses is loaded: the
    baseline); a 150 MB file is uploaded and checked, and the tab closed without an import (the memory is to come
    back to the baseline once Streamlit has dropped the closed session and its upload); a new tab uploads the same
    file and imports it. Then a fresh server started on the imported data with the same pages opened: what the new,
    larger data itself costs, against which the first server's memory after the import is to be compared."""
    from playwright.sync_api import sync_playwright


    fresh = data.parent / "data-page"
    shutil.copytree(data, fresh)
    small = data.parent / "haipro_pieni.csv"
    with open(export, "rb") as source:
        head = source.read(1_000_000)
    small.write_bytes(head[: head.rfind(b"\n") + 1])
    figures = []
    proc, url, log = _server(fresh, data.parent / "server.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_page(viewport={"width": 1400, "height": 2400})
            tab.goto(url)
            wait_for_app(tab, PAGE_TIMEOUT_MS)
            _upload_and_check(tab, url, small)
            tab.close()
            time.sleep(SESSION_TTL_S + 10)
            _visit(browser, url)
            figures.append(("baseline (a small file checked, its session over)", _status(proc.pid), 0.0))
            clock = time.monotonic()
            tab = browser.new_page(viewport={"width": 1400, "height": 2400})
            _upload_and_check(tab, url, export)
            figures.append(("150 MB checked", _status(proc.pid), time.monotonic() - clock))
            tab.close()
            time.sleep(SESSION_TTL_S + 10)
            _visit(browser, url)
            figures.append(("checked, not imported; its session over", _status(proc.pid), time.monotonic() - clock))
            tab = browser.new_page(viewport={"width": 1400, "height": 2400})
            _upload_and_check(tab, url, export)
            tab.get_by_role("button", name="Tuo", exact=True).click()
            tab.wait_for_selector("text=Tuotu tauluun", timeout=1_800_000)
            wait_for_app(tab, PAGE_TIMEOUT_MS)
            figures.append(("imported", _status(proc.pid), time.monotonic() - clock))
            tab.close()
            time.sleep(SESSION_TTL_S + 10)
            _visit(browser, url)
            figures.append(("imported; its session over", _status(proc.pid), time.monotonic() - clock))
            _stop(proc, log)
            proc, url, log = _server(fresh, data.parent / "baseline.log")
            tab = browser.new_page(viewport={"width": 1400, "height": 2400})
            tab.goto(url)
            wait_for_app(tab, PAGE_TIMEOUT_MS)
            tab.goto(f"{url}/aineisto")
            wait_for_app(tab, PAGE_TIMEOUT_MS)
            tab.close()
            time.sleep(5)
            figures.append(("a fresh server on the imported data, same pages", _status(proc.pid),
                            time.monotonic() - clock))
            browser.close()
    finally:
        _stop(proc, log)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=150, help="size of the generated export (default 150)")
    parser.add_argument("--page", action="store_true", help="also through the real page (Streamlit and Chromium)")
    parser.add_argument("--in-memory", action="store_true", help="also the whole-file path, for comparison")
    args = parser.parse_args(argv)
    from analytics.data.bundle import DEFAULT_DATA_DIR

    with tempfile.TemporaryDirectory(prefix="omavalvonta-upload-") as tmp:
        folder = Path(tmp)
        export = folder / "haipro_suuri.csv"
        rows, size = write_export(export, args.mb)
        data = folder / "data"
        shutil.copytree(DEFAULT_DATA_DIR, data)
        print(f"export: {export.name}, {size / 1024 / 1024:.0f} MB, {f'{rows:_}'.replace('_', ' ')} rows")
        for how in ("chunks", *(("in-memory",) if args.in_memory else ())):
            r = run_library(export, data, how)
            if "error" in r:
                print(f"library, {how}: {r['error']}")
                continue
            print(f"library, {how}: start {r['start_mb']:.0f} MB, upload held {r['upload_held_mb']:.0f} MB, "
                  f"peak {r['peak_mb']:.0f} MB, after {r['after_mb']:.0f} MB; checked in {r['check_s']:.0f} s, "
                  f"imported in {r['total_s']:.0f} s; {r['summary']}")
        if args.page:
            for moment, figures, seconds in run_page(export, data):
                print(f"page, {moment}: server VmRSS {figures['VmRSS']} MB, VmHWM {figures['VmHWM']} MB"
                      f" ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

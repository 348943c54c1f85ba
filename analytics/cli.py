"""Command line: ``python -m analytics report|brief|sample|spc|funnel|forecast|ingest|undo|disclosure|bench …``.

Bad arguments or data end with exit status 2 and one line on stderr; no traceback.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from analytics.core.errors import DataError
from analytics.core.periods import Tertial
from analytics.core.scope import Scope, filter_options
from analytics.data.bundle import DEFAULT_DATA_DIR, dataset_info, load_bundle
from analytics.data.contracts import CONTRACTS
from analytics.data.filters import data_tertials
from analytics.goals import GoalBook
from analytics.domain.disclosure import precompute
from analytics.ingest.csv_input import read_columns, read_series, read_units
from analytics.ingest.importer import MODES, bounded_memory, commit, discard, prepare, prepare_chunks, undo
from analytics.ingest.mapping import known_headers, read_mapping
from analytics.ingest.readers import read_chunks
from analytics.ingest.sotkanet import read_sotkanet
from analytics.observations import ObservationError, for_review
from analytics.render.brief import brief_html, brief_pdf, build_brief
from analytics.render.html_report import review_to_html
from analytics.render.report import review_to_dict, review_to_markdown
from analytics.sample.county import DEFAULT_SEED, write_sample
from analytics.sample.goals import brief_goals, ensure_sample_goals
from analytics.sample.national import write_national
from analytics.stats.forecast import KINDS, forecast_series, format_period, parse_period
from analytics.stats.funnel import funnel
from analytics.stats.spc import CHARTS, RATIO_CHARTS, spc_chart
from analytics.text.i18n import LANGUAGES, fmt_number, t
from analytics.text.statistics import funnel_sentence, spc_sentence
from analytics.views.review import build_review

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


BENCHMARK = "benchmarks.scale"
"""The speed benchmark that ``bench`` runs: a script of the repository beside the library, not part of it (it
drives the app through Streamlit's AppTest, and the library never imports the app)."""


def _bench(argv: list[str]) -> int:
    """``bench [--scale county|national] [--repeat N] [--format text|json] [--data-dir DIR]``: the speed benchmark
    in a process of its own, with its exit status; its arguments and ``--help`` are its own."""
    root = Path(__file__).resolve().parent.parent
    if not (root / Path(*BENCHMARK.split("."))).with_suffix(".py").exists():
        print(f"error: the benchmark ({BENCHMARK}) is not here: run it from a clone of the repository.", file=sys.stderr)
        return EXIT_BAD_INPUT
    return subprocess.run([sys.executable, "-m", BENCHMARK, *argv], cwd=root).returncode


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analytics", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser("bench", add_help=False,
                        help="speed: page reruns, first pages, queries and memory, each goal met or missed "
                             "(runs benchmarks/scale.py; `bench --help` for its options)")

    report = commands.add_parser("report", help="print the interim review figures of a tertial")
    report.add_argument("--period", required=True, help="tertial, e.g. 5-8/2024")
    report.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory (default: data/)")
    report.add_argument("--format", choices=("json", "markdown", "html"), default="json",
                        help="html: one self-contained file (charts inline, opens offline)")
    report.add_argument("--lang", choices=LANGUAGES, default="fi", help="language of the markdown report")
    report.add_argument("--county", help="the county (hyvinvointialue) of the review; default: the first in "
                                         "org_units, as in the app (national data holds 22)")
    report.add_argument("--toimiala", action="append", default=[], help="limit to a division (repeatable)")
    report.add_argument("--palvelualue", action="append", default=[], help="limit to a service area (repeatable)")
    report.add_argument("--observations", metavar="DATABASE",
                        help="the observation database whose observations and actions of the period the review "
                             "includes: an SQLite file or a postgresql+psycopg:// address (default: "
                             "OMAVALVONTA_DATABASE or ~/.local/share/omavalvonta/omavalvonta.sqlite3)")

    brief = commands.add_parser("brief", help="the condensed brief for councils, municipalities and residents "
                                              "(binding goals and headline figures, at most 4 A4 pages)")
    brief.add_argument("--period", required=True, help="tertial, e.g. 5-8/2024")
    brief.add_argument("--format", choices=("pdf", "html"), default="pdf",
                       help="pdf (printed by headless Chromium) or html (one self-contained file)")
    brief.add_argument("--lang", choices=LANGUAGES, default="fi", help="language of the brief")
    brief.add_argument("--out", type=Path, help="file to write (default: standard output)")
    brief.add_argument("--data-dir", "--data", dest="data_dir", type=Path, default=DEFAULT_DATA_DIR,
                       help="data directory (default: data/)")
    brief.add_argument("--county", help="county (default: the data's first)")
    brief.add_argument("--toimiala", action="append", default=[],
                       help="limit to a toimiala (repeatable; the small-number rule applies)")
    brief.add_argument("--palvelualue", action="append", default=[],
                       help="limit to a service area (repeatable; the small-number rule applies)")
    brief.add_argument("--observations", metavar="DATABASE",
                       help="the database of the binding goals (and observations): an SQLite file or a "
                            "postgresql+psycopg:// address (default: OMAVALVONTA_DATABASE or "
                            "~/.local/share/omavalvonta/omavalvonta.sqlite3); on the synthetic sample its example "
                            "goals are added there once")

    sample = commands.add_parser("sample", help="generate the synthetic sample data")
    sample.add_argument("--out", type=Path, required=True, help="directory to write the tables to")
    sample.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    sample.add_argument("--scale", choices=("county", "national"), default="county",
                        help="county: Päijät-Häme 2021-2024 (default); national: 22 areas 2015-2024, "
                             "partitioned by region and year (about 5 M incident reports; a few minutes)")
    sample.add_argument("--size", type=_fraction, default=1.0,
                        help="national only: fraction of the other counties' volume (e.g. 0.01 for tests)")

    spc = commands.add_parser("spc", help="a run or control chart with the Anhøj rules (as qicharts2)")
    spc.add_argument("--chart", choices=CHARTS, required=True,
                     help="run, i (XmR), c, u, p, pp (Laney p'), up (Laney u')")
    spc.add_argument("--input", type=Path, required=True,
                     help="CSV with period,value[,denominator]; for u/p/pp/up value is the numerator")
    spc.add_argument("--freeze", type=int, help="compute the centre and limits from the first K points")
    spc.add_argument("--part", type=int, action="append", default=[],
                     help="start a new part after point K (repeatable)")
    spc.add_argument("--no-screen", action="store_true", help="I, pp and up charts: keep moving ranges above 3.267 × mean (of the values; of the z-scores for pp/up)")
    spc.add_argument("--format", choices=("json", "text"), default="json")
    spc.add_argument("--lang", choices=LANGUAGES, default="fi", help="language of the sentence")

    funnel_cmd = commands.add_parser("funnel", help="exact binomial funnel limits for shares across units")
    funnel_cmd.add_argument("--input", type=Path, required=True, help="CSV with unit,numerator,denominator")
    funnel_cmd.add_argument("--overdispersion", action="store_true",
                            help="widen the limits for between-unit variation (as FunnelPlotR)")
    funnel_cmd.add_argument("--centre", type=float, help="benchmark share (0-1) instead of the pooled share")
    funnel_cmd.add_argument("--format", choices=("json", "text"), default="json")
    funnel_cmd.add_argument("--lang", choices=LANGUAGES, default="fi", help="language of the sentence")
    forecast_cmd = commands.add_parser("forecast", help="forecast a monthly or quarterly series, chosen by backtest")
    forecast_cmd.add_argument("--input", type=Path, required=True,
                              help="CSV with period,value; period as YYYY-MM or YYYY-Qn")
    forecast_cmd.add_argument("--horizon", type=int, required=True, help="how many periods ahead")
    forecast_cmd.add_argument("--kind", choices=KINDS, default="value",
                              help="count (log scale, never below 0), share (percent 0-100, logit scale) or value")
    forecast_cmd.add_argument("--format", choices=("json", "text"), default="json")
    forecast_cmd.add_argument("--lang", choices=LANGUAGES, default="fi", help="language of the text output")
    ingest = commands.add_parser("ingest", help="check and import an export into the data directory")
    ingest.add_argument("kind", choices=(*CONTRACTS, "sotkanet"),
                        help="the table to import into; sotkanet = a Sotkanet CSV/JSON export as indicator_values")
    ingest.add_argument("file", type=Path, help="CSV, XLSX or parquet (Sotkanet: CSV or JSON)")
    ingest.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory (default: data/)")
    ingest.add_argument("--mapping", type=Path, help="TOML mapping: contract column = \"header in the file\"")
    ingest.add_argument("--mode", choices=MODES, default="append",
                        help="append new rows (keys already present are skipped when identical) or replace the table")
    ingest.add_argument("--dry-run", action="store_true", help="print the validation report; write nothing")
    ingest.add_argument("--format", choices=("text", "json"), default="text")


    disclosure = commands.add_parser(
        "disclosure", help="decide once which small numbers every view hides, and store it in the data directory")
    disclosure.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory (default: data/)")

    undo_cmd = commands.add_parser("undo", help="put back the previous version of a table (one step back)")
    undo_cmd.add_argument("kind", choices=CONTRACTS)
    undo_cmd.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory (default: data/)")
    return parser


def _ingest(args: argparse.Namespace) -> int:
    given = None
    kind = "indicator_values" if args.kind == "sotkanet" else args.kind
    if args.mapping:
        try:
            text = args.mapping.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{args.mapping}: the mapping file cannot be read ({exc}).") from None
        mapped_kind, given = read_mapping(text, str(args.mapping))
        if mapped_kind and mapped_kind != kind:
            raise DataError(f"{args.mapping}: the mapping is for {mapped_kind}, not {kind}.")
    if args.kind == "sotkanet":
        try:
            raw = read_sotkanet(args.file.read_bytes(), str(args.file))
        except FileNotFoundError:
            raise DataError(f"{args.file}: no such file.") from None
        report = prepare(kind, raw, args.data_dir, given, args.mode)
    else:
        try:
            file = open(args.file, "rb")
        except FileNotFoundError:
            raise DataError(f"{args.file}: no such file.") from None
        except IsADirectoryError:
            raise DataError(f"{args.file}: is a directory, not a file.") from None
        with file:  # read and checked in chunks: a file of any size in bounded memory
            report = prepare_chunks(kind, read_chunks(file, str(args.file), known_headers(kind)), args.data_dir,
                                    given, args.mode)
    if args.format == "json":
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        print(report.to_text())
    if not report.ok:
        raise DataError(f"{args.file}: {report.problem_count} problem(s); nothing was written (see the report above).")
    if args.dry_run:
        discard(report)
        return 0
    path = commit(report, args.data_dir)
    if path is None:
        print("nothing written: every row is already in the data")
    else:
        print(f"written: {path} ({report.rows_new} new rows; the previous version is kept for undo)")
    return 0


def _undo(args: argparse.Namespace) -> int:
    print(f"restored the previous version: {undo(args.kind, args.data_dir)}")
    return 0


def _forecast(args: argparse.Namespace) -> int:
    table = read_columns(args.input, ("period", "value"), text_columns=("period",))
    periods = []
    for label, line in zip(table["period"], table["line"]):
        try:
            periods.append(parse_period(label))
        except DataError as exc:
            raise DataError(f"{args.input}: line {line}: {exc}") from None
    if len({p.freqstr for p in periods}) > 1:
        raise DataError(f"{args.input}: the periods mix months and quarters; use one kind.")
    result = forecast_series(table["value"].to_numpy(), pd.PeriodIndex(periods), args.horizon, args.kind)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        last = result.forecast.iloc[-1]
        print(t("forecast.cli_text", args.lang, model=result.model, period=format_period(last["period"]),
                mean=fmt_number(last["mean"], 2, args.lang), lower=fmt_number(last["lower80"], 2, args.lang),
                upper=fmt_number(last["upper80"], 2, args.lang)))
    return 0


def _at_line(exc: DataError, path: Path, lines: list[int]) -> DataError:
    """Name the file line of a per-row error from the statistics modules."""
    rows = [problem["row"] for problem in exc.problems if "row" in problem]
    if rows and 0 <= rows[0] < len(lines):
        return DataError(f"{path}: line {lines[rows[0]]}: {exc}")
    return DataError(f"{path}: {exc}")


def _print_result(result, sentence: str, args: argparse.Namespace) -> None:
    if args.format == "json":
        print(json.dumps({**result.to_dict(), "sentence": sentence}, ensure_ascii=False, indent=2))
    else:
        print(sentence)


def _spc(args: argparse.Namespace) -> int:
    table = read_series(args.input)
    if args.chart in RATIO_CHARTS and "denominator" not in table:
        raise DataError(f"{args.input}: a {args.chart} chart needs a 'denominator' column.")
    denominators = table["denominator"] if args.chart in RATIO_CHARTS else None
    try:
        chart = spc_chart(table["value"], args.chart, denominators, periods=table["period"],
                          freeze=args.freeze, parts=args.part, screen=not args.no_screen)
    except DataError as exc:
        raise _at_line(exc, args.input, list(table["line"])) from None
    _print_result(chart, spc_sentence(chart, args.lang), args)
    return 0


def _funnel(args: argparse.Namespace) -> int:
    table = read_units(args.input)
    try:
        result = funnel(table["unit"], table["numerator"], table["denominator"],
                        overdispersion=args.overdispersion, centre=args.centre)
    except DataError as exc:
        raise _at_line(exc, args.input, list(table["line"])) from None
    _print_result(result, funnel_sentence(result, args.lang), args)
    return 0


def _report(args: argparse.Namespace) -> int:
    tertial = Tertial.parse(args.period)
    bundle = load_bundle(args.data_dir)
    counties = filter_options(bundle.org_units).counties
    if args.county is not None and args.county not in counties:
        raise DataError(f"Unknown county {args.county!r}: choose one of {', '.join(counties)}.")
    scope = Scope(args.county or (counties[0] if counties else None), tuple(args.toimiala), tuple(args.palvelualue))
    for name, chosen, known in (("county", (scope.county,) if scope.county else (), counties),
                                ("toimiala", scope.toimialat, bundle.org_units["toimiala"]),
                                ("palvelualue", scope.palvelualueet, bundle.org_units["palvelualue"])):
        unknown = sorted(set(chosen) - set(known))
        if unknown:
            raise DataError(f"Unknown {name} {', '.join(repr(u) for u in unknown)}: not in org_units.parquet.")
    review = build_review(bundle, tertial, scope)
    try:
        notes = for_review(scope.county or "", tertial.label, scope.palvelualueet, args.observations)
    except ObservationError as exc:
        raise DataError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(review_to_dict(review, bundle.catalogue, notes), ensure_ascii=False, indent=2))
    elif args.format == "html":
        synthetic = dataset_info(args.data_dir).get("synthetic", False)
        print(review_to_html(review, bundle.catalogue, args.lang, synthetic=synthetic, notes=notes))
    else:
        print(review_to_markdown(review, bundle.catalogue, args.lang, notes), end="")
    return 0


def _scope(args: argparse.Namespace, bundle) -> Scope:
    """The county, toimialat and palvelualueet of ``args``, each checked against org_units."""
    counties = filter_options(bundle.org_units).counties
    if args.county is not None and args.county not in counties:
        raise DataError(f"Unknown county {args.county!r}: choose one of {', '.join(counties)}.")
    scope = Scope(args.county or (counties[0] if counties else None), tuple(args.toimiala), tuple(args.palvelualue))
    for name, chosen, known in (("toimiala", scope.toimialat, bundle.org_units["toimiala"]),
                                ("palvelualue", scope.palvelualueet, bundle.org_units["palvelualue"])):
        unknown = sorted(set(chosen) - set(known))
        if unknown:
            raise DataError(f"Unknown {name} {', '.join(repr(u) for u in unknown)}: not in org_units.parquet.")
    return scope


def make_brief(bundle, data_dir: Path, tertial: Tertial, lang: str, scope: Scope, database: str | None = None):
    """The brief as ``brief`` and the app's brief page make it: the county's binding goals of the tertial's year
    and its evaluation rule from the goals database (``database``, else ``OMAVALVONTA_DATABASE`` or the default
    file), with the sample's example goals added there once when ``data_dir`` is the synthetic sample (and then
    labelled as the example). An unreachable database is a DataError."""
    county = scope.county or next(iter(filter_options(bundle.org_units).counties), "")
    try:
        book = GoalBook(database)
        ensure_sample_goals(book, data_dir)
        goals, rule, example, synthetic = brief_goals(book, county, tertial.year, data_dir)
    except ObservationError as exc:
        raise DataError(str(exc)) from None
    return build_brief(bundle, tertial, goals, lang, scope, rule=rule, example=example, synthetic=synthetic)


def _brief(args: argparse.Namespace) -> int:
    """The condensed brief as PDF or HTML, the same file the app's brief page downloads."""
    tertial = Tertial.parse(args.period)
    bundle = load_bundle(args.data_dir)
    tertials = data_tertials(bundle)
    if tertial not in tertials:
        listed = ", ".join(p.label for p in tertials[:6]) or "none"
        raise DataError(f"The data has no complete period {tertial.label}: choose one of {listed}.")
    scope = _scope(args, bundle)
    if args.format == "pdf" and args.out is None and sys.stdout.isatty():
        raise DataError("A PDF is not printed on a terminal: give --out FILE (or redirect the output).")
    html = brief_html(make_brief(bundle, args.data_dir, tertial, args.lang, scope, args.observations), args.lang)
    data = brief_pdf(html) if args.format == "pdf" else html.encode("utf-8")
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        args.out.write_bytes(data)
        print(f"written: {args.out} ({len(data)} bytes)", file=sys.stderr)
    return 0


def _bounded(convert, kind: str, ok, allowed: str):
    """An argparse type: ``convert`` the text, then require ``ok(value)``; one-line errors."""
    def parse(text: str):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {kind}") from None
        if not ok(value):
            raise argparse.ArgumentTypeError(f"{text} is not {allowed}")
        return value
    return parse


_positive = _bounded(int, "a whole number", lambda v: v >= 1, "at least 1")
_fraction = _bounded(float, "a number", lambda v: 0 < v <= 1, "in (0, 1]")


def _progress(what: str):
    """A progress line on stderr every tenth of the way."""
    def show(done: int, total: int) -> None:
        if done == total or done % max(1, total // 10) == 0:
            print(f"{what}: {done}/{total}", file=sys.stderr)
    return show


def _disclosure(args: argparse.Namespace) -> int:
    print(precompute(load_bundle(args.data_dir), _progress("disclosure decisions")))
    return 0


def _sample(args: argparse.Namespace) -> int:
    if args.scale == "county":
        for path in write_sample(args.out, args.seed):
            print(path)
        print(precompute(load_bundle(args.out), _progress("disclosure decisions")))
        return 0
    try:
        written = write_national(args.out, args.seed, args.size,
                                 progress=lambda done, total, area: print(f"{done}/{total} {area}", file=sys.stderr))
    except FileExistsError as exc:
        raise DataError(str(exc)) from None
    print(json.dumps({"out": str(args.out), **vars(written)}, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["bench"]:  # its options are the benchmark's own
        return _bench(argv[1:])
    args = _parser().parse_args(argv)
    bounded_memory()
    try:
        commands = {"report": _report, "brief": _brief, "sample": _sample, "spc": _spc, "funnel": _funnel, "forecast": _forecast,
                    "ingest": _ingest, "undo": _undo, "disclosure": _disclosure}
        return commands[args.command](args)
    except DataError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_BAD_INPUT

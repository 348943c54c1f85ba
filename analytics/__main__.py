"""Command line: ``python -m analytics report|sample …``.

Bad arguments or data end with exit status 2 and one line on stderr; no traceback.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from analytics.data import DEFAULT_DATA_DIR, load_bundle
from analytics.errors import DataError
from analytics.i18n import LANGUAGES
from analytics.periods import Tertial
from analytics.report import review_to_dict, review_to_markdown
from analytics.review import build_review
from analytics.sample import DEFAULT_SEED, write_sample
from analytics.scope import Scope

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a bad argument in one line (exit status 2)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message} (see --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analytics", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    report = commands.add_parser("report", help="print the interim review figures of a tertial")
    report.add_argument("--period", required=True, help="tertial, e.g. 5-8/2024")
    report.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="data directory (default: data/)")
    report.add_argument("--format", choices=("json", "markdown"), default="json")
    report.add_argument("--lang", choices=LANGUAGES, default="fi", help="language of the markdown report")
    report.add_argument("--toimiala", action="append", default=[], help="limit to a division (repeatable)")
    report.add_argument("--palvelualue", action="append", default=[], help="limit to a service area (repeatable)")

    sample = commands.add_parser("sample", help="generate the synthetic sample data")
    sample.add_argument("--out", type=Path, required=True, help="directory to write the tables to")
    sample.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})")
    return parser


def _report(args: argparse.Namespace) -> int:
    tertial = Tertial.parse(args.period)
    bundle = load_bundle(args.data_dir)
    scope = Scope(None, tuple(args.toimiala), tuple(args.palvelualue))
    for name, chosen, known in (("toimiala", scope.toimialat, bundle.org_units["toimiala"]),
                                ("palvelualue", scope.palvelualueet, bundle.org_units["palvelualue"])):
        unknown = sorted(set(chosen) - set(known))
        if unknown:
            raise DataError(f"Unknown {name} {', '.join(repr(u) for u in unknown)}: not in org_units.parquet.")
    review = build_review(bundle, tertial, scope)
    if args.format == "json":
        print(json.dumps(review_to_dict(review, bundle.catalogue), ensure_ascii=False, indent=2))
    else:
        print(review_to_markdown(review, bundle.catalogue, args.lang), end="")
    return 0


def _sample(args: argparse.Namespace) -> int:
    for path in write_sample(args.out, args.seed):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"report": _report, "sample": _sample}[args.command](args)
    except DataError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"error: {exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())

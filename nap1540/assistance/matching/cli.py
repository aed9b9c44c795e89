"""``nap1540 match``: rank offers for each request item in a JSON file, without a database.

    nap1540 match --requests R.json --offers O.json --top K [--semantic]
                  [--date YYYY-MM-DD] [--states states.json] [--groups groups.json]
                  [--strict]

Input:  {"requests": [{"id", "requester", "text", "date"?}]}
        {"offers": [{"id", "provider", "provider_type", "title", "description",
                     "assistance_types"?, "subjects"?, "regions"?, "languages"?}]}
        (nap1540/assistance/data/offers.json is accepted as is)
Output: {"results": [{"request_id", "matches": [{"offer_id", "score", "reasons", ...}]}],
         "engine": {...}} on stdout, best match first.

Every problem is listed on stderr by index and field. A label that is not in the reference data
(an unknown requester, subject, language or region) is a warning: the entry is still matched.
An entry with a wrong type or a missing field is an error: that entry is skipped and the rest is
matched. With --strict, any error or warning matches nothing.

Exit status: 0 when something was matched, even with warnings or skipped entries; 1 when an
input file is missing or unusable as a whole (not JSON, no list), or with --strict when any
problem was found (nothing is written to stdout then); 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

from .engine import MatchingEngine
from .regions import RegionResolver
from .validation import InputError, read_json, validate_offers, validate_requests

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

REGISTRY_DATA = Path(__file__).resolve().parents[2] / "registry" / "data"


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the streams given to `main` and never calls sys.exit."""

    def __init__(self, *args: Any, out: IO[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._out = out

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        self._out.write(self.format_help())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if status:
            raise _UsageError(message or "")
        raise _HelpShown

    def error(self, message: str) -> NoReturn:
        raise _UsageError(f"{self.format_usage()}{self.prog}: error: {message}\n")


class _HelpShown(Exception):
    pass


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {number}")
    return number


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {value!r}") from None


def build_parser(out: IO[str]) -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nap1540 match",
        description="Rank assistance offers for each request item (no database needed).",
        out=out,
    )
    parser.add_argument("--requests", required=True, type=Path, metavar="R.json")
    parser.add_argument("--offers", required=True, type=Path, metavar="O.json")
    parser.add_argument(
        "--top",
        type=_positive_int,
        default=5,
        metavar="K",
        help="matches per request item (default 5)",
    )
    parser.add_argument(
        "--semantic",
        action="store_true",
        help="add sentence-embedding similarity if the 'semantic' extra is "
        "installed (falls back to lexical matching otherwise)",
    )
    parser.add_argument(
        "--date",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="date for items without one (default: today)",
    )
    parser.add_argument(
        "--states",
        type=Path,
        default=REGISTRY_DATA / "states.json",
        help="States data (default: the registry's states.json)",
    )
    parser.add_argument(
        "--groups",
        type=Path,
        default=REGISTRY_DATA / "groups.json",
        help="groups and regions data (default: the registry's groups.json)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="match nothing and exit 1 if any entry has an error or a warning "
        "(default: skip entries with errors, match the rest, exit 0)",
    )
    return parser


def main(
    argv: list[str] | None = None, *, stdout: IO[str] | None = None, stderr: IO[str] | None = None
) -> int:
    """Run ``nap1540 match``; returns the exit status."""
    out = stdout if stdout is not None else sys.stdout
    err = stderr if stderr is not None else sys.stderr
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["match"]:
        args_list = args_list[1:]
    try:
        args = build_parser(out).parse_args(args_list)
    except _HelpShown:
        return 0
    except _UsageError as exc:
        err.write(str(exc))
        return 2

    loaded: dict[str, Any] = {}
    problems: list[str] = []
    for key, path, what in (
        ("states", args.states, "States data"),
        ("groups", args.groups, "groups data"),
        ("requests", args.requests, "requests"),
        ("offers", args.offers, "offers"),
    ):
        try:
            loaded[key] = read_json(path, what)
        except InputError as exc:
            problems.append(str(exc))
    if not problems:
        try:
            resolver = RegionResolver(loaded["states"], loaded["groups"])
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            problems.append(f"States or groups data is malformed ({exc!r})")
    if problems:
        for problem in problems:
            err.write(f"error: {problem}\n")
        return 1
    requests_data, offers_data = loaded["requests"], loaded["offers"]

    items, request_report = validate_requests(requests_data, resolver)
    offers, offer_report = validate_offers(offers_data, resolver)
    for warning in (*request_report.warnings, *offer_report.warnings):
        err.write(f"warning: {warning}\n")
    errors = [
        *(f"{args.requests}: {e}" for e in request_report.errors),
        *(f"{args.offers}: {e}" for e in offer_report.errors),
    ]
    for error in errors:
        err.write(f"error: {error}\n")
    warnings = len(request_report.warnings) + len(offer_report.warnings)
    if request_report.unusable or offer_report.unusable or (args.strict and (errors or warnings)):
        err.write(f"{len(errors) + warnings} problem(s) found; nothing matched.\n")
        return 1
    if errors or warnings:
        skipped = [*request_report.skipped, *offer_report.skipped]
        err.write(
            f"{len(errors) + warnings} problem(s) found; {len(skipped)} entr"
            f"{'y' if len(skipped) == 1 else 'ies'} skipped"
            + (f" ({', '.join(skipped)})" if skipped else "")
            + f"; {len(items)} request item(s) matched against {len(offers)} offer(s).\n"
        )

    engine = MatchingEngine(resolver, semantic=args.semantic)
    if args.semantic and not engine.semantic_status.active:
        err.write(f"warning: {engine.semantic_status.note}\n")
    engine.add_offers(offers)
    results = [
        {"request_id": request_id, "matches": [p.to_dict() for p in proposals]}
        for request_id, proposals in engine.match(items, top=args.top, today=args.date)
    ]
    document = {
        "results": results,
        "problems": {
            "errors": errors,
            "warnings": [*request_report.warnings, *offer_report.warnings],
            "skipped": [*request_report.skipped, *offer_report.skipped],
        },
        "engine": {
            "lexical": "bm25",
            "semantic": engine.semantic_status.active,
            "semantic_note": engine.semantic_status.note,
            "offers": len(engine),
            "top": args.top,
        },
    }
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

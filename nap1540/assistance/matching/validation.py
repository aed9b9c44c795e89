"""Validation of batch input (requests and offers JSON) with one message per bad entry.

Every message names the entry by index and field, e.g.
``requests[3].requester: unknown State or organisation "XYZ" (...)``, so a person can fix the
file without guessing. Validation collects all problems rather than stopping at the first.
Errors (a wrong type, a missing field) skip the entry; warnings (a label not in the reference
data: requester, subject, language, region) keep it, so one odd entry never stops a batch.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .classify import resolve_declared
from .models import Offer, RequestItem
from .regions import RegionResolver
from .vocab import Facet, terms_of


@dataclass
class Report:
    """What is wrong with a file: errors skip an entry (or, when `unusable`, the whole file);
    warnings leave it matched."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unusable: bool = False


class InputError(Exception):
    """A file that cannot be used at all (missing, unreadable, not JSON)."""


def read_json(path: Path, what: str) -> Any:
    """Parsed JSON of a file, or InputError with a message naming the file and the problem."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{what} file {str(path)!r}: not found") from None
    except IsADirectoryError:
        raise InputError(f"{what} file {str(path)!r}: is a directory, not a file") from None
    except OSError as exc:
        raise InputError(f"{what} file {str(path)!r}: cannot be read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} file {str(path)!r}: not UTF-8 text (bad byte at offset {exc.start})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{what} file {str(path)!r}: invalid JSON at line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}"
        ) from None


def _type_name(value: Any) -> str:
    return {
        type(None): "null", bool: "true/false", int: "number", float: "number", str: "string",
        list: "list", dict: "object",
    }.get(type(value), type(value).__name__)  # fmt: skip


def _top_list(data: Any, key: str, report: Report) -> list[Any]:
    errors = len(report.errors)
    items = _top_items(data, key, report)
    report.unusable = len(report.errors) > errors
    return items


def _top_items(data: Any, key: str, report: Report) -> list[Any]:
    if not isinstance(data, dict):
        report.errors.append(
            f'top level: expected an object {{"{key}": [...]}}, got {_type_name(data)}'
        )
        return []
    if "format" in data and data["format"] != 1:
        report.errors.append(f"format: unsupported format {data['format']!r} (expected 1)")
    if key not in data:
        report.errors.append(f'top level: missing "{key}" list')
        return []
    items = data[key]
    if not isinstance(items, list):
        report.errors.append(f"{key}: expected a list, got {_type_name(items)}")
        return []
    return items


def _id(entry: Mapping[str, Any], where: str, seen: dict[str, str], report: Report) -> None:
    value = entry.get("id")
    if value is None:
        report.errors.append(f"{where}.id: missing")
    elif isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        report.errors.append(f"{where}.id: expected a non-empty string, got {_type_name(value)}")
    elif str(value) in seen:
        report.errors.append(
            f'{where}.id: duplicate id "{value}" (first used at {seen[str(value)]})'
        )
    else:
        seen[str(value)] = where


def _string(
    entry: Mapping[str, Any], key: str, where: str, report: Report, *, required: bool, empty: bool
) -> None:
    if key not in entry or entry[key] is None:
        if required:
            report.errors.append(f"{where}.{key}: missing")
        return
    value = entry[key]
    if not isinstance(value, str):
        report.errors.append(f"{where}.{key}: expected a string, got {_type_name(value)}")
    elif not empty and not value.strip():
        report.errors.append(f"{where}.{key}: must not be empty")


def _date(entry: Mapping[str, Any], key: str, where: str, report: Report) -> date | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    report.errors.append(f"{where}.{key}: expected a date as YYYY-MM-DD, got {json.dumps(value)}")
    return None


def _strings(entry: Mapping[str, Any], key: str, where: str, report: Report) -> list[str] | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        report.errors.append(f"{where}.{key}: expected a list of strings, got {_type_name(value)}")
        return None
    good: list[str] = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            good.append(item)
        else:
            report.errors.append(f"{where}.{key}[{i}]: expected a string, got {_type_name(item)}")
    return good


_FACET_NAMES: dict[Facet, str] = {
    "type": "assistance type",
    "subject": "subject",
    "language": "language",
}
_KNOWN_HINT: dict[Facet, str] = {
    "type": "",
    "subject": "",
    "language": "an ISO 639-1 or 639-3 code such as ja, ko, fil or yue, or an English name",
}


def _vocabulary(entry: dict[str, Any], key: str, facet: Facet, where: str, report: Report) -> None:
    """Unknown labels are warnings: dropped from the entry, which is still matched."""
    values = _strings(entry, key, where, report)
    if values is None:
        return
    kept: list[str] = []
    for i, value in enumerate(values):
        _, unknown = resolve_declared(facet, [value])
        if not unknown:
            kept.append(value)
            continue
        known = _KNOWN_HINT[facet] or ", ".join(t.slug for t in terms_of(facet))
        report.warnings.append(
            f'{where}.{key}[{i}]: unknown {_FACET_NAMES[facet]} "{value}" (known: {known}); ignored'
        )
    entry[key] = kept


def drop_unknown_labels(entry: Mapping[str, Any], where: str) -> tuple[dict[str, Any], Report]:
    """A copy of an offer or request entry without the vocabulary labels it does not know,
    and the warnings (and type errors) that says so."""
    report = Report()
    cleaned = dict(entry)
    _vocabulary(cleaned, "assistance_types", "type", where, report)
    _vocabulary(cleaned, "subjects", "subject", where, report)
    _vocabulary(cleaned, "languages", "language", where, report)
    return cleaned, report


def _entries(data: Any, key: str, report: Report) -> Iterator[tuple[str, dict[str, Any]]]:
    """(where, a copy of the entry) for each object in the list under `key`."""
    for index, entry in enumerate(_top_list(data, key, report)):
        where = f"{key}[{index}]"
        if not isinstance(entry, dict):
            report.errors.append(f"{where}: expected an object, got {_type_name(entry)}")
            report.skipped.append(where)
            continue
        yield where, dict(entry)


def _keep(where: str, errors_before: int, report: Report) -> bool:
    """Whether the entry had no error of its own; an entry with errors is skipped."""
    if len(report.errors) > errors_before:
        report.skipped.append(where)
        return False
    return True


def validate_requests(data: Any, resolver: RegionResolver) -> tuple[list[RequestItem], Report]:
    """Request items from batch input, and what is wrong with it.

    A wrong type or a missing field is an error that skips that item; an unknown requester or
    vocabulary label is a warning on an item that is still matched (see docs/decisions/033)."""
    report = Report()
    seen: dict[str, str] = {}
    items: list[RequestItem] = []
    for where, entry in _entries(data, "requests", report):
        before = len(report.errors)
        _id(entry, where, seen, report)
        _string(entry, "requester", where, report, required=True, empty=False)
        requester = entry.get("requester")
        if (
            isinstance(requester, str)
            and requester.strip()
            and resolver.requester(requester) is None
        ):
            report.warnings.append(
                f'{where}.requester: unknown State or organisation "{requester}" (use an '
                "ISO 3166 alpha-3 code such as UZB, or a regional organisation name such "
                "as CARICOM); matched without checking regions"
            )
        _string(entry, "text", where, report, required=True, empty=False)
        _date(entry, "date", where, report)
        _vocabulary(entry, "assistance_types", "type", where, report)
        _vocabulary(entry, "subjects", "subject", where, report)
        _vocabulary(entry, "languages", "language", where, report)
        if _keep(where, before, report):
            try:
                items.append(RequestItem.from_dict(entry))
            except ValueError as exc:  # text_language
                report.errors.append(f"{where}.{exc}")
                report.skipped.append(where)
    return items, report


def validate_offers(data: Any, resolver: RegionResolver) -> tuple[list[Offer], Report]:
    """Offers from batch input or offers.json, and what is wrong with them.

    Region labels that cannot be resolved are warnings, not errors: the engine treats them as
    unknown (neither serving everyone nor excluding anyone). Unknown vocabulary labels are
    warnings too; a wrong type or a missing field skips that offer."""
    report = Report()
    seen: dict[str, str] = {}
    offers: list[Offer] = []
    for where, entry in _entries(data, "offers", report):
        before = len(report.errors)
        _id(entry, where, seen, report)
        for key, empty in (("provider", False), ("title", False), ("provider_type", True)):
            _string(entry, key, where, report, required=True, empty=empty)
        _string(entry, "description", where, report, required=True, empty=True)
        _vocabulary(entry, "assistance_types", "type", where, report)
        _vocabulary(entry, "subjects", "subject", where, report)
        _vocabulary(entry, "languages", "language", where, report)
        for i, label in enumerate(_strings(entry, "regions", where, report) or ()):
            unknown = [a.label for a in resolver.resolve(label) if a.kind == "unknown"]
            if unknown:
                report.warnings.append(
                    f'{where}.regions[{i}]: region "{label}" not recognised; treated as unknown '
                    "(neither serving everyone nor excluding anyone)"
                )
        start = _date(entry, "active_from", where, report)
        end = _date(entry, "active_to", where, report)
        if start and end and end < start:
            report.errors.append(f"{where}.active_to: {end} is before active_from {start}")
        if _keep(where, before, report):
            offers.append(Offer.from_dict(entry))
    return offers, report

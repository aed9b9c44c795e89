"""Load the shipped reference data: States, groups and organisations.

`matrix.loaders.load_reference` loads these with the framework libraries in one go.

Everything is parsed and validated before anything is written; the writes then
run in one transaction, so a malformed file leaves the database as it was.
Loading twice changes nothing: rows are compared before they are saved.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycountry

from nap1540.core.i18n import validate_translations
from nap1540.registry.models import Group, Organisation, State

REGISTRY_DATA = Path(__file__).resolve().parent / "data"
CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
FORMAT = 1


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.message}"


class ReferenceDataError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"Reference data refused ({len(problems)} problem(s)):\n{lines}")


@dataclass
class LoadReport:
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.updated) | set(self.unchanged))
        return "\n".join(
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        )


class Checker:
    """Collects problems for one file while walking its entries."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.file = path.name
        self.problems = problems

    def add(self, entry: str, message: str) -> None:
        self.problems.append(Problem(self.file, entry, message))

    def read(self, path: Path, list_key: str) -> list[dict[str, Any]] | None:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            self.add("(file)", "file not found")
            return None
        except json.JSONDecodeError as exc:
            self.add(f"line {exc.lineno}, column {exc.colno}", f"invalid JSON: {exc.msg}")
            return None
        except UnicodeDecodeError:
            self.add("(file)", "not UTF-8 text")
            return None
        if not isinstance(doc, dict):
            self.add("(top level)", "expected a JSON object")
            return None
        if doc.get("format") != FORMAT:
            self.add("format", f"expected format {FORMAT}, found {doc.get('format')!r}")
        items = doc.get(list_key)
        if not isinstance(items, list):
            self.add(list_key, "expected a list")
            return None
        good = []
        for i, item in enumerate(items):
            if isinstance(item, dict):
                good.append(item)
            else:
                self.add(f"{list_key}[{i}]", "expected an object")
        return good

    def text(self, item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = item.get(key)
        if value is None or value == "":
            if required:
                self.add(where, f"'{key}' is missing")
            return ""
        if not isinstance(value, str):
            self.add(where, f"'{key}' must be text, found {type(value).__name__}")
            return ""
        return value.strip()

    def translations(
        self, item: dict[str, Any], where: str, english: dict[str, str]
    ) -> dict[str, dict[str, str]]:
        """The entry's checked `translations` (only of its non-empty English texts)."""
        allowed = {k: v for k, v in english.items() if v}
        found = validate_translations(item.get("translations"), allowed)
        for problem in found:
            self.add(where, problem)
        if found or not item.get("translations"):
            return {}
        return {
            language: {k: v.strip() for k, v in texts.items()}
            for language, texts in item["translations"].items()
        }

    def strings(self, item: dict[str, Any], key: str, where: str) -> list[str]:
        value = item.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(where, f"'{key}' must be a list of text")
            return []
        return [v.strip() for v in value]


def _parse_states(path: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    check = Checker(path, problems)
    rows = check.read(path, "states") or []
    out, seen = [], set()
    for i, item in enumerate(rows):
        iso3 = check.text(item, "iso3", f"states[{i}]").upper()
        where = f"states[{i}] ({iso3 or '?'})"
        name = check.text(item, "un_name", where)
        status = check.text(item, "un_status", where)
        if status and status not in State.UNStatus.values:
            check.add(where, f"un_status {status!r} is not one of {', '.join(State.UNStatus)}")
        country = pycountry.countries.get(alpha_3=iso3) if iso3 else None
        if iso3 and country is None:
            check.add(where, f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        if iso3 in seen:
            check.add(where, f"{iso3} is listed twice")
        seen.add(iso3)
        if country is not None:
            out.append(
                {
                    "iso3": iso3,
                    "iso2": country.alpha_2,
                    "numeric": country.numeric,
                    "name": name,
                    "official_name": getattr(country, "official_name", "") or "",
                    "un_status": status,
                    "aliases": check.strings(item, "aliases", where),
                    "translations": check.translations(item, where, {"name": name}),
                }
            )
    return out


def _parse_groups(
    path: Path, problems: list[Problem], known_states: set[str]
) -> list[dict[str, Any]]:
    check = Checker(path, problems)
    rows = check.read(path, "groups") or []
    out, codes = [], set()
    aliases: dict[str, str] = {}
    kinds = set(Group.Kind.values) - {Group.Kind.USER}
    for i, item in enumerate(rows):
        code = check.text(item, "code", f"groups[{i}]")
        where = f"groups[{i}] ({code or '?'})"
        if code and not CODE_RE.match(code):
            check.add(where, "code must be upper-case letters, digits and hyphens")
        if code in codes:
            check.add(where, f"code {code} is used twice")
        codes.add(code)
        kind = check.text(item, "kind", where)
        if kind and kind not in kinds:
            check.add(where, f"kind {kind!r} is not one of {', '.join(sorted(kinds))}")
        members = check.strings(item, "members", where)
        for member in members:
            if member not in known_states:
                check.add(where, f"member {member!r} is not a State in states.json")
        names = check.strings(item, "aliases", where)
        for alias in [check.text(item, "name", where), *names]:
            owner = aliases.setdefault(alias.casefold(), code)
            if alias and owner != code:
                check.add(where, f"name or alias {alias!r} is already used by group {owner}")
        name = check.text(item, "name", where)
        description = check.text(item, "description", where, required=False)
        row: dict[str, Any] = {
            "code": code,
            "name": name,
            "kind": kind,
            "members": sorted(set(members)),
            "aliases": names,
            "source": check.text(item, "source", where, required=False)[:300],
            "note": check.text(item, "note", where, required=False),
            "description": description,
        }
        english = {"name": name, "description": description}
        row["translations"] = check.translations(item, where, english)
        out.append(row)
    return out


def _parse_organisations(path: Path, problems: list[Problem]) -> list[dict[str, Any]]:
    check = Checker(path, problems)
    rows = check.read(path, "organisations") or []
    out, codes = [], set()
    for i, item in enumerate(rows):
        code = check.text(item, "code", f"organisations[{i}]")
        where = f"organisations[{i}] ({code or '?'})"
        if code and not CODE_RE.match(code):
            check.add(where, "code must be upper-case letters, digits and hyphens")
        if code in codes:
            check.add(where, f"code {code} is used twice")
        codes.add(code)
        kind = check.text(item, "kind", where)
        if kind and kind not in Organisation.Kind.values:
            check.add(where, f"kind {kind!r} is not one of {', '.join(Organisation.Kind)}")
        name = check.text(item, "name", where)
        acronym = check.text(item, "acronym", where, required=False)
        out.append(
            {
                "code": code,
                "name": name,
                "acronym": acronym,
                "translations": check.translations(item, where, {"name": name, "acronym": acronym}),
                "kind": kind,
                "parent": check.text(item, "parent", where, required=False) or None,
                "website": check.text(item, "website", where, required=False),
                "email": check.text(item, "email", where, required=False),
                "is_provider": bool(item.get("provider", False)),
                "areas": check.strings(item, "areas", where),
                "source_url": check.text(item, "source_url", where, required=False),
            }
        )
    for i, org in enumerate(out):
        if org["parent"] and org["parent"] not in codes:
            check.add(f"organisations[{i}] ({org['code']})", f"parent {org['parent']!r} unknown")
    return out


def upsert(model: Any, lookup: dict[str, Any], values: dict[str, Any], report: LoadReport) -> Any:
    kind = model._meta.verbose_name_plural.title()
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        report.created[kind] += 1
        return model.objects.create(**lookup, **values)
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, values[k])
        # The stamp the matching index watches (States, groups) moves with the change.
        stamps = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        obj.save(update_fields=changed + stamps)
        report.updated[kind] += 1
    else:
        report.unchanged[kind] += 1
    return obj


def _apply_states(states: list[dict[str, Any]], report: LoadReport) -> dict[str, int]:
    ids = {}
    for row in states:
        values = {k: v for k, v in row.items() if k != "iso3"}
        ids[row["iso3"]] = upsert(State, {"iso3": row["iso3"]}, values, report).pk
    return ids


def _apply_groups(
    groups: list[dict[str, Any]], state_ids: dict[str, int], report: LoadReport
) -> None:
    for row in groups:
        values = {k: v for k, v in row.items() if k not in {"code", "members"}}
        values["is_reference"] = True
        group = upsert(Group, {"code": row["code"]}, values, report)
        wanted = {state_ids[m] for m in row["members"]}
        current = set(group.members.values_list("id", flat=True))
        if wanted != current:
            group.members.set(wanted)
            if current:
                report.updated["Group members"] += 1


def _apply_organisations(organisations: list[dict[str, Any]], report: LoadReport) -> None:
    by_code = {}
    for row in organisations:
        values = {k: v for k, v in row.items() if k not in {"code", "parent"}}
        by_code[row["code"]] = upsert(Organisation, {"code": row["code"]}, values, report)
    for row in organisations:
        parent = by_code[row["parent"]] if row["parent"] else None
        org = by_code[row["code"]]
        if org.parent_id != (parent.pk if parent else None):
            org.parent = parent
            org.save(update_fields=["parent"])


@dataclass
class RegistryData:
    """The registry's files, parsed and checked, ready to be written."""

    states: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    organisations: list[dict[str, Any]]


def parse_registry(data_dir: Path | None, problems: list[Problem]) -> RegistryData:
    """Read and check states.json, groups.json and organisations.json; writes nothing."""
    data_dir = data_dir or REGISTRY_DATA
    states = _parse_states(data_dir / "states.json", problems)
    groups = _parse_groups(data_dir / "groups.json", problems, {s["iso3"] for s in states})
    organisations = _parse_organisations(data_dir / "organisations.json", problems)
    return RegistryData(states, groups, organisations)


def apply_registry(data: RegistryData, report: LoadReport) -> None:
    """Write checked registry data; the caller holds the transaction."""
    state_ids = _apply_states(data.states, report)
    _apply_groups(data.groups, state_ids, report)
    _apply_organisations(data.organisations, report)

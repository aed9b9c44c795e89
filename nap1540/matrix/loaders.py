"""Load the matrix framework libraries (the 1540 matrix template as data), with the registry.

Everything is parsed and validated before anything is written; the writes then
run in one transaction, so a malformed file leaves the database as it was.
A framework version, once loaded, never changes: new content needs a new version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from nap1540.matrix.models import FieldDef, Framework, Section, WeaponCategory
from nap1540.registry.loaders import (
    Checker,
    LoadReport,
    Problem,
    ReferenceDataError,
    apply_registry,
    parse_registry,
)

FRAMEWORK_DATA = Path(__file__).resolve().parent / "data" / "frameworks"


def _parse_framework(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    check = Checker(path, problems)
    fields = check.read(path, "fields")
    if fields is None:
        return None
    doc = json.loads(path.read_text(encoding="utf-8"))
    before = len(problems)
    check.text(doc, "library", "library")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        check.add("version", f"must be a positive whole number, found {version!r}")
    sections = doc.get("sections")
    if not isinstance(sections, list) or not sections:
        check.add("sections", "expected a non-empty list")
        sections = []
    section_codes: set[str] = set()
    for i, sec in enumerate(sections):
        if not isinstance(sec, dict):
            check.add(f"sections[{i}]", "expected an object")
            continue
        code = check.text(sec, "code", f"sections[{i}]")
        if code in section_codes:
            check.add(f"sections[{i}] ({code})", f"section {code} is listed twice")
        section_codes.add(code)
        check.text(sec, "title", f"sections[{i}] ({code})")
    keys: set[str] = set()
    categories = set(WeaponCategory.values)
    for i, item in enumerate(fields):
        key = check.text(item, "id", f"fields[{i}]")
        where = f"fields[{i}] ({key or '?'})"
        if key in keys:
            check.add(where, f"field id {key} is used twice")
        keys.add(key)
        check.text(item, "label", where)
        if item.get("section") not in section_codes:
            check.add(where, f"section {item.get('section')!r} is not defined in 'sections'")
        category = item.get("weapon_category")
        if category is not None and category not in categories:
            allowed = ", ".join(sorted(categories))
            check.add(where, f"weapon_category {category!r} must be null or one of {allowed}")
        if not isinstance(item.get("order"), int):
            check.add(where, "'order' must be a whole number")
    if len(problems) > before:
        return None
    canonical = json.dumps(doc, sort_keys=True, ensure_ascii=False).encode()
    doc["checksum"] = hashlib.sha256(canonical).hexdigest()
    doc["_file"] = path.name
    return doc


def default_framework_files() -> list[Path]:
    return sorted(FRAMEWORK_DATA.glob("*.json"))


def load_reference(
    *, data_dir: Path | None = None, framework_files: list[Path] | None = None
) -> LoadReport:
    """Validate every reference file, then write them all in one transaction."""
    files = framework_files if framework_files is not None else default_framework_files()
    problems: list[Problem] = []
    registry = parse_registry(data_dir, problems)
    frameworks = [fw for path in files if (fw := _parse_framework(path, problems))]
    for fw in frameworks:
        existing = Framework.objects.filter(library=fw["library"], version=fw["version"]).first()
        if existing and existing.checksum != fw["checksum"]:
            problems.append(
                Problem(
                    fw["_file"],
                    f"version {fw['version']}",
                    f"library {fw['library']} version {fw['version']} is already loaded with "
                    "different content; publish the change as a new version number",
                )
            )
    if problems:
        raise ReferenceDataError(problems)
    report = LoadReport()
    with transaction.atomic():
        apply_registry(registry, report)
        for fw in frameworks:
            _apply_framework(fw, report)
    return report


def _apply_framework(doc: dict[str, Any], report: LoadReport) -> None:
    if Framework.objects.filter(library=doc["library"], version=doc["version"]).exists():
        report.unchanged["Frameworks"] += 1
        return
    framework = Framework.objects.create(
        library=doc["library"],
        version=doc["version"],
        name=doc.get("name", doc["library"]),
        template=doc.get("template", ""),
        header_fields=doc.get("header_fields", []),
        marks=doc.get("marks", []),
        disclaimers=doc.get("disclaimers", []),
        checksum=doc["checksum"],
    )
    report.created["Frameworks"] += 1
    sections = {}
    for i, sec in enumerate(doc["sections"], start=1):
        sections[sec["code"]] = Section.objects.create(
            framework=framework,
            code=sec["code"],
            order=sec.get("order", i),
            title=sec["title"],
            row_header=sec.get("row_header") or "",
            columns=sec.get("columns") or [],
            has_weapon_columns=bool(sec.get("has_weapon_columns", False)),
            provenance=str(sec.get("provenance", ""))[:200],
        )
    FieldDef.objects.bulk_create(
        FieldDef(
            framework=framework,
            section=sections[item["section"]],
            key=item["id"],
            order=item["order"],
            label=item["label"],
            weapon_category=item.get("weapon_category") or "",
            delivery=bool(item.get("delivery", False)),
            provenance=str(item.get("provenance", ""))[:200],
            sources=item.get("sources") or [],
            note=item.get("note", "") or "",
        )
        for item in doc["fields"]
    )
    report.created["Framework fields"] += len(doc["fields"])

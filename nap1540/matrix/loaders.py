"""Load the matrix framework libraries (the 1540 matrix template as data), with the registry.

Everything is parsed and validated before anything is written; the writes then
run in one transaction, so a malformed file leaves the database as it was.
A framework version, once loaded, never changes: new content needs a new version.
Its translations may: a file whose `translations_revision` is higher replaces them
(decision 014), so a translation is added or corrected without a new template version.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from nap1540.core.i18n import validate_translations
from nap1540.core.rendering.cache import forget_all
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
    _check_translations(
        check, "(top level)", doc, ("name", "template"), ("header_fields", "disclaimers")
    )
    for i, mark in enumerate(doc.get("marks") or []):
        if isinstance(mark, dict):
            _check_translations(check, f"marks[{i}] ({mark.get('code')!r})", mark, ("meaning",))
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
        _check_translations(
            check, f"sections[{i}] ({code})", sec, ("title", "row_header"), ("columns",)
        )
    keys: set[str] = set()
    categories = set(WeaponCategory.values)
    for i, item in enumerate(fields):
        key = check.text(item, "id", f"fields[{i}]")
        where = f"fields[{i}] ({key or '?'})"
        if key in keys:
            check.add(where, f"field id {key} is used twice")
        keys.add(key)
        check.text(item, "label", where)
        _check_translations(check, where, item, ("label", "note"))
        if item.get("section") not in section_codes:
            check.add(where, f"section {item.get('section')!r} is not defined in 'sections'")
        category = item.get("weapon_category")
        if category is not None and category not in categories:
            allowed = ", ".join(sorted(categories))
            check.add(where, f"weapon_category {category!r} must be null or one of {allowed}")
        if not isinstance(item.get("order"), int):
            check.add(where, "'order' must be a whole number")
    revision = doc.get("translations_revision", 0)
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 0:
        check.add("translations_revision", f"must be a whole number, found {revision!r}")
    elif _translations_of(doc) and revision < 1:
        check.add("translations_revision", "a file with translations needs a revision of 1 or more")
    if len(problems) > before:
        return None
    english = _without_translations(doc)
    canonical = json.dumps(english, sort_keys=True, ensure_ascii=False).encode()
    doc["checksum"] = hashlib.sha256(canonical).hexdigest()
    translated = json.dumps(_translations_of(doc), sort_keys=True, ensure_ascii=False).encode()
    doc["translations_checksum"] = hashlib.sha256(translated).hexdigest()
    doc["translations_revision"] = revision
    doc["_file"] = path.name
    return doc


def _check_translations(
    check: Checker,
    where: str,
    item: dict[str, Any],
    texts: tuple[str, ...],
    lists: tuple[str, ...] = (),
) -> None:
    allowed: dict[str, Any] = {
        k: item[k] for k in texts if isinstance(item.get(k), str) and item[k]
    }
    allowed |= {k: item[k] for k in lists if isinstance(item.get(k), list) and item[k]}
    for problem in validate_translations(item.get("translations"), allowed, lists=frozenset(lists)):
        check.add(where, problem)


def _without_translations(value: Any) -> Any:
    """The English content alone: what a template version freezes (decision 002)."""
    if isinstance(value, dict):
        return {
            k: _without_translations(v)
            for k, v in value.items()
            if k not in {"translations", "translations_revision"}
        }
    if isinstance(value, list):
        return [_without_translations(v) for v in value]
    return value


def _translations_of(doc: dict[str, Any]) -> dict[str, Any]:
    """Every translation in a framework file, by where it sits; empty ones left out."""
    found: dict[str, Any] = {}
    if doc.get("translations"):
        found["framework"] = doc["translations"]
    for key, id_key in (("marks", "code"), ("sections", "code"), ("fields", "id")):
        for item in doc.get(key) or []:
            if isinstance(item, dict) and item.get("translations"):
                found[f"{key}:{item.get(id_key)}"] = item["translations"]
    return found


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
        elif (
            existing
            and existing.translations_checksum != fw["translations_checksum"]
            and fw["translations_revision"] <= existing.translations_revision
        ):
            problems.append(
                Problem(
                    fw["_file"],
                    "translations_revision",
                    f"the translations differ from those loaded at revision "
                    f"{existing.translations_revision}; raise translations_revision "
                    f"above {existing.translations_revision} to replace them",
                )
            )
    if problems:
        raise ReferenceDataError(problems)
    report = LoadReport()
    with transaction.atomic():
        apply_registry(registry, report)
        for fw in frameworks:
            _apply_framework(fw, report)
    # Names of States, groups and sections may have changed under reports kept in the
    # document cache, whose fingerprints follow the records, not the reference data.
    forget_all()
    return report


def _apply_framework(doc: dict[str, Any], report: LoadReport) -> None:
    existing = Framework.objects.filter(library=doc["library"], version=doc["version"]).first()
    if existing is not None:
        report.unchanged["Frameworks"] += 1
        if existing.translations_checksum != doc["translations_checksum"]:
            _apply_translations(existing, doc)
            report.updated["Framework translations"] += 1
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
        translations=doc.get("translations") or {},
        translations_revision=doc["translations_revision"],
        translations_checksum=doc["translations_checksum"],
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
            translations=sec.get("translations") or {},
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
            translations=item.get("translations") or {},
        )
        for item in doc["fields"]
    )
    report.created["Framework fields"] += len(doc["fields"])


def _apply_translations(framework: Framework, doc: dict[str, Any]) -> None:
    """Replace a loaded version's translations; its English content is the same (checked)."""
    framework.translations = doc.get("translations") or {}
    framework.marks = doc.get("marks", [])
    framework.translations_revision = doc["translations_revision"]
    framework.translations_checksum = doc["translations_checksum"]
    framework.save(
        update_fields=[
            "translations",
            "marks",
            "translations_revision",
            "translations_checksum",
        ]
    )
    sections = {s["code"]: s.get("translations") or {} for s in doc["sections"]}
    rows = list(framework.sections.all())
    for section in rows:
        section.translations = sections.get(section.code, {})
    Section.objects.bulk_update(rows, ["translations"])
    fields = {f["id"]: f.get("translations") or {} for f in doc["fields"]}
    defs = list(framework.fields.all())
    for field in defs:
        field.translations = fields.get(field.key, {})
    FieldDef.objects.bulk_update(defs, ["translations"], batch_size=200)

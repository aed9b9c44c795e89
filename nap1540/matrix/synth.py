"""Synthetic matrices for benchmarks: full matrices for many States, several approved versions.

Everything is flagged `is_demo` (shown with a "Demo data" badge) and written with bulk
inserts; the shape matches what the services produce (entries for every field, a
"created" history row per answered field, counts frozen in `summary`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from nap1540.core.visibility import Visibility
from nap1540.matrix import stats
from nap1540.matrix.models import Entry, EntryChange, FieldDef, Matrix
from nap1540.matrix.services.workflow import default_framework
from nap1540.matrix.values import blank_snapshot, is_blank
from nap1540.registry.models import State

FIRST_YEAR = 2008


@dataclass
class SynthReport:
    states: int = 0
    matrices: int = 0
    entries: int = 0
    skipped: int = 0


def _values(rng: random.Random, maturity: float, key: str, year: int) -> dict[str, Any]:
    roll = rng.random()
    snap = blank_snapshot()
    if roll < maturity:
        snap["mark"] = "X"
    elif roll < maturity + 0.08:
        snap["mark"] = "?"
    elif roll < maturity + 0.11:
        snap["mark"] = "NA"
    if snap["mark"] in ("X", "?"):
        snap["legal_reference"] = {
            "instrument": f"Synthetic law No. {rng.randint(1, 400)}",
            "article": str(rng.randint(1, 90)),
            "date": str(rng.randint(1995, year)),
            "link": "",
        }
        snap["source_kind"] = "national_report"
        snap["source_document"] = f"National report {year - rng.randint(0, 3)}"
        snap["source_page"] = str(rng.randint(1, 60))
    if snap["mark"] == "X" and rng.random() < 0.4:
        snap["enforcement_reference"] = {
            "instrument": "Synthetic criminal code",
            "article": str(rng.randint(100, 300)),
            "date": "",
            "link": "",
        }
    if rng.random() < 0.05:
        snap["remarks"] = f"Synthetic remark on {key}."
    return snap


@transaction.atomic
def generate(*, states: int, versions: int, seed: int = 1540, replace: bool = False) -> SynthReport:
    """Approved matrices for the first `states` UN Member States (by name), `versions` each."""
    framework = default_framework()
    fields = list(FieldDef.objects.filter(framework=framework).select_related("section"))
    chosen = list(State.objects.filter(un_status=State.UNStatus.MEMBER).order_by("name")[:states])
    rng = random.Random(seed)  # noqa: S311 - synthetic benchmark data
    report = SynthReport()
    if replace:
        Matrix.objects.filter(state__in=chosen, is_demo=True).delete()
    taken = set(Matrix.objects.filter(state__in=chosen).values_list("state_id", flat=True))
    for state in chosen:
        if state.pk in taken:
            report.skipped += 1
            continue
        report.states += 1
        maturity = rng.uniform(0.15, 0.75)
        previous: dict[str, dict[str, Any]] = {}
        base = None
        for v in range(1, versions + 1):
            year = FIRST_YEAR + (v - 1) * max(1, 15 // versions) + rng.randint(0, 2)
            at = datetime(year, rng.randint(1, 12), rng.randint(1, 28), 12, tzinfo=UTC)
            snaps = {}
            for f in fields:
                old = previous.get(f.key)
                if old is not None and (old["mark"] == "X" or rng.random() < 0.7):
                    snaps[f.key] = dict(old)
                else:
                    snaps[f.key] = _values(rng, maturity, f.key, year)
            summary = stats.summarise(
                (f.section.code, f.weapon_category, snaps[f.key]["mark"]) for f in fields
            )
            matrix = Matrix.objects.create(
                state=state,
                framework=framework,
                version=v,
                based_on=base,
                status=Matrix.Status.APPROVED,
                approved_at=at,
                submitted_at=at,
                created_at=at,
                updated_at=at,
                visibility=Visibility.PUBLIC,
                is_demo=True,
                summary=summary,
            )
            entries = [Entry(matrix=matrix, field=f, updated_at=at, **snaps[f.key]) for f in fields]
            Entry.objects.bulk_create(entries, batch_size=1000)
            EntryChange.objects.bulk_create(
                (
                    EntryChange(
                        matrix=matrix,
                        entry=e,
                        field_key=e.field.key,
                        kind=EntryChange.Kind.CREATED,
                        before=None,
                        after=snaps[e.field.key],
                        changed_at=at,
                    )
                    for e in entries
                    if not is_blank(snaps[e.field.key])
                ),
                batch_size=1000,
            )
            report.matrices += 1
            report.entries += len(entries)
            previous, base = snaps, matrix
            maturity = min(0.95, maturity + rng.uniform(0.03, 0.12))
    return report

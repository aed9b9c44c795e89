"""Demo matrices: Uzbekistan and its Central Asian neighbours, two approved versions each.

Illustrative only: every matrix is flagged `is_demo` and its remarks say so. Marks are
generated from a fixed seed per State, not taken from the Committee's matrices. Uzbekistan
also gets an open draft with a few changes, so the "changes since approved", diff and
history views have something to show. Kazakhstan's coordinator has submitted a third version,
which waits for the expert's approval. Loading twice changes nothing.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

from nap1540.core.audit import AuditEvent
from nap1540.core.visibility import Visibility
from nap1540.matrix import services
from nap1540.matrix.models import Entry, EntryChange, FieldDef, Matrix
from nap1540.registry.models import State

STATES = ["UZB", "KAZ", "KGZ", "TJK", "TKM"]
# Two approvals per State, on different dates so the regional trend moves year by year.
APPROVALS = {
    "UZB": [datetime(2016, 9, 15, 12, tzinfo=UTC), datetime(2021, 11, 10, 12, tzinfo=UTC)],
    "KAZ": [datetime(2014, 4, 2, 12, tzinfo=UTC), datetime(2019, 6, 20, 12, tzinfo=UTC)],
    "KGZ": [datetime(2015, 3, 12, 12, tzinfo=UTC), datetime(2020, 10, 1, 12, tzinfo=UTC)],
    "TJK": [datetime(2017, 5, 30, 12, tzinfo=UTC), datetime(2022, 2, 14, 12, tzinfo=UTC)],
    "TKM": [datetime(2016, 12, 1, 12, tzinfo=UTC), datetime(2021, 3, 25, 12, tzinfo=UTC)],
}
REPORTS = [date(2004, 11, 1), date(2015, 6, 1), date(2020, 9, 1)]
DEMO_NOTE = "Demo data: illustrative, not the 1540 Committee's assessment."
TREATIES = {"OP1-01", "OP1-02", "OP1-03", "OP1-04", "OP1-06", "OP1-07", "OP1-08", "OP1-09"}


def _change(rng: random.Random, key: str, maturity: float, version: int) -> dict[str, Any] | None:
    if key in TREATIES:
        mark = "X"
    else:
        roll = rng.random()
        if roll < maturity:
            mark = "X"
        elif roll < maturity + 0.12:
            mark = "?"
        else:
            return None
    change: dict[str, Any] = {"field_key": key, "mark": mark}
    if mark in ("X", "?"):
        change["legal_reference"] = {
            "instrument": f"Demo law on {key}",
            "article": str(rng.randint(1, 40)),
            "date": str(rng.randint(2000, 2010 + 5 * version)),
        }
        change["source_kind"] = "national_report"
        change["source_document"] = f"National report (demo) {2010 + 5 * version}"
        change["source_page"] = str(rng.randint(2, 40))
        change["remarks"] = DEMO_NOTE
    return change


def _backdate(matrix: Matrix, started: datetime, approved: datetime | None) -> None:
    """Give demo history plausible dates (the services stamp "now")."""
    EntryChange.objects.filter(matrix=matrix).update(changed_at=started + timedelta(days=30))
    Entry.objects.filter(matrix=matrix).update(updated_at=started + timedelta(days=30))
    Matrix.objects.filter(pk=matrix.pk).update(
        created_at=started,
        updated_at=started + timedelta(days=30),
        submitted_at=(approved - timedelta(days=60)) if approved else None,
    )


def _published_by_the_state(matrix: Matrix) -> None:
    """Demo history: the State published its approved matrix, as on the Committee's site.

    Publishing is the State's own act; the demo has no coordinator for most States, so the
    level is set here and kept in the history as an act without a named user."""
    Matrix.objects.filter(pk=matrix.pk).update(visibility=Visibility.PUBLIC)
    AuditEvent.record(
        "sharing.level_changed",
        target=matrix,
        by=None,
        data={"from": matrix.visibility, "to": Visibility.PUBLIC},
    )
    matrix.visibility = Visibility.PUBLIC


def _load_state(state: State, ctx: Any) -> None:
    expert = ctx.users.get("expert")
    rng = random.Random(f"nap1540-demo-{state.iso3}")  # noqa: S311 - illustrative data
    framework = services.default_framework()
    keys = list(FieldDef.objects.filter(framework=framework).values_list("key", flat=True))
    maturity = rng.uniform(0.25, 0.45)
    before: dict[str, str] = {}  # field -> mark in the previous approved version
    for version, approved_at in enumerate(APPROVALS[state.iso3], start=1):
        drawn = [c for k in keys if (c := _change(rng, k, maturity, version))]
        # A new draft starts from the approved one: only fields whose mark moved get new
        # evidence, so "compare with v1" shows real progress, not every reference reshuffled.
        changes = [c for c in drawn if before.get(c["field_key"]) != c["mark"]]
        before.update((c["field_key"], c["mark"]) for c in drawn)
        matrix = services.start_draft(
            state, by=expert, visibility=Visibility.COMMITTEE, is_demo=True
        )
        services.propose_changes(state=state, by=expert, changes=changes)
        services.update_header(
            matrix, by=expert, report_date=REPORTS[0], addenda_dates=REPORTS[1:version]
        )
        services.submit_matrix(matrix, by=expert)
        services.approve_matrix(matrix, by=expert, at=approved_at)
        _published_by_the_state(matrix)
        _backdate(matrix, approved_at - timedelta(days=200), approved_at)
        maturity += rng.uniform(0.1, 0.2)
    if state.iso3 == "UZB":
        coordinator = ctx.users.get("coordinator")
        draft = services.start_draft(
            state, by=coordinator, visibility=Visibility.PRIVATE, is_demo=True
        )
        services.propose_changes(
            state=state,
            by=coordinator,
            changes=[
                {
                    "field_key": "OP1-R18",
                    "mark": "X",
                    "legal_reference": {
                        "instrument": "Demo: national action plan adopted by government decision",
                        "date": "2024",
                    },
                    "source_kind": "website",
                    "remarks": DEMO_NOTE,
                },
                {"field_key": "OP3(c)-B-DET", "mark": "?", "remarks": DEMO_NOTE},
                {
                    "field_key": "OP3(d)-B-CATCH",
                    "mark": "X",
                    "legal_reference": {
                        "instrument": "Demo: export control regulation",
                        "article": "12",
                    },
                    "remarks": DEMO_NOTE,
                },
            ],
        )
        ctx.objects["uzb_matrix_draft"] = draft


def _submitted_for_approval(ctx: Any) -> None:
    """Kazakhstan's third version, submitted by its coordinator: the expert's work to approve."""
    kaz = State.objects.get(iso3="KAZ")
    coordinator = ctx.users.get("outsider")
    if (
        coordinator is None
        or Matrix.objects.filter(state=kaz)
        .exclude(status=Matrix.Status.APPROVED, version__lte=len(APPROVALS["KAZ"]))
        .exists()
    ):
        return
    draft = services.start_draft(kaz, by=coordinator, is_demo=True)
    services.propose_changes(
        state=kaz,
        by=coordinator,
        changes=[
            {
                "field_key": "OP1-R18",
                "mark": "X",
                "legal_reference": {
                    "instrument": "Demo: inter-agency 1540 working group established by decree",
                    "date": "2025",
                },
                "source_kind": "website",
                "remarks": DEMO_NOTE,
            },
            {
                "field_key": "OP3(d)-B-CATCH",
                "mark": "X",
                "legal_reference": {"instrument": "Demo: export control law", "article": "8"},
                "remarks": DEMO_NOTE,
            },
        ],
    )
    services.submit_matrix(draft, by=coordinator, confirmed=True)


def load(ctx: Any) -> None:
    for iso3 in STATES:
        state = State.objects.get(iso3=iso3)
        if Matrix.objects.filter(state=state).exists():
            continue
        _load_state(state, ctx)
    _submitted_for_approval(ctx)
    uzb = ctx.objects.get("uzb") or State.objects.get(iso3="UZB")
    ctx.objects["uzb_matrix"] = services.latest_matrix(uzb, approved_only=True)

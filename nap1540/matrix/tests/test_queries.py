"""The matrix page, the diff and the regional page cost the same queries at any size."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nap1540.matrix import services
from nap1540.matrix.models import FieldDef, Framework, Section
from nap1540.matrix.tests.conftest import build_matrix
from nap1540.registry.models import Group, State

MATRIX_PAGE_MAX = 12
# Three of them are the main menu's counts of what waits for the signed-in user.
DIFF_MAX = 13
REGION_MAX = 13


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def small_framework(fields: int) -> Framework:
    fw = Framework.objects.create(
        library="test-small", version=1, name="Small test template", checksum="0" * 64
    )
    op1 = Section.objects.create(framework=fw, code="OP1", order=1, title="OP1")
    op2 = Section.objects.create(
        framework=fw, code="OP2", order=2, title="OP2", has_weapon_columns=True
    )
    FieldDef.objects.bulk_create(
        FieldDef(
            framework=fw,
            section=op1 if i % 2 else op2,
            key=f"T-{'NCB'[i % 3]}-{i:03d}",
            order=i,
            label=f"Field {i}",
            weapon_category="" if i % 2 else "NCB"[i % 3],
        )
        for i in range(fields)
    )
    return fw


def test_matrix_page_queries_do_not_grow_with_fields_or_versions(personas, framework):
    client = personas.client("coordinator")
    small = small_framework(6)
    kaz = services.start_draft(personas.kaz, by=None, framework=small, visibility="public")
    services.propose_changes(
        state=personas.kaz, by=None, changes=[{"field_key": "T-C-001", "mark": "X"}]
    )
    assert kaz.entries.count() == 6
    client.get("/matrix/KAZ/")  # the process's first page fills Django's content-type cache
    six_fields = count(client, "/matrix/KAZ/")
    uzb = build_matrix(personas.uzb, {"OP1-01": "X"})
    assert uzb.entries.count() > 150
    all_fields = count(client, "/matrix/UZB/")
    services.submit_matrix(uzb, by=personas.expert)
    services.approve_matrix(uzb, by=personas.expert)
    build_matrix(personas.uzb, {"OP1-02": "X"})
    one_approved = count(client, "/matrix/UZB/")
    second = services.latest_matrix(personas.uzb)
    assert second is not None
    services.submit_matrix(second, by=personas.expert)
    services.approve_matrix(second, by=personas.expert)
    for n in range(4):
        build_matrix(
            personas.uzb,
            {"OP1-02": "X?"[n % 2], "OP2-N-01": "X"},
            approve=True,
            approved_at=datetime(2010 + n, 1, 1, tzinfo=UTC),
        )
    build_matrix(personas.uzb, {"OP1-03": "X"})
    six_approved = count(client, "/matrix/UZB/")
    filtered = count(client, "/matrix/UZB/?section=OP2&weapon=N&mark=X&changed_since=2020-01-01")
    as_of = count(client, "/matrix/UZB/?as_of=2012-06-01")
    old_version = count(client, "/matrix/UZB/v2/")
    assert six_fields == all_fields
    assert one_approved == six_approved
    assert max(all_fields, six_approved, filtered, as_of, old_version) <= MATRIX_PAGE_MAX


def test_diff_queries_do_not_grow_with_differences(personas, framework):
    client = personas.client("coordinator")
    build_matrix(personas.uzb, {"OP1-01": "X"}, approve=True)
    build_matrix(personas.uzb, {"OP1-02": "X"}, approve=True)
    small = count(client, "/matrix/UZB/diff/?from=1&to=2")
    keys = list(FieldDef.objects.filter(framework=framework).values_list("key", flat=True))
    build_matrix(personas.uzb, dict.fromkeys(keys, "X"), approve=True)
    build_matrix(personas.uzb, dict.fromkeys(keys, "?"), approve=True)
    large = count(client, "/matrix/UZB/diff/?from=3&to=4")
    assert small == large <= DIFF_MAX


@pytest.mark.parametrize(
    "page", ["/matrix/regions/{code}/", "/regions/{code}/", "/api/v1/matrix/groups/{code}/stats"]
)
def test_regional_page_queries_do_not_grow_with_states_or_versions(personas, framework, page):
    client = personas.client("expert")
    states = list(State.objects.filter(un_status="member").order_by("name")[:12])
    group = Group.objects.create(code="TEST-GROUP", name="Test group", kind=Group.Kind.USER)
    group.members.set(states[:3])
    for state in states[:3]:
        build_matrix(state, {"OP1-01": "X"}, approve=True)
    small = count(client, page.format(code="TEST-GROUP"))
    group.members.set(states)
    for i, state in enumerate(states):
        for v in range(2):
            build_matrix(
                state,
                {"OP1-02": "X", "OP3(d)-N-LEG": "X?"[v]},
                approve=True,
                approved_at=datetime(2014 + 3 * v + i % 3, 5, 1, tzinfo=UTC),
            )
    large = count(client, page.format(code="TEST-GROUP"))
    assert small == large <= REGION_MAX

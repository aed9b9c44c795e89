"""Shared fixtures: reference data loaded once per test database, and personas.

Personas follow STYLE.md: a Committee expert and administrator, the national
coordinator, an agency focal point and a viewer of State A (Uzbekistan), the
coordinator of State B (Kazakhstan, the outsider), an assistance provider
(OSCE) and an anonymous visitor.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from nap1540.accounts.models import Membership, User
from nap1540.core.demo import DemoContext
from nap1540.registry.models import Agency, Organisation, State

# CI explores the same examples every run so a landing never depends on luck;
# local runs keep exploring new ones and find new bugs.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") else "dev")

PASSWORD = "correct horse battery staple 1540"  # noqa: S105 - test personas only


def pytest_configure(config: pytest.Config) -> None:
    # With `-n 2 --dist loadfile`, pytest-xdist hands out files in the order the workers
    # collected them (not re-sorted by how many tests each has), so the slowest files go
    # out first (see pytest_collection_modifyitems) and the small ones even out the end.
    if getattr(config.option, "dist", None) == "loadfile":
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist, the walks (a few minutes each, in files of four or five tests) come first:
    dealt out last, as by their number of tests, one worker walked alone while the other
    had finished."""
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: item.get_closest_marker("walker") is None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    from nap1540.matrix.loaders import load_reference

    with django_db_blocker.unblock():
        load_reference()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    """A transactional test ends by emptying every table; load the reference data again for
    the tests after it (with several workers, pytest-django cannot run them all last)."""
    result = yield
    marker = item.get_closest_marker("django_db")
    transactional = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    fixtures = getattr(item, "fixturenames", ())
    if nextitem is not None and (transactional or "transactional_db" in fixtures):
        from pytest_django.plugin import blocking_manager_key

        from nap1540.matrix.loaders import load_reference

        with item.config.stash[blocking_manager_key].unblock():
            if not State.objects.exists():
                load_reference()
    return result


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Any:
    """A request with Accept-Language leaves its language active in the thread (Django does
    not reset it), and the next test in the same worker would run in it."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_document_versions(request: pytest.FixtureRequest) -> None:
    """Each test starts without the reports an earlier one laid out: a rolled-back test
    hands its ids (and, under a frozen clock, its timestamps) to the next one, which would
    find files fingerprinted from records that no longer exist.

    The walks are the exception: their tests read one world, built for the module (which
    forgets the documents when it is built and when it is gone), so a document laid out for
    one persona is served, as in production, to the next whose scope and versions are the
    same, and the walk reads what the cache hands out."""
    from nap1540.core.rendering.cache import forget_all

    if request.node.get_closest_marker("walker") is None:
        forget_all()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing() -> Any:
    # Argon2 is deliberately slow; tests that check hashing read config.settings directly.
    # For the whole session, so that module-wide worlds (tests/walk) hash fast too.
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="module")
def _demo_of_the_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[DemoContext]:
    from nap1540.web.demo import load_demo
    from tests.module_data import built_for_the_module

    with built_for_the_module(django_db_blocker, load_demo) as built:
        yield built


@pytest.fixture
def demo(_demo_of_the_module: DemoContext, db: Any) -> DemoContext:
    """The demo (its DemoContext), loaded once for the test module: each test changes it
    only in its own savepoint. A test that needs a database without it asks for `db`, in a
    module where no test asks for `demo`."""
    return _demo_of_the_module


@dataclass
class Personas:
    uzb: State
    kaz: State
    agency: Agency
    other_agency: Agency
    expert: User
    admin: User
    coordinator: User
    focal: User
    viewer: User
    outsider: User
    provider: User

    def user(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)

    def client(self, name: str) -> Client:
        client = Client()
        user = self.user(name)
        if user is not None:
            client.force_login(user)
        return client


PERSONA_NAMES = [
    "expert",
    "admin",
    "coordinator",
    "focal",
    "viewer",
    "outsider",
    "provider",
    "anonymous",
]


def make_user(username: str, role: str, **scope: Any) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD)
    Membership.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def personas(db: Any) -> Personas:
    uzb = State.objects.get(iso3="UZB")
    kaz = State.objects.get(iso3="KAZ")
    agency = Agency.objects.create(
        state=uzb, name="Ministry of Emergency Situations", kind=Agency.Kind.EMERGENCY
    )
    other_agency = Agency.objects.create(state=uzb, name="Ministry of Health", kind="health")
    osce = Organisation.objects.get(code="OSCE")
    Role = Membership.Role
    return Personas(
        uzb=uzb,
        kaz=kaz,
        agency=agency,
        other_agency=other_agency,
        expert=make_user("expert", Role.EXPERT),
        admin=make_user("admin", Role.ADMIN),
        coordinator=make_user("coordinator", Role.COORDINATOR, state=uzb),
        focal=make_user("focal", Role.FOCAL_POINT, state=uzb, agency=agency),
        viewer=make_user("viewer", Role.VIEWER, state=uzb),
        outsider=make_user("outsider", Role.COORDINATOR, state=kaz),
        provider=make_user("provider", Role.PROVIDER, organisation=osce),
    )


# --- the confidentiality walk reports what it checked (tests/confidentiality) --------------

_WALKED: list[tuple[str, str, int]] = []


def pytest_runtest_logreport(report: Any) -> None:
    if report.when == "call":
        for name, value in getattr(report, "user_properties", ()):
            if name in ("walked pairs", "refused writes"):
                _WALKED.append((name, report.nodeid.rsplit("[", 1)[-1].rstrip("]"), value))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _WALKED:
        return
    terminalreporter.section("confidentiality walk")
    for kind in ("walked pairs", "refused writes"):
        rows = [(persona, n) for name, persona, n in _WALKED if name == kind]
        if rows:
            total = sum(n for _persona, n in rows)
            detail = ", ".join(f"{persona} {n}" for persona, n in sorted(rows))
            terminalreporter.write_line(f"{kind}: {total} ({detail})")

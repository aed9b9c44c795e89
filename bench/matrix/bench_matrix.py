"""Matrix benchmarks on synthetic data, SQLite (targets from issue 3).

    .venv/bin/python bench/matrix/bench_matrix.py [--states 193] [--versions 3] [--runs 25]
                                                  [--db var/bench-matrix.sqlite3] [--fresh]

Builds (once) a SQLite database with reference data and `nap1540 synth --states N --versions V`,
then prints the median, min and max of:

- statistics for all N States by section (`coverage_for_states`, as an anonymous visitor):
  target <= 100 ms;
- one State's matrix page rendered through the full Django stack (`GET /matrix/<ISO3>/`,
  anonymous; and as a committee expert on a 188-field open draft): target <= 150 ms;
- a diff of two versions (`diff_matrices(v1, vN)`): target <= 50 ms; and the diff page.

The timings are wall-clock medians on this machine; the query counts are printed as well.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.harness import count_queries, report, setup, timed  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--db", type=Path, default=ROOT / "var" / "bench-matrix.sqlite3")
    parser.add_argument("--fresh", action="store_true", help="rebuild the database")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    setup(args.db, args.fresh)

    from django.contrib.auth.models import AnonymousUser
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from nap1540.accounts.models import Membership, User
    from nap1540.matrix import services
    from nap1540.matrix.loaders import load_reference
    from nap1540.matrix.models import Matrix
    from nap1540.matrix.synth import generate
    from nap1540.registry.models import State

    call_command("migrate", verbosity=0, interactive=False)
    load_reference()
    start = time.perf_counter()
    made = generate(states=args.states, versions=args.versions)
    if made.matrices:
        print(
            f"synth: {made.states} States x {args.versions} versions, {made.entries} entries "
            f"in {time.perf_counter() - start:.1f} s"
        )
    members = list(
        State.objects.filter(un_status=State.UNStatus.MEMBER).order_by("name")[: args.states]
    )
    ids = [s.pk for s in members]
    print(
        f"data: {Matrix.objects.count()} matrices, "
        f"{Matrix.objects.filter(state_id__in=ids).count()} for the {len(ids)} benchmark States"
    )
    print(f"database: {connection.vendor} {args.db}")
    print()

    anonymous = AnonymousUser()
    result: dict[str, Any] = {}

    def stats() -> None:
        result["stats"] = services.coverage_for_states(ids, anonymous)

    queries = count_queries(stats)
    report(
        f"stats for {len(ids)} States by section",
        timed(stats, args.runs),
        100,
        queries,
    )
    assert result["stats"]["states_counted"] == len(ids)

    state = members[len(members) // 2]
    client = Client()
    url = f"/matrix/{state.iso3}/"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200

    queries = count_queries(page)
    report(
        f"matrix page {url} (anonymous, approved)",
        timed(page, args.runs),
        150,
        queries,
    )

    expert = User.objects.filter(username="bench-expert").first()
    if expert is None:
        expert = User.objects.create_user("bench-expert")
        Membership.objects.create(user=expert, role=Membership.Role.EXPERT)
    if not Matrix.objects.filter(state=state).exclude(status="approved").exists():
        services.start_draft(state, by=expert, visibility="committee", is_demo=True)
        services.propose_changes(
            state=state,
            by=expert,
            changes=[{"field_key": "OP1-01", "mark": "?", "remarks": "Benchmark draft change"}],
        )
    editor = Client()
    editor.force_login(expert)

    def draft_page() -> None:
        response = editor.get(url)
        assert response.status_code == 200 and b"/edit/" in response.content

    queries = count_queries(draft_page)
    report(
        f"matrix page {url} (expert, editable draft)",
        timed(draft_page, args.runs),
        150,
        queries,
    )

    versions = list(Matrix.objects.filter(state=state, status="approved").order_by("version"))
    old, new = versions[0], versions[-1]

    def diff() -> None:
        result["diff"] = services.diff_matrices(old, new)

    queries = count_queries(diff)
    report(
        f"diff v{old.version} -> v{new.version} ({len(result['diff'])} fields differ)",
        timed(diff, args.runs),
        50,
        queries,
    )

    diff_url = f"/matrix/{state.iso3}/diff/?from={old.version}&to={new.version}"

    def diff_page() -> None:
        assert client.get(diff_url).status_code == 200

    report("diff page (full Django stack)", timed(diff_page, args.runs), None)
    return 0


if __name__ == "__main__":
    sys.exit(main())

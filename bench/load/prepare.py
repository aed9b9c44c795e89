"""Build the load benchmark's PostgreSQL database: demo data plus synthetic matrices.

    .venv/bin/python bench/load/prepare.py [--database bench_load] [--states 193] [--fresh]

Skipped when the database already holds the demo users (unless --fresh, which drops it).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _is_loaded(name: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(database_url(name)) as conn:
            row = conn.execute(
                "SELECT count(*) FROM accounts_user WHERE username = 'coordinator'"
            ).fetchone()
            return bool(row and row[0])
    except psycopg.Error:
        return False


def prepare(name: str, states: int, fresh: bool) -> None:
    env = {**os.environ, "DATABASE_URL": database_url(name), "SECRET_KEY": "bench-load"}
    env["DEBUG"] = "0"
    nap1540 = str(ROOT / ".venv" / "bin" / "nap1540")
    if fresh:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    elif _is_loaded(name):
        # Migrations added since it was built apply to the data as they would in production.
        subprocess.run([nap1540, "migrate", "--verbosity", "0"], env=env, check=True, cwd=ROOT)  # noqa: S603
        print(f"database {name}: already prepared, migrated (--fresh to rebuild)")
        return
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    started = time.perf_counter()
    for args in (
        ["migrate", "--verbosity", "0"],
        ["load-reference", "--verbosity", "0"],
        ["load-demo"],
        ["synth", "--states", str(states), "--versions", "3"],
    ):
        print("nap1540", " ".join(args), flush=True)
        subprocess.run([nap1540, *args], env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # noqa: S603
    print(f"database {name}: prepared in {time.perf_counter() - started:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--fresh", action="store_true")
    args = parser.parse_args()
    prepare(args.database, args.states, args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Load benchmark: logged-in users of every role against `nap1540 serve` on PostgreSQL.

    .venv/bin/python bench/load/run.py [--users 20 50] [--seconds 60]
                                       [--models sync:3 sync:5 gthread:5x4 ...] [--fresh]

1. Builds the PostgreSQL database `bench_load` once (bench/load/prepare.py: migrate, reference
   data, the demo data with its logins, `nap1540 synth --states 193 --versions 3`).
2. For each worker model, starts the project's own `nap1540 serve` on 127.0.0.1 (loopback
   only) with that many workers and threads, and for each user count runs locust headless and
   bounded (`--run-time`) with bench/load/locustfile.py: demo logins of each role, 1-2 s think
   time, about 70 % reads of the heavy pages and 30 % writes through the real forms.
   Statistics are reset 5 s after every user has logged in, so the figures are the steady
   state (logins, with their deliberately slow password hash, are not in them).
3. Prints, per run, requests per second, p50/p95/p99 and errors per page, the share of writes,
   the workers' resident memory (sampled every second; the largest worker and the sum) and the
   load average, and at the end one table of all runs.

Drafts and notes written by a run stay in the database; requests named "Load bench draft"
are deleted before each run so that the request list does not grow from run to run.
"""

from __future__ import annotations

import argparse
import csv
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.load.prepare import database_url, prepare  # noqa: E402

SETTLE_SECONDS = 5  # as in locustfile.py: statistics restart this long after the last login

HERE = Path(__file__).resolve().parent
BIN = ROOT / ".venv" / "bin"


@dataclass
class Run:
    model: str
    users: int
    rows: list[dict[str, str]] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    rss_max_mb: float = 0.0
    rss_sum_mb: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    cpu_seconds: float = 0.0  # the workers' CPU time (user + system) in the measured window

    @property
    def total(self) -> dict[str, str]:
        return next(r for r in self.rows if r["Name"] == "Aggregated")


def server_env(database: str, var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(database),
        "SECRET_KEY": "bench-load-not-a-secret",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "NAP1540_VAR_DIR": str(var),
        "STATIC_ROOT": str(var / "static"),
        "LOG_LEVEL": "WARNING",
        # Many logins from one address in a minute are the benchmark, not an attack.
        "LOGIN_FAILURE_LIMIT": "1000",
    }


def start_server(model: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`nap1540 serve` with the model's workers and threads ("default": serve's own choice)."""
    cmd = [str(BIN / "nap1540"), "serve", "--bind", f"127.0.0.1:{port}"]
    env = dict(env)
    if model == "default":
        env.pop("WEB_WORKERS", None)
        env.pop("WEB_THREADS", None)
    else:
        kind, _, size = model.partition(":")
        workers, _, threads = size.partition("x")
        threads = "1" if kind == "sync" else threads or "1"
        cmd += ["--workers", workers, "--threads", threads]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"nap1540 serve exited; see {log}") from None
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"nap1540 serve did not answer in 120 s; see {log}")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown of its own workers
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def sample_workers(master: int, stop: threading.Event, run: Run, mark: Path) -> None:
    """Every second: the workers' resident memory; their CPU time once `mark` exists (the
    locustfile creates it when it resets the statistics)."""
    import psutil

    cpu_at_start: dict[int, float] | None = None
    cpu: dict[int, float] = {}
    while not stop.is_set():
        try:
            workers = psutil.Process(master).children()
            rss = [w.memory_info().rss / 2**20 for w in workers]
            for w in workers:
                times = w.cpu_times()
                cpu[w.pid] = times.user + times.system
        except psutil.Error:
            rss = []
        if rss:
            run.rss_max_mb = max(run.rss_max_mb, max(rss))
            run.rss_sum_mb = max(run.rss_sum_mb, sum(rss))
        if cpu_at_start is None and mark.exists():
            cpu_at_start = dict(cpu)
        stop.wait(1.0)
    if cpu_at_start is not None:
        run.cpu_seconds = sum(t - cpu_at_start.get(pid, 0.0) for pid, t in cpu.items())


def forget_drafts(env: dict[str, str]) -> None:
    code = (
        "from nap1540.assistance.models import Request;"
        "Request.objects.filter(title__startswith='Load bench draft').delete()"
    )
    subprocess.run([str(BIN / "nap1540"), "shell", "-c", code], env=env, cwd=ROOT, check=True)  # noqa: S603


def run_locust(run: Run, port: int, seconds: int, env: dict[str, str], master: int) -> None:
    forget_drafts(env)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "stats"
        cmd = [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "--host",
            f"http://127.0.0.1:{port}",
            "--users",
            str(run.users),
            "--spawn-rate",
            str(max(1, run.users // 10)),
            "--run-time",  # a bound: the locustfile stops `seconds` after the last login
            f"{seconds + 10 + SETTLE_SECONDS + 120}s",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        stop = threading.Event()
        mark = Path(tmp) / "measuring"
        sampler = threading.Thread(target=sample_workers, args=(master, stop, run, mark))
        sampler.start()
        locust_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO")}
        locust_env.update(LOAD_SECONDS=str(seconds), LOAD_START_MARK=str(mark))
        with (ROOT / "var" / "bench-load" / "locust.log").open("ab") as log:  # its own summary
            subprocess.run(cmd, cwd=HERE, env=locust_env, check=False, stdout=log, stderr=log)  # noqa: S603
        stop.set()
        sampler.join()
        run.load = os.getloadavg()
        with open(f"{prefix}_stats.csv", newline="") as f:
            run.rows = [r for r in csv.DictReader(f) if r["Request Count"] != "0"]
        with open(f"{prefix}_failures.csv", newline="") as f:
            run.failures = list(csv.DictReader(f))


def ms(row: dict[str, str], key: str) -> str:
    return "—" if row[key] in ("", "N/A") else f"{float(row[key]):.0f}"


def print_run(run: Run) -> None:
    print(f"\n### {run.model}, {run.users} users")
    print("| page | requests | req/s | p50 ms | p95 ms | p99 ms | errors |")
    print("|---|---|---|---|---|---|---|")
    rows = sorted(run.rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"]))
    for row in rows:
        print(
            f"| {row['Name']} | {row['Request Count']} | {float(row['Requests/s']):.1f} | "
            f"{ms(row, '50%')} | {ms(row, '95%')} | {ms(row, '99%')} | {row['Failure Count']} |"
        )
    for failure in run.failures:
        print(f"- {failure['Name']}: {failure['Occurrences']} x {failure['Error']}")
    writes = sum(int(r["Request Count"]) for r in run.rows if r["Type"] == "POST")
    total = int(run.total["Request Count"]) or 1
    print(
        f"\nwrites {100 * writes / total:.0f} % of requests; workers' CPU "
        f"{1000 * run.cpu_seconds / total:.0f} ms per request; worker RSS: largest "
        f"{run.rss_max_mb:.0f} MB, all workers {run.rss_sum_mb:.0f} MB; load average after "
        f"{run.load[0]:.1f} / {run.load[1]:.1f} / {run.load[2]:.1f}",
        flush=True,
    )


def print_summary(runs: list[Run]) -> None:
    print("\n## Summary")
    print(
        "| worker model | users | req/s | p50 ms | p95 ms | p99 ms | errors | CPU ms/req "
        "| RSS max/sum MB | load avg |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for run in runs:
        t = run.total
        print(
            f"| {run.model} | {run.users} | {float(t['Requests/s']):.1f} | {ms(t, '50%')} | "
            f"{ms(t, '95%')} | {ms(t, '99%')} | {t['Failure Count']} | "
            f"{1000 * run.cpu_seconds / (int(t['Request Count']) or 1):.0f} | "
            f"{run.rss_max_mb:.0f} / {run.rss_sum_mb:.0f} | {run.load[0]:.1f} |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--users", type=int, nargs="+", default=[20, 50])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument(
        "--models",
        nargs="+",
        default=["default"],
        help="worker models: sync:W (W sync workers), gthread:WxT (W workers of T threads), "
        "default (what `nap1540 serve` picks)",
    )
    parser.add_argument("--database", default="bench_load")
    parser.add_argument("--states", type=int, default=193)
    parser.add_argument("--port", type=int, default=8154)
    parser.add_argument("--fresh", action="store_true", help="rebuild the database first")
    args = parser.parse_args()

    prepare(args.database, args.states, args.fresh)
    var = ROOT / "var" / "bench-load"
    var.mkdir(parents=True, exist_ok=True)
    env = server_env(args.database, var)
    print(f"{os.cpu_count()} cores; load average before {os.getloadavg()[0]:.1f}")
    runs: list[Run] = []
    for model in args.models:
        label = "nap1540 serve default" if model == "default" else model
        log = var / f"serve-{model.replace(':', '-')}.log"
        proc = start_server(model, args.port, env, log)
        try:
            for users in args.users:
                run = Run(label, users)
                run_locust(run, args.port, args.seconds, env, proc.pid)
                print_run(run)
                runs.append(run)
        finally:
            stop_server(proc)
    print_summary(runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Prove the runtime lock alone runs the site: a fresh virtual environment in a temporary
# directory gets requirements.lock (hash-checked) and a built copy of the project (no deps),
# then every shipped import must resolve, `nap1540 check --deploy` must pass with the
# production settings, and both the demo and the production server must serve a page and a
# static file. The project's .venv is never touched (only its uv binary is used, if present).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

tmp=$(mktemp -d "${TMPDIR:-/tmp}/nap1540-runtime.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

say() { printf 'check_runtime: %s (%ss)\n' "$*" "$SECONDS"; }

# The locks must agree on every package they share (make lock constrains the dev lock).
python3 - <<'PY'
import re, sys
def pins(path):
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==(\S+)", open(path).read(), re.M))
runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
bad = [f"{n}: {v} in requirements.lock, {dev.get(n, 'missing')} in requirements-dev.lock"
       for n, v in runtime.items() if dev.get(n) != v]
if bad:
    sys.exit("check_runtime: the locks disagree (run `make lock`):\n  " + "\n  ".join(bad))
PY

uv=.venv/bin/uv
if [ ! -x "$uv" ]; then
  python3 -m venv "$tmp/tools"
  "$tmp/tools/bin/python" -m pip install -q --disable-pip-version-check uv==0.13.9
  uv=$tmp/tools/bin/uv
fi

# Build from a copy of the checkout's files, so the build leaves nothing in the worktree and
# ships only what git knows about (tracked, or new and not ignored).
mkdir "$tmp/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$tmp/src"
else
  tar --exclude=./.venv --exclude=./var --exclude=./staticfiles --exclude=./build -cf - . |
    tar -xf - -C "$tmp/src"
fi

python3 -m venv --without-pip "$tmp/venv"
py=$tmp/venv/bin/python
"$uv" pip install -q --python "$py" --require-hashes -r requirements.lock
"$uv" pip install -q --python "$py" --no-deps "$tmp/src"
say "installed $("$uv" pip list -q --python "$py" 2>/dev/null | tail -n +3 | wc -l) packages from requirements.lock alone"

# Nothing from the checkout may leak in: run from the temporary directory.
cd "$tmp"
export NAP1540_VAR_DIR=$tmp/var STATIC_ROOT=$tmp/static MEDIA_ROOT=$tmp/media LOG_LEVEL=WARNING
unset DEBUG SECRET_KEY ALLOWED_HOSTS CSRF_TRUSTED_ORIGINS DATABASE_URL DJANGO_SETTINGS_MODULE \
  PYTHONPATH STATIC_MANIFEST BEHIND_TLS_PROXY SECURE_SSL_REDIRECT SESSION_COOKIE_SECURE \
  CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS SECURE_HSTS_INCLUDE_SUBDOMAINS SECURE_HSTS_PRELOAD

# The production settings of the README, behind a TLS-terminating proxy.
production=(
  DEBUG=0 "SECRET_KEY=$("$py" -c 'import secrets; print(secrets.token_urlsafe(50))')"
  ALLOWED_HOSTS=nap1540.example.org CSRF_TRUSTED_ORIGINS=https://nap1540.example.org
  BEHIND_TLS_PROXY=1
)
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# The production server starts first: its collectstatic compresses every static file, which
# takes about a minute, while the checks below run. It serves the demo's SQLite data.
serve_port=$(free_port)
env "${production[@]}" "$tmp/venv/bin/nap1540" serve --bind "127.0.0.1:$serve_port" \
  --workers 1 >"$tmp/serve.log" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")

SECRET_KEY=import-check "$py" "$root/scripts/check_imports.py"

# On PostgreSQL, as in production: the driver must load (check does not connect).
env "${production[@]}" DATABASE_URL=postgres://nap1540:unused@127.0.0.1:1/nap1540 \
  "$tmp/venv/bin/nap1540" check --deploy --fail-level WARNING
say "check --deploy passed with the production settings"

# fetch PID PORT HOST [HEADER:VALUE]: wait for the server PID to answer on PORT, then GET /
# and the first stylesheet it links, both 200. With X-Forwarded-Proto, plain HTTP must be
# redirected to HTTPS.
fetch() {
  "$py" - "$@" <<'PY'
import os, re, sys, time, urllib.error, urllib.request
pid, port, host, *extra = sys.argv[1:]
headers = {"Host": host, **dict(h.split(":", 1) for h in extra)}
class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
opener = urllib.request.build_opener(NoRedirect)
def get(path, headers=headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, "", exc.headers
deadline = time.monotonic() + 150
while True:
    try:
        status, page, _ = get("/")
        break
    except OSError:
        try:
            os.kill(int(pid), 0)
        except OSError:
            sys.exit(f"check_runtime: the server on port {port} stopped")
        if time.monotonic() > deadline:
            sys.exit(f"check_runtime: nothing answered on port {port} within 150 s")
        time.sleep(0.3)
links = re.findall(r'href="(/static/[^"]+\.css)"', page)
if status != 200 or not links:
    sys.exit(f"check_runtime: GET / answered {status} with {len(links)} stylesheets")
static_status, css, _ = get(links[0])
if static_status != 200 or not css.strip():
    sys.exit(f"check_runtime: GET {links[0]} answered {static_status}")
print(f"check_runtime: GET / 200, GET {links[0]} 200 ({len(css)} bytes)")
if extra:
    status, _, answer = get("/", {"Host": host})
    location = answer.get("Location", "")
    if status != 301 or not location.startswith(f"https://{host}/"):
        sys.exit(f"check_runtime: plain HTTP answered {status} {location!r}, not a redirect")
    print(f"check_runtime: plain HTTP GET / 301 to {location}")
PY
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

port=$(free_port)
"$tmp/venv/bin/nap1540" demo --port "$port" >"$tmp/demo.log" 2>&1 &
demo_pid=$!
pids+=("$demo_pid")
if ! fetch "$demo_pid" "$port" 127.0.0.1; then cat "$tmp/demo.log" >&2; exit 1; fi
stop "$demo_pid"
say "the demo served its data on SQLite"

if ! fetch "$serve_pid" "$serve_port" nap1540.example.org X-Forwarded-Proto:https; then
  cat "$tmp/serve.log" >&2
  exit 1
fi
stop "$serve_pid"
say "nap1540 serve (gunicorn, hashed static files) answered behind the TLS proxy"

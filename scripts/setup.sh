#!/usr/bin/env bash
# Prepare a machine for nap1540: system packages (when run as root), a virtual
# environment in .venv installed from requirements.lock (runtime) or, with DEV=1,
# requirements-dev.lock (runtime + tests, lint, types, browser journeys), and the
# package itself.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
WITH_BROWSER=${WITH_BROWSER:-0}
DEV=${DEV:-0}
case "$DEV" in
  1) lock=requirements-dev.lock ;;
  0) lock=requirements.lock ;;
  *) echo "setup: DEV=$DEV: use DEV=1 (development lock) or DEV=0 (runtime lock)" >&2; exit 1 ;;
esac

need_apt=()
# WeasyPrint (PDF) needs Pango; documents and charts need fonts with Cyrillic;
# compilemessages needs gettext.
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0)
# CairoSVG (charts in DOCX letters, notes and reports) loads Cairo through cairocffi as soon
# as it is imported, so without it the assistance letters module fails to load.
ldconfig -p 2>/dev/null | grep -q 'libcairo\.so\.2' || need_apt+=(libcairo2)
# ... and HarfBuzz-Subset to embed only the glyphs it uses (without it, it warns on every PDF).
ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || need_apt+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
# Documents in Arabic and Chinese need fonts with those glyphs, found offline: Noto Naskh and
# Noto Sans Arabic (fonts-noto-core) and Noto Sans CJK SC (fonts-noto-cjk).
[ -e /usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf ] || need_apt+=(fonts-noto-core)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || need_apt+=(fonts-noto-cjk)
command -v msgfmt >/dev/null || need_apt+=(gettext)
if [ "$WITH_BROWSER" = 1 ]; then
  # The browser journeys, and LibreOffice to prove generated DOCX/XLSX open without repair.
  [ -x /usr/bin/chromium ] || need_apt+=(chromium)
  command -v soffice >/dev/null || need_apt+=(libreoffice-writer-nogui libreoffice-calc-nogui)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing system packages: ${need_apt[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages first: ${need_apt[*]}" >&2
    exit 1
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check uv==0.13.9
# Compiled at install: a shell with PYTHONDONTWRITEBYTECODE set would otherwise compile every
# library from source in each process (the test workers, each server worker).
.venv/bin/uv pip install -q --python .venv/bin/python --require-hashes --compile-bytecode -r "$lock"
.venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
echo "setup: ready (.venv from $lock)"

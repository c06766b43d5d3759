#!/usr/bin/env bash
# Every check the project has, in one command (the README's test command; CI calls it).
#
#   ./scripts/check.sh                 # lint, format, types, tests + coverage
#   ./scripts/check.sh -k history -x   # extra arguments go to pytest
#
# On a fresh machine it creates .venv, installs requirements-dev.txt and the package,
# installs the system tools the end-to-end tests use (when root with apt), and starts a
# local embedded PostgreSQL when none answers at TEST_DATABASE_URL. It runs every step,
# then prints which failed; the exit code is non-zero when any did.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 1

VENV="$ROOT/.venv"
PY="$VENV/bin/python"
STAMP="$VENV/.check-requirements.sha256"
ARTIFACTS="$ROOT/test-artifacts"
CI_PG_DATADIR="$ROOT/.ci-postgres"

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'check.sh: %s\n' "$*" >&2; exit 2; }

# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"

requirements_hash() {
    cat requirements.txt requirements-dev.txt pyproject.toml | sha256sum | cut -d' ' -f1
}

ensure_venv() {
    if [[ ! -x "$PY" ]]; then
        local python
        python="$(find_python)" ||
            die "Python 3.11 or newer is needed to create .venv, and none was found on PATH.
    Install it (Debian/Ubuntu: apt-get install python3 python3-venv; or pyenv install 3.11)."
        say "creating .venv with $python"
        "$python" -m venv "$VENV" ||
            die "could not create .venv (Debian/Ubuntu: apt-get install python3-venv)"
    fi
    local want
    want="$(requirements_hash)"
    if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
        return 0
    fi
    say "installing requirements-dev.txt and the package into .venv"
    local log="$VENV/pip-install.log"
    if ! { "$PY" -m pip install --disable-pip-version-check -r requirements-dev.txt &&
        "$PY" -m pip install --disable-pip-version-check -e . --no-deps; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "pip install failed (last lines above; full log: .venv/pip-install.log)"
    fi
    echo "$want" >"$STAMP"
}

STARTED_PG=0
stop_started_postgres() {
    if [[ "$STARTED_PG" == 1 ]]; then
        "$PY" -m interview_platform db local-stop --datadir "$CI_PG_DATADIR" >/dev/null 2>&1 || true
    fi
}

ensure_database() {
    local url="${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
    if "$PY" -m interview_platform db wait --url "$url" --timeout 5 >/dev/null 2>&1; then
        export TEST_DATABASE_URL="$url"
        echo "tests use the PostgreSQL at TEST_DATABASE_URL"
        return 0
    fi
    say "no PostgreSQL answers at TEST_DATABASE_URL; starting a local one in .ci-postgres"
    local out
    out="$("$PY" -m interview_platform db local-start --datadir "$CI_PG_DATADIR")" ||
        die "could not start the local PostgreSQL (see above). Start one yourself and run
    TEST_DATABASE_URL=postgresql://USER@HOST:PORT/postgres ./scripts/check.sh"
    printf '%s\n' "$out" | head -n -1
    if printf '%s\n' "$out" | head -n 1 | grep -q '^started'; then
        STARTED_PG=1
        trap stop_started_postgres EXIT
    fi
    TEST_DATABASE_URL="$(printf '%s\n' "$out" | tail -n 1)"
    export TEST_DATABASE_URL
}

# Prints "pytest: N passed, N failed, N skipped" from the JUnit report.
test_counts() {
    "$PY" - "$ARTIFACTS/junit.xml" <<'EOF' 2>/dev/null
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
total = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(f"pytest: {total - failed - skipped} passed, {failed} failed, {skipped} skipped")
EOF
}

FAILED=()
PASSED=()
run_step() {
    local name="$1"
    shift
    say "$name"
    "$@"
    local rc=$?
    if [[ $rc -eq 0 ]]; then
        PASSED+=("$name")
    else
        # pytest's exit code 5 (no tests collected) lands here too: no tests is a failure.
        FAILED+=("$name (exit $rc)")
    fi
}

main() {
    ensure_venv
    say "system tools for the end-to-end tests"
    bash "$ROOT/scripts/ensure_system_deps.sh"
    say "database for the tests"
    ensure_database
    mkdir -p "$ARTIFACTS"
    rm -f "$ARTIFACTS/junit.xml"

    run_step "ruff" "$VENV/bin/ruff" check --output-format=concise src tests testkit bench
    run_step "black" "$VENV/bin/black" --check src tests testkit bench
    run_step "mypy" "$VENV/bin/mypy"
    run_step "pytest" "$VENV/bin/pytest" \
        --cov=interview_platform --cov-report=term \
        --cov-report="xml:$ARTIFACTS/coverage.xml" \
        --junitxml="$ARTIFACTS/junit.xml" "$@"

    say "summary"
    local step
    for step in "${PASSED[@]+"${PASSED[@]}"}"; do echo "  ok      $step"; done
    for step in "${FAILED[@]+"${FAILED[@]}"}"; do echo "  FAILED  $step"; done
    echo "  reports: test-artifacts/coverage.xml, test-artifacts/junit.xml"
    test_counts || true
    if [[ ${#FAILED[@]} -gt 0 ]]; then
        echo "check.sh: ${#FAILED[@]} step(s) failed" >&2
        return 1
    fi
    return 0
}

main "$@"

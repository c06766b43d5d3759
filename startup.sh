#!/usr/bin/env bash
# Starts the Interview Platform: the operator's one command.
#
# With a running Docker engine: docker compose up (PostgreSQL + app), waits for health.
# Without one (or with --local): a virtualenv in .venv, DATABASE_URL when it answers,
# otherwise a local embedded PostgreSQL in data/postgres; then Streamlit on 127.0.0.1.
# Ctrl-C stops what this script started.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
PY="$VENV/bin/python"
STAMP="$VENV/.startup-requirements.sha256"
PG_DATADIR="data/postgres"
HEALTH_TIMEOUT="${STARTUP_HEALTH_TIMEOUT:-90}"

usage() {
    cat <<'EOF'
Usage: ./startup.sh [--local] [--demo-llm] [--processes N] [--help]

Starts the Interview Platform and prints its URL.

  (no option)  Docker Compose when a Docker engine runs (docker info succeeds),
               otherwise the local mode below.
  --local      Skip Docker: create .venv, install requirements, use DATABASE_URL when it
               answers or start a local PostgreSQL in data/postgres, apply the schema and
               run Streamlit on 127.0.0.1:$PORT (default 8501). Ctrl-C stops it all.
  --demo-llm   Local mode plus a small demo model server on 127.0.0.1:$DEMO_LLM_PORT
               (default 8765): OpenAI-compatible, streams canned interviewer lines word
               by word, needs no API key. Pick "OpenAI-compatible server" as the
               interviewer on the setup page: its base URL is filled in.
  --processes N  Local mode with N app processes on PORT+1..PORT+N behind nginx on PORT
               (sticky per browser; needs nginx: apt-get install nginx-light).
  --help       Show this help.

Another port: PORT=8600 ./startup.sh (the app), DEMO_LLM_PORT=8766 (the demo model).

Environment (or .env): DATABASE_URL, PORT, OPENAI_API_KEY, ANTHROPIC_API_KEY, ...
(see .env.template).
EOF
}

say() { printf '==> %s\n' "$*"; }
fail() {
    # $1: what went wrong; $2...: how to fix it
    printf '\nstartup.sh: ERROR: %s\n' "$1" >&2
    shift
    local line
    for line in "$@"; do printf '  fix: %s\n' "$line" >&2; done
    exit 1
}

# Value of a variable from the environment, else from .env (without sourcing .env).
env_or_dotenv() {
    local name="$1"
    if [[ -n "${!name:-}" ]]; then
        printf '%s' "${!name}"
    elif [[ -f .env ]]; then
        sed -n "s/^[[:space:]]*${name}[[:space:]]*=[[:space:]]*//p" .env | tail -n 1 |
            sed -e 's/[[:space:]]*$//' -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'\$/\1/"
    fi
}

# shellcheck source=scripts/health.sh
source "$ROOT/scripts/health.sh"

# ---------------------------------------------------------------------- Docker mode
docker_available() {
    if ! command -v docker >/dev/null 2>&1 || ! docker info >/dev/null 2>&1; then
        say "no running Docker engine found: starting locally (.venv + PostgreSQL)"
        return 1
    fi
    if ! docker compose version >/dev/null 2>&1; then
        say "Docker runs but its Compose v2 plugin is missing (install docker-compose-plugin):"
        say "starting locally instead (.venv + PostgreSQL)"
        return 1
    fi
}

run_docker() {
    if [[ ! -f .env ]]; then
        cp .env.template .env
        say "created .env from .env.template (edit it to add API keys)"
    fi
    local port
    port="$(env_or_dotenv PORT)"
    port="${port:-8501}"
    # The container writes ./data/sessions and ./logs: run it as the operator's uid, or
    # (when root) hand those folders to the image's unprivileged user.
    mkdir -p data/sessions logs
    if [[ "$(id -u)" -ne 0 ]]; then
        export APP_UID="$(id -u)" APP_GID="$(id -g)"
    else
        chown -R 10001:10001 data/sessions logs
    fi
    say "starting PostgreSQL and the app with docker compose"
    docker compose up -d --build ||
        fail "docker compose up failed (see the messages above)" \
            "check the build output; run 'docker compose logs' for the services' logs" \
            "or run without Docker: ./startup.sh --local"
    say "waiting for the app to become healthy (up to ${HEALTH_TIMEOUT} s)"
    if ! wait_for_health "http://127.0.0.1:${port}"; then
        fail "the app did not answer on http://127.0.0.1:${port}/_stcore/health in time" \
            "see what happened: docker compose logs app db" \
            "check docker compose ps: the db must be healthy before the app starts"
    fi
    say "Interview Platform is running: http://localhost:${port}"
    echo "    stop it with: docker compose down"
}

# ----------------------------------------------------------------------- local mode
# shellcheck source=scripts/lib.sh
source "$ROOT/scripts/lib.sh"
# shellcheck source=scripts/port_check.sh
source "$ROOT/scripts/port_check.sh"
# shellcheck source=scripts/processes.sh
source "$ROOT/scripts/processes.sh"
# shellcheck source=scripts/worker.sh
source "$ROOT/scripts/worker.sh"

ensure_venv() {
    if [[ ! -x "$PY" ]]; then
        local python
        python="$(find_python)" ||
            fail "Python 3.11 or newer was not found on PATH" \
                "Debian/Ubuntu: apt-get install python3 python3-venv (or pyenv install 3.11)" \
                "or install Docker and run ./startup.sh again"
        say "creating the virtualenv .venv with $python"
        "$python" -m venv "$VENV" ||
            fail "could not create .venv" "Debian/Ubuntu: apt-get install python3-venv"
    fi
    local want
    want="$(cat requirements.txt pyproject.toml | sha256sum | cut -d' ' -f1)"
    if [[ -f "$STAMP" && "$(cat "$STAMP")" == "$want" ]]; then
        return 0
    fi
    say "installing requirements into .venv (first start only; takes a few minutes)"
    local log="$VENV/pip-install.log"
    if ! { "$PY" -m pip install --disable-pip-version-check -r requirements.txt &&
        "$PY" -m pip install --disable-pip-version-check -e . --no-deps; } >"$log" 2>&1; then
        tail -n 25 "$log" >&2
        fail "pip install failed (last lines above; full log: .venv/pip-install.log)" \
            "check your connection to PyPI (or a proxy: export PIP_INDEX_URL=...)" \
            "then run ./startup.sh again"
    fi
    echo "$want" >"$STAMP"
}

STARTED_PG=0
STREAMLIT_PID=""
DEMO_LLM_PID=""

choose_database() {
    local url
    url="$(env_or_dotenv IP_DATABASE__URL)"
    [[ -n "$url" ]] || url="$(env_or_dotenv DATABASE_URL)"
    if [[ -n "$url" ]]; then
        if "$PY" -m interview_platform db wait --url "$url" --timeout 5; then
            DATABASE_URL="$url"
            return 0
        fi
        say "DATABASE_URL does not answer (reason above); using a local PostgreSQL instead"
    fi
    say "starting (or reusing) the local PostgreSQL in $PG_DATADIR"
    local out
    out="$("$PY" -m interview_platform db local-start --datadir "$PG_DATADIR")" ||
        fail "the local PostgreSQL in $PG_DATADIR did not start (reason above)" \
            "a stale data/postgres/postmaster.pid after a crash: stop stray postgres processes, then delete that file" \
            "check free disk space, or point DATABASE_URL in .env at a running PostgreSQL"
    printf '%s\n' "$out" | sed '$d'
    if printf '%s\n' "$out" | head -n 1 | grep -q '^started'; then
        STARTED_PG=1
    fi
    DATABASE_URL="$(printf '%s\n' "$out" | tail -n 1)"
}

cleanup() {
    trap - INT TERM EXIT
    stop_processes
    stop_worker
    if [[ -n "$DEMO_LLM_PID" ]] && kill -0 "$DEMO_LLM_PID" 2>/dev/null; then
        say "stopping the demo model server (pid $DEMO_LLM_PID)"
        kill -TERM "$DEMO_LLM_PID" 2>/dev/null || true
        wait "$DEMO_LLM_PID" 2>/dev/null || true
    fi
    if [[ -n "$STREAMLIT_PID" ]] && kill -0 "$STREAMLIT_PID" 2>/dev/null; then
        say "stopping the app (pid $STREAMLIT_PID)"
        kill -TERM "$STREAMLIT_PID" 2>/dev/null || true
        local i
        for i in $(seq 1 50); do
            kill -0 "$STREAMLIT_PID" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$STREAMLIT_PID" 2>/dev/null; then kill -KILL "$STREAMLIT_PID" || true; fi
    fi
    if [[ "$STARTED_PG" == 1 ]]; then
        say "stopping the local PostgreSQL this script started"
        "$PY" -m interview_platform db local-stop --datadir "$PG_DATADIR" || true
    fi
}

start_demo_llm() {
    # A local OpenAI-compatible server; the app's openai_compatible provider points at it.
    local port
    port="$(env_or_dotenv DEMO_LLM_PORT)"
    port="${port:-8765}"
    [[ "$port" =~ ^[0-9]+$ ]] || fail "DEMO_LLM_PORT must be a number, got '$port'" "set DEMO_LLM_PORT=8765"
    check_port_free "$port"
    say "starting the demo model server on 127.0.0.1:$port (no API key needed)"
    "$PY" -m interview_platform demo-llm --port "$port" &
    DEMO_LLM_PID=$!
    local url="http://127.0.0.1:$port/v1"
    # Exported names win over .env; IP_ ones also over an IP_ setting in .env. A configured
    # base URL is trusted by the outbound policy, so no allow-list entry is needed.
    export OPENAI_COMPATIBLE_BASE_URL="$url" IP_PROVIDERS__OPENAI_COMPATIBLE__BASE_URL="$url"
}

run_local() {
    local demo_llm="${1:-0}" processes="${2:-1}"
    local port
    port="$(env_or_dotenv PORT)"
    port="${port:-8501}"
    [[ "$port" =~ ^[0-9]+$ ]] || fail "PORT must be a number, got '$port'" "set PORT=8501"
    ensure_venv
    HEALTH_PY="$PY"
    check_port_free "$port"
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    if [[ "$demo_llm" == 1 ]]; then start_demo_llm; fi
    choose_database
    say "applying the database schema (safe to repeat)"
    "$PY" -m interview_platform db init --url "$DATABASE_URL" ||
        fail "the schema could not be applied (reason above)" \
            "check that the database user may create tables; or run: .venv/bin/python -m interview_platform db check --url URL"
    export DATABASE_URL
    export IP_DATABASE__URL="$DATABASE_URL" # wins over an IP_DATABASE__URL in .env
    start_worker
    if ((processes > 1)); then run_processes "$processes" "$port"; fi # (never returns)
    say "starting the app on 127.0.0.1:$port (it loads everything first, so pages open at once)"
    "$PY" -m interview_platform serve --address 127.0.0.1 --port "$port" &
    STREAMLIT_PID=$!
    local rc=0
    wait_for_health "http://127.0.0.1:$port" "$STREAMLIT_PID" || rc=$?
    if ((rc == 2)); then
        fail "Streamlit exited during start-up (its messages are above)" \
            "fix the error shown, or see logs/interview_platform.log"
    elif ((rc != 0)); then
        fail "the app did not become healthy within ${HEALTH_TIMEOUT} s" \
            "see the messages above and logs/interview_platform.log"
    fi
    say "Interview Platform is running: http://127.0.0.1:$port  (Ctrl-C to stop)"
    wait "$STREAMLIT_PID" || rc=$?
    STREAMLIT_PID=""
    if ((rc != 0)); then
        fail "Streamlit stopped with exit code $rc (its messages are above)" \
            "see logs/interview_platform.log"
    fi
}

main() {
    local mode=auto demo_llm=0 processes=1
    while (($#)); do
        case "$1" in
            --local) mode=local ;;
            --demo-llm) mode=local demo_llm=1 ;; # the container could not reach it on 127.0.0.1
            --processes) mode=local processes="${2:-}" && check_processes_option "$processes" && shift ;;
            -h | --help) usage; exit 0 ;;
            *) usage >&2; fail "unknown option '$1'" "run ./startup.sh --help" ;;
        esac
        shift
    done
    if [[ "$mode" == auto ]] && docker_available; then
        run_docker
    else
        run_local "$demo_llm" "$processes"
    fi
}

main "$@"

# Health checks for startup.sh and scripts/processes.sh (sourced, not run).
# wait_for_health uses startup.sh's $HEALTH_TIMEOUT (and $HEALTH_PY when curl is missing).

health_ok() {
    # $1: health URL. Streamlit answers "ok" once its server is up.
    if command -v curl >/dev/null 2>&1; then
        [[ "$(curl -fsS --max-time 2 "$1" 2>/dev/null)" == ok ]]
        return
    fi
    "${HEALTH_PY:-python3}" - "$1" <<'EOF' 2>/dev/null
import sys
import urllib.request

with urllib.request.urlopen(sys.argv[1], timeout=2) as response:
    sys.exit(0 if response.read().strip() == b"ok" else 1)
EOF
}

wait_for_health() {
    # $1: base URL; $2: pid to watch (optional). Returns 2 when that process died.
    local url="$1" pid="${2:-}" deadline=$((SECONDS + HEALTH_TIMEOUT))
    while ((SECONDS < deadline)); do
        if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
            return 2
        fi
        health_ok "$url/_stcore/health" && return 0
        sleep 0.3
    done
    return 1
}

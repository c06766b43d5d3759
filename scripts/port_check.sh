# check_port_free for startup.sh (sourced, not run): the app's and the demo model's port.
# It uses startup.sh's $PY and fail.

check_port_free() {
    local port="$1"
    if "$PY" - "$port" <<'EOF'; then
import socket
import sys

with socket.socket() as sock:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
EOF
        return 0
    fi
    local who=""
    if command -v ss >/dev/null 2>&1; then
        who="$(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'users:(([^)]*))' | head -n 1 |
            sed -E 's/users:\(\("([^"]+)",pid=([0-9]+).*/\1 (pid \2)/')"
    fi
    if [[ -z "$who" ]] && command -v lsof >/dev/null 2>&1; then
        who="$(lsof -nP -iTCP:"$port" -sTCP:LISTEN 2>/dev/null | awk 'NR==2 {print $1" pid "$2}')"
    fi
    fail "port $port is already in use${who:+ by $who}" \
        "stop that process (an earlier ./startup.sh? press Ctrl-C there, or kill its pid)" \
        "or choose another port: PORT=8502 ./startup.sh"
}

# shellcheck shell=bash
# One background job worker beside the app (local mode): it runs queued evaluations.
# The app's own embedded worker would run them too; this process keeps doing so while a
# page is busy, and shows how more workers are added (`python -m interview_platform worker`).

WORKER_PID=""

start_worker() {
    say "starting a background job worker (evaluations)"
    "$PY" -m interview_platform worker &
    WORKER_PID=$!
}

stop_worker() {
    if [[ -n "$WORKER_PID" ]] && kill -0 "$WORKER_PID" 2>/dev/null; then
        say "stopping the job worker (pid $WORKER_PID; a job in hand is taken over later)"
        kill -TERM "$WORKER_PID" 2>/dev/null || true
        wait "$WORKER_PID" 2>/dev/null || true
    fi
    WORKER_PID=""
}

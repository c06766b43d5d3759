# Shell helpers shared by startup.sh and scripts/check.sh (sourced, not run).

# Print the path of a Python >= 3.11 found on PATH; return 1 when there is none.
find_python() {
    local candidate
    for candidate in python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

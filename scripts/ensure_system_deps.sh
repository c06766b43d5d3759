#!/usr/bin/env bash
# Installs the system tools the end-to-end and speech tests use: chromium (headless
# browser), flite (test speech), sox and ffmpeg (audio/video conversion), and an emoji
# font so the mode icons render in the browser (and in CI screenshots), and nginx (the
# reverse proxy of ./startup.sh --processes N and of the multi-process e2e tests).
#
# Installs with apt-get when running as root on a machine with apt; otherwise it only
# warns. Without chromium the e2e tests skip locally, but fail in CI (CI=true).
set -uo pipefail

# command name -> Debian package
declare -A TOOLS=([chromium]=chromium [flite]=flite [sox]=sox [ffmpeg]=ffmpeg [nginx]=nginx-light)

missing=()
for tool in chromium flite sox ffmpeg nginx; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("${TOOLS[$tool]}")
done

if [[ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]]; then
    missing+=(fonts-noto-color-emoji)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "system tools present: chromium flite sox ffmpeg nginx"
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: missing system tools: ${missing[*]}" >&2
    echo "  install them with: sudo apt-get install -y ${missing[*]}" >&2
    echo "  (without chromium the browser tests are skipped locally and fail in CI)" >&2
    exit 0
fi

echo "installing missing system tools with apt-get: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/ensure_system_deps.log 2>&1; then
    # A fresh machine has no package lists yet: fetch them once and retry.
    apt-get update -q >>/tmp/ensure_system_deps.log 2>&1
    if ! apt-get install -y -q --no-install-recommends "${missing[@]}" \
        >>/tmp/ensure_system_deps.log 2>&1; then
        echo "warning: apt-get could not install ${missing[*]}; see /tmp/ensure_system_deps.log" >&2
        tail -n 20 /tmp/ensure_system_deps.log >&2
        exit 0
    fi
fi
echo "installed: ${missing[*]}"

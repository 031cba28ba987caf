#!/usr/bin/env bash
# Renders the JamforReport sample pages (from the test fixtures) in headless Chromium and saves a PNG of each,
# to check the report pages by eye. Usage: Tools/report-screenshots.sh [OUT_DIR]
#
# OUT_DIR defaults to .build/report-samples (a relative path is taken from the repository root). It gets
# sv/ and en/ with the HTML pages and a PNG beside each. Installs Debian's chromium when it is missing.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$(pwd)"
out="${1:-.build/report-samples}"
case "$out" in
/*) ;;
*) out="$root/$out" ;;
esac

browser=""
for candidate in chromium chromium-browser; do
    if command -v "$candidate" >/dev/null 2>&1; then
        browser="$candidate"
        break
    fi
done
if [ -z "$browser" ]; then
    echo "report-screenshots: installing chromium" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "report-screenshots: chromium is missing and installing it needs root (apt-get install -y chromium)" >&2
        exit 1
    fi
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-dejavu-core >&2
    browser=chromium
fi

# Build output on stderr; planned afresh so that new files in the main package are never missed.
swift build --disable-build-manifest-caching --package-path Tools/ReportSamples >&2
bin_dir="$(swift build --package-path Tools/ReportSamples --show-bin-path)"

rm -rf "$out"
mkdir -p "$out"
"$bin_dir/ReportSamples" "$out" >/dev/null

# A throwaway profile, so that nothing of a real profile is read or written.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT

count=0
for page in "$out"/sv/*.html "$out"/en/*.html; do
    png="${page%.html}.png"
    "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
        --screenshot="$png" --window-size="${REPORT_WINDOW_SIZE:-1200,2000}" "file://$page" >/dev/null 2>&1
    if [ ! -s "$png" ]; then
        echo "report-screenshots: no screenshot of $page" >&2
        exit 1
    fi
    echo "$png"
    count=$((count + 1))
done
echo "report-screenshots: $count pages rendered into $out" >&2

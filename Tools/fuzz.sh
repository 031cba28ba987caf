#!/usr/bin/env bash
# Builds the JamforWire libFuzzer target and fuzzes it.
#
# usage: Tools/fuzz.sh [SECONDS [LIBFUZZER-FLAG...]]
#   SECONDS  how long to fuzz (default 60)
#   flags    passed on to libFuzzer after the defaults, e.g. -fork=1 -ignore_crashes=1 or -jobs=2
#
# Builds .build-fuzz/jamfor-fuzz, replays Tools/Fuzz/regressions/*, seeds Tools/Fuzz/corpus/ from
# Protocol/vectors/*.bin and sample values, fuzzes, and prints the number of executions at the end.
# Crashes, timeouts and OOMs are written to Tools/Fuzz/artifacts/. Exits non-zero if the build
# fails, a regression input still fails, or the fuzzer found something.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-60}"
if [[ $# -gt 0 ]]; then shift; fi
if ! [[ "$seconds" =~ ^[0-9]+$ ]]; then
    echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2
    exit 2
fi

swiftc_bin="${SWIFTC:-$(command -v swiftc || echo /opt/swift/usr/bin/swiftc)}"
build_dir=.build-fuzz
binary="$build_dir/jamfor-fuzz"
corpus=Tools/Fuzz/corpus
artifacts=Tools/Fuzz/artifacts
regressions=Tools/Fuzz/regressions
libfuzzer_flags=(-rss_limit_mb=2048 -timeout=10 -max_len=65536)

# Swift's own crash backtracer fights ASan's and libFuzzer's handlers (and trips ASan itself): let
# libFuzzer/ASan print the stack. Symbolize with the toolchain's llvm-symbolizer.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
if [[ -z "${ASAN_SYMBOLIZER_PATH:-}" ]]; then
    symbolizer="$(dirname "$(readlink -f "$swiftc_bin")")/llvm-symbolizer"
    [[ -x "$symbolizer" ]] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
fi

# ---- Build: the JamforWire sources and the fuzz entry point as one module. Other work may edit
# Sources/ while this runs, so compile a snapshot (swiftc refuses inputs that change mid-build);
# stack traces then name .build-fuzz/src/... paths, which match Sources/... at snapshot time.
mkdir -p "$build_dir" "$corpus" "$artifacts"
root="$(pwd)"
snapshot="$root/$build_dir/src"
rm -rf "$snapshot"
mkdir -p "$snapshot"
cp -R Sources/JamforWire Sources/CZlib "$snapshot/"
cp Tools/Fuzz/FuzzFrame.swift "$snapshot/"
git -C "$root" rev-parse HEAD >"$snapshot/COMMIT" 2>/dev/null || true
git -C "$root" diff HEAD -- Sources >"$snapshot/WORKTREE.diff" 2>/dev/null || true
mapfile -t sources < <(find "$snapshot/JamforWire" -name '*.swift' | sort)
build_cmd=(
    "$swiftc_bin"
    -sanitize=fuzzer,address
    -parse-as-library
    -O -g
    -whole-module-optimization
    -module-name JamforFuzz
    -swift-version 6
    -enable-upcoming-feature ExistentialAny
    -enable-upcoming-feature InternalImportsByDefault
    -I "$snapshot/CZlib"
    -Xcc -fmodule-map-file="$snapshot/CZlib/module.modulemap"
    -lz
    -use-ld=lld
    -module-cache-path "$root/$build_dir/module-cache"
    "${sources[@]}"
    "$snapshot/FuzzFrame.swift"
    -o "$root/$binary"
)
echo "fuzz.sh: building $binary" >&2
echo "+ ${build_cmd[*]}" >&2
# swiftc drops debug module files into its working directory: keep them out of the work tree.
(cd "$build_dir" && "${build_cmd[@]}")

# ---- Regressions: each saved input must pass on its own. A still-failing one is reported and kept
# out of the corpus (libFuzzer would stop on it before fuzzing anything).
failed_regressions=()
passing_regressions=()
if [[ -d "$regressions" ]]; then
    for input in "$regressions"/*; do
        [[ -f "$input" ]] || continue
        [[ "$(basename "$input")" == README* ]] && continue
        if "$binary" "${libfuzzer_flags[@]}" "$input" >"$build_dir/regression.log" 2>&1; then
            passing_regressions+=("$input")
        else
            failed_regressions+=("$input")
            echo "fuzz.sh: REGRESSION STILL FAILS: $input" >&2
            grep -E 'Fatal error|JamforFuzz oracle|ERROR: (libFuzzer|AddressSanitizer)|SUMMARY' "$build_dir/regression.log" | head -n 5 >&2 || true
        fi
    done
    echo "fuzz.sh: regressions: ${#passing_regressions[@]} pass, ${#failed_regressions[@]} fail" >&2
fi

# ---- Seeds: vector frames (mode A), their plain payloads (mode B), shape samples (mode C).
JAMFOR_FUZZ_WRITE_SEEDS="$corpus" JAMFOR_FUZZ_VECTORS=Protocol/vectors "$binary" >&2
if [[ ${#passing_regressions[@]} -gt 0 ]]; then
    cp "${passing_regressions[@]}" "$corpus/"
fi

# ---- Fuzz.
log="$build_dir/fuzz-$(date +%Y%m%d-%H%M%S).log"
fuzz_cmd=(
    "$binary"
    -max_total_time="$seconds"
    "${libfuzzer_flags[@]}"
    -print_final_stats=1
    -artifact_prefix="$artifacts/"
    "$@"
    "$corpus"
)
echo "fuzz.sh: fuzzing for ${seconds}s, log in $log" >&2
echo "+ ${fuzz_cmd[*]}" >&2
status=0
"${fuzz_cmd[@]}" 2>&1 | tee "$log" || status=$?

# ---- Summary.
executions="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+$' || true)"
if [[ -z "$executions" ]]; then
    # -fork mode prints no final stats; its parent ends with "#N DONE" or "Done N runs".
    executions="$(grep -Eo '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
fi
if [[ -z "$executions" ]]; then
    executions="$(grep -Eo 'Done [0-9]+ runs' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
fi
if [[ -z "$executions" ]]; then
    # -fork mode: the parent's status lines read "#N: cov: ...", N counting every job's executions.
    executions="$(grep -Eo '^#[0-9]+: cov' "$log" | tail -n 1 | grep -Eo '[0-9]+' || true)"
fi
found="$(grep -Eo "(crash|timeout|oom|leak|slow-unit)-[0-9a-f]+" "$log" | sort -u || true)"
if [[ -n "$found" ]]; then
    echo "fuzz.sh: artifacts written:" >&2
    sed "s|^|  $artifacts/|" <<<"$found" >&2
fi
if [[ ${#failed_regressions[@]} -gt 0 ]]; then
    echo "fuzz.sh: ${#failed_regressions[@]} regression input(s) still fail: ${failed_regressions[*]}" >&2
    [[ $status -ne 0 ]] || status=1
fi
echo "fuzz.sh: log: $log"
echo "executions: ${executions:-unknown}"
exit "$status"

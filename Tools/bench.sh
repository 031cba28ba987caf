#!/usr/bin/env bash
# Runs the project's benchmarks. Usage: Tools/bench.sh SUBCOMMAND (see usage below).
set -euo pipefail

# Work from the repository root whatever the caller's cwd, so relative package paths resolve.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

usage() {
    cat >&2 <<'USAGE'
usage: Tools/bench.sh SUBCOMMAND

subcommands:
  wire    build Tools/WireBench (release) and compare the JamforWire CBOR codec with
          Foundation JSON and swift-protobuf; the last line printed is the RESULT line
  analytics
          build Tools/AnalyticsBench (release) and time JamforDomain's ranking and composite
          (beside a naive spreadsheet baseline) and ranking every indicator of the Kolada-scale
          synthetic set; the last line printed is the RESULT line. The set is generated first
          if missing, in $JAMFOR_KOLADA_SCALE_DIR (default .build/kolada-scale; a relative
          path is taken from the repository root)
USAGE
}

bench_wire() {
    # Build output goes to stderr so stdout carries only the benchmark's table and RESULT line.
    # Planned afresh each time: with a cached plan, files added to the main package since the last
    # build would be missed, and the benchmark would measure old code.
    swift build -c release --disable-build-manifest-caching --package-path Tools/WireBench >&2
    local bin_dir
    bin_dir="$(swift build -c release --package-path Tools/WireBench --show-bin-path)"

    # Global, not local: the EXIT trap runs after this function has returned and its locals are gone.
    wire_output="$(mktemp)"
    trap 'rm -f "$wire_output"' EXIT
    # tee shows the run live; pipefail makes a failing benchmark (e.g. a round-trip mismatch) fail the script.
    "$bin_dir/WireBench" | tee "$wire_output"

    # The RESULT line is the contract with whoever parses this output: refuse to succeed without it.
    if ! tail -n 1 "$wire_output" | grep -Eq '^RESULT rank_encode_x=[0-9.]+ rank_decode_x=[0-9.]+ bulk_encode_x=[0-9.]+ bulk_decode_x=[0-9.]+ size_ratio=[0-9.]+ doubles_gbps=[0-9.]+ pb_encode=[0-9.]+ pb_decode=[0-9.]+$'; then
        echo "bench.sh: WireBench did not end with a well-formed RESULT line" >&2
        exit 1
    fi
}

bench_analytics() {
    # The Kolada-scale set (about 940 MB) is made once and reused; .build*/ keeps it out of git.
    local scale_dir="${JAMFOR_KOLADA_SCALE_DIR:-.build/kolada-scale}"
    if [[ ! -f "$scale_dir/indicators.tsv" || ! -f "$scale_dir/observations.tsv" ]]; then
        echo "bench.sh: no Kolada-scale set in $scale_dir; generating it" >&2
        swift run -c release --package-path Tools/DatasetGen jamfor-datagen kolada-scale --out "$scale_dir" >&2
    fi

    # Build output goes to stderr so stdout carries only the benchmark's table and RESULT line.
    # Planned afresh each time: with a cached plan, files added to the main package since the last
    # build would be missed, and the benchmark would measure old code.
    swift build -c release --disable-build-manifest-caching --package-path Tools/AnalyticsBench >&2
    local bin_dir
    bin_dir="$(swift build -c release --package-path Tools/AnalyticsBench --show-bin-path)"

    # Global, not local: the EXIT trap runs after this function has returned and its locals are gone.
    analytics_output="$(mktemp)"
    trap 'rm -f "$analytics_output"' EXIT
    # tee shows the run live; pipefail makes a failing benchmark (e.g. a baseline mismatch) fail the script.
    "$bin_dir/AnalyticsBench" "$scale_dir" | tee "$analytics_output"

    # The RESULT line is the contract with whoever parses this output: refuse to succeed without it.
    local number='[0-9]+(\.[0-9]{1,2})?'
    if ! tail -n 1 "$analytics_output" | grep -Eq "^RESULT rank290_us=$number composite290_us=$number kolada_scale_rank_all_ms=$number\$"; then
        echo "bench.sh: AnalyticsBench did not end with a well-formed RESULT line" >&2
        exit 1
    fi
}

if [[ $# -lt 1 ]]; then
    usage
    exit 2
fi

case "$1" in
    wire)
        bench_wire
        ;;
    analytics)
        bench_analytics
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        echo "bench.sh: unknown subcommand '$1'" >&2
        usage
        exit 2
        ;;
esac

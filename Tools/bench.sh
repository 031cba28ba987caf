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
  load    build jamfor and Tools/LoadGen (release), start `jamfor serve` on a temporary
          database, load it with 64 connections of rank requests for 20 s after a 3 s warm-up
          (in flight per connection: $JAMFOR_LOAD_IN_FLIGHT, default 2), sampling the server's
          memory, stop the server; the last line printed is the RESULT line
  load-soak
          the same with 1000 connections for 60 s (in flight per connection:
          $JAMFOR_LOAD_SOAK_IN_FLIGHT, default 1), to show the server's memory over the run;
          prints the memory summary (MEMORY line) and ends with the RESULT line
  export  build jamfor and Tools/ExportBench (release); in a temporary directory, load a database
          with 1,000,000 synthetic observations, start `jamfor serve` on it and time
          `jamfor export kolada --country` to a JSON file, time Foundation's JSONEncoder writing the
          same rows to the same shape in-process, then time `jamfor import kolada` of that file
          into a second server with the catalog but no figures; the last line printed is the
          RESULT line. Set $JAMFOR_EXPORT_BENCH_DIR to put the temporary directory elsewhere
          (it needs about 600 MB; default: under $TMPDIR or /tmp)
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

# The server of a load run, for the EXIT trap: stopped with SIGTERM (a graceful shutdown) if still running.
load_server_pid=""
load_dir=""

cleanup_load() {
    if [[ -n "$load_server_pid" ]] && kill -0 "$load_server_pid" 2>/dev/null; then
        kill -TERM "$load_server_pid" 2>/dev/null || true
        wait "$load_server_pid" 2>/dev/null || true
    fi
    if [[ -n "$load_dir" ]]; then rm -rf "$load_dir"; fi
}

# run_load CONNECTIONS IN_FLIGHT DURATION WARMUP: builds, starts a server on a temporary database, runs
# jamfor-load against it, stops the server and prints the RESULT line last.
run_load() {
    local connections="$1" in_flight="$2" duration="$3" warmup="$4"

    # Build output goes to stderr so stdout carries only the load generator's report and RESULT line.
    # Planned afresh each time: with a cached plan, files added to the main package since the last
    # build would be missed, and the benchmark would measure old code.
    swift build -c release --disable-build-manifest-caching --product jamfor >&2
    swift build -c release --disable-build-manifest-caching --package-path Tools/LoadGen >&2
    local jamfor_bin load_bin
    jamfor_bin="$(swift build -c release --product jamfor --show-bin-path)/jamfor"
    load_bin="$(swift build -c release --package-path Tools/LoadGen --show-bin-path)/jamfor-load"

    # Both processes hold a socket per connection, plus the database, the listener and stdio.
    local needed=$((connections + 256))
    if [[ "$(ulimit -n)" != unlimited && "$(ulimit -n)" -lt "$needed" ]]; then
        ulimit -n "$needed" 2>/dev/null || {
            echo "bench.sh: need $needed open files for $connections connections; ulimit -n is $(ulimit -n) (hard limit $(ulimit -Hn))" >&2
            exit 1
        }
    fi

    # Globals, not locals: the EXIT trap runs after this function has returned and its locals are gone.
    load_dir="$(mktemp -d)"
    trap cleanup_load EXIT

    # The first start loads Datasets/ into the empty database before it listens.
    "$jamfor_bin" serve --database "$load_dir/jamfor.sqlite" --datasets "$PWD/Datasets" --port 0 \
        --allow-anonymous --log-level warning --max-connections 2000 \
        >"$load_dir/server.out" 2>"$load_dir/server.err" &
    load_server_pid=$!
    local port="" waited=0
    while [[ -z "$port" ]]; do
        if ! kill -0 "$load_server_pid" 2>/dev/null; then
            echo "bench.sh: jamfor serve exited before listening:" >&2
            cat "$load_dir/server.err" >&2
            exit 1
        fi
        if ((waited >= 1200)); then
            echo "bench.sh: jamfor serve did not listen within 120 s" >&2
            exit 1
        fi
        port="$(sed -n 's/^jamfor serve: listening on .*:\([0-9][0-9]*\)$/\1/p' "$load_dir/server.out")"
        if [[ -z "$port" ]]; then
            sleep 0.1
            waited=$((waited + 1))
        fi
    done
    echo "bench.sh: jamfor serve (pid $load_server_pid) listening on port $port" >&2

    # The report goes out live, but for its RESULT line, which is printed after the server has stopped.
    # Only the load generator's status counts (grep -v fails when it passes no line).
    local statuses
    "$load_bin" --host 127.0.0.1 --port "$port" --connections "$connections" --in-flight "$in_flight" \
        --duration "$duration" --warmup "$warmup" --max-rss-pid "$load_server_pid" \
        | tee "$load_dir/load.out" | grep -v '^RESULT ' && statuses=("${PIPESTATUS[@]}") || statuses=("${PIPESTATUS[@]}")
    local status="${statuses[0]}"
    if ((status != 0)); then echo "bench.sh: jamfor-load failed (exit status $status)" >&2; fi

    kill -TERM "$load_server_pid"
    local server_status=0
    wait "$load_server_pid" || server_status=$?
    load_server_pid=""
    echo "bench.sh: jamfor serve stopped (exit status $server_status)" >&2
    if [[ -s "$load_dir/server.err" ]]; then
        echo "bench.sh: the server's warnings and errors:" >&2
        tail -n 20 "$load_dir/server.err" >&2
    fi

    # The RESULT line is the contract with whoever parses this output: refuse to succeed without it.
    local result
    result="$(tail -n 1 "$load_dir/load.out")"
    if ! grep -Eq '^RESULT rps=[0-9]+(\.[0-9])? p50_ms=[0-9]+\.[0-9]{2} p99_ms=[0-9]+\.[0-9]{2} errors=[0-9]+ connections=[0-9]+$' <<<"$result"; then
        echo "bench.sh: jamfor-load did not end with a well-formed RESULT line" >&2
        exit 1
    fi
    echo "$result"
    if ((status != 0 || server_status != 0)); then exit 1; fi
}

bench_load() {
    run_load 64 "${JAMFOR_LOAD_IN_FLIGHT:-2}" 20 3
}

bench_load_soak() {
    run_load 1000 "${JAMFOR_LOAD_SOAK_IN_FLIGHT:-1}" 60 5
}

# The working directory of an export run, for the EXIT trap: the bench stops its servers itself, even
# when it fails; the files (about 600 MB) go with the directory.
export_dir=""

bench_export() {
    # Build output goes to stderr so stdout carries only the benchmark's table and RESULT line.
    # Planned afresh each time: with a cached plan, files added to the main package since the last
    # build would be missed, and the benchmark would measure old code.
    swift build -c release --disable-build-manifest-caching --product jamfor >&2
    swift build -c release --disable-build-manifest-caching --package-path Tools/ExportBench >&2
    local jamfor_bin bench_bin
    jamfor_bin="$(swift build -c release --product jamfor --show-bin-path)/jamfor"
    bench_bin="$(swift build -c release --package-path Tools/ExportBench --show-bin-path)/ExportBench"

    # Global, not local: the EXIT trap runs after this function has returned and its locals are gone.
    if [[ -n "${JAMFOR_EXPORT_BENCH_DIR:-}" ]]; then
        mkdir -p "$JAMFOR_EXPORT_BENCH_DIR"
        export_dir="$(mktemp -d "$JAMFOR_EXPORT_BENCH_DIR/export-bench.XXXXXX")"
    else
        export_dir="$(mktemp -d)"
    fi
    trap 'rm -rf "$export_dir"' EXIT
    # tee shows the run live; pipefail makes a failing benchmark (a failed command or check) fail the script.
    "$bench_bin" --jamfor "$jamfor_bin" --datasets "$PWD/Datasets" --work "$export_dir" | tee "$export_dir/bench.out"

    # The RESULT line is the contract with whoever parses this output: refuse to succeed without it.
    if ! tail -n 1 "$export_dir/bench.out" | grep -Eq '^RESULT export_values_per_s=[0-9]+ import_values_per_s=[0-9]+ export_vs_jsonencoder_x=[0-9]+\.[0-9]{2}$'; then
        echo "bench.sh: ExportBench did not end with a well-formed RESULT line" >&2
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
    load)
        bench_load
        ;;
    load-soak)
        bench_load_soak
        ;;
    export)
        bench_export
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

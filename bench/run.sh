#!/usr/bin/env bash
# Benchmarks carto on generated inventories: wall time and peak memory of
# whole commands (GNU time), in a markdown table for docs/performance.md.
#
#   bench/run.sh [SIZES...]        default: 1000 10000 50000
#
# Needs /usr/bin/time (Debian: apt-get install -y time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-1000 10000}")
[ $# -eq 0 ] && sizes=(1000 10000 50000)
cargo build --release --quiet
cargo build --release --quiet --example synth
bin=target/release/carto
work=${BENCH_DIR:-/tmp/carto-bench}
mkdir -p "$work"

measure() { # label, then the command
  local label=$1; shift
  local out
  /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
  out=$(tail -1 "$work/time.txt")
  printf '| %s | %s s | %s MB |\n' "$label" "${out% *}" "$(( ${out#* } / 1024 ))"
}

echo "| N apps | command | wall | peak memory |"
echo "|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir=$work/inv-$n
  [ -d "$dir" ] || target/release/examples/synth --apps "$n" --seed 1 "$dir"
  rm -f "$work/bench.db"
  for cmd in "list zones" "check" "who health.lab --kind person" "what person-17" "where health" "impact app-5" "register --format json" "snapshot --db $work/bench.db"; do
    # shellcheck disable=SC2086
    measure "$n | \`$cmd\`" "$bin" -i "$dir" -q $cmd -o /dev/null
  done
done

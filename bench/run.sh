#!/usr/bin/env bash
# Benchmarks carto on generated inventories: wall time (best of 3, the
# snapshot once) and peak memory of whole commands (GNU time), and the YAML
# parsing floor of each inventory, in a markdown table for
# docs/performance.md.
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
cargo build --release --quiet --example parse_floor
bin=target/release/carto
work=${BENCH_DIR:-/tmp/carto-bench}
mkdir -p "$work"

measure() { # runs, label, then the command: best wall time, its peak memory
  local runs=$1 label=$2; shift 2
  local best="" out
  for _ in $(seq "$runs"); do
    /usr/bin/time -o "$work/time.txt" -f '%e %M' "$@" >/dev/null 2>&1 || true
    out=$(tail -1 "$work/time.txt")
    if [ -z "$best" ] || awk -v a="${out% *}" -v b="${best% *}" 'BEGIN { exit !(a < b) }'; then
      best=$out
    fi
  done
  printf '| %s | %s s | %s MB |\n' "$label" "${best% *}" "$(( ${best#* } / 1024 ))"
}

echo "| N apps | command | wall | peak memory |"
echo "|---|---|---|---|"
for n in "${sizes[@]}"; do
  dir=$work/inv-$n
  [ -d "$dir" ] || target/release/examples/synth --apps "$n" --seed 1 "$dir"
  # The floor: the YAML parser alone on the same files (best of 3).
  printf '| %s | YAML parse floor: %s | | |\n' "$n" "$(target/release/examples/parse_floor "$dir" 3)"
  # A pull request of one line: a new person with one grant (for `diff`).
  pr=$work/inv-$n-pr
  if [ ! -d "$pr" ]; then
    cp -r "$dir" "$pr"
    self=$(grep -rhm1 'kind: self' "$dir" | sed 's/.*id: \([^,}]*\).*/\1/')
    printf 'people:\n  - {id: new-hire, name: New Hire, org: %s}\naccess:\n  - {who: new-hire, to: app-5, level: read}\n' "$self" > "$pr/zz-change.yaml"
  fi
  measure 3 "$n | \`diff\` (one-line change, both sides)" "$bin" -i "$pr" -q diff "$dir" -o /dev/null
  for cmd in "list zones" "check" "who health.lab --kind person" "what person-17" "where health" "impact app-5" "register --format json" "tier0" "paths --to tier0" "continuity"; do
    # Best of 3 (the machine is shared and noisy).
    # shellcheck disable=SC2086
    measure 3 "$n | \`$cmd\`" "$bin" -i "$dir" -q $cmd -o /dev/null
  done
  # Snapshots: the first into an empty database, a second of the same
  # inventory, and one after a one-line change; the database's growth each time.
  rm -f "$work/bench.db"
  for label in first unchanged changed; do
    src=$dir
    [ "$label" = changed ] && src=$pr
    before=$(stat -c %s "$work/bench.db" 2>/dev/null || echo 0)
    line=$(measure 1 "$n | \`snapshot\` ($label)" "$bin" -i "$src" -q snapshot --db "$work/bench.db")
    after=$(stat -c %s "$work/bench.db")
    echo "${line%|} +$(( (after - before) / 1000000 )) MB database |"
  done
  # Reading the store back: `history` over the three snapshots, and two of
  # docs/store.md's recipes on the views.
  measure 1 "$n | \`history\` (3 snapshots)" "$bin" -q history --db "$work/bench.db" -o /dev/null
  measure 1 "$n | \`sql\`: special_data_access of one category" "$bin" sql "select principal, application, level from special_data_access where data = 'health.record'" --db "$work/bench.db" -o /dev/null
  measure 1 "$n | \`sql\`: errors by rule" "$bin" sql "select snapshot, rule, count(*) n from findings where severity = 'error' group by 1, 2" --db "$work/bench.db" -o /dev/null
done

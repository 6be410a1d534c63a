#!/usr/bin/env bash
# Fides parity and speed, side by side: installs Fides (ethyca-fides 2.78)
# in a Python virtual environment, then for fideslang's own sample
# resources (shipped with Fides) and for generated manifests of 10, 100,
# 500 and 1,000 systems (bench/fides_gen.py), runs `fides --local evaluate`
# and carto (`import fides` then `check`), compares the policy violations
# (rule, system, declaration) and times both. Prints a markdown table for
# docs/performance.md; exits 1 when the violations differ.
#
#   bench/fides-parity.sh [SIZES...]      default: 10 100 500 1000
#   FIDES_DATASETS=1 bench/fides-parity.sh   each system with a dataset too
#
# Fides runs once (minutes at 1,000 systems), carto's import + check is the
# best of 3 runs.
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ $# -eq 0 ] && sizes=(10 100 500 1000)
work=${BENCH_DIR:-/tmp/carto-fides}
venv=${FIDES_VENV:-$work/venv}
mkdir -p "$work"
if [ ! -x "$venv/bin/fides" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "ethyca-fides==2.78.*"
fi
cargo build --release --quiet
bin=$PWD/target/release/carto
sample=$("$venv/bin/python" -c 'import fides, os; print(os.path.join(os.path.dirname(fides.__file__), "data/sample_project/sample_resources"))')

# The violations Fides prints, as "rule|system|declaration" lines (slugged
# as carto slugs ids).
fides_violations() {
  "$venv/bin/python" - "$1" <<'PY'
import ast, re, sys
text = open(sys.argv[1]).read()
start = text.find("{")
found = set()
slug = lambda s: re.sub(r"-+", "-", re.sub(r"[^a-z0-9._-]", "-", s.lower())).strip("-")
if start >= 0:
    try:
        result = ast.literal_eval(text[start:])
    except Exception:
        result = {"violations": []}
    for v in result.get("violations", []):
        # Fides also evaluates each dataset, collection and field a
        # declaration refers to, on its own: carto evaluates the
        # declaration (see docs/migrate.md); those are counted apart.
        if " for dataset " in v["detail"]:
            print("#dataset", v["detail"][:200], file=sys.stderr)
            continue
        m = re.match(r"Declaration \((.*?)\) of system \((.*?)\) failed rule \((.*?)\) from policy \((.*?)\)", v["detail"])
        if m:
            decl, system, rule, policy = m.groups()
            found.add(f"POL:{slug(policy)}.{slug(rule)}|{slug(system)}.{slug(decl)}")
for f in sorted(found):
    print(f)
PY
}

# The POL findings of carto check, as the same lines.
carto_violations() {
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for f in sorted({(f["rule"], f.get("entity") or "") for f in d["findings"] if f["rule"].startswith("POL:")}):
    print(f[0] + "|" + f[1])' "$1"
}

now() { date +%s.%N; }

run_case() { # label, manifests dir
  local label=$1 dir=$2 inv=$work/inv-$1
  rm -rf "$inv"; mkdir -p "$inv"; echo "version: 1" > "$inv/carto.yaml"
  local t0 t1 t2
  t0=$(now)
  (cd "$work" && "$venv/bin/fides" --local evaluate "$dir" >"$work/fides-$label.out" 2>&1) || true
  t1=$(now)
  # carto: best of 3 (as bench/run.sh; the machine is shared and noisy).
  local best="" a b
  for _ in 1 2 3; do
    a=$(now)
    "$bin" -i "$inv" -q import fides "$dir" -o "$inv/fides.yaml" --force
    "$bin" -i "$inv" -q check --format json >"$work/carto-$label.json" || true
    b=$(now)
    if [ -z "$best" ] || [ "$(echo "$b - $a < $best" | bc)" = 1 ]; then best=$(echo "$b - $a" | bc); fi
  done
  t2=$(echo "$t1 + $best" | bc)
  fides_violations "$work/fides-$label.out" >"$work/fides-$label.txt" 2>"$work/fides-$label.datasets"
  carto_violations "$work/carto-$label.json" >"$work/carto-$label.txt"
  local same=yes
  if ! diff -q "$work/fides-$label.txt" "$work/carto-$label.txt" >/dev/null; then
    same=NO; status=1
    diff "$work/fides-$label.txt" "$work/carto-$label.txt" | head -20 >&2
  fi
  awk -v l="$label" -v f="$(echo "$t1 - $t0" | bc)" -v c="$(echo "$t2 - $t1" | bc)" \
      -v nf="$(wc -l <"$work/fides-$label.txt")" -v nc="$(wc -l <"$work/carto-$label.txt")" -v s="$same" \
      'BEGIN { printf "| %s | %.2f s | %.3f s | %.0fx | %d | %d | %s |\n", l, f, c, f / c, nf, nc, s }'
}

status=0
echo "| manifests | fides --local evaluate | carto import fides + check | ratio | Fides violations | carto violations | identical |"
echo "|---|---|---|---|---|---|---|"
run_case sample "$sample"
for n in "${sizes[@]}"; do
  if [ -n "${FIDES_DATASETS:-}" ]; then
    dir=$work/gen-$n-datasets
    [ -d "$dir" ] || python3 bench/fides_gen.py "$n" "$dir" --datasets
    run_case "$n-datasets" "$dir"
  else
    dir=$work/gen-$n
    [ -d "$dir" ] || python3 bench/fides_gen.py "$n" "$dir"
    run_case "$n" "$dir"
  fi
done
exit $status

#!/usr/bin/env bash
# Measures how legible each view of the reference inventory is where people
# show it: the SVG scaled to fit an A3 landscape page at 150 dpi (2480 x 1754
# px) and a 1920 x 1080 slide, and the height of its smallest text after
# fitting (the target: 12 px). Prints a markdown table for docs/diagrams.md.
# Needs Graphviz's `dot` and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release
carto=target/release/carto
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "| view | SVG size (pt) | smallest text | on A3 (px) | on a slide (px) |"
echo "|---|---|---|---|---|"
for view in "ecosystem" "applications" "applications --aggregate" "flows" "data health" "access telecons" "infrastructure" "gdpr"; do
  # shellcheck disable=SC2086
  $carto diagram $view --format svg -o "$tmp/v.svg"
  python3 - "$view" "$tmp/v.svg" <<'PY'
import re, sys
view, path = sys.argv[1], sys.argv[2]
svg = open(path, encoding="utf-8").read()
m = re.search(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"', svg)
w, h = float(m.group(1)), float(m.group(2))
smallest = min(float(x) for x in re.findall(r'font-size="([\d.]+)"', svg))
def fitted(page_w_pt, page_h_pt, px_per_pt):
    scale = min(page_w_pt / w, page_h_pt / h, 1.0)
    px = smallest * scale * px_per_pt
    return f"{px:.1f}" + ("" if px >= 12 else " (under 12)")
a3 = fitted(1190.55, 841.89, 150 / 72)     # A3 landscape, 150 dpi
slide = fitted(1440, 810, 96 / 72)         # 1920 x 1080 px at 96 dpi
print(f"| `{view}` | {w:.0f} x {h:.0f} | {smallest:g} pt | {a3} | {slide} |")
PY
done

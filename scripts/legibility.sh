#!/usr/bin/env bash
# Measures how legible each view is where people show it: the SVG scaled to
# fit an A3 landscape page at 150 dpi (2480 x 1754 px) and a 1920 x 1080
# slide, and the height of its smallest text after fitting (the target:
# 12 px). The measurement is the test suite's (tests/legibility.rs), on the
# reference inventory and a generated 200-application one; this prints its
# tables for docs/diagrams.md. Needs Graphviz's `dot`.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test integration legibility -- --nocapture --test-threads 1 2>/dev/null |
  grep -E '^(\||$|reference|generated)'

#!/usr/bin/env bash
# Installs Microsoft's SARIF Multitool (npm: @microsoft/sarif-multitool, which
# ships a self-contained Linux build) into target/sarif-multitool/, and prints
# the path of its executable. The tests validate carto's SARIF with it, using
# GitHub's ingestion rules (`--rule-kind Gh`).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/sarif-multitool
bin=$dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -x "$bin" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null 2>&1)
fi
[ -x "$bin" ] || { echo "the SARIF Multitool did not install" >&2; exit 1; }
echo "$PWD/$bin"

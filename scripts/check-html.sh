#!/usr/bin/env bash
# Renders the HTML register of the reference inventory in headless Chromium,
# takes a screenshot (target/register.png) and prints it to PDF
# (target/register.pdf), and fails on any console error.
#
#   bash scripts/check-html.sh        # installs Debian's chromium when missing (root)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
cargo run --quiet -- register -o target/register.html
page="file://$PWD/target/register.html"
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
       --disable-background-networking --disable-component-update --disable-sync
       --user-data-dir="$(mktemp -d)")
chromium "${flags[@]}" --window-size=1280,1600 --screenshot="$PWD/target/register.png" "$page" 2>target/chromium.log
chromium "${flags[@]}" --print-to-pdf="$PWD/target/register.pdf" --no-pdf-header-footer "$page" 2>>target/chromium.log
chromium "${flags[@]}" --enable-logging=stderr --v=0 --dump-dom "$page" >target/register.dom 2>target/console.log
if grep -E "CONSOLE|Uncaught|ERROR:.*(console|Refused)" target/console.log; then
  echo "console errors in the register page" >&2
  exit 1
fi
grep -q "Register of processing activities" target/register.dom
echo "ok: target/register.png, target/register.pdf, no console errors"

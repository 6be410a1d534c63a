#!/usr/bin/env bash
# Builds the Debian package (scripts/release.sh), installs it with dpkg on
# this machine, and runs the README's main command with the installed
# binary: `carto check` on the bundled inventory must find its documented
# problems (exit 1). Then checks the man pages and completions are where
# man and the shells look, and removes the package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/release.sh
deb=$(ls target/dist/carto_*.deb)
dpkg -i "$deb" >/dev/null
trap 'dpkg -r carto >/dev/null 2>&1 || true' EXIT
test "$(command -v carto)" = /usr/bin/carto
work=$(mktemp -d)
cp -r inventory "$work/inventory"
set +e
(cd "$work" && carto check -q > "$work/out.txt")
code=$?
set -e
if [ "$code" -ne 1 ]; then
  echo "the installed carto check exited $code, expected 1" >&2
  cat "$work/out.txt" >&2
  exit 1
fi
test -f /usr/share/man/man1/carto.1.gz
test -f /usr/share/man/man1/carto-check.1.gz
test -f /usr/share/bash-completion/completions/carto
test -f /usr/share/zsh/vendor-completions/_carto
test -f /usr/share/fish/vendor_completions.d/carto.fish
test -f /usr/share/doc/carto/copyright
if command -v man >/dev/null 2>&1; then
  MANPAGER=cat man carto-check 2>/dev/null | grep -q "EXIT STATUS" || { echo "man carto-check does not read" >&2; exit 1; }
fi
rm -rf "$work"
echo "Debian package: installed, carto check on the bundled inventory exits 1 as documented, man pages and completions in place"

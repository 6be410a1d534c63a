#!/usr/bin/env bash
# Renders the Mermaid output of every view of the reference inventory with
# the real mermaid-cli (npm @mermaid-js/mermaid-cli, driving Debian's
# Chromium, no browser download), and fails when a view does not render or
# has no legend. Writes target/mermaid/<view>.svg and .png.
#
#   bash scripts/mermaid.sh     # installs chromium (apt) and mermaid-cli (npm) when missing
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi
dir=target/mermaid
mkdir -p "$dir"
mmdc=$dir/node_modules/.bin/mmdc
if [ ! -x "$mmdc" ]; then
  (cd "$dir" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --silent --no-audit --no-fund @mermaid-js/mermaid-cli >/dev/null 2>&1)
fi
cat > "$dir/puppeteer.json" <<'JSON'
{"executablePath": "/usr/bin/chromium",
 "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run"]}
JSON
cargo build --quiet --release
carto=target/release/carto
status=0
for view in "ecosystem" "applications" "applications --no-aggregate" "flows" "data health" "access telecons" "infrastructure" "gdpr"; do
  name=${view// /-}; name=${name//--/-}
  # shellcheck disable=SC2086
  $carto diagram $view --format mermaid -o "$dir/$name.mmd"
  if ! "$mmdc" -q -p "$dir/puppeteer.json" -i "$dir/$name.mmd" -o "$dir/$name.svg" >/dev/null 2>"$dir/$name.err"; then
    echo "FAIL $view: $(head -3 "$dir/$name.err")"; status=1; continue
  fi
  "$mmdc" -q -p "$dir/puppeteer.json" -i "$dir/$name.mmd" -o "$dir/$name.png" -w 1600 >/dev/null 2>&1 || true
  if grep -q "Legend" "$dir/$name.svg"; then
    echo "ok   $view: $(wc -c < "$dir/$name.svg") bytes of SVG, with a legend"
  else
    echo "FAIL $view: no legend"; status=1
  fi
done
exit $status

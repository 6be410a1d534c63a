#!/usr/bin/env bash
# Regenerates the SVG of every view of the reference inventory into docs/img/
# (needs Graphviz's `dot`: apt-get install graphviz).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release
carto=target/release/carto
mkdir -p docs/img
$carto diagram ecosystem -o docs/img/ecosystem.svg
$carto diagram applications -o docs/img/applications.svg
$carto diagram flows -o docs/img/flows.svg
$carto diagram data health -o docs/img/data-health.svg
$carto diagram access telecons -o docs/img/access-telecons.svg
$carto diagram infrastructure -o docs/img/infrastructure.svg
$carto diagram gdpr -o docs/img/gdpr.svg
$carto diagram access dpi -o docs/img/access-dpi.svg
$carto diagram applications --focus lis --depth 1 -o docs/img/focus-lis.svg
rm -rf docs/img/applications-split
$carto diagram applications --split -o docs/img/applications-split
$carto diagram ecosystem --format mermaid -o docs/img/ecosystem.mmd
echo "docs/img/ regenerated"

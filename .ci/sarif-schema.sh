#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON schema from the npm registry (it ships in
# @microsoft/jest-sarif) into target/sarif-schema/, and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=target/sarif-schema
schema=$dir/sarif-2.1.0.json
if [ ! -s "$schema" ]; then
  mkdir -p "$dir"
  (cd "$dir" && npm pack --silent @microsoft/jest-sarif@1.0.0-beta.0 >/dev/null 2>&1 \
     && tar xzf microsoft-jest-sarif-1.0.0-beta.0.tgz package/lib/schemas/sarif-2.1.0-rtm.5.json \
     && mv package/lib/schemas/sarif-2.1.0-rtm.5.json sarif-2.1.0.json && rm -rf package ./*.tgz)
fi
echo "$PWD/$schema"

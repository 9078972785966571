#!/usr/bin/env bash
# Capture benchmark: envlock vs `uv pip freeze --no-cache` and `pip freeze` on a generated
# 160-distribution venv (built offline). Writes the "## Capture" section of Docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh -c release --static-swift-stdlib --product envlock >/dev/null
./scripts/setup.sh -c release --static-swift-stdlib --product envlock-bench >/dev/null
.build/release/envlock-bench capture --docs Docs/benchmarks.md "$@"

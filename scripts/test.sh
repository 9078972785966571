#!/usr/bin/env bash
# Runs envlock's whole test suite: installs what is missing (scripts/setup.sh), builds, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh --build-tests
export PATH="$PWD/.tools/venv/bin:$PATH"
swift test --skip-build "$@"

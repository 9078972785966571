#!/usr/bin/env bash
# Runs envlock's whole test suite: lints strictly (any swift-format finding fails the run),
# installs what is missing (scripts/setup.sh), builds, tests, and then runs the README's quick
# start end to end. Arguments go to `swift test` (e.g. --filter); with arguments the quick start
# is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "test: swift format lint --strict (fix with ./scripts/format.sh)" >&2
./scripts/format.sh --lint
./scripts/setup.sh --build-tests
user_path="$PATH"
PATH="$PWD/.tools/venv/bin:$PATH" swift test --skip-build "$@"
if [ $# -eq 0 ]; then
  # The quick start's static release build links differently from the tests' debug build (a
  # missing `-lcurl` once broke it while every test passed). A throwaway key folder keeps the
  # user's own key untouched.
  echo "test: quick start (static release build, keygen, capture, verify)" >&2
  config="$(mktemp -d)"
  trap 'rm -rf "$config"' EXIT
  PATH="$user_path" XDG_CONFIG_HOME="$config" ./scripts/quickstart.sh
fi

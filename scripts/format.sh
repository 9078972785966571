#!/usr/bin/env bash
# Formats all Swift sources in place with the toolchain's swift-format (config: .swift-format),
# then lints them strictly: any finding (a missing `///` doc comment, say) fails the script.
# `--lint` only lints (what scripts/test.sh runs first).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != "--lint" ]; then
  swift format format --in-place --recursive --parallel Package.swift Sources Tests
fi
swift format lint --strict --recursive --parallel Package.swift Sources Tests

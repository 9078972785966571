#!/usr/bin/env bash
# Formats all Swift sources in place with the toolchain's swift-format (config: .swift-format).
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive --parallel Package.swift Sources Tests
swift format lint --recursive Sources 2>&1 | grep -v '^$' || true

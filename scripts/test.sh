#!/usr/bin/env bash
# Quick start, part two: installs what Berth needs, checks formatting, builds, and runs the
# whole test suite (unit tests, the command-line tests against the built binary, the client
# against the emulator over loopback, and the quick benchmark set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

echo "== swift format lint --strict" >&2
swift format lint --strict --recursive Package.swift Sources Tests benchmarks

echo "== swift test" >&2
swift build --build-tests >&2
swift test --skip-build 2>&1

echo "== berth-bench quick (every plan verified; optimal never below greedy)" >&2
.build/debug/berth-bench quick >&2

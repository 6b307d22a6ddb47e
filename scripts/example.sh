#!/usr/bin/env bash
# Quick start, part one: installs what Berth needs, builds it, and plans a bundled workload
# for a bundled multi-nodearray cluster snapshot, printing the plan's summary.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
swift build -c release --product berth >&2
exec .build/release/berth plan \
    --snapshot datasets/examples/contention/snapshot.json \
    --workload datasets/examples/contention/workload.json "$@"

#!/usr/bin/env python3
"""Builds Berth's machine-type catalog from a table of Azure VM sizes.

Usage: build-catalog.py SOURCE.json > azure-vm-catalog.json

SOURCE.json is an object {"sizes": {MACHINE_TYPE: {"family", "vcpus", "vcpusAvailable",
"memoryGB", "gpus", "infiniband", "source", ...}}}. The catalog keeps what Berth reads:
the quota family, the vCPUs a machine has (vcpusAvailable, for constrained-core sizes), the
vCPUs it charges to quota (vcpus), memory, GPUs and InfiniBand.
"""
import json
import sys


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1]) as handle:
        sizes = json.load(handle)["sizes"]
    catalog = {}
    for name in sorted(sizes):
        size = sizes[name]
        quota = int(size["vcpus"])
        available = int(size.get("vcpusAvailable") or quota)
        entry = {
            "family": size["family"],
            "vcpus": available,
            "memoryGB": size["memoryGB"],
            "gpus": int(size.get("gpus") or 0),
            "infiniband": bool(size.get("infiniband")),
        }
        if quota != available:
            entry["quotaVcpus"] = quota
        catalog[name] = entry
    document = {
        "about": "Azure machine types and their quota families, for Berth. Keys are machine "
        "types as CycleCloud reports them in definition.machineType (matched without regard "
        "to case). vcpus is what one machine has; quotaVcpus, where present, is what it "
        "charges to quota (constrained-core sizes). Built by build-catalog.py from a public "
        "table of Azure VM sizes; extend it with --catalog FILE of the same form.",
        "machineTypes": catalog,
    }
    json.dump(document, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

import CycleCloudAPI

/// The checks a status snapshot must pass before Berth plans against it: numbers that no
/// real cluster reports are errors; numbers that are odd but usable are warnings.
public enum SnapshotCheck {
    /// Checks `status`, throwing on the first error and recording warnings.
    ///
    /// Errors: a negative count, a non-positive vCPU count, an `availableCount` above
    /// `maxCount`, a placement group larger than the bucket's maximum, two buckets with one
    /// `bucketId`, two nodearrays with one name, one placement group name in two buckets of
    /// a nodearray.
    public static func validate(
        _ status: ClusterStatus, document: String, diagnostics: inout Diagnostics
    ) throws(InputError) {
        func fail(_ path: String, _ problem: String) -> InputError {
            InputError(document: document, location: path, problem: problem)
        }
        func nonNegative(_ value: Int?, _ path: String) throws(InputError) {
            if let value, value < 0 {
                throw fail(path, "\(value) is negative; counts cannot be below zero")
            }
        }

        try nonNegative(status.maxCount, "$.maxCount")
        try nonNegative(status.maxCoreCount, "$.maxCoreCount")
        var arrayNames: [String: Int] = [:]
        var bucketIds: [String: String] = [:]
        for (arrayIndex, nodearray) in status.nodearrays.enumerated() {
            let arrayPath = "$.nodearrays[\(arrayIndex)]"
            if let earlier = arrayNames[nodearray.name] {
                throw fail(
                    arrayPath + ".name",
                    "nodearray \"\(nodearray.name)\" appears twice (also at "
                        + "$.nodearrays[\(earlier)])")
            }
            arrayNames[nodearray.name] = arrayIndex
            try nonNegative(nodearray.maxCount, arrayPath + ".maxCount")
            try nonNegative(nodearray.maxCoreCount, arrayPath + ".maxCoreCount")
            var groupNames: [String: String] = [:]
            var machineTypes: [String: String] = [:]
            for (bucketIndex, bucket) in nodearray.buckets.enumerated() {
                let path = arrayPath + ".buckets[\(bucketIndex)]"
                if let machine = bucket.machineType?.lowercased(), bucket.isValid {
                    if let earlier = machineTypes[machine] {
                        diagnostics.warn(
                            "a second valid bucket of machine type \(bucket.machineType ?? "") in "
                                + "nodearray \(nodearray.name) (also at \(earlier)); create requests "
                                + "name buckets by machine type and cannot tell the two apart",
                            document: document, at: path)
                    }
                    machineTypes[machine] = path
                }
                if let earlier = bucketIds[bucket.bucketId] {
                    throw fail(
                        path + ".bucketId",
                        "bucketId \"\(bucket.bucketId)\" is used twice (also at \(earlier))")
                }
                bucketIds[bucket.bucketId] = path
                try validate(bucket, path: path, document: document, diagnostics: &diagnostics)
                // A create request names a placement group by nodearray and name alone, and a
                // group holds one machine type: two buckets cannot share a name.
                for (groupIndex, group) in (bucket.placementGroups ?? []).enumerated() {
                    if let earlier = groupNames[group.name], earlier != path {
                        throw fail(
                            path + ".placementGroups[\(groupIndex)].name",
                            "placement group \"\(group.name)\" is also in \(earlier), another "
                                + "bucket of nodearray \"\(nodearray.name)\"")
                    }
                    groupNames[group.name] = path
                }
            }
        }
    }

    private static func validate(
        _ bucket: BucketStatus, path: String, document: String, diagnostics: inout Diagnostics
    ) throws(InputError) {
        func fail(_ key: String, _ problem: String) -> InputError {
            InputError(document: document, location: path + key, problem: problem)
        }
        let counts: [(String, Int?)] = [
            (".maxCount", bucket.maxCount), (".maxCoreCount", bucket.maxCoreCount),
            (".activeCount", bucket.activeCount), (".activeCoreCount", bucket.activeCoreCount),
            (".availableCount", bucket.availableCount),
            (".availableCoreCount", bucket.availableCoreCount),
            (".quotaCount", bucket.quotaCount), (".quotaCoreCount", bucket.quotaCoreCount),
            (".consumedCoreCount", bucket.consumedCoreCount),
            (".familyQuotaCount", bucket.familyQuotaCount),
            (".familyQuotaCoreCount", bucket.familyQuotaCoreCount),
            (".familyConsumedCoreCount", bucket.familyConsumedCoreCount),
            (".regionalQuotaCount", bucket.regionalQuotaCount),
            (".regionalQuotaCoreCount", bucket.regionalQuotaCoreCount),
            (".regionalConsumedCoreCount", bucket.regionalConsumedCoreCount),
            (".maxPlacementGroupSize", bucket.maxPlacementGroupSize),
            (".maxPlacementGroupCoreSize", bucket.maxPlacementGroupCoreSize),
            (".virtualMachine.gpuCount", bucket.virtualMachine.gpuCount),
        ]
        for (key, value) in counts {
            if let value, value < 0 {
                throw fail(key, "\(value) is negative; counts cannot be below zero")
            }
        }
        let vm = bucket.virtualMachine
        if vm.vcpuCount < 1 {
            throw fail(
                ".virtualMachine.vcpuCount", "\(vm.vcpuCount) vCPUs; a machine has at least 1")
        }
        if let quota = vm.vcpuQuotaCount, quota < 1 {
            throw fail(".virtualMachine.vcpuQuotaCount", "\(quota); must be at least 1")
        }
        if let memory = vm.memory, memory < 0 || !memory.isFinite {
            throw fail(".virtualMachine.memory", "\(memory) GB is not a possible memory size")
        }
        if bucket.availableCount > bucket.maxCount {
            throw fail(
                ".availableCount",
                "availableCount \(bucket.availableCount) is above maxCount \(bucket.maxCount); "
                    + "a bucket cannot have more room than its maximum")
        }
        if bucket.maxPlacementGroupSize == 0, bucket.isValid {
            throw fail(".maxPlacementGroupSize", "0; a placement group holds at least one node")
        }
        for (groupIndex, group) in (bucket.placementGroups ?? []).enumerated() {
            let groupPath = ".placementGroups[\(groupIndex)]"
            if group.activeCount < 0 {
                throw fail(groupPath + ".activeCount", "\(group.activeCount) is negative")
            }
            if let maximum = bucket.maxPlacementGroupSize, group.activeCount > maximum {
                throw fail(
                    groupPath + ".activeCount",
                    "placement group \"\(group.name)\" has \(group.activeCount) nodes, more than "
                        + "the bucket's maxPlacementGroupSize \(maximum)")
            }
            if let cores = group.activeCoreCount, let maximum = bucket.maxPlacementGroupCoreSize,
                cores > maximum
            {
                throw fail(
                    groupPath + ".activeCoreCount",
                    "placement group \"\(group.name)\" has \(cores) vCPUs, more than the "
                        + "bucket's maxPlacementGroupCoreSize \(maximum)")
            }
        }
        if bucket.availableCoreCount != bucket.availableCount * vm.vcpuCount {
            diagnostics.warn(
                "availableCoreCount \(bucket.availableCoreCount) is not availableCount "
                    + "\(bucket.availableCount) × \(vm.vcpuCount) vCPUs; Berth counts nodes",
                document: document, at: path)
        }
        if bucket.activeCount > bucket.maxCount {
            diagnostics.warn(
                "activeCount \(bucket.activeCount) is above maxCount \(bucket.maxCount) "
                    + "(a limit was lowered below what is in use)", document: document, at: path)
        }
    }
}

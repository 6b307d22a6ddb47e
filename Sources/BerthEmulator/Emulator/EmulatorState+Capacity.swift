import CycleCloudAPI

/// What the cluster's active nodes (those whose `TargetState` is `Started`) use, counted in
/// one pass over the nodes.
struct Usage {
    var bucketCounts: [[Int]]
    var bucketNames: [[[String]]]
    var groupCounts: [[[String: Int]]]
    var nodearrayCounts: [Int]
    var nodearrayCores: [Int]
    var clusterCount = 0
    var clusterCores = 0
    var poolCores: [PoolKey: Int] = [:]

    /// - Complexity: O(n) in the number of nodes.
    init(of state: EmulatorState) {
        bucketCounts = state.nodearrays.map { Array(repeating: 0, count: $0.buckets.count) }
        bucketNames = state.nodearrays.map { Array(repeating: [], count: $0.buckets.count) }
        groupCounts = state.nodearrays.map { Array(repeating: [:], count: $0.buckets.count) }
        nodearrayCounts = Array(repeating: 0, count: state.nodearrays.count)
        nodearrayCores = nodearrayCounts
        for node in state.nodes where node.phase.isStarted {
            clusterCount += 1
            clusterCores += node.vcpus
            guard let array = node.nodearray else { continue }
            nodearrayCounts[array] += 1
            nodearrayCores[array] += node.vcpus
            guard let bucket = node.bucket else { continue }
            bucketCounts[array][bucket] += 1
            bucketNames[array][bucket].append(node.name)
            if let group = node.placementGroup {
                groupCounts[array][bucket][group, default: 0] += 1
            }
            let model = state.nodearrays[array].buckets[bucket]
            if let family = model.familyPool {
                poolCores[family, default: 0] += node.quotaVcpus
            }
            poolCores[model.regionalPool, default: 0] += node.quotaVcpus
        }
    }
}

/// How many more nodes fit in a bucket, and the limit that decides it.
struct Room {
    var count: Int
    var limitedBy: String
}

extension EmulatorState {
    /// vCPUs consumed in `pool`: use outside the cluster plus the cluster's active nodes.
    func consumedCores(_ pool: PoolKey, _ usage: Usage) -> Int {
        (pools[pool]?.externalCores ?? 0) + (usage.poolCores[pool] ?? 0)
    }

    /// `quotaCoreCount`: the family quota, capped by the regional one (for spot buckets, the
    /// regional spot quota); `nil` when the snapshot states neither.
    func quotaCores(of bucket: BucketModel) -> Int? {
        let family = bucket.familyPool.flatMap { pools[$0]?.quotaCores }
        let regional = pools[bucket.regionalPool]?.quotaCores
        switch (family, regional) {
        case (let family?, let regional?): return min(family, regional)
        case (let family?, nil): return family
        case (nil, let regional?): return regional
        case (nil, nil): return nil
        }
    }

    /// `maxCount`: the most nodes the bucket may have, from the nodearray, cluster and quota
    /// limits, never above the snapshot's own `maxCount`.
    func maxCount(array: Int, bucket: Int) -> Int {
        let nodearray = nodearrays[array]
        let model = nodearray.buckets[bucket]
        var limits = [model.template.maxCount]
        limits += [nodearray.maxCount, clusterMaxCount].compactMap { $0 }
        limits += [nodearray.maxCoreCount, clusterMaxCoreCount].compactMap { $0 }
            .map { $0 / model.vcpus }
        if let quota = quotaCores(of: model) {
            limits.append(quota / model.quotaVcpus)
        }
        return max(0, limits.min() ?? 0)
    }

    /// How many more nodes the bucket can take now (`availableCount`) and which limit binds:
    /// the bucket's `maxCount`, the family and regional quotas (spot: the regional spot
    /// quota), the nodearray's and the cluster's counts and vCPUs.
    func room(array: Int, bucket: Int, _ usage: Usage) -> Room {
        let nodearray = nodearrays[array]
        let model = nodearray.buckets[bucket]
        var limits: [(Int, String)] = [
            (
                maxCount(array: array, bucket: bucket) - usage.bucketCounts[array][bucket],
                "the bucket's maxCount"
            )
        ]
        for pool in [model.familyPool, model.regionalPool].compactMap({ $0 }) {
            if let quota = pools[pool]?.quotaCores {
                limits.append(((quota - consumedCores(pool, usage)) / model.quotaVcpus, pool.label))
            }
        }
        if let limit = nodearray.maxCount {
            limits.append((limit - usage.nodearrayCounts[array], "the nodearray's maxCount"))
        }
        if let limit = nodearray.maxCoreCount {
            limits.append(
                (
                    (limit - usage.nodearrayCores[array]) / model.vcpus,
                    "the nodearray's maxCoreCount"
                ))
        }
        if let limit = clusterMaxCount {
            limits.append((limit - usage.clusterCount, "the cluster's maxCount"))
        }
        if let limit = clusterMaxCoreCount {
            limits.append(
                ((limit - usage.clusterCores) / model.vcpus, "the cluster's maxCoreCount"))
        }
        let binding = limits.min { $0.0 < $1.0 } ?? (0, "no limit")
        return Room(count: max(0, binding.0), limitedBy: binding.1)
    }

    /// The bucket as `GET status` shows it now, every documented field filled.
    func bucketStatus(array: Int, bucket: Int, _ usage: Usage, includeNodes: Bool, now: Double)
        -> BucketStatus
    {
        let model = nodearrays[array].buckets[bucket]
        var status = model.template
        let vcpus = model.vcpus
        let active = usage.bucketCounts[array][bucket]
        let available = model.isValid ? room(array: array, bucket: bucket, usage).count : 0
        status.valid = model.isValid
        status.invalidReason = model.template.invalidReason ?? ""
        status.maxCount = maxCount(array: array, bucket: bucket)
        status.maxCoreCount = status.maxCount * vcpus
        status.activeCount = active
        status.activeCoreCount = active * vcpus
        status.activeNodes = includeNodes ? usage.bucketNames[array][bucket] : nil
        status.availableCount = available
        status.availableCoreCount = available * vcpus

        let quota = quotaCores(of: model)
        status.quotaCoreCount = quota ?? model.template.quotaCoreCount
        status.quotaCount = status.quotaCoreCount.map { $0 / model.quotaVcpus }
        if let familyPool = model.familyPool {
            let familyQuota = pools[familyPool]?.quotaCores
            status.familyQuotaCoreCount = familyQuota
            status.familyQuotaCount = familyQuota.map { $0 / model.quotaVcpus }
            status.familyConsumedCoreCount = consumedCores(familyPool, usage)
            status.consumedCoreCount = status.familyConsumedCoreCount
        } else {
            // Spot buckets report zeros for the family: the regional spot quota applies.
            status.familyQuotaCoreCount = 0
            status.familyQuotaCount = 0
            status.familyConsumedCoreCount = 0
            status.consumedCoreCount = consumedCores(model.regionalPool, usage)
        }
        let regionalQuota = pools[model.regionalPool]?.quotaCores
        status.regionalQuotaCoreCount = regionalQuota
        status.regionalQuotaCount = regionalQuota.map { $0 / model.quotaVcpus }
        status.regionalConsumedCoreCount = consumedCores(model.regionalPool, usage)

        status.maxPlacementGroupSize = model.maxPlacementGroupSize
        status.maxPlacementGroupCoreSize = model.maxPlacementGroupSize * vcpus
        status.placementGroups = usage.groupCounts[array][bucket].sorted { $0.key < $1.key }.map {
            PlacementGroupStatus(
                name: $0.key, activeCount: $0.value, activeCoreCount: $0.value * vcpus)
        }
        status.lastCapacityFailure = model.lastCapacityFailureAt.map { max(0, now - $0) } ?? -1
        return status
    }

    /// The whole cluster status as `GET status` answers it.
    func clusterStatus(includeNodes: Bool, configuration: EmulatorConfiguration, now: Double)
        -> ClusterStatus
    {
        let usage = Usage(of: self)
        let arrays = nodearrays.enumerated().map { array, nodearray in
            NodearrayStatus(
                name: nodearray.name, maxCount: nodearray.maxCount,
                maxCoreCount: nodearray.maxCoreCount,
                buckets: nodearray.buckets.indices.map {
                    bucketStatus(
                        array: array, bucket: $0, usage, includeNodes: includeNodes, now: now)
                }, nodearray: nodearray.record)
        }
        return ClusterStatus(
            maxCount: clusterMaxCount, maxCoreCount: clusterMaxCoreCount, nodearrays: arrays,
            nodes: includeNodes
                ? nodes.map { render($0, now: now, clusterName: configuration.clusterName) } : nil,
            state: clusterState, targetState: clusterTargetState)
    }
}

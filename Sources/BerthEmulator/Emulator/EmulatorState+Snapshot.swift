import CycleCloudAPI

extension EmulatorState {
    /// The state a snapshot describes: its limits, buckets and quota pools, and its nodes
    /// (the snapshot's node records when it has them, else one `Ready` node per active
    /// count of each bucket).
    ///
    /// - Throws: `InputError` at the JSON path of a bucket the emulator cannot use (no
    ///   machine type, no vCPUs) or a nodearray name used twice.
    init(
        snapshot: ClusterStatus, configuration: EmulatorConfiguration, document: String,
        diagnostics: inout Diagnostics
    ) throws(InputError) {
        let families = Dictionary(
            configuration.machineFamilies.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { first, _ in first })
        clusterMaxCount = snapshot.maxCount
        clusterMaxCoreCount = snapshot.maxCoreCount
        clusterState = snapshot.state ?? "Started"
        clusterTargetState = snapshot.targetState ?? "Started"
        random = SeededRandom(seed: configuration.seed)
        timings = configuration.lifecycle
        nodearrays = []
        pools = [:]

        var seen: Set<String> = []
        for (index, nodearray) in snapshot.nodearrays.enumerated() {
            let path = "$.nodearrays[\(index)]"
            guard seen.insert(nodearray.name).inserted else {
                throw InputError(
                    document: document, location: path + ".name",
                    problem: "the nodearray name \"\(nodearray.name)\" is used twice")
            }
            nodearrays.append(
                try Self.model(
                    of: nodearray, at: path, families: families, document: document,
                    pools: &pools, diagnostics: &diagnostics))
        }

        if let records = snapshot.nodes {
            for record in records {
                importNode(record, now: configuration.clock.now())
            }
        } else {
            synthesizeNodes(from: snapshot)
        }
        settleExternalConsumption(document: document, diagnostics: &diagnostics)
    }

    private static func model(
        of nodearray: NodearrayStatus, at path: String, families: [String: String],
        document: String, pools: inout [PoolKey: Pool], diagnostics: inout Diagnostics
    ) throws(InputError) -> NodearrayModel {
        let region = nodearray.region ?? "unknown-region"
        if nodearray.region == nil {
            diagnostics.warn(
                "the nodearray \(nodearray.name) has no Region attribute; its buckets share "
                    + "quota as region \"\(region)\"", document: document, at: path)
        }
        var model = NodearrayModel(
            name: nodearray.name, maxCount: nodearray.maxCount,
            maxCoreCount: nodearray.maxCoreCount, record: nodearray.nodearray, region: region,
            isSpot: nodearray.isInterruptible, buckets: [])
        for (index, bucket) in nodearray.buckets.enumerated() {
            let bucketPath = "\(path).buckets[\(index)]"
            guard let machineType = bucket.machineType, !machineType.isEmpty else {
                throw InputError(
                    document: document, location: bucketPath + ".definition.machineType",
                    problem: "the emulator needs each bucket's machine type")
            }
            guard bucket.virtualMachine.vcpuCount >= 1 else {
                throw InputError(
                    document: document, location: bucketPath + ".virtualMachine.vcpuCount",
                    problem: "must be at least 1")
            }
            let family = families[machineType.lowercased()] ?? machineType.lowercased()
            let familyPool =
                model.isSpot ? nil : PoolKey(kind: .family(family), region: region)
            let regionalPool = PoolKey(
                kind: model.isSpot ? .regionalSpot : .regional, region: region)
            if !bucket.isValid {
                // Invalid buckets report existing nodes only; their quota fields are often
                // zeros, so they do not define a pool's quota.
            } else if let familyPool {
                merge(
                    into: &pools, familyPool,
                    quota: bucket.familyQuotaCoreCount
                        ?? bucket.quotaCoreCount,
                    consumed: bucket.familyConsumedCoreCount ?? bucket.consumedCoreCount,
                    at: bucketPath, document: document, diagnostics: &diagnostics)
                merge(
                    into: &pools, regionalPool, quota: bucket.regionalQuotaCoreCount,
                    consumed: bucket.regionalConsumedCoreCount, at: bucketPath,
                    document: document, diagnostics: &diagnostics)
            } else {
                merge(
                    into: &pools, regionalPool,
                    quota: bucket.regionalQuotaCoreCount ?? bucket.quotaCoreCount,
                    consumed: bucket.regionalConsumedCoreCount ?? bucket.consumedCoreCount,
                    at: bucketPath, document: document, diagnostics: &diagnostics)
            }
            model.buckets.append(
                BucketModel(
                    template: bucket, machineType: machineType,
                    vcpus: bucket.virtualMachine.vcpuCount,
                    quotaVcpus: max(
                        bucket.virtualMachine.vcpuQuotaCount ?? 0,
                        bucket.virtualMachine.vcpuCount),
                    family: family, familyPool: familyPool, regionalPool: regionalPool,
                    maxPlacementGroupSize: nodearray.maxScaleSetSize
                        ?? bucket.maxPlacementGroupSize ?? 40))
        }
        return model
    }

    /// Records a bucket's view of a pool; the first quota stated wins, and the largest
    /// consumption, with a warning when buckets disagree.
    private static func merge(
        into pools: inout [PoolKey: Pool], _ key: PoolKey, quota: Int?, consumed: Int?,
        at path: String, document: String, diagnostics: inout Diagnostics
    ) {
        var pool = pools[key] ?? Pool()
        if let quota {
            if let known = pool.quotaCores, known != quota {
                diagnostics.warn(
                    "buckets disagree on \(key.label): \(known) and \(quota) vCPUs; using \(known)",
                    document: document, at: path)
            } else {
                pool.quotaCores = quota
            }
        }
        pool.snapshotConsumedCores = max(pool.snapshotConsumedCores, consumed ?? 0)
        pools[key] = pool
    }

    /// Takes a node record of the snapshot as it is, placing it in its bucket.
    private mutating func importNode(_ record: NodeRecord, now: Double) {
        var record = record
        let nodearray = nodearrays.firstIndex { $0.name == record.template }
        let bucket = nodearray.flatMap { index in
            nodearrays[index].buckets.firstIndex {
                $0.machineType.lowercased() == record.machineType?.lowercased()
            }
        }
        let model = nodearray.flatMap { index in bucket.map { nodearrays[index].buckets[$0] } }
        if record.nodeId == nil {
            record.attributes["NodeId"] = .string(random.uuid())
        }
        if record.name == nil {
            record.attributes["Name"] = .string("node-\(nodes.count + 1)")
        }
        var phase: NodePhase
        var keepsStatus = false
        switch record.targetState {
        case "Deallocated": phase = .deallocated
        case "Terminated", "Off": phase = .off
        default:
            switch record.status {
            case "Acquiring", "Preparing": phase = .booting(since: now)
            case "Ready", "Started", nil: phase = .ready
            default:
                phase = .ready
                keepsStatus = true
            }
        }
        nodesEverCreated += 1
        let vcpus = model?.vcpus ?? record.coreCount ?? 0
        nodes.append(
            EmulatedNode(
                record: record, nodearray: nodearray, bucket: bucket, vcpus: vcpus,
                quotaVcpus: model?.quotaVcpus ?? vcpus, phase: phase, operationIds: [],
                instanceId: record.instanceId ?? random.uuid(),
                privateIp: record.privateIp ?? Self.privateIp(nodesEverCreated),
                keepsStaticStatus: keepsStatus))
    }

    /// Makes one `Ready` node per active count of each bucket, for snapshots taken without
    /// `nodes=true`, named as `activeNodes` says when it lists them all.
    private mutating func synthesizeNodes(from snapshot: ClusterStatus) {
        for (arrayIndex, nodearray) in snapshot.nodearrays.enumerated() {
            for (bucketIndex, bucket) in nodearray.buckets.enumerated() {
                let count = max(0, bucket.activeCount)
                let names = bucket.activeNodes?.count == count ? bucket.activeNodes : nil
                var groups = (bucket.placementGroups ?? []).flatMap {
                    Array(repeating: $0.name, count: max(0, $0.activeCount))
                }
                for position in 0..<count {
                    let name =
                        names?[position]
                        ?? nextName(format: nil, offset: nil, nodearray: nodearray.name)
                    let group = groups.isEmpty ? nil : groups.removeFirst()
                    addNode(
                        name: name, nodearray: arrayIndex, bucket: bucketIndex,
                        placementGroup: group, requestId: nil, attributes: nil,
                        phase: .ready, operationId: nil)
                }
            }
        }
    }

    /// Splits each pool's snapshot consumption into this cluster's nodes and the rest.
    private mutating func settleExternalConsumption(
        document: String, diagnostics: inout Diagnostics
    ) {
        let usage = Usage(of: self)
        for (key, pool) in pools {
            let own = usage.poolCores[key] ?? 0
            if pool.snapshotConsumedCores < own {
                diagnostics.warn(
                    "\(key.label): the snapshot says \(pool.snapshotConsumedCores) vCPUs are "
                        + "consumed, but the cluster's own nodes use \(own)",
                    document: document)
            }
            pools[key]?.externalCores = max(0, pool.snapshotConsumedCores - own)
        }
    }

    static func privateIp(_ serial: Int) -> String {
        "10.1.\((serial / 250) % 250).\(serial % 250 + 4)"
    }
}

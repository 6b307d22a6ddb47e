import CycleCloudAPI

/// Choices in how a snapshot is read.
public struct CapacityOptions: Sendable, Hashable {
    /// Buckets whose last capacity failure is more recent than this many seconds get no new
    /// nodes, as CycleCloud's own autoscalers do (their default is 300 s). Zero turns it off.
    public var capacityFailureBackoff: Double

    /// The size of a new placement group when the status gives none (CycleCloud's default
    /// `Azure.MaxScaleSetSize`).
    public var defaultPlacementGroupSize: Int

    /// The defaults: 300 s of capacity-failure backoff, placement groups of 40 nodes.
    public init(capacityFailureBackoff: Double = 300, defaultPlacementGroupSize: Int = 40) {
        self.capacityFailureBackoff = capacityFailureBackoff
        self.defaultPlacementGroupSize = defaultPlacementGroupSize
    }
}

extension CapacityModel {
    /// Reads a status snapshot file and builds its capacity model.
    ///
    /// - Throws: `InputError` for a missing file, malformed JSON, a wrong type, or numbers
    ///   that cannot be true of a real cluster, naming the file and the JSON path.
    public static func load(
        path: String, catalog: MachineCatalog, options: CapacityOptions = CapacityOptions()
    ) throws(InputError) -> (status: ClusterStatus, model: CapacityModel) {
        let status = try JSONDocument.load(ClusterStatus.self, path: path)
        let model = try CapacityModel(
            status: status, document: path, catalog: catalog, options: options)
        return (status, model)
    }

    /// Builds the capacity model of `status`.
    ///
    /// - Parameters:
    ///   - document: where the status came from, for messages.
    ///   - catalog: machine types and their quota families; a machine type it does not know
    ///     is taken to be its own family, with a warning.
    /// - Throws: `InputError` when the numbers contradict each other (see `SnapshotCheck`).
    /// - Complexity: O(buckets + placement groups + nodes).
    public init(
        status: ClusterStatus, document: String, catalog: MachineCatalog,
        options: CapacityOptions = CapacityOptions()
    ) throws(InputError) {
        var diagnostics = Diagnostics()
        try SnapshotCheck.validate(status, document: document, diagnostics: &diagnostics)
        var builder = Builder(
            status: status, document: document, catalog: catalog, options: options,
            diagnostics: diagnostics)
        builder.build()
        self.document = document
        self.buckets = builder.buckets
        self.limits = builder.limits
        self.placementGroups = builder.placementGroups
        self.diagnostics = builder.diagnostics
    }
}

/// Collects buckets and limits; limits shared by several buckets are created once, keyed by
/// their kind.
private struct Builder {
    let status: ClusterStatus
    let document: String
    let catalog: MachineCatalog
    let options: CapacityOptions
    var diagnostics: Diagnostics

    var buckets: [CapacityModel.Bucket] = []
    var limits: [CapacityModel.Limit] = []
    var placementGroups: [CapacityModel.ExistingPlacementGroup] = []
    private var limitIndex: [CapacityModel.Limit.Kind: Int] = [:]
    private var unknownMachineTypes: Set<String> = []

    init(
        status: ClusterStatus, document: String, catalog: MachineCatalog,
        options: CapacityOptions, diagnostics: Diagnostics
    ) {
        self.status = status
        self.document = document
        self.catalog = catalog
        self.options = options
        self.diagnostics = diagnostics
    }

    mutating func build() {
        let usage = ActiveUsage(status: status, catalog: catalog)
        let cluster = clusterLimits(usage: usage)
        for (arrayIndex, nodearray) in status.nodearrays.enumerated() {
            let arrayLimits = nodearrayLimits(nodearray, usage: usage)
            for (bucketIndex, bucket) in nodearray.buckets.enumerated() {
                let path = "$.nodearrays[\(arrayIndex)].buckets[\(bucketIndex)]"
                addBucket(
                    bucket, of: nodearray, path: path, shared: cluster + arrayLimits)
            }
        }
        shareQuotaWithSilentBuckets()
    }

    /// Quota belongs to the subscription, not to a bucket: a bucket that leaves out the
    /// quota fields still draws on the family, regional or spot quota that other buckets of
    /// its family and region report.
    private mutating func shareQuotaWithSilentBuckets() {
        for index in buckets.indices where buckets[index].isValid {
            let bucket = buckets[index]
            let keys: [CapacityModel.Limit.Kind] =
                bucket.isSpot
                ? [.spotQuota(region: bucket.region)]
                : [
                    .familyQuota(family: bucket.family, region: bucket.region),
                    .regionalQuota(region: bucket.region),
                ]
            for key in keys {
                guard let limit = limitIndex[key],
                    !bucket.draws.contains(where: { $0.limit == limit })
                else { continue }
                buckets[index].draws.append(.init(limit: limit, units: bucket.quotaVcpus))
                diagnostics.warn(
                    "bucket \(bucket.nodearray)/\(bucket.machineType) reports no quota fields; it "
                        + "is counted against \(limits[limit].name), which other buckets report",
                    document: document)
            }
        }
    }

    private mutating func limit(
        _ kind: CapacityModel.Limit.Kind, name: String, unit: CapacityModel.Limit.Unit,
        capacity: Int, used: Int, location: String
    ) -> Int {
        if let existing = limitIndex[kind] {
            let current = limits[existing]
            if current.capacity != capacity || current.used != used {
                diagnostics.warn(
                    "\(name): buckets disagree (\(current.used) of \(current.capacity) used "
                        + "here, \(used) of \(capacity) at \(location)); using the tighter",
                    document: document, at: location)
                if capacity - used < current.remaining {
                    limits[existing].capacity = capacity
                    limits[existing].used = used
                }
            }
            return existing
        }
        let index = limits.count
        limits.append(
            CapacityModel.Limit(
                index: index, kind: kind, name: name, unit: unit, capacity: capacity,
                used: used))
        limitIndex[kind] = index
        return index
    }

    private mutating func clusterLimits(usage: ActiveUsage) -> [(Int, perCore: Bool)] {
        var result: [(Int, perCore: Bool)] = []
        if let maxCount = status.maxCount {
            let index = limit(
                .clusterNodes, name: "cluster maxCount", unit: .nodes, capacity: maxCount,
                used: usage.clusterNodes, location: "$.maxCount")
            result.append((index, false))
        }
        if let maxCores = status.maxCoreCount {
            let index = limit(
                .clusterCores, name: "cluster maxCoreCount", unit: .vcpus, capacity: maxCores,
                used: usage.clusterCores, location: "$.maxCoreCount")
            result.append((index, true))
        }
        return result
    }

    private mutating func nodearrayLimits(_ nodearray: NodearrayStatus, usage: ActiveUsage)
        -> [(Int, perCore: Bool)]
    {
        var result: [(Int, perCore: Bool)] = []
        let name = nodearray.name
        if let maxCount = nodearray.maxCount {
            let index = limit(
                .nodearrayNodes(nodearray: name), name: "nodearray \(name) maxCount",
                unit: .nodes, capacity: maxCount, used: usage.nodearrayNodes[name] ?? 0,
                location: "nodearray \(name)")
            result.append((index, false))
        }
        if let maxCores = nodearray.maxCoreCount {
            let index = limit(
                .nodearrayCores(nodearray: name), name: "nodearray \(name) maxCoreCount",
                unit: .vcpus, capacity: maxCores, used: usage.nodearrayCores[name] ?? 0,
                location: "nodearray \(name)")
            result.append((index, true))
        }
        return result
    }

    private mutating func addBucket(
        _ bucket: BucketStatus, of nodearray: NodearrayStatus, path: String,
        shared: [(Int, perCore: Bool)]
    ) {
        let machineType = bucket.machineType ?? ""
        let entry = machineType.isEmpty ? nil : catalog[machineType]
        if entry == nil, !machineType.isEmpty, bucket.isValid,
            unknownMachineTypes.insert(machineType.lowercased()).inserted
        {
            diagnostics.warn(
                "machine type \(machineType) is not in the machine catalog; it is taken to be "
                    + "a quota family of its own (add it with --catalog FILE)",
                document: document, at: path + ".definition.machineType")
        }
        let vm = bucket.virtualMachine
        let vcpus = vm.vcpuCount
        let quotaVcpus = max(vcpus, vm.vcpuQuotaCount ?? entry?.quotaVcpus ?? vcpus)
        let region = nodearray.region ?? ""
        let family = entry?.family ?? machineType
        let isSpot = nodearray.isInterruptible
        let index = buckets.count

        var isValid = bucket.isValid
        var invalidReason = bucket.isValid ? nil : (bucket.invalidReason ?? "not valid")
        if isValid, machineType.isEmpty {
            isValid = false
            invalidReason = "the bucket names no machine type"
            diagnostics.warn(
                "valid bucket without definition.machineType; no nodes are planned in it",
                document: document, at: path)
        }

        var draws: [CapacityModel.Draw] = []
        let own = limit(
            .bucket(bucketId: bucket.bucketId),
            name: "bucket \(nodearray.name)/\(machineType) availableCount", unit: .nodes,
            capacity: isValid ? bucket.availableCount : 0, used: 0, location: path)
        draws.append(.init(limit: own, units: 1))
        if let failure = bucket.lastCapacityFailure, failure >= 0,
            failure < options.capacityFailureBackoff, isValid
        {
            let held = limit(
                .capacityFailure(bucketId: bucket.bucketId),
                name: "bucket \(nodearray.name)/\(machineType) capacity failure "
                    + "\(Int(failure)) s ago", unit: .nodes, capacity: 0, used: 0,
                location: path)
            draws.append(.init(limit: held, units: 1))
        }
        // An invalid bucket takes nothing, and its numbers (often zeros) say nothing about
        // the limits it would share.
        if isValid {
            for (limitIndex, perCore) in shared {
                draws.append(.init(limit: limitIndex, units: perCore ? vcpus : 1))
            }
            draws += quotaDraws(bucket, path: path, family: family, region: region, spot: isSpot)
                .map { CapacityModel.Draw(limit: $0, units: quotaVcpus) }
        }

        let groupSize = placementGroupSize(bucket, nodearray: nodearray, vcpus: vcpus)
        var groups: [Int] = []
        for group in bucket.placementGroups ?? [] {
            let groupIndex = placementGroups.count
            let coreRoom =
                bucket.maxPlacementGroupCoreSize.map {
                    ($0 - (group.activeCoreCount ?? group.activeCount * vcpus)) / vcpus
                } ?? Int.max
            let room = max(0, min(groupSize - group.activeCount, coreRoom))
            placementGroups.append(
                .init(
                    index: groupIndex, name: group.name, bucket: index,
                    activeCount: group.activeCount, room: room))
            groups.append(groupIndex)
        }

        buckets.append(
            CapacityModel.Bucket(
                index: index, bucketId: bucket.bucketId, nodearray: nodearray.name,
                machineType: machineType, family: family, region: region, isSpot: isSpot,
                isValid: isValid, invalidReason: invalidReason,
                lastCapacityFailure: bucket.hasCapacityFailure ? bucket.lastCapacityFailure : nil,
                vcpus: vcpus, quotaVcpus: quotaVcpus,
                memoryGB: vm.memory ?? entry?.memoryGB ?? 0,
                gpus: vm.gpuCount ?? entry?.gpus ?? 0,
                infiniband: vm.infiniband ?? entry?.infiniband ?? false,
                newPlacementGroupSize: groupSize, draws: draws, placementGroups: groups))
    }

    /// Family and regional quota, or for spot nodearrays the regional spot quota. Without
    /// family and regional fields, `quotaCoreCount` and `consumedCoreCount` stand for the
    /// family quota, as the API documents them ("takes into account the regional quota").
    private mutating func quotaDraws(
        _ bucket: BucketStatus, path: String, family: String, region: String, spot: Bool
    ) -> [Int] {
        let regionName = region.isEmpty ? "region not given" : region
        var result: [Int] = []
        if spot {
            if let quota = bucket.regionalQuotaCoreCount ?? bucket.quotaCoreCount {
                let used = bucket.regionalConsumedCoreCount ?? bucket.consumedCoreCount ?? 0
                result.append(
                    limit(
                        .spotQuota(region: region), name: "spot quota (\(regionName))",
                        unit: .vcpus, capacity: quota, used: used, location: path))
            }
            return result
        }
        if let quota = bucket.familyQuotaCoreCount {
            result.append(
                limit(
                    .familyQuota(family: family, region: region),
                    name: "family quota \(family) (\(regionName))", unit: .vcpus,
                    capacity: quota, used: bucket.familyConsumedCoreCount ?? 0,
                    location: path))
        } else if let quota = bucket.quotaCoreCount {
            result.append(
                limit(
                    .familyQuota(family: family, region: region),
                    name: "family quota \(family) (\(regionName))", unit: .vcpus,
                    capacity: quota, used: bucket.consumedCoreCount ?? 0, location: path))
        }
        if let quota = bucket.regionalQuotaCoreCount {
            result.append(
                limit(
                    .regionalQuota(region: region), name: "regional quota (\(regionName))",
                    unit: .vcpus, capacity: quota, used: bucket.regionalConsumedCoreCount ?? 0,
                    location: path))
        }
        return result
    }

    private func placementGroupSize(
        _ bucket: BucketStatus, nodearray: NodearrayStatus, vcpus: Int
    ) -> Int {
        let nodes =
            bucket.maxPlacementGroupSize ?? nodearray.maxScaleSetSize
            ?? options.defaultPlacementGroupSize
        guard let cores = bucket.maxPlacementGroupCoreSize else { return nodes }
        return min(nodes, cores / vcpus)
    }
}

/// Nodes and vCPUs in use, per nodearray and for the cluster: the larger of what the buckets
/// report and what the node records say. Buckets leave out nodes that are terminating;
/// CycleCloud's autoscale library counts them against nodearray limits, and so does Berth
/// when the snapshot has node records.
private struct ActiveUsage {
    var nodearrayNodes: [String: Int] = [:]
    var nodearrayCores: [String: Int] = [:]
    var clusterNodes = 0
    var clusterCores = 0

    init(status: ClusterStatus, catalog: MachineCatalog) {
        var vcpusByMachine: [String: Int] = [:]
        for nodearray in status.nodearrays {
            for bucket in nodearray.buckets {
                nodearrayNodes[nodearray.name, default: 0] += bucket.activeCount
                nodearrayCores[nodearray.name, default: 0] += bucket.activeCoreCount
                clusterNodes += bucket.activeCount
                clusterCores += bucket.activeCoreCount
                if let machine = bucket.machineType {
                    vcpusByMachine[machine.lowercased()] = bucket.virtualMachine.vcpuCount
                }
            }
        }
        guard let nodes = status.nodes else { return }
        var recordNodes: [String: Int] = [:]
        var recordCores: [String: Int] = [:]
        var allNodes = 0
        var allCores = 0
        for node in nodes where Self.countsAgainstLimits(node) {
            let machine = node.machineType?.lowercased() ?? ""
            let cores = node.coreCount ?? vcpusByMachine[machine] ?? catalog[machine]?.vcpus ?? 0
            allNodes += 1
            allCores += cores
            if let template = node.template {
                recordNodes[template, default: 0] += 1
                recordCores[template, default: 0] += cores
            }
        }
        clusterNodes = max(clusterNodes, allNodes)
        clusterCores = max(clusterCores, allCores)
        for (name, count) in recordNodes {
            nodearrayNodes[name] = max(nodearrayNodes[name] ?? 0, count)
        }
        for (name, cores) in recordCores {
            nodearrayCores[name] = max(nodearrayCores[name] ?? 0, cores)
        }
    }

    /// A node counts unless it has come to rest in a state other than Started (terminated,
    /// deallocated or off): booting and terminating nodes still hold their VM. This is
    /// CycleCloud's autoscale library's rule, which also counts a node with a status but no
    /// target state, and skips a record with neither.
    static func countsAgainstLimits(_ node: NodeRecord) -> Bool {
        !(node.targetState == node.status && node.targetState != "Started")
    }
}

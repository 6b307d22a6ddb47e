import CycleCloudAPI

/// Turns a `ClusterSpec` into the status body CycleCloud would report for it, following the
/// limit semantics of the API reference (`cyclecloud-api.md` §4.3): every count is derived
/// from what is in use and the limits, so that the snapshot is consistent by construction.
struct SnapshotSynthesis {
    let spec: ClusterSpec
    let catalog: MachineCatalog
    let family: String

    /// A machine type as the catalog describes it.
    private struct Machine {
        var name: String
        var family: String
        var vcpus: Int
        var quotaVcpus: Int
        var memoryGB: Double
        var gpus: Int
        var infiniband: Bool
    }

    /// Limits and usage shared by many buckets.
    private struct Shared {
        var clusterNodes = 0
        var clusterCores = 0
        var nodearrayNodes: [String: Int] = [:]
        var nodearrayCores: [String: Int] = [:]
        var familyUsed: [String: Int] = [:]
        var regionalUsed: [String: Int] = [:]
        var spotUsed: [String: Int] = [:]
        var familyQuota: [String: Int] = [:]
        var regionalQuota: [String: Int] = [:]
        var spotQuota: [String: Int] = [:]
        var clusterMaxCount = 0
        var clusterMaxCoreCount = 0
        var nodearrayMaxCount: [String: Int] = [:]
        var nodearrayMaxCoreCount: [String: Int] = [:]
    }

    /// The status body, with node records when `nodeRecords` is set.
    ///
    /// - Throws: `GeneratorError` when a machine type is not in the catalog, a region has no
    ///   quota, or a placement group holds more nodes than the nodearray's scale-set size.
    /// - Complexity: O(buckets + nodes).
    func status(nodeRecords: Bool, random: inout SplitMix64) throws(GeneratorError)
        -> ClusterStatus
    {
        let machines = try resolveMachines()
        let shared = try sharedLimits(machines)
        var nodes: [NodeRecord] = []
        var nodearrays: [NodearrayStatus] = []
        for (arrayIndex, nodearray) in spec.nodearrays.enumerated() {
            var buckets: [BucketStatus] = []
            var serial = 0
            for (bucketIndex, bucket) in nodearray.buckets.enumerated() {
                let machine = machines[arrayIndex][bucketIndex]
                var status = bucketStatus(
                    bucket, machine: machine, of: nodearray, shared: shared,
                    id: random.uuid())
                if nodeRecords {
                    let records = nodeRecordsOf(
                        bucket, machine: machine, of: nodearray, arrayIndex: arrayIndex,
                        serial: &serial, random: &random)
                    status.activeNodes = records.filter { $0.targetState == "Started" }
                        .compactMap(\.name)
                    nodes += records
                }
                buckets.append(status)
            }
            nodearrays.append(
                NodearrayStatus(
                    name: nodearray.name, maxCount: shared.nodearrayMaxCount[nodearray.name],
                    maxCoreCount: shared.nodearrayMaxCoreCount[nodearray.name], buckets: buckets,
                    nodearray: record(of: nodearray)))
        }
        return ClusterStatus(
            maxCount: shared.clusterMaxCount, maxCoreCount: shared.clusterMaxCoreCount,
            nodearrays: nodearrays, nodes: nodeRecords ? nodes : nil, state: "Started",
            targetState: "Started")
    }

    private func resolveMachines() throws(GeneratorError) -> [[Machine]] {
        var result: [[Machine]] = []
        for nodearray in spec.nodearrays {
            var row: [Machine] = []
            for bucket in nodearray.buckets {
                guard let entry = catalog[bucket.machineType] else {
                    throw GeneratorError(
                        subject: family,
                        problem: "machine type \(bucket.machineType) (nodearray "
                            + "\(nodearray.name)) is not in the machine catalog; set "
                            + "BERTH_CATALOG to datasets/catalog/azure-vm-catalog.json")
                }
                let largestGroup = bucket.placementGroups.max() ?? 0
                guard largestGroup <= nodearray.maxScaleSetSize else {
                    throw GeneratorError(
                        subject: family,
                        problem: "a placement group of \(nodearray.name)/\(bucket.machineType) "
                            + "holds \(largestGroup) nodes, above MaxScalesetSize "
                            + "\(nodearray.maxScaleSetSize)")
                }
                row.append(
                    Machine(
                        name: bucket.machineType, family: entry.family, vcpus: entry.vcpus,
                        quotaVcpus: max(entry.vcpus, entry.quotaVcpus ?? entry.vcpus),
                        memoryGB: entry.memoryGB, gpus: entry.gpus,
                        infiniband: entry.infiniband))
            }
            result.append(row)
        }
        return result
    }

    private static func key(_ region: String, _ family: String) -> String {
        region + "\u{1F}" + family
    }

    /// Usage first, then each limit as usage plus room; quotas are rounded up to tens of
    /// vCPUs, as quota requests usually are.
    private func sharedLimits(_ machines: [[Machine]]) throws(GeneratorError) -> Shared {
        var shared = Shared()
        var familiesByRegion: [(region: String, family: String)] = []
        for (arrayIndex, nodearray) in spec.nodearrays.enumerated() {
            var maxVcpus = 1
            for (bucketIndex, bucket) in nodearray.buckets.enumerated() {
                let machine = machines[arrayIndex][bucketIndex]
                let active = bucket.active + bucket.placementGroups.reduce(0, +)
                let holding = (active + bucket.terminating) * machine.quotaVcpus
                maxVcpus = max(maxVcpus, machine.vcpus)
                shared.clusterNodes += active
                shared.clusterCores += active * machine.vcpus
                shared.nodearrayNodes[nodearray.name, default: 0] += active
                shared.nodearrayCores[nodearray.name, default: 0] += active * machine.vcpus
                if nodearray.spot {
                    shared.spotUsed[nodearray.region, default: 0] += holding
                } else {
                    let key = Self.key(nodearray.region, machine.family)
                    if shared.familyUsed[key] == nil {
                        familiesByRegion.append((nodearray.region, machine.family))
                    }
                    shared.familyUsed[key, default: 0] += holding
                    shared.regionalUsed[nodearray.region, default: 0] += holding
                }
            }
            let nodes = shared.nodearrayNodes[nodearray.name, default: 0]
            let cores = shared.nodearrayCores[nodearray.name, default: 0]
            shared.nodearrayMaxCount[nodearray.name] = nodes + nodearray.nodeRoom
            shared.nodearrayMaxCoreCount[nodearray.name] =
                cores + (nodearray.coreRoom ?? nodearray.nodeRoom * maxVcpus)
        }
        shared.clusterMaxCount = shared.clusterNodes + spec.nodeRoom
        shared.clusterMaxCoreCount = shared.clusterCores + spec.coreRoom

        for nodearray in spec.nodearrays
        where !spec.regions.contains(where: { $0.name == nodearray.region }) {
            throw GeneratorError(
                subject: family,
                problem: "nodearray \(nodearray.name) is in region \(nodearray.region), "
                    + "which has no regional quota")
        }
        for region in spec.regions {
            shared.regionalUsed[region.name, default: 0] += region.outside
            shared.spotUsed[region.name, default: 0] += region.spotOutside
            shared.regionalQuota[region.name] = Self.roundUp(
                shared.regionalUsed[region.name, default: 0] + region.room)
            shared.spotQuota[region.name] = Self.roundUp(
                shared.spotUsed[region.name, default: 0] + region.spotRoom)
        }
        for (region, family) in familiesByRegion {
            let key = Self.key(region, family)
            let quota = spec.familyQuotas.first { $0.region == region && $0.family == family }
            shared.familyUsed[key, default: 0] += quota?.outside ?? 0
            shared.familyQuota[key] = Self.roundUp(
                shared.familyUsed[key, default: 0] + (quota?.room ?? spec.coreRoom))
        }
        return shared
    }

    private static func roundUp(_ vcpus: Int) -> Int {
        (vcpus + 9) / 10 * 10
    }

    private func bucketStatus(
        _ bucket: BucketSpec, machine: Machine, of nodearray: NodearraySpec, shared: Shared,
        id: String
    ) -> BucketStatus {
        let vcpus = machine.vcpus
        let quotaVcpus = machine.quotaVcpus
        let active = bucket.active + bucket.placementGroups.reduce(0, +)
        let region = nodearray.region
        let familyKey = Self.key(region, machine.family)

        let familyQuota = nodearray.spot ? 0 : shared.familyQuota[familyKey, default: 0]
        let familyUsed = nodearray.spot ? 0 : shared.familyUsed[familyKey, default: 0]
        let regionalQuota =
            nodearray.spot
            ? shared.spotQuota[region, default: 0] : shared.regionalQuota[region, default: 0]
        let regionalUsed =
            nodearray.spot
            ? shared.spotUsed[region, default: 0] : shared.regionalUsed[region, default: 0]
        let quotaCores = nodearray.spot ? regionalQuota : min(familyQuota, regionalQuota)
        let consumed = nodearray.spot ? regionalUsed : familyUsed

        let arrayMax = shared.nodearrayMaxCount[nodearray.name, default: 0]
        let arrayMaxCores = shared.nodearrayMaxCoreCount[nodearray.name, default: 0]
        let maxCount = min(
            arrayMax, arrayMaxCores / vcpus, shared.clusterMaxCoreCount / vcpus,
            shared.clusterMaxCount, quotaCores / quotaVcpus)

        var rooms = [
            maxCount - active,
            (regionalQuota - regionalUsed) / quotaVcpus,
            arrayMax - shared.nodearrayNodes[nodearray.name, default: 0],
            (arrayMaxCores - shared.nodearrayCores[nodearray.name, default: 0]) / vcpus,
            shared.clusterMaxCount - shared.clusterNodes,
            (shared.clusterMaxCoreCount - shared.clusterCores) / vcpus,
        ]
        if !nodearray.spot {
            rooms.append((familyQuota - familyUsed) / quotaVcpus)
        }
        let isValid = bucket.invalidReason == nil
        let available = isValid ? max(0, rooms.min() ?? 0) : 0

        var status = BucketStatus(
            bucketId: id, machineType: machine.name, maxCount: maxCount,
            maxCoreCount: maxCount * vcpus, activeCount: active, activeCoreCount: active * vcpus,
            availableCount: available, availableCoreCount: available * vcpus,
            virtualMachine: VirtualMachine(
                vcpuCount: vcpus, memory: machine.memoryGB, infiniband: machine.infiniband,
                gpuCount: machine.gpus, pcpuCount: physicalCores(machine),
                vcpuQuotaCount: quotaVcpus))
        status.valid = isValid
        status.invalidReason = bucket.invalidReason ?? ""
        status.quotaCount = quotaCores / quotaVcpus
        status.quotaCoreCount = quotaCores
        status.consumedCoreCount = consumed
        status.familyQuotaCount = familyQuota / quotaVcpus
        status.familyQuotaCoreCount = familyQuota
        status.familyConsumedCoreCount = familyUsed
        status.regionalQuotaCount = regionalQuota / quotaVcpus
        status.regionalQuotaCoreCount = regionalQuota
        status.regionalConsumedCoreCount = regionalUsed
        status.maxPlacementGroupSize = nodearray.maxScaleSetSize
        status.maxPlacementGroupCoreSize = nodearray.maxScaleSetSize * vcpus
        status.placementGroups = bucket.placementGroups.enumerated().map { index, nodes in
            PlacementGroupStatus(
                name: "\(machine.name)_pg\(index)", activeCount: nodes,
                activeCoreCount: nodes * vcpus)
        }
        status.lastCapacityFailure = bucket.lastCapacityFailure
        return status
    }

    /// Physical cores: HPC sizes (H-series) run without simultaneous multithreading; other
    /// sizes have two vCPUs per core.
    private func physicalCores(_ machine: Machine) -> Int {
        // Limitation: an estimate, since the catalog does not record physical cores; sizes
        // with one vCPU per core outside the H-series get half their real pcpuCount.
        let hpc = machine.family.hasPrefix("standardH")
        return hpc || machine.vcpus < 2 ? machine.vcpus : machine.vcpus / 2
    }

    private func record(of nodearray: NodearraySpec) -> NodeRecord {
        NodeRecord([
            "Name": .string(nodearray.name),
            "Region": .string(nodearray.region),
            "SubnetId": .string("\(spec.name)-rg/\(spec.name)-vnet/compute"),
            "MachineType": .array(nodearray.buckets.map { .string($0.machineType) }),
            "Interruptible": .bool(nodearray.spot),
            "Azure": .object(["MaxScalesetSize": .number(Double(nodearray.maxScaleSetSize))]),
            "Configuration": .object(["autoscale": .object(["enabled": .bool(true)])]),
        ])
    }

    /// Records of the bucket's running nodes (placement groups first) and of the nodes
    /// being terminated, named `NODEARRAY-N` from 1 within the nodearray.
    private func nodeRecordsOf(
        _ bucket: BucketSpec, machine: Machine, of nodearray: NodearraySpec, arrayIndex: Int,
        serial: inout Int, random: inout SplitMix64
    ) -> [NodeRecord] {
        var plan: [(group: String?, terminating: Bool)] = []
        for (index, nodes) in bucket.placementGroups.enumerated() {
            plan += Array(repeating: ("\(machine.name)_pg\(index)", false), count: nodes)
        }
        plan += Array(repeating: (nil, false), count: bucket.active)
        plan += Array(repeating: (nil, true), count: bucket.terminating)
        return plan.map { group, terminating in
            serial += 1
            let name = "\(nodearray.name)-\(serial)"
            var attributes: [String: JSONValue] = [
                "Name": .string(name),
                "NodeId": .string(random.uuid()),
                "ClusterName": .string(spec.name),
                "Template": .string(nodearray.name),
                "MachineType": .string(machine.name),
                "Region": .string(nodearray.region),
                "Status": .string(terminating ? "Terminating" : "Ready"),
                "TargetState": .string(terminating ? "Terminated" : "Started"),
                "InstanceId": .string(random.uuid()),
                "Hostname": .string(name),
                "PrivateIp": .string(
                    "10.\(1 + arrayIndex % 250).\(serial / 250).\(4 + serial % 250)"),
                "Interruptible": .bool(nodearray.spot),
                "Infiniband": .bool(machine.infiniband),
                "KeepAlive": .bool(false),
            ]
            if let group {
                attributes["PlacementGroupId"] = .string(group)
            }
            return NodeRecord(attributes)
        }
    }
}

import BerthPlanning
import CycleCloudAPI

// Hand-built status snapshots, written the way an administrator reads them: a cluster of
// nodearrays of buckets, each bucket with only the numbers a test is about. Every count a
// test does not give follows from the ones it does, as CycleCloud reports them.

/// The machine types hand-built snapshots use, with their quota families.
enum TestMachines {
    static let catalog = MachineCatalog([
        "Standard_F4s_v2": entry("standardFSv2Family", vcpus: 4, memoryGB: 8),
        "Standard_F8s_v2": entry("standardFSv2Family", vcpus: 8, memoryGB: 16),
        "Standard_F16s_v2": entry("standardFSv2Family", vcpus: 16, memoryGB: 32),
        "Standard_D16s_v5": entry("standardDSv5Family", vcpus: 16, memoryGB: 64),
        "Standard_HC44rs": entry(
            "standardHCSFamily", vcpus: 44, memoryGB: 352, infiniband: true),
        "Standard_HB120rs_v3": entry(
            "standardHBrsv3Family", vcpus: 120, memoryGB: 448, infiniband: true),
        "Standard_NC24ads_A100_v4": entry(
            "StandardNCADSA100v4Family", vcpus: 24, memoryGB: 220, gpus: 1),
        // A constrained-core size: 2 vCPUs, charged to quota as the 4 of its parent size.
        "Standard_E4-2s_v5": entry(
            "standardESv5Family", vcpus: 2, quotaVcpus: 4, memoryGB: 32),
    ])

    private static func entry(
        _ family: String, vcpus: Int, quotaVcpus: Int? = nil, memoryGB: Double, gpus: Int = 0,
        infiniband: Bool = false
    ) -> MachineCatalog.Entry {
        MachineCatalog.Entry(
            family: family, vcpus: vcpus, quotaVcpus: quotaVcpus, memoryGB: memoryGB, gpus: gpus,
            infiniband: infiniband)
    }
}

/// A valid bucket of `machineType` with room for `available` more nodes and `active` nodes in
/// use. Its `maxCount` is `available + active` unless given; core counts follow from the
/// machine's vCPUs. The bucket id is filled in by `nodearray(...)` as `NODEARRAY/MACHINETYPE`
/// unless `id` is given.
func bucket(
    _ machineType: String, available: Int, active: Int = 0, maxCount: Int? = nil,
    vcpus: Int? = nil, memoryGB: Double? = nil, id: String = ""
) -> BucketStatus {
    let known = TestMachines.catalog[machineType]
    let cores = vcpus ?? known?.vcpus ?? 1
    let maximum = maxCount ?? available + active
    var status = BucketStatus(
        bucketId: id, machineType: machineType, maxCount: maximum, maxCoreCount: maximum * cores,
        activeCount: active, activeCoreCount: active * cores, availableCount: available,
        availableCoreCount: available * cores,
        virtualMachine: VirtualMachine(
            vcpuCount: cores, memory: memoryGB ?? known?.memoryGB ?? 4,
            infiniband: known?.infiniband ?? false, gpuCount: known?.gpus ?? 0))
    status.valid = true
    status.placementGroups = []
    return status
}

extension BucketStatus {
    /// This bucket with `change` applied, for the fields no shorthand covers.
    func with(_ change: (inout BucketStatus) -> Void) -> BucketStatus {
        var copy = self
        change(&copy)
        return copy
    }

    /// The VM family's quota in the region: `cores` vCPUs, `used` of them in use.
    func familyQuota(_ cores: Int, used: Int = 0) -> BucketStatus {
        with {
            $0.familyQuotaCoreCount = cores
            $0.familyConsumedCoreCount = used
            $0.familyQuotaCount = cores / $0.virtualMachine.vcpuCount
        }
    }

    /// The region's quota: `cores` vCPUs, `used` of them in use.
    func regionalQuota(_ cores: Int, used: Int = 0) -> BucketStatus {
        with {
            $0.regionalQuotaCoreCount = cores
            $0.regionalConsumedCoreCount = used
            $0.regionalQuotaCount = cores / $0.virtualMachine.vcpuCount
        }
    }

    /// The older fields alone: `quotaCoreCount` and `consumedCoreCount`.
    func quota(_ cores: Int, consumed: Int = 0) -> BucketStatus {
        with {
            $0.quotaCoreCount = cores
            $0.consumedCoreCount = consumed
            $0.quotaCount = cores / $0.virtualMachine.vcpuCount
        }
    }

    /// Placement groups of at most `size` nodes and `coreSize` vCPUs, with `existing` groups
    /// (name, nodes in it) already in use.
    func placementGroups(size: Int?, coreSize: Int? = nil, existing: [(String, Int)] = [])
        -> BucketStatus
    {
        with { bucket in
            let vcpus = bucket.virtualMachine.vcpuCount
            bucket.maxPlacementGroupSize = size
            bucket.maxPlacementGroupCoreSize = coreSize ?? size.map { $0 * vcpus }
            bucket.placementGroups = existing.map {
                PlacementGroupStatus(name: $0.0, activeCount: $0.1, activeCoreCount: $0.1 * vcpus)
            }
        }
    }

    /// A capacity failure `seconds` ago (negative: never).
    func capacityFailure(secondsAgo seconds: Double) -> BucketStatus {
        with { $0.lastCapacityFailure = seconds }
    }

    /// Not valid, for `reason`; as CycleCloud reports such buckets, with no room.
    func invalid(_ reason: String) -> BucketStatus {
        with {
            $0.valid = false
            $0.invalidReason = reason
            $0.availableCount = 0
            $0.availableCoreCount = 0
        }
    }

    /// One node charges `cores` vCPUs to quota.
    func vcpuQuotaCount(_ cores: Int) -> BucketStatus {
        with { $0.virtualMachine.vcpuQuotaCount = cores }
    }
}

/// A nodearray of `buckets` in `region`; a spot nodearray when `spot`.
func nodearray(
    _ name: String, region: String = "eastus", spot: Bool = false, maxCount: Int? = nil,
    maxCoreCount: Int? = nil, maxScaleSetSize: Int? = nil, _ buckets: BucketStatus...
) -> NodearrayStatus {
    var attributes: [String: JSONValue] = [
        "Name": .string(name), "Region": .string(region), "Interruptible": .bool(spot),
    ]
    if let maxScaleSetSize {
        attributes["Azure"] = .object(["MaxScalesetSize": .number(Double(maxScaleSetSize))])
    }
    let named = buckets.map { bucket in
        bucket.with {
            if $0.bucketId.isEmpty { $0.bucketId = "\(name)/\($0.machineType ?? "")" }
        }
    }
    return NodearrayStatus(
        name: name, maxCount: maxCount, maxCoreCount: maxCoreCount, buckets: named,
        nodearray: NodeRecord(attributes))
}

/// A cluster status of `nodearrays`, with node records when `nodes` is given (`nodes=true`).
func cluster(
    maxCount: Int? = nil, maxCoreCount: Int? = nil, nodes: [NodeRecord]? = nil,
    _ nodearrays: NodearrayStatus...
) -> ClusterStatus {
    ClusterStatus(
        maxCount: maxCount, maxCoreCount: maxCoreCount, nodearrays: nodearrays, nodes: nodes,
        state: "Started", targetState: "Started")
}

/// A node record of `nodearray`, in `status` on its way to `targetState`.
func nodeRecord(
    _ name: String, nodearray: String, machineType: String, status: String = "Ready",
    targetState: String? = "Started"
) -> NodeRecord {
    var attributes: [String: JSONValue] = [
        "Name": .string(name), "Template": .string(nodearray),
        "MachineType": .string(machineType), "Status": .string(status),
    ]
    if let targetState { attributes["TargetState"] = .string(targetState) }
    return NodeRecord(attributes)
}

/// The capacity model of `status`, read with the test catalog.
func capacity(_ status: ClusterStatus, options: CapacityOptions = CapacityOptions()) throws
    -> CapacityModel
{
    try CapacityModel(
        status: status, document: "snapshot.json", catalog: TestMachines.catalog,
        options: options)
}

extension CapacityModel {
    /// The bucket of `machineType` in `nodearray`; a test failure when there is none.
    func bucket(_ nodearray: String, _ machineType: String) throws -> Bucket {
        let found = buckets.first { $0.nodearray == nodearray && $0.machineType == machineType }
        guard let found else {
            throw TestFailure("no bucket \(nodearray)/\(machineType) in the model")
        }
        return found
    }

    /// New nodes the bucket can take, and the names of the limits that bind.
    func room(_ nodearray: String, _ machineType: String) throws -> (
        nodes: Int, binding: [String]
    ) {
        let headroom = headroom(of: try bucket(nodearray, machineType).index)
        return (headroom.nodes, headroom.binding.map { limits[$0].name })
    }

    /// The limit called `name`; a test failure when there is none.
    func limit(named name: String) throws -> Limit {
        guard let found = limits.first(where: { $0.name == name }) else {
            throw TestFailure(
                "no limit \"\(name)\"; the model has: "
                    + limits.map(\.name).joined(separator: "; "))
        }
        return found
    }

    /// The names of the limits a new node of the bucket draws on, with the units it draws.
    func draws(_ nodearray: String, _ machineType: String) throws -> [String: Int] {
        let draws = try bucket(nodearray, machineType).draws
        return Dictionary(
            draws.map { (limits[$0.limit].name, $0.units) }, uniquingKeysWith: { $0 + $1 })
    }
}

/// A test precondition that did not hold, thrown to stop the test with a message.
struct TestFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

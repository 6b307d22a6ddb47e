import CycleCloudAPI

/// The cluster as the emulator holds it: limits and buckets from the snapshot, quota pools,
/// nodes and operations. Every status is computed from it; nothing is cached.
struct EmulatorState {
    var clusterMaxCount: Int?
    var clusterMaxCoreCount: Int?
    var clusterState: String?
    var clusterTargetState: String?
    var nodearrays: [NodearrayModel]
    var pools: [PoolKey: Pool]
    var nodes: [EmulatedNode] = []
    var operations: [EmulatedOperation] = []
    var operationIndex: [String: Int] = [:]
    var requestIndex: [String: Int] = [:]
    var random: SeededRandom
    var timings: LifecycleTimings
    var nodesEverCreated = 0
    var requestsHandled = 0
}

/// A nodearray: its limits and attributes from the snapshot, and its buckets.
struct NodearrayModel {
    var name: String
    var maxCount: Int?
    var maxCoreCount: Int?
    var record: NodeRecord?
    var region: String
    var isSpot: Bool
    var buckets: [BucketModel]
}

/// A bucket: the snapshot's bucket as a template, and what its limits depend on.
struct BucketModel {
    var template: BucketStatus
    var machineType: String
    var vcpus: Int
    var quotaVcpus: Int
    var family: String
    var familyPool: PoolKey?
    var regionalPool: PoolKey
    var maxPlacementGroupSize: Int
    var lastCapacityFailureAt: Double?

    var isValid: Bool { template.isValid }
}

/// A quota shared by buckets: a VM family in a region, a region, or a region's spot quota.
struct PoolKey: Hashable {
    enum Kind: Hashable {
        case family(String)
        case regional
        case regionalSpot
    }

    var kind: Kind
    var region: String

    var label: String {
        switch kind {
        case .family(let family): return "the \(family) quota in \(region)"
        case .regional: return "the regional quota in \(region)"
        case .regionalSpot: return "the regional spot quota in \(region)"
        }
    }
}

/// A quota pool's limit and what is used of it outside this cluster.
struct Pool {
    /// vCPUs the quota allows; `nil` when the snapshot does not say.
    var quotaCores: Int?
    /// vCPUs used by VMs that are not this cluster's nodes.
    var externalCores: Int = 0
    /// vCPUs the snapshot said were consumed, before this cluster's nodes were subtracted.
    var snapshotConsumedCores: Int = 0
}

/// Where a node is in its lifecycle.
enum NodePhase: Equatable {
    /// `Acquiring` then `Preparing`, since the given time; `Ready` afterwards.
    case booting(since: Double)
    /// `Ready`.
    case ready
    /// `Terminating` since the given time; then removed, or `Off` when `removes` is false.
    case terminating(since: Double, removes: Bool)
    /// `Off`, with `TargetState` `Terminated` (a `Fixed` node after termination).
    case off
    /// `Deallocating` since the given time; `Deallocated` afterwards.
    case deallocating(since: Double)
    /// `Deallocated`.
    case deallocated

    /// Whether the node counts as active: its `TargetState` is `Started`.
    var isStarted: Bool {
        switch self {
        case .booting, .ready: return true
        default: return false
        }
    }

    var targetState: String {
        switch self {
        case .booting, .ready: return "Started"
        case .terminating, .off: return "Terminated"
        case .deallocating, .deallocated: return "Deallocated"
        }
    }
}

/// One node: its fixed attributes, where it belongs and its lifecycle.
struct EmulatedNode {
    var record: NodeRecord
    var nodearray: Int?
    var bucket: Int?
    var vcpus: Int
    var quotaVcpus: Int
    var phase: NodePhase
    var operationIds: [String]
    var instanceId: String?
    var privateIp: String
    var keepsStaticStatus: Bool = false

    var name: String { record.name ?? "" }
    var nodeId: String { record.nodeId ?? "" }
    var placementGroup: String? { record.placementGroupId }
    var hostname: String { record.hostname ?? name.lowercased() }
}

/// One create or management call.
struct EmulatedOperation {
    var status: OperationStatus
    var nodeIds: [String]
}

/// A cluster described the way a person designs a dataset: what is in use, and how much room
/// each limit leaves. `SnapshotSynthesis` turns it into the status CycleCloud would report,
/// with every count derived from these numbers and nothing typed twice.
struct ClusterSpec {
    /// The cluster's name, written into node records.
    var name: String
    /// Nodes the cluster's `maxCount` allows beyond those in use.
    var nodeRoom: Int
    /// vCPUs the cluster's `maxCoreCount` allows beyond those in use.
    var coreRoom: Int
    /// The nodearrays, in status order (the order a greedy autoscaler tries buckets in).
    var nodearrays: [NodearraySpec] = []
    /// Regional quotas; every region a nodearray names needs one.
    var regions: [RegionSpec] = []
    /// Family quotas that differ from the default (the cluster's core room, never binding
    /// before the cluster limit does).
    var familyQuotas: [FamilyQuotaSpec] = []
}

/// A region's vCPU quotas: one for regular nodes and one for spot nodes.
struct RegionSpec {
    /// The region, such as `eastus`.
    var name: String
    /// vCPUs of regular quota left for new nodes of any family.
    var room: Int
    /// vCPUs of regular quota used outside this cluster (other clusters, other VMs).
    var outside: Int
    /// vCPUs of spot quota left.
    var spotRoom: Int
    /// vCPUs of spot quota used outside this cluster.
    var spotOutside: Int
}

/// One VM family's quota in one region.
struct FamilyQuotaSpec {
    /// The region.
    var region: String
    /// The quota family, as the catalog names it.
    var family: String
    /// vCPUs left for new nodes.
    var room: Int
    /// vCPUs of the family used outside this cluster.
    var outside: Int
}

/// A nodearray: its region, whether it makes spot nodes, its placement-group size, the
/// room its own limits leave, and its buckets in status order.
struct NodearraySpec {
    /// The nodearray's name.
    var name: String
    /// Its Azure region.
    var region: String
    /// Whether it makes spot (interruptible) nodes.
    var spot = false
    /// `Azure.MaxScalesetSize`: the most nodes in one placement group.
    var maxScaleSetSize = 100
    /// Nodes its `maxCount` allows beyond those in use.
    var nodeRoom: Int
    /// vCPUs its `maxCoreCount` allows beyond those in use; `nil` for a core cap that never
    /// binds before the node cap does.
    var coreRoom: Int?
    /// Its buckets, one per machine type.
    var buckets: [BucketSpec]
}

/// One bucket of a nodearray: a machine type and the nodes of it already running.
struct BucketSpec {
    /// The machine type; it must be in the machine catalog.
    var machineType: String
    /// Running nodes outside any placement group.
    var active = 0
    /// Running nodes of each existing placement group, named `MACHINETYPE_pgN` the way
    /// CycleCloud's autoscale library names them.
    var placementGroups: [Int] = []
    /// Nodes being terminated: they still hold quota and count against nodearray limits in
    /// CycleCloud's autoscale library, but no longer appear in `activeCount`.
    var terminating = 0
    /// Seconds since the last capacity failure; negative means never.
    var lastCapacityFailure = -1.0
    /// Why the bucket is not valid (`DisabledMachineType`); `nil` for a valid bucket.
    var invalidReason: String?
}

/// One bucket of a nodearray (`NodearrayBucketStatus`): a machine type that new nodes can
/// be created from, with the counts and limits that apply to it.
///
/// Only `bucketId`, the count fields that every source carries and the virtual machine are
/// required; everything else decodes as optional, since servers of different versions send
/// different subsets.
public struct BucketStatus: Codable, Sendable, Hashable {
    /// The bucket's stable identifier.
    public var bucketId: String
    /// What nodes from this bucket are made of; its `machineType` names the VM size.
    public var definition: BucketDefinition?
    /// Whether new nodes may come from this bucket. Absent means valid.
    public var valid: Bool?
    /// Why the bucket is not valid, such as `DisabledMachineType`.
    public var invalidReason: String?
    /// The most nodes this bucket may have, including nodearray and cluster limits.
    public var maxCount: Int
    /// The most vCPUs this bucket may have.
    public var maxCoreCount: Int
    /// Nodes in use from this bucket in this nodearray, including those still acquiring.
    public var activeCount: Int
    /// vCPUs in use from this bucket in this nodearray.
    public var activeCoreCount: Int
    /// The names of the nodes in use; present only with `nodes=true`.
    public var activeNodes: [String]?
    /// How many more nodes can be created from this bucket.
    public var availableCount: Int
    /// How many more vCPUs can be created from this bucket.
    public var availableCoreCount: Int
    /// Instances the quota allows, given `quotaCoreCount`.
    public var quotaCount: Int?
    /// vCPUs the quota allows for this family, taking the regional quota into account.
    public var quotaCoreCount: Int?
    /// vCPUs of this family already in use in the region.
    public var consumedCoreCount: Int?
    /// Instances the family quota allows.
    public var familyQuotaCount: Int?
    /// vCPUs the family quota allows in this region.
    public var familyQuotaCoreCount: Int?
    /// vCPUs of this family already in use in the region.
    public var familyConsumedCoreCount: Int?
    /// Instances the regional quota allows.
    public var regionalQuotaCount: Int?
    /// vCPUs the regional quota allows.
    public var regionalQuotaCoreCount: Int?
    /// vCPUs already in use in the region.
    public var regionalConsumedCoreCount: Int?
    /// The most nodes in one placement group.
    public var maxPlacementGroupSize: Int?
    /// The most vCPUs in one placement group.
    public var maxPlacementGroupCoreSize: Int?
    /// The placement groups in use in this bucket.
    public var placementGroups: [PlacementGroupStatus]?
    /// Seconds since the last capacity failure; negative means never.
    public var lastCapacityFailure: Double?
    /// The machine type's properties.
    public var virtualMachine: VirtualMachine
    /// Azure's spot placement score, when the server sends it (undocumented).
    public var spotPlacementScore: String?

    /// Creates a bucket status; unspecified optional fields are absent.
    public init(
        bucketId: String, machineType: String?, maxCount: Int, maxCoreCount: Int,
        activeCount: Int, activeCoreCount: Int, availableCount: Int, availableCoreCount: Int,
        virtualMachine: VirtualMachine
    ) {
        self.bucketId = bucketId
        self.definition = machineType.map { BucketDefinition(machineType: $0) }
        self.maxCount = maxCount
        self.maxCoreCount = maxCoreCount
        self.activeCount = activeCount
        self.activeCoreCount = activeCoreCount
        self.availableCount = availableCount
        self.availableCoreCount = availableCoreCount
        self.virtualMachine = virtualMachine
    }

    /// The machine type, such as `Standard_HB120rs_v3`, when the definition names one.
    public var machineType: String? { definition?.machineType }

    /// Whether new nodes may come from this bucket (`valid`, true when absent).
    public var isValid: Bool { valid ?? true }

    /// Whether a capacity failure has been recorded (a non-negative `lastCapacityFailure`).
    public var hasCapacityFailure: Bool { (lastCapacityFailure ?? -1) >= 0 }
}

/// A bucket's definition: what nodes from it are made of.
public struct BucketDefinition: Codable, Sendable, Hashable {
    /// The VM size, such as `Standard_F2s_v2`.
    public var machineType: String?

    /// Creates a definition.
    public init(machineType: String?) {
        self.machineType = machineType
    }
}

/// A placement group in use in a bucket.
public struct PlacementGroupStatus: Codable, Sendable, Hashable {
    /// The placement group's name, unique in its nodearray.
    public var name: String
    /// Nodes in the group.
    public var activeCount: Int
    /// vCPUs in the group.
    public var activeCoreCount: Int?

    /// Creates a placement group status.
    public init(name: String, activeCount: Int, activeCoreCount: Int?) {
        self.name = name
        self.activeCount = activeCount
        self.activeCoreCount = activeCoreCount
    }
}

/// The properties of a bucket's machine type.
public struct VirtualMachine: Codable, Sendable, Hashable {
    /// vCPUs of one machine.
    public var vcpuCount: Int
    /// Memory of one machine, in GB.
    public var memory: Double?
    /// Whether the machine has InfiniBand.
    public var infiniband: Bool?
    /// GPUs of one machine.
    public var gpuCount: Int?
    /// Physical CPUs of one machine.
    public var pcpuCount: Int?
    /// vCPUs one machine draws from quota; above `vcpuCount` for constrained-core sizes.
    public var vcpuQuotaCount: Int?
    /// Cores per socket.
    public var coresPerSocket: Int?

    /// Creates a machine description.
    public init(
        vcpuCount: Int, memory: Double?, infiniband: Bool?, gpuCount: Int? = nil,
        pcpuCount: Int? = nil, vcpuQuotaCount: Int? = nil
    ) {
        self.vcpuCount = vcpuCount
        self.memory = memory
        self.infiniband = infiniband
        self.gpuCount = gpuCount
        self.pcpuCount = pcpuCount
        self.vcpuQuotaCount = vcpuQuotaCount
    }
}

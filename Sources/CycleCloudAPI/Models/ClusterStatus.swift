/// The body of `GET /clusters/{cluster}/status`: the cluster's limits and, per nodearray,
/// the buckets that new nodes can come from.
///
/// Fields follow the documented schema, but only `nodearrays` is required when decoding:
/// real servers omit fields the documentation calls required, so the rest are optional.
public struct ClusterStatus: Codable, Sendable, Hashable {
    /// The most nodes the cluster may have.
    public var maxCount: Int?
    /// The most vCPUs the cluster's nodes may have in total.
    public var maxCoreCount: Int?
    /// One entry per nodearray.
    public var nodearrays: [NodearrayStatus]
    /// The cluster's nodes; present only when requested with `nodes=true`.
    public var nodes: [NodeRecord]?
    /// The cluster's current state, such as `Started`.
    public var state: String?
    /// The state the cluster is moving to.
    public var targetState: String?

    /// Creates a status.
    public init(
        maxCount: Int? = nil, maxCoreCount: Int? = nil, nodearrays: [NodearrayStatus],
        nodes: [NodeRecord]? = nil, state: String? = nil, targetState: String? = nil
    ) {
        self.maxCount = maxCount
        self.maxCoreCount = maxCoreCount
        self.nodearrays = nodearrays
        self.nodes = nodes
        self.state = state
        self.targetState = targetState
    }
}

/// One nodearray of a cluster status (`ClusterNodearrayStatus`).
public struct NodearrayStatus: Codable, Sendable, Hashable {
    /// The nodearray's name, such as `hpc`.
    public var name: String
    /// The most nodes this nodearray may have.
    public var maxCount: Int?
    /// The most vCPUs this nodearray's nodes may have in total.
    public var maxCoreCount: Int?
    /// One bucket per machine type.
    public var buckets: [BucketStatus]
    /// The nodearray's own attributes, with CycleCloud's PascalCase keys.
    public var nodearray: NodeRecord?

    /// Creates a nodearray status.
    public init(
        name: String, maxCount: Int? = nil, maxCoreCount: Int? = nil,
        buckets: [BucketStatus], nodearray: NodeRecord? = nil
    ) {
        self.name = name
        self.maxCount = maxCount
        self.maxCoreCount = maxCoreCount
        self.buckets = buckets
        self.nodearray = nodearray
    }

    /// The Azure region, from the nodearray record's `Region` attribute.
    public var region: String? { nodearray?.string("Region") }

    /// Whether the nodearray makes spot (interruptible) nodes: its `Interruptible` attribute.
    public var isInterruptible: Bool { nodearray?.bool("Interruptible") ?? false }

    /// The nodearray's `Azure.MaxScalesetSize`, which caps a placement group in nodes.
    public var maxScaleSetSize: Int? {
        nodearray?.attributes["Azure"]?["MaxScalesetSize"]?.intValue
            ?? nodearray?.attributes["Azure"]?["MaxScaleSetSize"]?.intValue
    }
}

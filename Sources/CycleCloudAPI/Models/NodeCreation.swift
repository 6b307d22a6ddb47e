/// The body of `POST /clusters/{cluster}/nodes/create`.
public struct NodeCreationRequest: Codable, Sendable, Hashable {
    /// A token that makes the request idempotent: the server answers a repeat with 409.
    public var requestId: String?
    /// The node sets to create; at least one.
    public var sets: [NodeCreationRequestSet]

    /// Creates a request.
    public init(requestId: String?, sets: [NodeCreationRequestSet]) {
        self.requestId = requestId
        self.sets = sets
    }

    /// The number of nodes the request asks for.
    public var nodeCount: Int { sets.reduce(0) { $0 + $1.count } }
}

/// One set of a create request: `count` nodes from one nodearray.
public struct NodeCreationRequestSet: Codable, Sendable, Hashable {
    /// The nodearray to create nodes from.
    public var nodearray: String
    /// How many nodes.
    public var count: Int
    /// The bucket to use, by machine type; the first matching bucket when absent.
    public var definition: BucketDefinition?
    /// A name format such as `custom-%d` instead of `nodearray-%d`.
    public var nameFormat: String?
    /// The first index for `nameFormat`.
    public var nameOffset: Int?
    /// Extra attributes for each node.
    public var nodeAttributes: NodeRecord?
    /// The placement group for the nodes; a name not in use yet makes a new group.
    public var placementGroupId: String?

    /// Creates a set.
    public init(
        nodearray: String, count: Int, machineType: String? = nil,
        placementGroupId: String? = nil, nodeAttributes: NodeRecord? = nil
    ) {
        self.nodearray = nodearray
        self.count = count
        self.definition = machineType.map { BucketDefinition(machineType: $0) }
        self.placementGroupId = placementGroupId
        self.nodeAttributes = nodeAttributes
    }

    /// The machine type named by the definition.
    public var machineType: String? { definition?.machineType }
}

/// The answer to a create request (`NodeCreationResult`).
public struct NodeCreationResult: Codable, Sendable, Hashable {
    /// The operation that tracks the request.
    public var operationId: String
    /// One entry per requested set, in request order.
    public var sets: [NodeCreationResultSet]

    /// Creates a result.
    public init(operationId: String, sets: [NodeCreationResultSet]) {
        self.operationId = operationId
        self.sets = sets
    }
}

/// What a create request did with one set.
public struct NodeCreationResultSet: Codable, Sendable, Hashable {
    /// How many nodes were added; below the set's `count` when not all fit.
    public var added: Int
    /// Why not all nodes were added, when they were not.
    public var message: String?

    /// Creates a set result.
    public init(added: Int, message: String? = nil) {
        self.added = added
        self.message = message
    }
}

/// The body of `POST /clusters/{cluster}/nodes/{terminate|remove|deallocate|shutdown|start}`.
///
/// Nodes may be named in several ways at once; the server takes the union.
public struct NodeManagementRequest: Codable, Sendable, Hashable {
    /// A CycleCloud filter expression, such as `State === "Started"`.
    public var filter: String?
    /// Short host names.
    public var hostnames: [String]?
    /// Node ids.
    public var ids: [String]?
    /// IP addresses (the API spells this key in snake case).
    public var ipAddresses: [String]?
    /// Node names.
    public var names: [String]?
    /// An idempotency token; a repeat is answered with 409.
    public var requestId: String?

    enum CodingKeys: String, CodingKey {
        case filter, hostnames, ids, names, requestId
        case ipAddresses = "ip_addresses"
    }

    /// Creates a request.
    public init(
        ids: [String]? = nil, names: [String]? = nil, hostnames: [String]? = nil,
        ipAddresses: [String]? = nil, filter: String? = nil, requestId: String? = nil
    ) {
        self.ids = ids
        self.names = names
        self.hostnames = hostnames
        self.ipAddresses = ipAddresses
        self.filter = filter
        self.requestId = requestId
    }
}

/// The answer to a management request.
public struct NodeManagementResult: Codable, Sendable, Hashable {
    /// The operation that tracks the request.
    public var operationId: String
    /// Every node the request matched, with whether it was affected.
    public var nodes: [NodeManagementResultNode]

    /// Creates a result.
    public init(operationId: String, nodes: [NodeManagementResultNode]) {
        self.operationId = operationId
        self.nodes = nodes
    }
}

/// One node of a management result.
public struct NodeManagementResultNode: Codable, Sendable, Hashable {
    /// The node's id.
    public var id: String
    /// The node's name.
    public var name: String
    /// `OK` when the node was affected, `Error` when it was not.
    public var status: String?
    /// Why the node was not affected.
    public var error: String?

    /// Creates a node result.
    public init(id: String, name: String, status: String?, error: String? = nil) {
        self.id = id
        self.name = name
        self.status = status
        self.error = error
    }
}

/// The error body a CycleCloud server answers with: `{"Exception", "Message", "Detail"}`.
public struct APIErrorBody: Codable, Sendable, Hashable {
    /// The Java exception class on the server.
    public var exception: String?
    /// What went wrong.
    public var message: String?
    /// Where to look for more.
    public var detail: String?

    enum CodingKeys: String, CodingKey {
        case exception = "Exception"
        case message = "Message"
        case detail = "Detail"
    }

    /// Creates an error body.
    public init(exception: String?, message: String?, detail: String?) {
        self.exception = exception
        self.message = message
        self.detail = detail
    }
}

/// The body of `GET /clusters/{cluster}/nodes`.
public struct NodeList: Codable, Sendable, Hashable {
    /// The nodes, in creation order.
    public var nodes: [NodeRecord]
    /// The operation, when the query named one (by `operation` or `request_id`).
    public var operation: OperationStatus?

    /// Creates a node list.
    public init(nodes: [NodeRecord], operation: OperationStatus? = nil) {
        self.nodes = nodes
        self.operation = operation
    }
}

/// An operation: what a create or management call started, and when.
public struct OperationStatus: Codable, Sendable, Hashable {
    /// The kind of operation, such as `create`.
    public var action: String?
    /// When it was submitted, as ISO 8601 (`2020-01-01T12:34:56Z`).
    public var startTime: String?
    /// The operation's identifier; not documented in the body, but some servers send it.
    public var operationId: String?
    /// The request id it was submitted with, when the server sends it.
    public var requestId: String?

    /// Creates an operation status.
    public init(
        action: String?, startTime: String?, operationId: String? = nil,
        requestId: String? = nil
    ) {
        self.action = action
        self.startTime = startTime
        self.operationId = operationId
        self.requestId = requestId
    }
}

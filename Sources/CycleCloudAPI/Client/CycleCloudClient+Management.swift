import Foundation

/// The node management calls: `POST /clusters/{cluster}/nodes/{action}`.
public enum NodeManagementAction: String, Sendable, Hashable, CaseIterable {
    /// Terminates the nodes; they are removed unless `Fixed`.
    case terminate
    /// Terminates and removes the nodes.
    case remove
    /// Stops and deallocates the VMs; the nodes stay and can be started again.
    case deallocate
    /// Terminates or deallocates each node as its `ShutdownPolicy` says.
    case shutdown
    /// Starts deallocated or terminated nodes.
    case start
}

extension CycleCloudClient {
    /// `POST /clusters/{cluster}/nodes/{action}` for the nodes `request` names.
    ///
    /// Management calls are idempotent in effect (terminating a terminating node changes
    /// nothing), so a try whose outcome is unknown is sent again. When a retry meets a 409
    /// for the request's own `requestId`, the earlier try took effect, and the result is
    /// rebuilt from `GET nodes?request_id=` with every node `OK`.
    public func manageNodes(_ action: NodeManagementAction, _ request: NodeManagementRequest)
        async throws(CycleCloudClientError) -> NodeManagementResult
    {
        let call = APICall(method: "POST", path: clusterPath("nodes/" + action.rawValue))
        let body: Data
        do {
            body = try JSONDocument.encode(request, pretty: false)
        } catch {
            throw .configuration("the \(action.rawValue) request cannot be encoded: \(error)")
        }
        do {
            let response = try await exchange(call, body: body, idempotent: true)
            return try decode(NodeManagementResult.self, from: response.body, call: call)
        } catch let error where error.status == 409 && request.requestId != nil {
            guard let requestId = request.requestId,
                let list = try? await nodes(requestId: requestId),
                let operationId = list.operation?.operationId
            else { throw error }
            let nodes = list.nodes.map {
                NodeManagementResultNode(id: $0.nodeId ?? "", name: $0.name ?? "", status: "OK")
            }
            return NodeManagementResult(operationId: operationId, nodes: nodes)
        }
    }

    /// Terminates the nodes `request` names; see `manageNodes(_:_:)`.
    public func terminateNodes(_ request: NodeManagementRequest)
        async throws(CycleCloudClientError) -> NodeManagementResult
    {
        try await manageNodes(.terminate, request)
    }

    /// Terminates and removes the nodes `request` names.
    public func removeNodes(_ request: NodeManagementRequest)
        async throws(CycleCloudClientError) -> NodeManagementResult
    {
        try await manageNodes(.remove, request)
    }

    /// Deallocates the nodes `request` names.
    public func deallocateNodes(_ request: NodeManagementRequest)
        async throws(CycleCloudClientError) -> NodeManagementResult
    {
        try await manageNodes(.deallocate, request)
    }

    /// Shuts the nodes `request` names down, each as its `ShutdownPolicy` says.
    public func shutdownNodes(_ request: NodeManagementRequest)
        async throws(CycleCloudClientError) -> NodeManagementResult
    {
        try await manageNodes(.shutdown, request)
    }

    /// Starts the deallocated or terminated nodes `request` names.
    public func startNodes(_ request: NodeManagementRequest)
        async throws(CycleCloudClientError) -> NodeManagementResult
    {
        try await manageNodes(.start, request)
    }

    /// `POST /cloud/actions/retry/{cluster}`: asks CycleCloud to retry the cluster's failed
    /// nodes, as scalelib's `retry_failed_nodes` does. Not retried by the client.
    public func retryFailedNodes() async throws(CycleCloudClientError) {
        let call = APICall(
            method: "POST", path: "/cloud/actions/retry/" + Self.pathSegment(connection.clusterName)
        )
        _ = try await exchange(call, body: Data("{}".utf8), idempotent: false)
    }
}

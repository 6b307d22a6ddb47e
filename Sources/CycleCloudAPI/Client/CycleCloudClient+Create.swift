import Foundation

/// What a create request came to: the server's answer when it arrived, and the nodes.
public struct NodeCreationOutcome: Sendable, Hashable {
    /// The request id the nodes were created with; generated when the request had none.
    public var requestId: String
    /// The operation that created the nodes, when known.
    public var operationId: String?
    /// The server's answer per set, in request order; `nil` when the answer was lost and the
    /// outcome was recovered by looking the request id up.
    public var sets: [NodeCreationResultSet]?
    /// The created nodes, from `GET nodes?operation=` (or `?request_id=`); `nil` when the
    /// create succeeded but the list could not be fetched: look it up later by
    /// `operationId` or `requestId`, never by creating again.
    public var nodes: [NodeRecord]?
    /// How many times the create was sent.
    public var attempts: Int
    /// Whether the server's answer was lost and the outcome was found by looking up the
    /// request id (after a timeout, a lost connection, a 5xx or a 409 for the duplicate id).
    public var wasRecovered: Bool

    /// Creates an outcome.
    public init(
        requestId: String, operationId: String?, sets: [NodeCreationResultSet]?,
        nodes: [NodeRecord]?, attempts: Int, wasRecovered: Bool
    ) {
        self.requestId = requestId
        self.operationId = operationId
        self.sets = sets
        self.nodes = nodes
        self.attempts = attempts
        self.wasRecovered = wasRecovered
    }

    /// How many nodes were added: the sets' `added`, or the nodes found.
    public var addedCount: Int {
        if let sets { return sets.reduce(0) { $0 + $1.added } }
        return nodes?.count ?? 0
    }
}

extension CycleCloudClient {
    /// `POST /clusters/{cluster}/nodes/create`, made safe to retry: the request's nodes are
    /// created at most once and a create that happened is never reported as failed.
    ///
    /// The request keeps one `requestId` across tries (a fresh UUID when it has none). When
    /// the outcome of a try is unknown (a timeout, a lost connection, a 5xx), the client
    /// first asks `GET nodes?request_id=`: found means it happened, and the nodes are
    /// returned; the server's "No operation found for request id" 404 means it did not, and
    /// only then is the create sent again, after a backoff. A 409 is looked up the same way:
    /// a duplicate request id means an earlier try took effect. A failure before the
    /// request could arrive (connection refused) is simply retried.
    ///
    /// Once created, the nodes are fetched with `GET nodes?operation=`; if that fails, the
    /// outcome has `nodes == nil` rather than an error.
    ///
    /// - Throws: `CycleCloudClientError.server` for a rejected request (a 409 for invalid
    ///   input, a 4xx), `.transport` when no try could reach the server, and
    ///   `.createOutcomeUnknown` when a try may have had effect and either the look-up failed
    ///   or the tries ran out: look the request id up before creating those nodes again.
    public func createNodes(_ request: NodeCreationRequest) async throws(CycleCloudClientError)
        -> NodeCreationOutcome
    {
        var request = request
        let requestId = request.requestId ?? UUID().uuidString.lowercased()
        request.requestId = requestId
        let call = APICall(method: "POST", path: clusterPath("nodes/create"))
        let body: Data
        do {
            body = try JSONDocument.encode(request, pretty: false)
        } catch {
            throw .configuration("the create request cannot be encoded as JSON: \(error)")
        }

        var attempt = 1
        while true {
            let failure: CycleCloudClientError
            switch await sendOnce(call, body: body) {
            case .success(let response) where (200..<300).contains(response.status):
                let created: NodeCreationResult
                do {
                    created = try decode(NodeCreationResult.self, from: response.body, call: call)
                } catch {
                    // The create happened; only its answer is unreadable.
                    if let found = try await lookUp(requestId, after: error, attempts: attempt) {
                        return found
                    }
                    throw error
                }
                let nodes = try? await nodes(operationId: created.operationId).nodes
                return NodeCreationOutcome(
                    requestId: requestId, operationId: created.operationId, sets: created.sets,
                    nodes: nodes, attempts: attempt, wasRecovered: false)
            case .success(let response):
                failure = serverError(call, response)
                guard response.status == 409 || Self.isRetryable(status: response.status) else {
                    throw failure
                }
                if let found = try await lookUp(requestId, after: failure, attempts: attempt) {
                    return found
                }
                if response.status == 409 {
                    throw failure
                }
            case .failure(let transportFailure):
                failure = .transport(call: call, server: serverName, failure: transportFailure)
                guard Self.isRetryable(transportFailure) else { throw failure }
                if transportFailure.requestMayHaveArrived,
                    let found = try await lookUp(requestId, after: failure, attempts: attempt)
                {
                    return found
                }
            }
            guard attempt < retryPolicy.maxAttempts else {
                // The last try may still land after the look-up: never call it failed.
                if case .transport(_, _, let last) = failure, !last.requestMayHaveArrived {
                    throw failure
                }
                throw .createOutcomeUnknown(requestId: requestId, cause: failure)
            }
            attempt += 1
            try await backoff(call, attempt: attempt, reason: "\(failure)")
        }
    }

    /// Looks up whether the create `requestId` took effect: its outcome when it did, `nil`
    /// when the server does not know the request id.
    ///
    /// - Throws: `.createOutcomeUnknown` when the look-up itself fails.
    private func lookUp(_ requestId: String, after failure: CycleCloudClientError, attempts: Int)
        async throws(CycleCloudClientError) -> NodeCreationOutcome?
    {
        observer?(.lookingUpRequest(requestId: requestId, reason: "\(failure)"))
        let list: NodeList
        do {
            list = try await nodes(requestId: requestId)
        } catch let error where error.isUnknownRequestId {
            return nil
        } catch {
            throw .createOutcomeUnknown(requestId: requestId, cause: error)
        }
        var operationId = list.operation?.operationId
        if operationId == nil {
            operationId = try? await operations(requestId: requestId).first?.operationId
        }
        observer?(.recoveredCreate(requestId: requestId, nodeCount: list.nodes.count))
        return NodeCreationOutcome(
            requestId: requestId, operationId: operationId, sets: nil, nodes: list.nodes,
            attempts: attempts, wasRecovered: true)
    }
}

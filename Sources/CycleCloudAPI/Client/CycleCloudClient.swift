import Foundation

/// A client of the CycleCloud REST API for one cluster: status, nodes, operations, node
/// creation and node management, over HTTPS with Basic authentication.
///
/// Reads are retried with backoff on timeouts, lost connections, 408, 429 and 5xx. Creates
/// are never sent twice blindly: when the outcome of one is unknown, the client looks its
/// request id up first (see `createNodes(_:)`). Any 2xx is success. Every error names the
/// call and says what the server said.
///
/// The client is a value and `Sendable`: share it between tasks freely.
public struct CycleCloudClient: Sendable {
    /// The server, cluster and credentials.
    public let connection: CycleCloudConnection
    /// When and how often calls are tried again.
    public var retryPolicy: RetryPolicy
    /// Receives an event for every answer, retry and look-up; `nil` for none.
    public var observer: (@Sendable (CycleCloudClientEvent) -> Void)?
    let transport: any HTTPTransport

    /// A client over `transport` (a `URLSessionTransport` honouring the connection's TLS
    /// trust when `nil`).
    ///
    /// - Throws: `CycleCloudClientError.configuration` when the TLS trust cannot be honoured.
    public init(
        connection: CycleCloudConnection, retryPolicy: RetryPolicy = .standard,
        transport: (any HTTPTransport)? = nil,
        observer: (@Sendable (CycleCloudClientEvent) -> Void)? = nil
    ) throws(CycleCloudClientError) {
        self.connection = connection
        self.retryPolicy = retryPolicy
        self.observer = observer
        if let transport {
            self.transport = transport
        } else {
            self.transport = try URLSessionTransport(
                trust: connection.trust, timeout: connection.requestTimeout)
        }
    }

    // MARK: Reads

    /// `GET /clusters/{cluster}/status`: limits and buckets, with the node records and each
    /// bucket's `activeNodes` when `includeNodes`.
    public func clusterStatus(includeNodes: Bool = false) async throws(CycleCloudClientError)
        -> ClusterStatus
    {
        try await read(
            ClusterStatus.self, clusterPath("status"),
            query: includeNodes ? [("nodes", "true")] : [])
    }

    /// `GET /clusters/{cluster}/nodes`: every node of the cluster.
    public func nodes() async throws(CycleCloudClientError) -> NodeList {
        try await read(NodeList.self, clusterPath("nodes"))
    }

    /// `GET /clusters/{cluster}/nodes?operation=`: the nodes of one operation, with it.
    public func nodes(operationId: String) async throws(CycleCloudClientError) -> NodeList {
        try await read(NodeList.self, clusterPath("nodes"), query: [("operation", operationId)])
    }

    /// `GET /clusters/{cluster}/nodes?request_id=`: the nodes of the operation a request id
    /// started.
    ///
    /// - Throws: a server error with `isUnknownRequestId` when no operation has that id.
    public func nodes(requestId: String) async throws(CycleCloudClientError) -> NodeList {
        try await read(NodeList.self, clusterPath("nodes"), query: [("request_id", requestId)])
    }

    /// `GET /operations/`: every operation, or the one (at most) a request id started.
    /// Both an array and a single object are accepted, as servers of different versions
    /// answer either.
    public func operations(requestId: String? = nil) async throws(CycleCloudClientError)
        -> [OperationStatus]
    {
        let query = requestId.map { [("request_id", $0)] } ?? []
        let call = APICall(method: "GET", path: pathWithQuery("/operations/", query))
        let response = try await exchange(call, body: nil, idempotent: true)
        let opening = response.body.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
        if opening == UInt8(ascii: "[") {
            return try decode([OperationStatus].self, from: response.body, call: call)
        }
        return [try decode(OperationStatus.self, from: response.body, call: call)]
    }

    /// `GET /operations/{id}`: one operation.
    public func operation(id: String) async throws(CycleCloudClientError) -> OperationStatus {
        try await read(OperationStatus.self, "/operations/" + Self.pathSegment(id))
    }

    // MARK: Shared machinery

    func clusterPath(_ suffix: String) -> String {
        "/clusters/" + Self.pathSegment(connection.clusterName) + "/" + suffix
    }

    /// Reads `T` from `GET path?query`, with retries.
    func read<T: Decodable>(
        _ type: T.Type, _ path: String, query: [(String, String)] = []
    ) async throws(CycleCloudClientError) -> T {
        let call = APICall(method: "GET", path: pathWithQuery(path, query))
        let response = try await exchange(call, body: nil, idempotent: true)
        return try decode(type, from: response.body, call: call)
    }

    /// Sends `call` until it gets a 2xx answer, retrying what the policy and `idempotent`
    /// allow: everything retryable when idempotent, otherwise only failures that happened
    /// before the request could arrive.
    func exchange(_ call: APICall, body: Data?, idempotent: Bool)
        async throws(CycleCloudClientError) -> TransportResponse
    {
        var attempt = 1
        while true {
            let reason: String
            switch await sendOnce(call, body: body) {
            case .success(let response):
                if (200..<300).contains(response.status) {
                    return response
                }
                let error = serverError(call, response)
                guard idempotent, attempt < retryPolicy.maxAttempts,
                    Self.isRetryable(status: response.status)
                else { throw error }
                reason = "HTTP \(response.status)"
            case .failure(let failure):
                let error = CycleCloudClientError.transport(
                    call: call, server: serverName, failure: failure)
                guard attempt < retryPolicy.maxAttempts, Self.isRetryable(failure),
                    idempotent || !failure.requestMayHaveArrived
                else { throw error }
                reason = failure.description
            }
            attempt += 1
            try await backoff(call, attempt: attempt, reason: reason)
        }
    }

    /// Sends `call` once.
    func sendOnce(_ call: APICall, body: Data?) async -> Result<TransportResponse, TransportFailure>
    {
        var headers = [
            "Authorization": connection.credentials.authorizationHeader,
            "Accept": "application/json",
        ]
        if body != nil {
            headers["Content-Type"] = "application/json"
        }
        let request = TransportRequest(
            method: call.method, url: url(for: call), headers: headers, body: body,
            timeout: connection.requestTimeout)
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await transport.send(request)
            observer?(
                .answered(call: call, status: response.status, seconds: seconds(since: start)))
            return .success(response)
        } catch {
            observer?(.failed(call: call, failure: error, seconds: seconds(since: start)))
            return .failure(error)
        }
    }

    /// Waits before try `attempt` of `call`.
    func backoff(_ call: APICall, attempt: Int, reason: String)
        async throws(CycleCloudClientError)
    {
        let delay = retryPolicy.delay(beforeRetry: attempt - 1, draw: retryPolicy.random())
        observer?(.retrying(call: call, attempt: attempt, delay: delay, reason: reason))
        do {
            try await retryPolicy.sleep(delay)
        } catch {
            throw .transport(
                call: call, server: serverName,
                failure: TransportFailure(kind: .cancelled, detail: "while waiting to retry"))
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, call: APICall)
        throws(CycleCloudClientError) -> T
    {
        do {
            return try JSONDocument.decode(type, from: data, document: "the answer to \(call)")
        } catch {
            throw .invalidResponse(call: call, problem: error)
        }
    }

    func serverError(_ call: APICall, _ response: TransportResponse) -> CycleCloudClientError {
        let body = try? JSONDecoder().decode(APIErrorBody.self, from: response.body)
        let hasBody = body?.message != nil || body?.exception != nil
        let text = String(decoding: response.body, as: UTF8.self)
        return .server(
            call: call, status: response.status, body: hasBody ? body : nil,
            text: hasBody ? nil : text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// The server as errors name it: scheme, host and port, no credentials.
    var serverName: String { CycleCloudConnection.redacted(connection.url) }

    func pathWithQuery(_ path: String, _ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return path }
        let pairs = query.map { Self.queryComponent($0.0) + "=" + Self.queryComponent($0.1) }
        return path + "?" + pairs.joined(separator: "&")
    }

    private func url(for call: APICall) -> URL {
        var base = connection.url.absoluteString
        while base.hasSuffix("/") {
            base.removeLast()
        }
        return URL(string: base + call.path) ?? connection.url
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock().now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500..<600).contains(status)
    }

    static func isRetryable(_ failure: TransportFailure) -> Bool {
        failure.kind != .tls && failure.kind != .cancelled
    }

    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func queryComponent(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

extension CycleCloudClientError {
    /// Whether this is the server's answer to a request id it does not know: a 404 whose
    /// text contains "No operation found for request id". It means the create never
    /// happened.
    public var isUnknownRequestId: Bool {
        guard case .server(_, 404, let body, let text) = self else { return false }
        let said = [body?.message, body?.detail, body?.exception, text].compactMap { $0 }
        return said.contains { $0.localizedCaseInsensitiveContains(Self.unknownRequestIdText) }
    }

    /// The words a CycleCloud server uses for an unknown request id.
    public static let unknownRequestIdText = "No operation found for request id"
}

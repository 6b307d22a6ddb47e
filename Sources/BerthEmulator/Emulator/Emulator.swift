import CycleCloudAPI
import Foundation
import Synchronization

/// A stateful emulator of the CycleCloud REST API for one cluster, started from a cluster
/// status snapshot.
///
/// Creates consume bucket, nodearray, cluster, family, regional and placement-group room
/// and every later status shows it; nodes go through `Acquiring`, `Preparing` and `Ready`
/// on the configured clock; management calls terminate, remove, deallocate and start them;
/// operations and request ids resolve. Faults can be injected (see `FaultInjection`).
///
/// `handle(_:)` is thread-safe: the state sits behind a mutex, and requests are applied one
/// at a time. Serve it over HTTP with `EmulatorServer`.
public final class Emulator: Sendable {
    /// How the emulator behaves.
    public let configuration: EmulatorConfiguration
    /// What was odd about the snapshot, such as buckets that disagree on a quota.
    public let diagnostics: Diagnostics
    private let state: Mutex<EmulatorState>
    private let capacityFailures: Set<String>

    /// An emulator of `snapshot`, which came from `document` (named in errors).
    ///
    /// - Throws: `InputError` at the JSON path of what cannot be emulated: a bucket without
    ///   a machine type or without vCPUs, or a nodearray name used twice.
    public init(
        snapshot: ClusterStatus, configuration: EmulatorConfiguration = EmulatorConfiguration(),
        document: String = "snapshot"
    ) throws(InputError) {
        var diagnostics = Diagnostics()
        let initial = try EmulatorState(
            snapshot: snapshot, configuration: configuration, document: document,
            diagnostics: &diagnostics)
        self.configuration = configuration
        self.diagnostics = diagnostics
        self.state = Mutex(initial)
        self.capacityFailures = Set(configuration.faults.capacityFailures.map { $0.lowercased() })
    }

    /// An emulator of the cluster status in the JSON file at `path`.
    ///
    /// - Throws: `InputError` naming the file and the place in it.
    public convenience init(snapshotPath path: String, configuration: EmulatorConfiguration)
        throws(InputError)
    {
        let snapshot = try JSONDocument.load(ClusterStatus.self, path: path)
        try self.init(snapshot: snapshot, configuration: configuration, document: path)
    }

    /// The cluster status as `GET status` would answer it now, by default as with
    /// `nodes=true`.
    public func status(includeNodes: Bool = true) -> ClusterStatus {
        let now = configuration.clock.now()
        return state.withLock { state in
            state.settle(now: now)
            return state.clusterStatus(
                includeNodes: includeNodes, configuration: configuration, now: now)
        }
    }

    /// Answers one API request. Never fails: bad input gets the API's error body with 400,
    /// 404, 405 or 409.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let serial = state.withLock { state -> Int in
            state.requestsHandled += 1
            return state.requestsHandled
        }
        if let credentials = configuration.credentials,
            !credentials.matches(authorizationHeader: request.header("Authorization"))
        {
            return failure(
                APIFailure(
                    status: 401,
                    exception: "com.cyclecomputing.cloud.exceptions.AuthenticationException",
                    message: "Authentication is required: wrong or missing user name and password"),
                serial: serial, headers: ["WWW-Authenticate": "Basic realm=\"CycleCloud\""])
        }
        let route: Route
        do {
            route = try Route(request, cluster: configuration.clusterName)
        } catch {
            return failure(error, serial: serial)
        }
        if configuration.faults.latency > 0 {
            // Limitation: the delay holds one of the server's threads, so with latency at
            // most `threads` requests are served at a time.
            usleep(useconds_t(min(configuration.faults.latency, 60) * 1_000_000))
        }
        if let injected = injectedFailure(for: route.endpoint) {
            return failure(injected, serial: serial)
        }
        do {
            return try answer(route, request)
        } catch {
            return failure(error, serial: serial)
        }
    }

    // MARK: Answers

    private func answer(_ route: Route, _ request: HTTPRequest) throws(APIFailure) -> HTTPResponse {
        let now = configuration.clock.now()
        let cluster = configuration.clusterName
        switch route {
        case .status(let includeNodes):
            return .json(status(includeNodes: includeNodes))
        case .nodes(let operationId, let requestId):
            let list = try state.withLock { state throws(APIFailure) -> NodeList in
                state.settle(now: now)
                if let operationId {
                    return try state.nodes(ofOperation: operationId, now: now, clusterName: cluster)
                }
                if let requestId {
                    return try state.nodes(ofRequest: requestId, now: now, clusterName: cluster)
                }
                return NodeList(
                    nodes: state.nodes.map { state.render($0, now: now, clusterName: cluster) })
            }
            return .json(list)
        case .create:
            let body = try decode(NodeCreationRequest.self, request)
            let result = try state.withLock { state throws(APIFailure) -> NodeCreationResult in
                state.settle(now: now)
                return try state.create(body, now: now, capacityFailures: capacityFailures)
            }
            if let dropped = droppedCreateResponse() {
                return dropped
            }
            return .json(
                result, status: 202, headers: ["Location": "/operations/\(result.operationId)"])
        case .manage(let action):
            let body = try decode(NodeManagementRequest.self, request)
            let result = try state.withLock { state throws(APIFailure) -> NodeManagementResult in
                state.settle(now: now)
                return try state.manage(action, body, now: now)
            }
            return .json(
                result, status: 202, headers: ["Location": "/operations/\(result.operationId)"])
        case .operations(let requestId):
            let found = state.withLock { state in
                state.operations.filter { requestId == nil || $0.status.requestId == requestId }
                    .map(\.status)
            }
            return .json(found)
        case .operation(let id):
            let found = state.withLock { state in
                state.operationIndex[id].map { state.operations[$0].status }
            }
            guard let found else { throw .notFound("No operation found with id \(id)") }
            return .json(found)
        case .retry:
            state.withLock { state in
                state.settle(now: now)
                state.retryFailedNodes(now: now)
            }
            return .json([String: String]())
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: HTTPRequest) throws(APIFailure)
        -> T
    {
        do {
            return try JSONDocument.decode(type, from: request.body, document: "request body")
        } catch {
            throw .badRequest("Invalid JSON body: \(error)")
        }
    }

    // MARK: Faults

    /// A 500 or 503, drawn at the endpoint's failure rate, answered before any effect.
    private func injectedFailure(for endpoint: EmulatorEndpoint) -> APIFailure? {
        guard let rate = configuration.faults.failureRates[endpoint], rate > 0 else { return nil }
        let (fails, unavailable) = state.withLock { state in
            (state.random.unit() < rate, state.random.unit() < 0.5)
        }
        guard fails else { return nil }
        if unavailable {
            return APIFailure(
                status: 503, exception: "ServiceUnavailable",
                message: "Emulated failure: the service is temporarily unavailable")
        }
        return APIFailure(
            status: 500, exception: "com.cyclecomputing.cloud.exceptions.InternalException",
            message: "Emulated failure: internal server error")
    }

    /// The lost answer of a create that took effect, drawn at the drop rate.
    private func droppedCreateResponse() -> HTTPResponse? {
        let rate = configuration.faults.dropCreateResponseRate
        guard rate > 0, state.withLock({ $0.random.unit() < rate }) else { return nil }
        switch configuration.faults.dropMode {
        case .closeConnection:
            return .dropConnection
        case .badGateway:
            return .json(
                APIErrorBody(
                    exception: "BadGateway", message: "Emulated lost answer: 502 Bad Gateway",
                    detail: "the create took effect"), status: 502)
        }
    }

    private func failure(
        _ failure: APIFailure, serial: Int, headers: [String: String] = [:]
    ) -> HTTPResponse {
        let body = APIErrorBody(
            exception: failure.exception, message: failure.message,
            detail: "Berth emulator of cluster \(configuration.clusterName); request-\(serial)")
        return .json(body, status: failure.status, headers: headers)
    }
}

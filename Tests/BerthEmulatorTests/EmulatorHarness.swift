import BerthEmulator
import CycleCloudAPI
import Foundation
import Synchronization
import Testing

/// The fixtures beside these tests.
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func fixturePath(_ name: String) -> String {
    fixtures.appendingPathComponent(name).path
}

/// The quota families of the machine types in the fixtures, as the CLI would pass them from
/// the catalog.
let testFamilies = [
    "Standard_F4s_v2": "standardFSv2Family",
    "standard_f8s_v2": "standardFSv2Family",
    "Standard_D4s_v3": "standardDSv3Family",
    "Standard_HB120rs_v3": "standardHBv3Family",
]

extension RetryPolicy {
    /// Five tries without waiting, for tests.
    static var immediate: RetryPolicy {
        RetryPolicy(maxAttempts: 5, baseDelay: .zero, maxDelay: .zero, jitter: 0, sleep: { _ in })
    }
}

/// Collects what a client's observer is told.
final class EventLog: Sendable {
    private let events = Mutex<[CycleCloudClientEvent]>([])

    var all: [CycleCloudClientEvent] { events.withLock { $0 } }
    var lines: [String] { all.map(\.description) }

    func record(_ event: CycleCloudClientEvent) {
        events.withLock { $0.append(event) }
    }

    func count(where predicate: (CycleCloudClientEvent) -> Bool) -> Int {
        all.filter(predicate).count
    }
}

/// An emulator served on an ephemeral loopback port, and a client pointed at it.
struct Harness {
    let server: EmulatorServer
    let client: CycleCloudClient
    let events: EventLog

    var emulator: Emulator { server.emulator }

    /// The bucket `machineType` of nodearray `nodearray` in the emulator's current status.
    func bucket(_ nodearray: String, _ machineType: String) throws -> BucketStatus {
        let array = try #require(emulator.status().nodearrays.first { $0.name == nodearray })
        return try #require(array.buckets.first { $0.machineType == machineType })
    }
}

/// The tests' emulator configuration (the fixtures' machine families) changed by `change`.
func configured(_ change: (inout EmulatorConfiguration) -> Void = { _ in })
    -> EmulatorConfiguration
{
    var configuration = EmulatorConfiguration(machineFamilies: testFamilies)
    change(&configuration)
    return configuration
}

/// Runs `body` against a fresh emulator of `snapshot` with `configuration`, and a client
/// using `retryPolicy` and `credentials` (the emulator's own when `nil`).
func withEmulator<T>(
    snapshot: String = "shared-quota-snapshot.json",
    configuration: EmulatorConfiguration = configured(),
    retryPolicy: RetryPolicy = .immediate, timeout: Double = 10,
    credentials: CycleCloudCredentials? = nil,
    _ body: (Harness) async throws -> T
) async throws -> T {
    let server = try EmulatorServer.start(
        snapshotPath: fixturePath(snapshot), configuration: configuration)
    defer { server.stop() }
    let connection = try CycleCloudConnection(
        url: server.url, clusterName: configuration.clusterName,
        credentials: credentials ?? configuration.credentials
            ?? CycleCloudCredentials(username: "tester", password: "not-checked"),
        requestTimeout: timeout)
    let events = EventLog()
    let client = try CycleCloudClient(
        connection: connection, retryPolicy: retryPolicy,
        observer: { events.record($0) })
    return try await body(Harness(server: server, client: client, events: events))
}

/// Sends a raw request to the emulator, bypassing the client.
func rawRequest(
    _ server: EmulatorServer, method: String, path: String, body: Data? = nil,
    headers: [String: String] = [:]
) async throws -> (status: Int, body: Data, headers: [String: String]) {
    let transport = try URLSessionTransport()
    let url = try #require(URL(string: server.url.absoluteString + path))
    let response = try await transport.send(
        TransportRequest(method: method, url: url, headers: headers, body: body, timeout: 10))
    return (response.status, response.body, response.headers)
}

/// A node creation request of one set.
func createRequest(
    _ nodearray: String, _ count: Int, machineType: String? = nil, requestId: String? = nil,
    placementGroup: String? = nil
) -> NodeCreationRequest {
    NodeCreationRequest(
        requestId: requestId,
        sets: [
            NodeCreationRequestSet(
                nodearray: nodearray, count: count, machineType: machineType,
                placementGroupId: placementGroup)
        ])
}

/// A transport that answers from a script, for client tests that need exact failures.
final class ScriptedTransport: HTTPTransport {
    enum Step: Sendable {
        case answer(Int, String)
        case fail(TransportFailure.Kind)
    }

    private let steps: Mutex<[Step]>
    private let sent = Mutex<[TransportRequest]>([])

    init(_ steps: [Step]) {
        self.steps = Mutex(steps)
    }

    /// What was sent, as `METHOD /path?query`.
    var paths: [String] {
        sent.withLock { requests in
            requests.map { request in
                let text = request.url.absoluteString
                let path = text.replacingOccurrences(of: "https://cc.example.com", with: "")
                return "\(request.method) \(path)"
            }
        }
    }

    var requests: [TransportRequest] { sent.withLock { $0 } }

    func send(_ request: TransportRequest) async throws(TransportFailure) -> TransportResponse {
        sent.withLock { $0.append(request) }
        let step = steps.withLock { steps -> Step? in
            steps.isEmpty ? nil : steps.removeFirst()
        }
        switch step {
        case .answer(let status, let body):
            return TransportResponse(status: status, body: Data(body.utf8))
        case .fail(let kind):
            throw TransportFailure(kind: kind, detail: "scripted")
        case nil:
            throw TransportFailure(kind: .other, detail: "the script has no more answers")
        }
    }
}

/// A client of cluster `demo` at `https://cc.example.com` over `transport`.
func scriptedClient(
    _ transport: ScriptedTransport, retryPolicy: RetryPolicy = .immediate,
    events: EventLog? = nil
) throws -> CycleCloudClient {
    let connection = try CycleCloudConnection(
        url: try #require(URL(string: "https://cc.example.com")), clusterName: "demo",
        credentials: CycleCloudCredentials(username: "alice", password: "s3cret-Pa55"))
    return try CycleCloudClient(
        connection: connection, retryPolicy: retryPolicy, transport: transport,
        observer: { events?.record($0) })
}

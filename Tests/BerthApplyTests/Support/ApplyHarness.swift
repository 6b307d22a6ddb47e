import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Synchronization
import Testing

/// The package's root directory, found from this file's place in it.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Files the tests use, as absolute paths.
enum Paths {
    static let snapshot = path("datasets/examples/contention/snapshot.json")
    static let workload = path("datasets/examples/contention/workload.json")
    static let catalog = path("datasets/catalog/azure-vm-catalog.json")

    static func path(_ relative: String) -> String {
        packageRoot.appendingPathComponent(relative).path
    }
}

/// The bundled machine catalog.
func catalog() throws -> MachineCatalog {
    try MachineCatalog.load(path: Paths.catalog)
}

/// The contention snapshot, as the emulator and the planners read it.
func contentionSnapshot() throws -> ClusterStatus {
    try JSONDocument.load(ClusterStatus.self, path: Paths.snapshot)
}

/// The user name and password the tests' emulators require.
enum TestCredentials {
    static let username = "ops"
    static let password = "Apply-Secret-7f3Q"
    static var credentials: CycleCloudCredentials {
        CycleCloudCredentials(username: username, password: password)
    }
}

/// An emulator of `snapshot` on an ephemeral loopback port, requiring the test credentials,
/// with the catalog's quota families, and a client of it.
struct Harness {
    let server: EmulatorServer
    let client: CycleCloudClient

    var emulator: Emulator { server.emulator }
    var url: String { server.url.absoluteString }

    /// Connection options for `berth` to reach the emulator; the password goes in the
    /// environment (`environment`).
    var connection: [String] {
        ["--url", url, "--username", TestCredentials.username, "--cluster", "demo"]
    }

    var environment: [String: String] { ["CYCLECLOUD_PASSWORD": TestCredentials.password] }

    /// The emulator's nodes whose `RequestId` is `requestId`.
    func nodes(ofRequest requestId: String) -> [NodeRecord] {
        (emulator.status().nodes ?? []).filter { $0.requestId == requestId }
    }
}

/// Runs `body` against a fresh emulator of `snapshot` (the contention example by default)
/// with `faults`, `lifecycle` and `clock`, and a client whose requests time out after
/// `timeout` seconds.
func withEmulator<T>(
    snapshot: ClusterStatus? = nil, faults: FaultInjection = FaultInjection(),
    lifecycle: LifecycleTimings = .instant, clock: any EmulatorClock = SystemClock(),
    timeout: Double = 10, _ body: (Harness) async throws -> T
) async throws -> T {
    let status = try snapshot ?? contentionSnapshot()
    let configuration = EmulatorConfiguration(
        clusterName: "demo", credentials: TestCredentials.credentials,
        machineFamilies: try families(of: status), lifecycle: lifecycle, faults: faults,
        clock: clock)
    let server = try EmulatorServer.start(snapshot: status, configuration: configuration)
    defer { server.stop() }
    let connection = try CycleCloudConnection(
        url: server.url, clusterName: "demo", credentials: TestCredentials.credentials,
        requestTimeout: timeout)
    let client = try CycleCloudClient(connection: connection, retryPolicy: .immediate)
    return try await body(Harness(server: server, client: client))
}

/// The quota family of every machine type of `status`, from the catalog, as `berth emulate`
/// gives them to its emulator.
func families(of status: ClusterStatus) throws -> [String: String] {
    let catalog = try catalog()
    var families: [String: String] = [:]
    for machineType in status.nodearrays.flatMap(\.buckets).compactMap(\.machineType) {
        families[machineType] = catalog[machineType]?.family
    }
    return families
}

extension RetryPolicy {
    /// Five tries without waiting, for tests.
    static var immediate: RetryPolicy {
        RetryPolicy(maxAttempts: 5, baseDelay: .zero, maxDelay: .zero, jitter: 0, sleep: { _ in })
    }
}

/// A plan of the contention example made by the library, as `berth plan` makes it, and
/// checked by the verifier.
func contentionPlan(_ kind: PlannerKind, maxNodesPerRequest: Int = 500) async throws -> Plan {
    let input = try PlanningInput.load(
        snapshot: Paths.snapshot, workload: Paths.workload, catalog: try catalog())
    let plan: Plan
    switch kind {
    case .optimal:
        plan = await OptimalPlanner.plan(
            input, options: OptimalOptions(maxNodesPerRequest: maxNodesPerRequest))
    case .greedy, .largestFirst:
        plan = HeuristicPlanner.plan(
            input, order: kind == .greedy ? .fileOrder : .largestFirst,
            maxNodesPerRequest: maxNodesPerRequest)
    }
    try expectVerifies(plan, against: try contentionSnapshot())
    return plan
}

/// Checks that `plan` passes the verifier against `status`.
func expectVerifies(
    _ plan: Plan, against status: ClusterStatus,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let model = try CapacityModel(status: status, document: "status", catalog: try catalog())
    let workload = try Workload.load(path: Paths.workload)
    let violations = PlanVerifier(model: model, workload: workload).violations(of: plan)
    #expect(violations.isEmpty, "\(violations)", sourceLocation: sourceLocation)
}

/// A new, empty temporary directory.
func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("berth-apply-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Events an applier reported, in order.
final class EventLog: Sendable {
    private let events = Mutex<[ApplyEvent]>([])

    var all: [ApplyEvent] { events.withLock { $0 } }

    func record(_ event: ApplyEvent) {
        events.withLock { $0.append(event) }
    }
}

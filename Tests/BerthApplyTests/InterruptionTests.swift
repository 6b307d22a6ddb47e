import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Synchronization
import Testing

/// Lost answers and interrupted runs: nothing is created twice and nothing is lost.
@Suite struct InterruptionTests {
    @Test(
        "creates whose answers are lost after they took effect are found by request id",
        arguments: [(FaultInjection.DropMode.badGateway, 50), (.closeConnection, 500)])
    func droppedAnswers(mode: FaultInjection.DropMode, maxNodesPerRequest: Int) async throws {
        // A closed connection is seen only at the client's timeout on Linux (see
        // docs/limitations.md): one request, with a 1 s timeout.
        let plan = try await contentionPlan(.greedy, maxNodesPerRequest: maxNodesPerRequest)
        let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
        let faults = FaultInjection(dropCreateResponseRate: 1, dropMode: mode)
        try await withEmulator(faults: faults, timeout: 1) { harness in
            let before = harness.emulator.status().nodes?.count ?? 0
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let journalPath = directory + "/journal.json"
            let applier = PlanApplier(client: harness.client)

            let report = try await applier.apply(plan, planPath: "plan", journalPath: journalPath)
            #expect(report.isComplete, "\(report.text())")
            #expect(report.requests.allSatisfy { $0.action == .recovered })
            #expect(report.nodesCreated == nodes)
            #expect(harness.emulator.status().nodes?.count == before + nodes)
            for request in plan.createRequests {
                let made = harness.nodes(ofRequest: request.requestId ?? "")
                #expect(made.count == request.nodeCount)
            }
            let journal = try #require(try ApplyJournal.load(path: journalPath))
            #expect(journal.isComplete)
            #expect(journal.requests.allSatisfy { $0.recovered == true })
        }
    }

    @Test(
        "a rerun after a kill looks up the request left sent, sends the rest, creates nothing twice"
    )
    func rerunAfterKill() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try await contentionPlan(.optimal, maxNodesPerRequest: 40)
        try #require(plan.createRequests.count >= 3)
        try PlanFiles.write(plan, to: directory)

        try await withEmulator { harness in
            let before = harness.emulator.status().nodes?.count ?? 0
            // The first run was killed: request 1 had reached CycleCloud and created its
            // nodes, request 2 was marked sent but never left, the rest were pending.
            let first = try await harness.client.createNodes(plan.createRequests[0])
            #expect(first.addedCount == plan.createRequests[0].nodeCount)
            var journal = ApplyJournal(
                plan: plan, planPath: directory, cluster: "demo", server: harness.url)
            journal.requests[0].state = .sent
            journal.requests[1].state = .sent
            try journal.save(to: ApplyJournal.defaultPath(forPlan: directory))

            let run = try await berth(
                ["apply", "--plan", directory, "--format", "json"] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 0, "\(run)")
            let report = try JSONDocument.decode(
                ApplyReport.self, from: Data(run.stdout.utf8), document: "stdout")
            #expect(
                report.requests.map(\.action) == [.recovered]
                    + Array(
                        repeating: .sent, count: plan.createRequests.count - 1))
            #expect(report.nodesCreated == report.nodesRequested)

            let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
            #expect(harness.emulator.status().nodes?.count == before + nodes)
            for request in plan.createRequests {
                #expect(
                    harness.nodes(ofRequest: request.requestId ?? "").count == request.nodeCount)
            }
            let journalAfter = try #require(
                try ApplyJournal.load(path: ApplyJournal.defaultPath(forPlan: directory)))
            #expect(journalAfter.isComplete)
            #expect(
                Set(journalAfter.requests[0].nodes?.map(\.id) ?? [])
                    == Set(first.nodes?.compactMap(\.nodeId) ?? []))
        }
    }

    @Test("a create that cannot be confirmed is journaled as unknown and finished by the next run")
    func unknownThenFinished() async throws {
        let plan = try await contentionPlan(.greedy, maxNodesPerRequest: 50)
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journalPath = directory + "/journal.json"

        try await withEmulator { harness in
            let before = harness.emulator.status().nodes?.count ?? 0
            // Creates reach the emulator but their answers are lost, and so are the look-ups:
            // the outcome of request 1 is unknown and the run stops there.
            let transport = try LossyTransport()
            let client = try CycleCloudClient(
                connection: harness.client.connection, retryPolicy: .immediate,
                transport: transport)
            let stopped = await #expect(throws: ApplyError.self) {
                try await PlanApplier(client: client).apply(
                    plan, planPath: "plan", journalPath: journalPath)
            }
            guard case .cycleCloud(let error, _, let report) = stopped else {
                Issue.record("expected a CycleCloud error, got \(String(describing: stopped))")
                return
            }
            #expect(error.category == .temporary)
            #expect(
                ApplyError.cycleCloud(error, step: "", report: nil).description.contains(
                    "Run again to finish"))
            #expect(report?.requests.first?.action == .unknown)
            let journal = try #require(try ApplyJournal.load(path: journalPath))
            #expect(journal.requests[0].state == .unknown)
            #expect(journal.requests.dropFirst().allSatisfy { $0.state == .pending })
            #expect(
                harness.emulator.status().nodes?.count
                    == before + plan.createRequests[0].nodeCount)

            // The network heals: the rerun finds request 1 by its id and sends the rest.
            transport.isLossy = false
            let finished = try await PlanApplier(client: client).apply(
                plan, planPath: "plan", journalPath: journalPath)
            #expect(finished.isComplete, "\(finished.text())")
            #expect(finished.requests.first?.action == .recovered)
            #expect(finished.requests.dropFirst().allSatisfy { $0.action == .sent })
            let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
            #expect(harness.emulator.status().nodes?.count == before + nodes)
        }
    }
}

extension InterruptionTests {
    @Test("without its journal, a plan applied again is recognised by its request ids")
    func noJournal() async throws {
        var plan = try await contentionPlan(.greedy, maxNodesPerRequest: 100)
        // Request ids of a hand-written plan are derived, the same on every run.
        plan.createRequests[1].requestId = nil
        try await withEmulator { harness in
            let before = harness.emulator.status().nodes?.count ?? 0
            let applier = PlanApplier(client: harness.client)
            let first = try await applier.apply(plan, planPath: "plan", journalPath: nil)
            #expect(first.isComplete)
            let second = try await applier.apply(plan, planPath: "plan", journalPath: nil)
            #expect(second.isComplete)
            #expect(second.requests.allSatisfy { $0.action == .recovered })
            #expect(second.requests.map(\.requestId) == first.requests.map(\.requestId))
            let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
            #expect(harness.emulator.status().nodes?.count == before + nodes)
        }
    }
}

/// A transport that, while lossy, delivers creates but loses their answers, and loses every
/// look-up by request id.
final class LossyTransport: HTTPTransport {
    private let inner: URLSessionTransport
    private let lossy = Mutex(true)

    init() throws {
        inner = try URLSessionTransport(timeout: 10)
    }

    var isLossy: Bool {
        get { lossy.withLock { $0 } }
        set { lossy.withLock { $0 = newValue } }
    }

    func send(_ request: TransportRequest) async throws(TransportFailure) -> TransportResponse {
        guard isLossy else { return try await inner.send(request) }
        let path = request.url.absoluteString
        if path.contains("request_id=") {
            throw TransportFailure(kind: .connectionLost, detail: "lost by the test")
        }
        let response = try await inner.send(request)
        if path.hasSuffix("/nodes/create") {
            throw TransportFailure(kind: .connectionLost, detail: "answer lost by the test")
        }
        return response
    }
}

import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// `--wait`: polling the created nodes until they are Ready.
@Suite struct WaitTests {
    @Test("berth apply --wait returns once every node is Ready, with nodes booting for 0.2 s")
    func waitsUntilReady() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try await contentionPlan(.greedy)
        try PlanFiles.write(plan, to: directory)
        let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }

        try await withEmulator(lifecycle: .booting(seconds: 0.2)) { harness in
            let run = try await berth(
                ["apply", "--plan", directory, "--wait", "--timeout", "30"] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("\(nodes) requested, \(nodes) created, \(nodes) ready"))
            let created = (harness.emulator.status().nodes ?? []).filter {
                $0.requestId == plan.createRequests.first?.requestId
            }
            #expect(created.count == nodes)
            #expect(created.allSatisfy { $0.status == "Ready" })
        }
    }

    @Test("the wait follows nodes through Acquiring and Preparing on the emulator's manual clock")
    func manualClock() async throws {
        let plan = try await contentionPlan(.greedy)
        let clock = ManualClock()
        try await withEmulator(lifecycle: .booting(seconds: 60), clock: clock) { harness in
            let events = EventLog()
            let applier = PlanApplier(
                client: harness.client,
                options: ApplyOptions(wait: true, firstPollDelay: .milliseconds(1)),
                onEvent: { event in
                    events.record(event)
                    // Each look at the nodes lets 20 emulated seconds pass.
                    if case .waiting = event { clock.advance(by: 20) }
                })
            let report = try await applier.apply(plan, planPath: "plan", journalPath: nil)
            #expect(report.isComplete, "\(report.text())")
            let looks = events.all.compactMap { event -> [Int]? in
                guard case .waiting(let ready, let failed, let pending, _) = event else {
                    return nil
                }
                return [ready, failed, pending]
            }
            let nodes = report.nodesCreated
            #expect(looks == [[0, 0, nodes], [0, 0, nodes], [0, 0, nodes], [nodes, 0, 0]])
            #expect(report.wait?.ready == nodes && report.wait?.timedOut == false)
        }
    }

    @Test("berth apply --wait exits 75 when the nodes are still coming up at --timeout")
    func timesOut() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PlanFiles.write(try await contentionPlan(.greedy), to: directory)

        try await withEmulator(lifecycle: .booting(seconds: 3600)) { harness in
            let run = try await berth(
                ["apply", "--plan", directory, "--wait", "--timeout", "1"] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 75, "\(run)")
            #expect(run.stdout.contains("0 ready"), "\(run)")
            #expect(run.stdout.contains("still coming up after 1 s"), "\(run)")
            #expect(run.stderr.contains("run again with --wait"), "\(run)")
        }
    }

    @Test(
        "node states map to ready, failed and pending",
        arguments: [
            ("Ready", "Started", "ready"), ("Started", "Started", "ready"),
            ("Failed", "Started", "failed"), ("Unavailable", "Started", "failed"),
            ("Acquiring", "Started", "pending"), ("Preparing", "Started", "pending"),
            ("Terminating", "Terminated", "failed"), ("Deallocated", "Deallocated", "failed"),
        ])
    func progress(status: String, target: String, expected: String) {
        let record = NodeRecord(["Status": .string(status), "TargetState": .string(target)])
        let kind: String
        switch NodeProgress(record) {
        case .ready: kind = "ready"
        case .failed: kind = "failed"
        case .pending: kind = "pending"
        }
        #expect(kind == expected)
    }
}

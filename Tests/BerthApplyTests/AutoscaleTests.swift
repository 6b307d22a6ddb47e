import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// `berth autoscale` against the emulator: plan on the live status, apply, repeat.
@Suite struct AutoscaleTests {
    @Test("autoscale --once plans the workload on the live status and creates the plan's nodes")
    func once() async throws {
        try await withEmulator { harness in
            let before = harness.emulator.status()
            let expected = try await contentionPlan(.greedy)
            let run = try await berth(
                ["autoscale", "--workload", Paths.workload, "--once", "--solver", "greedy"]
                    + harness.connection, environment: harness.environment)
            #expect(run.status == 0, "\(run)")
            let nodes = expected.nodeGroups.reduce(0) { $0 + $1.count }
            #expect(
                run.stdout.hasPrefix(
                    "Round 1: greedy plan places \(expected.objective.jobsPlaced) job(s) on "
                        + "\(nodes) new node(s)"
                ), "\(run)")
            #expect(run.stdout.contains("\(nodes) requested, \(nodes) created"))
            #expect(
                (harness.emulator.status().nodes ?? []).count == (before.nodes ?? []).count + nodes)
        }
    }

    @Test("autoscale --dry-run prints the requests and creates nothing")
    func dryRun() async throws {
        try await withEmulator { harness in
            let before = harness.emulator.status().nodes?.count
            let directory = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let run = try await berth(
                ["autoscale", "--workload", Paths.workload, "--dry-run", "--out", directory]
                    + harness.connection, environment: harness.environment)
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.hasPrefix("Round 1: optimal plan places"), "\(run)")
            #expect(run.stdout.contains("Would send 1 of the plan's 1 create request(s)"))
            #expect(harness.emulator.status().nodes?.count == before)
            let plan = try PlanFiles.load(path: directory)
            try expectVerifies(plan, against: harness.emulator.status())
            #expect(!FileManager.default.fileExists(atPath: directory + "/apply-journal.json"))

            let json = try await berth(
                ["autoscale", "--workload", Paths.workload, "--dry-run", "--format", "json"]
                    + harness.connection, environment: harness.environment)
            #expect(json.status == 0, "\(json)")
            let value = try JSONDocument.decode(
                JSONValue.self, from: Data(json.stdout.utf8), document: "stdout")
            #expect(value["round"]?.intValue == 1)
            guard case .array(let requests) = value["requests"] else {
                Issue.record("no requests in \(json.stdout)")
                return
            }
            #expect(requests.count == 1 && requests.first?["sets"] != nil)
        }
    }

    @Test("autoscale --interval repeats, skips an unchanged workload, and stops on SIGTERM")
    func interval() async throws {
        try await withEmulator { harness in
            let before = harness.emulator.status().nodes?.count ?? 0
            let process = try BerthProcess(
                [
                    "autoscale", "--workload", Paths.workload, "--interval", "0.2", "--solver",
                    "greedy",
                ] + harness.connection, environment: harness.environment)
            let deadline = ContinuousClock.now + .seconds(10)
            while !process.stdout.contains("Round 3"), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            process.process.terminate()
            let run = await process.finish()
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("Round 1: greedy plan places"), "\(run)")
            #expect(run.stdout.contains("Round 2; \(Paths.workload) is unchanged since round 1"))
            #expect(run.stderr.contains("stopping after the round under way"))
            let plan = try await contentionPlan(.greedy)
            let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
            #expect(harness.emulator.status().nodes?.count == before + nodes)
        }
    }

    @Test("one round through the library returns the plan and what applying it did")
    func libraryRound() async throws {
        try await withEmulator { harness in
            let autoscaler = Autoscaler(
                client: harness.client,
                options: AutoscaleOptions(planner: .largestFirst, catalog: try catalog()))
            let before = harness.emulator.status()
            let round = try await autoscaler.round(
                workload: try Workload.load(path: Paths.workload))
            let plan = try #require(round.plan)
            try expectVerifies(plan, against: before)
            let report = try #require(round.report)
            #expect(report.isComplete)
            #expect(report.nodesCreated == plan.objective.newNodes)
            #expect(plan.planner == "largest-first")
        }
    }
}

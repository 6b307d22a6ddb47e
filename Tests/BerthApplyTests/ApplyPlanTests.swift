import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// `berth plan` then `berth apply` against an emulator of the same snapshot: the cluster
/// gets exactly what the plan said it would add.
@Suite struct ApplyPlanTests {
    @Test(
        "a plan from berth plan is applied whole; the emulator shows what it said it would add",
        arguments: ["optimal", "greedy"])
    func applyWholePlan(solver: String) async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let planned = try await berth([
            "plan", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--solver",
            solver, "--max-nodes-per-request", "60", "--out", directory,
        ])
        try #require(planned.status == 0, "\(planned)")
        let plan = try PlanFiles.load(path: directory)
        #expect(plan.createRequests.count > 1)

        try await withEmulator { harness in
            let before = harness.emulator.status()
            try expectVerifies(plan, against: before)

            let run = try await berth(
                ["apply", "--plan", directory] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 0, "\(run)")
            let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
            #expect(run.stdout.contains("Applied: every requested node was created"), "\(run)")
            #expect(run.stdout.contains("\(nodes) requested, \(nodes) created"), "\(run)")
            #expect(!run.stderr.contains("warning:"), "\(run)")

            let after = harness.emulator.status()
            #expect((after.nodes ?? []).count == (before.nodes ?? []).count + nodes)
            try expectBucketsGrew(before: before, after: after, by: plan)
            try expectLimits(of: plan, after: after)
            try expectJournalComplete(
                ApplyJournal.defaultPath(forPlan: directory), plan: plan, harness: harness)
        }
    }

    @Test("a second apply of a done plan sends nothing and a dry run lists nothing to send")
    func secondApplySendsNothing() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PlanFiles.write(try await contentionPlan(.greedy), to: directory)

        try await withEmulator { harness in
            let first = try await berth(
                ["apply", "--plan", directory] + harness.connection,
                environment: harness.environment)
            #expect(first.status == 0, "\(first)")
            let count = harness.emulator.status().nodes?.count

            let again = try await berth(
                ["apply", "--plan", directory, "--format", "json"] + harness.connection,
                environment: harness.environment)
            #expect(again.status == 0, "\(again)")
            let report = try JSONDocument.decode(
                ApplyReport.self, from: Data(again.stdout.utf8), document: "stdout")
            #expect(report.requests.allSatisfy { $0.action == .alreadyDone })
            #expect(harness.emulator.status().nodes?.count == count)

            let dry = try await berth(
                ["apply", "--plan", directory, "--dry-run"] + harness.connection,
                environment: harness.environment)
            #expect(dry.status == 0, "\(dry)")
            #expect(dry.stdout.hasPrefix("Would send 0 of the plan's 1 create request(s)"))
        }
    }

    @Test("a dry run prints the requests, sends nothing, and warns when the cluster has less room")
    func dryRun() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try await contentionPlan(.optimal)
        try PlanFiles.write(plan, to: directory)
        var tight = try contentionSnapshot()
        tight.nodearrays[1].maxCount = 20

        try await withEmulator(snapshot: tight) { harness in
            let before = harness.emulator.status().nodes?.count
            let run = try await berth(
                ["apply", "--plan", directory + "/plan.json", "--dry-run", "--format", "json"]
                    + harness.connection, environment: harness.environment)
            #expect(run.status == 0, "\(run)")
            let requests = try JSONDocument.decode(
                [NodeCreationRequest].self, from: Data(run.stdout.utf8), document: "stdout")
            #expect(requests == plan.createRequests)
            #expect(run.stderr.contains("warning: the live cluster has less room than the plan"))
            #expect(run.stderr.contains("nodearray htc maxCount has 4 nodes left"), "\(run)")
            #expect(harness.emulator.status().nodes?.count == before)
            #expect(!FileManager.default.fileExists(atPath: directory + "/apply-journal.json"))
        }
    }

    /// Each bucket's `activeCount` grew by the plan's nodes in it, and each placement group
    /// by the plan's nodes in it.
    private func expectBucketsGrew(before: ClusterStatus, after: ClusterStatus, by plan: Plan)
        throws
    {
        for (array, nodearray) in after.nodearrays.enumerated() {
            for (index, bucket) in nodearray.buckets.enumerated() {
                let old = before.nodearrays[array].buckets[index]
                let planned = plan.nodeGroups.filter { $0.bucketId == bucket.bucketId }
                #expect(
                    bucket.activeCount - old.activeCount == planned.reduce(0) { $0 + $1.count },
                    "bucket \(bucket.bucketId)")
                for name in Set(planned.compactMap(\.placementGroup)) {
                    let grew =
                        (bucket.placementGroups?.first { $0.name == name }?.activeCount ?? 0)
                        - (old.placementGroups?.first { $0.name == name }?.activeCount ?? 0)
                    let inGroup = planned.filter { $0.placementGroup == name }
                    #expect(grew == inGroup.reduce(0) { $0 + $1.count }, "group \(name)")
                }
            }
        }
    }

    /// Every limit the plan reports is, in the live cluster, what the plan said it would be
    /// after: the same use for shared limits; a bucket's `availableCount` down by its nodes,
    /// or lower where a shared limit now allows less.
    private func expectLimits(of plan: Plan, after: ClusterStatus) throws {
        let model = try CapacityModel(status: after, document: "after", catalog: try catalog())
        let live = Dictionary(
            model.limits.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for limit in plan.limits {
            let now = try #require(live[limit.name], "no limit \(limit.name) after applying")
            if limit.name.hasSuffix("availableCount") {
                let bucket = try #require(
                    model.buckets.first { $0.draws.first?.limit == now.index })
                let shared = bucket.draws.dropFirst().map {
                    model.limits[$0.limit].remaining / $0.units
                }
                let left = limit.capacity - (limit.usedAfter - limit.usedBefore)
                #expect(now.capacity == min(left, shared.min() ?? left), "\(limit.name)")
            } else {
                #expect(now.capacity == limit.capacity, "\(limit.name)")
                #expect(now.used == limit.usedAfter, "\(limit.name)")
            }
        }
    }

    /// The journal records every request as done, with exactly the nodes the emulator made
    /// for its request id.
    private func expectJournalComplete(_ path: String, plan: Plan, harness: Harness) throws {
        let journal = try #require(try ApplyJournal.load(path: path))
        #expect(journal.isComplete)
        #expect(journal.mismatch(with: plan) == nil)
        #expect(journal.cluster == "demo" && journal.server == harness.url)
        for entry in journal.requests {
            #expect(entry.operationId != nil)
            let emulated = harness.nodes(ofRequest: entry.requestId)
            #expect(Set((entry.nodes ?? []).map(\.id)) == Set(emulated.compactMap(\.nodeId)))
            #expect(entry.sets.allSatisfy { $0.added == $0.count })
        }
        let ids = journal.createdNodes.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(ids.count == plan.nodeGroups.reduce(0) { $0 + $1.count })
    }
}

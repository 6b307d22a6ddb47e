import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// Sets CycleCloud fills only in part, and the colocated jobs they leave short.
@Suite struct PartialFillTests {
    /// The contention plan's placement group: wrf-16's 16 Standard_HC44rs nodes.
    static let group = "berth-Standard_HC44rs-1"

    @Test("a capacity failure on a bucket is reported as partial sets and a short colocated job")
    func capacityFailure() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try await contentionPlan(.optimal)
        try #require(plan.nodeGroups.contains { $0.placementGroup == Self.group })
        try PlanFiles.write(plan, to: directory)

        let faults = FaultInjection(capacityFailures: ["Standard_HC44rs"])
        try await withEmulator(faults: faults) { harness in
            let run = try await berth(
                ["apply", "--plan", directory, "--format", "json", "--terminate-stranded"]
                    + harness.connection, environment: harness.environment)
            #expect(run.status == 1, "\(run)")
            let report = try JSONDocument.decode(
                ApplyReport.self, from: Data(run.stdout.utf8), document: "stdout")
            #expect(report.partialSets.count == 2)
            #expect(report.partialSets.allSatisfy { $0.machineType == "Standard_HC44rs" })
            #expect(report.partialSets.allSatisfy { $0.added == 0 })
            #expect(report.partialSets.allSatisfy { $0.message?.contains("no capacity") == true })
            let short = try #require(report.strandedGroups.first)
            #expect(report.strandedGroups.count == 1)
            #expect(short.placementGroup == Self.group && short.createdNodes == 0)
            #expect(short.jobs.map(\.jobClass) == ["wrf-16"])
            #expect(short.jobs.first?.runnable == 0)
            #expect(short.strandedNodes.isEmpty && !short.terminated)
            #expect(report.terminated.isEmpty)
            #expect(report.nodesCreated == report.nodesRequested - 22)
        }
    }

    @Test(
        "a group filled in part is stranded; --terminate-stranded terminates exactly its nodes"
    )
    func strandedGroupTerminated() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let plan = try await contentionPlan(.optimal)
        try PlanFiles.write(plan, to: directory)

        // The live cluster has room for 14 Standard_HC44rs nodes, not the 30 of the snapshot:
        // the 6 unplaced ones come first, then 8 of the group's 16.
        try await withEmulator(snapshot: try Self.hcQuota(nodes: 14)) { harness in
            let before = Set((harness.emulator.status().nodes ?? []).compactMap(\.nodeId))
            let run = try await berth(
                ["apply", "--plan", directory, "--terminate-stranded"] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 1, "\(run)")
            #expect(run.stderr.contains("warning: the live cluster has less room"), "\(run)")
            #expect(run.stderr.contains("terminating 8 stranded node(s) of placement group"))
            #expect(run.stdout.contains("8 of 16 added: Only 8 of 16 nodes could be added"))
            #expect(run.stdout.contains("wrf-16: 0 of 1 job(s) can run"), "\(run)")
            #expect(run.stdout.contains("8 node(s) stranded and terminated"), "\(run)")

            // Terminated nodes are removed at once (the emulator's lifecycle is instant).
            let journal = try #require(
                try ApplyJournal.load(path: ApplyJournal.defaultPath(forPlan: directory)))
            let grouped = journal.createdNodes.filter { $0.placementGroup == Self.group }
            #expect(grouped.count == 8)
            #expect(Set(journal.terminated.map(\.id)) == Set(grouped.map(\.id)))
            let nodes = harness.emulator.status().nodes ?? []
            #expect(!nodes.contains { $0.placementGroupId == Self.group })
            let new = nodes.filter { !before.contains($0.nodeId ?? "") }
            #expect(new.allSatisfy { $0.targetState == "Started" })
            #expect(new.count == plan.nodeGroups.reduce(0) { $0 + $1.count } - 16)
            #expect(Set(new.compactMap(\.nodeId)).isDisjoint(with: journal.terminated.map(\.id)))

            // A second run terminates nothing more and still reports the group.
            let again = try await berth(
                ["apply", "--plan", directory, "--terminate-stranded"] + harness.connection,
                environment: harness.environment)
            #expect(again.status == 1)
            #expect(!again.stderr.contains("terminating"), "\(again)")
            #expect(again.stdout.contains("8 node(s) stranded and terminated"))
        }
    }

    @Test("without --terminate-stranded the stranded nodes are named and left running")
    func strandedGroupKept() async throws {
        let plan = try await contentionPlan(.optimal)
        try await withEmulator(snapshot: try Self.hcQuota(nodes: 14)) { harness in
            let report = try await PlanApplier(client: harness.client).apply(
                plan, planPath: "plan", journalPath: nil)
            #expect(!report.isComplete)
            let group = try #require(report.strandedGroups.first)
            #expect(group.createdNodes == 8 && group.strandedNodes.count == 8)
            #expect(!group.terminated)
            let running = (harness.emulator.status().nodes ?? []).filter {
                $0.placementGroupId == Self.group && $0.targetState == "Started"
            }
            #expect(Set(running.compactMap(\.name)) == Set(group.strandedNodes))
        }
    }

    /// The contention snapshot with the Standard_HC44rs quota cut to `nodes` nodes.
    static func hcQuota(nodes: Int) throws -> ClusterStatus {
        var status = try contentionSnapshot()
        let array = try #require(status.nodearrays.firstIndex { $0.name == "hpc" })
        let index = try #require(
            status.nodearrays[array].buckets.firstIndex { $0.machineType == "Standard_HC44rs" })
        var bucket = status.nodearrays[array].buckets[index]
        let cores = nodes * bucket.virtualMachine.vcpuCount
        bucket.availableCount = nodes
        bucket.availableCoreCount = cores
        bucket.quotaCount = nodes
        bucket.quotaCoreCount = cores
        bucket.familyQuotaCount = nodes
        bucket.familyQuotaCoreCount = cores
        status.nodearrays[array].buckets[index] = bucket
        return status
    }
}

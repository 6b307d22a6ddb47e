import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

@Suite struct VerifyCommandTests {
    /// Plans the bundled example into a fresh directory and returns the directory.
    func plannedDirectory(_ extra: String...) throws -> String {
        let directory = try temporaryDirectory() + "/plan"
        let run = try berth(
            arguments: [
                "plan", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--out",
                directory, "--quiet", "--solver", "greedy",
            ] + extra)
        #expect(run.status == 0, "\(run)")
        return directory
    }

    func verify(_ plan: String) throws -> Run {
        try berth(
            "verify", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--plan", plan)
    }

    @Test("berth verify accepts what berth plan wrote, as a directory or as plan.json")
    func acceptsThePlan() throws {
        let directory = try plannedDirectory()
        let run = try verify(directory)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        #expect(
            run.stdout
                == "ok: 158 new nodes in 1 request(s); every limit, job and request checks out\n")
        #expect(try verify(directory + "/plan.json").status == 0)
        let largest = try plannedDirectory(
            "--solver", "largest-first", "--max-nodes-per-request", "7")
        #expect(try verify(largest).status == 0)
    }

    @Test("berth verify refuses a tampered plan with exit 1, printing each violation")
    func refusesATamperedPlan() throws {
        let directory = try plannedDirectory()
        let path = directory + "/plan.json"
        var plan = try JSONDocument.load(Plan.self, path: path)
        let group = try #require(
            plan.nodeGroups.firstIndex { $0.machineType == "Standard_HB120rs_v3" })
        plan.nodeGroups[group].count += 1
        try JSONDocument.encode(plan).write(to: URL(fileURLWithPath: path))

        let run = try verify(directory)
        #expect(run.status == 1, "\(run)")
        let violations = run.stdout.split(separator: "\n").map(String.init)
        #expect(violations.allSatisfy { $0.hasPrefix("violation: ") })
        #expect(
            violations.contains(
                "violation: bucket hpc/Standard_HB120rs_v3 availableCount: the plan takes 11 nodes, "
                    + "10 are left"))
        #expect(
            violations.contains {
                $0.hasPrefix("violation: create requests: 10 nodes of hpc/Standard_HB120rs_v3/-")
            })
        #expect(run.stderrLines == ["error: the plan breaks \(violations.count) rule(s)"])
    }

    @Test("berth verify against another snapshot than the plan's fails")
    func otherSnapshot() throws {
        let directory = try plannedDirectory()
        let run = try berth(
            "verify", "--snapshot",
            "Tests/CycleCloudAPITests/Fixtures/docs-use-rest-api-cluster-status.json",
            "--workload", Paths.workload, "--plan", directory)
        #expect(run.status == 1, "\(run)")
        #expect(run.stdout.contains("violation: node group g1: no bucket"))
    }

    @Test("berth verify with a stray argument is a usage error")
    func strayArgument() throws {
        let directory = try plannedDirectory()
        let run = try berth(
            "verify", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--plan",
            directory, "stray")
        #expect(run.status == 64, "\(run)")
        #expect(run.stderrLines.first == "error: unexpected argument 'stray'")
    }

    @Test("berth verify on a file that is not a plan exits 65")
    func notAPlan() throws {
        let run = try verify(Paths.workload)
        expectOneErrorLine(
            run, status: 65,
            containing: ["\(Paths.workload): $: the required key \"planner\" is missing"])
    }
}

@Suite struct VerifyRequestFileTests {
    @Test("berth verify on a directory refuses an edited or extra request file")
    func editedRequestFile() throws {
        let directory = try VerifyCommandTests().plannedDirectory()
        let path = directory + "/request-001.json"
        var request = try JSONDocument.load(NodeCreationRequest.self, path: path)
        request.sets[0].count += 1
        try JSONDocument.encode(request).write(to: URL(fileURLWithPath: path))
        try JSONDocument.encode(request).write(
            to: URL(fileURLWithPath: directory + "/request-002.json"))

        let run = try VerifyCommandTests().verify(directory)
        #expect(run.status == 1, "\(run)")
        #expect(
            run.stdout.contains(
                "violation: request-001.json: differs from create request 1 of plan.json"))
        #expect(
            run.stdout.contains(
                "violation: request-002.json: not one of plan.json's create requests"))
    }
}

import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// Checks a plan that `berth` wrote with the library's verifier, from the same files.
func expectVerified(
    _ plan: Plan, snapshot: String = Paths.snapshot, workload: String = Paths.workload,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let root = packageRoot.path + "/"
    let catalog = try MachineCatalog.load(path: root + Paths.catalog)
    let (_, model) = try CapacityModel.load(path: root + snapshot, catalog: catalog)
    let mix = try Workload.load(path: root + workload)
    let violations = PlanVerifier(model: model, workload: mix).violations(of: plan)
    #expect(violations.isEmpty, "\(violations)", sourceLocation: sourceLocation)
}

@Suite struct PlanCommandTests {
    /// The bundled example with the greedy planner, whose plan the tests can write out.
    let planArguments = [
        "plan", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--solver", "greedy",
    ]

    func plan(_ extra: String...) throws -> Run {
        try berth(arguments: planArguments + extra)
    }

    @Test("berth plan prints a summary of jobs, new nodes, limits and requests")
    func summary() throws {
        let run = try plan()
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(
            String.init)
        #expect(lines.first == "Plan (greedy) for \(Paths.workload) on \(Paths.snapshot)")
        #expect(
            lines.dropFirst().first?.hasPrefix("  44 of 179 jobs placed (weighted 59 of 276); ")
                == true)
        for heading in ["Job classes", "New nodes", "Limits used (before -> after, of capacity)"] {
            #expect(lines.contains(heading), "no \(heading)")
        }
        #expect(lines.contains("  post-process: 6 of 6 placed"))
        #expect(
            lines.contains(
                "    not placed (1): a job needs 64 nodes in one placement group, and the largest "
                    + "placement group of an eligible bucket holds 40"))
        #expect(lines.contains("      task.vcpus: htcspot/Standard_F4s_v2 (4 vCPUs)"))
        #expect(lines.contains("Create requests: 1 (at most 500 nodes each)"))
    }

    @Test("berth plan --format json prints a plan that the verifier accepts")
    func json() throws {
        let run = try plan("--format", "json")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let decoded = try JSONDocument.decode(
            Plan.self, from: Data(run.stdout.utf8), document: "stdout")
        #expect(decoded.planner == "greedy")
        #expect(decoded.snapshot == Paths.snapshot && decoded.workload == Paths.workload)
        #expect(decoded.jobs.map(\.jobClass).first == "post-process" && decoded.jobs.count == 9)
        #expect(decoded.objective.jobsPlaced == 44 && decoded.objective.weightedJobsPlaced == 59)
        #expect(!run.stdout.contains("null"))
        try expectVerified(decoded)
    }

    @Test("berth plan uses the optimal planner by default, whose plan verifies and beats greedy")
    func optimalByDefault() throws {
        let run = try berth(
            "plan", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--format", "json",
            "--time-limit", "5")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let optimal = try JSONDocument.decode(
            Plan.self, from: Data(run.stdout.utf8), document: "stdout")
        #expect(optimal.planner == "optimal")
        let solver = try #require(optimal.solver)
        #expect(optimal.objective.weightedJobsPlaced <= solver.bound)
        #expect(solver.greedyWeightedJobsPlaced == 59)
        #expect(optimal.objective.weightedJobsPlaced >= 59)
        try expectVerified(optimal)

        let path = try temporaryDirectory() + "/plan.json"
        try JSONDocument.encode(optimal).write(to: URL(fileURLWithPath: path))
        let verified = try berth(
            "verify", "--snapshot", Paths.snapshot, "--workload", Paths.workload, "--plan", path)
        #expect(verified.status == 0, "\(verified)")
    }

    @Test("berth plan --format markdown prints tables of jobs, nodes, limits and requests")
    func markdown() throws {
        let run = try plan("--format", "markdown", "--solver", "largest-first")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        #expect(run.stdout.hasPrefix("# Plan (largest-first)\n"))
        for heading in ["## Job classes", "## New nodes", "## Limits", "## Create requests"] {
            #expect(run.stdout.contains("\n\(heading)\n"), "no \(heading)")
        }
        #expect(
            run.stdout.contains("| job class | priority | requested | placed | why not placed |"))
        #expect(run.stdout.contains("| mpi-64 | 32 | 1 | 0 | 1: a job needs 64 nodes"))
    }

    @Test("berth plan --out DIR writes plan.json and one file per create request")
    func outDirectory() throws {
        let directory = try temporaryDirectory() + "/plan"
        let run = try plan("--out", directory, "--max-nodes-per-request", "50", "--format", "json")
        #expect(run.status == 0, "\(run)")
        #expect(run.stderrLines == ["wrote \(directory)/plan.json and 4 request file(s)"])
        let written = try JSONDocument.load(Plan.self, path: directory + "/plan.json")
        let printed = try JSONDocument.decode(
            Plan.self, from: Data(run.stdout.utf8), document: "stdout")
        #expect(written == printed)
        #expect(written.createRequests.count == 4 && written.maxNodesPerRequest == 50)
        for (index, request) in written.createRequests.enumerated() {
            let name = String(format: "%@/request-%03d.json", directory, index + 1)
            let file = try JSONDocument.load(NodeCreationRequest.self, path: name)
            #expect(file == request)
            #expect(file.nodeCount <= 50)
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/request-005.json"))
        try expectVerified(written)

        let again = try plan("--out", directory, "--max-nodes-per-request", "50", "--quiet")
        #expect(again.status == 0 && again.stderr.isEmpty)
        #expect(try JSONDocument.load(Plan.self, path: directory + "/plan.json") == written)
    }

    @Test("a plan written over an earlier one leaves no request files of the earlier plan")
    func noStaleRequestFiles() throws {
        let directory = try temporaryDirectory() + "/plan"
        let first = try plan("--out", directory, "--max-nodes-per-request", "50", "--quiet")
        #expect(first.status == 0, "\(first)")
        #expect(FileManager.default.fileExists(atPath: directory + "/request-004.json"))
        let second = try plan("--out", directory, "--quiet")
        #expect(second.status == 0, "\(second)")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files == ["plan.json", "request-001.json"])
    }

    @Test("berth plan refuses a bad workload with exit 65, naming the job and the field")
    func badWorkload() throws {
        let directory = try temporaryDirectory()
        let workload = directory + "/workload.json"
        try Data(
            #"{"jobs": [{"name": "mpi", "nodes": 4, "require": {"nodearrays": ["hcp"]}}]}"#.utf8
        )
        .write(to: URL(fileURLWithPath: workload))
        let run = try berth("plan", "--snapshot", Paths.snapshot, "--workload", workload)
        expectOneErrorLine(
            run, status: 65,
            containing: [
                "\(workload): $.jobs[0].require.nodearrays[0]: job class \"mpi\": unknown "
                    + "nodearray \"hcp\"; the snapshot has gpu, hpc, htc, htcspot"
            ])
    }

    @Test("berth plan without --snapshot, or with an unknown planner or format, exits 64")
    func usageErrors() throws {
        let missing = try berth("plan", "--workload", Paths.workload)
        #expect(missing.status == 64)
        #expect(missing.stderrLines.first == "error: missing --snapshot")
        let solver = try plan("--solver", "simplex")
        #expect(solver.status == 64)
        #expect(
            solver.stderrLines.first
                == "error: --solver takes optimal, greedy or largest-first, not 'simplex'")
        let format = try plan("--format", "yaml")
        #expect(format.status == 64)
        let maximum = try plan("--max-nodes-per-request", "0")
        #expect(maximum.status == 64)
        #expect(maximum.stdout.isEmpty)
        // A value without its option (here `json` without `--format`) is not ignored.
        let stray = try plan("json")
        #expect(stray.status == 64, "\(stray)")
        #expect(stray.stdout.isEmpty)
        #expect(stray.stderrLines.first == "error: unexpected argument 'json'")
    }
}

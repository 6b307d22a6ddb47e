import BerthPlanning
import Foundation

/// Runs a mode's instances, one fresh child process per (instance, planner), checks every
/// result, prints the table and writes the CSV and the report.
struct SuiteRunner {
    let mode: String
    let runs: Int
    let optimalRuns: Int
    let warmup: Int
    let timeLimit: Double
    let csvPath: String?
    let docsPath: String
    let writeDocs: Bool

    init(mode: String, options: BenchOptions) throws {
        self.mode = mode
        let quick = mode == "quick"
        runs = try options.integer("--runs", default: quick ? 1 : 7, in: 1...1000)
        optimalRuns = try options.integer("--optimal-runs", default: quick ? 1 : 3, in: 1...100)
        warmup = try options.integer("--warmup", default: quick ? 0 : 1, in: 0...100)
        timeLimit = try options.number("--time-limit", default: quick ? 2 : 10, in: 0.01...3600)
        writeDocs = mode == "full" && !options.flags.contains("--no-docs")
        let root = RepositoryRoot.find()
        docsPath =
            options.values["--docs"] ?? root.appendingPathComponent("docs/benchmarks.md").path
        csvPath =
            options.values["--csv"]
            ?? (writeDocs ? root.appendingPathComponent("docs/benchmarks.csv").path : nil)
        guard options.operands.isEmpty else {
            throw BenchError("\(mode) takes no operands, found '\(options.operands[0])'")
        }
    }

    /// The sections of the mode: a title and its instances.
    var sections: [(title: String, instances: [Instance])] {
        switch mode {
        case "quick": return [("Quick suite", Suite.quick)]
        case "scaling":
            return [("Scaling: breadth", Suite.breadth), ("Scaling: depth", Suite.depth)]
        default:
            return [
                ("Families", Suite.families), ("Scaling: breadth", Suite.breadth),
                ("Scaling: depth", Suite.depth),
            ]
        }
    }

    func run() async throws -> Int32 {
        let machine = MachineInfo.current()
        let loadBefore = MachineInfo.loadAverage()
        let catalog = try MachineCatalog.bundled()
        guard catalog.count > 0 else {
            throw BenchError("the machine catalog was not found; set BERTH_CATALOG", usage: false)
        }
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("berth-bench-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: scratch) }

        let (results, failures) = try measureSections(under: scratch, catalog: catalog)

        let report = Report(
            mode: mode, sections: results, machine: machine, loadBefore: loadBefore,
            loadAfter: MachineInfo.loadAverage(), command: command, timeLimit: timeLimit,
            runs: runs, optimalRuns: optimalRuns, warmup: warmup)
        return try finish(report, failures: failures)
    }

    /// Measures every instance of every section once, in a child process per planner, and
    /// checks each instance's results as they come.
    func measureSections(under scratch: URL, catalog: MachineCatalog) throws
        -> (results: [SectionResult], failures: [String])
    {
        var results: [SectionResult] = []
        var measured: [String: [Measurement]] = [:]
        var failures: [String] = []
        for section in sections {
            var rows: [Measurement] = []
            for instance in section.instances {
                if let earlier = measured[instance.name] {
                    rows += earlier
                    continue
                }
                let (directory, _) = try instance.write(under: scratch, catalog: catalog)
                let instanceRows = try instance.planners.map { planner in
                    note("\(instance.name): \(planner.label)")
                    return try ChildProcess.measure(
                        instance: directory, planner: planner,
                        runs: planner.kind == .optimal ? optimalRuns : runs, warmup: warmup,
                        timeLimit: timeLimit)
                }
                failures += Checks.failures(instanceRows)
                measured[instance.name] = instanceRows
                rows += instanceRows
            }
            results.append(
                SectionResult(title: section.title, instances: section.instances, rows: rows))
        }
        return (results, failures)
    }

    /// Prints the table and writes the CSV; then fails loudly on any failed check, or
    /// rewrites the report.
    func finish(_ report: Report, failures: [String]) throws -> Int32 {
        FileHandle.standardOutput.write(Data((report.text() + "\n").utf8))
        if let csvPath {
            try report.csv().write(toFile: csvPath, atomically: true, encoding: .utf8)
            note("wrote \(csvPath)")
        }
        guard failures.isEmpty else {
            for failure in failures {
                FileHandle.standardError.write(Data("FAIL: \(failure)\n".utf8))
            }
            FileHandle.standardError.write(
                Data("error: \(failures.count) check(s) failed; the report was not updated\n".utf8))
            return 1
        }
        if writeDocs {
            try report.writeMarkdown(to: docsPath)
            note("wrote \(docsPath)")
        }
        note(
            "all plans passed the verifier; optimal placed at least greedy's weighted jobs "
                + "everywhere")
        return 0
    }

    var command: String {
        let words = CommandLine.arguments.dropFirst().joined(separator: " ")
        return "swift build -c release --product berth-bench && .build/release/berth-bench \(words)"
    }

    func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

/// One section's instances and their measurements.
struct SectionResult {
    var title: String
    var instances: [Instance]
    var rows: [Measurement]
}

/// What makes a benchmark fail: a plan the verifier rejects, an optimal plan worse than the
/// greedy one, a bound below the plan.
enum Checks {
    static func failures(_ rows: [Measurement]) -> [String] {
        var failures: [String] = []
        for row in rows {
            for violation in row.violations {
                failures.append(
                    "\(row.instance) \(row.planner): the verifier rejects the plan: \(violation)")
            }
        }
        guard let greedy = rows.first(where: { $0.planner == PlannerVariant.greedy.label }) else {
            return failures
        }
        for row in rows where row.planner.hasPrefix("optimal") {
            if row.objective.weightedJobsPlaced < greedy.objective.weightedJobsPlaced {
                failures.append(
                    "\(row.instance) \(row.planner): places \(row.objective.weightedJobsPlaced) "
                        + "weighted jobs, fewer than greedy's \(greedy.objective.weightedJobsPlaced)"
                )
            }
            if let solver = row.solver, solver.bound < row.objective.weightedJobsPlaced {
                failures.append(
                    "\(row.instance) \(row.planner): the bound \(solver.bound) is below the plan's "
                        + "\(row.objective.weightedJobsPlaced) weighted jobs")
            }
            if row.solver == nil {
                failures.append("\(row.instance) \(row.planner): the plan has no solver summary")
            }
        }
        return failures
    }
}

/// The package's root directory: the working directory when it holds Package.swift, else
/// the nearest parent of the executable that does.
enum RepositoryRoot {
    static func find() -> URL {
        let manager = FileManager.default
        let current = URL(fileURLWithPath: manager.currentDirectoryPath)
        if manager.fileExists(atPath: current.appendingPathComponent("Package.swift").path) {
            return current
        }
        var directory = ChildProcess.executable.deletingLastPathComponent()
        for _ in 0..<8 {
            if manager.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                return directory
            }
            directory.deleteLastPathComponent()
        }
        return current
    }
}

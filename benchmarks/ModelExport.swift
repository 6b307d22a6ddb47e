import BerthPlanning
import Foundation

/// `berth-bench export DIR`: for each instance of a suite, the optimal planner's stage-1
/// model (`DIR/NAME.lp`, CPLEX LP format), the instance's files (`DIR/NAME/`) and what the
/// planner itself achieved (`DIR/NAME.json`), for `cross-check-highs.py`.
struct ModelExport {
    let directory: URL
    let instances: [Instance]
    let timeLimit: Double

    init(options: BenchOptions) throws {
        guard options.operands.count == 1, let path = options.operands.first else {
            throw BenchError("export takes one directory: berth-bench export DIR")
        }
        directory = URL(fileURLWithPath: path)
        switch options.values["--suite"] ?? "full" {
        case "quick": instances = Suite.quick
        case "full": instances = Suite.families + Suite.breadth.filter { $0.cells != 10 }
        case let other: throw BenchError("--suite takes quick or full, not '\(other)'")
        }
        timeLimit = try options.number("--time-limit", default: 10, in: 0.01...3600)
    }

    /// What the planner achieved, as the script reads it.
    struct Result: Codable {
        var instance: String
        var generateCommand: String
        var weightedJobsPlaced: Int
        var status: String
        var bound: Int
        var gap: Double
        var seconds: Double
        var modelRows: Int
        var modelColumns: Int
        var timeLimit: Double
    }

    func run() async throws -> Int32 {
        let catalog = try MachineCatalog.bundled()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for instance in instances {
            let (folder, _) = try instance.write(under: directory, catalog: catalog)
            let input = try PlanningInput.load(
                snapshot: folder.appendingPathComponent("snapshot.json").path,
                workload: folder.appendingPathComponent("workload.json").path, catalog: catalog)
            var options = OptimalOptions(timeLimit: .milliseconds(Int(timeLimit * 1000)))
            let model = directory.appendingPathComponent(instance.name + ".lp")
            options.exportModel = model
            let plan = await OptimalPlanner.plan(input, options: options)
            guard let solver = plan.solver else {
                throw BenchError("\(instance.name): the plan has no solver summary", usage: false)
            }
            let result = Result(
                instance: instance.name, generateCommand: instance.generateCommand,
                weightedJobsPlaced: plan.objective.weightedJobsPlaced, status: solver.status,
                bound: solver.bound, gap: solver.gap, seconds: solver.seconds,
                modelRows: solver.modelRows, modelColumns: solver.modelColumns,
                timeLimit: timeLimit)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(
                to: directory.appendingPathComponent(instance.name + ".json"))
            FileHandle.standardError.write(
                Data(
                    "\(instance.name): wrote \(model.path) (\(solver.modelRows) rows × \(solver.modelColumns) columns)\n"
                        .utf8))
        }
        return 0
    }
}

import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth plan`: plans a workload against a snapshot and writes the plan and its requests.
enum PlanCommand: Command {
    static let name = "plan"
    static let summary = "plan the nodes for a workload mix, explain what cannot be placed"
    static let valueOptions: Set<String> = [
        "--snapshot", "--workload", "--solver", "--format", "--out", "--max-nodes-per-request",
        "--catalog", "--capacity-backoff",
    ]
    static let help = """
        Usage: berth plan --snapshot STATUS.json --workload WORKLOAD.json [options]

        Places the workload's jobs on new nodes under every limit of the snapshot, explains
        every job it cannot place, and writes the nodes/create requests that make the plan.

        Options:
          --solver greedy|largest-first     the planner (default greedy)
          --format text|json|markdown       what to print on standard output (default text)
          --out DIR                         also write DIR/plan.json and DIR/request-NNN.json
          --max-nodes-per-request N         split create requests above N nodes (default 500)
          --catalog FILE                    extra machine types and quota families
          --capacity-backoff SECONDS        hold back buckets with a recent capacity failure (default 300)
          --quiet, --verbose                fewer or more messages on standard error

        Exit codes: 0 planned (even if some jobs stay queued), 64 usage, 65 bad input.
        """

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let snapshot = try arguments.required("--snapshot")
        let workload = try arguments.required("--workload")
        let solver = arguments.value("--solver") ?? "greedy"
        let format = arguments.value("--format") ?? "text"
        let out = arguments.value("--out")
        let maxNodes = try arguments.integer("--max-nodes-per-request", in: 1...100_000) ?? 500
        let catalog = try loadCatalog(&arguments)
        let capacity = try capacityOptions(&arguments)
        try arguments.checkAllUsed()
        try arguments.checkNoOperands()
        guard ["text", "json", "markdown"].contains(format) else {
            throw UsageError("--format takes text, json or markdown, not '\(format)'")
        }
        guard let kind = PlannerKind(rawValue: solver), kind != .optimal else {
            throw UsageError("--solver takes greedy or largest-first, not '\(solver)'")
        }

        let input = try PlanningInput.load(
            snapshot: snapshot, workload: workload, catalog: catalog, options: capacity)
        for warning in input.problem.model.diagnostics.warnings {
            Console.warning(warning.description)
        }
        let plan = HeuristicPlanner.plan(
            input, order: kind == .greedy ? .fileOrder : .largestFirst,
            maxNodesPerRequest: maxNodes)
        if let out {
            try PlanFiles.write(plan, to: out)
            Console.note("wrote \(out)/plan.json and \(plan.createRequests.count) request file(s)")
        }
        switch format {
        case "json": Console.output(String(decoding: try JSONDocument.encode(plan), as: UTF8.self) + "\n")
        case "markdown": Console.output(PlanReport(plan: plan).markdown())
        default: Console.output(PlanReport(plan: plan).text())
        }
        return .success
    }
}

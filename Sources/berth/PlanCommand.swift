import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth plan`: plans a workload against a snapshot and writes the plan and its requests.
enum PlanCommand: Command {
    static let name = "plan"
    static let summary = "plan the nodes for a workload mix, explain what cannot be placed"
    static let valueOptions: Set<String> = [
        "--snapshot", "--workload", "--solver", "--format", "--out", "--max-nodes-per-request",
        "--catalog", "--capacity-backoff", "--time-limit", "--gap", "--export-model",
        "--prices",
    ]
    static let help = """
        Usage: berth plan --snapshot STATUS.json --workload WORKLOAD.json [options]

        Places the workload's jobs on new nodes under every limit of the snapshot, explains
        every job it cannot place, and writes the nodes/create requests that make the plan.

        Options:
          --solver optimal|greedy|largest-first
                                            the planner (default optimal: an integer program
                                            solved with GLPK, started from the better heuristic)
          --time-limit SECONDS              stop the optimal planner after this long (default 10)
          --gap FRACTION                    stop once within this fraction of the bound (default 0)
          --export-model FILE               write the optimal planner's model (.lp or .mps)
          --prices FILE                     hourly prices per machine type: among the best
                                            plans, the optimal planner takes the cheapest
                                            rather than the one with the fewest vCPUs
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
        let solver = arguments.value("--solver") ?? "optimal"
        let timeLimit = try arguments.number("--time-limit", in: 0.01...86_400) ?? 10
        let gap = try arguments.number("--gap", in: 0...1) ?? 0
        let export = arguments.value("--export-model")
        let pricesPath = arguments.value("--prices")
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
        guard let kind = PlannerKind(rawValue: solver) else {
            throw UsageError("--solver takes optimal, greedy or largest-first, not '\(solver)'")
        }

        let input = try PlanningInput.load(
            snapshot: snapshot, workload: workload, catalog: catalog, options: capacity)
        for warning in input.problem.model.diagnostics.warnings {
            Console.warning(warning.description)
        }
        let plan: Plan
        switch kind {
        case .optimal:
            var options = OptimalOptions(
                timeLimit: .milliseconds(Int64(timeLimit * 1000)), relativeGap: gap,
                maxNodesPerRequest: maxNodes)
            options.exportModel = export.map { URL(fileURLWithPath: $0) }
            if let pricesPath {
                let prices = try PriceList.load(path: pricesPath)
                try prices.checkCovers(input.problem, document: pricesPath)
                options.prices = prices
            }
            if Console.isInteractive || Console.verbose {
                options.progress = { stage, progress in Console.progress(stage, progress) }
            }
            plan = await OptimalPlanner.plan(input, options: options)
            for note in plan.solver?.notes ?? [] { Console.detail("solver: \(note)") }
        case .greedy, .largestFirst:
            if pricesPath != nil || export != nil {
                throw UsageError("--prices and --export-model go with --solver optimal")
            }
            plan = HeuristicPlanner.plan(
                input, order: kind == .greedy ? .fileOrder : .largestFirst,
                maxNodesPerRequest: maxNodes)
        }
        if let out {
            try PlanFiles.write(plan, to: out)
            Console.note("wrote \(out)/plan.json and \(plan.createRequests.count) request file(s)")
        }
        switch format {
        case "json":
            Console.output(String(decoding: try JSONDocument.encode(plan), as: UTF8.self) + "\n")
        case "markdown": Console.output(PlanReport(plan: plan).markdown())
        default: Console.output(PlanReport(plan: plan).text())
        }
        return .success
    }
}

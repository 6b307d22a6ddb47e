import BerthApply
import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth autoscale`: plans a workload against the live cluster and applies the plan, once
/// or every interval.
enum AutoscaleCommand: Command {
    static let name = "autoscale"
    static let summary = "plan a workload on the live cluster and apply it, once or repeatedly"
    static let valueOptions = ConnectionOptions.valueOptionsWithRequestTimeout.union([
        "--workload", "--interval", "--solver", "--time-limit", "--max-nodes-per-request",
        "--out", "--format", "--catalog", "--capacity-backoff",
    ])
    static let help = """
        Usage: berth autoscale --workload WORKLOAD.json [--once | --interval SECONDS]
                               [options] [connection options]

        Reads the cluster's status with its nodes from CycleCloud, plans the workload
        against it, and sends the plan's create requests as 'berth apply' does. With
        --interval, does so every SECONDS, reading the workload file afresh each time,
        until SIGINT or SIGTERM (the round under way is finished first). A round is skipped
        while the workload file is unchanged since a round that created nodes for it: keep
        the file showing the queue as it is now.

          --workload FILE           the queued work (required)
          --once                    one round (the default)
          --interval SECONDS        a round every SECONDS until interrupted
          --dry-run                 plan and print the requests; send nothing
          --solver optimal|greedy|largest-first   the planner (default optimal)
          --time-limit SECONDS      the optimal planner's time limit (default 10)
          --max-nodes-per-request N split create requests above N nodes (default 500)
          --out DIR                 write each round's plan.json, request files and
                                    apply-journal.json to DIR
          --terminate-stranded      terminate the nodes of placement groups too short for
                                    their colocated jobs
          --format text|json        standard output: text, or JSON (one line per round
                                    with --interval)
          --catalog FILE, --capacity-backoff SECONDS   as for 'berth plan'

        \(ConnectionOptions.helpWithRequestTimeout)

        Exit status (one round): 0 every planned node created, or a dry run; 1 some nodes
        missing or a short placement group; 64 bad options; 65 unreadable workload or
        status; 69 CycleCloud unreachable or credentials refused; 75 temporary failure.
        With --interval, failed rounds are reported and the next round tries again; the
        exit status is 0 once interrupted.
        """

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let workloadPath = try arguments.required("--workload")
        let once = arguments.flag("--once")
        let interval = try arguments.number("--interval", in: 0.1...86_400)
        let format = arguments.value("--format") ?? "text"
        let options = try autoscaleOptions(&arguments)
        let client = try ConnectionOptions.client(&arguments, timeoutOption: "--request-timeout")
        try arguments.checkAllUsed()
        try arguments.checkNoOperands()
        if once && interval != nil {
            throw UsageError("--once and --interval exclude each other")
        }
        guard ["text", "json"].contains(format) else {
            throw UsageError("--format takes text or json, not '\(format)'")
        }

        let autoscaler = Autoscaler(client: client, options: options, onEvent: ApplyDisplay.show)
        guard let interval else {
            let workload = try Workload.load(path: workloadPath)
            let round = try await autoscaler.round(workload: workload)
            try RoundDisplay.print(round, format: format)
            guard let report = round.report else { return .success }
            return ApplyDisplay.exitCode(for: report)
        }
        let loop = Task {
            await autoscaler.run(
                workloadPath: workloadPath, interval: .milliseconds(Int64(interval * 1000)),
                onRound: { number, result in
                    RoundDisplay.show(result, number: number, format: format)
                })
        }
        await Termination.wait()
        Console.note("stopping after the round under way")
        loop.cancel()
        await loop.value
        return .success
    }

    private static func autoscaleOptions(_ arguments: inout Arguments) throws -> AutoscaleOptions {
        let solver = arguments.value("--solver") ?? "optimal"
        guard let planner = PlannerKind(rawValue: solver) else {
            throw UsageError("--solver takes optimal, greedy or largest-first, not '\(solver)'")
        }
        let timeLimit = try arguments.number("--time-limit", in: 0.01...86_400) ?? 10
        return AutoscaleOptions(
            planner: planner, timeLimit: .milliseconds(Int64(timeLimit * 1000)),
            maxNodesPerRequest: try arguments.integer("--max-nodes-per-request", in: 1...100_000)
                ?? 500,
            catalog: try loadCatalog(&arguments), capacity: try capacityOptions(&arguments),
            terminateStranded: arguments.flag("--terminate-stranded"),
            dryRun: arguments.flag("--dry-run"), outDirectory: arguments.value("--out"))
    }
}

/// How `autoscale` shows a round.
enum RoundDisplay {
    /// A round as JSON: what was planned, and the requests (dry run) or what applying did.
    struct Summary: Encodable {
        var round: Int
        var skipped: String?
        var objective: Objective?
        var requests: [NodeCreationRequest]?
        var report: ApplyReport?
        var error: String?
    }

    /// Prints round `number` of `--interval`, or its error (on standard error).
    @Sendable static func show(
        _ result: Result<AutoscaleRound, AutoscaleError>, number: Int, format: String
    ) {
        do {
            switch result {
            case .success(let round):
                try print(round, format: format)
            case .failure(let error):
                Console.error("round \(number): \(error)")
                if format == "json" {
                    let line = try JSONDocument.encode(
                        Summary(round: number, error: "\(error)"), pretty: false)
                    Console.output(String(decoding: line, as: UTF8.self) + "\n")
                }
            }
        } catch {
            Console.error("cannot print the round: \(error)")
        }
    }

    /// Prints `round` on standard output.
    static func print(_ round: AutoscaleRound, format: String) throws {
        let dryRun = round.report == nil && round.skipped == nil
        if format == "json" {
            let summary = Summary(
                round: round.number, skipped: round.skipped, objective: round.plan?.objective,
                requests: dryRun ? round.plan?.createRequests : nil, report: round.report)
            let line = try JSONDocument.encode(summary, pretty: false)
            Console.output(String(decoding: line, as: UTF8.self) + "\n")
            return
        }
        var text = "Round \(round.number)"
        if let plan = round.plan {
            let objective = plan.objective
            text +=
                ": \(plan.planner) plan places \(objective.jobsPlaced) job(s) on "
                + "\(objective.newNodes) new node(s)"
        }
        text += round.skipped.map { "; \($0)" } ?? ""
        Console.output(text + "\n")
        if dryRun, let plan = round.plan {
            let requests = plan.createRequests.enumerated().map {
                (position: $0.offset + 1, request: $0.element)
            }
            Console.output(RequestListing.text(requests, total: requests.count))
        }
        if let report = round.report {
            Console.output(report.text())
        }
    }
}

extension AutoscaleError: ClassifiedError {
    /// The code of the error underneath: the client's, 65 for input, 1 for writing files.
    var exitCode: ExitCode {
        switch self {
        case .status(let error): return error.exitCode
        case .unusableStatus, .workload: return .dataError
        case .writingPlan: return .failure
        case .apply(let error): return error.exitCode
        }
    }
}

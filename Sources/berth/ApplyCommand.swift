import BerthApply
import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth apply`: sends a plan's create requests to CycleCloud, journaled and resumable.
enum ApplyCommand: Command {
    static let name = "apply"
    static let summary = "send a plan's create requests to CycleCloud, resumable, never twice"
    static let valueOptions = ConnectionOptions.valueOptionsWithRequestTimeout.union([
        "--plan", "--timeout", "--journal", "--format", "--workload", "--catalog",
        "--capacity-backoff",
    ])
    static let help = """
        Usage: berth apply --plan PLAN [--wait] [options] [connection options]

        Sends the create requests of PLAN (plan.json, or the directory 'berth plan --out'
        wrote) to CycleCloud in order, follows each operation, and reports what was created:
        sets CycleCloud filled only in part, and placement groups left with too few nodes
        for their colocated jobs. Every step is written to a journal; after an interruption,
        running the same command again finishes the job without creating anything twice.
        Before sending, the live cluster's status is checked against the plan, with a
        warning where it has less room than the plan assumed.

          --plan PLAN               plan.json or a plan directory (required)
          --wait                    wait until the new nodes are Ready (or Failed)
          --timeout SECONDS         the longest to wait (default 1200)
          --journal FILE            the journal (default apply-journal.json in the plan
                                    directory, or beside plan.json)
          --terminate-stranded      terminate the nodes of placement groups too short for
                                    their colocated jobs
          --dry-run                 print the requests that would be sent; send nothing
                                    (reads the status when a connection is configured)
          --workload FILE           the plan's workload, to verify the plan against the live
                                    cluster (default: the file the plan names, if present)
          --format text|json        what to print on standard output (default text)
          --catalog FILE, --capacity-backoff SECONDS   as for 'berth plan'

        \(ConnectionOptions.helpWithRequestTimeout)

        Exit status: 0 every node created (and Ready, with --wait); 1 some nodes missing,
        a partial set or a short placement group, or a node failed; 64 bad options;
        65 unreadable plan or journal; 69 CycleCloud unreachable or credentials refused;
        75 temporary failure, or nodes still coming up when --timeout ran out (run again).
        """

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let planPath = try arguments.required("--plan")
        let wait = arguments.flag("--wait")
        let timeout = try arguments.number("--timeout", in: 1...604_800) ?? 1200
        let journalPath =
            arguments.value("--journal") ?? ApplyJournal.defaultPath(forPlan: planPath)
        let terminate = arguments.flag("--terminate-stranded")
        let dryRun = arguments.flag("--dry-run")
        let workloadPath = arguments.value("--workload")
        let format = arguments.value("--format") ?? "text"
        let catalog = try loadCatalog(&arguments)
        let capacity = try capacityOptions(&arguments)
        let client = try connect(&arguments, dryRun: dryRun)
        try arguments.checkAllUsed()
        try arguments.checkNoOperands()
        guard ["text", "json"].contains(format) else {
            throw UsageError("--format takes text or json, not '\(format)'")
        }

        let plan = PlanApplier.identified(try PlanFiles.load(path: planPath))
        var options = ApplyOptions(
            workload: try workload(for: plan, path: workloadPath), catalog: catalog,
            capacity: capacity, terminateStranded: terminate, wait: wait,
            waitTimeout: .milliseconds(Int64(timeout * 1000)))
        options.checkFit = client != nil
        guard let client else {
            return try dryRunOffline(plan, journalPath: journalPath, format: format)
        }
        let applier = PlanApplier(client: client, options: options, onEvent: ApplyDisplay.show)
        if dryRun {
            return try await Self.dryRun(plan, applier: applier, journalPath: journalPath, format)
        }
        return try await apply(plan, applier: applier, planPath: planPath, journalPath, format)
    }

    /// The client, or `nil` for a dry run with no connection configured.
    private static func connect(_ arguments: inout Arguments, dryRun: Bool) throws
        -> CycleCloudClient?
    {
        do {
            return try ConnectionOptions.client(&arguments, timeoutOption: "--request-timeout")
        } catch let error as CycleCloudClientError
            where dryRun && error.category == .configuration
        {
            Console.warning(
                "\(error); the plan is not checked against the live cluster in this dry run")
            return nil
        }
    }

    /// The workload to verify the plan with: `--workload`, else the plan's own file when it
    /// is there and readable.
    private static func workload(for plan: Plan, path: String?) throws -> Workload? {
        if let path {
            return try Workload.load(path: path)
        }
        guard FileManager.default.fileExists(atPath: plan.workload) else {
            Console.detail(
                "the plan's workload \(plan.workload) is not here: only the buckets' room is "
                    + "checked against the live cluster")
            return nil
        }
        do {
            return try Workload.load(path: plan.workload)
        } catch {
            Console.detail("\(error): only the buckets' room is checked against the live cluster")
            return nil
        }
    }

    private static func apply(
        _ plan: Plan, applier: PlanApplier, planPath: String, _ journalPath: String,
        _ format: String
    ) async throws -> ExitCode {
        guard !plan.createRequests.isEmpty else {
            Console.note("the plan has no create requests: nothing to send")
            return .success
        }
        let report: ApplyReport
        do {
            report = try await applier.apply(plan, planPath: planPath, journalPath: journalPath)
        } catch {
            if let partial = error.report {
                try ApplyDisplay.print(partial, format: format)
            }
            throw error
        }
        try ApplyDisplay.print(report, format: format)
        Console.detail("journal: \(journalPath)")
        return ApplyDisplay.exitCode(for: report)
    }

    private static func dryRun(
        _ plan: Plan, applier: PlanApplier, journalPath: String, _ format: String
    ) async throws -> ExitCode {
        let pending = try applier.pendingRequests(of: plan, journalPath: journalPath)
        let untouched = pending.count == plan.createRequests.count
        _ = try await applier.fitWarnings(
            for: pending.map(\.request), verifying: untouched ? plan : nil)
        try ApplyDisplay.print(pending, total: plan.createRequests.count, format: format)
        return .success
    }

    private static func dryRunOffline(_ plan: Plan, journalPath: String, format: String) throws
        -> ExitCode
    {
        var pending = plan.createRequests.enumerated().map {
            (position: $0.offset + 1, request: $0.element)
        }
        if let journal = try ApplyJournal.load(path: journalPath) {
            if let mismatch = journal.mismatch(with: plan) {
                throw ApplyError.journalOfAnotherPlan(path: journalPath, detail: mismatch)
            }
            pending = pending.filter { journal.requests[$0.position - 1].state != .done }
        }
        try ApplyDisplay.print(pending, total: plan.createRequests.count, format: format)
        return .success
    }
}

/// How `apply` and `autoscale` show what applying does.
enum ApplyDisplay {
    /// Shows one event on standard error: warnings always (but with `--quiet`), the
    /// terminations always, progress only on a terminal or with `--verbose`.
    @Sendable static func show(_ event: ApplyEvent) {
        switch event {
        case .warning(let message):
            Console.warning(message)
        case .terminating:
            Console.note("\(event)")
        case .skipped, .lookingUp, .sending, .created, .waiting:
            if Console.isInteractive || Console.verbose {
                Console.note("\(event)")
            }
        }
    }

    /// Prints `report` on standard output.
    static func print(_ report: ApplyReport, format: String) throws {
        if format == "json" {
            Console.output(String(decoding: try JSONDocument.encode(report), as: UTF8.self) + "\n")
        } else {
            Console.output(report.text())
        }
    }

    /// Prints the requests a dry run would send on standard output.
    static func print(
        _ requests: [(position: Int, request: NodeCreationRequest)], total: Int, format: String
    ) throws {
        if format == "json" {
            let bodies = requests.map(\.request)
            Console.output(String(decoding: try JSONDocument.encode(bodies), as: UTF8.self) + "\n")
        } else {
            Console.output(RequestListing.text(requests, total: total))
        }
    }

    /// 0 when everything was created (and came up); 75 when nodes were still coming up at
    /// the timeout and nothing else is wrong; 1 otherwise.
    static func exitCode(for report: ApplyReport) -> ExitCode {
        if report.isComplete { return .success }
        var waited = report
        waited.wait?.timedOut = false
        if waited.isComplete, report.wait?.timedOut == true {
            Console.warning(
                "some nodes were still coming up after the timeout; run again with --wait "
                    + "to keep waiting")
            return .temporaryFailure
        }
        return .failure
    }
}

extension ApplyError: ClassifiedError {
    /// 65 for a journal that cannot be used, 1 for one that cannot be written, and the
    /// CycleCloud error's code for a failed call.
    var exitCode: ExitCode {
        switch self {
        case .unreadableJournal, .journalOfAnotherPlan: return .dataError
        case .unwritableJournal: return .failure
        case .cycleCloud(let error, _, _): return error.exitCode
        }
    }
}

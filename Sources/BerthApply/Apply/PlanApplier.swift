import BerthPlanning
import CycleCloudAPI
import Foundation

/// Applies a plan to a cluster: sends its create requests in order through the client,
/// records every step in a journal, reports the sets CycleCloud filled only in part and the
/// placement groups left too small for their colocated jobs, terminates those groups'
/// stranded nodes when asked, and waits for the new nodes when asked.
///
/// Nothing is ever created twice: every request keeps its plan's `requestId`, the journal
/// says which requests are done, and a request that was sent with no recorded outcome is
/// looked up by request id before it is sent again. Running again after an interruption
/// finishes the job.
///
/// ```swift
/// let applier = PlanApplier(client: client, options: ApplyOptions(wait: true))
/// let report = try await applier.apply(
///     plan, planPath: "out", journalPath: "out/apply-journal.json")
/// ```
public struct PlanApplier: Sendable {
    /// The client of the cluster to apply to.
    public var client: CycleCloudClient
    /// How to apply.
    public var options: ApplyOptions
    /// Receives each step as it happens; called on the applying task.
    public var onEvent: @Sendable (ApplyEvent) -> Void

    /// An applier sending through `client`.
    public init(
        client: CycleCloudClient, options: ApplyOptions = ApplyOptions(),
        onEvent: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) {
        self.client = client
        self.options = options
        self.onEvent = onEvent
    }

    /// Applies `plan`, journaling to `journalPath` (in memory only when `nil`).
    ///
    /// A journal already at `journalPath` is resumed: done requests are skipped, sent ones
    /// looked up first.
    ///
    /// - Parameter planPath: where the plan came from, recorded in the journal.
    /// - Returns: what was sent and created; `isComplete` says whether everything was.
    /// - Throws: `ApplyError` for a journal that cannot be used, or a CycleCloud call that
    ///   failed (with the report of what was done by then; the journal records it too).
    public func apply(_ plan: Plan, planPath: String, journalPath: String?)
        async throws(ApplyError) -> ApplyReport
    {
        let plan = Self.identified(plan)
        let journal = try journal(for: plan, planPath: planPath, journalPath: journalPath)
        var run = ApplyRun(applier: self, plan: plan, journal: journal, journalPath: journalPath)
        return try await run.execute()
    }

    /// The requests a run would send now (or look up first, when sent before with no
    /// recorded outcome): the plan's requests that the journal at `journalPath` does not
    /// record as done, in order, with their positions in the plan from 1. Sends nothing.
    ///
    /// - Throws: `ApplyError` for a journal that cannot be used.
    public func pendingRequests(of plan: Plan, journalPath: String?) throws(ApplyError)
        -> [(position: Int, request: NodeCreationRequest)]
    {
        let plan = Self.identified(plan)
        let journal = try journal(for: plan, planPath: "", journalPath: journalPath)
        return zip(plan.createRequests, journal.requests).enumerated()
            .filter { $0.element.1.state != .done }
            .map { (position: $0.offset + 1, request: $0.element.0) }
    }

    /// Reads the cluster's status and checks that it still has room for `requests`; see
    /// `FitCheck`. Each warning is also sent to `onEvent`.
    ///
    /// - Parameter verifying: the plan, to run `PlanVerifier` when `options.workload` is set
    ///   and nothing of the plan was created yet.
    /// - Throws: `ApplyError.cycleCloud` when the status cannot be read.
    public func fitWarnings(for requests: [NodeCreationRequest], verifying plan: Plan?)
        async throws(ApplyError) -> [String]
    {
        guard !requests.isEmpty else { return [] }
        let status: ClusterStatus
        do {
            status = try await client.clusterStatus()
        } catch {
            throw .cycleCloud(error, step: "reading the cluster status before sending", report: nil)
        }
        let warnings = FitCheck.warnings(
            for: requests, status: status,
            document: "the status of cluster \(client.connection.clusterName)",
            catalog: options.catalog, options: options.capacity, verifying: plan,
            workload: options.workload)
        for warning in warnings {
            onEvent(.warning(warning))
        }
        return warnings
    }

    /// `plan` with a request id on every create request: a request written without one
    /// gets one derived from its position and sets, so that it is the same on every run
    /// and CycleCloud recognises a repeat.
    public static func identified(_ plan: Plan) -> Plan {
        var plan = plan
        for index in plan.createRequests.indices where plan.createRequests[index].requestId == nil {
            let sets = plan.createRequests[index].sets.map {
                "\($0.nodearray)/\($0.machineType ?? "")/\($0.placementGroupId ?? "")/\($0.count)"
            }
            plan.createRequests[index].requestId = Digest.uuid(
                "berth apply|\(plan.snapshot)|\(index + 1)|" + sets.joined(separator: ","))
        }
        return plan
    }

    /// The journal at `journalPath` when there is one for this plan, else a new one.
    private func journal(for plan: Plan, planPath: String, journalPath: String?)
        throws(ApplyError) -> ApplyJournal
    {
        if let journalPath, let existing = try ApplyJournal.load(path: journalPath) {
            if let mismatch = existing.mismatch(with: plan) {
                throw .journalOfAnotherPlan(path: journalPath, detail: mismatch)
            }
            return existing
        }
        return ApplyJournal(
            plan: plan, planPath: planPath, cluster: client.connection.clusterName,
            server: serverName)
    }

    /// The server as scheme, host and port: never a user name, password, path or query.
    var serverName: String {
        let url = client.connection.url
        var components = URLComponents()
        components.scheme = url.scheme
        components.host = url.host
        components.port = url.port
        return components.string ?? "(the configured server)"
    }
}

import BerthPlanning
import CycleCloudAPI
import Foundation

/// One application of a plan: the journal as it moves, and what this run did with each
/// request. Saves the journal after every change of a request's state, and before a
/// request is sent.
struct ApplyRun {
    let applier: PlanApplier
    let plan: Plan
    var journal: ApplyJournal
    let journalPath: String?
    var actions: [RequestReport.Action?]
    var warnings: [String] = []
    var waitSummary: WaitSummary?

    init(applier: PlanApplier, plan: Plan, journal: ApplyJournal, journalPath: String?) {
        self.applier = applier
        self.plan = plan
        self.journal = journal
        self.journalPath = journalPath
        self.actions = Array(repeating: nil, count: journal.requests.count)
    }

    var client: CycleCloudClient { applier.client }
    var options: ApplyOptions { applier.options }
    var total: Int { journal.requests.count }

    mutating func execute() async throws(ApplyError) -> ApplyReport {
        if options.checkFit {
            let remaining = zip(plan.createRequests, journal.requests)
                .filter { $0.1.state != .done }.map(\.0)
            let untouched = journal.requests.allSatisfy { $0.state == .pending }
            warnings += try await applier.fitWarnings(
                for: remaining, verifying: untouched ? plan : nil)
        }
        for index in journal.requests.indices {
            try await settle(index)
        }
        if options.terminateStranded {
            try await terminateStranded()
        }
        if options.wait {
            waitSummary = try await waitForNodes()
        }
        return report()
    }

    func save() throws(ApplyError) {
        guard let journalPath else { return }
        try journal.save(to: journalPath)
    }

    /// Runs one CycleCloud call of `step`, turning its failure into an `ApplyError` that
    /// carries the report of what was done so far.
    func call<T>(_ step: String, _ body: () async throws(CycleCloudClientError) -> T)
        async throws(ApplyError) -> T
    {
        do {
            return try await body()
        } catch {
            throw .cycleCloud(error, step: step, report: report())
        }
    }

    /// How errors name request `index`.
    func step(_ index: Int) -> String {
        "request \(index + 1)/\(total) \(journal.requests[index].requestId)"
    }

    // MARK: One request

    /// Brings request `index` to `done`: skips it when it is, looks it up when it was sent
    /// with no recorded outcome, sends it otherwise.
    private mutating func settle(_ index: Int) async throws(ApplyError) {
        let entry = journal.requests[index]
        switch entry.state {
        case .done:
            // Limitation: nodes a done request did not get (a partial set) are not asked for
            // again; the next plan asks for them.
            applier.onEvent(.skipped(request: index + 1, total: total, requestId: entry.requestId))
            actions[index] = .alreadyDone
            if entry.nodes == nil {
                try await listNodes(index)
            }
        case .sent, .unknown:
            applier.onEvent(
                .lookingUp(request: index + 1, total: total, requestId: entry.requestId))
            let list: NodeList
            do throws(CycleCloudClientError) {
                list = try await client.nodes(requestId: entry.requestId)
            } catch let error where error.isUnknownRequestId {
                try await send(index)
                return
            } catch {
                throw .cycleCloud(error, step: step(index), report: report())
            }
            var operationId = list.operation?.operationId
            if operationId == nil {
                operationId = try? await client.operations(requestId: entry.requestId)
                    .first?.operationId
            }
            try record(
                index, operationId: operationId, sets: nil, nodes: list.nodes, recovered: true)
            actions[index] = .recovered
        case .pending:
            try await send(index)
        }
    }

    /// Sends request `index`, marking it `sent` in the journal first.
    private mutating func send(_ index: Int) async throws(ApplyError) {
        let request = plan.createRequests[index]
        journal.requests[index].state = .sent
        journal.requests[index].note = nil
        try save()
        applier.onEvent(
            .sending(
                request: index + 1, total: total, requestId: journal.requests[index].requestId,
                nodes: request.nodeCount))
        let outcome: NodeCreationOutcome
        do throws(CycleCloudClientError) {
            outcome = try await client.createNodes(request)
        } catch {
            journal.requests[index].state = Self.state(after: error)
            journal.requests[index].note = "\(error)"
            actions[index] = journal.requests[index].state == .unknown ? .unknown : .notSent
            try save()
            throw .cycleCloud(error, step: step(index), report: report())
        }
        var nodes = outcome.nodes
        if nodes == nil, let operationId = outcome.operationId {
            nodes = try? await client.nodes(operationId: operationId).nodes
        }
        try record(
            index, operationId: outcome.operationId, sets: outcome.sets, nodes: nodes,
            recovered: outcome.wasRecovered)
        actions[index] = outcome.wasRecovered ? .recovered : .sent
        if nodes == nil {
            try await listNodes(index)
        }
    }

    /// Where a request stands after `error`: `pending` when it cannot have taken effect (the
    /// server refused it, or it never left), `unknown` otherwise.
    private static func state(after error: CycleCloudClientError) -> ApplyJournal.State {
        switch error {
        case .configuration, .server: return .pending
        case .transport(_, _, let failure):
            return failure.requestMayHaveArrived ? .unknown : .pending
        case .invalidResponse, .createOutcomeUnknown: return .unknown
        }
    }

    /// Records the outcome of request `index` and marks it done. With `nodes == nil` the
    /// request is done but its nodes are still to be listed.
    private mutating func record(
        _ index: Int, operationId: String?, sets: [NodeCreationResultSet]?,
        nodes: [NodeRecord]?, recovered: Bool
    ) throws(ApplyError) {
        var entry = journal.requests[index]
        entry.state = .done
        entry.operationId = operationId ?? entry.operationId
        entry.recovered = recovered
        if let sets {
            for (position, result) in zip(entry.sets.indices, sets) {
                entry.sets[position].added = result.added
                entry.sets[position].message = result.message
            }
        }
        if let nodes {
            entry.nodes = NodeAttribution.createdNodes(nodes, sets: entry.sets)
            if sets == nil {
                let added = NodeAttribution.added(by: entry.sets, nodes: entry.nodes ?? [])
                for (position, count) in zip(entry.sets.indices, added) {
                    entry.sets[position].added = count
                    entry.sets[position].message =
                        count < entry.sets[position].count
                        ? "the server's answer was not seen; \(count) of "
                            + "\(entry.sets[position].count) nodes found by request id" : nil
                }
            }
        }
        journal.requests[index] = entry
        try save()
        let created = entry.nodes?.count ?? entry.sets.reduce(0) { $0 + ($1.added ?? 0) }
        applier.onEvent(
            .created(
                request: index + 1, total: total, added: created,
                requested: entry.sets.reduce(0) { $0 + $1.count }, recovered: recovered))
    }

    /// Lists the nodes of done request `index` by its operation (or request id).
    private mutating func listNodes(_ index: Int) async throws(ApplyError) {
        let entry = journal.requests[index]
        let client = self.client
        let list = try await call(step(index) + ", listing its nodes") {
            () async throws(CycleCloudClientError) -> NodeList in
            if let operationId = entry.operationId {
                return try await client.nodes(operationId: operationId)
            }
            return try await client.nodes(requestId: entry.requestId)
        }
        let nodes = NodeAttribution.createdNodes(list.nodes, sets: entry.sets)
        journal.requests[index].nodes = nodes
        if entry.sets.contains(where: { $0.added == nil }) {
            let added = NodeAttribution.added(by: entry.sets, nodes: nodes)
            for (position, count) in zip(entry.sets.indices, added) {
                journal.requests[index].sets[position].added = count
            }
        }
        try save()
    }

    // MARK: Stranded nodes

    /// Terminates the nodes of placement groups that cannot run their colocated jobs, and
    /// records them in the journal.
    private mutating func terminateStranded() async throws(ApplyError) {
        let done = Set(journal.terminated.map(\.id))
        let groups = StrandedGroups.find(in: plan, created: journal.createdNodes, terminated: done)
        let byId = Dictionary(
            journal.createdNodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var ids: [String] = []
        for group in groups {
            let fresh = group.strandedNodeIds.filter { !done.contains($0) && !$0.isEmpty }
            guard !fresh.isEmpty else { continue }
            applier.onEvent(
                .terminating(
                    placementGroup: group.placementGroup,
                    nodes: fresh.compactMap { byId[$0]?.name }))
            ids += fresh
        }
        guard !ids.isEmpty else { return }

        let requestId = Digest.uuid("terminate|" + ids.sorted().joined(separator: ","))
        let client = self.client
        let result = try await call("terminating stranded nodes") {
            () async throws(CycleCloudClientError) -> NodeManagementResult in
            try await client.terminateNodes(NodeManagementRequest(ids: ids, requestId: requestId))
        }
        var refused: [String: String] = [:]
        for node in result.nodes where node.status == "Error" {
            refused[node.id] = node.error ?? "no reason given"
        }
        for id in ids {
            if let reason = refused[id] {
                let warning = "node \(byId[id]?.name ?? id) was not terminated: \(reason)"
                warnings.append(warning)
                applier.onEvent(.warning(warning))
            } else if let node = byId[id] {
                journal.terminated.append(node)
            }
        }
        try save()
    }

    // MARK: Report

    func report() -> ApplyReport {
        let requests = journal.requests.enumerated().map { index, entry in
            RequestReport(
                index: index + 1, requestId: entry.requestId, state: entry.state,
                action: actions[index] ?? (entry.state == .unknown ? .unknown : .notSent),
                operationId: entry.operationId,
                nodesRequested: entry.sets.reduce(0) { $0 + $1.count },
                nodesCreated: entry.nodes?.count)
        }
        var partial: [PartialSet] = []
        for (index, entry) in journal.requests.enumerated() where entry.state == .done {
            for (position, set) in entry.sets.enumerated() {
                guard let added = set.added, added < set.count else { continue }
                partial.append(
                    PartialSet(
                        request: index + 1, set: position + 1, nodearray: set.nodearray,
                        machineType: set.machineType, placementGroup: set.placementGroup,
                        requested: set.count, added: added, message: set.message))
            }
        }
        // A group with nodes still to come from requests not yet done is not short yet.
        let coming = Set(
            journal.requests.filter { $0.state != .done }.flatMap(\.sets).map(PlacementKey.init))
        let short = StrandedGroups.find(
            in: plan, created: journal.createdNodes, terminated: Set(journal.terminated.map(\.id))
        ).filter {
            !coming.contains(
                PlacementKey(
                    nodearray: $0.nodearray, machineType: $0.machineType,
                    placementGroup: $0.placementGroup))
        }
        return ApplyReport(
            cluster: journal.cluster, requests: requests,
            nodesRequested: plan.createRequests.reduce(0) { $0 + $1.nodeCount },
            nodesCreated: journal.createdNodes.count, partialSets: partial,
            strandedGroups: short,
            terminated: journal.terminated.map(\.name), warnings: warnings, wait: waitSummary)
    }
}

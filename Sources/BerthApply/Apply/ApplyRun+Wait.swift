import CycleCloudAPI
import Foundation

/// Where a created node is on its way up, as `PlanApplier` reads a node record when it
/// waits.
public enum NodeProgress: Sendable, Equatable {
    /// `Ready`, or `Started` as some servers say.
    case ready
    /// `Failed` or `Unavailable`, terminated or deallocated by someone, or no longer listed.
    case failed(status: String, message: String?)
    /// Still coming up: `Acquiring`, `Preparing` and the like.
    case pending

    /// The progress `record` shows; `nil` for a node that is no longer listed.
    public init(_ record: NodeRecord?) {
        guard let record else {
            self = .failed(status: "missing", message: "the node is no longer listed")
            return
        }
        let status = record.status ?? ""
        if status == "Ready" || status == "Started" {
            self = .ready
        } else if status == "Failed" || status == "Unavailable" {
            self = .failed(status: status, message: record.statusMessage)
        } else if let target = record.targetState,
            ["Terminated", "Off", "Deallocated"].contains(target)
        {
            self = .failed(
                status: status.isEmpty ? target : status,
                message: "its target state is \(target)")
        } else {
            self = .pending
        }
    }
}

extension ApplyRun {
    /// Looks at the created nodes (but those terminated) until each is ready or failed, or
    /// until the timeout: at once, then after `firstPollDelay`, doubling up to
    /// `maxPollDelay`. Each look lists the nodes of every operation of the plan.
    mutating func waitForNodes() async throws(ApplyError) -> WaitSummary {
        let terminated = Set(journal.terminated.map(\.id))
        let nodes = journal.createdNodes.filter { !terminated.contains($0.id) }
        let clock = ContinuousClock()
        let start = clock.now
        var delay = options.firstPollDelay
        while true {
            let records = try await currentRecords()
            let elapsed = clock.now - start
            var summary = WaitSummary(
                nodes: nodes.count, ready: 0, failed: [], pending: 0, timedOut: false,
                seconds: Self.seconds(elapsed))
            for node in nodes {
                switch NodeProgress(records[node.id]) {
                case .ready: summary.ready += 1
                case .pending: summary.pending += 1
                case .failed(let status, let message):
                    summary.failed.append(
                        WaitSummary.FailedNode(name: node.name, status: status, message: message))
                }
            }
            applier.onEvent(
                .waiting(
                    ready: summary.ready, failed: summary.failed.count, pending: summary.pending,
                    seconds: summary.seconds))
            guard summary.pending > 0 else { return summary }
            let left = options.waitTimeout - elapsed
            guard left > .zero else {
                summary.timedOut = true
                return summary
            }
            do {
                try await Task.sleep(for: min(delay, left))
            } catch {
                summary.timedOut = true
                return summary
            }
            delay = min(delay * 2, options.maxPollDelay)
        }
    }

    /// The current record of every node the plan's requests created, by node id.
    private func currentRecords() async throws(ApplyError) -> [String: NodeRecord] {
        // Limitation: one call per create request per look; a node removed by someone else
        // meanwhile is not found and counts as failed.
        var records: [String: NodeRecord] = [:]
        let client = self.client
        for entry in journal.requests where !(entry.nodes ?? []).isEmpty {
            let list = try await call("waiting for the new nodes") {
                () async throws(CycleCloudClientError) -> NodeList in
                if let operationId = entry.operationId {
                    return try await client.nodes(operationId: operationId)
                }
                return try await client.nodes(requestId: entry.requestId)
            }
            for record in list.nodes {
                if let id = record.nodeId { records[id] = record }
            }
        }
        return records
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

import CycleCloudAPI
import Foundation

extension ApplyReport {
    /// The report for people: a summary, then each request, partial set, short placement
    /// group and failed node.
    public func text() -> String {
        var lines = summaryLines()
        lines.append("")
        lines.append("Requests")
        for request in requests {
            var line =
                "  \(request.index). \(request.requestId): \(request.action.rawValue), "
                + "\(request.nodesCreated.map(String.init) ?? "?") of \(request.nodesRequested) "
                + "node(s) created"
            if let operationId = request.operationId { line += " (operation \(operationId))" }
            lines.append(line)
        }
        if !partialSets.isEmpty {
            lines.append("")
            lines.append("Partial sets (CycleCloud added fewer nodes than asked)")
            for set in partialSets {
                lines.append(
                    "  request \(set.request), set \(set.set): \(Self.place(set)): "
                        + "\(set.added) of \(set.requested) added"
                        + (set.message.map { ": \($0)" } ?? ""))
            }
        }
        if !strandedGroups.isEmpty {
            lines.append("")
            lines.append("Short placement groups (colocated jobs left with too few nodes)")
            for group in strandedGroups {
                lines += Self.lines(for: group)
            }
        }
        if let wait, !wait.failed.isEmpty {
            lines.append("")
            lines.append("Nodes that did not come up")
            for node in wait.failed {
                lines.append(
                    "  \(node.name): \(node.status)" + (node.message.map { ": \($0)" } ?? ""))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func summaryLines() -> [String] {
        var counts: [String] = []
        for action in [
            RequestReport.Action.sent, .recovered, .alreadyDone, .unknown, .notSent,
        ] {
            let count = requests.filter { $0.action == action }.count
            if count > 0 { counts.append("\(count) \(action.rawValue)") }
        }
        var nodes = "\(nodesRequested) requested, \(nodesCreated) created"
        if !terminated.isEmpty { nodes += ", \(terminated.count) terminated" }
        if let wait {
            nodes += ", \(wait.ready) ready"
            if !wait.failed.isEmpty { nodes += ", \(wait.failed.count) failed" }
            if wait.pending > 0 {
                nodes +=
                    ", \(wait.pending) still coming up"
                    + (wait.timedOut ? String(format: " after %.0f s", wait.seconds) : "")
            }
        }
        let stranded = strandedGroups.reduce(0) { $0 + $1.strandedNodes.count }
        return [
            isComplete
                ? "Applied: every requested node was created in cluster \(cluster)."
                : "Applied in part: see below (cluster \(cluster)).",
            "  requests          \(requests.count)"
                + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")),
            "  nodes             " + nodes,
            "  partial sets      \(partialSets.isEmpty ? "none" : String(partialSets.count))",
            "  short groups      "
                + (strandedGroups.isEmpty
                    ? "none" : "\(strandedGroups.count), \(stranded) node(s) stranded"),
        ]
    }

    private static func lines(for group: StrandedGroup) -> [String] {
        var lines = [
            "  \(group.nodearray)/\(group.machineType) placement group \(group.placementGroup): "
                + "\(group.createdNodes) of \(group.plannedNodes) new node(s) created"
        ]
        for jobs in group.jobs {
            lines.append(
                "    \(jobs.jobClass): \(jobs.runnable) of \(jobs.planned) job(s) can run "
                    + "(\(jobs.nodesPerJob) node(s) each in the group)")
        }
        if group.strandedNodes.isEmpty {
            lines.append("    no node is stranded")
        } else {
            lines.append(
                "    \(group.strandedNodes.count) node(s) stranded"
                    + (group.terminated ? " and terminated" : ", not terminated") + ": "
                    + group.strandedNodes.joined(separator: ", "))
        }
        return lines
    }

    private static func place(_ set: PartialSet) -> String {
        "\(set.nodearray)/\(set.machineType ?? "any machine type")"
            + (set.placementGroup.map { " in placement group \($0)" } ?? "")
    }
}

/// Create requests as lines for people, as a dry run shows them.
public enum RequestListing {
    /// One line per request: its position in the plan (from 1), request id, and sets.
    public static func text(
        _ requests: [(position: Int, request: NodeCreationRequest)], total: Int
    ) -> String {
        let nodes = requests.reduce(0) { $0 + $1.request.nodeCount }
        var lines = [
            "Would send \(requests.count) of the plan's \(total) create request(s), "
                + "\(nodes) node(s):"
        ]
        for (position, request) in requests {
            let sets = request.sets.map { set in
                "\(set.nodearray)/\(set.machineType ?? "any machine type")"
                    + (set.placementGroupId.map { " pg \($0)" } ?? "") + " × \(set.count)"
            }
            lines.append(
                "  \(position). \(request.requestId ?? "(no request id)"): "
                    + sets.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

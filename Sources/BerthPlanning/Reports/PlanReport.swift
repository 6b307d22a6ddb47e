/// A plan as people read it: a summary for the terminal, or Markdown for a report.
public struct PlanReport: Sendable {
    /// The plan.
    public let plan: Plan

    /// A report of `plan`.
    public init(plan: Plan) {
        self.plan = plan
    }

    private var requestedJobs: Int { plan.jobs.reduce(0) { $0 + $1.requested } }
    private var requestedWeight: Int { plan.jobs.reduce(0) { $0 + $1.requested * $1.priority } }

    private var headline: String {
        let objective = plan.objective
        return "\(objective.jobsPlaced) of \(requestedJobs) jobs placed (weighted "
            + "\(objective.weightedJobsPlaced) of \(requestedWeight)); \(objective.newNodes) new "
            + "nodes, \(objective.newVcpus) vCPUs, \(objective.newPlacementGroups) new placement "
            + "groups"
    }

    private var solverLine: String? {
        guard let solver = plan.solver else { return nil }
        let gap = String(format: "%.3f", solver.gap * 100)
        return "solver: \(solver.status), bound \(solver.bound) weighted jobs (gap \(gap) %), "
            + String(format: "%.2f", solver.seconds) + " s; greedy placed "
            + "\(solver.greedyWeightedJobsPlaced); model \(solver.modelRows) rows × "
            + "\(solver.modelColumns) columns"
    }

    private func describe(_ load: [Load]) -> String {
        load.map { entry in
            entry.tasks.map { "\($0) × \(entry.jobClass) task" } ?? "\(entry.jobClass) (whole node)"
        }.joined(separator: " + ")
    }

    private func place(_ group: NodeGroup) -> String {
        var text = "\(group.nodearray) / \(group.machineType)"
        if let pg = group.placementGroup {
            text += ", placement group \(pg)\(group.newPlacementGroup == true ? " (new)" : "")"
        }
        return text
    }

    /// The summary for a terminal.
    public func text() -> String {
        var lines = [
            "Plan (\(plan.planner)) for \(plan.workload) on \(plan.snapshot)",
            "  " + headline,
        ]
        if let solverLine { lines.append("  " + solverLine) }

        lines.append("")
        lines.append("Job classes")
        for job in plan.jobs {
            lines.append(
                "  \(job.jobClass): \(job.placed) of \(job.requested) placed"
                    + (job.priority != 1 ? " (priority \(job.priority))" : ""))
            for reason in job.unplaced {
                lines.append("    not placed (\(reason.jobs)): \(reason.message)")
                for excluded in reason.excluded ?? [] {
                    lines.append(
                        "      \(excluded.requirement): " + excluded.buckets.joined(separator: ", ")
                    )
                }
            }
        }

        lines.append("")
        lines.append("New nodes")
        if plan.nodeGroups.isEmpty { lines.append("  none") }
        var lastPlace = ""
        for group in plan.nodeGroups {
            let here = place(group)
            if here != lastPlace {
                lines.append("  " + here)
                lastPlace = here
            }
            lines.append("    \(group.id): \(group.count) × [\(describe(group.load))]")
        }

        lines.append("")
        lines.append("Limits used (before -> after, of capacity)")
        for limit in plan.limits where limit.usedAfter != limit.usedBefore {
            let unit = limit.unit == .nodes ? "nodes" : "vCPUs"
            lines.append(
                "  \(limit.name): \(limit.usedBefore) -> \(limit.usedAfter) of "
                    + "\(limit.capacity) \(unit)")
        }

        lines.append("")
        lines.append(
            "Create requests: \(plan.createRequests.count) (at most \(plan.maxNodesPerRequest) nodes each)"
        )
        for (index, request) in plan.createRequests.enumerated() {
            let sets = request.sets.map { set in
                "\(set.nodearray)/\(set.machineType ?? "?")"
                    + (set.placementGroupId.map { " pg \($0)" } ?? "") + " × \(set.count)"
            }
            lines.append(
                "  \(index + 1). \(request.requestId ?? "-"): " + sets.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The plan as Markdown.
    public func markdown() -> String {
        var lines = [
            "# Plan (\(plan.planner))", "",
            "Workload `\(plan.workload)` on snapshot `\(plan.snapshot)`: " + headline + ".",
        ]
        if let solverLine {
            lines += ["", solverLine.prefix(1).uppercased() + solverLine.dropFirst() + "."]
        }
        lines += [
            "", "## Job classes", "",
            "| job class | priority | requested | placed | why not placed |",
            "|---|---:|---:|---:|---|",
        ]
        for job in plan.jobs {
            let why = job.unplaced.map { "\($0.jobs): \($0.message)" }.joined(separator: "<br>")
            lines.append(
                "| \(job.jobClass) | \(job.priority) | \(job.requested) | \(job.placed) | \(why) |")
        }
        lines += [
            "", "## New nodes", "",
            "| group | nodearray | machine type | placement group | nodes | each node carries |",
            "|---|---|---|---|---:|---|",
        ]
        for group in plan.nodeGroups {
            let pg =
                group.placementGroup.map { $0 + (group.newPlacementGroup == true ? " (new)" : "") }
                ?? ""
            lines.append(
                "| \(group.id) | \(group.nodearray) | \(group.machineType) | \(pg) | \(group.count) | "
                    + "\(describe(group.load)) |")
        }
        lines += [
            "", "## Limits", "", "| limit | unit | capacity | used before | used after |",
            "|---|---|---:|---:|---:|",
        ]
        for limit in plan.limits {
            lines.append(
                "| \(limit.name) | \(limit.unit.rawValue) | \(limit.capacity) | \(limit.usedBefore) | "
                    + "\(limit.usedAfter) |")
        }
        lines += ["", "## Create requests", "", "| # | requestId | sets |", "|---:|---|---|"]
        for (index, request) in plan.createRequests.enumerated() {
            let sets = request.sets.map { set in
                "\(set.nodearray)/\(set.machineType ?? "?")"
                    + (set.placementGroupId.map { " pg \($0)" } ?? "") + " × \(set.count)"
            }
            lines.append(
                "| \(index + 1) | \(request.requestId ?? "") | \(sets.joined(separator: "; ")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

import BerthPlanning

/// Finds the placement groups whose colocated jobs got fewer new nodes than the plan gave
/// them.
///
/// A colocated job needs all its nodes in one placement group, so nodes of a group that
/// came up short can only serve whole jobs: the jobs that use the most of its nodes run,
/// and the nodes left over are stranded. The plan says which jobs each group carries: a job
/// layout whose node groups all lie in one placement group is a colocated job there.
public enum StrandedGroups {
    /// The short placement groups of `plan`, given the nodes created so far (in creation
    /// order) and the ids of nodes already terminated.
    ///
    /// - Complexity: O(node groups + layout shares + created nodes), plus `bestFit` for each
    ///   short group.
    public static func find(
        in plan: Plan, created: [ApplyJournal.CreatedNode], terminated: Set<String> = []
    ) -> [StrandedGroup] {
        var order: [PlacementKey] = []
        var planned: [PlacementKey: Int] = [:]
        var keyOfGroup: [String: PlacementKey] = [:]
        var machineTypes: [PlacementKey: String] = [:]
        for group in plan.nodeGroups {
            guard let placementGroup = group.placementGroup else { continue }
            let key = PlacementKey(
                nodearray: group.nodearray, machineType: group.machineType,
                placementGroup: placementGroup)
            keyOfGroup[group.id] = key
            machineTypes[key] = group.machineType
            if planned[key] == nil { order.append(key) }
            planned[key, default: 0] += group.count
        }
        let jobs = colocatedJobs(plan, keyOfGroup: keyOfGroup)
        var createdIn: [PlacementKey: [ApplyJournal.CreatedNode]] = [:]
        for node in created where node.placementGroup != nil {
            createdIn[PlacementKey(node), default: []].append(node)
        }

        return order.compactMap { key in
            let nodes = createdIn[key] ?? []
            let wanted = planned[key] ?? 0
            guard nodes.count < wanted, let classes = jobs[key], !classes.isEmpty else {
                return nil
            }
            return shortGroup(
                key, machineType: machineTypes[key] ?? key.machineType, planned: wanted,
                nodes: nodes, jobs: classes, terminated)
        }
    }

    /// Per placement group, the colocated jobs the plan puts there.
    private static func colocatedJobs(_ plan: Plan, keyOfGroup: [String: PlacementKey])
        -> [PlacementKey: [StrandedGroup.Jobs]]
    {
        var jobs: [PlacementKey: [StrandedGroup.Jobs]] = [:]
        for outcome in plan.jobs {
            for layout in outcome.layouts ?? [] where layout.jobs > 0 {
                let keys = layout.nodes.map { keyOfGroup[$0.group] }
                guard let key = keys.first ?? nil, keys.allSatisfy({ $0 == key }) else {
                    continue
                }
                let need = layout.nodes.reduce(0) { $0 + $1.nodes }
                if let index = jobs[key]?.firstIndex(where: {
                    $0.jobClass == outcome.jobClass && $0.nodesPerJob == need
                }) {
                    jobs[key]?[index].planned += layout.jobs
                } else {
                    jobs[key, default: []].append(
                        StrandedGroup.Jobs(
                            jobClass: outcome.jobClass, nodesPerJob: need, planned: layout.jobs,
                            runnable: 0))
                }
            }
        }
        return jobs
    }

    /// The report of a group that got `nodes.count` of its `planned` nodes.
    private static func shortGroup(
        _ key: PlacementKey, machineType: String, planned: Int, nodes: [ApplyJournal.CreatedNode],
        jobs: [StrandedGroup.Jobs], _ terminated: Set<String>
    ) -> StrandedGroup? {
        var jobs = jobs
        let runnable = bestFit(jobs, nodes: nodes.count)
        for index in jobs.indices {
            jobs[index].runnable = runnable[index]
        }
        let used = zip(jobs, runnable).reduce(0) { $0 + $1.0.nodesPerJob * $1.1 }
        let free = nodes.count - used
        guard jobs.contains(where: { $0.runnable < $0.planned }) else { return nil }
        let stranded = Array(nodes.suffix(free))
        return StrandedGroup(
            nodearray: key.nodearray, machineType: machineType,
            placementGroup: key.placementGroup ?? "", plannedNodes: planned,
            createdNodes: nodes.count, jobs: jobs, strandedNodes: stranded.map(\.name),
            strandedNodeIds: stranded.map(\.id),
            terminated: !stranded.isEmpty && stranded.allSatisfy { terminated.contains($0.id) })
    }

    /// How many jobs of each class to run on `nodes` nodes so that whole jobs use as many
    /// of them as possible (and, among those choices, run the most jobs): a bounded
    /// subset sum by dynamic programming.
    ///
    /// - Complexity: O(jobs × nodes × classes); a placement group holds tens of nodes.
    static func bestFit(_ jobs: [StrandedGroup.Jobs], nodes: Int) -> [Int] {
        // Limitation: this is Berth's estimate of what can run; the scheduler decides, and
        // the nodes counted as stranded are those created last.
        // best[n]: per class, the jobs that use exactly n nodes, with the most jobs.
        var best: [[Int]?] = Array(repeating: nil, count: nodes + 1)
        best[0] = Array(repeating: 0, count: jobs.count)
        for (index, job) in jobs.enumerated() where job.nodesPerJob > 0 {
            for _ in 0..<min(job.planned, nodes / job.nodesPerJob) {
                for used in stride(from: nodes, through: job.nodesPerJob, by: -1) {
                    guard var choice = best[used - job.nodesPerJob] else { continue }
                    choice[index] += 1
                    let count = choice.reduce(0, +)
                    if best[used].map({ $0.reduce(0, +) < count }) ?? true {
                        best[used] = choice
                    }
                }
            }
        }
        return best.compactMap { $0 }.last ?? Array(repeating: 0, count: jobs.count)
    }
}

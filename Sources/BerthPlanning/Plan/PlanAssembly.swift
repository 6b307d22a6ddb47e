import CycleCloudAPI

/// Turns a planner's `Allocation` into a `Plan`: names node groups and new placement groups,
/// explains every job left out, tallies the limits, and writes the create requests.
public struct PlanAssembly: Sendable {
    /// The problem the allocation answers.
    public let problem: PlanningProblem
    /// The most nodes in one create request; larger plans are split.
    public var maxNodesPerRequest: Int
    /// A digest of the snapshot, mixed into request ids so that the same plan for a new
    /// snapshot gets new ids while the same plan for the same snapshot keeps its ids.
    public var snapshotDigest: String

    /// Creates an assembly for `problem`.
    public init(problem: PlanningProblem, maxNodesPerRequest: Int = 500, snapshotDigest: String) {
        self.problem = problem
        self.maxNodesPerRequest = max(1, maxNodesPerRequest)
        self.snapshotDigest = snapshotDigest
    }

    /// The plan for `allocation`, made by `planner`.
    public func plan(_ allocation: Allocation, planner: String, solver: SolverSummary? = nil)
        -> Plan
    {
        let model = problem.model
        let order = allocation.groups.indices.sorted { lhs, rhs in
            let (left, right) = (allocation.groups[lhs], allocation.groups[rhs])
            if left.bucket != right.bucket { return left.bucket < right.bucket }
            return rank(left.placement) < rank(right.placement)
                || (rank(left.placement) == rank(right.placement) && lhs < rhs)
        }
        var position = Array(repeating: 0, count: allocation.groups.count)
        for (newIndex, old) in order.enumerated() { position[old] = newIndex }
        let names = newGroupNames(allocation)

        let groups = order.enumerated().map { newIndex, old in
            nodeGroup(allocation.groups[old], id: "g\(newIndex + 1)", names: names)
        }
        let usage = Usage(problem: problem, allocation: allocation)
        let explainer = Explainer(problem: problem, remainingAfter: usage.remainingAfter)
        let jobs = problem.workload.jobClasses.enumerated().map { index, job in
            let layouts: [JobLayout]? =
                job.hasDedicatedNodes
                ? allocation.layouts[index].map { layout in
                    JobLayout(
                        jobs: layout.jobs,
                        nodes: layout.shares.sorted { position[$0.group] < position[$1.group] }
                            .map { NodeShare(group: "g\(position[$0.group] + 1)", nodes: $0.nodes) }
                    )
                }
                : nil
            let missing = job.count - allocation.placed[index]
            return JobOutcome(
                jobClass: job.name, priority: job.priority, requested: job.count,
                placed: allocation.placed[index], layouts: layouts,
                unplaced: missing > 0 ? [explainer.reason(for: index, jobs: missing)] : [])
        }
        let limits = model.limits.map { limit in
            LimitUse(
                name: limit.name, unit: limit.unit, capacity: limit.capacity,
                usedBefore: limit.used, usedAfter: limit.used + usage.drawn[limit.index])
        }
        let requests = CreateRequestBatches(
            maxNodesPerRequest: maxNodesPerRequest, snapshotDigest: snapshotDigest
        ).requests(for: groups)
        return Plan(
            planner: planner, snapshot: model.document, workload: problem.workload.document,
            solver: solver, objective: usage.objective, nodeGroups: groups, jobs: jobs,
            limits: limits, maxNodesPerRequest: maxNodesPerRequest, createRequests: requests)
    }

    private func rank(_ placement: Allocation.Placement) -> Int {
        switch placement {
        case .none: return 0
        case .existing(let group): return 1 + group
        case .new(let ordinal): return 1_000_000 + ordinal
        }
    }

    private func nodeGroup(_ group: Allocation.Group, id: String, names: [Int: [String]])
        -> NodeGroup
    {
        let bucket = problem.model.buckets[group.bucket]
        var placementGroup: String?
        var isNew: Bool?
        switch group.placement {
        case .none: break
        case .existing(let index):
            placementGroup = problem.model.placementGroups[index].name
            isNew = false
        case .new(let ordinal):
            placementGroup = names[group.bucket]?[ordinal]
            isNew = true
        }
        let load = group.load.map { entry in
            Load(
                jobClass: problem.workload.jobClasses[entry.jobClass].name,
                tasks: problem.workload.jobClasses[entry.jobClass].task == nil ? nil : entry.tasks)
        }
        return NodeGroup(
            id: id, nodearray: bucket.nodearray, machineType: bucket.machineType,
            bucketId: bucket.bucketId, placementGroup: placementGroup,
            newPlacementGroup: isNew, count: group.count, load: load)
    }

    /// Names for the new placement groups of each bucket: `berth-MACHINETYPE-N`, skipping
    /// names the nodearray already uses.
    private func newGroupNames(_ allocation: Allocation) -> [Int: [String]] {
        var countPerBucket: [Int: Int] = [:]
        for group in allocation.groups {
            if case .new(let ordinal) = group.placement {
                countPerBucket[group.bucket] = max(countPerBucket[group.bucket] ?? 0, ordinal + 1)
            }
        }
        var taken: [String: Set<String>] = [:]
        for group in problem.model.placementGroups {
            taken[problem.model.buckets[group.bucket].nodearray, default: []].insert(group.name)
        }
        var names: [Int: [String]] = [:]
        for bucket in countPerBucket.keys.sorted() {
            let info = problem.model.buckets[bucket]
            var serial = 0
            for _ in 0..<(countPerBucket[bucket] ?? 0) {
                var name: String
                repeat {
                    serial += 1
                    name = "berth-\(info.machineType)-\(serial)"
                } while taken[info.nodearray]?.contains(name) == true
                taken[info.nodearray, default: []].insert(name)
                names[bucket, default: []].append(name)
            }
        }
        return names
    }
}

/// What an allocation draws from each limit, and what it achieves.
struct Usage {
    var drawn: [Int]
    var remainingAfter: [Int]
    var objective: Objective

    init(problem: PlanningProblem, allocation: Allocation) {
        let model = problem.model
        drawn = Array(repeating: 0, count: model.limits.count)
        var vcpus = 0
        var nodes = 0
        var newGroups: Set<[Int]> = []
        for group in allocation.groups {
            let bucket = model.buckets[group.bucket]
            for draw in bucket.draws {
                drawn[draw.limit] += draw.units * group.count
            }
            vcpus += bucket.vcpus * group.count
            nodes += group.count
            if case .new(let ordinal) = group.placement {
                newGroups.insert([group.bucket, ordinal])
            }
        }
        let drawn = drawn
        remainingAfter = model.limits.map { $0.remaining - drawn[$0.index] }
        let classes = problem.workload.jobClasses
        objective = Objective(
            weightedJobsPlaced: zip(classes, allocation.placed).reduce(0) {
                $0 + $1.0.priority * $1.1
            },
            newVcpus: vcpus, newPlacementGroups: newGroups.count,
            jobsPlaced: allocation.placed.reduce(0, +), newNodes: nodes)
    }
}

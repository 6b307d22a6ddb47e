/// The state of one greedy pass: what is left of every limit and placement group, and the
/// nodes planned so far. Each job is placed whole or not at all: an attempt that falls short
/// is rolled back from a checkpoint.
struct GreedyPass {
    private struct Node {
        var bucket: Int
        var placement: Allocation.Placement
        var free: NodeResources
        var load: [Allocation.Load]
        var owner: Int?
        var closed = false
    }

    private struct Checkpoint {
        var remaining: [Int]
        var existingRoom: [Int]
        var newGroupRoom: [[Int]]
        var nodeCount: Int
        var ownerCount: Int
        var fills: [(node: Int, jobClass: Int, tasks: Int)]
    }

    let problem: PlanningProblem
    private var remaining: [Int]
    private var existingRoom: [Int]
    private var newGroupRoom: [[Int]]
    private var nodes: [Node] = []
    private var openNodes: [[Int]]
    private var owners: [(jobClass: Int, nodes: [Int])] = []
    private var placed: [Int]
    private var checkpoint: Checkpoint?
    private let smallestSharedTask: NodeResources?

    init(problem: PlanningProblem) {
        self.problem = problem
        let model = problem.model
        remaining = model.limits.map(\.remaining)
        existingRoom = model.placementGroups.map(\.room)
        newGroupRoom = Array(repeating: [], count: model.buckets.count)
        openNodes = Array(repeating: [], count: model.buckets.count)
        placed = Array(repeating: 0, count: problem.workload.jobClasses.count)
        let shared = problem.workload.jobClasses.filter { !$0.hasDedicatedNodes }.compactMap(\.task)
            .map { NodeResources(task: $0) }
        smallestSharedTask =
            shared.isEmpty
            ? nil
            : NodeResources(
                vcpus: shared.map(\.vcpus).min() ?? 0, memory: shared.map(\.memory).min() ?? 0,
                gpus: shared.map(\.gpus).min() ?? 0)
    }

    /// A pass that starts from the nodes and jobs of `allocation`, so that more jobs can be
    /// added to it: its nodes draw on the limits, its shared nodes take more tasks where
    /// they have room, and its new placement groups keep their room.
    init(problem: PlanningProblem, continuing allocation: Allocation) {
        self.init(problem: problem)
        placed = allocation.placed
        var groupNodes: [[Int]] = []
        for group in allocation.groups {
            take(group.bucket, group.count)
            switch group.placement {
            case .none: break
            case .existing(let index): existingRoom[index] -= group.count
            case .new(let ordinal):
                while newGroupRoom[group.bucket].count <= ordinal {
                    newGroupRoom[group.bucket].append(
                        problem.model.buckets[group.bucket].newPlacementGroupSize)
                }
                newGroupRoom[group.bucket][ordinal] -= group.count
            }
            var free = NodeResources(bucket: problem.model.buckets[group.bucket])
            for load in group.load {
                if let task = problem.workload.jobClasses[load.jobClass].task {
                    free = free.subtracting(NodeResources(task: task, tasks: load.tasks))
                }
            }
            let dedicated = group.load.contains {
                problem.workload.jobClasses[$0.jobClass].hasDedicatedNodes
            }
            let first = nodes.count
            for _ in 0..<group.count {
                nodes.append(
                    Node(
                        bucket: group.bucket, placement: group.placement, free: free,
                        load: group.load, owner: nil,
                        closed: dedicated || smallestSharedTask.map { isFull(free, $0) } ?? true))
            }
            groupNodes.append(Array(first..<nodes.count))
            if !dedicated { openNodes[group.bucket] += groupNodes[groupNodes.count - 1] }
        }
        var nextNode = groupNodes.map { _ in 0 }
        for (job, layouts) in allocation.layouts.enumerated() {
            for layout in layouts {
                for _ in 0..<layout.jobs {
                    var members: [Int] = []
                    for share in layout.shares {
                        let start = nextNode[share.group]
                        members += groupNodes[share.group][start..<(start + share.nodes)]
                        nextNode[share.group] += share.nodes
                    }
                    for member in members { nodes[member].owner = owners.count }
                    owners.append((job, members))
                }
            }
        }
    }

    /// Jobs of each class placed so far.
    var placedJobs: [Int] { placed }

    /// Places one job of class `job` in `buckets` (its eligible buckets in status order by
    /// default); false, with nothing changed, when it does not fit. Shared task jobs take
    /// room on this pass's nodes in `buckets` only, but new nodes from any eligible bucket.
    mutating func place(_ job: Int, buckets: [Int]? = nil) -> Bool {
        let jobClass = problem.workload.jobClasses[job]
        let buckets = buckets ?? problem.eligibleBuckets[job]
        let done: Bool
        if jobClass.colocated {
            done = placeColocated(job, buckets)
        } else if case .tasks(let tasks, let task) = jobClass.shape {
            begin()
            done =
                jobClass.exclusive
                ? placeExclusiveTasks(job, tasks: tasks, buckets)
                : placeSharedTasks(job, tasks: tasks, task: task, buckets)
            done ? commit() : rollback()
        } else {
            begin()
            done = placeSpreadNodes(job, nodes: jobClass.unitsPerJob, buckets)
            done ? commit() : rollback()
        }
        if done { placed[job] += 1 }
        return done
    }

    // MARK: - Job kinds

    private mutating func placeColocated(_ job: Int, _ buckets: [Int]) -> Bool {
        for bucket in buckets {
            let needed = problem.dedicatedNodes(forJobOf: job, in: bucket)
            guard needed <= headroom(bucket), let placement = placementGroup(bucket, needed)
            else { continue }
            take(bucket, needed)
            switch placement {
            case .existing(let group): existingRoom[group] -= needed
            case .new(let ordinal): newGroupRoom[bucket][ordinal] -= needed
            case .none: break
            }
            let owner = startOwner(job)
            addDedicatedNodes(
                job, owner: owner, bucket: bucket, placement: placement, count: needed)
            return true
        }
        return false
    }

    private mutating func placeSpreadNodes(_ job: Int, nodes needed: Int, _ buckets: [Int])
        -> Bool
    {
        var left = needed
        let owner = startOwner(job)
        for bucket in buckets where left > 0 {
            let count = min(left, headroom(bucket))
            guard count > 0 else { continue }
            take(bucket, count)
            addDedicatedNodes(job, owner: owner, bucket: bucket, placement: .none, count: count)
            left -= count
        }
        return left == 0
    }

    private mutating func placeExclusiveTasks(_ job: Int, tasks: Int, _ buckets: [Int])
        -> Bool
    {
        var left = tasks
        let owner = startOwner(job)
        for bucket in buckets where left > 0 {
            let perNode = problem.tasksPerNode[job][bucket]
            let count = min((left + perNode - 1) / perNode, headroom(bucket))
            guard count > 0 else { continue }
            take(bucket, count)
            left -= addTaskNodes(job, owner: owner, bucket: bucket, count: count, tasks: left)
        }
        return left == 0
    }

    private mutating func placeSharedTasks(
        _ job: Int, tasks: Int, task: TaskShape, _ buckets: [Int]
    ) -> Bool {
        var left = tasks
        for bucket in buckets where left > 0 {
            left -= fillOpenNodes(bucket, job: job, task: task, tasks: left)
        }
        // New nodes may come from any eligible bucket, in status order, even when `buckets`
        // names fewer: the LP-guided heuristic passes the buckets the relaxation used, and
        // holding its shared tasks to them left room unused and gave worse starts in the
        // benchmarks (docs/benchmarks.md).
        for bucket in problem.eligibleBuckets[job] where left > 0 {
            let perNode = problem.tasksPerNode[job][bucket]
            let count = min((left + perNode - 1) / perNode, headroom(bucket))
            guard count > 0 else { continue }
            take(bucket, count)
            let first = nodes.count
            left -= addTaskNodes(job, owner: nil, bucket: bucket, count: count, tasks: left)
            openNodes[bucket] += Array(first..<nodes.count)
        }
        return left == 0
    }

    // MARK: - Nodes and limits

    private func headroom(_ bucket: Int) -> Int {
        problem.model.headroom(of: bucket, remaining: remaining).nodes
    }

    private mutating func take(_ bucket: Int, _ count: Int) {
        for draw in problem.model.buckets[bucket].draws {
            remaining[draw.limit] -= draw.units * count
        }
    }

    /// The first placement group of `bucket` with room for `count` nodes: existing groups,
    /// then groups opened in this pass, then a new one if `count` fits a new group.
    private mutating func placementGroup(_ bucket: Int, _ count: Int) -> Allocation.Placement? {
        for group in problem.model.buckets[bucket].placementGroups
        where existingRoom[group] >= count {
            return .existing(group)
        }
        if let ordinal = newGroupRoom[bucket].firstIndex(where: { $0 >= count }) {
            return .new(ordinal)
        }
        guard count <= problem.model.buckets[bucket].newPlacementGroupSize else { return nil }
        newGroupRoom[bucket].append(problem.model.buckets[bucket].newPlacementGroupSize)
        return .new(newGroupRoom[bucket].count - 1)
    }

    private mutating func startOwner(_ job: Int) -> Int {
        owners.append((job, []))
        return owners.count - 1
    }

    private mutating func addDedicatedNodes(
        _ job: Int, owner: Int, bucket: Int, placement: Allocation.Placement, count: Int
    ) {
        if case .tasks(let tasks, _) = problem.workload.jobClasses[job].shape {
            _ = addTaskNodes(
                job, owner: owner, bucket: bucket, count: count, tasks: tasks,
                placement: placement)
            return
        }
        let empty = NodeResources(bucket: problem.model.buckets[bucket])
        for _ in 0..<count {
            owners[owner].nodes.append(nodes.count)
            nodes.append(
                Node(
                    bucket: bucket, placement: placement, free: empty,
                    load: [.init(jobClass: job, tasks: 0)], owner: owner, closed: true))
        }
    }

    /// Adds `count` new nodes carrying up to `tasks` tasks of `job`, each filled before the
    /// next; returns the tasks placed.
    private mutating func addTaskNodes(
        _ job: Int, owner: Int?, bucket: Int, count: Int, tasks: Int,
        placement: Allocation.Placement = .none
    ) -> Int {
        let perNode = problem.tasksPerNode[job][bucket]
        guard let task = problem.workload.jobClasses[job].task else { return 0 }
        let empty = NodeResources(bucket: problem.model.buckets[bucket])
        var left = tasks
        for _ in 0..<count {
            let here = min(perNode, left)
            left -= here
            if let owner { owners[owner].nodes.append(nodes.count) }
            nodes.append(
                Node(
                    bucket: bucket, placement: placement,
                    free: empty.subtracting(NodeResources(task: task, tasks: here)),
                    load: [.init(jobClass: job, tasks: here)], owner: owner,
                    closed: owner != nil))
        }
        return tasks - left
    }

    /// Puts tasks of `job` on this pass's shareable nodes of `bucket`; returns how many.
    private mutating func fillOpenNodes(_ bucket: Int, job: Int, task: TaskShape, tasks: Int)
        -> Int
    {
        openNodes[bucket].removeAll { nodes[$0].closed }
        var left = tasks
        for index in openNodes[bucket] where left > 0 {
            let fit = min(nodes[index].free.count(of: task), left)
            guard fit > 0 else { continue }
            fill(index, job: job, tasks: fit, task: task)
            checkpoint?.fills.append((index, job, fit))
            left -= fit
        }
        return tasks - left
    }

    private mutating func fill(_ index: Int, job: Int, tasks: Int, task: TaskShape) {
        nodes[index].free = nodes[index].free.subtracting(NodeResources(task: task, tasks: tasks))
        if let position = nodes[index].load.firstIndex(where: { $0.jobClass == job }) {
            nodes[index].load[position].tasks += tasks
        } else {
            nodes[index].load.append(.init(jobClass: job, tasks: tasks))
        }
    }

    // MARK: - Checkpoints

    private mutating func begin() {
        checkpoint = Checkpoint(
            remaining: remaining, existingRoom: existingRoom, newGroupRoom: newGroupRoom,
            nodeCount: nodes.count, ownerCount: owners.count, fills: [])
    }

    private mutating func commit() {
        if let checkpoint, let smallest = smallestSharedTask {
            for (index, _, _) in checkpoint.fills {
                nodes[index].closed = isFull(nodes[index].free, smallest)
            }
            for index in checkpoint.nodeCount..<nodes.count where nodes[index].owner == nil {
                nodes[index].closed = isFull(nodes[index].free, smallest)
            }
        }
        checkpoint = nil
    }

    private func isFull(_ free: NodeResources, _ smallest: NodeResources) -> Bool {
        free.vcpus < smallest.vcpus || free.memory < smallest.memory || free.gpus < smallest.gpus
    }

    private mutating func rollback() {
        guard let saved = checkpoint else { return }
        remaining = saved.remaining
        existingRoom = saved.existingRoom
        newGroupRoom = saved.newGroupRoom
        for (index, job, tasks) in saved.fills.reversed() {
            guard let task = problem.workload.jobClasses[job].task,
                let position = nodes[index].load.firstIndex(where: { $0.jobClass == job })
            else { continue }
            nodes[index].free = nodes[index].free.adding(NodeResources(task: task, tasks: tasks))
            nodes[index].load[position].tasks -= tasks
            if nodes[index].load[position].tasks == 0 {
                nodes[index].load.remove(at: position)
            }
        }
        nodes.removeLast(nodes.count - saved.nodeCount)
        for bucket in openNodes.indices {
            while let last = openNodes[bucket].last, last >= saved.nodeCount {
                openNodes[bucket].removeLast()
            }
        }
        owners.removeLast(owners.count - saved.ownerCount)
        checkpoint = nil
    }

    // MARK: - Result

    /// The pass's nodes as groups of identical nodes, and its jobs as layouts.
    func allocation() -> Allocation {
        var result = Allocation.empty(classes: placed.count)
        result.placed = placed
        var groupOf: [GroupKey: Int] = [:]
        var nodeGroup = Array(repeating: 0, count: nodes.count)
        for (index, node) in nodes.enumerated() {
            let load = node.load.sorted { $0.jobClass < $1.jobClass }
            let key = GroupKey(bucket: node.bucket, placement: node.placement, load: load)
            if let group = groupOf[key] {
                result.groups[group].count += 1
                nodeGroup[index] = group
            } else {
                groupOf[key] = result.groups.count
                nodeGroup[index] = result.groups.count
                result.groups.append(
                    .init(bucket: node.bucket, placement: node.placement, count: 1, load: load))
            }
        }
        var layoutOf: [LayoutKey: Int] = [:]
        for owner in owners where !owner.nodes.isEmpty {
            var counts: [Int: Int] = [:]
            for node in owner.nodes { counts[nodeGroup[node], default: 0] += 1 }
            let shares = counts.keys.sorted().map {
                Allocation.Share(group: $0, nodes: counts[$0] ?? 0)
            }
            let key = LayoutKey(jobClass: owner.jobClass, shares: shares)
            if let position = layoutOf[key] {
                result.layouts[owner.jobClass][position].jobs += 1
            } else {
                layoutOf[key] = result.layouts[owner.jobClass].count
                result.layouts[owner.jobClass].append(.init(jobs: 1, shares: shares))
            }
        }
        return result
    }

    private struct GroupKey: Hashable {
        var bucket: Int
        var placement: Allocation.Placement
        var load: [Allocation.Load]
    }

    private struct LayoutKey: Hashable {
        var jobClass: Int
        var shares: [Allocation.Share]
    }
}

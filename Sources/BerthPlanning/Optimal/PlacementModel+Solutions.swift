import BerthSolver

extension PlacementModel {
    /// The model's column values for a heuristic `allocation` whose patterns and layouts
    /// were among the seeds; `nil` when the allocation uses something the model lacks.
    func startVector(for allocation: Allocation) -> [Double]? {
        guard mode == .plan else { return nil }
        var values = Array(repeating: 0.0, count: mip.variableCount)
        func add(_ variable: MIPModel.Variable?, _ amount: Int) -> Bool {
            guard let variable else { return amount == 0 }
            values[variable.index] += Double(amount)
            return true
        }
        var patternIndex: [Pattern: Int] = [:]
        for (index, pattern) in patterns.enumerated() { patternIndex[pattern] = index }

        for group in allocation.groups {
            guard add(nodes[group.bucket], group.count) else { return nil }
            let sharedOnly = group.load.allSatisfy { !classes[$0.jobClass].hasDedicatedNodes }
            if sharedOnly {
                let pattern = Pattern(
                    bucket: group.bucket, tasks: group.load.sorted { $0.jobClass < $1.jobClass })
                guard let index = patternIndex[pattern] else { return nil }
                values[patternColumns[index].index] += Double(group.count)
            } else if let job = group.load.first?.jobClass, case .nodes = classes[job].shape,
                !classes[job].colocated
            {
                guard add(spread[job]?[group.bucket], group.count) else { return nil }
            }
        }
        var newGroupSizes: [[Int]: [Int]] = [:]
        for (job, jobClass) in classes.enumerated() {
            guard add(placed[job], allocation.placed[job]) else { return nil }
            for layout in allocation.layouts[job] {
                if jobClass.colocated {
                    guard let share = layout.shares.first else { return nil }
                    let group = allocation.groups[share.group]
                    switch group.placement {
                    case .existing(let pg):
                        guard add(existingJobs[job]?[pg], layout.jobs) else { return nil }
                    case .new(let ordinal):
                        guard add(newGroupJobs[job]?[group.bucket], layout.jobs) else { return nil }
                        let size = colocatedSize(job, group.bucket)
                        newGroupSizes[[group.bucket, ordinal], default: []] +=
                            Array(repeating: size, count: layout.jobs)
                    case .none:
                        return nil
                    }
                } else if jobClass.exclusive, jobClass.task != nil {
                    let column = column(of: layout, in: allocation)
                    guard let index = layouts[job]?.firstIndex(of: column),
                        let variable = layoutColumns[job]?[index]
                    else { return nil }
                    values[variable.index] += Double(layout.jobs)
                }
            }
        }
        for (key, sizes) in newGroupSizes {
            let bucket = key[0]
            guard let graph = graphs[bucket], let path = graph.path(for: sizes),
                let columns = arcs[bucket], add(newGroups[bucket], 1)
            else { return nil }
            for arc in path { values[columns[arc].index] += 1 }
        }
        return values
    }

    /// The allocation that a solution of the `.plan` model describes.
    func allocation(from values: [Double]) -> Allocation {
        func value(_ variable: MIPModel.Variable?) -> Int {
            guard let variable else { return 0 }
            return Int(values[variable.index].rounded())
        }
        var builder = AllocationBuilder(classes: classes.count)
        for job in classes.indices { builder.placed[job] = value(placed[job]) }

        // Shared nodes first: trimming surplus tasks rebuilds the groups, which must happen
        // before any job layout refers to a group by position.
        for (index, pattern) in patterns.enumerated() {
            let count = value(patternColumns[index])
            guard count > 0 else { continue }
            builder.addShared(pattern.bucket, count: count, load: pattern.tasks)
        }
        for (job, jobClass) in classes.enumerated() where !jobClass.hasDedicatedNodes {
            builder.trimShared(job, keep: builder.placed[job] * jobClass.unitsPerJob)
        }

        for (job, jobClass) in classes.enumerated() {
            if case .nodes(let size) = jobClass.shape, !jobClass.colocated {
                let perBucket = (spread[job] ?? [:]).map { ($0.key, value($0.value)) }
                    .filter { $0.1 > 0 }.sorted { $0.0 < $1.0 }
                builder.addSpread(job, size: size, perBucket: perBucket)
            }
            if jobClass.colocated {
                for (pg, variable) in (existingJobs[job] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let jobs = value(variable)
                    guard jobs > 0 else { continue }
                    let bucket = problem.model.placementGroups[pg].bucket
                    builder.addDedicated(
                        job, jobs: jobs, shares: dedicatedShares(job, bucket), bucket: bucket,
                        placement: .existing(pg))
                }
            }
            if jobClass.exclusive, !jobClass.colocated {
                for (index, layout) in (layouts[job] ?? []).enumerated() {
                    let jobs = value(layoutColumns[job]?[index])
                    guard jobs > 0 else { continue }
                    builder.addLayout(job, jobs: jobs, layout: layout)
                }
            }
        }
        for (bucket, graph) in graphs.sorted(by: { $0.key < $1.key }) {
            let flow = (arcs[bucket] ?? []).map { value($0) }
            var left: [Int: Int] = [:]
            for (job, perBucket) in newGroupJobs {
                if let variable = perBucket[bucket] { left[job] = value(variable) }
            }
            for (ordinal, sizes) in graph.decompose(flow).enumerated() {
                for size in sizes {
                    guard
                        let job = left.keys.sorted().first(where: {
                            (left[$0] ?? 0) > 0 && colocatedSize($0, bucket) == size
                        })
                    else { continue }
                    left[job, default: 0] -= 1
                    builder.addDedicated(
                        job, jobs: 1, shares: dedicatedShares(job, bucket), bucket: bucket,
                        placement: .new(ordinal))
                }
            }
        }
        return builder.result()
    }

    /// The nodes of one colocated job in `bucket`: (tasks per node, nodes) for task jobs,
    /// filled node by node; (0, nodes) for node jobs.
    private func dedicatedShares(_ job: Int, _ bucket: Int) -> [(tasks: Int, nodes: Int)] {
        guard case .tasks(let tasks, _) = classes[job].shape else {
            return [(0, colocatedSize(job, bucket))]
        }
        let perNode = problem.tasksPerNode[job][bucket]
        var shares = [(tasks: perNode, nodes: tasks / perNode)]
        if tasks % perNode > 0 { shares.append((tasks % perNode, 1)) }
        return shares.filter { $0.nodes > 0 }
    }
}

/// Collects groups of identical nodes and job layouts, merging equal ones.
struct AllocationBuilder {
    private var groups: [Allocation.Group] = []
    private var groupIndex: [GroupKey: Int] = [:]
    private var layouts: [[Allocation.Layout]]
    private var layoutIndex: [LayoutKey: Int] = [:]
    var placed: [Int]

    private struct GroupKey: Hashable {
        var bucket: Int
        var placement: Allocation.Placement
        var load: [Allocation.Load]
    }

    private struct LayoutKey: Hashable {
        var job: Int
        var shares: [Allocation.Share]
    }

    init(classes: Int) {
        layouts = Array(repeating: [], count: classes)
        placed = Array(repeating: 0, count: classes)
    }

    private mutating func group(
        _ bucket: Int, _ placement: Allocation.Placement, _ load: [Allocation.Load], count: Int
    ) -> Int {
        let key = GroupKey(bucket: bucket, placement: placement, load: load)
        if let index = groupIndex[key] {
            groups[index].count += count
            return index
        }
        groupIndex[key] = groups.count
        groups.append(.init(bucket: bucket, placement: placement, count: count, load: load))
        return groups.count - 1
    }

    private mutating func layout(_ job: Int, jobs: Int, shares: [Allocation.Share]) {
        let key = LayoutKey(job: job, shares: shares.sorted { $0.group < $1.group })
        if let index = layoutIndex[key] {
            layouts[job][index].jobs += jobs
        } else {
            layoutIndex[key] = layouts[job].count
            layouts[job].append(.init(jobs: jobs, shares: key.shares))
        }
    }

    /// `jobs` jobs of `job` that each take nodes `shares` in `bucket` and `placement`.
    mutating func addDedicated(
        _ job: Int, jobs: Int, shares: [(tasks: Int, nodes: Int)], bucket: Int,
        placement: Allocation.Placement
    ) {
        var result: [Allocation.Share] = []
        for share in shares {
            let index = group(
                bucket, placement, [.init(jobClass: job, tasks: share.tasks)],
                count: share.nodes * jobs)
            result.append(.init(group: index, nodes: share.nodes))
        }
        layout(job, jobs: jobs, shares: result)
    }

    /// Node jobs of `size` nodes spread over `perBucket` (bucket, nodes), cut into jobs in
    /// bucket order.
    mutating func addSpread(_ job: Int, size: Int, perBucket: [(Int, Int)]) {
        var indices: [(group: Int, nodes: Int)] = []
        for (bucket, count) in perBucket {
            indices.append(
                (group(bucket, .none, [.init(jobClass: job, tasks: 0)], count: count), count))
        }
        var position = 0
        var taken = 0
        var current: [Int: Int] = [:]
        var pending: [[Allocation.Share]] = []
        while position < indices.count {
            let step = min(size - taken, indices[position].nodes)
            current[indices[position].group, default: 0] += step
            taken += step
            indices[position].nodes -= step
            if indices[position].nodes == 0 { position += 1 }
            if taken == size {
                pending.append(current.map { .init(group: $0.key, nodes: $0.value) })
                current = [:]
                taken = 0
            }
        }
        for shares in pending { layout(job, jobs: 1, shares: shares) }
    }

    /// `jobs` jobs of exclusive class `job` laid out as `layout`.
    mutating func addLayout(_ job: Int, jobs: Int, layout column: PlacementModel.LayoutColumn) {
        var shares: [Allocation.Share] = []
        for entry in column.entries {
            let index = group(
                entry.bucket, .none, [.init(jobClass: job, tasks: entry.tasks)],
                count: entry.nodes * jobs)
            shares.append(.init(group: index, nodes: entry.nodes))
        }
        layout(job, jobs: jobs, shares: shares)
    }

    /// `count` nodes of `bucket` carrying shared tasks `load`.
    mutating func addShared(_ bucket: Int, count: Int, load: [Allocation.Load]) {
        _ = group(bucket, .none, load, count: count)
    }

    /// Takes tasks of shared class `job` off nodes until exactly `keep` remain; nodes left
    /// with nothing are dropped.
    mutating func trimShared(_ job: Int, keep: Int) {
        var excess =
            groups.reduce(0) { total, group in
                total + group.count * (group.load.first { $0.jobClass == job }?.tasks ?? 0)
            } - keep
        guard excess > 0 else { return }
        var rebuilt: [(Allocation.Group)] = []
        for group in groups.reversed() {
            guard excess > 0, let position = group.load.firstIndex(where: { $0.jobClass == job })
            else {
                rebuilt.append(group)
                continue
            }
            let perNode = group.load[position].tasks
            let stripped = min(group.count, excess / perNode)
            excess -= stripped * perNode
            var parts: [(count: Int, tasks: Int)] = [
                (group.count - stripped, perNode), (stripped, 0),
            ]
            if excess > 0, parts[0].count > 0 {
                parts[0].count -= 1
                parts.append((1, perNode - excess))
                excess = 0
            }
            for part in parts where part.count > 0 {
                var load = group.load
                if part.tasks == 0 {
                    load.remove(at: position)
                } else {
                    load[position].tasks = part.tasks
                }
                guard !load.isEmpty else { continue }
                rebuilt.append(
                    .init(
                        bucket: group.bucket, placement: group.placement, count: part.count,
                        load: load))
            }
        }
        groups = []
        groupIndex = [:]
        for group in rebuilt.reversed() {
            _ = self.group(group.bucket, group.placement, group.load, count: group.count)
        }
    }

    func result() -> Allocation {
        Allocation(groups: groups, layouts: layouts, placed: placed)
    }
}

import BerthSolver

extension PlacementModel {
    /// An integer point of the `.plan` model near a solution of its LP relaxation: every
    /// column rounded down, then repaired so that each row holds again — the arc flow of new
    /// placement groups split into paths whose weights are rounded down, jobs recounted from
    /// what their nodes and tasks can carry, nodes recounted from what the jobs use.
    ///
    /// Rounding down only frees room, so every limit still holds.
    ///
    /// - Complexity: O(columns + non-zeros + paths × path length).
    func roundedValues(from relaxed: [Double]) -> [Double] {
        var values = relaxed.map { ($0 + 1e-6).rounded(.down) }
        func set(_ variable: MIPModel.Variable?, _ value: Int) {
            if let variable { values[variable.index] = Double(value) }
        }
        func get(_ variable: MIPModel.Variable?) -> Int {
            variable.map { Int(values[$0.index]) } ?? 0
        }

        var slots: [Int: [Int: Int]] = [:]
        for (bucket, graph) in graphs {
            let columns = arcs[bucket] ?? []
            let flow = columns.map { relaxed[$0.index] }
            var integral = Array(repeating: 0, count: columns.count)
            var groups = 0
            for (path, weight) in graph.fractionalPaths(flow) {
                let copies = Int((weight + 1e-6).rounded(.down))
                guard copies > 0 else { continue }
                groups += copies
                for arc in path {
                    integral[arc] += copies
                    if let size = graph.arcs[arc].size {
                        slots[bucket, default: [:]][size, default: 0] += copies
                    }
                }
            }
            for (index, column) in columns.enumerated() { set(column, integral[index]) }
            set(newGroups[bucket], groups)
        }
        for (job, jobClass) in classes.enumerated() where jobClass.colocated {
            var total = (existingJobs[job] ?? [:]).values.reduce(0) { $0 + get($1) }
            for (bucket, variable) in newGroupJobs[job] ?? [:] {
                let size = colocatedSize(job, bucket)
                let free = slots[bucket]?[size] ?? 0
                let jobs = min(get(variable), free)
                slots[bucket, default: [:]][size] = free - jobs
                set(variable, jobs)
                total += jobs
            }
            set(placed[job], total)
        }
        for (job, jobClass) in classes.enumerated() {
            guard case .nodes(let size) = jobClass.shape, !jobClass.colocated,
                let perBucket = spread[job]
            else { continue }
            let nodes = perBucket.values.reduce(0) { $0 + get($1) }
            let jobs = min(jobClass.count, nodes / size)
            set(placed[job], jobs)
            var surplus = nodes - jobs * size
            for (_, variable) in perBucket.sorted(by: { $0.key > $1.key }) where surplus > 0 {
                let cut = min(surplus, get(variable))
                set(variable, get(variable) - cut)
                surplus -= cut
            }
        }
        var tasks = Array(repeating: 0, count: classes.count)
        for (index, pattern) in patterns.enumerated() {
            let count = get(patternColumns[index])
            for load in pattern.tasks { tasks[load.jobClass] += count * load.tasks }
        }
        for (job, jobClass) in classes.enumerated() where !jobClass.hasDedicatedNodes {
            set(placed[job], min(jobClass.count, tasks[job] / jobClass.unitsPerJob))
        }
        for (job, columns) in layoutColumns {
            set(placed[job], columns.reduce(0) { $0 + get($1) })
        }
        for (bucket, variable) in nodes {
            guard let row = rowIndex[.balance(bucket)] else { continue }
            let used = mip.terms(of: row).reduce(0.0) { total, term in
                term.variable == variable
                    ? total : total - term.coefficient * values[term.variable.index]
            }
            set(variable, Int(used.rounded()))
        }
        return values
    }
}

extension ArcFlowGraph {
    /// Splits a fractional flow into paths from 0 to the sink with their weights.
    ///
    /// - Complexity: O(paths × path length + arcs); each path empties at least one arc.
    func fractionalPaths(_ flow: [Double]) -> [(arcs: [Int], weight: Double)] {
        var left = flow
        var outgoing: [Int: [Int]] = [:]
        for (position, arc) in arcs.enumerated() {
            outgoing[arc.tail, default: []].append(position)
        }
        var result: [(arcs: [Int], weight: Double)] = []
        while let first = outgoing[0]?.first(where: { left[$0] > 1e-9 }) {
            var path = [first]
            var level = arcs[first].head
            while level < capacity,
                let next = outgoing[level]?.first(where: { left[$0] > 1e-9 })
            {
                path.append(next)
                level = arcs[next].head
            }
            let weight = path.map { left[$0] }.min() ?? 0
            for arc in path { left[arc] -= weight }
            guard level == capacity else { break }
            result.append((path, weight))
        }
        return result
    }
}

import BerthSolver

extension PlacementModel {
    /// Builds the model of `problem`. `seeds` are heuristic plans whose node patterns and
    /// job layouts become columns, so that each of them is a point of the model.
    init(
        problem: PlanningProblem, mode: Mode, seeds: [Allocation], extraPatterns: [Pattern] = []
    ) throws(MIPError) {
        self.problem = problem
        self.mode = mode
        headroom = problem.model.buckets.indices.map { problem.model.headroom(of: $0).nodes }
        var rows = RowCollector()

        for bucket in problem.model.buckets where headroom[bucket.index] > 0 {
            let used = problem.eligibleBuckets.contains { $0.contains(bucket.index) }
            guard used else { continue }
            let variable = try mip.addVariable(
                "N_\(bucket.index)", kind: .integer,
                bounds: .between(0, Double(headroom[bucket.index])))
            nodes[bucket.index] = variable
            rows.add(.balance(bucket.index), variable, 1)
        }
        for (job, jobClass) in classes.enumerated() where !buckets(of: job).isEmpty {
            placed[job] = try mip.addVariable(
                "v_\(job)", kind: .integer, bounds: .between(0, Double(jobClass.count)),
                objective: Double(jobClass.priority))
        }
        mip.objectiveSense = .maximize

        try addSpreadNodeJobs(&rows)
        try addColocatedJobs(&rows)
        switch mode {
        case .plan:
            try addPatterns(&rows, seeds: seeds, extra: extraPatterns)
            try addLayouts(&rows, seeds: seeds)
        case .patternBound:
            try addPatterns(&rows, seeds: seeds, extra: extraPatterns)
            try addRelaxedExclusiveTasks(&rows)
        case .capacityBound:
            try addRelaxedSharedTasks(&rows)
            try addRelaxedExclusiveTasks(&rows)
        }
        rowIndex = try rows.emit(into: &mip)
        try addLimitRows()
    }

    private mutating func addSpreadNodeJobs(_ rows: inout RowCollector) throws(MIPError) {
        for (job, jobClass) in classes.enumerated() {
            guard case .nodes(let size) = jobClass.shape, !jobClass.colocated,
                let total = placed[job]
            else { continue }
            rows.add(.jobTotal(job), total, -Double(size))
            for bucket in buckets(of: job) {
                let variable = try mip.addVariable(
                    "u_\(job)_\(bucket)", kind: .integer,
                    bounds: .between(0, Double(min(headroom[bucket], size * jobClass.count))))
                spread[job, default: [:]][bucket] = variable
                rows.add(.jobTotal(job), variable, 1)
                rows.add(.balance(bucket), variable, -1)
            }
        }
    }

    private mutating func addColocatedJobs(_ rows: inout RowCollector) throws(MIPError) {
        var sizesPerBucket: [Int: Set<Int>] = [:]
        for (job, jobClass) in classes.enumerated() where jobClass.colocated {
            guard let total = placed[job] else { continue }
            rows.add(.jobTotal(job), total, -1)
            for bucket in buckets(of: job) {
                let size = colocatedSize(job, bucket)
                for group in problem.model.buckets[bucket].placementGroups {
                    let room = problem.model.placementGroups[group].room
                    guard size <= room else { continue }
                    let variable = try mip.addVariable(
                        "y_\(job)_p\(group)", kind: .integer,
                        bounds: .between(0, Double(min(room / size, jobClass.count))))
                    existingJobs[job, default: [:]][group] = variable
                    rows.setLimit(.existingGroup(group), Double(room))
                    rows.add(.jobTotal(job), variable, 1)
                    rows.add(.existingGroup(group), variable, Double(size))
                    rows.add(.balance(bucket), variable, -Double(size))
                }
                guard size <= problem.model.buckets[bucket].newPlacementGroupSize else { continue }
                let variable = try mip.addVariable(
                    "x_\(job)_\(bucket)", kind: .integer,
                    bounds: .between(0, Double(min(jobClass.count, headroom[bucket] / size))))
                newGroupJobs[job, default: [:]][bucket] = variable
                sizesPerBucket[bucket, default: []].insert(size)
                rows.add(.jobTotal(job), variable, 1)
                rows.add(.newGroupSize(bucket, size), variable, -1)
                rows.add(.balance(bucket), variable, -Double(size))
            }
        }
        for (bucket, sizes) in sizesPerBucket.sorted(by: { $0.key < $1.key }) {
            try addArcFlow(bucket, sizes: sizes, &rows)
        }
    }

    private mutating func addArcFlow(_ bucket: Int, sizes: Set<Int>, _ rows: inout RowCollector)
        throws(MIPError)
    {
        let capacity = problem.model.buckets[bucket].newPlacementGroupSize
        let graph = ArcFlowGraph(capacity: capacity, sizes: sizes)
        let groups = try mip.addVariable(
            "z_\(bucket)", kind: .integer, bounds: .between(0, Double(headroom[bucket])),
            objective: 0)
        newGroups[bucket] = groups
        rows.add(.flow(bucket, 0), groups, -1)
        var columns: [MIPModel.Variable] = []
        for (index, arc) in graph.arcs.enumerated() {
            let most = arc.size.map { headroom[bucket] / $0 } ?? headroom[bucket]
            let variable = try mip.addVariable(
                "f_\(bucket)_\(index)", kind: .integer, bounds: .between(0, Double(most)))
            columns.append(variable)
            rows.add(.flow(bucket, arc.tail), variable, 1)
            if arc.head < capacity { rows.add(.flow(bucket, arc.head), variable, -1) }
            if let size = arc.size { rows.add(.newGroupSize(bucket, size), variable, 1) }
        }
        graphs[bucket] = graph
        arcs[bucket] = columns
    }

    private mutating func addPatterns(
        _ rows: inout RowCollector, seeds: [Allocation], extra: [Pattern]
    ) throws(MIPError) {
        var known: Set<Pattern> = []
        func add(_ pattern: Pattern, model: inout PlacementModel, rows: inout RowCollector)
            throws(MIPError)
        {
            guard model.headroom[pattern.bucket] > 0, known.insert(pattern).inserted,
                model.nodes[pattern.bucket] != nil
            else { return }
            let variable = try model.mip.addVariable(
                "lambda_\(model.patterns.count)", kind: .integer,
                bounds: .between(0, Double(model.headroom[pattern.bucket])))
            model.patterns.append(pattern)
            model.patternColumns.append(variable)
            rows.add(.balance(pattern.bucket), variable, -1)
            for load in pattern.tasks {
                rows.add(.taskCover(load.jobClass), variable, Double(load.tasks))
            }
        }
        for (job, jobClass) in classes.enumerated() where !jobClass.hasDedicatedNodes {
            guard let total = placed[job] else { continue }
            rows.add(.taskCover(job), total, -Double(jobClass.unitsPerJob))
            for bucket in buckets(of: job) {
                let pattern = Pattern(
                    bucket: bucket,
                    tasks: [.init(jobClass: job, tasks: problem.tasksPerNode[job][bucket])])
                try add(pattern, model: &self, rows: &rows)
            }
        }
        for seed in seeds {
            for group in seed.groups
            where group.load.allSatisfy({ !classes[$0.jobClass].hasDedicatedNodes }) {
                try add(
                    Pattern(
                        bucket: group.bucket, tasks: group.load.sorted { $0.jobClass < $1.jobClass }
                    ),
                    model: &self, rows: &rows)
            }
        }
        for pattern in MixedPatterns(problem: problem, headroom: headroom).patterns() + extra {
            try add(pattern, model: &self, rows: &rows)
        }
    }

    private mutating func addLayouts(_ rows: inout RowCollector, seeds: [Allocation])
        throws(MIPError)
    {
        var known: [Int: Set<LayoutColumn>] = [:]
        func add(
            _ job: Int, _ layout: LayoutColumn, model: inout PlacementModel,
            rows: inout RowCollector
        ) throws(MIPError) {
            guard layout.entries.allSatisfy({ model.nodes[$0.bucket] != nil }),
                known[job, default: []].insert(layout).inserted
            else { return }
            let index = model.layouts[job, default: []].count
            let variable = try model.mip.addVariable(
                "w_\(job)_\(index)", kind: .integer,
                bounds: .between(0, Double(model.classes[job].count)))
            model.layouts[job, default: []].append(layout)
            model.layoutColumns[job, default: []].append(variable)
            rows.add(.jobTotal(job), variable, 1)
            for entry in layout.entries {
                rows.add(.balance(entry.bucket), variable, -Double(entry.nodes))
            }
        }
        for (job, jobClass) in classes.enumerated() where jobClass.exclusive && !jobClass.colocated
        {
            guard let total = placed[job] else { continue }
            rows.add(.jobTotal(job), total, -1)
            for bucket in buckets(of: job) {
                try add(job, singleBucketLayout(job, bucket), model: &self, rows: &rows)
            }
        }
        for seed in seeds {
            for (job, jobLayouts) in seed.layouts.enumerated()
            where classes[job].exclusive && !classes[job].colocated {
                for layout in jobLayouts {
                    try add(job, column(of: layout, in: seed), model: &self, rows: &rows)
                }
            }
        }
    }

    /// One job of exclusive class `job` on full nodes of `bucket` (the last one partly).
    func singleBucketLayout(_ job: Int, _ bucket: Int) -> LayoutColumn {
        let perNode = problem.tasksPerNode[job][bucket]
        let tasks = classes[job].unitsPerJob
        var entries = [LayoutColumn.Entry(bucket: bucket, tasks: perNode, nodes: tasks / perNode)]
        if tasks % perNode > 0 {
            entries.append(.init(bucket: bucket, tasks: tasks % perNode, nodes: 1))
        }
        return LayoutColumn(entries: entries.filter { $0.nodes > 0 })
    }

    /// A seed layout as a column.
    func column(of layout: Allocation.Layout, in seed: Allocation) -> LayoutColumn {
        let entries = layout.shares.map { share in
            let group = seed.groups[share.group]
            return LayoutColumn.Entry(
                bucket: group.bucket, tasks: group.load.first?.tasks ?? 0, nodes: share.nodes)
        }
        return LayoutColumn(
            entries: entries.sorted { ($0.bucket, $0.tasks) < ($1.bucket, $1.tasks) })
    }

    private mutating func addRelaxedSharedTasks(_ rows: inout RowCollector) throws(MIPError) {
        for (job, jobClass) in classes.enumerated() where !jobClass.hasDedicatedNodes {
            guard let total = placed[job], let task = jobClass.task else { continue }
            rows.add(.taskCover(job), total, -Double(jobClass.unitsPerJob))
            for bucket in buckets(of: job) {
                if relaxedTaskNodes[bucket] == nil {
                    let hosts = try mip.addVariable(
                        "M_\(bucket)", kind: .integer, bounds: .between(0, Double(headroom[bucket]))
                    )
                    relaxedTaskNodes[bucket] = hosts
                    rows.add(.balance(bucket), hosts, -1)
                    let info = problem.model.buckets[bucket]
                    let capacity = NodeResources(bucket: info)
                    rows.add(.relaxedVcpus(bucket), hosts, -Double(capacity.vcpus))
                    rows.add(.relaxedMemory(bucket), hosts, -Double(capacity.memory))
                    rows.add(.relaxedGpus(bucket), hosts, -Double(capacity.gpus))
                }
                guard let hosts = relaxedTaskNodes[bucket] else { continue }
                let tasks = try mip.addVariable("xt_\(job)_\(bucket)", kind: .continuous)
                relaxedTasks[job, default: [:]][bucket] = tasks
                let need = NodeResources(task: task)
                rows.add(.taskCover(job), tasks, 1)
                rows.add(.relaxedVcpus(bucket), tasks, Double(need.vcpus))
                rows.add(.relaxedMemory(bucket), tasks, Double(need.memory))
                rows.add(.relaxedGpus(bucket), tasks, Double(need.gpus))
                rows.add(.relaxedPerNode(job, bucket), tasks, 1)
                rows.add(
                    .relaxedPerNode(job, bucket), hosts, -Double(problem.tasksPerNode[job][bucket]))
            }
        }
        addCountingRows(&rows)
    }

    /// Counting rows that tighten the relaxation: on one node, tasks that each need at least
    /// `s` vCPUs (or MiB, or GPUs) number at most `capacity / s`. Every real packing meets
    /// them; without them, tasks of 3 vCPUs on 8-vCPU nodes would count as 8 per 3 nodes.
    private mutating func addCountingRows(_ rows: inout RowCollector) {
        for (bucket, hosts) in relaxedTaskNodes.sorted(by: { $0.key < $1.key }) {
            let capacity = NodeResources(bucket: problem.model.buckets[bucket])
            var tasks: [(variable: MIPModel.Variable, need: NodeResources)] = []
            for (job, perBucket) in relaxedTasks.sorted(by: { $0.key < $1.key }) {
                guard let variable = perBucket[bucket], let task = classes[job].task else {
                    continue
                }
                tasks.append((variable, NodeResources(task: task)))
            }
            let dimensions:
                [(name: Int, capacity: Int, need: (NodeResources) -> Int, thresholds: [Int])] = [
                    (0, capacity.vcpus, { $0.vcpus }, tasks.map { $0.need.vcpus }),
                    (
                        1, capacity.memory, { $0.memory },
                        (1...8).map { capacity.memory / ($0 + 1) + 1 }
                    ),
                    (2, capacity.gpus, { $0.gpus }, tasks.map { $0.need.gpus }),
                ]
            for dimension in dimensions {
                for threshold in Set(dimension.thresholds) where threshold > 0 {
                    let members = tasks.filter { dimension.need($0.need) >= threshold }
                    guard !members.isEmpty else { continue }
                    let row = RowCollector.Row.relaxedCount(bucket, dimension.name, threshold)
                    for member in members { rows.add(row, member.variable, 1) }
                    rows.add(row, hosts, -Double(dimension.capacity / threshold))
                }
            }
        }
    }

    private mutating func addRelaxedExclusiveTasks(_ rows: inout RowCollector) throws(MIPError) {
        for (job, jobClass) in classes.enumerated() where jobClass.exclusive && !jobClass.colocated
        {
            guard let total = placed[job] else { continue }
            // A job's nodes are its own: it needs at least ⌈tasks / most per node⌉ of them.
            let most = buckets(of: job).map { problem.tasksPerNode[job][$0] }.max() ?? 1
            let fewestNodes = (jobClass.unitsPerJob + most - 1) / most
            rows.add(.taskCover(job), total, -Double(jobClass.unitsPerJob))
            rows.add(.exclusiveNodes(job), total, -Double(fewestNodes))
            for bucket in buckets(of: job) {
                let variable = try mip.addVariable(
                    "ye_\(job)_\(bucket)", kind: .integer,
                    bounds: .between(0, Double(headroom[bucket])))
                relaxedExclusive[job, default: [:]][bucket] = variable
                rows.add(.taskCover(job), variable, Double(problem.tasksPerNode[job][bucket]))
                rows.add(.exclusiveNodes(job), variable, 1)
                rows.add(.balance(bucket), variable, -1)
            }
        }
    }

    /// One row per limit that the model's buckets could exceed.
    private mutating func addLimitRows() throws(MIPError) {
        var terms: [Int: [(MIPModel.Variable, Double)]] = [:]
        var most: [Int: Int] = [:]
        for (bucket, variable) in nodes.sorted(by: { $0.key < $1.key }) {
            for draw in problem.model.buckets[bucket].draws {
                terms[draw.limit, default: []].append((variable, Double(draw.units)))
                most[draw.limit, default: 0] += draw.units * headroom[bucket]
            }
        }
        for limit in problem.model.limits {
            guard let row = terms[limit.index], most[limit.index, default: 0] > limit.remaining
            else { continue }
            try mip.addConstraint(
                "limit_\(limit.index)", terms: row, bounds: .atMost(Double(limit.remaining)))
        }
    }
}

/// Gathers the terms of the rows that several blocks write into, and adds each row once.
struct RowCollector {
    enum Row: Hashable {
        case balance(Int)
        case jobTotal(Int)
        case taskCover(Int)
        case existingGroup(Int)
        case newGroupSize(Int, Int)
        case flow(Int, Int)
        case relaxedVcpus(Int)
        case relaxedMemory(Int)
        case relaxedGpus(Int)
        case relaxedPerNode(Int, Int)
        case relaxedCount(Int, Int, Int)
        case exclusiveNodes(Int)
    }

    private var order: [Row] = []
    private var terms: [Row: [(MIPModel.Variable, Double)]] = [:]
    private var limits: [Row: Double] = [:]

    mutating func add(_ row: Row, _ variable: MIPModel.Variable, _ coefficient: Double) {
        if terms[row] == nil { order.append(row) }
        terms[row, default: []].append((variable, coefficient))
    }

    mutating func setLimit(_ row: Row, _ value: Double) {
        limits[row] = value
    }

    func emit(into model: inout MIPModel) throws(MIPError) -> [Row: MIPModel.Constraint] {
        var handles: [Row: MIPModel.Constraint] = [:]
        for row in order {
            let bounds: MIPModel.Bounds
            switch row {
            case .balance, .jobTotal, .flow: bounds = .exactly(0)
            // Slots of a size in new groups hold at most that many jobs; an empty slot
            // holds no nodes.
            case .taskCover, .exclusiveNodes, .newGroupSize: bounds = .atLeast(0)
            case .relaxedVcpus, .relaxedMemory, .relaxedGpus, .relaxedPerNode, .relaxedCount:
                bounds = .atMost(0)
            case .existingGroup: bounds = .atMost(limits[row] ?? 0)
            }
            handles[row] = try model.addConstraint(
                "\(row)", terms: terms[row] ?? [], bounds: bounds)
        }
        return handles
    }
}

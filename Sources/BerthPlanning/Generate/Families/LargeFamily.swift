/// A large mixed cluster built from cells, each five buckets in two nodearrays with twenty
/// job classes and about 2,000 jobs at scale 1: HTC, MPI, GPU, spot and mixed cells in turn,
/// spread over three regions. Family and regional quotas are shared by every cell of a
/// region and bind; the cluster's core cap binds too. Most job classes run on their own
/// cell's nodearrays (a queue per team); a quarter may also use the nodearrays of an
/// earlier cell of the same kind, as sites do when they let a queue burst elsewhere.
///
/// Ten cells (the default) give the headline benchmark: 50 buckets, 200 job classes and
/// 20,000 jobs. The benchmark's scaling series varies the number of cells.
enum LargeFamily {
    static let regions = ["eastus", "westeurope", "southcentralus"]

    enum Kind: CaseIterable {
        case htc, mpi, gpu, spot, mixed
    }

    static let kinds: [Kind] = [.htc, .mpi, .spot, .gpu, .mixed, .htc, .spot, .mpi, .htc, .mixed]

    /// The jobs of one cell at scale 1.
    static let jobsPerCell = 2_000

    /// A cell: its nodearrays, and the earlier cell of its kind whose nodearrays some of
    /// its job classes may also use.
    struct Cell {
        var index: Int
        var kind: Kind
        var region: String
        var nodearrays: [NodearraySpec]
        var sibling: Int?

        var names: [String] { nodearrays.map(\.name) }
    }

    static func build(_ context: inout FamilyContext) -> ClusterSpec {
        var cells: [Cell] = []
        for index in 0..<context.cells {
            let kind = kinds[index % kinds.count]
            let sibling = cells.last { $0.kind == kind }?.index
            var cell = makeCell(index, kind: kind, context: &context)
            cell.sibling = sibling
            cells.append(cell)
        }
        for cell in cells {
            let siblingNames = cell.sibling.map { cells[$0].names } ?? []
            addJobs(of: cell, siblingNames: siblingNames, context: &context)
        }
        return clusterSpec(cells, context: context)
    }

    /// Shared limits sized from what the nodearrays could add: a nodearray's room in nodes
    /// times the mean vCPUs of its buckets, split over its buckets' families. Each family
    /// quota then holds 70 % of its region's room for that family, each regional quota
    /// 80 % of all of it, the spot quota 70 % of the spot room and the cluster 75 % of
    /// everything, so that quotas bind before nodearray limits and the cluster cap binds
    /// across regions.
    static func clusterSpec(_ cells: [Cell], context: FamilyContext) -> ClusterSpec {
        var familyOrder: [(region: String, family: String)] = []
        var familyRoom: [String: Int] = [:]
        var regionRoom: [String: Int] = [:]
        var spotRoom: [String: Int] = [:]
        for nodearray in cells.flatMap(\.nodearrays) {
            let entries = nodearray.buckets.compactMap { context.catalog[$0.machineType] }
            guard !entries.isEmpty else { continue }
            let meanVcpus = entries.reduce(0) { $0 + $1.vcpus } / entries.count
            let share = nodearray.nodeRoom * meanVcpus / entries.count
            for entry in entries {
                if nodearray.spot {
                    spotRoom[nodearray.region, default: 0] += share
                    continue
                }
                let key = nodearray.region + "/" + entry.family
                if familyRoom[key] == nil { familyOrder.append((nodearray.region, entry.family)) }
                familyRoom[key, default: 0] += share
                regionRoom[nodearray.region, default: 0] += share
            }
        }
        let everything = regionRoom.values.reduce(0, +) + spotRoom.values.reduce(0, +)
        var spec = ClusterSpec(
            name: "large", nodeRoom: context.room(1_200 * cells.count),
            coreRoom: everything * 75 / 100)
        spec.nodearrays = cells.flatMap(\.nodearrays)
        spec.regions = regions.filter { regionRoom[$0] != nil || spotRoom[$0] != nil }.map {
            RegionSpec(
                name: $0, room: regionRoom[$0, default: 0] * 80 / 100,
                outside: context.room(5_000), spotRoom: spotRoom[$0, default: 0] * 70 / 100,
                spotOutside: context.room(400))
        }
        spec.familyQuotas = familyOrder.map { region, family in
            FamilyQuotaSpec(
                region: region, family: family,
                room: familyRoom[region + "/" + family, default: 0] * 70 / 100,
                outside: context.room(200))
        }
        return spec
    }

    // MARK: - Cells

    static func makeCell(_ index: Int, kind: Kind, context: inout FamilyContext) -> Cell {
        let region = regions[index % regions.count]
        let suffix = "-\(index + 1)"
        let sizes = context
        func array(
            _ name: String, spot: Bool = false, size: Int = 100, room: Int,
            _ buckets: [BucketSpec]
        ) -> NodearraySpec {
            NodearraySpec(
                name: name + suffix, region: region, spot: spot, maxScaleSetSize: size,
                nodeRoom: sizes.room(room), buckets: buckets)
        }
        func bucket(_ machine: String, active: Int = 0, groups: [Int] = []) -> BucketSpec {
            BucketSpec(machineType: machine, active: sizes.room(active), placementGroups: groups)
        }
        let nodearrays: [NodearraySpec]
        switch kind {
        case .htc:
            nodearrays = [
                array(
                    "htc", room: 400,
                    [
                        bucket("Standard_F16s_v2", active: 12), bucket("Standard_F8s_v2"),
                        bucket("Standard_F32s_v2"),
                    ]),
                array(
                    "mem", room: 80,
                    [bucket("Standard_E16s_v5"), bucket("Standard_E32s_v5", active: 2)]),
            ]
        case .mpi:
            nodearrays = [
                array(
                    "hpc", room: 240,
                    [
                        bucket("Standard_HB120rs_v3", groups: [context.int(20...80)]),
                        bucket("Standard_HB176rs_v4", groups: [context.int(10...40)]),
                    ]),
                array(
                    "hc", size: 40, room: 80,
                    [bucket("Standard_HC44rs", groups: [context.int(10...30)])]),
                array(
                    "post", room: 300,
                    [bucket("Standard_D16s_v5", active: 4), bucket("Standard_D32s_v5")]),
            ]
        case .gpu:
            nodearrays = [
                array(
                    "gpu", room: 60,
                    [
                        bucket("Standard_NC24ads_A100_v4", active: 2),
                        bucket("Standard_NC48ads_A100_v4"), bucket("Standard_NC16as_T4_v3"),
                    ]),
                array(
                    "cpu", room: 400,
                    [bucket("Standard_D8s_v5", active: 6), bucket("Standard_D16s_v5")]),
            ]
        case .spot:
            nodearrays = [
                array(
                    "spot", spot: true, room: 400,
                    [
                        bucket("Standard_F16s_v2", active: 10), bucket("Standard_D16s_v5"),
                        bucket("Standard_E16s_v5"),
                    ]),
                array(
                    "ondemand", room: 200,
                    [bucket("Standard_F16s_v2", active: 4), bucket("Standard_D16s_v5")]),
            ]
        case .mixed:
            nodearrays = [
                array(
                    "mix", room: 300,
                    [
                        bucket("Standard_D8s_v5", active: 4), bucket("Standard_D32s_v5"),
                        bucket("Standard_F16s_v2"), bucket("Standard_F64s_v2"),
                    ]),
                array(
                    "hcx", size: 40, room: 60,
                    [bucket("Standard_HC44rs", groups: [context.int(5...35)])]),
            ]
        }
        return Cell(index: index, kind: kind, region: region, nodearrays: nodearrays)
    }

    // MARK: - Jobs

    /// One class of a cell before its job count is known.
    struct Draft {
        var weight: Double
        var add: (inout FamilyContext, Int) -> Void
    }

    /// Twenty classes for `cell`; job counts share the cell's 2,000 jobs (times the scale)
    /// in proportion to each class's weight.
    static func addJobs(of cell: Cell, siblingNames: [String], context: inout FamilyContext) {
        var drafts = CellDrafts(cell: cell, siblingNames: siblingNames)
        switch cell.kind {
        case .htc: drafts.htc(&context)
        case .mpi: drafts.mpi(&context)
        case .gpu: drafts.gpu(&context)
        case .spot: drafts.spot(&context)
        case .mixed: drafts.mixed(&context)
        }
        let counts = context.distribute(
            context.jobs(jobsPerCell), weights: drafts.drafts.map(\.weight))
        for (draft, count) in zip(drafts.drafts, counts) {
            draft.add(&context, count)
        }
    }
}

/// The job classes of one cell of the large family, before their job counts are known.
private struct CellDrafts {
    typealias Draft = LargeFamily.Draft

    let cell: LargeFamily.Cell
    let siblingNames: [String]
    var drafts: [Draft] = []
    private var serial = 0

    init(cell: LargeFamily.Cell, siblingNames: [String]) {
        self.cell = cell
        self.siblingNames = siblingNames
    }

    /// The cell's nodearrays `indices`, and for one class in four those of the sibling.
    private func reach(_ indices: [Int], _ context: inout FamilyContext) -> [String] {
        let own = indices.map { cell.names[$0] }
        return siblingNames.isEmpty || !context.chance(0.25) ? own : own + siblingNames
    }

    private mutating func name(_ kind: String) -> String {
        serial += 1
        return "c\(cell.index + 1)-\(kind)-\(serial)"
    }

    mutating func htc(_ context: inout FamilyContext) {
        for _ in 0..<20 {
            let arrays = reach([0, 1], &context)
            addTasks(
                name("task"), arrays: arrays, context: &context, vcpus: [1, 2, 4, 8],
                memoryPerVcpu: [1.5, 3.5, 7])
        }
    }

    mutating func mpi(_ context: inout FamilyContext) {
        for nodes in [2, 4, 4, 8, 8, 16, 16, 32, 48, 64] {
            let arrays = reach([0], &context)
            let priority = nodes * context.int(2...4)
            addNodes(
                name("mpi\(nodes)n"), weight: 0.01, nodes: nodes, priority: priority, arrays: arrays
            )
        }
        for ranks in [440, 960] {
            let label = name("ranks\(ranks)")
            let arrays = [cell.names[0], cell.names[1]]
            drafts.append(
                Draft(weight: 0.015) { context, count in
                    context.tasks(
                        label, count: count, priority: ranks / 40, tasks: ranks, vcpus: 1,
                        memoryGB: 2, colocated: true, require: Requirements(nodearrays: arrays))
                })
        }
        for _ in 0..<8 {
            let arrays = reach([2], &context)
            addTasks(
                name("post"), arrays: arrays, context: &context, vcpus: [2, 4, 8],
                memoryPerVcpu: [3.5, 7])
        }
    }

    mutating func gpu(_ context: inout FamilyContext) {
        let shapes:
            [(
                kind: String, classes: Int, weight: Double, priority: Int, vcpus: Int,
                memoryGB: Double, gpus: Int
            )] = [
                ("finetune", 4, 0.1, 4, 24, 100, 1), ("multigpu", 2, 0.05, 6, 40, 200, 2),
                ("infer", 6, 0.05, 2, 4, 16, 1),
            ]
        for shape in shapes {
            for _ in 0..<shape.classes {
                let label = name(shape.kind)
                let arrays = reach([0], &context)
                let tasks = shape.kind == "infer" ? context.int(1...4) : 1
                drafts.append(
                    Draft(weight: shape.weight) { context, count in
                        context.tasks(
                            label, count: count, priority: shape.priority, tasks: tasks,
                            vcpus: shape.vcpus, memoryGB: shape.memoryGB, gpus: shape.gpus,
                            require: Requirements(nodearrays: arrays))
                    })
            }
        }
        for _ in 0..<8 {
            addTasks(
                name("cpu"), arrays: cell.names, context: &context, vcpus: [2, 4],
                memoryPerVcpu: [3.5])
        }
    }

    mutating func spot(_ context: inout FamilyContext) {
        for index in 0..<20 {
            let spot: Bool? = index < 8 ? true : (index < 14 ? nil : false)
            let label = name(spot == true ? "spot" : (spot == nil ? "any" : "regular"))
            let arrays = reach([0, 1], &context)
            addTasks(
                label, arrays: arrays, context: &context, vcpus: [2, 4, 8],
                memoryPerVcpu: [1.5, 3.5, 7], spot: spot)
        }
    }

    mutating func mixed(_ context: inout FamilyContext) {
        for nodes in [2, 4, 8, 12, 16, 24] {
            let priority = nodes * context.int(2...4)
            addNodes(
                name("mpi\(nodes)n"), weight: 0.02, nodes: nodes, priority: priority,
                arrays: [cell.names[1]])
        }
        for _ in 0..<14 {
            let arrays = reach([0], &context)
            addTasks(
                name("task"), arrays: arrays, context: &context, vcpus: [1, 2, 4, 8, 16],
                memoryPerVcpu: [2, 3.5])
        }
    }

    private mutating func addNodes(
        _ label: String, weight: Double, nodes: Int, priority: Int, arrays: [String]
    ) {
        drafts.append(
            Draft(weight: weight) { context, count in
                context.nodes(
                    label, count: count, priority: priority, nodes: nodes, colocated: true,
                    require: Requirements(nodearrays: arrays))
            })
    }

    /// A task class of random shape: one to four tasks of `vcpus` with memory per vCPU
    /// from `memoryPerVcpu`, one class in eight exclusive.
    private mutating func addTasks(
        _ label: String, arrays: [String], context: inout FamilyContext, vcpus: [Int],
        memoryPerVcpu: [Double], spot: Bool? = nil
    ) {
        let cores = context.pick(vcpus, or: 1)
        let memory = Double(cores) * context.pick(memoryPerVcpu, or: 2)
        let tasks = context.pick([1, 1, 1, 1, 2, 4], or: 1)
        let exclusive = context.chance(0.125)
        let priority = context.int(1...3)
        let weight = 0.5 + context.random.unit() * 1.5
        drafts.append(
            Draft(weight: weight) { context, count in
                context.tasks(
                    label, count: count, priority: priority, tasks: tasks, vcpus: cores,
                    memoryGB: memory, exclusive: exclusive,
                    require: Requirements(nodearrays: arrays, spot: spot))
            })
    }
}

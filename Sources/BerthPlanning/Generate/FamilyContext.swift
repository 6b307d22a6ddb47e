/// What a family's builder works with: the scale, the random stream, and the job classes
/// it has added so far.
struct FamilyContext {
    /// Multiplies job counts and the room of every limit.
    let scale: Double
    /// The large family's number of cells (five buckets and twenty job classes each).
    let cells: Int
    /// The family's own random stream.
    var random: SplitMix64
    /// Machine types, for families that size limits from what their buckets hold.
    let catalog: MachineCatalog
    /// The job classes, in file order.
    private(set) var jobs: [Workload.File.Entry] = []

    init(scale: Double, cells: Int, random: SplitMix64, catalog: MachineCatalog) {
        self.scale = scale
        self.cells = cells
        self.random = random
        self.catalog = catalog
    }

    /// `base` jobs at this scale: never fewer than one, so that every class survives.
    func jobs(_ base: Int) -> Int {
        max(1, Int((Double(base) * scale).rounded()))
    }

    /// `base` units of room (nodes or vCPUs) at this scale.
    func room(_ base: Int) -> Int {
        max(0, Int((Double(base) * scale).rounded()))
    }

    /// A uniformly chosen integer in `range`.
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        random.int(in: range)
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        random.chance(probability)
    }

    /// Splits `total` jobs over classes in proportion to `weights` (largest remainders
    /// first, ties to the earlier class), giving every class at least one job.
    func distribute(_ total: Int, weights: [Double]) -> [Int] {
        let sum = weights.reduce(0, +)
        guard sum > 0 else { return weights.map { _ in 1 } }
        let exact = weights.map { $0 / sum * Double(total) }
        var counts = exact.map { max(1, Int($0.rounded(.down))) }
        var left = total - counts.reduce(0, +)
        let order = exact.indices.sorted { lhs, rhs in
            let (left, right) = (
                exact[lhs] - exact[lhs].rounded(.down), exact[rhs] - exact[rhs].rounded(.down)
            )
            return left != right ? left > right : lhs < rhs
        }
        var position = 0
        while left > 0, !order.isEmpty {
            counts[order[position % order.count]] += 1
            left -= 1
            position += 1
        }
        return counts
    }

    /// One of `choices`, uniformly; `fallback` when there is none.
    mutating func pick<T>(_ choices: [T], or fallback: T) -> T {
        random.element(of: choices) ?? fallback
    }

    /// Adds a class of jobs of `tasks` tasks each.
    mutating func tasks(
        _ name: String, count: Int, priority: Int = 1, tasks: Int, vcpus: Int,
        memoryGB: Double, gpus: Int = 0, exclusive: Bool = false, colocated: Bool = false,
        require: Requirements? = nil
    ) {
        jobs.append(
            Workload.File.Entry(
                name: name, count: count, priority: priority == 1 ? nil : priority,
                nodes: nil, tasks: tasks,
                task: .init(vcpus: vcpus, memoryGB: memoryGB, gpus: gpus == 0 ? nil : gpus),
                exclusive: exclusive ? true : nil, colocated: colocated ? true : nil,
                require: require))
    }

    /// Adds a class of jobs of `nodes` whole nodes each.
    mutating func nodes(
        _ name: String, count: Int, priority: Int = 1, nodes: Int, colocated: Bool = false,
        require: Requirements? = nil
    ) {
        jobs.append(
            Workload.File.Entry(
                name: name, count: count, priority: priority == 1 ? nil : priority,
                nodes: nodes, tasks: nil, task: nil, exclusive: nil,
                colocated: colocated ? true : nil, require: require))
    }
}

/// Finds the node pattern of one bucket that is worth most at given task values: a bounded
/// knapsack in vCPUs, memory and GPUs, solved by depth-first branch and bound.
///
/// The bound at each search node is the smallest of three fractional knapsacks, one per
/// resource, each of which every packing obeys; so when the search stops early it still
/// yields a valid upper bound on the best pattern's worth.
struct PatternPricing {
    struct Item {
        var job: Int
        var value: Double
        var need: NodeResources
        var most: Int
    }

    /// The best pattern found, its worth, and an upper bound on any pattern's worth.
    struct Result {
        var tasks: [Allocation.Load]
        var worth: Double
        var upperBound: Double
    }

    let capacity: NodeResources
    let items: [Item]
    /// The search visits at most this many nodes.
    var nodeLimit = 2_000

    private var best: [Int] = []
    private var bestWorth = 0.0
    private var counts: [Int] = []
    private var visited = 0
    private var orders: [[Int]] = []

    init(capacity: NodeResources, items: [Item]) {
        self.capacity = capacity
        let useful = items.filter { $0.value > 1e-9 && $0.most > 0 }
        func fraction(_ item: Item) -> Double {
            max(
                Double(item.need.vcpus) / Double(max(capacity.vcpus, 1)),
                Double(item.need.memory) / Double(max(capacity.memory, 1)),
                Double(item.need.gpus) / Double(max(capacity.gpus, 1)))
        }
        self.items = useful.sorted { $0.value / fraction($0) > $1.value / fraction($1) }
    }

    /// Solves the knapsack.
    ///
    /// - Complexity: at most `nodeLimit` search nodes, each O(items).
    mutating func solve() -> Result {
        guard !items.isEmpty else { return Result(tasks: [], worth: 0, upperBound: 0) }
        let dimensions: [(NodeResources) -> Int] = [{ $0.vcpus }, { $0.memory }, { $0.gpus }]
        orders = dimensions.map { weight in
            items.indices.sorted { lhs, rhs in
                let left = Double(weight(items[lhs].need))
                let right = Double(weight(items[rhs].need))
                return items[lhs].value * max(right, 1e-12) > items[rhs].value * max(left, 1e-12)
            }
        }
        counts = Array(repeating: 0, count: items.count)
        best = counts
        let rootBound = bound(from: 0, left: capacity)
        search(0, left: capacity, worth: 0)
        let exact = visited < nodeLimit
        let tasks = items.indices.filter { best[$0] > 0 }
            .map { Allocation.Load(jobClass: items[$0].job, tasks: best[$0]) }
            .sorted { $0.jobClass < $1.jobClass }
        return Result(
            tasks: tasks, worth: bestWorth,
            upperBound: exact ? bestWorth : max(bestWorth, rootBound))
    }

    private mutating func search(_ index: Int, left: NodeResources, worth: Double) {
        visited += 1
        if worth > bestWorth + 1e-12 {
            bestWorth = worth
            best = counts
        }
        guard index < items.count, visited < nodeLimit else { return }
        guard worth + bound(from: index, left: left) > bestWorth + 1e-9 else { return }
        let item = items[index]
        let fit = min(item.most, left.count(of: item.need))
        for count in stride(from: fit, through: 0, by: -1) {
            counts[index] = count
            let rest = NodeResources(
                vcpus: left.vcpus - count * item.need.vcpus,
                memory: left.memory - count * item.need.memory,
                gpus: left.gpus - count * item.need.gpus)
            search(index + 1, left: rest, worth: worth + Double(count) * item.value)
            if visited >= nodeLimit { break }
        }
        counts[index] = 0
    }

    /// The least of the fractional knapsack values, one per resource, of items from
    /// `index` on.
    private func bound(from index: Int, left: NodeResources) -> Double {
        var result = Double.infinity
        let room = [left.vcpus, left.memory, left.gpus]
        let weights: [(NodeResources) -> Int] = [{ $0.vcpus }, { $0.memory }, { $0.gpus }]
        for dimension in 0..<3 {
            var space = Double(room[dimension])
            var value = 0.0
            for position in orders[dimension] where position >= index {
                let item = items[position]
                let weight = Double(weights[dimension](item.need))
                let most = Double(min(item.most, left.count(of: item.need)))
                guard most > 0 else { continue }
                if weight == 0 {
                    value += most * item.value
                    continue
                }
                let take = min(most, space / weight)
                value += take * item.value
                space -= take * weight
                if space <= 0 { break }
            }
            result = min(result, value)
        }
        return result
    }
}

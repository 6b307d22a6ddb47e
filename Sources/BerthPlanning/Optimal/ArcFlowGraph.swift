/// The ordered arc-flow graph of one bucket's new placement groups (Valério de Carvalho's
/// model with his ordering rule): vertices are fill levels 0…capacity of a group, an item
/// arc `v → v + s` puts one job of `s` nodes in the group, and a loss arc `v → capacity`
/// closes it. A group is a path from 0 to `capacity`.
///
/// Item arcs of size `s` start only at levels reachable with sizes of at least `s`, so the
/// jobs of every path appear in non-increasing size, and each multiset of jobs has exactly
/// one path. That removes the symmetry between identical groups and between orderings of
/// jobs within a group, which is what lets GLPK prove optimality on it.
struct ArcFlowGraph {
    struct Arc: Hashable {
        var tail: Int
        var head: Int
        /// The job size, or `nil` for a loss arc.
        var size: Int?
    }

    /// Nodes a group holds.
    let capacity: Int
    /// The arcs: item arcs first, then loss arcs.
    private(set) var arcs: [Arc] = []
    /// Reachable levels, ascending; always holds 0.
    private(set) var vertices: [Int] = []

    /// The graph for groups of `capacity` nodes and jobs of the given `sizes`; sizes above
    /// `capacity` or below 1 are left out.
    ///
    /// - Complexity: O(capacity × distinct sizes).
    init(capacity: Int, sizes: Set<Int>) {
        self.capacity = capacity
        var reached = Array(repeating: false, count: capacity + 1)
        reached[0] = true
        for size in sizes.filter({ $0 >= 1 && $0 <= capacity }).sorted(by: >) {
            for level in 0...(capacity - size) where reached[level] {
                arcs.append(Arc(tail: level, head: level + size, size: size))
                reached[level + size] = true
            }
        }
        vertices = (0...capacity).filter { reached[$0] }
        for level in vertices where level > 0 && level < capacity {
            arcs.append(Arc(tail: level, head: capacity, size: nil))
        }
    }

    /// The arcs of the one path that holds jobs of `sizes`, or `nil` if they do not fit.
    func path(for sizes: [Int]) -> [Int]? {
        let ordered = sizes.sorted(by: >)
        guard ordered.reduce(0, +) <= capacity, !ordered.isEmpty else { return nil }
        var index: [Arc: Int] = [:]
        for (position, arc) in arcs.enumerated() { index[arc] = position }
        var level = 0
        var result: [Int] = []
        for size in ordered {
            guard let arc = index[Arc(tail: level, head: level + size, size: size)] else {
                return nil
            }
            result.append(arc)
            level += size
        }
        if level < capacity {
            guard let arc = index[Arc(tail: level, head: capacity, size: nil)] else { return nil }
            result.append(arc)
        }
        return result
    }

    /// Splits an integral flow (one value per arc) into paths: the job sizes of each group.
    ///
    /// - Complexity: O(groups × path length + arcs).
    func decompose(_ flow: [Int]) -> [[Int]] {
        var left = flow
        var outgoing: [Int: [Int]] = [:]
        for (position, arc) in arcs.enumerated() {
            outgoing[arc.tail, default: []].append(position)
        }
        var groups: [[Int]] = []
        while let first = outgoing[0]?.first(where: { left[$0] > 0 }) {
            var sizes: [Int] = []
            var arc = first
            while true {
                left[arc] -= 1
                if let size = arcs[arc].size { sizes.append(size) }
                let head = arcs[arc].head
                guard head < capacity, let next = outgoing[head]?.first(where: { left[$0] > 0 })
                else { break }
                arc = next
            }
            groups.append(sizes)
        }
        return groups
    }
}

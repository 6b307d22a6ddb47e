/// The baseline: what CycleCloud's autoscale library does today. Jobs are taken one at a
/// time in file order and buckets in status order, with no look-ahead:
///
/// - tasks first fill nodes already planned in this pass, then new nodes, bucket by bucket;
/// - a job that may span buckets takes what each bucket has until it has enough;
/// - a colocated job goes whole into the first bucket and placement group that can take it,
///   existing groups (from the snapshot, then those opened in this pass) before a new one;
/// - a job that does not fit whole is left out, and the next one is tried.
///
/// Jobs placed on existing nodes are out of scope: a plan only adds nodes.
public struct GreedyPlanner: Sendable {
    /// How job classes are ordered before the pass.
    public enum Order: Sendable, Hashable {
        /// File order, as the scheduler's queue gives them (CycleCloud's behaviour).
        case fileOrder
        /// Largest jobs first (by vCPUs per job), then by priority: a stronger heuristic
        /// in the spirit of first-fit decreasing.
        case largestFirst
    }

    /// The class order.
    public var order: Order

    /// A greedy planner with `order` (file order by default).
    public init(order: Order = .fileOrder) {
        self.order = order
    }

    /// Plans `problem`.
    ///
    /// - Complexity: O(jobs × eligible buckets × limits per bucket) plus, for shared task
    ///   jobs, the open nodes visited; identical jobs after one that failed are skipped,
    ///   since they would fail the same way.
    public func allocate(_ problem: PlanningProblem) -> Allocation {
        var pass = GreedyPass(problem: problem)
        for job in classOrder(problem) {
            let count = problem.workload.jobClasses[job].count
            for _ in 0..<count {
                guard pass.place(job) else { break }
            }
        }
        return pass.allocation()
    }

    private func classOrder(_ problem: PlanningProblem) -> [Int] {
        let classes = problem.workload.jobClasses
        switch order {
        case .fileOrder:
            return Array(classes.indices)
        case .largestFirst:
            func size(_ index: Int) -> Int {
                switch classes[index].shape {
                case .nodes(let nodes):
                    let vcpus = problem.eligibleBuckets[index].map {
                        problem.model.buckets[$0].vcpus
                    }
                    return nodes * (vcpus.min() ?? 1)
                case .tasks(let count, let task): return count * task.vcpus
                }
            }
            return classes.indices.sorted { lhs, rhs in
                let (left, right) = (size(lhs), size(rhs))
                if left != right { return left > right }
                if classes[lhs].priority != classes[rhs].priority {
                    return classes[lhs].priority > classes[rhs].priority
                }
                return lhs < rhs
            }
        }
    }
}

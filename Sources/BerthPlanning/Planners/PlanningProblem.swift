/// A snapshot's capacity model and a workload, with what every planner needs to know of
/// the two together: which buckets can serve which job class, and how many of its tasks fit
/// on one node there. Built once and shared by the planners, the explanations and the
/// reports.
public struct PlanningProblem: Sendable {
    /// The capacity model.
    public let model: CapacityModel
    /// The workload.
    public let workload: Workload
    /// Per job class, the buckets that can serve it, in status order.
    public let eligibleBuckets: [[Int]]
    /// Per job class and bucket, tasks of the class that fit on one node (0 for node jobs
    /// and for buckets that cannot serve the class).
    public let tasksPerNode: [[Int]]

    /// Relates `workload` to `model`.
    ///
    /// - Complexity: O(job classes × buckets).
    public init(model: CapacityModel, workload: Workload) {
        self.model = model
        self.workload = workload
        var eligible: [[Int]] = []
        var perNode: [[Int]] = []
        for job in workload.jobClasses {
            var buckets: [Int] = []
            var counts = Array(repeating: 0, count: model.buckets.count)
            for bucket in model.buckets where Eligibility.exclusions(of: bucket, for: job).isEmpty {
                if let task = job.task {
                    counts[bucket.index] = Eligibility.tasksPerNode(task, on: bucket)
                    guard counts[bucket.index] > 0 else { continue }
                }
                buckets.append(bucket.index)
            }
            eligible.append(buckets)
            perNode.append(counts)
        }
        eligibleBuckets = eligible
        tasksPerNode = perNode
    }

    /// Nodes of `bucket` that one job of class `job` needs when it has them to itself: its
    /// node count, or its tasks spread over full nodes.
    public func dedicatedNodes(forJobOf job: Int, in bucket: Int) -> Int {
        switch workload.jobClasses[job].shape {
        case .nodes(let nodes):
            return nodes
        case .tasks(let count, _):
            let perNode = tasksPerNode[job][bucket]
            return perNode > 0 ? (count + perNode - 1) / perNode : Int.max
        }
    }
}

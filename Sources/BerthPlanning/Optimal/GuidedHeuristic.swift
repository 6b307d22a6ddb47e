import BerthSolver

/// A heuristic led by the LP relaxation of the plan model: the relaxation says how many
/// jobs of each class to place and on which buckets, the greedy machinery places whole jobs
/// that way, and a second pass fills what is left with the jobs worth most per vCPU.
///
/// GLPK's own heuristics rarely find integer points of large instances of this model, so
/// this plan, when better than the two greedy plans, is what the search starts from.
struct GuidedHeuristic {
    let problem: PlanningProblem

    /// What the relaxation does with each class: jobs placed, and nodes per bucket.
    struct Guidance {
        var jobs: [Double]
        var nodes: [[Int: Double]]
    }

    /// The allocation guided by `guidance`.
    ///
    /// - Complexity: that of two greedy passes.
    func allocate(_ guidance: Guidance) -> Allocation {
        var pass = GreedyPass(problem: problem)
        let classes = problem.workload.jobClasses
        var left = classes.map(\.count)
        let firstOrder = classes.indices.sorted { lhs, rhs in
            if classes[lhs].priority != classes[rhs].priority {
                return classes[lhs].priority > classes[rhs].priority
            }
            if classes[lhs].colocated != classes[rhs].colocated { return classes[lhs].colocated }
            return lhs < rhs
        }
        for job in firstOrder {
            let target = min(left[job], Int((guidance.jobs[job] + 1e-6).rounded(.down)))
            let buckets = guidance.nodes[job].filter { $0.value > 1e-6 }
                .sorted { $0.value == $1.value ? $0.key < $1.key : $0.value > $1.value }.map(\.key)
            guard target > 0, !buckets.isEmpty else { continue }
            for _ in 0..<target {
                guard pass.place(job, buckets: buckets) else { break }
                left[job] -= 1
            }
        }
        for job in densityOrder() where left[job] > 0 {
            for _ in 0..<left[job] {
                guard pass.place(job) else { break }
                left[job] -= 1
            }
        }
        return pass.allocation()
    }

    /// Classes by weight per vCPU of one job on its cheapest eligible bucket, best first.
    func densityOrder() -> [Int] {
        let classes = problem.workload.jobClasses
        let cost = classes.indices.map { job -> Double in
            let vcpus = problem.eligibleBuckets[job].map { bucket in
                let nodes = problem.dedicatedNodes(forJobOf: job, in: bucket)
                if classes[job].hasDedicatedNodes {
                    return nodes * problem.model.buckets[bucket].vcpus
                }
                return classes[job].unitsPerJob * (classes[job].task?.vcpus ?? 1)
            }.min()
            return Double(vcpus ?? Int.max)
        }
        return classes.indices.sorted { lhs, rhs in
            let left = Double(classes[lhs].priority) / cost[lhs]
            let right = Double(classes[rhs].priority) / cost[rhs]
            return left == right ? lhs < rhs : left > right
        }
    }
}

extension PlacementModel {
    /// What a solution of the plan model's LP relaxation does with each class.
    func guidance(from values: [Double]) -> GuidedHeuristic.Guidance {
        func value(_ variable: MIPModel.Variable?) -> Double {
            variable.map { values[$0.index] } ?? 0
        }
        var jobs = Array(repeating: 0.0, count: classes.count)
        var nodes = Array(repeating: [Int: Double](), count: classes.count)
        for (job, variable) in placed { jobs[job] = value(variable) }
        for (job, perBucket) in spread {
            for (bucket, variable) in perBucket {
                nodes[job][bucket, default: 0] += value(variable)
            }
        }
        for (job, perGroup) in existingJobs {
            for (group, variable) in perGroup {
                let bucket = problem.model.placementGroups[group].bucket
                nodes[job][bucket, default: 0] +=
                    value(variable) * Double(colocatedSize(job, bucket))
            }
        }
        for (job, perBucket) in newGroupJobs {
            for (bucket, variable) in perBucket {
                nodes[job][bucket, default: 0] +=
                    value(variable) * Double(colocatedSize(job, bucket))
            }
        }
        for (job, columns) in layouts {
            for (index, layout) in columns.enumerated() {
                let count = value(layoutColumns[job]?[index])
                for entry in layout.entries {
                    nodes[job][entry.bucket, default: 0] += count * Double(entry.nodes)
                }
            }
        }
        for (index, pattern) in patterns.enumerated() {
            let count = value(patternColumns[index])
            for load in pattern.tasks {
                nodes[load.jobClass][pattern.bucket, default: 0] += count * Double(load.tasks)
            }
        }
        return GuidedHeuristic.Guidance(jobs: jobs, nodes: nodes)
    }
}

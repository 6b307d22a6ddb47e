/// Says why jobs of a class were left out of a plan, from what the plan leaves of every
/// limit: no bucket meets the job's requirements; a colocated job larger than any placement
/// group it may use; a limit with too little left for one more job; or, when one more job
/// would still fit, that the planner used the room for other jobs.
struct Explainer {
    let problem: PlanningProblem
    let remainingAfter: [Int]

    func reason(for job: Int, jobs: Int) -> UnplacedReason {
        let jobClass = problem.workload.jobClasses[job]
        let eligible = problem.eligibleBuckets[job]
        guard !eligible.isEmpty else {
            return noEligibleBucket(jobClass, jobs: jobs)
        }
        guard jobClass.colocated else {
            return limitReason(job, jobs: jobs, buckets: eligible)
        }
        // Only buckets whose placement groups can hold the job could take it, so only their
        // limits explain why it waits.
        let holding = eligible.filter {
            problem.dedicatedNodes(forJobOf: job, in: $0) <= largestGroup($0)
        }
        guard holding.isEmpty else {
            return limitReason(job, jobs: jobs, buckets: holding)
        }
        let largest = eligible.map(largestGroup).max() ?? 0
        let smallestNeed = eligible.map { problem.dedicatedNodes(forJobOf: job, in: $0) }.min() ?? 0
        let message =
            smallestNeed > largest
            ? "a job needs \(smallestNeed) nodes in one placement group, and the largest "
                + "placement group of an eligible bucket holds \(largest)"
            : "in every eligible bucket a job needs more nodes than one placement group holds: "
                + eligible.map { bucket in
                    let info = problem.model.buckets[bucket]
                    return "\(problem.dedicatedNodes(forJobOf: job, in: bucket)) > "
                        + "\(largestGroup(bucket)) in \(info.nodearray)/\(info.machineType)"
                }.joined(separator: ", ")
        return UnplacedReason(kind: .largerThanPlacementGroup, jobs: jobs, message: message)
    }

    private func largestGroup(_ bucket: Int) -> Int {
        let info = problem.model.buckets[bucket]
        let existing = info.placementGroups.map { problem.model.placementGroups[$0].room }
        return max(info.newPlacementGroupSize, existing.max() ?? 0)
    }

    private func noEligibleBucket(_ job: JobClass, jobs: Int) -> UnplacedReason {
        var byRequirement: [String: [String]] = [:]
        var order: [String] = []
        for bucket in problem.model.buckets {
            var exclusions = Eligibility.exclusions(of: bucket, for: job)
            if exclusions.isEmpty, let task = job.task,
                Eligibility.tasksPerNode(task, on: bucket) == 0
            {
                exclusions.append(.init(requirement: "task", found: "no room for one task"))
            }
            for exclusion in exclusions {
                if byRequirement[exclusion.requirement] == nil {
                    order.append(exclusion.requirement)
                }
                byRequirement[exclusion.requirement, default: []].append(
                    "\(bucket.nodearray)/\(bucket.machineType) (\(exclusion.found))")
            }
        }
        let excluded = order.map { Excluded(requirement: $0, buckets: byRequirement[$0] ?? []) }
        let summary = excluded.map { "\($0.requirement) excludes \($0.buckets.count)" }
        return UnplacedReason(
            kind: .noEligibleBucket, jobs: jobs,
            message: "no bucket meets the job's requirements: " + summary.joined(separator: ", "),
            excluded: excluded)
    }

    /// The limit that stops one more job in the bucket of `buckets` where the fewest limits
    /// stop it; `displaced` when some bucket could still take one.
    private func limitReason(_ job: Int, jobs: Int, buckets: [Int]) -> UnplacedReason {
        var best: (bucket: Int, blocked: [(limit: Int, needed: Int)])?
        for bucket in buckets {
            let nodes = problem.dedicatedNodes(forJobOf: job, in: bucket)
            let blocked = problem.model.buckets[bucket].draws.compactMap { draw in
                let needed = draw.units * nodes
                return remainingAfter[draw.limit] < needed ? (draw.limit, needed) : nil
            }
            if best == nil || blocked.count < (best?.blocked.count ?? 0) {
                best = (bucket, blocked)
            }
        }
        // A bucket's own availableCount mostly restates the shared limits behind it: name
        // those first.
        let ranked = best.map { best in
            best.blocked.sorted { lhs, rhs in
                isBucketOwn(lhs.limit) == isBucketOwn(rhs.limit)
                    ? lhs.limit < rhs.limit : !isBucketOwn(lhs.limit)
            }
        }
        guard let best, let ranked, let first = ranked.first else {
            let bucket = problem.model.buckets[best?.bucket ?? 0]
            return UnplacedReason(
                kind: .displaced, jobs: jobs,
                message: "room for one more job remains in \(bucket.nodearray)/"
                    + "\(bucket.machineType), but the planner gave it to other jobs first "
                    + "(greedy order, or a solve stopped before it could do better)")
        }
        let limit = problem.model.limits[first.limit]
        let bucket = problem.model.buckets[best.bucket]
        let unit = limit.unit == .nodes ? "nodes" : "vCPUs"
        let left = max(0, remainingAfter[first.limit])
        var message =
            "\(limit.name) ran out: \(left) \(unit) left, one more job needs \(first.needed) "
            + "(in \(bucket.nodearray)/\(bucket.machineType), its closest fit)"
        if ranked.count > 1 {
            let others = ranked.dropFirst().map { problem.model.limits[$0.limit].name }
            message += "; also short: " + others.joined(separator: ", ")
        }
        return UnplacedReason(
            kind: .limitExhausted, jobs: jobs, message: message, limit: limit.name,
            remaining: left, needed: first.needed)
    }

    private func isBucketOwn(_ limit: Int) -> Bool {
        if case .bucket = problem.model.limits[limit].kind { return true }
        return false
    }
}

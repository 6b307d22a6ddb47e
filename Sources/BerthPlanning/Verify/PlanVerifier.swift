import CycleCloudAPI

/// Re-checks a plan from the snapshot, the workload and the plan document alone, sharing no
/// placement code with the planners: every limit, every node's load, every placed job's
/// nodes, tasks and placement group, the stated objective, and that the create requests add
/// exactly the planned nodes.
public struct PlanVerifier: Sendable {
    /// The capacity model of the snapshot the plan claims to be for.
    public let model: CapacityModel
    /// The workload it claims to place.
    public let workload: Workload

    /// A verifier for plans against `model` and `workload`.
    public init(model: CapacityModel, workload: Workload) {
        self.model = model
        self.workload = workload
    }

    /// Every rule `plan` breaks; empty when it is sound.
    ///
    /// - Complexity: O(node groups × load entries + layouts + requests + limits).
    public func violations(of plan: Plan) -> [String] {
        var check = Check(model: model, workload: workload)
        check.groups(plan.nodeGroups)
        check.placementGroups(plan.nodeGroups)
        check.limits(plan.nodeGroups)
        check.jobs(plan)
        check.objective(plan)
        check.requests(plan)
        return check.problems
    }
}

private struct Check {
    let model: CapacityModel
    let workload: Workload
    var problems: [String] = []
    var bucketOfGroup: [String: CapacityModel.Bucket] = [:]
    var groupsById: [String: NodeGroup] = [:]

    init(model: CapacityModel, workload: Workload) {
        self.model = model
        self.workload = workload
    }

    private var classesByName: [String: JobClass] {
        Dictionary(
            workload.jobClasses.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    mutating func groups(_ groups: [NodeGroup]) {
        let buckets = Dictionary(
            model.buckets.map { ($0.bucketId, $0) }, uniquingKeysWith: { a, _ in a })
        let classes = classesByName
        for group in groups {
            let name = "node group \(group.id)"
            if groupsById[group.id] != nil { problems.append("\(name): the id is used twice") }
            groupsById[group.id] = group
            guard let bucket = buckets[group.bucketId] else {
                problems.append("\(name): no bucket \(group.bucketId) in the snapshot")
                continue
            }
            bucketOfGroup[group.id] = bucket
            if bucket.nodearray != group.nodearray || bucket.machineType != group.machineType {
                problems.append(
                    "\(name): bucket \(group.bucketId) is \(bucket.nodearray)/\(bucket.machineType), "
                        + "not \(group.nodearray)/\(group.machineType)")
            }
            if !bucket.isValid { problems.append("\(name): bucket \(group.bucketId) is not valid") }
            if group.count < 1 { problems.append("\(name): \(group.count) nodes") }
            load(of: group, bucket: bucket, classes: classes)
        }
    }

    private mutating func load(
        of group: NodeGroup, bucket: CapacityModel.Bucket, classes: [String: JobClass]
    ) {
        let name = "node group \(group.id)"
        guard !group.load.isEmpty else {
            problems.append("\(name): the nodes carry nothing")
            return
        }
        var vcpus = 0
        var memory = 0
        var gpus = 0
        for entry in group.load {
            guard let job = classes[entry.jobClass] else {
                problems.append("\(name): unknown job class \(entry.jobClass)")
                continue
            }
            if let reason = unmet(job.require, bucket) {
                problems.append("\(name): job class \(job.name) requires \(reason)")
            }
            if job.hasDedicatedNodes, group.load.count > 1 {
                problems.append("\(name): job class \(job.name) must have its nodes to itself")
            }
            switch job.shape {
            case .nodes:
                if entry.tasks != nil {
                    problems.append("\(name): node job \(job.name) carries tasks")
                }
            case .tasks(_, let task):
                let tasks = entry.tasks ?? 0
                if tasks < 1 { problems.append("\(name): \(tasks) tasks of \(job.name)") }
                vcpus += task.vcpus * tasks
                memory += Int((task.memoryGB * 1024).rounded(.up)) * tasks
                gpus += task.gpus * tasks
            }
        }
        let nodeMemory = Int((bucket.memoryGB * 1024).rounded(.down))
        if vcpus > bucket.vcpus || memory > nodeMemory || gpus > bucket.gpus {
            problems.append(
                "\(name): tasks need \(vcpus) vCPUs, \(memory) MiB, \(gpus) GPUs per node; "
                    + "a \(bucket.machineType) has \(bucket.vcpus), \(nodeMemory), \(bucket.gpus)")
        }
    }

    /// The first requirement `bucket` fails, if any.
    private func unmet(_ require: Requirements, _ bucket: CapacityModel.Bucket) -> String? {
        if let names = require.nodearrays, !names.contains(bucket.nodearray) {
            return "nodearrays \(names)"
        }
        if let types = require.machineTypes,
            !types.map({ $0.lowercased() }).contains(bucket.machineType.lowercased())
        {
            return "machineTypes \(types)"
        }
        if let flag = require.infiniband, flag != bucket.infiniband { return "infiniband \(flag)" }
        if let value = require.minVcpus, bucket.vcpus < value { return "minVcpus \(value)" }
        if let value = require.minMemoryGB, bucket.memoryGB < value {
            return "minMemoryGB \(value)"
        }
        if let value = require.minGpus, bucket.gpus < value { return "minGpus \(value)" }
        if let flag = require.spot, flag != bucket.isSpot { return "spot \(flag)" }
        return nil
    }

    mutating func placementGroups(_ groups: [NodeGroup]) {
        var nodes: [String: Int] = [:]
        var bucketOfPlacementGroup: [String: String] = [:]
        for group in groups {
            guard let pg = group.placementGroup, let bucket = bucketOfGroup[group.id] else {
                continue
            }
            let key = "\(group.nodearray)/\(pg)"
            if let other = bucketOfPlacementGroup[key], other != group.bucketId {
                problems.append("placement group \(pg) holds nodes of two buckets")
            }
            bucketOfPlacementGroup[key] = group.bucketId
            nodes[key, default: 0] += group.count
            let existing = bucket.placementGroups.map { model.placementGroups[$0] }
                .first { $0.name == pg }
            if group.newPlacementGroup == true, existing != nil {
                problems.append("node group \(group.id): placement group \(pg) already exists")
            }
            if group.newPlacementGroup != true, existing == nil {
                problems.append(
                    "node group \(group.id): no existing placement group \(pg) in its bucket")
            }
        }
        for (key, count) in nodes {
            guard let bucketId = bucketOfPlacementGroup[key],
                let bucket = model.buckets.first(where: { $0.bucketId == bucketId })
            else { continue }
            let name = String(key.split(separator: "/", maxSplits: 1).last ?? "")
            let room =
                bucket.placementGroups.map { model.placementGroups[$0] }.first { $0.name == name }?
                .room ?? bucket.newPlacementGroupSize
            if count > room {
                problems.append("placement group \(name): \(count) new nodes, room for \(room)")
            }
        }
    }

    mutating func limits(_ groups: [NodeGroup]) {
        var drawn = Array(repeating: 0, count: model.limits.count)
        for group in groups {
            guard let bucket = bucketOfGroup[group.id] else { continue }
            for draw in bucket.draws {
                drawn[draw.limit] += draw.units * group.count
            }
        }
        for limit in model.limits where drawn[limit.index] > limit.remaining {
            let unit = limit.unit == .nodes ? "nodes" : "vCPUs"
            problems.append(
                "\(limit.name): the plan takes \(drawn[limit.index]) \(unit), "
                    + "\(limit.remaining) are left")
        }
    }

    mutating func jobs(_ plan: Plan) {
        let outcomes = Dictionary(
            plan.jobs.map { ($0.jobClass, $0) }, uniquingKeysWith: { a, _ in a })
        var dedicatedUse: [String: Int] = [:]
        for job in workload.jobClasses {
            guard let outcome = outcomes[job.name] else {
                problems.append("job class \(job.name): missing from the plan")
                continue
            }
            if outcome.placed < 0 || outcome.placed > job.count {
                problems.append("job class \(job.name): \(outcome.placed) of \(job.count) placed")
            }
            if job.hasDedicatedNodes {
                dedicated(job, outcome, use: &dedicatedUse)
            } else {
                shared(job, outcome, plan.nodeGroups)
            }
        }
        for group in plan.nodeGroups {
            let dedicatedLoad = group.load.contains { entry in
                classesByName[entry.jobClass]?.hasDedicatedNodes == true
            }
            if dedicatedLoad, dedicatedUse[group.id, default: 0] != group.count {
                problems.append(
                    "node group \(group.id): jobs take \(dedicatedUse[group.id, default: 0]) of its "
                        + "\(group.count) nodes")
            }
        }
    }

    private mutating func dedicated(
        _ job: JobClass, _ outcome: JobOutcome, use: inout [String: Int]
    ) {
        let layouts = outcome.layouts ?? []
        let jobs = layouts.reduce(0) { $0 + $1.jobs }
        if jobs != outcome.placed {
            problems.append(
                "job class \(job.name): layouts hold \(jobs) jobs, \(outcome.placed) placed")
        }
        for layout in layouts {
            var units = 0
            var places: Set<String> = []
            for share in layout.nodes {
                guard let group = groupsById[share.group] else {
                    problems.append("job class \(job.name): unknown node group \(share.group)")
                    continue
                }
                if !group.load.contains(where: { $0.jobClass == job.name }) {
                    problems.append(
                        "job class \(job.name): node group \(group.id) does not carry it")
                }
                use[group.id, default: 0] += share.nodes * layout.jobs
                let tasks = group.load.first { $0.jobClass == job.name }?.tasks ?? 1
                units += share.nodes * tasks
                places.insert("\(group.bucketId)|\(group.placementGroup ?? "")")
                if job.colocated, group.placementGroup == nil {
                    problems.append(
                        "job class \(job.name): colocated, but group \(group.id) has no placement group"
                    )
                }
            }
            if units != job.unitsPerJob {
                let what = job.task == nil ? "nodes" : "tasks"
                problems.append(
                    "job class \(job.name): a job gets \(units) \(what), needs \(job.unitsPerJob)")
            }
            if job.colocated, places.count > 1 {
                problems.append(
                    "job class \(job.name): a colocated job spans \(places.count) placement groups")
            }
        }
    }

    private mutating func shared(_ job: JobClass, _ outcome: JobOutcome, _ groups: [NodeGroup]) {
        if outcome.layouts != nil {
            problems.append("job class \(job.name): shared task jobs have no layouts")
        }
        let tasks = groups.reduce(0) { total, group in
            total + group.count * (group.load.first { $0.jobClass == job.name }?.tasks ?? 0)
        }
        if tasks != outcome.placed * job.unitsPerJob {
            problems.append(
                "job class \(job.name): nodes carry \(tasks) tasks, \(outcome.placed) jobs need "
                    + "\(outcome.placed * job.unitsPerJob)")
        }
    }

    mutating func objective(_ plan: Plan) {
        let placed = Dictionary(
            plan.jobs.map { ($0.jobClass, $0.placed) }, uniquingKeysWith: { a, _ in a })
        let weighted = workload.jobClasses.reduce(0) { $0 + $1.priority * (placed[$1.name] ?? 0) }
        let vcpus = plan.nodeGroups.reduce(0) { $0 + (bucketOfGroup[$1.id]?.vcpus ?? 0) * $1.count }
        let nodes = plan.nodeGroups.reduce(0) { $0 + $1.count }
        let newGroups = Set(
            plan.nodeGroups.filter { $0.newPlacementGroup == true }.compactMap { group in
                group.placementGroup.map { "\(group.nodearray)/\($0)" }
            }
        ).count
        let jobs = workload.jobClasses.reduce(0) { $0 + (placed[$1.name] ?? 0) }
        let stated = plan.objective
        if stated.weightedJobsPlaced != weighted || stated.newVcpus != vcpus
            || stated.newNodes != nodes || stated.newPlacementGroups != newGroups
            || stated.jobsPlaced != jobs
        {
            problems.append(
                "objective: the plan states \(stated.weightedJobsPlaced) weighted jobs, "
                    + "\(stated.jobsPlaced) jobs, \(stated.newNodes) nodes, "
                    + "\(stated.newVcpus) vCPUs, \(stated.newPlacementGroups) new placement "
                    + "groups; its nodes give \(weighted), \(jobs), \(nodes), \(vcpus), "
                    + "\(newGroups)")
        }
    }

    mutating func requests(_ plan: Plan) {
        var planned: [String: Int] = [:]
        for group in plan.nodeGroups {
            planned[
                "\(group.nodearray)/\(group.machineType)/\(group.placementGroup ?? "-")", default: 0
            ] +=
                group.count
        }
        var requested: [String: Int] = [:]
        var ids: Set<String> = []
        for (index, request) in plan.createRequests.enumerated() {
            if let id = request.requestId, !ids.insert(id).inserted {
                problems.append("create request \(index + 1): requestId \(id) is used twice")
            }
            if request.requestId == nil {
                problems.append("create request \(index + 1): no requestId")
            }
            if request.nodeCount > plan.maxNodesPerRequest {
                problems.append(
                    "create request \(index + 1): \(request.nodeCount) nodes, more than "
                        + "\(plan.maxNodesPerRequest)")
            }
            if request.sets.isEmpty {
                problems.append("create request \(index + 1): no sets; CycleCloud needs one")
            }
            for set in request.sets {
                if set.count < 1 {
                    problems.append(
                        "create request \(index + 1): a set of \(set.count) nodes of "
                            + "\(set.nodearray); CycleCloud refuses a count below 1")
                }
                guard let machine = set.machineType else {
                    problems.append("create request \(index + 1): a set names no machine type")
                    continue
                }
                requested[
                    "\(set.nodearray)/\(machine)/\(set.placementGroupId ?? "-")", default: 0] +=
                    set.count
            }
        }
        for key in Set(planned.keys).union(requested.keys).sorted()
        where planned[key, default: 0] != requested[key, default: 0] {
            problems.append(
                "create requests: \(requested[key, default: 0]) nodes of \(key), the plan has "
                    + "\(planned[key, default: 0])")
        }
    }
}

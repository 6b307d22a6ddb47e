import BerthPlanning
import CycleCloudAPI
import Testing

/// The library's SplitMix64 as a random number generator: a failing case is reproduced
/// from its seed alone.
struct SeededGenerator: RandomNumberGenerator {
    private var source: SplitMix64

    init(seed: UInt64) {
        source = SplitMix64(seed: seed)
    }

    mutating func next() -> UInt64 {
        source.next()
    }
}

/// The best weighted placement of a tiny problem, by trying every placement of every job:
/// node jobs split over buckets in every way, colocated jobs in every placement group (old,
/// opened earlier, or new), each task on every node with room or on a new node. It shares
/// nothing with the planners but the capacity model's limits.
struct ExhaustiveSearch {
    let problem: PlanningProblem
    private var remaining: [Int]
    private var groupRoom: [Int]
    private var newGroups: [[Int]]
    private var sharedNodes: [(bucket: Int, free: NodeResources)] = []
    private(set) var best = 0
    private var jobs: [Int] = []

    init(problem: PlanningProblem) {
        self.problem = problem
        remaining = problem.model.limits.map(\.remaining)
        groupRoom = problem.model.placementGroups.map(\.room)
        newGroups = Array(repeating: [], count: problem.model.buckets.count)
        for (index, job) in problem.workload.jobClasses.enumerated() {
            jobs += Array(repeating: index, count: job.count)
        }
    }

    mutating func run() -> Int {
        search(0, value: 0, skipped: [])
        return best
    }

    private func eligible(_ job: JobClass, _ bucket: CapacityModel.Bucket) -> Bool {
        guard bucket.isValid else { return false }
        let require = job.require
        if let names = require.nodearrays, !names.contains(bucket.nodearray) { return false }
        if let flag = require.infiniband, flag != bucket.infiniband { return false }
        if let flag = require.spot, flag != bucket.isSpot { return false }
        if let task = job.task { return NodeResources(bucket: bucket).count(of: task) > 0 }
        return true
    }

    private func fits(_ bucket: Int, _ nodes: Int) -> Bool {
        problem.model.buckets[bucket].draws.allSatisfy { remaining[$0.limit] >= $0.units * nodes }
    }

    private mutating func take(_ bucket: Int, _ nodes: Int) {
        for draw in problem.model.buckets[bucket].draws {
            remaining[draw.limit] -= draw.units * nodes
        }
    }

    private mutating func search(_ index: Int, value: Int, skipped: Set<Int>) {
        best = max(best, value)
        guard index < jobs.count else { return }
        let job = jobs[index]
        // Identical jobs are interchangeable: once one is skipped, skip the rest.
        if !skipped.contains(job) {
            place(index, job, value: value, skipped: skipped)
        }
        search(index + 1, value: value, skipped: skipped.union([job]))
    }

    private mutating func place(_ index: Int, _ job: Int, value: Int, skipped: Set<Int>) {
        let jobClass = problem.workload.jobClasses[job]
        let buckets = problem.model.buckets.filter { eligible(jobClass, $0) }.map(\.index)
        let next = value + jobClass.priority
        switch jobClass.shape {
        case .nodes(let size) where jobClass.colocated:
            for bucket in buckets where fits(bucket, size) {
                let saved = (remaining, groupRoom, newGroups)
                take(bucket, size)
                for group in problem.model.buckets[bucket].placementGroups
                where groupRoom[group] >= size {
                    groupRoom[group] -= size
                    search(index + 1, value: next, skipped: skipped)
                    groupRoom[group] += size
                }
                for ordinal in newGroups[bucket].indices where newGroups[bucket][ordinal] >= size {
                    newGroups[bucket][ordinal] -= size
                    search(index + 1, value: next, skipped: skipped)
                    newGroups[bucket][ordinal] += size
                }
                let capacity = problem.model.buckets[bucket].newPlacementGroupSize
                if size <= capacity {
                    newGroups[bucket].append(capacity - size)
                    search(index + 1, value: next, skipped: skipped)
                }
                (remaining, groupRoom, newGroups) = saved
            }
        case .nodes(let size):
            split(size, over: buckets[...]) { this in
                this.search(index + 1, value: next, skipped: skipped)
            }
        case .tasks(let count, let task):
            placeTasks(count, task, buckets) { this in
                this.search(index + 1, value: next, skipped: skipped)
            }
        }
    }

    private mutating func split(
        _ nodes: Int, over buckets: ArraySlice<Int>, then: (inout ExhaustiveSearch) -> Void
    ) {
        guard nodes > 0 else { return then(&self) }
        guard let bucket = buckets.first else { return }
        for here in stride(from: nodes, through: 0, by: -1) where fits(bucket, here) {
            let saved = remaining
            take(bucket, here)
            split(nodes - here, over: buckets.dropFirst(), then: then)
            remaining = saved
        }
    }

    private mutating func placeTasks(
        _ tasks: Int, _ task: TaskShape, _ buckets: [Int], then: (inout ExhaustiveSearch) -> Void
    ) {
        guard tasks > 0 else { return then(&self) }
        let need = NodeResources(task: task)
        for position in sharedNodes.indices
        where buckets.contains(sharedNodes[position].bucket)
            && sharedNodes[position].free.subtracting(need).isNonNegative
        {
            let before = sharedNodes[position].free
            sharedNodes[position].free = before.subtracting(need)
            placeTasks(tasks - 1, task, buckets, then: then)
            sharedNodes[position].free = before
        }
        for bucket in buckets where fits(bucket, 1) {
            let saved = remaining
            take(bucket, 1)
            sharedNodes.append(
                (bucket, NodeResources(bucket: problem.model.buckets[bucket]).subtracting(need)))
            placeTasks(tasks - 1, task, buckets, then: then)
            sharedNodes.removeLast()
            remaining = saved
        }
    }
}

@Suite struct BruteForceTests {
    static func randomInput(_ random: inout SeededGenerator) throws -> PlanningInput {
        let shapes = [(2, 4.0), (4, 8.0), (8, 16.0)]
        var machines: [Fixture.Machine] = []
        var nodearrays: [NodearrayStatus] = []
        for array in 0..<Int.random(in: 1...2, using: &random) {
            var buckets: [BucketStatus] = []
            for index in 0..<Int.random(in: 1...2, using: &random) {
                let (vcpus, memory) = shapes.randomElement(using: &random) ?? (2, 4)
                let machine = Fixture.Machine(
                    name: "M\(array)\(index)", vcpus: vcpus, memoryGB: memory,
                    infiniband: Bool.random(using: &random),
                    family: ["famA", "famB"].randomElement(using: &random) ?? "famA")
                machines.append(machine)
                let groupSize = Int.random(in: 2...4, using: &random)
                let existing =
                    Bool.random(using: &random)
                    ? [("old\(array)\(index)", Int.random(in: 1..<groupSize, using: &random))] : []
                buckets.append(
                    Fixture.bucket(
                        "b\(array)\(index)", machine,
                        available: Int.random(in: 1...4, using: &random),
                        groupSize: groupSize, groups: existing,
                        familyQuota: Bool.random(using: &random)
                            ? Int.random(in: 4...24, using: &random) : nil))
            }
            nodearrays.append(
                Fixture.nodearray(
                    "na\(array)",
                    maxCount: Bool.random(using: &random)
                        ? Int.random(in: 2...5, using: &random) : nil,
                    buckets))
        }
        var jobs: [JobClass] = []
        for index in 0..<Int.random(in: 1...3, using: &random) {
            let count = Int.random(in: 1...2, using: &random)
            let priority = Int.random(in: 1...3, using: &random)
            switch Int.random(in: 0...2, using: &random) {
            case 0:
                jobs.append(
                    JobClass(
                        name: "spread\(index)", count: count, priority: priority,
                        shape: .nodes(Int.random(in: 1...3, using: &random))))
            case 1:
                jobs.append(
                    JobClass(
                        name: "mpi\(index)", count: count, priority: priority,
                        shape: .nodes(Int.random(in: 1...3, using: &random)), colocated: true,
                        require: Requirements(
                            infiniband: Bool.random(using: &random) ? true : nil)))
            default:
                let task = TaskShape(
                    vcpus: Int.random(in: 1...4, using: &random),
                    memoryGB: Double(Int.random(in: 1...6, using: &random)))
                jobs.append(
                    JobClass(
                        name: "tasks\(index)", count: count, priority: priority,
                        shape: .tasks(count: Int.random(in: 1...2, using: &random), task: task)))
            }
        }
        return try Fixture.input(
            nodearrays, machines: machines, jobs: jobs,
            maxCores: Bool.random(using: &random) ? Int.random(in: 8...40, using: &random) : nil)
    }

    @Test(
        "on tiny random instances, an exhaustive search agrees with the optimum", arguments: 0..<300
    )
    func agreesWithExhaustiveSearch(seed: UInt64) async throws {
        var random = SeededGenerator(seed: 0xBE27_0000 + seed)
        let input = try Self.randomInput(&random)
        var search = ExhaustiveSearch(problem: input.problem)
        let best = search.run()
        let plans = await Plans(input)
        #expect(
            plans.optimal.objective.weightedJobsPlaced == best,
            "seed \(seed): optimal planner \(plans.optimal.objective.weightedJobsPlaced), exhaustive \(best)"
        )
        #expect(
            plans.optimal.solver?.bound == best,
            "seed \(seed): bound \(plans.optimal.solver?.bound ?? -1)")
        #expect(plans.greedy.objective.weightedJobsPlaced <= best, "seed \(seed)")
    }
}

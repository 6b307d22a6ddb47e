import BerthPlanning
import CycleCloudAPI

/// Builds small clusters and workloads for the optimal planner's tests.
enum Fixture {
    struct Machine {
        var name: String
        var vcpus: Int
        var memoryGB: Double = 64
        var gpus = 0
        var infiniband = false
        var family: String
    }

    /// A bucket of `machine` with `available` nodes of room.
    static func bucket(
        _ id: String, _ machine: Machine, available: Int, groupSize: Int = 40,
        groups: [(name: String, nodes: Int)] = [], familyQuota: Int? = nil,
        familyUsed: Int = 0
    ) -> BucketStatus {
        var bucket = BucketStatus(
            bucketId: id, machineType: machine.name, maxCount: max(available, 1000),
            maxCoreCount: max(available, 1000) * machine.vcpus, activeCount: 0,
            activeCoreCount: 0, availableCount: available,
            availableCoreCount: available * machine.vcpus,
            virtualMachine: VirtualMachine(
                vcpuCount: machine.vcpus, memory: machine.memoryGB,
                infiniband: machine.infiniband, gpuCount: machine.gpus))
        bucket.maxPlacementGroupSize = groupSize
        bucket.maxPlacementGroupCoreSize = groupSize * machine.vcpus
        bucket.placementGroups = groups.map {
            PlacementGroupStatus(
                name: $0.name, activeCount: $0.nodes, activeCoreCount: $0.nodes * machine.vcpus)
        }
        bucket.familyQuotaCoreCount = familyQuota
        bucket.familyConsumedCoreCount = familyQuota == nil ? nil : familyUsed
        return bucket
    }

    static func nodearray(
        _ name: String, maxCount: Int? = nil, maxCores: Int? = nil, spot: Bool = false,
        _ buckets: [BucketStatus]
    ) -> NodearrayStatus {
        NodearrayStatus(
            name: name, maxCount: maxCount, maxCoreCount: maxCores, buckets: buckets,
            nodearray: NodeRecord([
                "Name": .string(name), "Region": .string("eastus"), "Interruptible": .bool(spot),
            ]))
    }

    static func catalog(_ machines: [Machine]) -> MachineCatalog {
        MachineCatalog(
            Dictionary(
                machines.map {
                    (
                        $0.name,
                        MachineCatalog.Entry(
                            family: $0.family, vcpus: $0.vcpus, memoryGB: $0.memoryGB,
                            gpus: $0.gpus, infiniband: $0.infiniband)
                    )
                }, uniquingKeysWith: { first, _ in first }))
    }

    static func input(
        _ nodearrays: [NodearrayStatus], machines: [Machine], jobs: [JobClass],
        maxCount: Int? = nil, maxCores: Int? = nil
    ) throws -> PlanningInput {
        let status = ClusterStatus(
            maxCount: maxCount, maxCoreCount: maxCores, nodearrays: nodearrays)
        let model = try CapacityModel(
            status: status, document: "test snapshot", catalog: catalog(machines))
        return try PlanningInput(
            status: status, model: model,
            workload: Workload(document: "test workload", jobClasses: jobs),
            snapshotDigest: "test")
    }
}

/// The plans of every planner for `input`, each checked by the verifier.
struct Plans {
    var greedy: Plan
    var largestFirst: Plan
    var optimal: Plan

    init(_ input: PlanningInput, timeLimit: Duration = .seconds(20)) async {
        greedy = HeuristicPlanner.plan(input, order: .fileOrder, maxNodesPerRequest: 500)
        largestFirst = HeuristicPlanner.plan(input, order: .largestFirst, maxNodesPerRequest: 500)
        optimal = await OptimalPlanner.plan(input, options: OptimalOptions(timeLimit: timeLimit))
        let verifier = PlanVerifier(model: input.problem.model, workload: input.problem.workload)
        for plan in [greedy, largestFirst, optimal] {
            let violations = verifier.violations(of: plan)
            precondition(violations.isEmpty, "\(plan.planner): \(violations)")
        }
    }
}

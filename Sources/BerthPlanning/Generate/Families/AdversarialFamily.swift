/// Five traps for first-fit placement in queue order, each on its own nodearrays and quota
/// so that they do not disturb one another:
///
/// - A, quota: 200 single-node jobs queue before four 32-node MPI jobs that are worth three
///   times as much per node, and the HBv3 family quota holds 130 nodes.
/// - B, size: one 64-node archive job queues before 64 interactive one-node jobs worth four
///   times as much, on a Dsv5 quota of 64 nodes. Largest-first falls for this one too.
/// - C, bucket order: ETL tasks that fit anywhere fill the E64s_v5 bucket, first in the
///   status, whose memory is the only home of the big-memory jobs behind them.
/// - D, placement-group fragmentation: 12-node jobs split three half-full placement groups
///   (room 20 each, no room for new ones) so that the 20-node jobs behind them cannot run.
/// - E, spot: jobs that run anywhere take the spot quota that spot-only jobs need.
enum AdversarialFamily {
    static let region = "eastus"

    static func build(_ context: inout FamilyContext) -> ClusterSpec {
        var spec = ClusterSpec(
            name: "adversarial", nodeRoom: context.room(2_000), coreRoom: context.room(100_000))
        spec.regions = [
            RegionSpec(
                name: region, room: context.room(100_000), outside: context.room(3_000),
                spotRoom: context.room(200), spotOutside: context.room(100))
        ]
        spec.familyQuotas = [
            FamilyQuotaSpec(
                region: region, family: "standardHBrsv3Family", room: context.room(15_600),
                outside: 0),
            FamilyQuotaSpec(
                region: region, family: "standardDSv5Family", room: context.room(1_024),
                outside: context.room(500)),
            FamilyQuotaSpec(
                region: region, family: "standardESv5Family", room: context.room(512),
                outside: 0),
            FamilyQuotaSpec(
                region: region, family: "standardFSv2Family", room: context.room(1_280),
                outside: 0),
            FamilyQuotaSpec(
                region: region, family: "standardDASv4Family", room: context.room(480),
                outside: 0),
        ]
        spec.nodearrays = [
            NodearraySpec(
                name: "mem", region: region, nodeRoom: context.room(100),
                buckets: [BucketSpec(machineType: "Standard_E64s_v5")]),
            NodearraySpec(
                name: "hpc", region: region, maxScaleSetSize: 100, nodeRoom: context.room(400),
                buckets: [BucketSpec(machineType: "Standard_HB120rs_v3")]),
            NodearraySpec(
                name: "general", region: region, nodeRoom: context.room(200),
                buckets: [BucketSpec(machineType: "Standard_D16s_v5")]),
            NodearraySpec(
                name: "spot", region: region, spot: true, nodeRoom: context.room(200),
                buckets: [BucketSpec(machineType: "Standard_F8s_v2")]),
            NodearraySpec(
                name: "ondemand", region: region, nodeRoom: context.room(200),
                buckets: [BucketSpec(machineType: "Standard_D8as_v4")]),
            NodearraySpec(
                name: "htc", region: region, nodeRoom: context.room(200),
                buckets: [BucketSpec(machineType: "Standard_F16s_v2")]),
            NodearraySpec(
                name: "hc", region: region, maxScaleSetSize: 40, nodeRoom: context.room(60),
                buckets: [
                    BucketSpec(machineType: "Standard_HC44rs", placementGroups: [20, 20, 20])
                ]
            ),
        ]
        addJobs(&context)
        return spec
    }

    /// The queue: the first half of every trap, then the second half of every trap.
    static func addJobs(_ context: inout FamilyContext) {
        context.nodes(
            "a-serial", count: context.jobs(200), nodes: 1,
            require: Requirements(nodearrays: ["hpc"]))
        context.nodes(
            "b-archive", count: context.jobs(1), nodes: 64,
            require: Requirements(nodearrays: ["general"]))
        context.tasks(
            "c-etl", count: context.jobs(40), tasks: 8, vcpus: 2, memoryGB: 7,
            require: Requirements(nodearrays: ["mem", "htc"]))
        context.nodes(
            "d-small", count: context.jobs(6), priority: 12, nodes: 12, colocated: true,
            require: Requirements(nodearrays: ["hc"]))
        context.tasks(
            "e-any", count: context.jobs(100), tasks: 1, vcpus: 4, memoryGB: 7,
            require: Requirements(nodearrays: ["spot", "ondemand"]))

        context.nodes(
            "a-mpi", count: context.jobs(4), priority: 96, nodes: 32, colocated: true,
            require: Requirements(nodearrays: ["hpc"]))
        context.tasks(
            "b-interactive", count: context.jobs(64), priority: 4, tasks: 1, vcpus: 16,
            memoryGB: 32, require: Requirements(nodearrays: ["general"]))
        context.tasks(
            "c-bigmem", count: context.jobs(8), priority: 10, tasks: 1, vcpus: 8,
            memoryGB: 400, require: Requirements(nodearrays: ["mem"]))
        context.nodes(
            "d-large", count: context.jobs(3), priority: 40, nodes: 20, colocated: true,
            require: Requirements(nodearrays: ["hc"]))
        context.tasks(
            "e-spot", count: context.jobs(50), tasks: 1, vcpus: 4, memoryGB: 7,
            require: Requirements(spot: true))
    }
}

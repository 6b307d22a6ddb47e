/// High-throughput computing: thousands of independent tasks of many shapes (compute-,
/// balanced- and memory-bound, one to sixty-four tasks per job, a few exclusive) on the
/// general-purpose sizes an HTC site runs: Fsv2, Dsv5, Esv5, and a spot nodearray. Family
/// quotas and nodearray core caps bind, so the planner must choose which shapes go where.
enum HTCFamily {
    static let region = "eastus"

    static func build(_ context: inout FamilyContext) -> ClusterSpec {
        var spec = ClusterSpec(
            name: "htc", nodeRoom: context.room(1500), coreRoom: context.room(17_000))
        spec.regions = [
            RegionSpec(
                name: region, room: context.room(13_000), outside: context.room(6_000),
                spotRoom: context.room(3_000), spotOutside: context.room(600))
        ]
        spec.familyQuotas = [
            FamilyQuotaSpec(
                region: region, family: "standardFSv2Family", room: context.room(7_000),
                outside: context.room(900)),
            FamilyQuotaSpec(
                region: region, family: "standardDSv5Family", room: context.room(5_000),
                outside: context.room(2_100)),
            FamilyQuotaSpec(
                region: region, family: "standardESv5Family", room: context.room(2_200),
                outside: context.room(400)),
        ]
        spec.nodearrays = [
            NodearraySpec(
                name: "htc", region: region, nodeRoom: context.room(480),
                coreRoom: context.room(7_200),
                buckets: [
                    BucketSpec(
                        machineType: "Standard_F16s_v2", active: context.room(24),
                        terminating: context.room(3)),
                    BucketSpec(machineType: "Standard_F8s_v2"),
                    BucketSpec(machineType: "Standard_F32s_v2", active: context.room(6)),
                    BucketSpec(machineType: "Standard_F4s_v2", active: context.room(8)),
                    BucketSpec(machineType: "Standard_F2s_v2"),
                    BucketSpec(
                        machineType: "Standard_F72s_v2", invalidReason: "DisabledMachineType"),
                ]),
            NodearraySpec(
                name: "general", region: region, nodeRoom: context.room(320),
                coreRoom: context.room(5_400),
                buckets: [
                    BucketSpec(machineType: "Standard_D16s_v5", active: context.room(12)),
                    BucketSpec(machineType: "Standard_D8s_v5"),
                    BucketSpec(machineType: "Standard_D32s_v5"),
                    BucketSpec(machineType: "Standard_D4s_v5", active: context.room(4)),
                    BucketSpec(machineType: "Standard_D64s_v5"),
                    BucketSpec(machineType: "Standard_D2s_v5"),
                ]),
            NodearraySpec(
                name: "himem", region: region, nodeRoom: context.room(120),
                coreRoom: context.room(2_600),
                buckets: [
                    BucketSpec(machineType: "Standard_E16s_v5", active: context.room(3)),
                    BucketSpec(machineType: "Standard_E32s_v5"),
                    BucketSpec(machineType: "Standard_E8s_v5"),
                    BucketSpec(machineType: "Standard_E64s_v5", lastCapacityFailure: 3_600),
                    BucketSpec(machineType: "Standard_E4s_v5"),
                ]),
            NodearraySpec(
                name: "htc-spot", region: region, spot: true, nodeRoom: context.room(300),
                coreRoom: context.room(3_600),
                buckets: [
                    BucketSpec(machineType: "Standard_F8s_v2"),
                    BucketSpec(machineType: "Standard_F16s_v2", active: context.room(10)),
                    BucketSpec(machineType: "Standard_D16s_v5"),
                ]),
        ]
        addJobs(&context)
        return spec
    }

    /// Forty job classes drawn from ten kinds of HTC work, in a queue order that mixes them.
    static func addJobs(_ context: inout FamilyContext) {
        for index in 0..<40 {
            let serial = String(index + 1)
            switch index % 10 {
            case 0:
                let vcpus = context.pick([1, 2], or: 1)
                context.tasks(
                    "sweep-\(serial)", count: context.jobs(context.int(40...200)),
                    tasks: context.pick([1, 4, 8, 16], or: 1), vcpus: vcpus,
                    memoryGB: Double(vcpus) * context.pick([1.5, 2], or: 2))
            case 1:
                context.tasks(
                    "montecarlo-\(serial)", count: context.jobs(context.int(10...60)),
                    priority: context.int(1...2), tasks: context.pick([16, 32, 64], or: 16),
                    vcpus: 1, memoryGB: 1.5)
            case 2:
                let vcpus = context.pick([4, 8], or: 4)
                context.tasks(
                    "compile-\(serial)", count: context.jobs(context.int(20...80)), priority: 2,
                    tasks: 1, vcpus: vcpus, memoryGB: Double(vcpus) * 2)
            case 3:
                let vcpus = context.pick([8, 16], or: 8)
                context.tasks(
                    "align-\(serial)", count: context.jobs(context.int(10...60)), priority: 2,
                    tasks: context.int(1...4), vcpus: vcpus, memoryGB: Double(vcpus) * 4)
            case 4:
                context.tasks(
                    "variant-call-\(serial)", count: context.jobs(context.int(20...90)),
                    tasks: context.int(1...8), vcpus: 4, memoryGB: 30)
            case 5:
                let vcpus = context.pick([8, 16], or: 8)
                context.tasks(
                    "assembly-\(serial)", count: context.jobs(context.int(2...12)), priority: 3,
                    tasks: 1, vcpus: vcpus, memoryGB: context.pick([120, 200, 250], or: 120))
            case 6:
                context.tasks(
                    "etl-\(serial)", count: context.jobs(context.int(30...120)),
                    tasks: context.int(1...8), vcpus: 2, memoryGB: 7)
            case 7:
                context.tasks(
                    "render-\(serial)", count: context.jobs(context.int(100...400)), tasks: 1,
                    vcpus: 4, memoryGB: 7, require: Requirements(spot: true))
            case 8:
                context.tasks(
                    "regression-\(serial)", count: context.jobs(context.int(5...20)),
                    priority: 2, tasks: context.pick([8, 16], or: 8), vcpus: 2, memoryGB: 3,
                    exclusive: true)
            default:
                let machine = context.pick(["Standard_F32s_v2", "Standard_D32s_v5"], or: "")
                context.nodes(
                    "benchmark-\(serial)", count: context.jobs(context.int(2...10)), priority: 3,
                    nodes: context.int(1...4), require: Requirements(machineTypes: [machine]))
            }
        }
    }
}

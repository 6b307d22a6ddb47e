/// Tightly coupled MPI work on InfiniBand sizes (HB120rs_v3, HB176rs_v4, HC44rs, HB120rs_v2):
/// colocated jobs of 2 to 128 nodes, and rank-counted jobs whose node count depends on the
/// machine type, against placement groups of 40, 64 and 100 nodes, some already partly full.
/// One bucket is held back by a recent capacity failure, and a 128-node job fits no
/// placement group at all, as happens when a user asks for more than the scale set allows.
enum MPIFamily {
    static let region = "southcentralus"

    static func build(_ context: inout FamilyContext) -> ClusterSpec {
        var spec = ClusterSpec(
            name: "mpi", nodeRoom: context.room(700), coreRoom: context.room(64_000))
        spec.regions = [
            RegionSpec(
                name: region, room: context.room(58_000), outside: context.room(12_000),
                spotRoom: context.room(1_000), spotOutside: 0)
        ]
        spec.familyQuotas = [
            FamilyQuotaSpec(
                region: region, family: "standardHBrsv3Family", room: context.room(26_400),
                outside: context.room(2_400)),
            FamilyQuotaSpec(
                region: region, family: "standardHBv4Family", room: context.room(14_080),
                outside: 0),
            FamilyQuotaSpec(
                region: region, family: "standardHCSFamily", room: context.room(3_960),
                outside: context.room(440)),
            FamilyQuotaSpec(
                region: region, family: "standardHBrsv2Family", room: context.room(7_200),
                outside: 0),
            FamilyQuotaSpec(
                region: region, family: "standardDSv5Family", room: context.room(1_600),
                outside: context.room(800)),
            FamilyQuotaSpec(
                region: region, family: "standardESv5Family", room: context.room(1_280),
                outside: 0),
        ]
        spec.nodearrays = [
            NodearraySpec(
                name: "hb3", region: region, maxScaleSetSize: 100, nodeRoom: context.room(260),
                buckets: [
                    BucketSpec(machineType: "Standard_HB120rs_v3", placementGroups: [72, 30]),
                    BucketSpec(machineType: "Standard_HB120-64rs_v3", placementGroups: [16]),
                ]),
            NodearraySpec(
                name: "hb4", region: region, maxScaleSetSize: 64, nodeRoom: context.room(110),
                buckets: [BucketSpec(machineType: "Standard_HB176rs_v4", placementGroups: [40])]
            ),
            NodearraySpec(
                name: "hc", region: region, maxScaleSetSize: 40, nodeRoom: context.room(100),
                buckets: [
                    BucketSpec(
                        machineType: "Standard_HC44rs", placementGroups: [35, 12],
                        terminating: 2)
                ]),
            NodearraySpec(
                name: "hb2", region: region, maxScaleSetSize: 100, nodeRoom: context.room(60),
                buckets: [
                    BucketSpec(machineType: "Standard_HB120rs_v2", lastCapacityFailure: 95)
                ]),
            NodearraySpec(
                name: "post", region: region, nodeRoom: context.room(80),
                buckets: [
                    BucketSpec(machineType: "Standard_D16s_v5", active: context.room(6)),
                    BucketSpec(machineType: "Standard_D32s_v5"),
                    BucketSpec(machineType: "Standard_E32s_v5"),
                ]),
        ]
        addJobs(&context)
        return spec
    }

    /// Which machine types a code was built for: any InfiniBand size, the AMD sizes, Genoa
    /// only, or the Intel size only.
    static let targets: [(label: String, require: Requirements)] = [
        ("ib", Requirements(infiniband: true)),
        ("amd", Requirements(machineTypes: ["Standard_HB120rs_v3", "Standard_HB120rs_v2"])),
        ("genoa", Requirements(machineTypes: ["Standard_HB176rs_v4"])),
        ("intel", Requirements(machineTypes: ["Standard_HC44rs"])),
    ]

    static func addJobs(_ context: inout FamilyContext) {
        let sizes = [2, 4, 4, 8, 8, 16, 16, 24, 32, 32, 48, 64, 96, 128]
        for (index, nodes) in sizes.enumerated() {
            let target = context.pick(targets, or: targets[0])
            let count = nodes >= 64 ? context.int(1...2) : context.int(2...12)
            context.nodes(
                "mpi-\(target.label)-\(nodes)n-\(index + 1)", count: context.jobs(count),
                priority: nodes * context.int(1...3), nodes: nodes, colocated: true,
                require: target.require)
        }
        for (index, ranks) in [480, 960, 960, 1920, 3840].enumerated() {
            context.tasks(
                "ranks-\(ranks)-\(index + 1)", count: context.jobs(context.int(2...8)),
                priority: ranks / 60, tasks: ranks, vcpus: 1,
                memoryGB: context.pick([2, 3.5], or: 2), colocated: true,
                require: Requirements(infiniband: true))
        }
        for index in 0..<6 {
            context.nodes(
                "ensemble-\(index + 1)", count: context.jobs(context.int(4...20)),
                priority: 2, nodes: context.pick([2, 4], or: 2),
                require: Requirements(nodearrays: ["hb3", "hb4"]))
        }
        for index in 0..<5 {
            context.tasks(
                "post-\(index + 1)", count: context.jobs(context.int(20...80)),
                tasks: context.int(1...4), vcpus: 8,
                memoryGB: context.pick([32, 64, 120], or: 32),
                require: Requirements(nodearrays: ["post"]))
        }
    }
}

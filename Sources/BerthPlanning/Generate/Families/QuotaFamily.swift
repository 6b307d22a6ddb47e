/// Quota contention: three VM families each serve both small jobs and colocated MPI jobs.
/// HBv3 quota is shared by an MPI nodearray (HB120rs_v3) and a serial nodearray of
/// constrained-core HB sizes; Fsv2 quota by HTC tasks and loosely coupled jobs on F72s_v2
/// placement groups; Dsv5 quota by general tasks and small colocated jobs. The small jobs
/// come first in the queue, as they do when a long queue of serial work is already waiting.
enum QuotaFamily {
    static let region = "westeurope"

    static func build(_ context: inout FamilyContext) -> ClusterSpec {
        var spec = ClusterSpec(
            name: "quota", nodeRoom: context.room(900), coreRoom: context.room(30_000))
        spec.regions = [
            RegionSpec(
                name: region, room: context.room(19_000), outside: context.room(5_000),
                spotRoom: 0, spotOutside: 0)
        ]
        spec.familyQuotas = [
            FamilyQuotaSpec(
                region: region, family: "standardHBrsv3Family", room: context.room(10_800),
                outside: context.room(1_200)),
            FamilyQuotaSpec(
                region: region, family: "standardFSv2Family", room: context.room(4_600),
                outside: context.room(700)),
            FamilyQuotaSpec(
                region: region, family: "standardDSv5Family", room: context.room(2_600),
                outside: context.room(1_000)),
        ]
        spec.nodearrays = [
            NodearraySpec(
                name: "hpc", region: region, maxScaleSetSize: 100, nodeRoom: context.room(300),
                buckets: [BucketSpec(machineType: "Standard_HB120rs_v3", placementGroups: [20])]
            ),
            NodearraySpec(
                name: "serial", region: region, nodeRoom: context.room(400),
                buckets: [
                    BucketSpec(machineType: "Standard_HB120-16rs_v3", active: context.room(10)),
                    BucketSpec(machineType: "Standard_HB120-32rs_v3", active: context.room(4)),
                ]),
            NodearraySpec(
                name: "htc", region: region, nodeRoom: context.room(500),
                buckets: [
                    BucketSpec(machineType: "Standard_F4s_v2", active: context.room(20)),
                    BucketSpec(machineType: "Standard_F16s_v2", active: context.room(10)),
                    BucketSpec(machineType: "Standard_F32s_v2"),
                ]),
            NodearraySpec(
                name: "tight", region: region, maxScaleSetSize: 100, nodeRoom: context.room(120),
                buckets: [BucketSpec(machineType: "Standard_F72s_v2", placementGroups: [10])]),
            NodearraySpec(
                name: "general", region: region, maxScaleSetSize: 50,
                nodeRoom: context.room(250),
                buckets: [
                    BucketSpec(machineType: "Standard_D16s_v5", active: context.room(8)),
                    BucketSpec(machineType: "Standard_D32s_v5"),
                ]),
        ]
        addJobs(&context)
        return spec
    }

    /// Per VM family, a run of small classes and then the MPI classes that need the same
    /// quota. MPI priorities are set so that an MPI job is worth more per vCPU of quota than
    /// the small jobs it competes with, as a site that funds its HPC cluster for MPI would
    /// set them.
    static func addJobs(_ context: inout FamilyContext) {
        for index in 0..<6 {
            context.tasks(
                "serial-\(index + 1)", count: context.jobs(context.int(30...90)), tasks: 1,
                vcpus: context.pick([8, 16, 32], or: 8),
                memoryGB: context.pick([32, 64, 100], or: 32),
                require: Requirements(nodearrays: ["serial"]))
        }
        for index in 0..<6 {
            context.tasks(
                "htc-\(index + 1)", count: context.jobs(context.int(60...200)),
                tasks: context.int(1...16), vcpus: context.pick([2, 4], or: 2),
                memoryGB: context.pick([4, 7], or: 4),
                require: Requirements(nodearrays: ["htc", "tight"]))
        }
        for index in 0..<4 {
            context.tasks(
                "general-\(index + 1)", count: context.jobs(context.int(40...120)),
                tasks: context.int(1...4), vcpus: 4, memoryGB: 14,
                require: Requirements(nodearrays: ["general"]))
        }
        for (index, nodes) in [8, 16, 16, 32, 48, 64].enumerated() {
            context.nodes(
                "mpi-hb-\(nodes)n-\(index + 1)", count: context.jobs(context.int(1...5)),
                priority: nodes * 20, nodes: nodes, colocated: true,
                require: Requirements(machineTypes: ["Standard_HB120rs_v3"]))
        }
        for (index, nodes) in [4, 8, 16, 32].enumerated() {
            context.nodes(
                "mpi-f72-\(nodes)n-\(index + 1)", count: context.jobs(context.int(2...6)),
                priority: nodes * 40, nodes: nodes, colocated: true,
                require: Requirements(nodearrays: ["tight"]))
        }
        for (index, nodes) in [4, 8, 12].enumerated() {
            context.nodes(
                "mpi-d-\(nodes)n-\(index + 1)", count: context.jobs(context.int(2...6)),
                priority: nodes * 12, nodes: nodes, colocated: true,
                require: Requirements(machineTypes: ["Standard_D32s_v5"]))
        }
    }
}

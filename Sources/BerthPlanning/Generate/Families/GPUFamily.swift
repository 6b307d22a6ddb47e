/// GPU work beside CPU work: multi-node training on ND A100 and H100 sizes in placement
/// groups, single- and multi-GPU fine-tuning and inference on NC A100 and T4 sizes, a spot
/// T4 nodearray, and CPU work. The GPU nodearrays come first in the status, and some CPU
/// classes name no requirement, so first-fit puts CPU tasks on GPU nodes and spends GPU
/// quota on them, a mistake sites make when a queue forgets its constraints.
enum GPUFamily {
    static let region = "eastus"

    static func build(_ context: inout FamilyContext) -> ClusterSpec {
        var spec = ClusterSpec(
            name: "gpu", nodeRoom: context.room(700), coreRoom: context.room(16_000))
        spec.regions = [
            RegionSpec(
                name: region, room: context.room(11_000), outside: context.room(4_000),
                spotRoom: context.room(640), spotOutside: context.room(160))
        ]
        spec.familyQuotas = [
            FamilyQuotaSpec(
                region: region, family: "standardNDASv4_A100Family",
                room: context.room(1_536), outside: 0),
            FamilyQuotaSpec(
                region: region, family: "standardNDSH100v5Family", room: context.room(768),
                outside: 0),
            FamilyQuotaSpec(
                region: region, family: "StandardNCADSA100v4Family", room: context.room(1_152),
                outside: context.room(96)),
            FamilyQuotaSpec(
                region: region, family: "Standard NCASv3_T4 Family", room: context.room(512),
                outside: context.room(64)),
            FamilyQuotaSpec(
                region: region, family: "standardDSv5Family", room: context.room(2_400),
                outside: context.room(1_200)),
            FamilyQuotaSpec(
                region: region, family: "standardFSv2Family", room: context.room(1_600),
                outside: context.room(300)),
        ]
        spec.nodearrays = [
            NodearraySpec(
                name: "train", region: region, maxScaleSetSize: 32, nodeRoom: context.room(40),
                buckets: [
                    BucketSpec(machineType: "Standard_ND96asr_v4", placementGroups: [12]),
                    BucketSpec(machineType: "Standard_ND96isr_H100_v5"),
                ]),
            NodearraySpec(
                name: "infer", region: region, nodeRoom: context.room(120),
                buckets: [
                    BucketSpec(machineType: "Standard_NC24ads_A100_v4", active: context.room(4)),
                    BucketSpec(machineType: "Standard_NC48ads_A100_v4"),
                    BucketSpec(machineType: "Standard_NC96ads_A100_v4"),
                    BucketSpec(machineType: "Standard_NC4as_T4_v3", active: context.room(6)),
                    BucketSpec(machineType: "Standard_NC16as_T4_v3"),
                    BucketSpec(machineType: "Standard_NC64as_T4_v3"),
                ]),
            NodearraySpec(
                name: "infer-spot", region: region, spot: true, nodeRoom: context.room(100),
                buckets: [
                    BucketSpec(machineType: "Standard_NC4as_T4_v3"),
                    BucketSpec(
                        machineType: "Standard_NC8as_T4_v3", active: context.room(4),
                        lastCapacityFailure: 1_800),
                ]),
            NodearraySpec(
                name: "cpu", region: region, nodeRoom: context.room(300),
                buckets: [
                    BucketSpec(machineType: "Standard_D8s_v5", active: context.room(10)),
                    BucketSpec(machineType: "Standard_D16s_v5"),
                    BucketSpec(machineType: "Standard_D32s_v5"),
                    BucketSpec(machineType: "Standard_F16s_v2"),
                    BucketSpec(machineType: "Standard_F32s_v2"),
                ]),
        ]
        addJobs(&context)
        return spec
    }

    static func addJobs(_ context: inout FamilyContext) {
        for (index, nodes) in [2, 2, 4, 4, 8, 16].enumerated() {
            let h100 = context.chance(0.3)
            context.nodes(
                "pretrain-\(nodes)n-\(index + 1)", count: context.jobs(context.int(1...4)),
                priority: nodes * 24, nodes: nodes, colocated: true,
                require: h100
                    ? Requirements(machineTypes: ["Standard_ND96isr_H100_v5"])
                    : Requirements(infiniband: true, minGpus: 8))
        }
        for index in 0..<6 {
            context.tasks(
                "finetune-\(index + 1)", count: context.jobs(context.int(6...30)), priority: 4,
                tasks: 1, vcpus: 24, memoryGB: context.pick([100, 200], or: 100), gpus: 1,
                require: Requirements(nodearrays: ["infer", "train"]))
        }
        for index in 0..<4 {
            context.tasks(
                "multi-gpu-\(index + 1)", count: context.jobs(context.int(3...12)), priority: 8,
                tasks: 1, vcpus: 48, memoryGB: 400, gpus: 4)
        }
        for index in 0..<8 {
            let spot = index % 2 == 0
            context.tasks(
                "infer-\(index + 1)", count: context.jobs(context.int(20...100)),
                tasks: context.int(1...4), vcpus: 4, memoryGB: 16, gpus: 1,
                require: spot ? Requirements(spot: true) : nil)
        }
        for index in 0..<8 {
            context.tasks(
                "preprocess-\(index + 1)", count: context.jobs(context.int(40...160)),
                tasks: context.int(1...16), vcpus: 4, memoryGB: 14)
        }
        for index in 0..<6 {
            context.tasks(
                "etl-\(index + 1)", count: context.jobs(context.int(30...120)),
                tasks: context.int(1...8), vcpus: 2, memoryGB: 7,
                require: Requirements(nodearrays: ["cpu"]))
        }
    }
}

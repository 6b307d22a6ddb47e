import BerthPlanning
import CycleCloudAPI
import Testing

@Suite struct UnplacedReasonTests {
    @Test(
        "each limit binds a plan in turn, and the reason names it with what is left and needed",
        arguments: BindingCase.all)
    func eachLimitBindsAPlan(_ example: BindingCase) throws {
        let plan = try planAndVerify(
            example.status,
            [nodeJob("fill", nodes: 1, count: 50, require: Requirements(nodearrays: ["htc"]))])
        #expect(plan.placedLines == ["fill \(example.nodes)/50"])
        let reason = try plan.reason("fill")
        #expect(reason.kind == .limitExhausted)
        #expect(reason.jobs == 50 - example.nodes)
        #expect(reason.limit == example.binding)
        #expect(reason.remaining == example.left)
        #expect(reason.needed == example.needed)
        #expect(reason.message.hasPrefix("\(example.binding) ran out: \(example.left) "))
    }

    @Test("no eligible bucket: the reason lists, per requirement, the buckets it excluded")
    func noEligibleBucket() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F4s_v2", available: 5),
                bucket("Standard_F8s_v2", available: 0).invalid("DisabledMachineType")),
            nodearray("hpc", bucket("Standard_HC44rs", available: 5)))
        let plan = try planAndVerify(
            status,
            [
                taskJob("gpu", tasks: 1, vcpus: 4, gpus: 1, count: 2),
                nodeJob("ib", nodes: 1, require: Requirements(infiniband: true, minGpus: 1)),
            ])
        let gpu = try plan.reason("gpu")
        #expect(gpu.kind == .noEligibleBucket && gpu.jobs == 2)
        #expect(gpu.excluded?.map(\.requirement) == ["task.gpus", "valid bucket"])
        #expect(
            gpu.excluded?.first?.buckets == [
                "htc/Standard_F4s_v2 (0 GPUs)", "htc/Standard_F8s_v2 (0 GPUs)",
                "hpc/Standard_HC44rs (0 GPUs)",
            ])
        #expect(gpu.excluded?.last?.buckets == ["htc/Standard_F8s_v2 (DisabledMachineType)"])
        #expect(
            gpu.message
                == "no bucket meets the job's requirements: task.gpus excludes 3, valid bucket excludes 1"
        )
        let ib = try plan.reason("ib")
        #expect(
            ib.excluded?.map(\.requirement) == [
                "require.infiniband", "require.minGpus", "valid bucket",
            ])
        #expect(
            ib.excluded?.first?.buckets == [
                "htc/Standard_F4s_v2 (no InfiniBand)", "htc/Standard_F8s_v2 (no InfiniBand)",
            ])
        #expect(plan.nodeGroups.isEmpty && plan.createRequests.isEmpty)
    }

    @Test("a limit shared by two nodearrays that runs out is named with what is left and needed")
    func sharedLimitExhausted() throws {
        let status = cluster(
            nodearray("a", bucket("Standard_F4s_v2", available: 50).familyQuota(60)),
            nodearray("b", bucket("Standard_F8s_v2", available: 50).familyQuota(60)))
        let plan = try planAndVerify(
            status,
            [
                nodeJob("first", nodes: 6, require: Requirements(nodearrays: ["a"])),
                nodeJob("second", nodes: 5, require: Requirements(nodearrays: ["b"])),
            ])
        #expect(plan.placedLines == ["first 1/1", "second 0/1"])
        let reason = try plan.reason("second")
        #expect(reason.kind == .limitExhausted)
        #expect(reason.limit == "family quota standardFSv2Family (eastus)")
        #expect(reason.remaining == 36 && reason.needed == 40)
        #expect(
            reason.message
                == "family quota standardFSv2Family (eastus) ran out: 36 vCPUs left, one more job "
                + "needs 40 (in b/Standard_F8s_v2, its closest fit)")
    }

    @Test("several short limits: the shared one is named first, the others listed")
    func severalShortLimits() throws {
        let status = cluster(
            nodearray("htc", maxCount: 4, bucket("Standard_F4s_v2", available: 4).familyQuota(16)))
        let plan = try planAndVerify(status, [nodeJob("n", nodes: 4, count: 2)])
        let reason = try plan.reason("n")
        #expect(reason.limit == "nodearray htc maxCount")
        #expect(
            reason.message.hasSuffix(
                "; also short: family quota standardFSv2Family (eastus), bucket "
                    + "htc/Standard_F4s_v2 availableCount"))
    }

    @Test("a colocated job kept out by the only bucket whose groups can hold it names that limit")
    func colocatedReasonIgnoresBucketsTooSmall() throws {
        // The F4 bucket has room, but its placement groups hold 4 nodes; the F8 bucket's hold
        // 10, but it has room for 5. The job is kept out by the F8 bucket's availableCount.
        let status = cluster(
            nodearray(
                "hpc", bucket("Standard_F4s_v2", available: 100).placementGroups(size: 4),
                bucket("Standard_F8s_v2", available: 5).placementGroups(size: 10)))
        let plan = try planAndVerify(status, [nodeJob("co", nodes: 8, colocated: true)])
        #expect(plan.placedLines == ["co 0/1"])
        let reason = try plan.reason("co")
        #expect(reason.kind == .limitExhausted, "\(reason.message)")
        #expect(reason.limit == "bucket hpc/Standard_F8s_v2 availableCount")
        #expect(reason.remaining == 5 && reason.needed == 8)
    }

    @Test(
        "a colocated task job too large for every bucket's placement groups is explained per bucket"
    )
    func colocatedTasksTooLargeEverywhere() throws {
        // Four tasks fit an F16 node and one an F4 node: the job needs 3 F16 nodes in a group
        // of 2, or 12 F4 nodes in a group of 5.
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F16s_v2", available: 50).placementGroups(size: 2),
                bucket("Standard_F4s_v2", available: 50).placementGroups(size: 5)))
        let plan = try planAndVerify(status, [taskJob("co", tasks: 12, vcpus: 4, colocated: true)])
        let reason = try plan.reason("co")
        #expect(reason.kind == .largerThanPlacementGroup, "\(reason.message)")
        #expect(
            reason.message
                == "in every eligible bucket a job needs more nodes than one placement group "
                + "holds: 3 > 2 in htc/Standard_F16s_v2, 12 > 5 in htc/Standard_F4s_v2")
    }

    @Test("a job that one bucket could still take, but first fit spread and missed, is displaced")
    func displaced() throws {
        // Ten vCPUs of regional quota: two F4 nodes (8) fit, but first fit takes one F8 node
        // (8) and then finds 2 vCPUs, no F4 node, left.
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F8s_v2", available: 5).regionalQuota(10),
                bucket("Standard_F4s_v2", available: 5).regionalQuota(10)))
        let plan = try planAndVerify(status, [nodeJob("pair", nodes: 2)])
        #expect(plan.placedLines == ["pair 0/1"])
        let reason = try plan.reason("pair")
        #expect(reason.kind == .displaced)
        #expect(reason.message.hasPrefix("room for one more job remains in htc/Standard_F4s_v2"))
        #expect(reason.limit == nil && reason.remaining == nil)
    }

    @Test("a recent capacity failure is named as the reason a job waits")
    func capacityFailureReason() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F4s_v2", available: 5).capacityFailure(secondsAgo: 42)))
        let plan = try planAndVerify(status, [nodeJob("n", nodes: 1)])
        #expect(
            try plan.reason("n").limit == "bucket htc/Standard_F4s_v2 capacity failure 42 s ago")
        let relaxed = try planAndVerify(
            status, [nodeJob("n", nodes: 1)], options: CapacityOptions(capacityFailureBackoff: 0))
        #expect(relaxed.placedLines == ["n 1/1"])
    }
}

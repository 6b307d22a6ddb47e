import BerthPlanning
import CycleCloudAPI
import Testing

@Suite struct GreedyPlannerTests {
    @Test("a node job spans buckets in status order, and a second that does not fit is left out")
    func nodeJobsSpanBuckets() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F4s_v2", available: 3),
                bucket("Standard_F8s_v2", available: 5)))
        let plan = try planAndVerify(status, [nodeJob("spread", nodes: 6, count: 2)])
        #expect(
            plan.groupLines == [
                "g1 htc/Standard_F4s_v2 x3: spread", "g2 htc/Standard_F8s_v2 x3: spread",
            ])
        #expect(plan.layoutLines("spread") == ["1 x [g1:3, g2:3]"])
        #expect(plan.placedLines == ["spread 1/2"])
        #expect(
            plan.objectiveLine == "1 jobs (weighted 1), 6 nodes, 36 vCPUs, 0 new placement groups")
        let reason = try plan.reason("spread")
        #expect(reason.kind == .limitExhausted && reason.jobs == 1)
        #expect(reason.limit == "bucket htc/Standard_F4s_v2 availableCount")
        #expect(reason.remaining == 0 && reason.needed == 6)
    }

    @Test("colocated node jobs take an existing placement group with room before a new one")
    func colocatedPrefersExistingGroups() throws {
        let status = cluster(
            nodearray(
                "hpc",
                bucket("Standard_HC44rs", available: 20, active: 12)
                    .placementGroups(size: 10, existing: [("pg-a", 8), ("pg-b", 4)])))
        let plan = try planAndVerify(status, [nodeJob("mpi", nodes: 4, count: 3, colocated: true)])
        // pg-a has room for 2, pg-b for 6: the first job goes to pg-b, the second opens a new
        // group, and the third joins the group the second opened.
        #expect(
            plan.groupLines == [
                "g1 hpc/Standard_HC44rs in pg-b x4: mpi",
                "g2 hpc/Standard_HC44rs in berth-Standard_HC44rs-1 (new) x8: mpi",
            ])
        #expect(plan.layoutLines("mpi") == ["1 x [g1:4]", "2 x [g2:4]"])
        #expect(plan.placedLines == ["mpi 3/3"])
        #expect(
            plan.objectiveLine == "3 jobs (weighted 3), 12 nodes, 528 vCPUs, 1 new placement groups"
        )
        #expect(
            plan.createRequests.flatMap(\.sets).map { "\($0.placementGroupId ?? "-") \($0.count)" }
                == ["pg-b 4", "berth-Standard_HC44rs-1 8"])
    }

    @Test("a new placement group is named so as not to clash with the nodearray's groups")
    func newGroupNames() throws {
        let status = cluster(
            nodearray(
                "hpc",
                bucket("Standard_HC44rs", available: 20, active: 10)
                    .placementGroups(size: 10, existing: [("berth-Standard_HC44rs-1", 10)])))
        let plan = try planAndVerify(status, [nodeJob("mpi", nodes: 6, count: 2, colocated: true)])
        #expect(
            plan.groupLines == [
                "g1 hpc/Standard_HC44rs in berth-Standard_HC44rs-2 (new) x6: mpi",
                "g2 hpc/Standard_HC44rs in berth-Standard_HC44rs-3 (new) x6: mpi",
            ])
    }

    @Test("a colocated job goes whole into the first bucket whose placement groups can hold it")
    func colocatedSkipsSmallGroups() throws {
        let status = cluster(
            nodearray(
                "hpc", bucket("Standard_F4s_v2", available: 100).placementGroups(size: 4),
                bucket("Standard_F8s_v2", available: 10).placementGroups(size: 10)))
        let plan = try planAndVerify(
            status, [nodeJob("co", nodes: 8, colocated: true), nodeJob("loose", nodes: 5)])
        #expect(
            plan.groupLines == [
                "g1 hpc/Standard_F4s_v2 x5: loose",
                "g2 hpc/Standard_F8s_v2 in berth-Standard_F8s_v2-1 (new) x8: co",
            ])
        #expect(plan.layoutLines("co") == ["1 x [g2:8]"])
        #expect(plan.layoutLines("loose") == ["1 x [g1:5]"])
    }

    @Test("a colocated job larger than any placement group is left out as such")
    func largerThanPlacementGroup() throws {
        let status = cluster(
            nodearray(
                "hpc",
                bucket("Standard_HC44rs", available: 100, active: 2)
                    .placementGroups(size: 10, existing: [("pg0", 2)])))
        let plan = try planAndVerify(
            status,
            [
                nodeJob("huge", nodes: 12, colocated: true),
                nodeJob("fits", nodes: 8, colocated: true),
            ])
        #expect(plan.placedLines == ["huge 0/1", "fits 1/1"])
        #expect(plan.groupLines == ["g1 hpc/Standard_HC44rs in pg0 x8: fits"])
        let reason = try plan.reason("huge")
        #expect(reason.kind == .largerThanPlacementGroup && reason.jobs == 1)
        #expect(
            reason.message == "a job needs 12 nodes in one placement group, and the largest "
                + "placement group of an eligible bucket holds 10")
        #expect(reason.limit == nil && reason.excluded == nil)
    }

    @Test("shared task jobs fill nodes already planned in the pass before adding nodes")
    func sharedTasksFillPlannedNodes() throws {
        let status = cluster(nodearray("htc", bucket("Standard_F16s_v2", available: 10)))
        let plan = try planAndVerify(
            status,
            [
                taskJob("a", tasks: 3, vcpus: 4, count: 3),
                taskJob("b", tasks: 3, vcpus: 4),
            ])
        // a1 opens node 1 (3 tasks); a2 puts 1 task there and opens node 2 (2 tasks); a3 puts
        // 2 there and opens node 3 (1 task); b puts its 3 on node 3.
        #expect(
            plan.groupLines == [
                "g1 htc/Standard_F16s_v2 x2: a*4", "g2 htc/Standard_F16s_v2 x1: a*1, b*3",
            ])
        #expect(plan.placedLines == ["a 3/3", "b 1/1"])
        #expect(plan.outcome("a")?.layouts == nil)
        #expect(
            plan.objectiveLine == "4 jobs (weighted 4), 3 nodes, 48 vCPUs, 0 new placement groups")
    }

    @Test(
        "shared tasks fill planned nodes of a later bucket before opening nodes in an earlier one")
    func sharedTasksFillPlannedNodesOfAnyBucket() throws {
        let status = cluster(
            nodearray(
                "htc", bucket("Standard_F16s_v2", available: 10),
                bucket("Standard_D16s_v5", available: 10)))
        let plan = try planAndVerify(
            status,
            [
                taskJob(
                    "d-only", tasks: 1, vcpus: 4,
                    require: Requirements(machineTypes: ["Standard_D16s_v5"])),
                taskJob("any", tasks: 3, vcpus: 4),
            ])
        #expect(plan.groupLines == ["g1 htc/Standard_D16s_v5 x1: d-only*1, any*3"])
        #expect(
            plan.objectiveLine == "2 jobs (weighted 2), 1 nodes, 16 vCPUs, 0 new placement groups")
    }

    @Test("tasks are packed by memory and GPUs as well as vCPUs")
    func packingByMemoryAndGpus() throws {
        let status = cluster(
            nodearray("htc", bucket("Standard_F16s_v2", available: 10)),
            nodearray("gpu", bucket("Standard_NC24ads_A100_v4", available: 4)))
        let plan = try planAndVerify(
            status,
            [
                taskJob("mem", tasks: 10, vcpus: 1, memoryGB: 8),
                taskJob("train", tasks: 3, vcpus: 2, gpus: 1),
            ])
        #expect(
            plan.groupLines == [
                "g1 htc/Standard_F16s_v2 x2: mem*4", "g2 htc/Standard_F16s_v2 x1: mem*2",
                "g3 gpu/Standard_NC24ads_A100_v4 x3: train*1",
            ])
    }

    @Test("exclusive task jobs get nodes of their own that no other job's tasks fill")
    func exclusiveTasks() throws {
        let status = cluster(nodearray("htc", bucket("Standard_F16s_v2", available: 10)))
        let plan = try planAndVerify(
            status,
            [
                taskJob("ex", tasks: 10, vcpus: 4, count: 2, exclusive: true),
                taskJob("sh", tasks: 1, vcpus: 4),
            ])
        #expect(
            plan.groupLines == [
                "g1 htc/Standard_F16s_v2 x4: ex*4", "g2 htc/Standard_F16s_v2 x2: ex*2",
                "g3 htc/Standard_F16s_v2 x1: sh*1",
            ])
        #expect(plan.layoutLines("ex") == ["2 x [g1:2, g2:1]"])
        #expect(plan.outcome("sh")?.layouts == nil)
    }

    @Test("a colocated task job has its own nodes in one placement group")
    func colocatedTasks() throws {
        let status = cluster(
            nodearray("hpc", bucket("Standard_HC44rs", available: 20).placementGroups(size: 10)))
        let plan = try planAndVerify(
            status,
            [
                taskJob("co", tasks: 100, vcpus: 4, colocated: true),
                taskJob("sh", tasks: 1, vcpus: 4),
                taskJob("too-big", tasks: 111, vcpus: 4, colocated: true),
            ])
        #expect(
            plan.groupLines == [
                "g1 hpc/Standard_HC44rs x1: sh*1",
                "g2 hpc/Standard_HC44rs in berth-Standard_HC44rs-1 (new) x9: co*11",
                "g3 hpc/Standard_HC44rs in berth-Standard_HC44rs-1 (new) x1: co*1",
            ])
        #expect(plan.layoutLines("co") == ["1 x [g2:9, g3:1]"])
        #expect(try plan.reason("too-big").kind == .largerThanPlacementGroup)
    }

    @Test("a job that does not fit is left out, its twins skipped, and the next class tried")
    func fileOrderFirstFit() throws {
        let status = cluster(nodearray("htc", bucket("Standard_F4s_v2", available: 5)))
        let plan = try planAndVerify(
            status,
            [
                nodeJob("big", nodes: 6), nodeJob("mid", nodes: 3, count: 2),
                nodeJob("small", nodes: 2),
            ])
        #expect(plan.placedLines == ["big 0/1", "mid 1/2", "small 1/1"])
        #expect(
            plan.groupLines == [
                "g1 htc/Standard_F4s_v2 x3: mid", "g2 htc/Standard_F4s_v2 x2: small",
            ])
        let big = try plan.reason("big")
        #expect(big.kind == .limitExhausted && big.remaining == 0 && big.needed == 6)
        let mid = try plan.reason("mid")
        #expect(mid.kind == .limitExhausted && mid.jobs == 1 && mid.needed == 3)
    }

    @Test("largest-first places the jobs with the most vCPUs first, then by priority")
    func largestFirst() throws {
        let status = cluster(nodearray("htc", bucket("Standard_F4s_v2", available: 6)))
        let jobs = [nodeJob("small", nodes: 1, count: 6), nodeJob("big", nodes: 6)]
        let fileOrder = try planAndVerify(status, jobs)
        #expect(fileOrder.planner == "greedy")
        #expect(fileOrder.placedLines == ["small 6/6", "big 0/1"])
        let largest = try planAndVerify(status, jobs, order: .largestFirst)
        #expect(largest.planner == "largest-first")
        #expect(largest.placedLines == ["small 0/6", "big 1/1"])
        #expect(largest.groupLines == ["g1 htc/Standard_F4s_v2 x6: big"])

        let tie = [nodeJob("plain", nodes: 3), nodeJob("urgent", nodes: 3, priority: 5)]
        let tied = try planAndVerify(
            cluster(nodearray("htc", bucket("Standard_F4s_v2", available: 3))), tie,
            order: .largestFirst)
        #expect(tied.placedLines == ["plain 0/1", "urgent 1/1"])
        #expect(tied.objective.weightedJobsPlaced == 5)
    }

    @Test("largest-first sizes a task job by its tasks' vCPUs")
    func largestFirstTaskSize() throws {
        let status = cluster(nodearray("htc", bucket("Standard_F16s_v2", available: 1)))
        // A job of 12 one-vCPU tasks (12 vCPUs) comes before a job of 2 four-vCPU tasks (8).
        let plan = try planAndVerify(
            status,
            [
                taskJob("pair", tasks: 2, vcpus: 4, exclusive: true),
                taskJob("dozen", tasks: 12, vcpus: 1, exclusive: true),
            ],
            order: .largestFirst)
        #expect(plan.placedLines == ["pair 0/1", "dozen 1/1"])
    }

    @Test("the plan lists every limit with its use before and after")
    func limitsBeforeAndAfter() throws {
        let status = cluster(
            maxCount: 50,
            nodearray(
                "htc", maxCount: 20,
                bucket("Standard_F4s_v2", available: 10, active: 2).familyQuota(100, used: 8)))
        let plan = try planAndVerify(status, [nodeJob("n", nodes: 3)])
        let lines = plan.limits.map {
            "\($0.name): \($0.usedBefore) -> \($0.usedAfter) of \($0.capacity)"
        }
        #expect(
            lines == [
                "cluster maxCount: 2 -> 5 of 50", "nodearray htc maxCount: 2 -> 5 of 20",
                "bucket htc/Standard_F4s_v2 availableCount: 0 -> 3 of 10",
                "family quota standardFSv2Family (eastus): 8 -> 20 of 100",
            ])
    }
}

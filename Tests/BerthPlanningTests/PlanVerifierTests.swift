import BerthPlanning
import CycleCloudAPI
import Testing

/// A sound plan broken in one way, and the violation the verifier must report.
struct BrokenPlan: Sendable, CustomTestStringConvertible {
    var name: String
    var violation: String
    var breakIt: @Sendable (inout Plan) -> Void

    var testDescription: String { name }

    /// `htc` has room for 4 F4 nodes, `htc2` for 10 D16 nodes, `hpc` for 20 HC44rs nodes in
    /// placement groups of 10.
    static let status = cluster(
        nodearray("htc", bucket("Standard_F4s_v2", available: 4)),
        nodearray("htc2", bucket("Standard_D16s_v5", available: 10)),
        nodearray("hpc", bucket("Standard_HC44rs", available: 20).placementGroups(size: 10)))

    /// Fills `htc`; four tasks on one D16 node; one colocated job of four HC44rs nodes.
    static let jobs = [
        nodeJob("fill", nodes: 1, count: 4, require: Requirements(nodearrays: ["htc"])),
        taskJob("sweep", tasks: 4, vcpus: 4, require: Requirements(nodearrays: ["htc2"])),
        nodeJob("mpi", nodes: 4, colocated: true, require: Requirements(nodearrays: ["hpc"])),
    ]

    static let all: [BrokenPlan] = [
        BrokenPlan(
            name: "one node too many in a full bucket",
            violation:
                "bucket htc/Standard_F4s_v2 availableCount: the plan takes 5 nodes, 4 are left"
        ) { $0.nodeGroups[0].count = 5 },
        BrokenPlan(
            name: "a colocated job split across two placement groups",
            violation: "job class mpi: a colocated job spans 2 placement groups"
        ) { plan in
            var second = plan.nodeGroups[2]
            second.id = "g4"
            second.count = 2
            second.placementGroup = "berth-Standard_HC44rs-2"
            plan.nodeGroups[2].count = 2
            plan.nodeGroups.append(second)
            plan.jobs[2].layouts?[0].nodes[0].nodes = 2
            if let share = plan.jobs[2].layouts?[0].nodes[0] {
                plan.jobs[2].layouts?[0].nodes.append(share)
                plan.jobs[2].layouts?[0].nodes[1].group = "g4"
            }
        },
        BrokenPlan(
            name: "a request that adds one node more than planned",
            violation: "create requests: 5 nodes of htc/Standard_F4s_v2/-, the plan has 4"
        ) { $0.createRequests[0].sets[0].count += 1 },
        BrokenPlan(
            name: "a node whose tasks need more vCPUs than it has",
            violation: "node group g2: tasks need 20 vCPUs, 0 MiB, 0 GPUs per node; a "
                + "Standard_D16s_v5 has 16, 65536, 0"
        ) { $0.nodeGroups[1].load[0].tasks = 5 },
        BrokenPlan(
            name: "a node job in a nodearray it does not allow",
            violation: "node group g1: job class fill requires nodearrays [\"htc\"]"
        ) { plan in
            plan.nodeGroups[0].nodearray = "htc2"
            plan.nodeGroups[0].machineType = "Standard_D16s_v5"
            plan.nodeGroups[0].bucketId = "htc2/Standard_D16s_v5"
        },
        BrokenPlan(
            name: "a bucket the snapshot lacks",
            violation: "node group g1: no bucket htc/Standard_F2s_v2 in the snapshot"
        ) { $0.nodeGroups[0].bucketId = "htc/Standard_F2s_v2" },
        BrokenPlan(
            name: "a bucket id that names another machine type",
            violation: "node group g1: bucket htc/Standard_F4s_v2 is htc/Standard_F4s_v2, not "
                + "htc/Standard_F8s_v2"
        ) { $0.nodeGroups[0].machineType = "Standard_F8s_v2" },
        BrokenPlan(
            name: "a colocated job's node shared with another job's tasks",
            violation: "node group g3: job class mpi must have its nodes to itself"
        ) { $0.nodeGroups[2].load.append($0.nodeGroups[1].load[0]) },
        BrokenPlan(
            name: "a job given fewer nodes than it needs",
            violation: "job class mpi: a job gets 3 nodes, needs 4"
        ) { $0.jobs[2].layouts?[0].nodes[0].nodes = 3 },
        BrokenPlan(
            name: "nodes of a dedicated group that no job takes",
            violation: "node group g1: jobs take 3 of its 4 nodes"
        ) { $0.jobs[0].layouts?[0].jobs = 3 },
        BrokenPlan(
            name: "more jobs placed than asked for", violation: "job class fill: 5 of 4 placed"
        ) { $0.jobs[0].placed = 5 },
        BrokenPlan(
            name: "shared tasks that do not add up to the jobs placed",
            violation: "job class sweep: nodes carry 3 tasks, 1 jobs need 4"
        ) { $0.nodeGroups[1].load[0].tasks = 3 },
        BrokenPlan(
            name: "a job class missing from the plan",
            violation: "job class sweep: missing from the plan"
        ) { $0.jobs.remove(at: 1) },
        BrokenPlan(
            name: "a job class the workload lacks",
            violation: "node group g1: unknown job class ghost"
        ) { $0.nodeGroups[0].load[0].jobClass = "ghost" },
        BrokenPlan(
            name: "a node job that carries tasks",
            violation: "node group g1: node job fill carries tasks"
        ) { $0.nodeGroups[0].load[0].tasks = 2 },
        BrokenPlan(
            name: "a node group that carries nothing",
            violation: "node group g1: the nodes carry nothing"
        ) { $0.nodeGroups[0].load = [] },
        BrokenPlan(name: "a node group of no nodes", violation: "node group g1: 0 nodes") {
            $0.nodeGroups[0].count = 0
        },
        BrokenPlan(
            name: "two node groups of one id", violation: "node group g1: the id is used twice"
        ) {
            $0.nodeGroups[1].id = "g1"
        },
        BrokenPlan(
            name: "a colocated job outside any placement group",
            violation: "job class mpi: colocated, but group g3 has no placement group"
        ) { plan in
            plan.nodeGroups[2].placementGroup = nil
            plan.nodeGroups[2].newPlacementGroup = nil
        },
        BrokenPlan(
            name: "an existing placement group that does not exist",
            violation: "node group g3: no existing placement group pg-ghost in its bucket"
        ) { plan in
            plan.nodeGroups[2].placementGroup = "pg-ghost"
            plan.nodeGroups[2].newPlacementGroup = false
        },
        BrokenPlan(
            name: "a new placement group beyond its size",
            violation: "placement group berth-Standard_HC44rs-1: 12 new nodes, room for 10"
        ) { plan in
            plan.nodeGroups[2].count = 12
            plan.jobs[2].layouts?[0].nodes[0].nodes = 12
        },
        BrokenPlan(
            name: "two requests of one id",
            violation: "create request 2: requestId"
        ) { plan in
            plan.createRequests.append(plan.createRequests[0])
        },
        BrokenPlan(name: "a request without an id", violation: "create request 1: no requestId") {
            $0.createRequests[0].requestId = nil
        },
        BrokenPlan(
            name: "a request above the maximum", violation: "create request 1: 9 nodes, more than 2"
        ) { $0.maxNodesPerRequest = 2 },
        BrokenPlan(
            name: "a set that names no machine type",
            violation: "create request 1: a set names no machine type"
        ) { $0.createRequests[0].sets[0].definition = nil },
        BrokenPlan(
            name: "a set of no nodes beside the sets that add up",
            violation: "create request 1: a set of 0 nodes"
        ) { plan in
            var empty = plan.createRequests[0].sets[0]
            empty.count = 0
            plan.createRequests[0].sets.append(empty)
        },
        BrokenPlan(
            name: "a negative set that cancels an extra one",
            violation: "create request 1: a set of -1 nodes"
        ) { plan in
            var extra = plan.createRequests[0].sets[0]
            extra.count = 1
            var negative = extra
            negative.count = -1
            plan.createRequests[0].sets += [extra, negative]
        },
        BrokenPlan(
            name: "a request with no sets", violation: "create request 2: no sets"
        ) { plan in
            plan.createRequests.append(
                NodeCreationRequest(requestId: "00000000-0000-0000-0000-000000000000", sets: []))
        },
        BrokenPlan(
            name: "an objective that overstates weighted jobs",
            violation: "objective: the plan states"
        ) { $0.objective.weightedJobsPlaced += 1 },
        BrokenPlan(
            name: "an objective that understates vCPUs", violation: "objective: the plan states"
        ) { $0.objective.newVcpus -= 1 },
        BrokenPlan(
            name: "an objective that hides a placement group",
            violation: "objective: the plan states"
        ) { $0.objective.newPlacementGroups = 0 },
        BrokenPlan(
            name: "an objective that miscounts nodes", violation: "objective: the plan states"
        ) { $0.objective.newNodes += 1 },
        BrokenPlan(
            name: "an objective that overstates unweighted jobs",
            violation: "objective: the plan states"
        ) { $0.objective.jobsPlaced += 1 },
    ]
}

@Suite struct PlanVerifierTests {
    func soundPlan() throws -> Plan {
        try planAndVerify(BrokenPlan.status, BrokenPlan.jobs)
    }

    @Test("the plan the broken ones start from is the one expected")
    func soundPlanIsAsExpected() throws {
        let plan = try soundPlan()
        #expect(
            plan.groupLines == [
                "g1 htc/Standard_F4s_v2 x4: fill", "g2 htc2/Standard_D16s_v5 x1: sweep*4",
                "g3 hpc/Standard_HC44rs in berth-Standard_HC44rs-1 (new) x4: mpi",
            ])
        #expect(plan.placedLines == ["fill 4/4", "sweep 1/1", "mpi 1/1"])
    }

    @Test("a broken plan fails verification, naming the rule it breaks", arguments: BrokenPlan.all)
    func brokenPlanFails(_ example: BrokenPlan) throws {
        var plan = try soundPlan()
        example.breakIt(&plan)
        let violations = try verify(
            plan, status: BrokenPlan.status, workload: workload(BrokenPlan.jobs))
        #expect(
            violations.contains { $0.hasPrefix(example.violation) },
            "expected \"\(example.violation)…\", found: \(violations)")
    }

    @Test("a plan made for one workload fails against another")
    func otherWorkload() throws {
        let plan = try soundPlan()
        var jobs = BrokenPlan.jobs
        jobs[1].count = 2
        let violations = try verify(plan, status: BrokenPlan.status, workload: workload(jobs))
        #expect(violations.isEmpty)
        jobs[0] = nodeJob("fill", nodes: 2, count: 4, require: Requirements(nodearrays: ["htc"]))
        let wrong = try verify(plan, status: BrokenPlan.status, workload: workload(jobs))
        #expect(wrong.contains("job class fill: a job gets 1 nodes, needs 2"))
    }

    @Test("a plan fails against a snapshot with less room than it was made for")
    func tighterSnapshot() throws {
        let plan = try soundPlan()
        var tighter = BrokenPlan.status
        tighter.nodearrays[0].buckets[0].availableCount = 3
        let violations = try verify(plan, status: tighter, workload: workload(BrokenPlan.jobs))
        #expect(
            violations == [
                "bucket htc/Standard_F4s_v2 availableCount: the plan takes 4 nodes, 3 are left"
            ])
    }
}

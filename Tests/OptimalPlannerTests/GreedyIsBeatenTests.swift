import BerthPlanning
import CycleCloudAPI
import Testing

/// Cases where the greedy autoscaler is provably beaten, each with its optimum worked out.
@Suite struct GreedyIsBeatenTests {
    static let hb = Fixture.Machine(name: "HB16", vcpus: 16, infiniband: true, family: "hbFamily")
    static let hbSmall = Fixture.Machine(
        name: "HB16s", vcpus: 16, infiniband: false, family: "hbFamily")
    static let d8 = Fixture.Machine(name: "D8", vcpus: 8, family: "dFamily")

    @Test("a small job that takes the family quota a later MPI job needed")
    func familyQuota() async throws {
        // The family quota holds 64 vCPUs: four 16-vCPU nodes. Greedy puts the small job on
        // the first bucket (the InfiniBand one, same family), so the 4-node MPI job no longer
        // fits. The optimum puts the MPI job on hpc (64 vCPUs) and the small job on a D8 of
        // another family: 2 jobs against greedy's 1.
        let input = try Fixture.input(
            [
                Fixture.nodearray(
                    "hpc",
                    [Fixture.bucket("hb", Self.hb, available: 10, familyQuota: 64)]),
                Fixture.nodearray(
                    "htc",
                    [
                        Fixture.bucket("hbs", Self.hbSmall, available: 10, familyQuota: 64),
                        Fixture.bucket("d8", Self.d8, available: 10, familyQuota: 800),
                    ]),
            ], machines: [Self.hb, Self.hbSmall, Self.d8],
            jobs: [
                JobClass(name: "small", shape: .nodes(1)),
                JobClass(
                    name: "mpi", shape: .nodes(4), colocated: true,
                    require: Requirements(infiniband: true)),
            ])
        let plans = await Plans(input)
        #expect(plans.greedy.objective.weightedJobsPlaced == 1)
        #expect(plans.optimal.objective.weightedJobsPlaced == 2)
        #expect(plans.optimal.solver?.status == "optimal")
        #expect(plans.optimal.solver?.bound == 2)
        let mpi = try #require(plans.optimal.jobs.first { $0.jobClass == "mpi" })
        #expect(mpi.placed == 1)
        let greedyMPI = try #require(plans.greedy.jobs.first { $0.jobClass == "mpi" })
        #expect(greedyMPI.unplaced.first?.limit == "family quota hbFamily (eastus)")
    }

    @Test("placement groups fragmented by arrival order")
    func fragmentedGroups() async throws {
        // Groups hold 10 nodes, the bucket 20. Greedy packs three 4-node jobs as {4, 4} and
        // {4}, then one 6-node job joins the second group and the other finds no room:
        // 3 × 1 + 1 × 2 = 5. The optimum pairs a 6 with a 4 in each group: 2 × 1 + 2 × 2 = 6,
        // and nothing better fits in 20 nodes (three 4s and two 6s need 24).
        let input = try Fixture.input(
            [
                Fixture.nodearray(
                    "hpc", [Fixture.bucket("hb", Self.hb, available: 20, groupSize: 10)])
            ], machines: [Self.hb],
            jobs: [
                JobClass(name: "four", count: 3, shape: .nodes(4), colocated: true),
                JobClass(name: "six", count: 2, priority: 2, shape: .nodes(6), colocated: true),
            ])
        let plans = await Plans(input)
        #expect(plans.greedy.objective.weightedJobsPlaced == 5)
        #expect(plans.optimal.objective.weightedJobsPlaced == 6)
        #expect(plans.optimal.solver?.status == "optimal")
        #expect(plans.optimal.objective.newPlacementGroups == 2)
        let groups = Set(plans.optimal.nodeGroups.compactMap(\.placementGroup))
        #expect(groups.count == 2)
    }

    @Test("tasks that pack better mixed")
    func mixedTasks() async throws {
        // Two nodes of 4 vCPUs and 16 GB. Greedy puts both 2-vCPU, 2-GB tasks on the first
        // node, and then only one 14-GB task fits the second: 3 jobs. Mixing one of each on
        // each node places all 4.
        let small = Fixture.Machine(name: "F4", vcpus: 4, memoryGB: 16, family: "fFamily")
        let input = try Fixture.input(
            [Fixture.nodearray("htc", [Fixture.bucket("f4", small, available: 2)])],
            machines: [small],
            jobs: [
                JobClass(
                    name: "cpu", count: 2,
                    shape: .tasks(count: 1, task: TaskShape(vcpus: 2, memoryGB: 2))),
                JobClass(
                    name: "mem", count: 2,
                    shape: .tasks(count: 1, task: TaskShape(vcpus: 2, memoryGB: 14))),
            ])
        let plans = await Plans(input)
        #expect(plans.greedy.objective.weightedJobsPlaced == 3)
        #expect(plans.optimal.objective.weightedJobsPlaced == 4)
        #expect(plans.optimal.solver?.status == "optimal")
        #expect(plans.optimal.nodeGroups.map(\.count) == [2])
    }

    @Test("a cluster core cap shared by two nodearrays")
    func clusterCoreCap() async throws {
        // The cluster may add 64 vCPUs. Greedy puts the four flexible jobs on nodearray a's
        // 16-vCPU nodes and uses the whole cap; the four jobs that need nodearray b are left.
        // The optimum puts all eight on b's 8-vCPU nodes: 64 vCPUs, 8 jobs.
        let big = Fixture.Machine(name: "D16", vcpus: 16, family: "dFamily")
        let input = try Fixture.input(
            [
                Fixture.nodearray("a", [Fixture.bucket("d16", big, available: 10)]),
                Fixture.nodearray("b", [Fixture.bucket("d8", Self.d8, available: 10)]),
            ], machines: [big, Self.d8],
            jobs: [
                JobClass(name: "flexible", count: 4, shape: .nodes(1)),
                JobClass(
                    name: "pinned", count: 4, shape: .nodes(1),
                    require: Requirements(nodearrays: ["b"])),
            ], maxCores: 64)
        let plans = await Plans(input)
        #expect(plans.greedy.objective.weightedJobsPlaced == 4)
        #expect(plans.optimal.objective.weightedJobsPlaced == 8)
        #expect(plans.optimal.objective.newVcpus == 64)
        #expect(plans.optimal.solver?.status == "optimal")
        let pinned = try #require(plans.greedy.jobs.first { $0.jobClass == "pinned" })
        #expect(pinned.unplaced.first?.limit == "cluster maxCoreCount")
    }

    @Test("when greedy is already optimal, the optimum says so and uses fewer vCPUs if it can")
    func greedyOptimal() async throws {
        let big = Fixture.Machine(name: "D16", vcpus: 16, family: "dFamily")
        let input = try Fixture.input(
            [
                Fixture.nodearray("a", [Fixture.bucket("d16", big, available: 10)]),
                Fixture.nodearray("b", [Fixture.bucket("d8", Self.d8, available: 10)]),
            ], machines: [big, Self.d8],
            jobs: [JobClass(name: "flexible", count: 3, shape: .nodes(1))])
        let plans = await Plans(input)
        #expect(plans.greedy.objective.weightedJobsPlaced == 3)
        #expect(plans.optimal.objective.weightedJobsPlaced == 3)
        #expect(plans.greedy.objective.newVcpus == 48)
        #expect(plans.optimal.objective.newVcpus == 24)
    }
}

@Suite struct PriceStageTests {
    @Test("with a price list, the second stage takes the cheaper of two equal machines")
    func cheaperMachine() async throws {
        let dear = Fixture.Machine(name: "Dear8", vcpus: 8, family: "famA")
        let cheap = Fixture.Machine(name: "Cheap8", vcpus: 8, family: "famB")
        let input = try Fixture.input(
            [
                Fixture.nodearray("a", [Fixture.bucket("dear", dear, available: 10)]),
                Fixture.nodearray("b", [Fixture.bucket("cheap", cheap, available: 10)]),
            ], machines: [dear, cheap],
            jobs: [JobClass(name: "work", count: 3, shape: .nodes(1))])
        var options = OptimalOptions()
        options.prices = PriceList(prices: ["Dear8": 1.0, "cheap8": 0.25])
        let plan = await OptimalPlanner.plan(input, options: options)
        #expect(plan.objective.weightedJobsPlaced == 3)
        #expect(plan.nodeGroups.map(\.machineType) == ["Cheap8"])
        let verifier = PlanVerifier(model: input.problem.model, workload: input.problem.workload)
        #expect(verifier.violations(of: plan).isEmpty)

        let greedy = HeuristicPlanner.plan(input, order: .fileOrder, maxNodesPerRequest: 500)
        #expect(greedy.nodeGroups.map(\.machineType) == ["Dear8"])
    }
}

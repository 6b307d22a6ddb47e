import BerthPlanning
import CycleCloudAPI
import Testing

/// The capacity model and plans of the CycleCloud API fixtures and of the bundled example,
/// read with the machine catalog that ships with Berth.
@Suite struct ReferenceFixtureTests {
    @Test(
        "the documentation's status: 3 Fs32_v2 nodes, 11 Hc44rs nodes bound by the nodearray's cores"
    )
    func documentationExample() throws {
        let (_, model) = try CapacityModel.load(
            path: apiFixture("docs-use-rest-api-cluster-status.json"), catalog: try bundledCatalog()
        )
        let fs32 = try model.room("ondemand", "Standard_Fs32_v2")
        #expect(fs32.nodes == 3)
        #expect(
            Set(fs32.binding) == [
                "bucket ondemand/Standard_Fs32_v2 availableCount",
                "family quota Standard_Fs32_v2 (region not given)",
            ])
        let hc44 = try model.room("ondemand", "Standard_Hc44rs")
        #expect(hc44.nodes == 11)
        #expect(
            Set(hc44.binding) == [
                "bucket ondemand/Standard_Hc44rs availableCount", "nodearray ondemand maxCoreCount",
            ])
        #expect(try model.bucket("ondemand", "Standard_Hc44rs").family == "standardHCSFamily")
        let quota = try model.limit(named: "family quota standardHCSFamily (region not given)")
        #expect(quota.capacity == 8800 && quota.used == 44)

        // The docs spell the F-series size Fs32_v2, which Azure does not: it is its own family.
        #expect(model.diagnostics.warnings.count == 1)
        #expect(
            model.diagnostics.warnings.first?.location
                == "$.nodearrays[0].buckets[0].definition.machineType")

        // Both buckets draw on the nodearray's 500 vCPUs: three Fs32_v2 nodes leave room for 9.
        let small = try model.bucket("ondemand", "Standard_Fs32_v2")
        var remaining = model.limits.map(\.remaining)
        for draw in small.draws { remaining[draw.limit] -= draw.units * 3 }
        let large = try model.bucket("ondemand", "Standard_Hc44rs")
        #expect(model.headroom(of: large.index, remaining: remaining).nodes == 9)
    }

    @Test("the documentation's status plans a mixed workload that the verifier accepts")
    func documentationExamplePlan() throws {
        let status = try JSONDocument.load(
            ClusterStatus.self, path: apiFixture("docs-use-rest-api-cluster-status.json"))
        let plan = try planAndVerify(
            status,
            [
                nodeJob("mpi", nodes: 8, colocated: true, require: Requirements(infiniband: true)),
                taskJob("sweep", tasks: 16, vcpus: 4, count: 4),
            ],
            catalog: try bundledCatalog())
        #expect(
            plan.groupLines == [
                "g1 ondemand/Standard_Fs32_v2 x3: sweep*8",
                "g2 ondemand/Standard_Hc44rs x1: sweep*8",
                "g3 ondemand/Standard_Hc44rs in berth-Standard_Hc44rs-1 (new) x8: mpi",
            ])
        #expect(plan.placedLines == ["mpi 1/1", "sweep 2/4"])
        // The second sweep job spans both buckets; the third finds 8 of the nodearray's 500
        // vCPUs left where two Hc44rs nodes need 88.
        let reason = try plan.reason("sweep")
        #expect(reason.kind == .limitExhausted && reason.limit == "nodearray ondemand maxCoreCount")
        #expect(reason.remaining == 8 && reason.needed == 88)
    }

    @Test("the synthetic status with node records: spot, capacity failure, invalid bucket")
    func syntheticStatus() throws {
        let path = apiFixture("synthetic-cluster-status-nodes-true.json")
        let (_, model) = try CapacityModel.load(path: path, catalog: try bundledCatalog())
        let hpc = try model.room("hpc", "Standard_HB120rs_v3")
        #expect(hpc.nodes == 6)
        #expect(
            Set(hpc.binding) == [
                "bucket hpc/Standard_HB120rs_v3 availableCount", "nodearray hpc maxCoreCount",
            ])
        // The scheduler, hpc-1, hpc-2 and htcspot-1 are in use: 4 nodes, 248 vCPUs.
        #expect(try model.limit(named: "cluster maxCount").used == 4)
        #expect(try model.limit(named: "cluster maxCoreCount").used == 248)
        #expect(
            model.placementGroups.map { "\($0.name) \($0.room)" } == ["Standard_HB120rs_v3_pg0 98"])
        #expect(try model.room("htcspot", "Standard_F4s_v2").nodes == 0)
        #expect(try model.room("htcspot", "Standard_D4s_v3").nodes == 0)
        #expect(
            try model.bucket("htcspot", "Standard_D4s_v3").invalidReason == "DisabledMachineType")

        let (_, relaxed) = try CapacityModel.load(
            path: path, catalog: try bundledCatalog(),
            options: CapacityOptions(capacityFailureBackoff: 0))
        let spot = try relaxed.room("htcspot", "Standard_F4s_v2")
        #expect(spot.nodes == 22)
        #expect(
            Set(spot.binding) == [
                "bucket htcspot/Standard_F4s_v2 availableCount", "spot quota (westus2)",
            ])
        #expect(relaxed.diagnostics.warnings.isEmpty)
    }

    @Test("the bundled example plans with both heuristics, and every plan passes the verifier")
    func bundledExample() throws {
        let catalog = try bundledCatalog()
        let directory = packageRoot.appendingPathComponent("datasets/examples/contention")
        let input = try PlanningInput.load(
            snapshot: directory.appendingPathComponent("snapshot.json").path,
            workload: directory.appendingPathComponent("workload.json").path, catalog: catalog)
        let greedy = try planAndVerify(input, catalog: catalog)
        let largest = try planAndVerify(input, order: .largestFirst, catalog: catalog)
        #expect(greedy.jobs.count == 9 && largest.jobs.count == 9)
        #expect(try greedy.reason("mpi-64").kind == .largerThanPlacementGroup)
        #expect(try greedy.reason("genome-bigmem").kind == .noEligibleBucket)
        #expect(largest.objective.weightedJobsPlaced >= greedy.objective.weightedJobsPlaced)
        let again = try planAndVerify(input, catalog: catalog)
        #expect(again == greedy)
    }
}

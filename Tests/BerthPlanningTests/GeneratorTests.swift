import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// The bundled machine catalog, found from this file so that the tests do not depend on the
/// working directory.
private let catalog: MachineCatalog = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../datasets/catalog/azure-vm-catalog.json").standardized.path
    return (try? MachineCatalog.load(path: path)) ?? MachineCatalog()
}()

private func generate(
    _ family: DatasetFamily, seed: UInt64 = 1, scale: Double = 1, nodeRecords: Bool = false
) throws -> GeneratedDataset {
    try DatasetGenerator.generate(
        family, options: GeneratorOptions(seed: seed, scale: scale, nodeRecords: nodeRecords),
        catalog: catalog)
}

private func input(_ dataset: GeneratedDataset) throws -> PlanningInput {
    let model = try CapacityModel(
        status: dataset.status, document: "snapshot.json", catalog: catalog)
    return try PlanningInput(
        status: dataset.status, model: model, workload: dataset.workload, snapshotDigest: "test")
}

@Suite struct GeneratorTests {
    @Test("the catalog the generator needs is found")
    func catalogIsFound() {
        #expect(catalog.count > 100)
    }

    @Test("SplitMix64 gives the published first output for seed 0")
    func splitMixReferenceValue() {
        var random = SplitMix64(seed: 0)
        #expect(random.next() == 0xE220_A839_7B1D_CDAF)
        #expect(random.next() == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test("the same seed gives byte-identical files", arguments: DatasetFamily.allCases)
    func sameSeedSameBytes(family: DatasetFamily) throws {
        let first = try generate(family, seed: 7, nodeRecords: true)
        let second = try generate(family, seed: 7, nodeRecords: true)
        #expect(first.snapshotJSON == second.snapshotJSON)
        #expect(first.workloadJSON == second.workloadJSON)
    }

    @Test("a different seed gives different files", arguments: DatasetFamily.allCases)
    func differentSeedDifferentBytes(family: DatasetFamily) throws {
        let first = try generate(family, seed: 1)
        let second = try generate(family, seed: 2)
        #expect(first.snapshotJSON != second.snapshotJSON)
        if family != .adversarial {
            #expect(first.workloadJSON != second.workloadJSON)
        }
    }

    @Test(
        "every family loads without warnings at every scale",
        arguments: DatasetFamily.allCases, [0.1, 1, 10])
    func loadsWithoutWarnings(family: DatasetFamily, scale: Double) throws {
        for nodeRecords in [false, true] {
            let dataset = try generate(family, scale: scale, nodeRecords: nodeRecords)
            let problem = try input(dataset).problem
            #expect(
                problem.model.diagnostics.warnings.isEmpty, "\(problem.model.diagnostics.warnings)")
            #expect(dataset.workload.jobCount > 0)
        }
    }

    @Test(
        "every bucket's availableCount agrees with the limits it shares",
        arguments: DatasetFamily.allCases)
    func availableCountsAgreeWithSharedLimits(family: DatasetFamily) throws {
        let dataset = try generate(family)
        let model = try input(dataset).problem.model
        let statuses = dataset.status.nodearrays.flatMap(\.buckets)
        for (bucket, status) in zip(model.buckets, statuses) {
            #expect(
                status.availableCoreCount == status.availableCount * status.virtualMachine.vcpuCount
            )
            #expect(status.availableCount <= status.maxCount - status.activeCount)
            guard bucket.isValid, status.lastCapacityFailure ?? -1 < 0 else { continue }
            #expect(
                model.headroom(of: bucket.index).nodes == status.availableCount,
                "\(bucket.nodearray)/\(bucket.machineType)")
        }
    }

    @Test("the large family at scale 1 has the headline size")
    func largeFamilyHasHeadlineSize() throws {
        let dataset = try generate(.large)
        #expect(dataset.bucketCount >= 50)
        #expect(dataset.workload.jobClasses.count >= 200)
        #expect(dataset.workload.jobCount >= 20_000)
        #expect(dataset.status.nodearrays.contains { $0.isInterruptible })
        #expect(Set(dataset.status.nodearrays.compactMap(\.region)).count >= 3)
    }

    @Test(
        "greedy and largest-first plans of every family pass the verifier",
        arguments: DatasetFamily.allCases)
    func heuristicPlansVerify(family: DatasetFamily) throws {
        let planning = try input(try generate(family))
        let verifier = PlanVerifier(
            model: planning.problem.model, workload: planning.problem.workload)
        for order in [GreedyPlanner.Order.fileOrder, .largestFirst] {
            let plan = HeuristicPlanner.plan(planning, order: order, maxNodesPerRequest: 500)
            #expect(
                verifier.violations(of: plan).isEmpty, "\(verifier.violations(of: plan).prefix(3))")
            #expect(plan.objective.weightedJobsPlaced > 0)
        }
    }

    @Test("the committed datasets are what the generator writes", arguments: DatasetFamily.allCases)
    func committedDatasetsMatchTheGenerator(family: DatasetFamily) throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../datasets/\(family.rawValue)").standardized
        let dataset = try generate(family)
        let snapshot = try Data(contentsOf: directory.appendingPathComponent("snapshot.json"))
        let workload = try Data(contentsOf: directory.appendingPathComponent("workload.json"))
        let command = "berth generate --family all --seed 1 --scale 1 --out datasets"
        #expect(snapshot == dataset.snapshotJSON, "regenerate with: \(command)")
        #expect(workload == dataset.workloadJSON, "regenerate with: \(command)")
    }

    @Test("a machine type missing from the catalog is an error that names it")
    func missingMachineTypeIsAnError() {
        #expect {
            try DatasetGenerator.generate(
                .htc, options: GeneratorOptions(), catalog: MachineCatalog())
        } throws: { error in
            (error as? GeneratorError)?.problem.contains("Standard_F16s_v2") == true
        }
    }

    @Test("a scale out of range is refused")
    func scaleOutOfRangeIsRefused() {
        #expect(throws: GeneratorError.self) {
            try DatasetGenerator.generate(
                .mpi, options: GeneratorOptions(scale: 0), catalog: catalog)
        }
    }
}

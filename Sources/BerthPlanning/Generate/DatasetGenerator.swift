import CycleCloudAPI
import Foundation

/// The kinds of dataset `berth generate` makes, each modelling one situation a planner
/// meets on real CycleCloud clusters.
public enum DatasetFamily: String, Sendable, Hashable, CaseIterable {
    /// High-throughput task mixes of many shapes on general-purpose machine types.
    case htc
    /// Tightly coupled (colocated) MPI jobs against placement-group limits on InfiniBand
    /// machine types, with partly full placement groups.
    case mpi
    /// Small jobs and MPI jobs competing for the same VM family's quota.
    case quota
    /// GPU training and inference beside CPU work that could land on GPU nodes.
    case gpu
    /// Arrival orders that mislead greedy first-fit placement.
    case adversarial
    /// A large mixed cluster over several regions: the headline benchmark.
    case large

    /// What the family models, in one line.
    public var summary: String {
        switch self {
        case .htc: return "HTC task mixes of many shapes on Fsv2, Dsv5 and Esv5 sizes"
        case .mpi: return "MPI jobs against placement-group limits on HB and HC sizes"
        case .quota: return "small jobs and MPI jobs competing for one VM family's quota"
        case .gpu: return "GPU training and inference beside CPU work"
        case .adversarial: return "arrival orders that mislead greedy first-fit placement"
        case .large: return "a large mixed cluster over three regions, with spot nodearrays"
        }
    }
}

/// How to generate a dataset.
public struct GeneratorOptions: Sendable, Hashable {
    /// The seed of every random choice; the same options give byte-identical files.
    public var seed: UInt64
    /// Multiplies job counts and the room of every limit (nodearray, cluster and quota);
    /// machine shapes, job shapes and placement-group sizes stay as they are.
    public var scale: Double
    /// For the large family: how many cells of five buckets and twenty job classes it has
    /// (10 gives the headline 50 buckets and 200 job classes).
    public var cells: Int
    /// Whether the snapshot carries node records (`nodes=true`) and `activeNodes`.
    public var nodeRecords: Bool

    /// The accepted range of `scale`.
    public static let scaleRange: ClosedRange<Double> = 0.01...100
    /// The accepted range of `cells`.
    public static let cellRange: ClosedRange<Int> = 1...1000

    /// Options with `seed` at `scale`; the large family with `cells` cells.
    public init(seed: UInt64 = 1, scale: Double = 1, cells: Int = 10, nodeRecords: Bool = false) {
        self.seed = seed
        self.scale = scale
        self.cells = cells
        self.nodeRecords = nodeRecords
    }
}

/// A generated snapshot and workload, as values and as the exact bytes of their files.
public struct GeneratedDataset: Sendable {
    /// The family.
    public var family: DatasetFamily
    /// The options it was made with.
    public var options: GeneratorOptions
    /// The snapshot.
    public var status: ClusterStatus
    /// The workload, read back from `workloadJSON`.
    public var workload: Workload
    /// The bytes of `snapshot.json`.
    public var snapshotJSON: Data
    /// The bytes of `workload.json`.
    public var workloadJSON: Data

    /// Buckets of the snapshot.
    public var bucketCount: Int { status.nodearrays.reduce(0) { $0 + $1.buckets.count } }

    /// Writes `DIRECTORY/snapshot.json` and `DIRECTORY/workload.json`, creating the
    /// directory when needed.
    ///
    /// - Throws: `GeneratorError` naming the directory when it cannot be written.
    public func write(to directory: String) throws(GeneratorError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: directory)
            try snapshotJSON.write(to: base.appendingPathComponent("snapshot.json"))
            try workloadJSON.write(to: base.appendingPathComponent("workload.json"))
        } catch {
            throw GeneratorError(subject: directory, problem: "cannot write the dataset: \(error)")
        }
    }
}

/// Generates the datasets of `DatasetFamily` deterministically: a seeded SplitMix64 stream
/// per family, machine types from the catalog, and every snapshot count derived from usage
/// and limits by the API's documented semantics.
public enum DatasetGenerator {
    /// Generates `family` with `options`, taking machine types from `catalog`.
    ///
    /// - Throws: `GeneratorError` for options out of range or a machine type the catalog
    ///   lacks.
    /// - Complexity: O(buckets + job classes + node records); job counts do not matter.
    public static func generate(
        _ family: DatasetFamily, options: GeneratorOptions, catalog: MachineCatalog
    ) throws(GeneratorError) -> GeneratedDataset {
        guard GeneratorOptions.scaleRange.contains(options.scale) else {
            throw GeneratorError(
                subject: family.rawValue,
                problem: "scale \(options.scale) is outside \(GeneratorOptions.scaleRange)")
        }
        guard GeneratorOptions.cellRange.contains(options.cells) else {
            throw GeneratorError(
                subject: family.rawValue,
                problem: "cells \(options.cells) is outside \(GeneratorOptions.cellRange)")
        }
        var context = FamilyContext(
            scale: options.scale, cells: options.cells,
            random: SplitMix64(seed: options.seed, stream: "workload/" + family.rawValue),
            catalog: catalog)
        let spec = build(family, &context)
        var identifiers = SplitMix64(seed: options.seed, stream: "ids/" + family.rawValue)
        let status = try SnapshotSynthesis(spec: spec, catalog: catalog, family: family.rawValue)
            .status(nodeRecords: options.nodeRecords, random: &identifiers)

        let snapshotJSON: Data
        let workloadJSON: Data
        do {
            snapshotJSON = try JSONDocument.encode(status) + Data("\n".utf8)
            workloadJSON =
                try JSONDocument.encode(Workload.File(jobs: context.jobs)) + Data("\n".utf8)
        } catch {
            throw GeneratorError(subject: family.rawValue, problem: "cannot encode: \(error)")
        }
        let workload: Workload
        do {
            workload = try Workload.decode(workloadJSON, document: "workload.json")
        } catch {
            throw GeneratorError(
                subject: family.rawValue, problem: "the generated workload does not load: \(error)")
        }
        return GeneratedDataset(
            family: family, options: options, status: status, workload: workload,
            snapshotJSON: snapshotJSON, workloadJSON: workloadJSON)
    }

    private static func build(_ family: DatasetFamily, _ context: inout FamilyContext)
        -> ClusterSpec
    {
        switch family {
        case .htc: return HTCFamily.build(&context)
        case .mpi: return MPIFamily.build(&context)
        case .quota: return QuotaFamily.build(&context)
        case .gpu: return GPUFamily.build(&context)
        case .adversarial: return AdversarialFamily.build(&context)
        case .large: return LargeFamily.build(&context)
        }
    }
}

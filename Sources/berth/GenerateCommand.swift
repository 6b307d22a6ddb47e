import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth generate`: writes a deterministic synthetic snapshot and workload.
enum GenerateCommand: Command {
    static let name = "generate"
    static let summary = "write a synthetic snapshot and workload of one dataset family"
    static let valueOptions: Set<String> = ["--family", "--seed", "--scale", "--out", "--cells"]
    static let help = """
        Usage: berth generate --family NAME --out DIR [--seed N] [--scale S] [--cells N]
                              [--node-records]

        Writes DIR/snapshot.json (a cluster status, every count derived from usage and
        limits as CycleCloud reports them) and DIR/workload.json (a workload mix). The same
        arguments always give byte-identical files. With --family all, writes one
        subdirectory of DIR per family.

        Families:
        \(familyList)

        Options:
          --seed N          the seed of every random choice (default 1)
          --scale S         multiply job counts and the room of every limit (default 1;
                            \(GeneratorOptions.scaleRange.lowerBound) to \
        \(GeneratorOptions.scaleRange.upperBound))
          --cells N         large only: cells of five buckets and twenty job classes
                            (default 10: 50 buckets, 200 classes, 20,000 jobs at scale 1)
          --node-records    include node records (nodes=true) and activeNodes
          --quiet           print nothing on standard error

        Exit codes: 0 written, 64 usage, 1 the files could not be written.
        """

    static var familyList: String {
        DatasetFamily.allCases.map {
            "  " + $0.rawValue.padding(toLength: 13, withPad: " ", startingAt: 0) + $0.summary
        }.joined(separator: "\n")
            + "\n  all          every family above, one subdirectory each"
    }

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let familyName = try arguments.required("--family")
        let out = try arguments.required("--out")
        let seed = try arguments.integer("--seed", in: 0...Int.max) ?? 1
        let scale =
            try arguments.number(
                "--scale", in: GeneratorOptions.scaleRange) ?? 1
        let cells = try arguments.integer("--cells", in: GeneratorOptions.cellRange)
        let nodeRecords = arguments.flag("--node-records")
        try arguments.checkAllUsed()

        let families: [DatasetFamily]
        if familyName == "all" {
            families = DatasetFamily.allCases
        } else if let family = DatasetFamily(rawValue: familyName) {
            families = [family]
        } else {
            throw UsageError(
                "unknown family '\(familyName)'; the families are "
                    + (DatasetFamily.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
        }
        if cells != nil, !families.contains(.large) {
            throw UsageError("--cells applies to the large family only")
        }

        let catalog = try MachineCatalog.bundled()
        guard catalog.count > 0 else {
            Console.error(
                "the bundled machine catalog (datasets/catalog/azure-vm-catalog.json) was not "
                    + "found; set BERTH_CATALOG to its path")
            return .unavailable
        }
        let options = GeneratorOptions(
            seed: UInt64(seed), scale: scale, cells: cells ?? 10, nodeRecords: nodeRecords)
        for family in families {
            let dataset = try DatasetGenerator.generate(family, options: options, catalog: catalog)
            let directory =
                families.count == 1
                ? out : URL(fileURLWithPath: out).appendingPathComponent(family.rawValue).path
            try dataset.write(to: directory)
            Console.note(
                "\(family.rawValue): wrote \(directory)/snapshot.json (\(dataset.bucketCount) "
                    + "buckets) and workload.json (\(dataset.workload.jobClasses.count) job "
                    + "classes, \(dataset.workload.jobCount) jobs)")
        }
        return .success
    }
}

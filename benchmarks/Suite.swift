import BerthPlanning
import CycleCloudAPI
import Foundation

/// One benchmark instance: a generated dataset, and the planners to measure on it.
struct Instance: Sendable {
    var family: DatasetFamily
    var scale: Double
    var cells = 10
    var seed: UInt64 = 1
    var planners: [PlannerVariant] = PlannerVariant.standard

    /// The scale as written in names and commands: `1`, `0.1`.
    var scaleText: String {
        scale == scale.rounded() ? String(Int(scale)) : String(scale)
    }

    /// `htc-s1`, `large-c100-s1`: the family, the cells for the large family, the scale.
    var name: String {
        let cellText = family == .large ? "-c\(cells)" : ""
        return "\(family.rawValue)\(cellText)-s\(scaleText)"
    }

    /// The `berth generate` command that writes the same files.
    var generateCommand: String {
        let cellText = family == .large && cells != 10 ? " --cells \(cells)" : ""
        return
            "berth generate --family \(family.rawValue) --seed \(seed) --scale \(scaleText)\(cellText)"
    }

    /// Generates the dataset into `directory/NAME` and returns that directory.
    func write(under directory: URL, catalog: MachineCatalog) throws -> (URL, GeneratedDataset) {
        let options = GeneratorOptions(seed: seed, scale: scale, cells: cells)
        let dataset = try DatasetGenerator.generate(family, options: options, catalog: catalog)
        let target = directory.appendingPathComponent(name)
        try dataset.write(to: target.path)
        return (target, dataset)
    }
}

/// A planner and the settings it is measured with.
struct PlannerVariant: Sendable, Hashable {
    /// `greedy`, `largest-first`, `optimal`, or `optimal-gap0.1%`.
    var label: String
    var kind: PlannerKind
    var relativeGap: Double = 0

    static let greedy = PlannerVariant(label: "greedy", kind: .greedy)
    static let largestFirst = PlannerVariant(label: "largest-first", kind: .largestFirst)
    static let optimal = PlannerVariant(label: "optimal", kind: .optimal)
    static let optimalGap = PlannerVariant(
        label: "optimal-gap0.1%", kind: .optimal, relativeGap: 0.001)
    static let standard: [PlannerVariant] = [.greedy, .largestFirst, .optimal]

    static func named(_ label: String) -> PlannerVariant? {
        [greedy, largestFirst, optimal, optimalGap].first { $0.label == label }
    }
}

/// The instance sets of each mode.
enum Suite {
    /// Every family small: a check that runs in well under a minute, in debug builds too.
    static let quick: [Instance] = [
        Instance(family: .htc, scale: 0.1),
        Instance(family: .mpi, scale: 0.1),
        Instance(family: .quota, scale: 0.1),
        Instance(family: .gpu, scale: 0.1),
        Instance(family: .adversarial, scale: 1),
        Instance(family: .large, scale: 0.1, cells: 2),
    ]

    /// Every family at scale 1, the committed datasets; the headline instance is also
    /// measured with a 0.1 % gap, the target's stopping rule.
    static let families: [Instance] = [
        Instance(family: .htc, scale: 1),
        Instance(family: .mpi, scale: 1),
        Instance(family: .quota, scale: 1),
        Instance(family: .gpu, scale: 1),
        Instance(family: .adversarial, scale: 1),
        Instance(family: .large, scale: 1, planners: PlannerVariant.standard + [.optimalGap]),
    ]

    /// Buckets, job classes and jobs all grow tenfold from one point to the next.
    static let breadth: [Instance] = [
        Instance(family: .large, scale: 1, cells: 1),
        Instance(family: .large, scale: 1, cells: 10),
        Instance(family: .large, scale: 1, cells: 100),
    ]

    /// Jobs and limits grow tenfold; buckets and job classes stay.
    static let depth: [Instance] = [
        Instance(family: .large, scale: 0.1, cells: 10),
        Instance(family: .large, scale: 1, cells: 10),
        Instance(family: .large, scale: 10, cells: 10),
    ]
}

import BerthSolver
import Foundation

/// Small models with known optima, and a seeded generator for harder ones.
enum TestModels {
    /// max 3x + 2y subject to 4x + 3y <= 10.5, x and y non-negative integers: optimum 7.
    static func twoVariable() throws -> MIPModel {
        var model = MIPModel(name: "two-variable")
        let x = try model.addVariable("x", kind: .integer, objective: 3)
        let y = try model.addVariable("y", kind: .integer, objective: 2)
        try model.addConstraint("capacity", terms: [(x, 4), (y, 3)], bounds: .atMost(10.5))
        model.objectiveSense = .maximize
        return model
    }

    /// A 0-1 knapsack with the given values and weights.
    static func knapsack(values: [Double], weights: [Double], capacity: Double) throws -> MIPModel {
        var model = MIPModel(name: "knapsack")
        var terms: [(MIPModel.Variable, Double)] = []
        for (index, (value, weight)) in zip(values, weights).enumerated() {
            let item = try model.addVariable(
                "item\(index)", kind: .integer, bounds: .between(0, 1), objective: value)
            terms.append((item, weight))
        }
        try model.addConstraint("capacity", terms: terms, bounds: .atMost(capacity))
        model.objectiveSense = .maximize
        return model
    }

    /// A random multi-dimensional 0-1 knapsack: `items` items, `dimensions` capacity rows,
    /// weights from 1 to 100, values correlated with the weights, capacities at half the
    /// total weight. Hard enough that GLPK does not prove it optimal in a fraction of a second.
    static func multidimensionalKnapsack(items: Int, dimensions: Int, seed: UInt64) throws
        -> MIPModel
    {
        var generator = SplitMix64(seed: seed)
        var model = MIPModel(name: "mkp-\(seed)")
        var weights: [[Double]] = []
        var variables: [MIPModel.Variable] = []
        for _ in 0..<dimensions {
            weights.append((0..<items).map { _ in Double(generator.next(in: 1...100)) })
        }
        for item in 0..<items {
            let total = (0..<dimensions).reduce(0) { $0 + weights[$1][item] }
            let value = total / Double(dimensions) + Double(generator.next(in: 1...20))
            variables.append(
                try model.addVariable(
                    "item\(item)", kind: .integer, bounds: .between(0, 1),
                    objective: value.rounded()))
        }
        for dimension in 0..<dimensions {
            let capacity = (weights[dimension].reduce(0, +) / 2).rounded(.down)
            try model.addConstraint(
                "capacity\(dimension)", terms: zip(variables, weights[dimension]),
                bounds: .atMost(capacity))
        }
        model.objectiveSense = .maximize
        return model
    }

    /// The best value of a 0-1 knapsack, by dynamic programming over whole weights.
    static func knapsackOptimum(values: [Double], weights: [Int], capacity: Int) -> Double {
        var best = [Double](repeating: 0, count: capacity + 1)
        for (value, weight) in zip(values, weights) where weight <= capacity {
            for room in stride(from: capacity, through: weight, by: -1) {
                best[room] = max(best[room], best[room - weight] + value)
            }
        }
        return best[capacity]
    }
}

/// A small, fast, seeded pseudo-random generator (SplitMix64), so test data is repeatable.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }
}

/// Runs `body` on one new OS thread and returns its result; the caller waits.
func onOneThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
    let box = ThreadResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.start()
    done.wait()
    return box.value!
}

/// Carries a value from a test thread to the thread waiting for it; the semaphore orders
/// the write before the read.
final class ThreadResultBox<T>: @unchecked Sendable {
    var value: T?
}

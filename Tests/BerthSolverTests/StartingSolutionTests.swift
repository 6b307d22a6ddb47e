import BerthSolver
import Synchronization
import Testing

@Suite struct StartingSolutionTests {
    /// A 30-item knapsack with its optimum known from dynamic programming.
    private static func hardKnapsack() throws -> (MIPModel, optimum: Double, [Double]) {
        var generator = SplitMix64(seed: 7)
        let weights = (0..<30).map { _ in generator.next(in: 20...60) }
        let values = weights.map { Double($0 + 10) }
        let capacity = weights.reduce(0, +) / 3
        let model = try TestModels.knapsack(
            values: values, weights: weights.map(Double.init), capacity: Double(capacity))
        let optimum = TestModels.knapsackOptimum(
            values: values, weights: weights, capacity: capacity)
        return (model, optimum, weights.map(Double.init))
    }

    @Test("starting from the optimum gives a result at least that good")
    func optimalStart() throws {
        let (model, optimum, _) = try Self.hardKnapsack()
        let reference = try MIPSolver.solve(model)
        let start = try #require(reference.solution)
        #expect(start.objectiveValue == optimum)

        var options = MIPOptions()
        options.start = start.values
        options.timeLimit = .seconds(10)
        let result = try MIPSolver.solve(model, options: options)
        #expect(result.status == .optimal)
        #expect(try #require(result.objectiveValue) >= optimum)
        #expect(result.bestBound >= optimum)
    }

    @Test("GLPK takes the start as its first incumbent, at the first heuristic call")
    func startReachesGLPK() throws {
        let model = try TestModels.multidimensionalKnapsack(items: 60, dimensions: 5, seed: 2)
        var start = [Double](repeating: 0, count: model.variableCount)
        start[0] = 1
        let lines = Mutex<[String]>([])
        var options = MIPOptions()
        options.start = start
        options.timeLimit = .seconds(10)
        options.logHandler = { line in lines.withLock { $0.append(line) } }
        let result = try MIPSolver.solve(model, options: options)
        let expected = "Solution found by heuristic: \(Int(model.objectiveValue(of: start)))"
        #expect(lines.withLock { $0.contains(expected) })
        #expect(try #require(result.objectiveValue) >= model.objectiveValue(of: start))
    }

    @Test("a feasible but poor start is improved, and the bound stays valid")
    func poorStart() throws {
        let (model, optimum, _) = try Self.hardKnapsack()
        var start = [Double](repeating: 0, count: model.variableCount)
        start[0] = 1
        var options = MIPOptions()
        options.start = start
        let result = try MIPSolver.solve(model, options: options)
        #expect(result.objectiveValue == optimum)
        #expect(result.bestBound >= optimum)
    }

    @Test("an infeasible start is rejected with the constraint it violates")
    func infeasibleStart() throws {
        let (model, _, _) = try Self.hardKnapsack()
        var options = MIPOptions()
        options.start = [Double](repeating: 1, count: model.variableCount)
        let error = try #require(throws: MIPError.self) {
            try MIPSolver.solve(model, options: options)
        }
        guard case .constraintViolated(let constraint, _, _) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(constraint == "capacity")
    }

    @Test("a start with a wrong length, a fractional integer or a value out of bounds is rejected")
    func malformedStarts() throws {
        let model = try TestModels.twoVariable()
        var options = MIPOptions()
        options.start = [1]
        #expect(throws: MIPError.valueCountMismatch(expected: 2, actual: 1)) {
            try MIPSolver.solve(model, options: options)
        }
        options.start = [0.5, 0]
        #expect(throws: MIPError.valueNotIntegral(variable: "x", value: 0.5)) {
            try MIPSolver.solve(model, options: options)
        }
        options.start = [-1, 0]
        #expect(throws: MIPError.valueOutOfBounds(variable: "x", value: -1, bounds: .nonNegative)) {
            try MIPSolver.solve(model, options: options)
        }
    }
}

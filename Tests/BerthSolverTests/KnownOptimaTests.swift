import BerthSolver
import Testing

@Suite struct KnownOptimaTests {
    @Test("the two-variable MIP max 3x + 2y with 4x + 3y <= 10.5 has optimum 7")
    func twoVariable() throws {
        let model = try TestModels.twoVariable()
        let result = try MIPSolver.solve(model)
        #expect(result.status == .optimal)
        #expect(result.stopReason == .finished)
        #expect(result.objectiveValue == 7)
        #expect(result.bestBound == 7)
        #expect(result.relativeGap == 0)
        let solution = try #require(result.solution)
        #expect(4 * solution.values[0] + 3 * solution.values[1] <= 10.5)
        #expect(solution.values.allSatisfy { $0 == $0.rounded() })
    }

    @Test("the same MIP is optimal at 7 without the presolver, after an explicit LP")
    func twoVariableWithoutPresolve() throws {
        var options = MIPOptions()
        options.presolve = false
        let result = try MIPSolver.solve(try TestModels.twoVariable(), options: options)
        #expect(result.status == .optimal)
        #expect(result.objectiveValue == 7)
        #expect(result.bestBound == 7)
    }

    @Test("a knapsack reaches the optimum that dynamic programming computes")
    func knapsack() throws {
        let values: [Double] = [60, 100, 120, 80, 30, 75, 45, 90]
        let weights = [10, 20, 30, 25, 5, 15, 12, 22]
        let model = try TestModels.knapsack(
            values: values, weights: weights.map(Double.init), capacity: 70)
        let result = try MIPSolver.solve(model)
        #expect(result.status == .optimal)
        #expect(
            result.objectiveValue
                == TestModels.knapsackOptimum(values: values, weights: weights, capacity: 70))
    }

    @Test(
        "a model whose rows cannot all hold is infeasible, with and without presolve",
        arguments: [true, false])
    func infeasible(presolve: Bool) throws {
        var model = MIPModel()
        let x = try model.addVariable("x", kind: .integer, bounds: .between(0, 10))
        let y = try model.addVariable("y", kind: .integer, bounds: .between(0, 10))
        try model.addConstraint("sum at least 15", terms: [(x, 1), (y, 1)], bounds: .atLeast(15))
        try model.addConstraint("sum at most 12", terms: [(x, 1), (y, 1)], bounds: .atMost(12))
        var options = MIPOptions()
        options.presolve = presolve
        let result = try MIPSolver.solve(model, options: options)
        #expect(result.status == .infeasible)
        #expect(result.solution == nil)
        #expect(result.bestBound == .infinity)
    }

    @Test("a MIP whose LP is feasible but has no integer point is infeasible")
    func integerInfeasible() throws {
        var model = MIPModel()
        let x = try model.addVariable("x", kind: .integer, bounds: .between(0, 10))
        try model.addConstraint("between integers", terms: [(x, 2)], bounds: .between(3, 3.5))
        let result = try MIPSolver.solve(model)
        #expect(result.status == .infeasible)
    }

    @Test(
        "a model that can grow without limit is unbounded, with and without presolve",
        arguments: [true, false])
    func unbounded(presolve: Bool) throws {
        var model = MIPModel()
        let x = try model.addVariable("x", kind: .integer, objective: 1)
        let y = try model.addVariable("y", kind: .integer, objective: 1)
        try model.addConstraint("difference", terms: [(x, 1), (y, -1)], bounds: .atMost(3))
        model.objectiveSense = .maximize
        var options = MIPOptions()
        options.presolve = presolve
        let result = try MIPSolver.solve(model, options: options)
        #expect(result.status == .unbounded)
        #expect(result.bestBound == .infinity)
    }

    @Test("an LP with continuous variables has its fractional optimum")
    func continuousLP() throws {
        // max x + y subject to x + 2y <= 4, 3x + y <= 6: optimum at x = 1.6, y = 1.2.
        var model = MIPModel()
        let x = try model.addVariable("x", objective: 1)
        let y = try model.addVariable("y", objective: 1)
        try model.addConstraint("first", terms: [(x, 1), (y, 2)], bounds: .atMost(4))
        try model.addConstraint("second", terms: [(x, 3), (y, 1)], bounds: .atMost(6))
        model.objectiveSense = .maximize
        let result = try MIPSolver.solve(model)
        #expect(result.status == .optimal)
        let solution = try #require(result.solution)
        #expect(abs(solution[x] - 1.6) < 1e-9)
        #expect(abs(solution[y] - 1.2) < 1e-9)
        #expect(abs(solution.objectiveValue - 2.8) < 1e-9)
    }

    @Test("equality rows, fixed variables, ranged rows and an objective constant all hold")
    func rowAndBoundKinds() throws {
        var model = MIPModel()
        let a = try model.addVariable("a", kind: .integer, bounds: .between(0, 20), objective: 2)
        let b = try model.addVariable("b", kind: .integer, bounds: .between(0, 20), objective: 3)
        let fixed = try model.addVariable("fixed", bounds: .exactly(2.5), objective: 4)
        let c = try model.addVariable("c", bounds: .between(0, 100), objective: 1)
        try model.addConstraint("equal", terms: [(a, 1), (b, 1)], bounds: .exactly(7))
        try model.addConstraint("ranged", terms: [(a, 1), (c, 1)], bounds: .between(5, 9))
        try model.addConstraint("with fixed", terms: [(fixed, 2), (c, 1)], bounds: .atLeast(6))
        try model.setObjectiveConstant(10)
        // Minimize 2a + 3b + 4·2.5 + c + 10 with a + b = 7: take a = 7, b = 0, then c >= 1.
        let result = try MIPSolver.solve(model)
        #expect(result.status == .optimal)
        let solution = try #require(result.solution)
        #expect(solution[a] == 7)
        #expect(solution[b] == 0)
        #expect(solution[fixed] == 2.5)
        #expect(abs(solution[c] - 1) < 1e-9)
        #expect(abs(solution.objectiveValue - 35) < 1e-9)
        #expect(result.bestBound == solution.objectiveValue)
    }

    @Test("a model without variables or constraints is optimal at its constant")
    func emptyModel() throws {
        var model = MIPModel()
        try model.setObjectiveConstant(4)
        let result = try MIPSolver.solve(model)
        #expect(result.status == .optimal)
        #expect(result.objectiveValue == 4)
    }

    @Test(
        "a model with bounds but no constraints sits at its bounds, with and without presolve",
        arguments: [true, false])
    func onlyBounds(presolve: Bool) throws {
        var model = MIPModel()
        let x = try model.addVariable("x", kind: .integer, bounds: .between(-3, 5), objective: 2)
        let y = try model.addVariable("y", bounds: .between(-1, 4), objective: -1)
        let ignored = try model.addConstraint("ignored", terms: [(x, 1), (y, 1)], bounds: .free)
        model.objectiveSense = .maximize
        var options = MIPOptions()
        options.presolve = presolve
        let result = try MIPSolver.solve(model, options: options)
        #expect(result.status == .optimal)
        #expect(result.solution?[x] == 5)
        #expect(result.solution?[y] == -1)
        #expect(result.objectiveValue == 11)
        #expect(model.bounds(of: ignored) == .free)
    }

    @Test("a lexicographic second stage keeps the first optimum and starts from it")
    func lexicographic() throws {
        // Stage 1: maximize items packed; stage 2: among those, minimize the weight used.
        var model = MIPModel()
        let weights: [Double] = [4, 3, 5, 2, 6]
        let items = try weights.indices.map { index in
            try model.addVariable("take\(index)", kind: .integer, bounds: .between(0, 1))
        }
        try model.addConstraint("capacity", terms: zip(items, weights), bounds: .atMost(10))
        try model.setObjective(.maximize, terms: items.map { ($0, 1.0) })
        let first = try MIPSolver.solve(model)
        let firstSolution = try #require(first.solution)
        #expect(firstSolution.objectiveValue == 3)

        var second = model
        try second.addObjectiveConstraint("items packed", bounds: .atLeast(3))
        try second.setObjective(.minimize, terms: zip(items, weights))
        var options = MIPOptions()
        options.start = firstSolution.values
        let result = try MIPSolver.solve(second, options: options)
        #expect(result.status == .optimal)
        #expect(result.objectiveValue == 9)
        #expect(model.constraintCount == 1)
    }
}

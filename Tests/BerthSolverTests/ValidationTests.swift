import BerthSolver
import Testing

@Suite struct ValidationTests {
    @Test("a variable from another, larger model is rejected as unknown")
    func unknownVariable() throws {
        var model = MIPModel()
        let x = try model.addVariable("x")
        let stranger = MIPModel.Variable(index: 5)
        #expect(throws: MIPError.unknownVariable(index: 5, variableCount: 1)) {
            try model.addConstraint("row", terms: [(x, 1), (stranger, 2)], bounds: .atMost(1))
        }
        #expect(throws: MIPError.unknownVariable(index: -1, variableCount: 1)) {
            try model.setObjectiveCoefficient(of: MIPModel.Variable(index: -1), to: 1)
        }
        #expect(model.constraintCount == 0)
    }

    @Test("a constraint index out of range is rejected as unknown")
    func unknownConstraint() throws {
        var model = MIPModel()
        let x = try model.addVariable("x")
        #expect(throws: MIPError.unknownConstraint(index: 0, constraintCount: 0)) {
            try model.setCoefficient(of: x, in: MIPModel.Constraint(index: 0), to: 1)
        }
    }

    @Test("a NaN or infinite coefficient names the variable, the constraint and the value")
    func invalidCoefficients() throws {
        var model = MIPModel()
        let x = try model.addVariable("cores")
        let error = try #require(throws: MIPError.self) {
            try model.addConstraint("limit", terms: [(x, .nan)], bounds: .atMost(1))
        }
        guard case .invalidCoefficient(let variable, let constraint, let value) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(variable == "cores")
        #expect(constraint == "limit")
        #expect(value.isNaN)
        #expect(
            throws: MIPError.invalidCoefficient(
                variable: "cores", constraint: nil, value: .infinity)
        ) {
            try model.setObjectiveCoefficient(of: x, to: .infinity)
        }
        #expect(
            throws: MIPError.invalidCoefficient(variable: "y", constraint: nil, value: -.infinity)
        ) {
            _ = try model.addVariable("y", objective: -.infinity)
        }
    }

    @Test("duplicate terms whose sum overflows are rejected")
    func overflowingSum() throws {
        var model = MIPModel()
        let x = try model.addVariable("x")
        #expect(
            throws: MIPError.invalidCoefficient(variable: "x", constraint: "big", value: .infinity)
        ) {
            try model.addConstraint(
                "big", terms: [(x, .greatestFiniteMagnitude), (x, .greatestFiniteMagnitude)],
                bounds: .atMost(1))
        }
    }

    @Test("crossed bounds are rejected for variables and constraints")
    func crossedBounds() throws {
        var model = MIPModel()
        #expect(throws: MIPError.invalidVariableBounds(variable: "x", bounds: .between(3, 2))) {
            _ = try model.addVariable("x", bounds: .between(3, 2))
        }
        let y = try model.addVariable("y")
        #expect(throws: MIPError.invalidConstraintBounds(constraint: "row", bounds: .between(1, 0)))
        {
            try model.addConstraint("row", terms: [(y, 1)], bounds: .between(1, 0))
        }
        #expect(throws: MIPError.self) {
            try model.setBounds(of: y, to: MIPModel.Bounds(lower: .infinity, upper: .infinity))
        }
        #expect(throws: MIPError.self) {
            try model.setBounds(of: y, to: MIPModel.Bounds(lower: .nan, upper: 1))
        }
        #expect(model.bounds(of: y) == .nonNegative)
    }

    @Test("a fractional bound on an integer variable is rejected, not rounded")
    func fractionalIntegerBounds() throws {
        var model = MIPModel()
        #expect(throws: MIPError.fractionalIntegerBound(variable: "nodes", bound: 2.5)) {
            _ = try model.addVariable("nodes", kind: .integer, bounds: .between(0, 2.5))
        }
        let z = try model.addVariable("z", bounds: .between(0.5, 4))
        #expect(throws: MIPError.fractionalIntegerBound(variable: "z", bound: 0.5)) {
            try model.setKind(of: z, to: .integer)
        }
        #expect(model.kind(of: z) == .continuous)
    }

    @Test("terms of the same variable are merged, and zero sums dropped")
    func mergingTerms() throws {
        var model = MIPModel()
        let x = try model.addVariable("x")
        let y = try model.addVariable("y")
        let row = try model.addConstraint(
            "row", terms: [(y, 1), (x, 2), (y, 3), (x, -2)], bounds: .atMost(4))
        #expect(model.terms(of: row).map(\.variable) == [y])
        #expect(model.coefficient(of: y, in: row) == 4)
        #expect(model.nonzeroCount == 1)
        try model.addTerm(x, coefficient: 1.5, to: row)
        try model.addTerm(y, coefficient: -4, to: row)
        #expect(model.terms(of: row).map(\.coefficient) == [1.5])
        #expect(model.nonzeroCount == 1)
    }

    @Test("a bad option is rejected before any solving")
    func badOptions() throws {
        let model = try TestModels.twoVariable()
        var options = MIPOptions()
        options.relativeGap = -1
        #expect(throws: MIPError.self) { try MIPSolver.solve(model, options: options) }
        options = MIPOptions()
        options.absoluteGap = .nan
        #expect(throws: MIPError.self) { try MIPSolver.solve(model, options: options) }
        options = MIPOptions()
        options.timeLimit = .seconds(-1)
        #expect(throws: MIPError.self) { try MIPSolver.solve(model, options: options) }
    }

    @Test("errors say what failed and what to do")
    func descriptions() {
        let error = MIPError.fractionalIntegerBound(variable: "nodes", bound: 2.5)
        #expect(error.description.contains("nodes"))
        #expect(error.description.contains("2.5"))
        #expect(error.description.contains("round"))
    }
}

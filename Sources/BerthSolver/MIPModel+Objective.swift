extension MIPModel {
    /// The coefficient of `variable` in the objective.
    ///
    /// `variable` must belong to this model; like an array subscript, this traps otherwise.
    public func objectiveCoefficient(of variable: Variable) -> Double {
        variableRecords[variable.index].objective
    }

    /// The non-zero objective terms, in the order of the variables.
    ///
    /// - Complexity: O(n) for n variables.
    public var objectiveTerms: [(variable: Variable, coefficient: Double)] {
        variableRecords.indices.compactMap { index in
            let coefficient = variableRecords[index].objective
            return coefficient == 0 ? nil : (Variable(index: index), coefficient)
        }
    }

    /// Sets the coefficient of `variable` in the objective.
    ///
    /// - Throws: An unknown variable or a NaN or infinite coefficient; the model is unchanged.
    /// - Complexity: O(1).
    public mutating func setObjectiveCoefficient(
        of variable: Variable, to coefficient: Double
    ) throws(MIPError) {
        try checkVariable(variable)
        guard coefficient.isFinite else {
            throw .invalidCoefficient(
                variable: variableRecords[variable.index].name, constraint: nil,
                value: coefficient)
        }
        variableRecords[variable.index].objective = coefficient
    }

    /// Sets the constant term of the objective.
    ///
    /// - Throws: ``MIPError/invalidObjectiveConstant(value:)`` for NaN or infinity.
    public mutating func setObjectiveConstant(_ constant: Double) throws(MIPError) {
        guard constant.isFinite else {
            throw .invalidObjectiveConstant(value: constant)
        }
        objectiveConstant = constant
    }

    /// Replaces the whole objective: its sense, its terms and its constant.
    ///
    /// Terms of the same variable are summed; variables without a term get coefficient 0.
    /// Use it between the stages of a lexicographic solve, after fixing the previous
    /// objective with ``addObjectiveConstraint(_:bounds:)``.
    ///
    /// - Throws: An unknown variable, or a coefficient or constant that is NaN or infinite;
    ///   the model is unchanged.
    /// - Complexity: O(n + k log k) for n variables and k terms.
    public mutating func setObjective(
        _ sense: ObjectiveSense, terms: some Sequence<(Variable, Double)>, constant: Double = 0
    ) throws(MIPError) {
        guard constant.isFinite else {
            throw .invalidObjectiveConstant(value: constant)
        }
        let row = try mergedRow(terms, constraintName: "objective")
        for index in variableRecords.indices {
            variableRecords[index].objective = 0
        }
        for (column, coefficient) in zip(row.columns, row.coefficients) {
            variableRecords[column].objective = coefficient
        }
        objectiveSense = sense
        objectiveConstant = constant
    }

    /// Adds a constraint that keeps the current objective's value within `bounds`.
    ///
    /// The row holds the objective's terms, and its bounds are shifted by the objective
    /// constant, so `bounds` apply to the objective's value itself. This is the step between
    /// the stages of a lexicographic solve: after maximizing, add `.atLeast(best)`, change the
    /// objective, and solve again with the previous solution as the start. With continuous
    /// variables in the objective, leave a little slack below `best`; with integer
    /// coefficients on integer variables the value is exact.
    ///
    /// - Throws: ``MIPError/invalidConstraintBounds(constraint:bounds:)``.
    /// - Complexity: O(n) for n variables.
    @discardableResult
    public mutating func addObjectiveConstraint(
        _ name: String, bounds: Bounds
    ) throws(MIPError) -> Constraint {
        guard bounds.isWellFormed else {
            throw .invalidConstraintBounds(constraint: name, bounds: bounds)
        }
        let shifted = Bounds(
            lower: bounds.lower - objectiveConstant, upper: bounds.upper - objectiveConstant)
        return try addConstraint(
            name, terms: objectiveTerms.lazy.map { ($0.variable, $0.coefficient) },
            bounds: shifted)
    }

    /// The objective's value for `values`, one per variable in order.
    ///
    /// `values.count` must equal ``variableCount``; like an array subscript, this traps
    /// otherwise.
    /// - Complexity: O(n) for n variables.
    public func objectiveValue(of values: [Double]) -> Double {
        precondition(values.count == variableRecords.count, "one value per variable")
        var sum = objectiveConstant
        for index in variableRecords.indices {
            sum += variableRecords[index].objective * values[index]
        }
        return sum
    }

    /// The values the objective can take, when that set is a lattice `offset + step × k`.
    ///
    /// That holds when every non-fixed variable with a non-zero objective coefficient is an
    /// integer variable with a whole-number coefficient: then `step` is the greatest common
    /// divisor of those coefficients, and `offset` collects the constant and the fixed
    /// variables. It is nil otherwise.
    var objectiveLattice: (step: Double, offset: Double)? {
        var offset = objectiveConstant
        var step: UInt64 = 0
        for record in variableRecords where record.objective != 0 {
            if record.bounds.isFixed {
                offset += record.objective * record.bounds.lower
                continue
            }
            let magnitude = abs(record.objective)
            guard record.kind == .integer, magnitude.rounded() == magnitude,
                magnitude <= 9_007_199_254_740_992
            else {
                return nil
            }
            step = Self.greatestCommonDivisor(step, UInt64(magnitude))
        }
        return step == 0 ? nil : (Double(step), offset)
    }

    /// Tightens a valid bound on the objective to the lattice of its possible values.
    ///
    /// A maximization bound is rounded down to the lattice and a minimization bound up, as
    /// GLPK does in its search. A bound within 0.001 steps of a lattice point is taken to be
    /// that point, because the LP that produced it has a tolerance; that rounds toward the
    /// weaker side, so the result stays valid.
    func latticeRounded(_ bound: Double) -> Double {
        guard bound.isFinite, let lattice = objectiveLattice else { return bound }
        let steps = (bound - lattice.offset) / lattice.step
        let slack = max(0.001, abs(steps) * 1e-9)
        switch objectiveSense {
        case .maximize:
            return lattice.offset + lattice.step * (steps + slack).rounded(.down)
        case .minimize:
            return lattice.offset + lattice.step * (steps - slack).rounded(.up)
        }
    }

    private static func greatestCommonDivisor(_ first: UInt64, _ second: UInt64) -> UInt64 {
        var (a, b) = (first, second)
        while b != 0 {
            (a, b) = (b, a % b)
        }
        return a
    }
}

extension MIPModel {
    /// The relative tolerance ``checkFeasibility(of:tolerance:)`` allows by default.
    ///
    /// A bound `b` may be crossed by `tolerance × max(1, |b|)`. It is looser than GLPK's own
    /// primal tolerance (1e-7 on the scaled problem), so that a solution GLPK returned passes
    /// when it is fed back as the start of a later solve.
    public static let defaultFeasibilityTolerance = 1e-6

    /// How far from a whole number an integer variable's value may be and still count as one.
    public static let integralityTolerance = 1e-9

    /// Checks that `values` (one per variable, in order) satisfy every bound, every
    /// integrality requirement and every constraint.
    ///
    /// - Throws: The first problem found: ``MIPError/valueCountMismatch(expected:actual:)``,
    ///   ``MIPError/valueNotFinite(variable:value:)``,
    ///   ``MIPError/valueNotIntegral(variable:value:)``,
    ///   ``MIPError/valueOutOfBounds(variable:value:bounds:)`` or
    ///   ``MIPError/constraintViolated(constraint:activity:bounds:)``.
    /// - Complexity: O(n + nonzeros).
    public func checkFeasibility(
        of values: [Double], tolerance: Double = defaultFeasibilityTolerance
    ) throws(MIPError) {
        _ = try feasibleValues(values, tolerance: tolerance)
    }

    /// Checks `values` like ``checkFeasibility(of:tolerance:)`` and returns them with the
    /// values of integer variables rounded to exact whole numbers, as GLPK requires.
    func feasibleValues(_ values: [Double], tolerance: Double) throws(MIPError) -> [Double] {
        guard values.count == variableRecords.count else {
            throw .valueCountMismatch(expected: variableRecords.count, actual: values.count)
        }

        var exact = values
        for (index, record) in variableRecords.enumerated() {
            let value = values[index]
            guard value.isFinite else {
                throw .valueNotFinite(variable: record.name, value: value)
            }
            if record.kind == .integer {
                let whole = value.rounded()
                guard abs(value - whole) <= Self.integralityTolerance else {
                    throw .valueNotIntegral(variable: record.name, value: value)
                }
                exact[index] = whole
            }
            guard record.bounds.contains(exact[index], tolerance: tolerance) else {
                throw .valueOutOfBounds(
                    variable: record.name, value: value, bounds: record.bounds)
            }
        }

        for record in constraintRecords {
            var activity = 0.0
            for (column, coefficient) in zip(record.columns, record.coefficients) {
                activity += coefficient * exact[column]
            }
            guard record.bounds.contains(activity, tolerance: tolerance) else {
                throw .constraintViolated(
                    constraint: record.name, activity: activity, bounds: record.bounds)
            }
        }
        return exact
    }
}

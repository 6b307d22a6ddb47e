extension MIPModel {
    /// Adds a variable and returns it.
    ///
    /// - Parameters:
    ///   - name: A name for error messages and exported files; it need not be unique or valid
    ///     for any file format (see ``write(lpTo:)`` for how it is adjusted there).
    ///   - kind: `.continuous` or `.integer`.
    ///   - bounds: The variable's interval; zero or more unless stated.
    ///   - objective: The variable's coefficient in the objective.
    /// - Throws: ``MIPError/invalidVariableBounds(variable:bounds:)``,
    ///   ``MIPError/fractionalIntegerBound(variable:bound:)`` or
    ///   ``MIPError/invalidCoefficient(variable:constraint:value:)``; the model is unchanged.
    /// - Complexity: Amortized O(1).
    public mutating func addVariable(
        _ name: String, kind: VariableKind = .continuous, bounds: Bounds = .nonNegative,
        objective: Double = 0
    ) throws(MIPError) -> Variable {
        try Self.checkVariableBounds(bounds, kind: kind, name: name)
        guard objective.isFinite else {
            throw .invalidCoefficient(variable: name, constraint: nil, value: objective)
        }
        variableRecords.append(
            VariableRecord(name: name, kind: kind, bounds: bounds, objective: objective))
        return Variable(index: variableRecords.count - 1)
    }

    /// Adds a constraint `bounds.lower <= Σ coefficient × variable <= bounds.upper`.
    ///
    /// Terms of the same variable are summed, and terms whose coefficient is (or sums to) zero
    /// are dropped, so the stored row has one entry per variable.
    ///
    /// - Throws: ``MIPError/unknownVariable(index:variableCount:)``,
    ///   ``MIPError/invalidCoefficient(variable:constraint:value:)`` or
    ///   ``MIPError/invalidConstraintBounds(constraint:bounds:)``; the model is unchanged.
    /// - Complexity: O(k log k) for k terms.
    @discardableResult
    public mutating func addConstraint(
        _ name: String, terms: some Sequence<(Variable, Double)>, bounds: Bounds
    ) throws(MIPError) -> Constraint {
        guard bounds.isWellFormed else {
            throw .invalidConstraintBounds(constraint: name, bounds: bounds)
        }
        let row = try mergedRow(terms, constraintName: name)
        constraintRecords.append(
            ConstraintRecord(
                name: name, bounds: bounds, columns: row.columns,
                coefficients: row.coefficients))
        nonzeroCount += row.columns.count
        return Constraint(index: constraintRecords.count - 1)
    }

    /// Adds `coefficient` to the coefficient of `variable` in `constraint`.
    ///
    /// If the sum is zero, the entry is removed.
    ///
    /// - Throws: An unknown variable or constraint, or a coefficient that is (or sums to)
    ///   NaN or infinite; the model is unchanged.
    /// - Complexity: O(k) for a row of k terms.
    public mutating func addTerm(
        _ variable: Variable, coefficient: Double, to constraint: Constraint
    ) throws(MIPError) {
        try checkVariable(variable)
        try checkConstraint(constraint)
        let current = self.coefficient(of: variable, in: constraint)
        try setCoefficient(of: variable, in: constraint, to: current + coefficient)
    }

    /// Sets the coefficient of `variable` in `constraint`, replacing any previous value.
    ///
    /// A coefficient of zero removes the entry.
    ///
    /// - Throws: An unknown variable or constraint, or a NaN or infinite coefficient; the
    ///   model is unchanged.
    /// - Complexity: O(k) for a row of k terms.
    public mutating func setCoefficient(
        of variable: Variable, in constraint: Constraint, to coefficient: Double
    ) throws(MIPError) {
        try checkVariable(variable)
        try checkConstraint(constraint)
        guard coefficient.isFinite else {
            throw .invalidCoefficient(
                variable: variableRecords[variable.index].name,
                constraint: constraintRecords[constraint.index].name, value: coefficient)
        }

        // A copy of the row held here would make the edits below copy the whole row.
        let (position, present) = location(of: variable, in: constraint)
        switch (present, coefficient == 0) {
        case (true, true):
            constraintRecords[constraint.index].columns.remove(at: position)
            constraintRecords[constraint.index].coefficients.remove(at: position)
            nonzeroCount -= 1
        case (true, false):
            constraintRecords[constraint.index].coefficients[position] = coefficient
        case (false, false):
            constraintRecords[constraint.index].columns.insert(variable.index, at: position)
            constraintRecords[constraint.index].coefficients.insert(coefficient, at: position)
            nonzeroCount += 1
        case (false, true):
            break
        }
    }

    /// Sets the bounds of `variable`.
    ///
    /// - Throws: An unknown variable, bounds that are not an interval, or a fractional bound
    ///   on an integer variable; the model is unchanged.
    /// - Complexity: O(1).
    public mutating func setBounds(of variable: Variable, to bounds: Bounds) throws(MIPError) {
        try checkVariable(variable)
        let record = variableRecords[variable.index]
        try Self.checkVariableBounds(bounds, kind: record.kind, name: record.name)
        variableRecords[variable.index].bounds = bounds
    }

    /// Makes `variable` continuous or integer.
    ///
    /// - Throws: An unknown variable, or ``MIPError/fractionalIntegerBound(variable:bound:)``
    ///   when making integer a variable whose bounds are fractional; the model is unchanged.
    /// - Complexity: O(1).
    public mutating func setKind(of variable: Variable, to kind: VariableKind) throws(MIPError) {
        try checkVariable(variable)
        let record = variableRecords[variable.index]
        try Self.checkVariableBounds(record.bounds, kind: kind, name: record.name)
        variableRecords[variable.index].kind = kind
    }

    /// Sets the bounds of `constraint`.
    ///
    /// - Throws: An unknown constraint or bounds that are not an interval; the model is
    ///   unchanged.
    /// - Complexity: O(1).
    public mutating func setBounds(of constraint: Constraint, to bounds: Bounds) throws(MIPError) {
        try checkConstraint(constraint)
        guard bounds.isWellFormed else {
            throw .invalidConstraintBounds(
                constraint: constraintRecords[constraint.index].name, bounds: bounds)
        }
        constraintRecords[constraint.index].bounds = bounds
    }

    /// Merges `terms` into one entry per variable, sorted by variable, without zeros.
    func mergedRow(
        _ terms: some Sequence<(Variable, Double)>, constraintName: String
    ) throws(MIPError) -> (columns: [Int], coefficients: [Double]) {
        var entries: [(column: Int, coefficient: Double)] = []
        entries.reserveCapacity(terms.underestimatedCount)
        for (variable, coefficient) in terms {
            try checkVariable(variable)
            guard coefficient.isFinite else {
                throw .invalidCoefficient(
                    variable: variableRecords[variable.index].name, constraint: constraintName,
                    value: coefficient)
            }
            entries.append((variable.index, coefficient))
        }
        entries.sort { $0.column < $1.column }

        var columns: [Int] = []
        var coefficients: [Double] = []
        columns.reserveCapacity(entries.count)
        coefficients.reserveCapacity(entries.count)
        var position = 0
        while position < entries.count {
            let column = entries[position].column
            var sum = 0.0
            while position < entries.count && entries[position].column == column {
                sum += entries[position].coefficient
                position += 1
            }
            guard sum.isFinite else {
                throw .invalidCoefficient(
                    variable: variableRecords[column].name, constraint: constraintName, value: sum)
            }
            if sum != 0 {
                columns.append(column)
                coefficients.append(sum)
            }
        }
        return (columns, coefficients)
    }

    /// Where `variable` is, or would go, in the row of `constraint`.
    func location(
        of variable: Variable, in constraint: Constraint
    ) -> (position: Int, present: Bool) {
        let columns = constraintRecords[constraint.index].columns
        let position = Self.insertionPoint(of: variable.index, in: columns)
        return (position, position < columns.count && columns[position] == variable.index)
    }

    func checkVariable(_ variable: Variable) throws(MIPError) {
        guard variableRecords.indices.contains(variable.index) else {
            throw .unknownVariable(index: variable.index, variableCount: variableRecords.count)
        }
    }

    func checkConstraint(_ constraint: Constraint) throws(MIPError) {
        guard constraintRecords.indices.contains(constraint.index) else {
            throw .unknownConstraint(
                index: constraint.index, constraintCount: constraintRecords.count)
        }
    }

    static func checkVariableBounds(
        _ bounds: Bounds, kind: VariableKind, name: String
    ) throws(MIPError) {
        guard bounds.isWellFormed else {
            throw .invalidVariableBounds(variable: name, bounds: bounds)
        }
        // GLPK rejects fractional bounds on integer columns (GLP_EBOUND) only once the search
        // starts; rejecting them here names the variable, and rounding silently could hide a
        // mistake in the caller's data.
        guard kind == .integer else { return }
        for bound in [bounds.lower, bounds.upper] where bound.isFinite && bound.rounded() != bound {
            throw .fractionalIntegerBound(variable: name, bound: bound)
        }
    }

    /// The first position in the sorted `columns` whose value is at least `column`.
    static func insertionPoint(of column: Int, in columns: [Int]) -> Int {
        var low = 0
        var high = columns.count
        while low < high {
            let middle = (low + high) / 2
            if columns[middle] < column {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}

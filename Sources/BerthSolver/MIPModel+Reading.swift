extension MIPModel {
    /// The name `variable` was given.
    ///
    /// `variable` must belong to this model; like an array subscript, this traps otherwise.
    public func name(of variable: Variable) -> String {
        variableRecords[variable.index].name
    }

    /// Whether `variable` is continuous or integer.
    ///
    /// `variable` must belong to this model; like an array subscript, this traps otherwise.
    public func kind(of variable: Variable) -> VariableKind {
        variableRecords[variable.index].kind
    }

    /// The bounds of `variable`.
    ///
    /// `variable` must belong to this model; like an array subscript, this traps otherwise.
    public func bounds(of variable: Variable) -> Bounds {
        variableRecords[variable.index].bounds
    }

    /// The name `constraint` was given.
    ///
    /// `constraint` must belong to this model; like an array subscript, this traps otherwise.
    public func name(of constraint: Constraint) -> String {
        constraintRecords[constraint.index].name
    }

    /// The bounds of `constraint`.
    ///
    /// `constraint` must belong to this model; like an array subscript, this traps otherwise.
    public func bounds(of constraint: Constraint) -> Bounds {
        constraintRecords[constraint.index].bounds
    }

    /// The non-zero terms of `constraint`, one per variable, in the order of the variables.
    ///
    /// `constraint` must belong to this model; like an array subscript, this traps otherwise.
    /// - Complexity: O(k) for a row of k terms.
    public func terms(of constraint: Constraint) -> [(variable: Variable, coefficient: Double)] {
        let record = constraintRecords[constraint.index]
        return zip(record.columns, record.coefficients).map { column, coefficient in
            (Variable(index: column), coefficient)
        }
    }

    /// The coefficient of `variable` in `constraint`, or 0 when it has none.
    ///
    /// Both must belong to this model; like an array subscript, this traps otherwise.
    /// - Complexity: O(log k) for a row of k terms.
    public func coefficient(of variable: Variable, in constraint: Constraint) -> Double {
        let (position, present) = location(of: variable, in: constraint)
        return present ? constraintRecords[constraint.index].coefficients[position] : 0
    }
}

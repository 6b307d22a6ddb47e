import Foundation

/// Why building, checking, solving or exporting a model failed.
///
/// Every case names what was wrong (the variable or constraint by the name the caller gave,
/// and the value), and ``description`` adds what to do about it. Bad arguments are caught in
/// Swift before GLPK sees them; GLPK's own fatal errors arrive as ``glpkFatalError``.
public enum MIPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A `Variable` whose index is not one of the model's variables.
    case unknownVariable(index: Int, variableCount: Int)

    /// A `Constraint` whose index is not one of the model's constraints.
    case unknownConstraint(index: Int, constraintCount: Int)

    /// A coefficient that is NaN or infinite, or became infinite when merged with another
    /// coefficient of the same variable; `constraint` is nil for an objective coefficient.
    case invalidCoefficient(variable: String, constraint: String?, value: Double)

    /// An objective constant that is NaN or infinite.
    case invalidObjectiveConstant(value: Double)

    /// Variable bounds that are NaN, crossed, or infinite on the wrong side.
    case invalidVariableBounds(variable: String, bounds: MIPModel.Bounds)

    /// A finite bound of an integer variable that is not a whole number.
    case fractionalIntegerBound(variable: String, bound: Double)

    /// Constraint bounds that are NaN, crossed, or infinite on the wrong side.
    case invalidConstraintBounds(constraint: String, bounds: MIPModel.Bounds)

    /// More variables, constraints or coefficients than GLPK's 32-bit indices can address.
    case modelTooLarge(what: String, count: Int, limit: Int)

    /// A solver option with a value it cannot take.
    case invalidOption(name: String, value: String, reason: String)

    /// A vector of values (such as a starting solution) whose length is not the number of
    /// variables.
    case valueCountMismatch(expected: Int, actual: Int)

    /// A value (of a starting solution, for example) that is NaN or infinite.
    case valueNotFinite(variable: String, value: Double)

    /// A value outside its variable's bounds.
    case valueOutOfBounds(variable: String, value: Double, bounds: MIPModel.Bounds)

    /// A value of an integer variable that is not a whole number.
    case valueNotIntegral(variable: String, value: Double)

    /// Values whose activity in a constraint lies outside the constraint's bounds.
    case constraintViolated(constraint: String, activity: Double, bounds: MIPModel.Bounds)

    /// GLPK raised a fatal error during `operation`; it was caught and GLPK's state on the
    /// solving thread was reset. `message` is GLPK's own text.
    case glpkFatalError(operation: String, message: String)

    /// A GLPK routine returned a failure code that leaves no usable answer.
    case solverFailure(operation: String, code: Int, meaning: String)

    /// Writing a model file failed.
    case exportFailure(path: String, reason: String)

    /// What failed, why, and what to do.
    public var description: String {
        switch self {
        case .unknownVariable(let index, let count):
            return "variable #\(index) is not in this model, which has \(count) variables; "
                + "use a Variable returned by this model's addVariable"
        case .unknownConstraint(let index, let count):
            return "constraint #\(index) is not in this model, which has \(count) constraints; "
                + "use a Constraint returned by this model's addConstraint"
        case .invalidCoefficient(let variable, let constraint, let value):
            let place = constraint.map { "constraint '\($0)'" } ?? "the objective"
            return "the coefficient of '\(variable)' in \(place) is \(value); coefficients "
                + "must be finite numbers, so check the data the coefficient was computed from"
        case .invalidObjectiveConstant(let value):
            return "the objective constant is \(value); it must be a finite number"
        case .invalidVariableBounds(let variable, let bounds):
            return "the bounds \(bounds) of variable '\(variable)' are not an interval; "
                + "give numbers with lower <= upper, lower < +infinity and upper > -infinity"
        case .fractionalIntegerBound(let variable, let bound):
            return "integer variable '\(variable)' has the fractional bound \(bound); round "
                + "it (down for an upper bound, up for a lower bound) before passing it"
        case .invalidConstraintBounds(let constraint, let bounds):
            return "the bounds \(bounds) of constraint '\(constraint)' are not an interval; "
                + "give numbers with lower <= upper, lower < +infinity and upper > -infinity"
        case .modelTooLarge(let what, let count, let limit):
            return "the model has \(count) \(what), more than GLPK's limit of \(limit); "
                + "aggregate the formulation"
        case .invalidOption(let name, let value, let reason):
            return "the solver option \(name) = \(value) is invalid: \(reason)"
        case .valueCountMismatch(let expected, let actual):
            return "\(actual) values were given for a model of \(expected) variables; give "
                + "exactly one value per variable, in the order of the variables"
        case .valueNotFinite(let variable, let value):
            return "the value of '\(variable)' is \(value); every value must be finite"
        case .valueOutOfBounds(let variable, let value, let bounds):
            return "the value \(value) of '\(variable)' is outside its bounds \(bounds); "
                + "the values are not a feasible solution"
        case .valueNotIntegral(let variable, let value):
            return "integer variable '\(variable)' has the fractional value \(value); "
                + "the values are not a feasible solution"
        case .constraintViolated(let constraint, let activity, let bounds):
            return "constraint '\(constraint)' evaluates to \(activity), outside its bounds "
                + "\(bounds); the values are not a feasible solution"
        case .glpkFatalError(let operation, let message):
            let text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            return "GLPK failed fatally during \(operation): \(text); the process is intact "
                + "and the solver can be used again, but this model may need checking"
        case .solverFailure(let operation, let code, let meaning):
            return "\(operation) failed with code \(code) (\(meaning)); the model may be "
                + "badly scaled, so check the range of its coefficients"
        case .exportFailure(let path, let reason):
            return "could not write the model to \(path): \(reason)"
        }
    }
}

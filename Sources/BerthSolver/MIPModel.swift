/// A mixed-integer linear program: variables, linear constraints and a linear objective.
///
/// Build a model by adding variables, then constraints over them, then objective terms:
///
///     var model = MIPModel()
///     let x = try model.addVariable("x", kind: .integer, objective: 3)
///     let y = try model.addVariable("y", kind: .integer, objective: 2)
///     try model.addConstraint("capacity", terms: [(x, 4), (y, 3)], bounds: .atMost(10.5))
///     model.objectiveSense = .maximize
///     let result = try MIPSolver.solve(model)
///
/// Every mutating method checks its arguments before it changes anything and throws a
/// ``MIPError`` naming the variable or constraint and the bad value, so a model is valid at
/// all times and GLPK never sees bad data.
///
/// The model is a value type: copy it, add a row such as "first objective ≥ its optimum",
/// change the objective and solve again with the previous solution as a start; the copies
/// share storage until one of them changes.
///
/// Coefficients are stored row by row, sorted by variable, with duplicates merged; a model of
/// 50,000 variables, 10,000 constraints and 500,000 nonzero coefficients builds in time
/// proportional to its size.
public struct MIPModel: Sendable {
    /// A variable of a model, identified by the order in which it was added.
    ///
    /// A variable is only meaningful for the model that created it (or a copy of that model).
    public struct Variable: Hashable, Comparable, Sendable, CustomStringConvertible {
        /// The variable's position, from 0, in the order the model's variables were added.
        public let index: Int

        /// Refers to the variable at `index` of a model; the model checks the index when used.
        public init(index: Int) {
            self.index = index
        }

        /// Orders variables by index.
        public static func < (lhs: Variable, rhs: Variable) -> Bool {
            lhs.index < rhs.index
        }

        /// `variable #index`.
        public var description: String {
            "variable #\(index)"
        }
    }

    /// A constraint (row) of a model, identified by the order in which it was added.
    ///
    /// A constraint is only meaningful for the model that created it (or a copy of that model).
    public struct Constraint: Hashable, Comparable, Sendable, CustomStringConvertible {
        /// The constraint's position, from 0, in the order the model's constraints were added.
        public let index: Int

        /// Refers to the constraint at `index` of a model; the model checks the index when used.
        public init(index: Int) {
            self.index = index
        }

        /// Orders constraints by index.
        public static func < (lhs: Constraint, rhs: Constraint) -> Bool {
            lhs.index < rhs.index
        }

        /// `constraint #index`.
        public var description: String {
            "constraint #\(index)"
        }
    }

    /// Whether a variable may take any real value within its bounds or only whole numbers.
    public enum VariableKind: Sendable, Hashable {
        /// Any real value within the bounds.
        case continuous
        /// Whole numbers only; the variable's finite bounds must be whole numbers too.
        case integer
    }

    /// Whether the objective is to be made as small or as large as possible.
    public enum ObjectiveSense: Sendable, Hashable {
        /// Make the objective as small as possible.
        case minimize
        /// Make the objective as large as possible.
        case maximize
    }

    struct VariableRecord: Sendable {
        var name: String
        var kind: VariableKind
        var bounds: Bounds
        var objective: Double
    }

    struct ConstraintRecord: Sendable {
        var name: String
        var bounds: Bounds
        /// Variable indices, strictly increasing.
        var columns: [Int]
        /// Non-zero coefficients, parallel to `columns`.
        var coefficients: [Double]
    }

    /// The model's name, written into exported files.
    public var name: String

    /// Whether the objective is minimized or maximized; `.minimize` for a new model.
    public var objectiveSense: ObjectiveSense = .minimize

    /// The constant term of the objective; 0 for a new model.
    public internal(set) var objectiveConstant: Double = 0

    /// The number of non-zero constraint coefficients, after merging duplicates.
    public internal(set) var nonzeroCount = 0

    var variableRecords: [VariableRecord] = []
    var constraintRecords: [ConstraintRecord] = []

    /// Creates an empty model to minimize, with no variables and no constraints.
    public init(name: String = "berth") {
        self.name = name
    }

    /// The number of variables (columns).
    public var variableCount: Int {
        variableRecords.count
    }

    /// The number of constraints (rows).
    public var constraintCount: Int {
        constraintRecords.count
    }

    /// All variables, in the order they were added.
    ///
    /// - Complexity: O(n) for n variables.
    public var variables: [Variable] {
        variableRecords.indices.map(Variable.init(index:))
    }

    /// All constraints, in the order they were added.
    ///
    /// - Complexity: O(m) for m constraints.
    public var constraints: [Constraint] {
        constraintRecords.indices.map(Constraint.init(index:))
    }
}

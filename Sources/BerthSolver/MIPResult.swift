/// What a solve found, and why it stopped.
public struct MIPResult: Sendable {
    /// The outcome of a solve.
    public enum Status: Sendable, Hashable {
        /// The solution is optimal: the best bound equals its objective.
        case optimal
        /// A solution was found, but the search stopped before proving it optimal.
        case feasible
        /// The model has no feasible solution.
        case infeasible
        /// The LP relaxation is unbounded in the objective's direction. With a feasible
        /// integer point the model itself is unbounded.
        ///
        /// Limitation: GLPK does not look for that integer point, so a model whose relaxation
        /// is unbounded but which has no integer solution is reported as unbounded too.
        case unbounded
        /// The search stopped (time limit or cancellation) before finding any solution.
        case noSolutionFound
    }

    /// Why the solve stopped.
    public enum StopReason: Sendable, Hashable {
        /// The search ran to its end.
        case finished
        /// ``MIPOptions/timeLimit`` was reached.
        case timeLimit
        /// ``MIPOptions/relativeGap`` was reached.
        case relativeGapReached
        /// ``MIPOptions/absoluteGap`` was reached.
        case absoluteGapReached
        /// The cancellation token was cancelled, or the task of an async solve was.
        case cancelled
    }

    /// The outcome.
    public var status: Status

    /// Why the solve stopped.
    public var stopReason: StopReason

    /// The best solution found, or nil when there is none.
    public var solution: MIPSolution?

    /// A bound no feasible solution can beat: an upper bound when maximizing, a lower bound
    /// when minimizing.
    ///
    /// It equals the objective when the status is optimal. Otherwise it is the best bound of
    /// the open branch-and-bound nodes, rounded to the objective's lattice when all objective
    /// coefficients are whole numbers on integer variables. It is `+infinity` (maximizing) or
    /// `-infinity` (minimizing) when nothing is known, and the opposite infinity when the
    /// model is infeasible.
    public var bestBound: Double

    /// `|bestBound - objective| / (|objective| + ε)` as GLPK defines it, or nil without a
    /// solution.
    public var relativeGap: Double?

    /// The wall-clock time of the whole solve.
    public var elapsed: Duration

    /// The number of branch-and-bound nodes GLPK created; 0 when the root settled it.
    public var nodeCount: Int

    /// Creates a result; the solver does this, and callers' tests may too.
    public init(
        status: Status, stopReason: StopReason, solution: MIPSolution?, bestBound: Double,
        relativeGap: Double?, elapsed: Duration, nodeCount: Int
    ) {
        self.status = status
        self.stopReason = stopReason
        self.solution = solution
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.elapsed = elapsed
        self.nodeCount = nodeCount
    }

    /// The objective of ``solution``, or nil without a solution.
    public var objectiveValue: Double? {
        solution?.objectiveValue
    }
}

/// The values of a model's variables in one solution, and its objective.
public struct MIPSolution: Sendable, Hashable {
    /// One value per variable, in order; integer variables have exactly whole values.
    public var values: [Double]

    /// The objective, recomputed in Swift from ``values``.
    public var objectiveValue: Double

    /// Creates a solution; the solver does this, and callers' tests may too.
    public init(values: [Double], objectiveValue: Double) {
        self.values = values
        self.objectiveValue = objectiveValue
    }

    /// The value of `variable`.
    ///
    /// `variable` must belong to the solved model; like an array subscript, this traps
    /// otherwise.
    public subscript(variable: MIPModel.Variable) -> Double {
        values[variable.index]
    }
}

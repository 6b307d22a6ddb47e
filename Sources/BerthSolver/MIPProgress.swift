/// A snapshot of a running branch-and-cut search, for progress reports.
public struct MIPProgress: Sendable, Hashable {
    /// The objective of the best solution found so far, or nil before the first one.
    ///
    /// This is GLPK's value, computed from its LP solution; the final result recomputes it
    /// from the rounded integer values, so it may differ in the last digits.
    public var incumbent: Double?

    /// The best bound known so far: no solution is better than this.
    ///
    /// An upper bound when maximizing, a lower bound when minimizing; infinite until the
    /// first LP relaxation is solved.
    public var bestBound: Double

    /// `|bestBound - incumbent| / (|incumbent| + ε)`, or nil without an incumbent.
    public var relativeGap: Double?

    /// The time since the solve started.
    public var elapsed: Duration

    /// The number of branch-and-bound nodes created so far.
    public var nodeCount: Int

    /// The number of nodes still waiting to be explored.
    public var activeNodeCount: Int

    /// Creates a snapshot; the solver does this, and tests may too.
    public init(
        incumbent: Double?, bestBound: Double, relativeGap: Double?, elapsed: Duration,
        nodeCount: Int, activeNodeCount: Int
    ) {
        self.incumbent = incumbent
        self.bestBound = bestBound
        self.relativeGap = relativeGap
        self.elapsed = elapsed
        self.nodeCount = nodeCount
        self.activeNodeCount = activeNodeCount
    }
}

/// How ``MIPSolver`` solves a model: limits, tolerances, a starting solution, reporting.
///
/// The defaults solve to proven optimality with no time limit, GMI and MIR cuts on, GLPK's
/// presolver on, and no output.
public struct MIPOptions: Sendable {
    /// Families of cutting planes GLPK may add during the search.
    public struct Cuts: OptionSet, Sendable, Hashable {
        /// The raw bits.
        public let rawValue: Int

        /// Creates a set from its raw bits.
        public init(rawValue: Int) {
            self.rawValue = rawValue
        }

        /// Gomory's mixed-integer cuts.
        public static let gomory = Cuts(rawValue: 1 << 0)
        /// Mixed-integer rounding cuts.
        public static let mixedIntegerRounding = Cuts(rawValue: 1 << 1)
        /// Mixed cover cuts; they help mainly on binary knapsack rows.
        public static let cover = Cuts(rawValue: 1 << 2)
        /// Clique cuts; they help mainly on binary conflict structure.
        public static let clique = Cuts(rawValue: 1 << 3)
        /// All four families.
        public static let all: Cuts = [.gomory, .mixedIntegerRounding, .cover, .clique]
    }

    /// How much GLPK reports through ``logHandler``.
    public enum MessageLevel: Sendable, Hashable {
        /// Nothing.
        case off
        /// Warnings and errors only.
        case errorsOnly
        /// GLPK's normal progress lines.
        case normal
        /// Everything GLPK prints, including details of each phase.
        case all
    }

    /// The longest the whole solve may take, in wall-clock time, or nil for no limit.
    ///
    /// The clock starts when the solve starts and covers building the problem, the LP
    /// relaxation and the search. The search checks it at every step and stops with the best
    /// solution so far; a single long LP solve can overrun it a little.
    public var timeLimit: Duration?

    /// Stop once `|bound - incumbent| / (|incumbent| + ε)` is at most this (GLPK's `mip_gap`);
    /// 0 to prove optimality.
    public var relativeGap: Double = 0

    /// Stop once `|bound - incumbent|` is less than this, or nil for no absolute test.
    ///
    /// With whole-number objective coefficients on integer variables, 1 means "stop when no
    /// better integer objective is possible".
    public var absoluteGap: Double?

    /// A token whose cancellation stops the search, keeping the best solution so far.
    public var cancellation: MIPCancellationToken?

    /// Called on the solving thread with a snapshot of the search, at most once per
    /// ``progressInterval``.
    ///
    /// The search waits while the handler runs, so keep it short; it must not call the
    /// solver.
    public var progressHandler: (@Sendable (MIPProgress) -> Void)?

    /// The shortest time between two calls of ``progressHandler``.
    public var progressInterval: Duration = .milliseconds(500)

    /// A feasible solution to start from: one value per variable, in order.
    ///
    /// The solver checks it against every bound and constraint first and throws if it is
    /// infeasible. GLPK receives it as its first incumbent, so the result is never worse than
    /// the start; if GLPK finds nothing better in time, the start itself is returned. A start
    /// turns GLPK's presolver off, because the presolved problem has different columns.
    public var start: [Double]?

    /// The cut families to use; GMI and MIR by default.
    public var cuts: Cuts = [.gomory, .mixedIntegerRounding]

    /// Whether GLPK's MIP presolver runs; ignored (off) when ``start`` is set.
    public var presolve = true

    /// How much of GLPK's output reaches ``logHandler``.
    public var messageLevel: MessageLevel = .normal

    /// Receives GLPK's output line by line, on the solving thread; nil to discard it.
    ///
    /// Nothing ever goes to stdout or stderr.
    public var logHandler: (@Sendable (String) -> Void)?

    /// Default options: no limits, prove optimality, GMI and MIR cuts, presolve, no output.
    public init() {}
}

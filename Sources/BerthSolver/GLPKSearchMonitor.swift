internal import CGLPK

/// What the branch-and-cut callback knows and decides: stopping, progress, the start.
///
/// GLPK calls ``handle(_:)`` many times per node, on the solving thread, so the object must
/// stay on that thread and the checks stay cheap. The bound it keeps only ever tightens:
/// every bound seen during a search stays valid, so the tightest one is kept.
///
/// The callback calls only GLPK routines that cannot fail with the arguments it passes:
/// a fatal error here would longjmp across Swift frames.
final class GLPKSearchMonitor {
    struct Snapshot {
        var incumbent: Double?
        var bound: Double
        var activeNodeCount: Int
    }

    private let sense: MIPModel.ObjectiveSense
    private let began: ContinuousClock.Instant
    private let deadline: ContinuousClock.Instant?
    private let cancellations: [MIPCancellationToken]
    private let absoluteGap: Double?
    private let progressHandler: (@Sendable (MIPProgress) -> Void)?
    private let progressInterval: Duration
    /// The start in GLPK's 1-based layout, until it is offered.
    private var start: [Double]?
    private var lastProgress: ContinuousClock.Instant?

    /// The tightest valid bound seen so far, infinite when none is known.
    private(set) var bestBound: Double
    /// The number of nodes GLPK had created when last observed.
    private(set) var nodeCount = 0
    /// Why the callback asked GLPK to stop, if it did.
    private(set) var stopReason: MIPResult.StopReason?

    init(
        sense: MIPModel.ObjectiveSense, began: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant?, cancellations: [MIPCancellationToken],
        options: MIPOptions, start: [Double]?
    ) {
        self.sense = sense
        self.began = began
        self.deadline = deadline
        self.cancellations = cancellations
        self.absoluteGap = options.absoluteGap
        self.progressHandler = options.progressHandler
        self.progressInterval = options.progressInterval
        self.start = start.map { [0] + $0 }
        self.bestBound = sense == .maximize ? .infinity : -.infinity
    }

    /// Whether a cancellation token has been cancelled.
    var isCancelled: Bool {
        cancellations.contains { $0.isCancelled }
    }

    /// Whether the deadline has passed at `instant`.
    func isPastDeadline(at instant: ContinuousClock.Instant = .now) -> Bool {
        deadline.map { instant >= $0 } ?? false
    }

    /// The milliseconds left before the deadline, as GLPK's `tm_lim` wants them.
    var remainingMilliseconds: Int32 {
        guard let deadline else { return Int32.max }
        let left = ContinuousClock.now.duration(to: deadline)
        let milliseconds =
            left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }

    /// Takes a valid bound into account, keeping the tighter one.
    func tighten(with bound: Double) {
        switch sense {
        case .maximize:
            bestBound = min(bestBound, bound)
        case .minimize:
            bestBound = max(bestBound, bound)
        }
    }

    /// Points GLPK's callback at this monitor; keep the monitor alive during the search.
    func install(in parameters: inout glp_iocp) {
        parameters.cb_func = glpkSearchCallback
        parameters.cb_info = Unmanaged.passUnretained(self).toOpaque()
    }

    fileprivate func handle(_ tree: OpaquePointer) {
        let reason = glp_ios_reason(tree)
        if reason == GLP_IHEUR {
            offerStart(tree)
        }
        guard stopReason == nil else { return }

        let now = ContinuousClock.now
        if isCancelled {
            stop(tree, because: .cancelled)
            return
        }
        if isPastDeadline(at: now) {
            stop(tree, because: .timeLimit)
            return
        }

        // Observing costs a pass over the open nodes: do it once per node, or for a report.
        let progressDue =
            progressHandler != nil && (lastProgress.map { now - $0 >= progressInterval } ?? true)
        guard progressDue || reason == GLP_IPREPRO || reason == GLP_ISELECT else { return }
        let snapshot = observe(tree)
        if progressDue {
            report(snapshot, at: now)
        }
        if let absoluteGap, let incumbent = snapshot.incumbent,
            abs(snapshot.bound - incumbent) < absoluteGap
        {
            stop(tree, because: .absoluteGapReached)
        }
    }

    /// Gives GLPK the start at the first heuristic call, while the tree has the model's own
    /// columns (presolve is off whenever there is a start).
    ///
    /// GLPK refuses a start that is not better than its incumbent; that needs no action,
    /// since the solve falls back to the start whenever it ends worse.
    private func offerStart(_ tree: OpaquePointer) {
        guard let values = start else { return }
        start = nil
        _ = values.withUnsafeBufferPointer { glp_ios_heur_sol(tree, $0.baseAddress) }
    }

    private func stop(_ tree: OpaquePointer, because reason: MIPResult.StopReason) {
        _ = observe(tree)
        stopReason = reason
        glp_ios_terminate(tree)
    }

    /// Reads the incumbent, the global bound and the node counts, and tightens the bound.
    private func observe(_ tree: OpaquePointer) -> Snapshot {
        var active: Int32 = 0
        var inTree: Int32 = 0
        var total: Int32 = 0
        glp_ios_tree_size(tree, &active, &inTree, &total)
        nodeCount = Int(total)

        let problem = glp_ios_get_prob(tree)
        let incumbent = glp_mip_status(problem) == GLP_FEAS ? glp_mip_obj_val(problem) : nil
        let best = glp_ios_best_node(tree)
        let nodeBound = best == 0 ? nil : finiteOrInfinite(glp_ios_node_bound(tree, best))

        // The global bound is the better of the open nodes' best bound and the incumbent:
        // nodes that could not beat the incumbent were pruned.
        switch (nodeBound, incumbent) {
        case (let bound?, let incumbent?):
            tighten(with: sense == .maximize ? max(bound, incumbent) : min(bound, incumbent))
        case (let bound?, nil):
            tighten(with: bound)
        case (nil, let incumbent?):
            tighten(with: incumbent)
        case (nil, nil):
            break
        }
        return Snapshot(incumbent: incumbent, bound: bestBound, activeNodeCount: Int(active))
    }

    private func report(_ snapshot: Snapshot, at now: ContinuousClock.Instant) {
        guard let progressHandler else { return }
        lastProgress = now
        let gap = snapshot.incumbent.map { MIPSolver.relativeGap(snapshot.bound, $0) }
        progressHandler(
            MIPProgress(
                incumbent: snapshot.incumbent, bestBound: snapshot.bound, relativeGap: gap,
                elapsed: began.duration(to: now), nodeCount: nodeCount,
                activeNodeCount: snapshot.activeNodeCount))
    }

    /// GLPK writes an unknown bound as ±DBL_MAX; Swift callers expect ±infinity.
    private func finiteOrInfinite(_ value: Double) -> Double {
        guard abs(value) >= Double.greatestFiniteMagnitude else { return value }
        return value < 0 ? -.infinity : .infinity
    }
}

/// GLPK's branch-and-cut callback. It captures nothing, so it converts to a C function
/// pointer; it finds its ``GLPKSearchMonitor`` through `cb_info`.
private let glpkSearchCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?) -> Void =
    { tree, info in
        guard let tree, let info else { return }
        Unmanaged<GLPKSearchMonitor>.fromOpaque(info).takeUnretainedValue().handle(tree)
    }

internal import CGLPK

/// One complete solve on the current thread: build, LP relaxation, branch-and-cut, read the
/// solution, release.
///
/// GLPK's objects belong to the OS thread that created them, so ``run()`` does everything
/// synchronously on the calling thread, with no suspension point, and frees the thread's
/// GLPK environment before it returns. Checks of the options and the start happen in
/// ``init(model:options:taskCancellation:)``, on the caller's side.
struct GLPKSolve: Sendable {
    /// How the solve ended, before the start and the bound are taken into account.
    enum Ending {
        case infeasible
        case unbounded
        case stopped(MIPResult.StopReason, values: [Double]?, provedOptimal: Bool)
    }

    let model: MIPModel
    let options: MIPOptions
    /// The checked start, with exact whole values for integer variables.
    let start: [Double]?
    let cancellations: [MIPCancellationToken]

    /// Checks `options` against `model`.
    ///
    /// - Parameter taskCancellation: A token an async caller cancels with its task.
    init(
        model: MIPModel, options: MIPOptions, taskCancellation: MIPCancellationToken? = nil
    ) throws(MIPError) {
        try Self.check(options)
        self.model = model
        self.options = options
        self.start = try options.start.map { values throws(MIPError) in
            try model.feasibleValues(values, tolerance: MIPModel.defaultFeasibilityTolerance)
        }
        self.cancellations = [options.cancellation, taskCancellation].compactMap { $0 }
    }

    /// Runs the solve on the current thread; see the type's documentation.
    func run() throws(MIPError) -> MIPResult {
        let began = ContinuousClock.now
        let monitor = GLPKSearchMonitor(
            sense: model.objectiveSense, began: began,
            deadline: options.timeLimit.map { began + $0 }, cancellations: cancellations,
            options: options, start: start)
        let output = GLPKOutput(handler: options.logHandler)
        let ending = try output.routing { () throws(MIPError) -> Ending in
            if monitor.isCancelled {
                return .stopped(.cancelled, values: nil, provedOptimal: false)
            }
            let data = try GLPKProblemData(model)
            let problem = try GLPKProblem(building: data)
            defer { problem.release() }
            return try search(problem, monitor: monitor, messageLevel: messageLevel(output))
        }
        return result(of: ending, monitor: monitor, elapsed: began.duration(to: .now))
    }

    private func search(
        _ problem: GLPKProblem, monitor: GLPKSearchMonitor, messageLevel: Int32
    ) throws(MIPError) -> Ending {
        // A start must reach GLPK's tree in the model's own columns, so it rules out the
        // presolver; without the presolver, glp_intopt needs an optimal LP basis first.
        let presolves = options.presolve && start == nil
        if !presolves, let ending = try solveRelaxation(problem, monitor, messageLevel) {
            return ending
        }
        if monitor.isCancelled {
            return .stopped(.cancelled, values: nil, provedOptimal: false)
        }
        if monitor.isPastDeadline() {
            return .stopped(.timeLimit, values: nil, provedOptimal: false)
        }

        var parameters = branchAndCutParameters(
            presolves: presolves, messageLevel: messageLevel,
            milliseconds: monitor.remainingMilliseconds)
        monitor.install(in: &parameters)
        let code = try withExtendedLifetime(monitor) { () throws(MIPError) -> Int32 in
            try problem.branchAndCut(parameters)
        }

        let reason: MIPResult.StopReason
        switch code {
        case 0: reason = .finished
        case GLP_EMIPGAP: reason = .relativeGapReached
        case GLP_ETMLIM: reason = .timeLimit
        case GLP_ESTOP: reason = monitor.stopReason ?? .cancelled
        case GLP_ENOPFS: return .infeasible
        case GLP_ENODFS: return .unbounded
        default:
            throw .solverFailure(
                operation: "glp_intopt", code: Int(code), meaning: Self.meaning(of: code))
        }
        return readSolution(problem, reason: reason, finished: code == 0)
    }

    /// GLPK's branch-and-cut parameters for these options, with `milliseconds` left before
    /// the deadline; the callback is not set yet.
    private func branchAndCutParameters(
        presolves: Bool, messageLevel: Int32, milliseconds: Int32
    ) -> glp_iocp {
        var parameters = glp_iocp()
        glp_init_iocp(&parameters)
        parameters.msg_lev = messageLevel
        parameters.presolve = presolves ? GLP_ON : GLP_OFF
        parameters.gmi_cuts = options.cuts.contains(.gomory) ? GLP_ON : GLP_OFF
        parameters.mir_cuts = options.cuts.contains(.mixedIntegerRounding) ? GLP_ON : GLP_OFF
        parameters.cov_cuts = options.cuts.contains(.cover) ? GLP_ON : GLP_OFF
        parameters.clq_cuts = options.cuts.contains(.clique) ? GLP_ON : GLP_OFF
        parameters.mip_gap = options.relativeGap
        // The callback enforces the deadline too; tm_lim covers stretches without callbacks.
        parameters.tm_lim = milliseconds
        return parameters
    }

    /// Scales the problem and solves its LP relaxation; returns an ending when that settles
    /// the solve (an infeasible or unbounded relaxation, or the time limit).
    private func solveRelaxation(
        _ problem: GLPKProblem, _ monitor: GLPKSearchMonitor, _ messageLevel: Int32
    ) throws(MIPError) -> Ending? {
        try problem.scale(quietly: messageLevel < GLP_MSG_ON)
        var parameters = glp_smcp()
        glp_init_smcp(&parameters)
        parameters.msg_lev = messageLevel
        parameters.tm_lim = monitor.remainingMilliseconds
        // Limitation: this LP solve honours the time limit but not cancellation, which GLPK
        // can only receive through the branch-and-cut callback; a long root LP delays a
        // cancellation until it ends.
        let code = try problem.simplex(parameters)
        guard code == 0 else {
            if code == GLP_ETMLIM {
                return .stopped(.timeLimit, values: nil, provedOptimal: false)
            }
            throw .solverFailure(
                operation: "glp_simplex", code: Int(code), meaning: Self.meaning(of: code))
        }

        switch problem.read(glp_get_status) {
        case GLP_OPT:
            if let value = problem.read(glp_get_obj_val) {
                monitor.tighten(with: model.latticeRounded(value))
            }
            return nil
        case GLP_NOFEAS:
            return .infeasible
        case GLP_UNBND:
            return .unbounded
        case let status:
            throw .solverFailure(
                operation: "glp_simplex", code: Int(status ?? 0),
                meaning: "the LP relaxation ended without a verdict (solution status)")
        }
    }

    private func readSolution(
        _ problem: GLPKProblem, reason: MIPResult.StopReason, finished: Bool
    ) -> Ending {
        let status = problem.read(glp_mip_status)
        if status == GLP_NOFEAS && finished {
            return .infeasible
        }
        guard status == GLP_OPT || status == GLP_FEAS else {
            return .stopped(reason, values: nil, provedOptimal: false)
        }
        // GLPK stores integer columns as floor(x + 0.5); rounding again only makes that
        // explicit.
        let values = problem.read { pointer in
            model.variableRecords.indices.map { index in
                let value = glp_mip_col_val(pointer, Int32(index + 1))
                return model.variableRecords[index].kind == .integer ? value.rounded() : value
            }
        }
        return .stopped(reason, values: values, provedOptimal: status == GLP_OPT && finished)
    }

    /// The result for `ending`, with the start as a fallback solution and a valid bound.
    private func result(
        of ending: Ending, monitor: GLPKSearchMonitor, elapsed: Duration
    ) -> MIPResult {
        let unknownBound: Double = model.objectiveSense == .maximize ? .infinity : -.infinity
        var result = MIPResult(
            status: .noSolutionFound, stopReason: .finished, solution: nil,
            bestBound: unknownBound, relativeGap: nil, elapsed: elapsed,
            nodeCount: monitor.nodeCount)

        var solution: MIPSolution?
        var provedOptimal = false
        switch ending {
        case .unbounded:
            result.status = .unbounded
            return result
        case .infeasible where start == nil:
            result.status = .infeasible
            result.bestBound = -unknownBound
            return result
        case .infeasible:
            // The relaxation contradicts a checked start: a tolerance conflict. Keep the start.
            break
        case .stopped(let reason, let values, let proved):
            result.stopReason = reason
            solution = values.map { MIPSolution(values: $0, objectiveValue: objective(of: $0)) }
            provedOptimal = proved
        }

        if let start, solution.map({ isBetter(objective(of: start), than: $0) }) ?? true {
            solution = MIPSolution(values: start, objectiveValue: objective(of: start))
        }
        result.bestBound = model.latticeRounded(monitor.bestBound)
        if let solution {
            settle(&result, with: solution, provedOptimal: provedOptimal)
        }
        return result
    }

    /// Records `solution` in `result` with a bound no better than it, and the status and gap
    /// that follow.
    private func settle(
        _ result: inout MIPResult, with solution: MIPSolution, provedOptimal: Bool
    ) {
        let value = solution.objectiveValue
        var bound = provedOptimal ? value : result.bestBound
        // Nothing beats a solution in hand, whatever the rounding of the LP bound.
        bound = model.objectiveSense == .maximize ? max(bound, value) : min(bound, value)
        let closed = abs(bound - value) <= 1e-9 * max(1, abs(value))
        result.solution = solution
        result.status = provedOptimal || closed ? .optimal : .feasible
        result.bestBound = result.status == .optimal ? value : bound
        result.relativeGap = MIPSolver.relativeGap(result.bestBound, value)
    }

    private func objective(of values: [Double]) -> Double {
        model.objectiveValue(of: values)
    }

    private func isBetter(_ candidate: Double, than incumbent: MIPSolution) -> Bool {
        let value = incumbent.objectiveValue
        return model.objectiveSense == .maximize ? candidate > value : candidate < value
    }

    private func messageLevel(_ output: GLPKOutput) -> Int32 {
        guard output.isHeard else { return GLP_MSG_OFF }
        switch options.messageLevel {
        case .off: return GLP_MSG_OFF
        case .errorsOnly: return GLP_MSG_ERR
        case .normal: return GLP_MSG_ON
        case .all: return GLP_MSG_ALL
        }
    }

    private static func check(_ options: MIPOptions) throws(MIPError) {
        if let limit = options.timeLimit, limit < .zero {
            throw .invalidOption(
                name: "timeLimit", value: "\(limit)", reason: "a time limit cannot be negative")
        }
        guard options.relativeGap.isFinite, options.relativeGap >= 0 else {
            throw .invalidOption(
                name: "relativeGap", value: "\(options.relativeGap)",
                reason: "give a finite number, 0 or more (0 proves optimality)")
        }
        if let gap = options.absoluteGap, !(gap.isFinite && gap >= 0) {
            throw .invalidOption(
                name: "absoluteGap", value: "\(gap)",
                reason: "give a finite number, 0 or more, or nil for no absolute test")
        }
        guard options.progressInterval >= .zero else {
            throw .invalidOption(
                name: "progressInterval", value: "\(options.progressInterval)",
                reason: "an interval cannot be negative")
        }
    }

    /// What a GLPK return code means, for error messages.
    static func meaning(of code: Int32) -> String {
        switch code {
        case GLP_EBADB: return "invalid initial basis"
        case GLP_ESING: return "singular basis matrix"
        case GLP_ECOND: return "ill-conditioned basis matrix"
        case GLP_EBOUND: return "invalid bounds"
        case GLP_EFAIL: return "the solver failed"
        case GLP_EROOT: return "no optimal basis for the root LP"
        case GLP_EITLIM: return "iteration limit reached"
        default: return "unexpected return code"
        }
    }
}

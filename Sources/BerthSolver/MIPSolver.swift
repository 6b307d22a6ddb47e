/// Solves ``MIPModel``s with GLPK's branch-and-cut.
///
/// Each solve runs the whole life of a GLPK problem (create, load, scale, LP relaxation,
/// branch-and-cut, read the solution, delete, free GLPK's environment) on a new OS thread of
/// its own, because GLPK keeps its state per thread. Solves can therefore run concurrently
/// from any threads or tasks. GLPK's fatal errors are caught and thrown as
/// ``MIPError/glpkFatalError(operation:message:)``; they never end the process.
public enum MIPSolver {
    /// Solves `model`, blocking the calling thread until the solve ends.
    ///
    /// The work runs on a dedicated thread; the calling thread only waits. From async code,
    /// use the `async` overload, which does not block a thread of the concurrency pool.
    ///
    /// - Throws: Invalid options or an infeasible start (before any work), a GLPK fatal
    ///   error, or a solver failure that leaves no usable answer. Running out of time, being
    ///   cancelled, or proving the model infeasible or unbounded are results, not errors.
    public static func solve(
        _ model: MIPModel, options: MIPOptions = MIPOptions()
    ) throws(MIPError) -> MIPResult {
        let solve = try GLPKSolve(model: model, options: options)
        return try SolverThread.run { Result { () throws(MIPError) in try solve.run() } }.get()
    }

    /// Solves `model` on a dedicated thread and resumes when the solve ends.
    ///
    /// Cancelling the calling task stops the search like ``MIPOptions/cancellation`` does:
    /// the result keeps the best solution found so far, with the stop reason
    /// ``MIPResult/StopReason/cancelled``.
    ///
    /// - Throws: The same errors as the synchronous overload.
    public static func solve(
        _ model: MIPModel, options: MIPOptions = MIPOptions()
    ) async throws(MIPError) -> MIPResult {
        let taskCancellation = MIPCancellationToken()
        let solve = try GLPKSolve(
            model: model, options: options, taskCancellation: taskCancellation)
        let outcome = await withTaskCancellationHandler {
            await SolverThread.run { Result { () throws(MIPError) in try solve.run() } }
        } onCancel: {
            taskCancellation.cancel()
        }
        return try outcome.get()
    }

    /// GLPK's relative gap: `|bound - objective| / (|objective| + ε)`, with ε the machine
    /// epsilon; infinite when the bound is.
    static func relativeGap(_ bound: Double, _ objective: Double) -> Double {
        abs(bound - objective) / (abs(objective) + Double.ulpOfOne)
    }
}

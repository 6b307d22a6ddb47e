internal import CGLPK

/// A GLPK problem object and the guarded calls on it.
///
/// It must stay on one thread: GLPK ties the object to the thread that built it. Call
/// ``release()`` on that thread when done; it also frees the thread's GLPK environment.
/// After a call throws ``MIPError/glpkFatalError(operation:message:)``, GLPK has already
/// freed everything: the object forgets its pointer and every later call throws too.
final class GLPKProblem {
    private var pointer: OpaquePointer?

    /// Builds a problem from `data` on the current thread.
    init(building data: GLPKProblemData) throws(MIPError) {
        var problem: OpaquePointer?
        var raw = data.raw
        let status = withExtendedLifetime(data) { berth_glp_guarded_build(&raw, &problem) }
        guard status == BERTH_GLP_OK, let problem else {
            throw Self.caughtFatalError(during: "building the problem")
        }
        pointer = problem
    }

    /// Scales the problem with GLPK's automatic choice of method.
    ///
    /// - Parameter quietly: Whether to silence the report GLPK prints whatever the message
    ///   level.
    func scale(quietly: Bool) throws(MIPError) {
        let previous = quietly ? glp_term_out(GLP_OFF) : GLP_ON
        defer {
            if quietly {
                glp_term_out(previous)
            }
        }
        try guarded("glp_scale_prob") { berth_glp_guarded_scale($0, GLP_SF_AUTO) }
    }

    /// Runs the simplex method and returns its code (0 when it ran to the end).
    func simplex(_ parameters: glp_smcp) throws(MIPError) -> Int32 {
        var parameters = parameters
        var code: Int32 = 0
        try guarded("glp_simplex") { berth_glp_guarded_simplex($0, &parameters, &code) }
        return code
    }

    /// Runs branch-and-cut and returns its code (0 when it ran to the end).
    ///
    /// The callback in `parameters` runs on this thread, inside the guard.
    func branchAndCut(_ parameters: glp_iocp) throws(MIPError) -> Int32 {
        var parameters = parameters
        var code: Int32 = 0
        try guarded("glp_intopt") { berth_glp_guarded_intopt($0, &parameters, &code) }
        return code
    }

    /// Writes the problem in CPLEX LP format and returns GLPK's code (0 on success).
    func writeLP(to path: String) throws(MIPError) -> Int32 {
        var code: Int32 = 0
        try guarded("glp_write_lp") { berth_glp_guarded_write_lp($0, path, &code) }
        return code
    }

    /// Writes the problem in free MPS format and returns GLPK's code (0 on success).
    func writeMPS(to path: String) throws(MIPError) -> Int32 {
        var code: Int32 = 0
        try guarded("glp_write_mps") { berth_glp_guarded_write_mps($0, path, &code) }
        return code
    }

    /// Reads the problem with `body`, which must only call GLPK routines that cannot fail
    /// on a valid problem (queries of status and values).
    func read<T>(_ body: (OpaquePointer) -> T) -> T? {
        pointer.map(body)
    }

    /// Deletes the problem, if GLPK still has it, and frees this thread's GLPK environment.
    func release() {
        berth_glp_release(pointer)
        pointer = nil
    }

    private func guarded(_ operation: String, _ call: (OpaquePointer) -> Int32) throws(MIPError) {
        guard let pointer else {
            throw .glpkFatalError(
                operation: operation, message: "the problem was lost to an earlier fatal error")
        }
        guard call(pointer) == BERTH_GLP_OK else {
            self.pointer = nil
            throw Self.caughtFatalError(during: operation)
        }
    }

    static func caughtFatalError(during operation: String) -> MIPError {
        .glpkFatalError(
            operation: operation, message: String(cString: berth_glp_last_fatal_message()))
    }
}

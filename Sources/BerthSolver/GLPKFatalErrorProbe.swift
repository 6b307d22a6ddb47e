internal import CGLPK

/// A way for tests to make GLPK fail fatally on purpose, to check the guard.
enum GLPKFatalErrorProbe {
    /// Makes GLPK raise a real fatal error inside the guard, on the current thread.
    ///
    /// GLPK's environment on this thread is freed as a result; the next GLPK call on the
    /// thread starts a fresh one.
    ///
    /// - Throws: ``MIPError/glpkFatalError(operation:message:)`` when the guard caught it,
    ///   which is the expected outcome.
    static func provoke() throws(MIPError) {
        guard berth_glp_guarded_provoke_fatal_error() == BERTH_GLP_OK else {
            throw GLPKProblem.caughtFatalError(during: "the fatal-error probe")
        }
    }
}

import Testing

@testable import BerthSolver

@Suite struct FatalErrorGuardTests {
    @Test("a real GLPK fatal error comes back as a Swift error, and the thread solves again")
    func fatalErrorIsCaught() throws {
        let model = try TestModels.twoVariable()
        let (error, result) = onOneThread { () -> (MIPError?, Result<MIPResult, MIPError>) in
            var caught: MIPError?
            do throws(MIPError) {
                try GLPKFatalErrorProbe.provoke()
            } catch {
                caught = error
            }
            // The same OS thread, whose GLPK environment the guard has just freed.
            let next = Result { () throws(MIPError) in
                try GLPKSolve(model: model, options: MIPOptions()).run()
            }
            return (caught, next)
        }

        guard case .glpkFatalError(_, let message) = error else {
            Issue.record("expected a caught GLPK fatal error, got \(String(describing: error))")
            return
        }
        #expect(message.contains("glp_set_col_bnds"))
        #expect(message.contains("out of range"))
        let solved = try result.get()
        #expect(solved.status == .optimal)
        #expect(solved.objectiveValue == 7)
    }

    @Test("fatal errors on several threads are each caught on their own thread")
    func fatalErrorsOnManyThreads() async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    onOneThread {
                        (try? GLPKFatalErrorProbe.provoke()) == nil
                    }
                }
            }
            for try await caught in group {
                #expect(caught)
            }
        }
    }
}

import BerthSolver
import Foundation
import Synchronization
import Testing

/// Time limits, gaps and cancellation, on a multi-dimensional knapsack that GLPK does not
/// finish in a fraction of a second. Timing is only checked against generous sanity bounds.
@Suite struct StoppingTests {
    /// 60 items, 5 dimensions; with seed 1 GLPK needs several seconds to prove optimality.
    static let seed: UInt64 = 1

    private static func hardModel() throws -> MIPModel {
        try TestModels.multidimensionalKnapsack(items: 60, dimensions: 5, seed: seed)
    }

    @Test(
        "a 0.5 s limit stops the search with a valid bound, with and without presolve",
        arguments: [true, false])
    func timeLimit(presolve: Bool) throws {
        let reports = Mutex<[MIPProgress]>([])
        var options = MIPOptions()
        options.timeLimit = .milliseconds(500)
        options.presolve = presolve
        options.progressInterval = .milliseconds(100)
        options.progressHandler = { progress in reports.withLock { $0.append(progress) } }

        let result = try MIPSolver.solve(try Self.hardModel(), options: options)

        #expect(
            [.feasible, .noSolutionFound].contains(result.status),
            "seed \(Self.seed) finished early: \(result.status)")
        #expect(result.stopReason == .timeLimit)
        #expect(result.elapsed < .seconds(10))
        if let objective = result.objectiveValue {
            #expect(result.bestBound >= objective)
            #expect(result.bestBound == result.bestBound.rounded(), "integral objective")
            let gap = try #require(result.relativeGap)
            #expect(gap >= 0)
        }
        let progress = reports.withLock { $0 }
        #expect(!progress.isEmpty)
        for (earlier, later) in zip(progress, progress.dropFirst()) {
            #expect(later.elapsed - earlier.elapsed >= .milliseconds(100))
            #expect(later.bestBound <= earlier.bestBound)
        }
        for report in progress {
            if let incumbent = report.incumbent {
                #expect(report.bestBound >= incumbent)
            }
        }
    }

    @Test("cancelling the token from another thread stops the search")
    func cancellationToken() throws {
        let token = MIPCancellationToken()
        var options = MIPOptions()
        options.cancellation = token
        options.timeLimit = .seconds(30)
        let model = try Self.hardModel()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { token.cancel() }

        let result = try MIPSolver.solve(model, options: options)

        #expect(result.stopReason == .cancelled)
        #expect([.feasible, .noSolutionFound].contains(result.status))
        #expect(result.elapsed < .seconds(10))
        if let objective = result.objectiveValue {
            #expect(result.bestBound >= objective)
        }
    }

    @Test("a token cancelled before the solve returns at once without a solution")
    func cancelledBeforeStart() throws {
        let token = MIPCancellationToken()
        token.cancel()
        var options = MIPOptions()
        options.cancellation = token
        let result = try MIPSolver.solve(try TestModels.twoVariable(), options: options)
        #expect(result.status == .noSolutionFound)
        #expect(result.stopReason == .cancelled)
        #expect(result.bestBound == .infinity)
    }

    @Test("cancelling the task of an async solve stops the search")
    func asyncTaskCancellation() async throws {
        let model = try Self.hardModel()
        var options = MIPOptions()
        options.timeLimit = .seconds(30)
        let task = Task { try await MIPSolver.solve(model, options: options) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()

        let result = try await task.value

        #expect(result.stopReason == .cancelled)
        #expect(result.elapsed < .seconds(10))
        if let objective = result.objectiveValue {
            #expect(result.bestBound >= objective)
        }
    }

    @Test("an async solve that is not cancelled returns the optimum")
    func asyncSolve() async throws {
        let result = try await MIPSolver.solve(try TestModels.twoVariable())
        #expect(result.status == .optimal)
        #expect(result.objectiveValue == 7)
    }

    @Test("an absolute gap stops the search once bound and incumbent are that close")
    func absoluteGap() throws {
        var options = MIPOptions()
        options.absoluteGap = 40
        options.timeLimit = .seconds(20)
        let result = try MIPSolver.solve(try Self.hardModel(), options: options)
        let objective = try #require(result.objectiveValue)
        #expect([.absoluteGapReached, .finished].contains(result.stopReason))
        #expect(result.bestBound >= objective)
        #expect(result.bestBound - objective < 40)
    }

    @Test("a relative gap stops the search once the gap is that small")
    func relativeGap() throws {
        var options = MIPOptions()
        options.relativeGap = 0.02
        options.timeLimit = .seconds(20)
        let result = try MIPSolver.solve(try Self.hardModel(), options: options)
        #expect([.relativeGapReached, .finished].contains(result.stopReason))
        let gap = try #require(result.relativeGap)
        #expect(gap <= 0.02)
    }

    @Test("GLPK's output reaches the log handler line by line, and only when asked for")
    func logging() throws {
        let lines = Mutex<[String]>([])
        var options = MIPOptions()
        options.presolve = false
        options.logHandler = { line in lines.withLock { $0.append(line) } }
        _ = try MIPSolver.solve(try TestModels.twoVariable(), options: options)
        let logged = lines.withLock { $0 }
        #expect(logged.contains { $0.contains("tree is empty") })
        #expect(logged.allSatisfy { !$0.contains("\n") })

        lines.withLock { $0.removeAll() }
        options.messageLevel = .off
        _ = try MIPSolver.solve(try TestModels.twoVariable(), options: options)
        #expect(lines.withLock { $0.isEmpty })
    }
}

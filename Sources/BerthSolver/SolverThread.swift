import Foundation
import Synchronization

/// Runs GLPK work on a thread of its own.
///
/// GLPK keeps its state per OS thread, and a solve can take seconds: each job gets a new
/// thread, so no GLPK state is shared with the caller's thread or left behind, and no
/// thread of the Swift concurrency pool is blocked.
enum SolverThread {
    /// Enough for GLPK's deepest recursion with room to spare.
    static let stackSize = 16 << 20

    /// Runs `body` on a new thread and blocks the calling thread until it returns.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let handoff = Handoff<T>()
        let finished = DispatchSemaphore(value: 0)
        start {
            handoff.put(body())
            finished.signal()
        }
        finished.wait()
        guard let value = handoff.take() else {
            preconditionFailure("the solver thread signalled before storing its result")
        }
        return value
    }

    /// Runs `body` on a new thread and resumes when it returns, without blocking a thread of
    /// the concurrency pool.
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            start { continuation.resume(returning: body()) }
        }
    }

    private static func start(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "BerthSolver.GLPK"
        thread.stackSize = stackSize
        thread.start()
    }
}

/// A value passed from the solver thread to the waiting thread.
private final class Handoff<T: Sendable>: Sendable {
    private let value = Mutex<T?>(nil)

    func put(_ newValue: T) {
        value.withLock { $0 = newValue }
    }

    func take() -> T? {
        value.withLock { $0.take() }
    }
}

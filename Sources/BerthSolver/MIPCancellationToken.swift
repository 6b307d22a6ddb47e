import Synchronization

/// A flag that stops a running solve from any thread.
///
/// Pass it in ``MIPOptions/cancellation`` and call ``cancel()`` from anywhere. The search
/// checks it at every step of GLPK's branch-and-cut and stops soon after; the result then
/// has the stop reason ``MIPResult/StopReason/cancelled`` and keeps the best solution found
/// so far. Cancelling cannot interrupt a single LP solve that is in progress, so the stop
/// may come only after that LP finishes. A token stays cancelled: use a new one for the next
/// solve.
public final class MIPCancellationToken: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Creates a token that is not cancelled.
    public init() {}

    /// Asks every solve that uses this token to stop.
    public func cancel() {
        flag.store(true, ordering: .releasing)
    }

    /// Whether ``cancel()`` has been called.
    public var isCancelled: Bool {
        flag.load(ordering: .acquiring)
    }
}

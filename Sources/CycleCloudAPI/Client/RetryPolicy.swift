/// When and how often the client tries a call again: exponential backoff with jitter.
///
/// The delay before retry `n` (1 for the first retry) is `baseDelay * 2^(n-1)`, capped at
/// `maxDelay`, then shortened by up to `jitter` of itself at random, so that many clients
/// that failed together do not come back together. Sleeping and randomness are injectable so
/// that tests run instantly and deterministically.
public struct RetryPolicy: Sendable {
    /// How many times a call is tried in all, the first try included; at least 1.
    public var maxAttempts: Int
    /// The delay before the first retry.
    public var baseDelay: Duration
    /// The longest delay between two tries.
    public var maxDelay: Duration
    /// The fraction of each delay, from 0 to 1, that is random: 0 waits exactly the computed
    /// delay, 1 waits anywhere from nothing to it.
    public var jitter: Double
    /// Waits for a delay; `Task.sleep` unless a test replaces it.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A random number in `0..<1` for the jitter.
    public var random: @Sendable () -> Double

    /// Creates a policy.
    public init(
        maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(250),
        maxDelay: Duration = .seconds(8), jitter: Double = 0.5,
        sleep: @escaping @Sendable (Duration) async throws -> Void = {
            try await Task.sleep(for: $0)
        },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(1, max(0, jitter))
        self.sleep = sleep
        self.random = random
    }

    /// Five tries, 250 ms doubling up to 8 s, half of each delay random.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// One try, no retries.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The delay before retry `retry` (1 for the first retry), given a random draw in `0..<1`.
    public func delay(beforeRetry retry: Int, draw: Double) -> Duration {
        let exponent = min(max(0, retry - 1), 30)
        var delay = baseDelay * (1 << exponent)
        if delay > maxDelay || delay < .zero {
            delay = maxDelay
        }
        let kept = 1 - jitter * min(1, max(0, draw))
        return delay * kept
    }
}

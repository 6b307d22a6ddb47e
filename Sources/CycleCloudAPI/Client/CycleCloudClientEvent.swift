/// Something the client did that a caller may want to log: each answer, each retry, and the
/// look-ups that keep a create from happening twice. Events never carry credentials.
public enum CycleCloudClientEvent: Sendable, Hashable, CustomStringConvertible {
    /// A call got an HTTP answer.
    case answered(call: APICall, status: Int, seconds: Double)
    /// A call got no HTTP answer.
    case failed(call: APICall, failure: TransportFailure, seconds: Double)
    /// The client waits `delay` and tries `call` again; `attempt` is the try to come.
    case retrying(call: APICall, attempt: Int, delay: Duration, reason: String)
    /// The outcome of a create is unknown, so the client looks its request id up.
    case lookingUpRequest(requestId: String, reason: String)
    /// A create whose answer was lost turned out to have taken effect.
    case recoveredCreate(requestId: String, nodeCount: Int)

    /// One line for a log.
    public var description: String {
        switch self {
        case .answered(let call, let status, let seconds):
            return "\(call): HTTP \(status) in \(Self.milliseconds(seconds)) ms"
        case .failed(let call, let failure, let seconds):
            return "\(call): \(failure) after \(Self.milliseconds(seconds)) ms"
        case .retrying(let call, let attempt, let delay, let reason):
            let seconds =
                Double(delay.components.seconds)
                + Double(delay.components.attoseconds) / 1e18
            return "\(call): \(reason); try \(attempt) in \(Self.milliseconds(seconds)) ms"
        case .lookingUpRequest(let requestId, let reason):
            return "create \(requestId): \(reason); looking the request id up before anything else"
        case .recoveredCreate(let requestId, let nodeCount):
            return "create \(requestId) had taken effect (\(nodeCount) node(s)); not sent again"
        }
    }

    private static func milliseconds(_ seconds: Double) -> Int {
        Int((seconds * 1000).rounded())
    }
}

/// One call to the CycleCloud REST API, as errors and events name it: `GET /clusters/x/status`.
public struct APICall: Sendable, Hashable, CustomStringConvertible {
    /// The HTTP method, such as `GET`.
    public var method: String
    /// The path with its query, relative to the CycleCloud URL, such as
    /// `/clusters/demo/nodes?request_id=abc`.
    public var path: String

    /// Creates a call description.
    public init(method: String, path: String) {
        self.method = method
        self.path = path
    }

    /// `METHOD path`.
    public var description: String { "\(method) \(path)" }
}

/// Why a request got no HTTP answer.
public struct TransportFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kinds of transport failure that callers treat differently.
    public enum Kind: String, Sendable, Hashable {
        /// No connection could be made (refused, no route, unknown host): nothing was sent.
        case cannotConnect
        /// No answer came in time; the request may have taken effect.
        case timedOut
        /// The connection broke or the server closed it without answering; the request may
        /// have taken effect.
        case connectionLost
        /// The TLS handshake failed, typically because the certificate is not trusted.
        case tls
        /// The task was cancelled.
        case cancelled
        /// Anything else.
        case other
    }

    /// What happened.
    public var kind: Kind
    /// The transport's own words, such as `Connection refused`.
    public var detail: String

    /// Creates a failure.
    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Whether the server may have received the request, so that it may have taken effect.
    public var requestMayHaveArrived: Bool {
        switch kind {
        case .cannotConnect, .tls: return false
        case .timedOut, .connectionLost, .cancelled, .other: return true
        }
    }

    /// A phrase for messages: `timed out (The request timed out.)`.
    public var description: String {
        let phrase: String
        switch kind {
        case .cannotConnect: phrase = "could not connect"
        case .timedOut: phrase = "timed out"
        case .connectionLost: phrase = "the connection was lost before an answer came"
        case .tls: phrase = "the TLS handshake failed"
        case .cancelled: phrase = "was cancelled"
        case .other: phrase = "failed"
        }
        return detail.isEmpty ? phrase : "\(phrase) (\(detail))"
    }
}

/// An error of the CycleCloud client: what failed (the call), why, and what the server said.
///
/// No case ever carries a password: calls are named by method and path, and the base URL is
/// validated to hold no user information.
public indirect enum CycleCloudClientError: Error, Sendable, CustomStringConvertible {
    /// The connection settings are incomplete or unsafe, or a file they name is unusable.
    case configuration(String)
    /// The server answered with a status outside 2xx. `body` is its
    /// `{"Exception","Message","Detail"}` when it sent one, `text` the raw body otherwise.
    case server(call: APICall, status: Int, body: APIErrorBody?, text: String?)
    /// The request got no HTTP answer.
    case transport(call: APICall, server: String, failure: TransportFailure)
    /// The server answered 2xx with a body that is not what the API documents.
    case invalidResponse(call: APICall, problem: InputError)
    /// A create request may or may not have taken effect (its answer was lost and the
    /// look-up failed, or the tries ran out): the request id is what to look up before
    /// creating those nodes again.
    case createOutcomeUnknown(requestId: String, cause: CycleCloudClientError)

    /// How a caller (such as the command line) should treat the error.
    public enum Category: String, Sendable, Hashable {
        /// The settings are wrong; nothing was sent.
        case configuration
        /// The server cannot be reached, or refused the credentials.
        case unavailable
        /// A failure that may pass: a timeout, a lost connection, 5xx, 429.
        case temporary
        /// The server rejected the request (4xx other than authentication).
        case rejected
        /// The server's answer could not be understood.
        case invalidResponse
    }

    /// The category of this error.
    public var category: Category {
        switch self {
        case .configuration: return .configuration
        case .server(_, let status, _, _):
            if status == 401 || status == 403 { return .unavailable }
            if status >= 500 || status == 408 || status == 429 { return .temporary }
            return .rejected
        case .transport(_, _, let failure):
            switch failure.kind {
            case .cannotConnect, .tls: return .unavailable
            case .timedOut, .connectionLost, .cancelled, .other: return .temporary
            }
        case .invalidResponse: return .invalidResponse
        case .createOutcomeUnknown: return .temporary
        }
    }

    /// The call that failed, when one did.
    public var call: APICall? {
        switch self {
        case .configuration: return nil
        case .server(let call, _, _, _), .transport(let call, _, _),
            .invalidResponse(let call, _):
            return call
        case .createOutcomeUnknown(_, let cause): return cause.call
        }
    }

    /// The HTTP status of a server error.
    public var status: Int? {
        if case .server(_, let status, _, _) = self { return status }
        return nil
    }

    /// What failed, what the server said, and what to do.
    public var description: String {
        switch self {
        case .configuration(let message):
            return message
        case .server(let call, let status, let body, let text):
            return "\(call) failed with HTTP \(status)\(said(body: body, text: text))"
                + hint(status: status)
        case .transport(let call, let server, let failure):
            var message = "\(call) to \(server) \(failure)"
            if failure.kind == .cannotConnect {
                message += "; check that CycleCloud is running and the URL is right"
            } else if failure.kind == .tls {
                message +=
                    "; the server's certificate is not trusted: add its CA to the system's "
                    + "trust store (see docs/cyclecloud-client-and-emulator.md)"
            }
            return message
        case .invalidResponse(let call, let problem):
            return "\(call) answered with a body Berth cannot read: \(problem)"
        case .createOutcomeUnknown(let requestId, let cause):
            return "the create request \(requestId) may or may not have taken effect "
                + "(\(cause)). Look it up with "
                + "GET /clusters/CLUSTER/nodes?request_id=\(requestId) before creating these "
                + "nodes again"
        }
    }

    private func said(body: APIErrorBody?, text: String?) -> String {
        if let body, body.message != nil || body.exception != nil {
            var parts: [String] = []
            if let message = body.message { parts.append(message) }
            if let exception = body.exception { parts.append("(\(exception))") }
            var result = ": " + parts.joined(separator: " ")
            if let detail = body.detail, !detail.isEmpty { result += "; \(detail)" }
            return result
        }
        if let text, !text.isEmpty {
            return ": " + String(text.prefix(300))
        }
        return ""
    }

    private func hint(status: Int) -> String {
        switch status {
        case 401: return "; check the user name and password"
        case 403: return "; the user lacks the permission for this call"
        case 300..<400: return "; redirects are not followed, check the CycleCloud URL"
        default: return ""
        }
    }
}

import Foundation

/// One HTTP exchange as the client asks for it.
public struct TransportRequest: Sendable, Hashable {
    /// The method, such as `GET`.
    public var method: String
    /// The full URL, query included.
    public var url: URL
    /// The headers to send, `Authorization` included.
    public var headers: [String: String]
    /// The body, for `POST`.
    public var body: Data?
    /// Seconds to wait for the answer before giving up.
    public var timeout: Double

    /// Creates a request.
    public init(
        method: String, url: URL, headers: [String: String], body: Data?, timeout: Double
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The answer to a `TransportRequest`.
public struct TransportResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers.
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What carries the client's requests: `URLSessionTransport` in production, anything that
/// answers requests in tests.
public protocol HTTPTransport: Sendable {
    /// Sends `request` once, without retrying, and returns the answer, whatever its status.
    ///
    /// - Throws: `TransportFailure` when no HTTP answer came.
    func send(_ request: TransportRequest) async throws(TransportFailure) -> TransportResponse
}

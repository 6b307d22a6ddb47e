import CycleCloudAPI
import Foundation

/// An HTTP request as the emulator's handler sees it: the body is complete, the path and the
/// query arguments are already percent-decoded.
public struct HTTPRequest: Sendable, Hashable {
    /// The method, such as `GET` or `POST`.
    public var method: String
    /// The path without the query, such as `/clusters/demo/status`.
    public var path: String
    /// The query arguments; a repeated name keeps its last value.
    public var query: [String: String]
    /// The headers, keyed by lowercased name.
    public var headers: [String: String]
    /// The body; empty when there is none.
    public var body: Data

    /// Creates a request.
    public init(
        method: String, path: String, query: [String: String] = [:],
        headers: [String: String] = [:], body: Data = Data()
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    /// The header `name`, whatever its case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// What the handler answers: a status, headers and a body, or an order to close the
/// connection without answering (to emulate a response lost on the way back).
public struct HTTPResponse: Sendable, Hashable {
    /// The status code, such as 200.
    public var status: Int
    /// The headers to send besides the ones the server adds (`Content-Length`, `Date`).
    public var headers: [String: String]
    /// The body.
    public var body: Data
    /// When true, the server closes the connection instead of answering.
    public var dropsConnection: Bool

    /// Creates a response.
    public init(
        status: Int, headers: [String: String] = [:], body: Data = Data(),
        dropsConnection: Bool = false
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.dropsConnection = dropsConnection
    }

    /// A response that closes the connection without a word.
    public static let dropConnection = HTTPResponse(status: 0, dropsConnection: true)

    /// A JSON response with `status` and the encoded `value`; a 500 with an error body when
    /// `value` cannot be encoded.
    public static func json<T: Encodable>(
        _ value: T, status: Int = 200, headers: [String: String] = [:]
    ) -> HTTPResponse {
        var allHeaders = headers
        allHeaders["Content-Type"] = "application/json"
        do {
            // Compact and unsorted: sorting keys was the largest cost of a status answer.
            let body = try JSONEncoder().encode(value)
            return HTTPResponse(status: status, headers: allHeaders, body: body)
        } catch {
            let fallback = Data(
                #"{"Exception":"EncodingException","Message":"the response could not be encoded"}"#
                    .utf8)
            return HTTPResponse(status: 500, headers: allHeaders, body: fallback)
        }
    }
}

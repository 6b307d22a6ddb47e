import CMicroHTTPD
import Foundation
import Synchronization

/// A small HTTP/1.1 server over GNU libmicrohttpd that hands every complete request to one
/// Swift handler and sends back what it answers.
///
/// The handler runs on libmicrohttpd's threads (a pool of `threads`), several at a time, so
/// it must be thread-safe. The server listens from `init` until `stop()`; `stop()` waits for
/// requests in progress to finish.
public final class HTTPServer: Sendable {
    /// The handler every request goes to.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

    /// The address the server listens on, such as `127.0.0.1` or `::1`.
    public let host: String
    /// The port the server listens on; the one the system chose when asked for port 0.
    public let port: UInt16
    /// Whether the server speaks TLS.
    public let usesTLS: Bool

    private let daemon: Mutex<OpaquePointer?>
    private let context: HandlerContext

    /// Starts listening on `host` (an IP address or `localhost`) and `port` (0 for any free
    /// port) with `threads` worker threads.
    ///
    /// - Parameters:
    ///   - tls: a PEM private key and certificate to serve HTTPS; `nil` for plain HTTP.
    ///   - maximumBodySize: bodies above this many bytes are answered with 413.
    /// - Throws: `HTTPServerError` when the address is not an IP address or the port cannot
    ///   be bound.
    public init(
        host: String = "127.0.0.1", port: UInt16 = 0, threads: Int = 2,
        tls: (keyPEM: String, certificatePEM: String)? = nil,
        maximumBodySize: Int = 4 << 20, handler: @escaping Handler
    ) throws(HTTPServerError) {
        let address = try SocketAddress(host: host, port: port)
        let context = HandlerContext(handler: handler, maximumBodySize: maximumBodySize)
        var flags = MHD_USE_AUTO.rawValue | MHD_USE_INTERNAL_POLLING_THREAD.rawValue
        if address.isIPv6 {
            flags |= MHD_USE_IPv6.rawValue
        }
        if tls != nil, MHD_is_feature_supported(MHD_FEATURE.FEATURE_TLS) != MHD_Result.YES {
            throw HTTPServerError.tlsUnsupported
        }
        let contextPointer = Unmanaged.passUnretained(context).toOpaque()
        let started = address.withSockaddr { sockaddr in
            berth_mhd_start(
                flags, sockaddr, UInt32(max(1, threads)), 1024, 60, accessHandler,
                contextPointer, requestCompleted, nil, tls?.keyPEM, tls?.certificatePEM)
        }
        guard let started else {
            throw HTTPServerError.cannotListen(host: host, port: port, errno: errno)
        }
        self.host = host
        self.port = berth_mhd_bound_port(started)
        self.usesTLS = tls != nil
        self.daemon = Mutex(started)
        self.context = context
    }

    deinit {
        stop()
    }

    /// The server's base URL, such as `http://127.0.0.1:8080`.
    public var url: URL {
        let scheme = usesTLS ? "https" : "http"
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return URL(string: "\(scheme)://\(shownHost):\(port)") ?? URL(fileURLWithPath: "/")
    }

    /// Stops listening, waits for the requests in progress and closes every connection.
    /// Calling it again does nothing.
    public func stop() {
        let running = daemon.withLock { pointer -> OpaquePointer? in
            defer { pointer = nil }
            return pointer
        }
        if let running {
            MHD_stop_daemon(running)
        }
    }
}

/// Why the HTTP server could not start.
public enum HTTPServerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The host is neither an IPv4 nor an IPv6 address nor `localhost`.
    case notAnAddress(String)
    /// The socket could not be bound, typically because the port is in use.
    case cannotListen(host: String, port: UInt16, errno: Int32)
    /// This build of libmicrohttpd has no TLS support.
    case tlsUnsupported

    /// What went wrong and what to do.
    public var description: String {
        switch self {
        case .notAnAddress(let host):
            return "cannot listen on '\(host)': give an IP address such as 127.0.0.1 or ::1"
        case .cannotListen(let host, let port, let code):
            let reason = code == 0 ? "" : " (\(String(cString: strerror(code))))"
            return "cannot listen on \(host) port \(port)\(reason); is the port already in use? "
                + "Port 0 picks a free one"
        case .tlsUnsupported:
            return "this libmicrohttpd was built without TLS support; serve plain HTTP instead"
        }
    }
}

/// What the C callbacks reach through their context pointer.
private final class HandlerContext: Sendable {
    let handler: HTTPServer.Handler
    let maximumBodySize: Int

    init(handler: @escaping HTTPServer.Handler, maximumBodySize: Int) {
        self.handler = handler
        self.maximumBodySize = maximumBodySize
    }
}

/// The body of one request while it arrives; owned by libmicrohttpd's `con_cls` slot.
private final class RequestBody {
    var data = Data()
    var tooLarge = false
}

/// An IPv4 or IPv6 socket address.
private enum SocketAddress {
    case v4(sockaddr_in)
    case v6(sockaddr_in6)

    init(host: String, port: UInt16) throws(HTTPServerError) {
        let numeric = host == "localhost" ? "127.0.0.1" : host
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, numeric, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port.bigEndian
            self = .v4(v4)
            return
        }
        var v6 = sockaddr_in6()
        let bare = numeric.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if inet_pton(AF_INET6, bare, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port.bigEndian
            self = .v6(v6)
            return
        }
        throw HTTPServerError.notAnAddress(host)
    }

    var isIPv6: Bool {
        if case .v6 = self { return true }
        return false
    }

    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>) -> T) -> T {
        switch self {
        case .v4(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
            }
        case .v6(var address):
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
            }
        }
    }
}

// The callbacks below are handed to C and run on libmicrohttpd's threads. They capture
// nothing and live in this library file, not in an executable's main.swift, whose top-level
// closures would be main-actor isolated.

/// Collects one request: the first call allocates its body, the middle calls append what
/// arrived, the last call (no more data) runs the handler and queues the answer.
private let accessHandler: MHD_AccessHandlerCallback = {
    context, connection, url, method, _, uploadData, uploadDataSize, slot in
    guard let context, let connection, let slot, let uploadDataSize else { return MHD_Result.NO }
    guard let stored = slot.pointee else {
        slot.pointee = Unmanaged.passRetained(RequestBody()).toOpaque()
        return MHD_Result.YES
    }
    let body = Unmanaged<RequestBody>.fromOpaque(stored).takeUnretainedValue()
    let handlerContext = Unmanaged<HandlerContext>.fromOpaque(context).takeUnretainedValue()
    if uploadDataSize.pointee > 0 {
        if let uploadData, !body.tooLarge {
            body.data.append(
                UnsafeRawPointer(uploadData).assumingMemoryBound(to: UInt8.self),
                count: uploadDataSize.pointee)
            body.tooLarge = body.data.count > handlerContext.maximumBodySize
            if body.tooLarge {
                body.data = Data()
            }
        }
        uploadDataSize.pointee = 0
        return MHD_Result.YES
    }

    let response: HTTPResponse
    if body.tooLarge {
        response = HTTPResponse(
            status: 413, headers: ["Content-Type": "application/json"],
            body: Data(
                #"{"Exception":"RequestTooLarge","Message":"the request body is too large"}"#.utf8))
    } else {
        let request = HTTPRequest(
            method: method.map { String(cString: $0) } ?? "GET",
            path: url.map { String(cString: $0) } ?? "/",
            query: values(of: connection, kind: MHD_ValueKind.GET_ARGUMENT_KIND),
            headers: values(of: connection, kind: MHD_ValueKind.HEADER_KIND),
            body: body.data)
        response = handlerContext.handler(request)
    }
    return queue(response, on: connection)
}

/// Releases a request's body once libmicrohttpd is done with the request.
private let requestCompleted: MHD_RequestCompletedCallback = { _, _, slot, _ in
    guard let slot, let stored = slot.pointee else { return }
    Unmanaged<RequestBody>.fromOpaque(stored).release()
    slot.pointee = nil
}

/// Collects the header or query values of a connection.
private let collectValue: MHD_KeyValueIterator = { context, _, key, value in
    guard let context, let key else { return MHD_Result.YES }
    let box = Unmanaged<ValueBox>.fromOpaque(context).takeUnretainedValue()
    box.values[String(cString: key)] = value.map { String(cString: $0) } ?? ""
    return MHD_Result.YES
}

private final class ValueBox {
    var values: [String: String] = [:]
}

private func values(of connection: OpaquePointer, kind: MHD_ValueKind) -> [String: String] {
    let box = ValueBox()
    withExtendedLifetime(box) {
        _ = MHD_get_connection_values(
            connection, kind, collectValue, Unmanaged.passUnretained(box).toOpaque())
    }
    return box.values
}

private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    if response.dropsConnection {
        return MHD_Result.NO
    }
    let made = response.body.withUnsafeBytes { bytes in
        MHD_create_response_from_buffer(
            bytes.count, UnsafeMutableRawPointer(mutating: bytes.baseAddress),
            MHD_ResponseMemoryMode.RESPMEM_MUST_COPY)
    }
    guard let made else { return MHD_Result.NO }
    defer { MHD_destroy_response(made) }
    for (name, value) in response.headers {
        _ = MHD_add_response_header(made, name, value)
    }
    return MHD_queue_response(connection, UInt32(response.status), made)
}

import Foundation
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The production transport: URLSession (FoundationNetworking over libcurl on Linux).
///
/// Redirects are not followed, so that credentials never travel to another address; cookies
/// and caches are off. TLS trust follows `TLSTrust` as far as the platform allows (see there).
public final class URLSessionTransport: HTTPTransport {
    private let session: URLSession
    private let delegate: SessionDelegate

    /// A transport that trusts servers as `trust` says and gives up on an answer after
    /// `timeout` seconds.
    ///
    /// - Throws: `CycleCloudClientError.configuration` when the platform cannot honour
    ///   `trust` (see `TLSTrust`) or its CA file is unusable.
    public init(trust: TLSTrust = .system, timeout: Double = 30) throws(CycleCloudClientError) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = Self.wholeSeconds(timeout)
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        delegate = try SessionDelegate(trust: trust)
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Sends `request` once.
    public func send(_ request: TransportRequest) async throws(TransportFailure)
        -> TransportResponse
    {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.timeoutInterval = Self.wholeSeconds(request.timeout)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers {
            urlRequest.setValue(value, forHTTPHeaderField: name)
        }
        urlRequest.httpBody = request.body
        let tag = UUID().uuidString
        urlRequest.setValue(tag, forHTTPHeaderField: SessionDelegate.tagHeader)
        do {
            let (data, response) = try await session.data(for: urlRequest)
            guard let http = response as? HTTPURLResponse else {
                throw TransportFailure(kind: .other, detail: "the answer is not HTTP")
            }
            return TransportResponse(
                status: http.statusCode, headers: Self.headers(of: http), body: data)
        } catch let failure as TransportFailure {
            throw failure
        } catch {
            if let refused = delegate.takeRefusedChallenge(tag: tag) {
                // Limitation: on Linux the body of a refused 401 is lost with the challenge.
                return TransportResponse(
                    status: refused.statusCode, headers: Self.headers(of: refused), body: Data())
            }
            throw Self.classify(error)
        }
    }

    /// `seconds` rounded up to a whole number, at least 1.
    ///
    /// Limitation: FoundationNetworking on Linux keeps only the whole seconds of a timeout,
    /// and a timeout below one second becomes an immediate one, so timeouts are whole
    /// seconds here.
    static func wholeSeconds(_ seconds: Double) -> Double {
        max(1, seconds.rounded(.up))
    }

    private static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            headers[String(describing: name)] = String(describing: value)
        }
        return headers
    }

    /// Sorts a URLSession error into the kinds the client treats differently.
    static func classify(_ error: any Error) -> TransportFailure {
        if error is CancellationError {
            return TransportFailure(kind: .cancelled, detail: "")
        }
        let nsError = error as NSError
        let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError
        let detail = underlying?.localizedDescription ?? nsError.localizedDescription
        guard nsError.domain == NSURLErrorDomain else {
            return TransportFailure(kind: .other, detail: detail)
        }
        switch nsError.code {
        case NSURLErrorTimedOut:
            // Limitation: on Linux, a reused connection that the server closes without an
            // answer surfaces here, after the whole timeout, rather than as a lost connection.
            return TransportFailure(kind: .timedOut, detail: detail)
        case NSURLErrorCannotConnectToHost, NSURLErrorCannotFindHost, NSURLErrorDNSLookupFailed,
            NSURLErrorNotConnectedToInternet:
            return TransportFailure(kind: .cannotConnect, detail: detail)
        case NSURLErrorNetworkConnectionLost, NSURLErrorBadServerResponse,
            NSURLErrorZeroByteResource:
            return TransportFailure(kind: .connectionLost, detail: detail)
        case NSURLErrorSecureConnectionFailed, NSURLErrorServerCertificateHasBadDate,
            NSURLErrorServerCertificateUntrusted, NSURLErrorServerCertificateHasUnknownRoot,
            NSURLErrorServerCertificateNotYetValid, NSURLErrorClientCertificateRejected:
            return TransportFailure(kind: .tls, detail: detail)
        case NSURLErrorCancelled:
            return TransportFailure(kind: .cancelled, detail: detail)
        default:
            // libcurl's TLS failures reach FoundationNetworking as an unknown error whose
            // text is libcurl's, such as "SSL certificate problem: self-signed certificate".
            let lowered = detail.lowercased()
            if lowered.contains("ssl") || lowered.contains("certificate") {
                return TransportFailure(kind: .tls, detail: detail)
            }
            return TransportFailure(kind: .other, detail: detail)
        }
    }
}

/// Refuses redirects and, where the platform lets a delegate judge server trust, applies
/// the chosen `TLSTrust`.
/// Immutable after `init`, so sharing it between URLSession's threads is safe.
private final class SessionDelegate: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    #if canImport(Security)
        private let anchors: [SecCertificate]
        private let acceptsAnyCertificate: Bool
    #endif

    init(trust: TLSTrust) throws(CycleCloudClientError) {
        #if canImport(Security)
            switch trust {
            case .system:
                anchors = []
                acceptsAnyCertificate = false
            case .certificateAuthority(let path):
                anchors = try CertificateBundle.certificates(atPath: path).compactMap {
                    SecCertificateCreateWithData(nil, $0 as CFData)
                }
                acceptsAnyCertificate = false
            case .insecureNoVerification:
                anchors = []
                acceptsAnyCertificate = true
            }
        #else
            switch trust {
            case .system:
                break
            case .certificateAuthority(let path):
                // Limitation: libcurl's CA bundle cannot be set per session through
                // FoundationNetworking, so a private CA must already be in the system bundle.
                try CertificateBundle.requireInSystemBundle(caFile: path)
            case .insecureNoVerification:
                // Limitation: FoundationNetworking on Linux has no way to turn certificate
                // verification off (libcurl's setting is not exposed), so this is refused.
                throw .configuration(
                    "turning TLS verification off is not possible on Linux: Berth's HTTP stack "
                        + "(FoundationNetworking over libcurl) always verifies. Trust the "
                        + "server's CA instead (a CA file that is in the system bundle), or "
                        + "reach CycleCloud over plain HTTP on a loopback address, for example "
                        + "through an SSH tunnel")
            }
        #endif
        super.init()
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    #if !canImport(Security)
        /// The 401 answers whose challenges were refused, by the request's tag.
        private let refusedChallenges = Mutex<[String: HTTPURLResponse]>([:])

        // FoundationNetworking on Linux (Swift 6.3.1) suspends a task forever when a 401 with
        // WWW-Authenticate meets a delegate without this method, and turns a refused
        // challenge into a cancellation. The client sends its credentials up front, so a
        // challenge means they were refused: remember the 401 and refuse the challenge.
        func urlSession(
            _ session: URLSession, task: URLSessionTask,
            didReceive challenge: URLAuthenticationChallenge,
            completionHandler:
                @escaping @Sendable (
                    URLSession.AuthChallengeDisposition, URLCredential?
                ) -> Void
        ) {
            if let tag = task.originalRequest?.value(forHTTPHeaderField: Self.tagHeader),
                let response = challenge.failureResponse as? HTTPURLResponse
            {
                refusedChallenges.withLock { $0[tag] = response }
            }
            completionHandler(.cancelAuthenticationChallenge, nil)
        }
    #endif

    /// The header that tags each request so that a refused challenge can be matched to it.
    static let tagHeader = "X-Berth-Request"

    /// The 401 answer of the request tagged `tag`, if its challenge was refused.
    func takeRefusedChallenge(tag: String) -> HTTPURLResponse? {
        #if canImport(Security)
            return nil
        #else
            return refusedChallenges.withLock { $0.removeValue(forKey: tag) }
        #endif
    }

    // Limitation: this trust evaluation compiles only on Apple platforms, so the Linux CI of
    // this repository never runs it.
    #if canImport(Security)
        func urlSession(
            _ session: URLSession, task: URLSessionTask,
            didReceive challenge: URLAuthenticationChallenge,
            completionHandler:
                @escaping @Sendable (
                    URLSession.AuthChallengeDisposition, URLCredential?
                ) -> Void
        ) {
            guard
                challenge.protectionSpace.authenticationMethod
                    == NSURLAuthenticationMethodServerTrust,
                let serverTrust = challenge.protectionSpace.serverTrust
            else {
                completionHandler(.performDefaultHandling, nil)
                return
            }
            if acceptsAnyCertificate {
                completionHandler(.useCredential, URLCredential(trust: serverTrust))
                return
            }
            guard !anchors.isEmpty else {
                completionHandler(.performDefaultHandling, nil)
                return
            }
            SecTrustSetAnchorCertificates(serverTrust, anchors as CFArray)
            SecTrustSetAnchorCertificatesOnly(serverTrust, false)
            if SecTrustEvaluateWithError(serverTrust, nil) {
                completionHandler(.useCredential, URLCredential(trust: serverTrust))
            } else {
                completionHandler(.cancelAuthenticationChallenge, nil)
            }
        }
    #endif
}

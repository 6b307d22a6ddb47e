import Foundation

/// Where a CycleCloud server is and how to talk to it: base URL, cluster, credentials, TLS
/// trust and timeouts. Validated when made.
///
/// Its `description` hides the password, as `CycleCloudCredentials` does.
public struct CycleCloudConnection: Sendable, Hashable, CustomStringConvertible {
    /// The CycleCloud web server, such as `https://cyclecloud.example.com`; API paths are
    /// appended to it.
    public let url: URL
    /// The cluster the client works on.
    public let clusterName: String
    /// The user and password for Basic authentication.
    public let credentials: CycleCloudCredentials
    /// How the server's certificate is checked.
    public let trust: TLSTrust
    /// Whether plain `http` is allowed to an address other than a loopback one.
    public let allowInsecureHTTP: Bool
    /// Seconds to wait for each answer; `URLSessionTransport` rounds it up to whole seconds.
    public let requestTimeout: Double

    /// A connection to `url` for `clusterName`.
    ///
    /// - Throws: `CycleCloudClientError.configuration` when the URL is not http(s), carries a
    ///   user name or password, or is plain http to a non-loopback address without
    ///   `allowInsecureHTTP`; or when the cluster name is empty.
    public init(
        url: URL, clusterName: String, credentials: CycleCloudCredentials,
        trust: TLSTrust = .system, allowInsecureHTTP: Bool = false, requestTimeout: Double = 30
    ) throws(CycleCloudClientError) {
        let scheme = url.scheme?.lowercased() ?? ""
        guard scheme == "https" || scheme == "http" else {
            throw .configuration(
                "the CycleCloud URL must start with https:// (or http:// for a loopback "
                    + "address), not '\(Self.redacted(url))'")
        }
        guard url.user == nil, url.password == nil else {
            throw .configuration(
                "the CycleCloud URL must not carry a user name or password (\(Self.redacted(url)))"
                    + "; give them separately (CYCLECLOUD_USERNAME, CYCLECLOUD_PASSWORD)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw .configuration("the CycleCloud URL '\(Self.redacted(url))' names no host")
        }
        if scheme == "http", !allowInsecureHTTP, !Self.isLoopback(host: host) {
            throw .configuration(
                "refusing plain http to \(host): credentials and cluster data would cross the "
                    + "network unencrypted. Use https, or allow insecure HTTP explicitly")
        }
        guard !clusterName.isEmpty else {
            throw .configuration("the cluster name is empty")
        }
        guard requestTimeout > 0 else {
            throw .configuration("the request timeout must be positive")
        }
        self.url = url
        self.clusterName = clusterName
        self.credentials = credentials
        self.trust = trust
        self.allowInsecureHTTP = allowInsecureHTTP
        self.requestTimeout = requestTimeout
    }

    /// What a person should be told about this connection's safety: TLS verification off,
    /// or plain HTTP beyond the loopback interface. Empty when all is well.
    public var warnings: [String] {
        var result: [String] = []
        if trust == .insecureNoVerification, url.scheme?.lowercased() == "https" {
            result.append(
                "TLS certificate verification is OFF for \(url.host ?? "the server"): anyone "
                    + "on the path can read the credentials and answer in CycleCloud's name")
        }
        if url.scheme?.lowercased() == "http", !Self.isLoopback(host: url.host ?? "") {
            result.append(
                "plain HTTP to \(url.host ?? "the server"): the password crosses the network "
                    + "unencrypted")
        }
        return result
    }

    /// `cluster NAME at URL as user NAME (password hidden)`.
    public var description: String {
        "cluster \(clusterName) at \(Self.redacted(url)) as \(credentials)"
    }

    /// Whether `host` is a loopback address: `localhost`, 127.0.0.0/8 or `::1`.
    public static func isLoopback(host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if bare == "localhost" || bare == "::1" || bare == "0:0:0:0:0:0:0:1" {
            return true
        }
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127"
            && octets.allSatisfy { UInt8($0) != nil }
    }

    /// `url` with any user information removed, for messages.
    static func redacted(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "(unparsable URL)"
        }
        components.user = nil
        components.password = nil
        return components.string ?? "(unparsable URL)"
    }
}

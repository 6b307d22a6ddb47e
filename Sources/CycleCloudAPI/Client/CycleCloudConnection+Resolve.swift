import Foundation

/// The pieces of a connection as a person gives them, any of which may be missing; see
/// `CycleCloudConnection.resolve(_:environment:)` for where missing pieces come from.
///
/// Its `description` and mirror hide the password.
public struct CycleCloudConnectionSettings: Sendable, CustomStringConvertible,
    CustomReflectable
{
    /// The CycleCloud URL.
    public var url: String?
    /// The user name.
    public var username: String?
    /// The password.
    public var password: String?
    /// The cluster name.
    public var clusterName: String?
    /// An autoscale configuration file, as CycleCloud's scheduler integrations install it
    /// (for example `/opt/cycle/slurm/autoscale.json`), with `url`, `username`, `password`
    /// and `cluster_name`.
    public var autoscaleConfigPath: String?
    /// A PEM file of CA certificates to trust besides the system's.
    public var certificateAuthorityPath: String?
    /// Turns TLS certificate verification off.
    public var skipTLSVerification: Bool
    /// Allows plain HTTP to addresses other than loopback ones.
    public var allowInsecureHTTP: Bool
    /// Seconds to wait for each answer.
    public var requestTimeout: Double

    /// Creates settings; everything is optional.
    public init(
        url: String? = nil, username: String? = nil, password: String? = nil,
        clusterName: String? = nil, autoscaleConfigPath: String? = nil,
        certificateAuthorityPath: String? = nil, skipTLSVerification: Bool = false,
        allowInsecureHTTP: Bool = false, requestTimeout: Double = 30
    ) {
        self.url = url
        self.username = username
        self.password = password
        self.clusterName = clusterName
        self.autoscaleConfigPath = autoscaleConfigPath
        self.certificateAuthorityPath = certificateAuthorityPath
        self.skipTLSVerification = skipTLSVerification
        self.allowInsecureHTTP = allowInsecureHTTP
        self.requestTimeout = requestTimeout
    }

    /// The settings with the password hidden.
    public var description: String {
        "url \(url ?? "-"), user \(username ?? "-"), password \(password == nil ? "-" : "(hidden)")"
            + ", cluster \(clusterName ?? "-"), autoscale config \(autoscaleConfigPath ?? "-")"
    }

    /// A mirror without the password.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "url": url as Any, "username": username as Any,
                "password": password == nil ? "-" : "(hidden)", "clusterName": clusterName as Any,
                "autoscaleConfigPath": autoscaleConfigPath as Any,
            ])
    }
}

extension CycleCloudConnection {
    /// The environment variables that `resolve` reads.
    public enum EnvironmentKey {
        /// `CYCLECLOUD_URL`.
        public static let url = "CYCLECLOUD_URL"
        /// `CYCLECLOUD_USERNAME`.
        public static let username = "CYCLECLOUD_USERNAME"
        /// `CYCLECLOUD_PASSWORD`.
        public static let password = "CYCLECLOUD_PASSWORD"
        /// `CYCLECLOUD_CLUSTER`.
        public static let cluster = "CYCLECLOUD_CLUSTER"
    }

    /// A connection from `settings`, each missing piece taken from the environment
    /// (`CYCLECLOUD_URL`, `CYCLECLOUD_USERNAME`, `CYCLECLOUD_PASSWORD`,
    /// `CYCLECLOUD_CLUSTER`), then from the autoscale configuration file if one is named.
    ///
    /// - Throws: `CycleCloudClientError.configuration` naming what is missing and where it
    ///   can be given, or what is wrong with the file. Messages never quote the password.
    public static func resolve(
        _ settings: CycleCloudConnectionSettings,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(CycleCloudClientError) -> CycleCloudConnection {
        let file = try settings.autoscaleConfigPath.map { path throws(CycleCloudClientError) in
            try AutoscaleConfig(path: path)
        }
        func pick(_ explicit: String?, _ key: String, _ fileKey: String) -> String? {
            if let explicit, !explicit.isEmpty { return explicit }
            if let value = environment[key], !value.isEmpty { return value }
            return file?.values[fileKey]
        }
        func missing(_ what: String, _ key: String, _ fileKey: String) -> CycleCloudClientError {
            .configuration(
                "no CycleCloud \(what) was given: give it explicitly, set \(key), or name an "
                    + "autoscale config file whose \"\(fileKey)\" holds it")
        }

        guard let urlText = pick(settings.url, EnvironmentKey.url, "url") else {
            throw missing("URL", EnvironmentKey.url, "url")
        }
        guard let username = pick(settings.username, EnvironmentKey.username, "username") else {
            throw missing("user name", EnvironmentKey.username, "username")
        }
        guard let password = pick(settings.password, EnvironmentKey.password, "password") else {
            throw missing("password", EnvironmentKey.password, "password")
        }
        guard let cluster = pick(settings.clusterName, EnvironmentKey.cluster, "cluster_name")
        else {
            throw missing("cluster name", EnvironmentKey.cluster, "cluster_name")
        }
        guard let url = URL(string: urlText.trimmingCharacters(in: .whitespaces)) else {
            throw .configuration("the CycleCloud URL is not a URL")
        }

        let trust: TLSTrust
        if settings.skipTLSVerification {
            trust = .insecureNoVerification
        } else if let path = settings.certificateAuthorityPath {
            trust = .certificateAuthority(path: path)
        } else {
            trust = .system
        }
        return try CycleCloudConnection(
            url: url, clusterName: cluster,
            credentials: CycleCloudCredentials(username: username, password: password),
            trust: trust, allowInsecureHTTP: settings.allowInsecureHTTP,
            requestTimeout: settings.requestTimeout)
    }
}

/// The string members of an autoscale configuration file. Errors about it name keys and
/// places, never values, because the file holds a password.
private struct AutoscaleConfig {
    var values: [String: String] = [:]

    init(path: String) throws(CycleCloudClientError) {
        let data: Data
        do {
            data = try JSONDocument.read(path: path)
        } catch {
            throw .configuration("autoscale config \(error)")
        }
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            let location = JSONSyntaxCheck.firstError(in: data)?.location
            throw .configuration(
                "autoscale config \(path)\(location.map { ": \($0)" } ?? ""): is not valid JSON")
        }
        guard let members = root.objectValue else {
            throw .configuration("autoscale config \(path): expected a JSON object")
        }
        for key in ["url", "username", "password", "cluster_name"] {
            guard let value = members[key] else { continue }
            guard let text = value.stringValue else {
                throw .configuration("autoscale config \(path): $.\(key) must be a string")
            }
            values[key] = text
        }
    }
}

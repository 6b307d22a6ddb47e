import Foundation

/// How the client decides whether to trust a CycleCloud server's TLS certificate.
///
/// What each choice does depends on the platform, because FoundationNetworking on Linux
/// hands TLS to libcurl and offers no per-session trust settings:
///
/// | choice | Apple platforms | Linux |
/// | --- | --- | --- |
/// | `system` | the system's trust store | libcurl's CA bundle (`/etc/ssl/certs/ca-certificates.crt` on Debian) |
/// | `certificateAuthority` | the file's CAs are added as anchors for this session | accepted only when every CA in the file is already in the system bundle; otherwise a configuration error says how to add it |
/// | `insecureNoVerification` | any certificate is accepted | not possible: a configuration error |
public enum TLSTrust: Sendable, Hashable {
    /// The system's trusted certificate authorities. The default.
    case system
    /// The system's authorities and the CA certificates in a PEM file, such as the private
    /// CA a CycleCloud installation was set up with. Verification stays on.
    case certificateAuthority(path: String)
    /// No certificate verification at all. Only with an explicit choice; the connection's
    /// `warnings` say so.
    case insecureNoVerification
}

/// Reads PEM certificate files and finds the CA bundle that libcurl uses on Linux.
public enum CertificateBundle {
    /// The CA bundles FoundationNetworking on Linux falls back to, in its order.
    public static let systemBundlePaths = [
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/usr/share/ssl/certs/ca-bundle.crt",
        "/usr/local/share/certs/ca-root-nss.crt",
        "/etc/ssl/cert.pem",
    ]

    /// The DER bytes of every `CERTIFICATE` block in PEM text.
    public static func certificates(inPEM text: String) -> [Data] {
        let begin = "-----BEGIN CERTIFICATE-----"
        let end = "-----END CERTIFICATE-----"
        var result: [Data] = []
        var rest = Substring(text)
        while let start = rest.range(of: begin),
            let stop = rest.range(of: end, range: start.upperBound..<rest.endIndex)
        {
            let base64 = rest[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
            if let der = Data(base64Encoded: String(base64)) {
                result.append(der)
            }
            rest = rest[stop.upperBound...]
        }
        return result
    }

    /// The certificates of the PEM file at `path`.
    ///
    /// - Throws: `CycleCloudClientError.configuration` when the file cannot be read or holds
    ///   no certificate.
    public static func certificates(atPath path: String) throws(CycleCloudClientError) -> [Data] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .configuration("cannot read the CA file \(path): no such file, or no permission")
        }
        let found = certificates(inPEM: String(decoding: data, as: UTF8.self))
        guard !found.isEmpty else {
            throw .configuration(
                "the CA file \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        return found
    }

    /// Checks that every CA in the file at `path` is in the first existing bundle of
    /// `bundlePaths`, which is how a private CA can be honoured on Linux.
    ///
    /// - Throws: `CycleCloudClientError.configuration` naming the missing CA and the commands
    ///   that add it to the system's trust store.
    public static func requireInSystemBundle(
        caFile path: String, bundlePaths: [String] = systemBundlePaths
    ) throws(CycleCloudClientError) {
        let wanted = try certificates(atPath: path)
        guard let bundlePath = bundlePaths.first(where: FileManager.default.fileExists(atPath:)),
            let bundle = FileManager.default.contents(atPath: bundlePath)
        else {
            throw .configuration(
                "no system CA bundle was found (looked for \(bundlePaths.joined(separator: ", ")))"
                    + "; install the ca-certificates package")
        }
        let trusted = Set(certificates(inPEM: String(decoding: bundle, as: UTF8.self)))
        let missing = wanted.filter { !trusted.contains($0) }.count
        guard missing == 0 else {
            throw .configuration(
                "\(missing) of the \(wanted.count) certificate(s) in \(path) are not in the "
                    + "system CA bundle \(bundlePath). On Linux, Berth's HTTP stack "
                    + "(FoundationNetworking over libcurl) trusts only that bundle and cannot "
                    + "take a CA file per connection. Add the CA once, as root: "
                    + "cp \(path) /usr/local/share/ca-certificates/cyclecloud-ca.crt && "
                    + "update-ca-certificates")
        }
    }
}

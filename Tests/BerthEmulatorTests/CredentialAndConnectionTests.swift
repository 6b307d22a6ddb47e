import BerthEmulator
import CycleCloudAPI
import Foundation
import Testing

@Suite struct CredentialAndConnectionTests {
    private let password = "Hunter2-very-secret"

    private func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("berth-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("credentials show the user and hide the password in every rendering")
    func redaction() {
        let credentials = CycleCloudCredentials(username: "alice", password: password)
        var dumped = ""
        dump(credentials, to: &dumped)
        let renderings = [
            "\(credentials)", String(reflecting: credentials), dumped,
            String(describing: Mirror(reflecting: credentials).children.map(\.value)),
        ]
        for text in renderings {
            #expect(!text.contains(password), "\(text)")
            #expect(text.contains("alice"))
        }
        #expect(credentials.authorizationHeader == "Basic YWxpY2U6SHVudGVyMi12ZXJ5LXNlY3JldA==")
    }

    @Test("connections, settings and errors never show the password")
    func noLeaks() async throws {
        let settings = CycleCloudConnectionSettings(
            url: "http://127.0.0.1:9", username: "alice", password: password,
            clusterName: "demo")
        var dumped = ""
        dump(settings, to: &dumped)
        #expect(!"\(settings)".contains(password) && !dumped.contains(password))
        let connection = try CycleCloudConnection.resolve(settings, environment: [:])
        #expect(!"\(connection)".contains(password))
        dumped = ""
        dump(connection, to: &dumped)
        #expect(!dumped.contains(password))

        // Wrong password against the emulator, and a closed port: neither error nor log
        // line quotes the password.
        let right = CycleCloudCredentials(username: "alice", password: "the-right-one")
        let wrong = CycleCloudCredentials(username: "alice", password: password)
        try await withEmulator(
            configuration: configured { $0.credentials = right }, credentials: wrong
        ) {
            harness in
            var texts: [String] = []
            do {
                _ = try await harness.client.createNodes(createRequest("htc", 1))
            } catch {
                texts += ["\(error)", String(reflecting: error)]
                #expect((error as? CycleCloudClientError)?.category == .unavailable)
            }
            let unreachable = try CycleCloudClient(
                connection: connection, retryPolicy: .immediate,
                observer: { harness.events.record($0) })
            do {
                _ = try await unreachable.clusterStatus()
            } catch {
                texts += ["\(error)", String(reflecting: error)]
            }
            texts += harness.events.lines
            #expect(texts.count > 4)
            for text in texts {
                #expect(!wrong.appears(in: text), "\(text)")
            }
        }
    }

    @Test("explicit values win over the environment, which wins over the autoscale file")
    func resolutionOrder() throws {
        let file = try temporaryFile(
            #"{"url":"https://file.example.com","username":"file-user","password":"file-pw","cluster_name":"file-cluster","verify_certificates":false}"#
        )
        defer { try? FileManager.default.removeItem(atPath: file) }
        let environment = [
            "CYCLECLOUD_URL": "https://env.example.com", "CYCLECLOUD_USERNAME": "env-user",
        ]
        let resolved = try CycleCloudConnection.resolve(
            CycleCloudConnectionSettings(clusterName: "explicit", autoscaleConfigPath: file),
            environment: environment)
        #expect(resolved.url.absoluteString == "https://env.example.com")
        #expect(resolved.credentials.username == "env-user")
        #expect(resolved.clusterName == "explicit")
        #expect(resolved.credentials.matches(authorizationHeader: "Basic ZW52LXVzZXI6ZmlsZS1wdw=="))
        #expect(resolved.trust == .system && resolved.warnings.isEmpty)
    }

    @Test("a missing piece names every place it could come from")
    func missingPieces() {
        #expect {
            _ = try CycleCloudConnection.resolve(
                CycleCloudConnectionSettings(url: "https://cc", username: "u"),
                environment: [:])
        } throws: { error in
            let text = "\(error)"
            return text.contains("password") && text.contains("CYCLECLOUD_PASSWORD")
                && text.contains("autoscale config")
        }
    }

    @Test("a broken autoscale file is reported by place and key, never by value")
    func brokenAutoscaleFile() throws {
        let broken = try temporaryFile(#"{"url":"https://x","password": \#(password)}"#)
        let wrongType = try temporaryFile(#"{"password": 12345678}"#)
        defer {
            try? FileManager.default.removeItem(atPath: broken)
            try? FileManager.default.removeItem(atPath: wrongType)
        }
        for path in [broken, wrongType] {
            #expect {
                _ = try CycleCloudConnection.resolve(
                    CycleCloudConnectionSettings(autoscaleConfigPath: path), environment: [:])
            } throws: { error in
                let text = "\(error)"
                return text.contains(path) && !text.contains(password)
                    && !text.contains("12345678")
            }
        }
    }

    @Test(
        "unsafe or malformed URLs are refused before anything is sent",
        arguments: [
            ("http://cyclecloud.example.com", "refusing plain http"),
            ("ftp://cyclecloud.example.com", "must start with https://"),
            ("https://alice:pw@cyclecloud.example.com", "must not carry a user name"),
            ("https://", "names no host"),
        ])
    func unsafeURLs(url: String, message: String) {
        #expect {
            _ = try CycleCloudConnection.resolve(
                CycleCloudConnectionSettings(
                    url: url, username: "u", password: "pw", clusterName: "c"),
                environment: [:])
        } throws: { error in
            "\(error)".contains(message) && !"\(error)".contains(":pw@")
        }
    }

    @Test(
        "plain http is allowed to loopback addresses, and elsewhere only when asked, with a warning",
        arguments: ["127.0.0.1", "127.8.9.10", "localhost", "[::1]"])
    func loopback(host: String) throws {
        let local = try CycleCloudConnection.resolve(
            CycleCloudConnectionSettings(
                url: "http://\(host):8080", username: "u", password: "p", clusterName: "c"),
            environment: [:])
        #expect(local.warnings.isEmpty)
        let remote = try CycleCloudConnection.resolve(
            CycleCloudConnectionSettings(
                url: "http://10.0.0.5:8080", username: "u", password: "p", clusterName: "c",
                allowInsecureHTTP: true),
            environment: [:])
        #expect(remote.warnings.count == 1 && remote.warnings[0].contains("unencrypted"))
    }

    @Test("the client refuses a server whose certificate it does not trust")
    func untrustedCertificate() async throws {
        let key = try String(contentsOfFile: fixturePath("emulator-tls-key.pem"), encoding: .utf8)
        let certificate = try String(
            contentsOfFile: fixturePath("emulator-tls-cert.pem"), encoding: .utf8)
        let emulator = try Emulator(
            snapshotPath: fixturePath("shared-quota-snapshot.json"),
            configuration: EmulatorConfiguration())
        let server = try EmulatorServer.start(emulator, tls: (key, certificate))
        defer { server.stop() }
        #expect(server.url.scheme == "https")
        let client = try CycleCloudClient(
            connection: CycleCloudConnection(
                url: server.url, clusterName: "demo",
                credentials: CycleCloudCredentials(username: "u", password: "p")),
            retryPolicy: .immediate)
        await #expect {
            _ = try await client.clusterStatus()
        } throws: { error in
            guard case .transport(_, _, let failure) = error as? CycleCloudClientError else {
                return false
            }
            return failure.kind == .tls
                && (error as? CycleCloudClientError)?.category == .unavailable
        }
    }

    @Test("a CA file is honoured on Linux only when the system bundle already holds it")
    func caFileOnLinux() throws {
        let ca = fixturePath("emulator-tls-cert.pem")
        #expect {
            try CertificateBundle.requireInSystemBundle(caFile: ca)
        } throws: { error in
            "\(error)".contains("update-ca-certificates")
        }
        let bundle = try temporaryFile(
            try String(contentsOfFile: ca, encoding: .utf8) + "\n")
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        try CertificateBundle.requireInSystemBundle(caFile: ca, bundlePaths: [bundle])
        #expect {
            try CertificateBundle.requireInSystemBundle(caFile: bundle + ".missing")
        } throws: { error in
            "\(error)".contains("cannot read the CA file")
        }
    }

    #if os(Linux)
        @Test("turning verification off is refused on Linux, where it cannot be honoured")
        func insecureOnLinux() throws {
            #expect(throws: CycleCloudClientError.self) {
                _ = try URLSessionTransport(trust: .insecureNoVerification)
            }
            let connection = try CycleCloudConnection.resolve(
                CycleCloudConnectionSettings(
                    url: "https://cc.example.com", username: "u", password: "p",
                    clusterName: "c", skipTLSVerification: true),
                environment: [:])
            #expect(connection.warnings.first?.contains("verification is OFF") == true)
        }
    #endif
}

import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth emulate`: serves a stateful CycleCloud REST API emulator over HTTP until SIGINT
/// or SIGTERM.
enum EmulateCommand: Command {
    static let name = "emulate"
    static let summary = "serve a CycleCloud REST API emulator of a snapshot"
    static let help = """
        Usage: berth emulate --snapshot STATUS.json [options]

        Serves the CycleCloud REST API for one cluster, starting from a cluster status
        snapshot, until interrupted (Ctrl-C or SIGTERM). Prints the base URL on standard
        output. Creates consume quota and limits, nodes boot and terminate, operations and
        request ids resolve; faults can be injected. See docs/cyclecloud-client-and-emulator.md.

          --snapshot FILE            cluster status JSON (GET status?nodes=true or without)
          --cluster NAME             cluster name to answer for (default demo)
          --host ADDRESS             address to listen on (default 127.0.0.1)
          --port N                   port (default 8080; 0 picks a free one)
          --threads N                server threads (default 2)
          --user NAME --password P   require Basic authentication
          --boot-seconds S           Acquiring+Preparing time of a node (default 0: instant);
                                     terminating and deallocating take S/2
          --catalog FILE             extra machine catalog (quota families), on top of
                                     datasets/catalog/azure-vm-catalog.json
          --tls-cert PEM --tls-key PEM   serve HTTPS
        Faults (random draws follow --seed N, default 1):
          --fail-rate ENDPOINT=RATE  answer 500/503 without effect for RATE (0-1) of the
                                     requests; ENDPOINT is all, status, nodes, create,
                                     terminate, remove, deallocate, shutdown, start,
                                     operations or retry; repeatable
          --latency-ms N             wait N ms before handling each request
          --drop-create-responses RATE   lose the answer of RATE of the creates after they
                                     took effect
          --drop-mode close|502      how an answer is lost (default close: the connection
                                     is closed)
          --capacity-failure BUCKET_OR_MACHINE_TYPE   creates there add 0 nodes; repeatable

        Exit status: 0 after a signal, 64 bad options, 65 bad snapshot, 69 cannot listen.
        """
    static let valueOptions: Set<String> = [
        "--snapshot", "--cluster", "--host", "--port", "--threads", "--user", "--password",
        "--boot-seconds", "--catalog", "--tls-cert", "--tls-key", "--fail-rate", "--latency-ms",
        "--drop-create-responses", "--drop-mode", "--capacity-failure", "--seed",
    ]

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let snapshotPath = try arguments.required("--snapshot")
        let host = arguments.value("--host") ?? "127.0.0.1"
        let port = try arguments.integer("--port", in: 0...65535) ?? 8080
        let threads = try arguments.integer("--threads", in: 1...64) ?? 2
        var configuration = try configuration(&arguments)
        let tls = try tlsIdentity(&arguments)
        let catalogPath = arguments.value("--catalog")
        try arguments.checkAllUsed()

        let snapshot = try JSONDocument.load(ClusterStatus.self, path: snapshotPath)
        configuration.machineFamilies = try families(of: snapshot, catalogPath: catalogPath)
        let emulator = try Emulator(
            snapshot: snapshot, configuration: configuration, document: snapshotPath)
        for warning in emulator.diagnostics.warnings {
            Console.warning("\(warning)")
        }
        let server: EmulatorServer
        do {
            server = try EmulatorServer.start(
                emulator, host: host, port: UInt16(port), threads: threads, tls: tls)
        } catch {
            Console.error("\(error)")
            return .unavailable
        }

        Console.output("\(server.url.absoluteString)\n")
        Console.note(
            "emulating cluster \(configuration.clusterName) from \(snapshotPath) at "
                + "\(server.url.absoluteString); Ctrl-C stops")
        await Termination.wait()
        server.stop()
        Console.note("stopped")
        return .success
    }

    /// The emulator configuration the options describe (families are added later).
    private static func configuration(_ arguments: inout Arguments) throws(UsageError)
        -> EmulatorConfiguration
    {
        var configuration = EmulatorConfiguration()
        configuration.clusterName = arguments.value("--cluster") ?? "demo"
        let user = arguments.value("--user")
        let password = arguments.value("--password")
        switch (user, password) {
        case (let user?, let password?):
            configuration.credentials = CycleCloudCredentials(username: user, password: password)
        case (nil, nil):
            break
        default:
            throw UsageError("--user and --password go together")
        }
        if let seconds = try arguments.number("--boot-seconds", in: 0...86_400) {
            configuration.lifecycle = .booting(seconds: seconds)
        }
        configuration.seed = UInt64(try arguments.integer("--seed", in: 0...Int.max) ?? 1)
        configuration.faults = try faults(&arguments)
        return configuration
    }

    private static func faults(_ arguments: inout Arguments) throws(UsageError) -> FaultInjection {
        var faults = FaultInjection()
        for text in arguments.values("--fail-rate") {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let rate = Double(parts[1]), (0...1).contains(rate) else {
                throw UsageError(
                    "--fail-rate takes ENDPOINT=RATE with RATE from 0 to 1, not '\(text)'")
            }
            if parts[0] == "all" {
                for endpoint in EmulatorEndpoint.allCases {
                    faults.failureRates[endpoint] = rate
                }
            } else if let endpoint = EmulatorEndpoint(rawValue: parts[0]) {
                faults.failureRates[endpoint] = rate
            } else {
                let names = EmulatorEndpoint.allCases.map(\.rawValue).joined(separator: ", ")
                throw UsageError("--fail-rate: unknown endpoint '\(parts[0])'; use all, \(names)")
            }
        }
        faults.latency = Double(try arguments.integer("--latency-ms", in: 0...60_000) ?? 0) / 1000
        faults.dropCreateResponseRate =
            try arguments.number("--drop-create-responses", in: 0...1) ?? 0
        switch arguments.value("--drop-mode") {
        case nil, "close": faults.dropMode = .closeConnection
        case "502": faults.dropMode = .badGateway
        case let other?: throw UsageError("--drop-mode takes close or 502, not '\(other)'")
        }
        faults.capacityFailures = Set(
            arguments.values("--capacity-failure").map { $0.lowercased() })
        return faults
    }

    private static func tlsIdentity(_ arguments: inout Arguments) throws
        -> (keyPEM: String, certificatePEM: String)?
    {
        switch (arguments.value("--tls-key"), arguments.value("--tls-cert")) {
        case (nil, nil):
            return nil
        case (let key?, let certificate?):
            let keyData = try JSONDocument.read(path: key)
            let certificateData = try JSONDocument.read(path: certificate)
            return (
                String(decoding: keyData, as: UTF8.self),
                String(decoding: certificateData, as: UTF8.self)
            )
        default:
            throw UsageError("--tls-cert and --tls-key go together")
        }
    }

    /// The quota family of every machine type in the snapshot, from the bundled catalog and
    /// the `--catalog` file; machine types in neither are families of their own.
    private static func families(of snapshot: ClusterStatus, catalogPath: String?)
        throws(InputError) -> [String: String]
    {
        var catalog = try MachineCatalog.bundled()
        if let catalogPath {
            catalog = catalog.merging(try MachineCatalog.load(path: catalogPath))
        }
        var families: [String: String] = [:]
        for bucket in snapshot.nodearrays.flatMap(\.buckets) {
            guard let machineType = bucket.machineType else { continue }
            if let entry = catalog[machineType] {
                families[machineType] = entry.family
            } else {
                Console.detail("\(machineType) is not in the catalog: a quota family of its own")
            }
        }
        return families
    }
}

import CycleCloudAPI
import Foundation

/// An emulator served over real HTTP: start one on an ephemeral loopback port for a test or
/// a benchmark, point a `CycleCloudClient` at `url`, and `stop()` it when done.
///
/// ```swift
/// let server = try EmulatorServer.start(snapshotPath: "snapshot.json")
/// defer { server.stop() }
/// // talk to server.url, cluster server.emulator.configuration.clusterName
/// ```
public final class EmulatorServer: Sendable {
    /// The emulator behind the server, for inspecting its state directly.
    public let emulator: Emulator
    /// The HTTP server.
    public let server: HTTPServer

    /// The base URL to give a client, such as `http://127.0.0.1:41234`.
    public var url: URL { server.url }

    private init(emulator: Emulator, server: HTTPServer) {
        self.emulator = emulator
        self.server = server
    }

    /// Serves `emulator` on `host` and `port` (0: any free port) with `threads` threads.
    ///
    /// - Throws: `HTTPServerError` when the address cannot be used.
    public static func start(
        _ emulator: Emulator, host: String = "127.0.0.1", port: UInt16 = 0, threads: Int = 2,
        tls: (keyPEM: String, certificatePEM: String)? = nil
    ) throws(HTTPServerError) -> EmulatorServer {
        let server = try HTTPServer(
            host: host, port: port, threads: threads, tls: tls,
            handler: { [emulator] request in emulator.handle(request) })
        return EmulatorServer(emulator: emulator, server: server)
    }

    /// Starts an emulator of `snapshot` on an ephemeral loopback port.
    ///
    /// - Throws: `InputError` for a snapshot the emulator cannot use, `HTTPServerError` when
    ///   no port can be bound.
    public static func start(
        snapshot: ClusterStatus, configuration: EmulatorConfiguration = EmulatorConfiguration()
    ) throws -> EmulatorServer {
        try start(Emulator(snapshot: snapshot, configuration: configuration))
    }

    /// Starts an emulator of the snapshot file at `path` on an ephemeral loopback port.
    ///
    /// - Throws: `InputError` naming the file for a bad snapshot, `HTTPServerError` when no
    ///   port can be bound.
    public static func start(
        snapshotPath path: String,
        configuration: EmulatorConfiguration = EmulatorConfiguration()
    ) throws -> EmulatorServer {
        try start(Emulator(snapshotPath: path, configuration: configuration))
    }

    /// Stops serving; waits for requests in progress. Calling it again does nothing.
    public func stop() {
        server.stop()
    }
}

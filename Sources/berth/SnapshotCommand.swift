import CycleCloudAPI
import Foundation

/// `berth snapshot`: reads a cluster's status from CycleCloud, as a snapshot for
/// planning or for `berth emulate`.
enum SnapshotCommand: Command {
    static let name = "snapshot"
    static let summary = "fetch a cluster status snapshot from CycleCloud"
    static let help = """
        Usage: berth snapshot [--output FILE] [--without-nodes] [connection options]

        Reads GET /clusters/CLUSTER/status?nodes=true and writes it as JSON to standard
        output (or FILE): a snapshot for 'berth plan' or 'berth emulate --snapshot'.

          --output FILE             write to FILE instead of standard output
          --without-nodes           leave out the node records (nodes=false)

        \(ConnectionOptions.help)

        Exit status: 0 done, 64 bad options or settings, 65 unreadable answer,
        69 CycleCloud unreachable or credentials refused, 75 temporary failure.
        """
    static let valueOptions = ConnectionOptions.valueOptions.union(["--output"])

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let output = arguments.value("--output")
        let withoutNodes = arguments.flag("--without-nodes")
        let client = try ConnectionOptions.client(&arguments)
        try arguments.checkAllUsed()

        let status = try await client.clusterStatus(includeNodes: !withoutNodes)
        let data = try JSONDocument.encode(status)
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: data + Data("\n".utf8))
            else {
                Console.error("cannot write \(output): check the directory and its permissions")
                throw ReportedFailure(code: .failure)
            }
            Console.note(
                "wrote the status of cluster \(client.connection.clusterName) to \(output)")
        } else {
            Console.output(String(decoding: data, as: UTF8.self) + "\n")
        }
        return .success
    }
}

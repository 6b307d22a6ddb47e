import Foundation
import Testing

/// What one run of `berth` did.
struct Run: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    var description: String {
        "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }

    /// Whether `text` appears in standard output or standard error.
    func mentions(_ text: String) -> Bool {
        stdout.contains(text) || stderr.contains(text)
    }
}

/// The built `berth` executable: beside the test bundle (`swift build --build-tests` builds
/// both), or `BERTH_BINARY`.
func berthBinary() throws -> URL {
    var candidates: [URL] = []
    if let path = ProcessInfo.processInfo.environment["BERTH_BINARY"], !path.isEmpty {
        candidates.append(URL(fileURLWithPath: path))
    }
    if let bundle = Bundle.main.executableURL {
        candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("berth"))
    }
    if let first = CommandLine.arguments.first {
        candidates.append(
            URL(fileURLWithPath: first).deletingLastPathComponent().appendingPathComponent("berth"))
    }
    candidates.append(packageRoot.appendingPathComponent(".build/debug/berth"))
    guard
        let found = candidates.first(where: {
            FileManager.default.isExecutableFile(atPath: $0.path)
        })
    else {
        throw BinaryMissing()
    }
    return found
}

/// The `berth` binary was not built.
struct BinaryMissing: Error, CustomStringConvertible {
    var description: String {
        "the berth binary is missing: build it with 'swift build --build-tests', or set "
            + "BERTH_BINARY"
    }
}

/// A `berth` process whose standard output and error go to files, so that a large output
/// never blocks it.
struct BerthProcess {
    let process: Process
    let directory: URL

    init(_ arguments: [String], environment: [String: String] = [:]) throws {
        process = Process()
        process.executableURL = try berthBinary()
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("CYCLECLOUD_") }
            .merging(environment) { $1 }
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("berth-apply-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    private var outURL: URL { directory.appendingPathComponent("stdout") }
    private var errURL: URL { directory.appendingPathComponent("stderr") }

    /// Standard output so far.
    var stdout: String {
        String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self)
    }

    /// Waits for the process to end and collects its output.
    func finish() async -> Run {
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let run = Run(
            status: process.terminationStatus, stdout: stdout,
            stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self))
        try? FileManager.default.removeItem(at: directory)
        return run
    }
}

/// Runs `berth arguments…` in the package root with `environment` added (and the
/// `CYCLECLOUD_*` variables of the test's own environment removed) and collects its output.
func berth(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
    try await BerthProcess(arguments, environment: environment).finish()
}

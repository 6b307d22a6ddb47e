import Foundation
import Testing

/// The package's root directory, found from this file's place in it.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// What one run of `berth` did.
struct Run: CustomStringConvertible {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Standard error's lines, without the empty one after the last newline.
    var stderrLines: [String] {
        stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    var description: String {
        "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)"
    }
}

/// The built `berth` executable.
///
/// It is a product of the same build as the tests: `swift build --build-tests` builds both.
/// The test bundle sits in the build directory beside it; `BERTH_BINARY` overrides.
func berthBinary() throws -> URL {
    var candidates: [URL] = []
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["BERTH_BINARY"], !path.isEmpty {
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
    for candidate in candidates
    where FileManager.default.isExecutableFile(atPath: candidate.path) {
        return candidate
    }
    throw BinaryMissing(looked: candidates.map(\.path))
}

/// The `berth` binary was not built.
struct BinaryMissing: Error, CustomStringConvertible {
    var looked: [String]

    var description: String {
        "the berth binary is missing (looked at \(looked.joined(separator: ", "))); build it "
            + "with 'swift build --build-tests' before running the CLI tests, or set BERTH_BINARY"
    }
}

/// Runs `berth arguments…` in the package root and collects its output.
func berth(_ arguments: String...) throws -> Run {
    try berth(arguments: arguments)
}

/// Runs `berth` with `arguments` in `directory` (the package root unless given) and
/// collects its output.
func berth(arguments: [String], in directory: URL = packageRoot) throws -> Run {
    let process = Process()
    process.executableURL = try berthBinary()
    process.arguments = arguments
    process.currentDirectoryURL = directory

    // Files rather than pipes, so that a large output never blocks the child.
    let capture = FileManager.default.temporaryDirectory
        .appendingPathComponent("berth-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: capture, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: capture) }
    let out = capture.appendingPathComponent("stdout")
    let err = capture.appendingPathComponent("stderr")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    let outHandle = try FileHandle(forWritingTo: out)
    let errHandle = try FileHandle(forWritingTo: err)
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice

    try process.run()
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return Run(
        status: process.terminationStatus,
        stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
        stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
}

/// A new, empty temporary directory.
func temporaryDirectory() throws -> String {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("berth-cli-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url.path
}

/// Paths the tests pass to `berth`, relative to the package root.
enum Paths {
    static let docsStatus =
        "Tests/CycleCloudAPITests/Fixtures/docs-use-rest-api-cluster-status.json"
    static let snapshot = "datasets/examples/contention/snapshot.json"
    static let workload = "datasets/examples/contention/workload.json"
    static let catalog = "datasets/catalog/azure-vm-catalog.json"
}

/// Checks that a failed run says one thing, on one `error:` line, with no crash report.
func expectOneErrorLine(
    _ run: Run, status: Int32, containing parts: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(run.status == status, "\(run)", sourceLocation: sourceLocation)
    #expect(run.stdout.isEmpty, "\(run)", sourceLocation: sourceLocation)
    let errors = run.stderrLines.filter { $0.hasPrefix("error: ") }
    #expect(errors.count == 1, "\(run)", sourceLocation: sourceLocation)
    for part in parts {
        #expect(
            errors.first?.contains(part) == true, "no '\(part)' in: \(run.stderr)",
            sourceLocation: sourceLocation)
    }
    for crash in ["Fatal error", "Stack dump", "backtrace", "Segmentation"] {
        #expect(!run.stderr.contains(crash), "\(run)", sourceLocation: sourceLocation)
    }
}

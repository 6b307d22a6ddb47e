import CycleCloudAPI
import Foundation
import Testing

/// The `berth` executable built beside the tests.
private let berth = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent(".build/debug/berth")

/// A finished run of `berth`.
private struct Run {
    var status: Int32
    var output: String
    var errors: String
}

/// Runs `berth` with `arguments` and `environment` added to this process's environment.
private func runBerth(_ arguments: [String], environment: [String: String] = [:]) async throws
    -> Run
{
    let process = Process()
    process.executableURL = berth
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<Void, any Error>) in
        process.terminationHandler = { _ in continuation.resume() }
        do {
            try process.run()
        } catch {
            continuation.resume(throwing: error)
        }
    }
    return Run(
        status: process.terminationStatus,
        output: String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
        errors: String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}

/// A `berth emulate` running in the background, and the URL it printed.
private struct RunningEmulator {
    let process: Process
    let url: String
    let errors: Pipe

    init(_ arguments: [String]) throws {
        process = Process()
        process.executableURL = berth
        process.arguments = ["emulate"] + arguments
        let output = Pipe()
        errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        url = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Sends SIGTERM and returns the exit status.
    func stop() -> Int32 {
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite(.serialized) struct CommandLineTests {
    init() throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: berth.path),
            "build berth first (swift build --build-tests builds it)")
    }

    @Test("berth emulate serves until SIGTERM and berth snapshot reads it with the right password")
    func emulateAndFetch() async throws {
        let emulator = try RunningEmulator([
            "--snapshot", fixturePath("shared-quota-snapshot.json"), "--port", "0",
            "--cluster", "lab", "--user", "ops", "--password", "emulator-pw",
        ])
        #expect(emulator.url.hasPrefix("http://127.0.0.1:"))

        let fetched = try await runBerth(
            ["snapshot", "--url", emulator.url, "--username", "ops", "--cluster", "lab"],
            environment: ["CYCLECLOUD_PASSWORD": "emulator-pw"])
        #expect(fetched.status == 0, "\(fetched.errors)")
        let status = try JSONDocument.decode(
            ClusterStatus.self, from: Data(fetched.output.utf8), document: "stdout")
        #expect(status.nodes?.count == 2)
        #expect(status.nodearrays.map(\.name) == ["htc", "batch", "hpc", "spot"])

        let refused = try await runBerth(
            ["snapshot", "--url", emulator.url, "--username", "ops", "--cluster", "lab"],
            environment: ["CYCLECLOUD_PASSWORD": "not-the-password"])
        #expect(refused.status == 69)
        #expect(refused.errors.contains("error: GET /clusters/lab/status?nodes=true"))
        #expect(refused.errors.contains("HTTP 401"))
        #expect(!refused.errors.contains("not-the-password") && refused.output.isEmpty)

        #expect(emulator.stop() == 0)
    }

    @Test("berth emulate rejects a bad snapshot with exit 65 and says where it is wrong")
    func badSnapshot() async throws {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("berth-bad-\(UUID().uuidString).json").path
        try Data(#"{"nodearrays":[{"name":"a","buckets":[{"bucketId":1}]}]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let run = try await runBerth(["emulate", "--snapshot", path, "--port", "0"])
        #expect(run.status == 65)
        #expect(run.errors.contains("error: \(path): $.nodearrays[0].buckets[0].bucketId"))
    }

    @Test("berth emulate refuses unknown fault endpoints with exit 64")
    func badFaultOption() async throws {
        let run = try await runBerth([
            "emulate", "--snapshot", fixturePath("shared-quota-snapshot.json"),
            "--fail-rate", "everything=0.5",
        ])
        #expect(run.status == 64)
        #expect(run.errors.contains("unknown endpoint 'everything'"))
    }

    @Test("berth snapshot exits 69 when CycleCloud cannot be reached and 64 without a URL")
    func unreachable() async throws {
        let closed = try await runBerth(
            ["snapshot", "--url", "http://127.0.0.1:9", "--username", "u", "--cluster", "c"],
            environment: ["CYCLECLOUD_PASSWORD": "pw"])
        #expect(closed.status == 69)
        #expect(closed.errors.contains("could not connect"))

        let missing = try await runBerth(
            ["snapshot"],
            environment: [
                "CYCLECLOUD_URL": "", "CYCLECLOUD_USERNAME": "", "CYCLECLOUD_PASSWORD": "",
                "CYCLECLOUD_CLUSTER": "",
            ])
        #expect(missing.status == 64)
        #expect(missing.errors.contains("CYCLECLOUD_URL"))
    }
}

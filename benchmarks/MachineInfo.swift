import Foundation

/// The machine a benchmark ran on, as the report states it.
struct MachineInfo {
    var processors: Int
    var memory: String
    var cpuModel: String
    var operatingSystem: String
    var swiftVersion: String
    var glpkVersion: String

    static func current() -> MachineInfo {
        MachineInfo(
            processors: ProcessInfo.processInfo.activeProcessorCount,
            memory: memoryTotal(), cpuModel: cpuModel(), operatingSystem: operatingSystem(),
            swiftVersion: firstLine(of: "swift", ["--version"]) ?? "unknown",
            glpkVersion: glpkVersion())
    }

    /// The 1-, 5- and 15-minute load averages: on a shared machine, what else was running.
    static func loadAverage() -> String {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else {
            return "unknown"
        }
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static func memoryTotal() -> String {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
            let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first
        else { return "unknown" }
        return String(format: "%.1f GiB", Double(kilobytes) / 1_048_576)
    }

    static func cpuModel() -> String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }

    static func operatingSystem() -> String {
        var name = "Linux"
        if let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PRETTY_NAME=") })
        {
            name = line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: ["\""])
        }
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return kernel.map { "\(name), kernel \($0)" } ?? name
    }

    static func glpkVersion() -> String {
        if let line = firstLine(of: "glpsol", ["--version"]),
            let version = line.split(separator: " ").last
        {
            return "GLPK \(version) (glpsol --version)"
        }
        if let version = firstLine(of: "dpkg-query", ["-W", "-f=${Version}", "libglpk40"]) {
            return "GLPK (Debian libglpk40 \(version))"
        }
        return "GLPK (version unknown)"
    }

    /// The first line a program prints, found on PATH; `nil` when it cannot be run.
    static func firstLine(of program: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let line = String(decoding: data, as: UTF8.self).split(separator: "\n").first
        return line.map(String.init)
    }
}

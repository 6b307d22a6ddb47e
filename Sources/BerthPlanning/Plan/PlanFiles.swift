import CycleCloudAPI
import Foundation

/// Writes and reads a plan directory: `plan.json` and one `request-NNN.json` per create
/// request, each the exact body to POST to `/clusters/NAME/nodes/create`.
public enum PlanFiles {
    /// Writes `plan` into `directory`, creating it if needed. Request files of an earlier
    /// plan in the directory are removed, so that every `request-NNN.json` there is one to
    /// send.
    ///
    /// - Throws: `InputError` naming the directory when it cannot be written.
    public static func write(_ plan: Plan, to directory: String) throws(InputError) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: directory)
            for name in try FileManager.default.contentsOfDirectory(atPath: directory)
            where isRequestFile(name) {
                try FileManager.default.removeItem(at: base.appendingPathComponent(name))
            }
            try JSONDocument.encode(plan).write(to: base.appendingPathComponent("plan.json"))
            for (index, request) in plan.createRequests.enumerated() {
                let name = String(format: "request-%03d.json", index + 1)
                try JSONDocument.encode(request).write(to: base.appendingPathComponent(name))
            }
        } catch {
            throw InputError(document: directory, problem: "cannot write the plan: \(error)")
        }
    }

    /// Whether `name` is a request file's name: `request-` digits `.json`.
    private static func isRequestFile(_ name: String) -> Bool {
        guard name.hasPrefix("request-"), name.hasSuffix(".json") else { return false }
        let serial = name.dropFirst("request-".count).dropLast(".json".count)
        return !serial.isEmpty && serial.allSatisfy(\.isASCII) && serial.allSatisfy(\.isNumber)
    }

    /// The request files of the directory `path` that differ from `plan`'s create requests
    /// (edited, missing or extra), as messages; empty when `path` is a file.
    public static func requestFileMismatches(_ plan: Plan, path: String) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
            isDirectory.boolValue,
            let names = try? FileManager.default.contentsOfDirectory(atPath: path)
        else { return [] }
        var problems: [String] = []
        let files = Set(names.filter(isRequestFile))
        let base = URL(fileURLWithPath: path)
        for (index, request) in plan.createRequests.enumerated() {
            let name = String(format: "request-%03d.json", index + 1)
            let file = base.appendingPathComponent(name).path
            guard files.contains(name) else {
                problems.append(
                    "\(name): missing (plan.json has \(plan.createRequests.count) requests)")
                continue
            }
            do {
                let written = try JSONDocument.load(NodeCreationRequest.self, path: file)
                if written != request {
                    problems.append(
                        "\(name): differs from create request \(index + 1) of plan.json")
                }
            } catch {
                problems.append("\(error)")
            }
        }
        let expected = Set(
            plan.createRequests.indices.map { String(format: "request-%03d.json", $0 + 1) })
        for extra in files.subtracting(expected).sorted() {
            problems.append("\(extra): not one of plan.json's create requests")
        }
        return problems
    }

    /// Reads a plan from `path`: a `plan.json` file, or a directory that holds one.
    public static func load(path: String) throws(InputError) -> Plan {
        var isDirectory: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
            ? URL(fileURLWithPath: path).appendingPathComponent("plan.json").path : path
        return try JSONDocument.load(Plan.self, path: file)
    }
}

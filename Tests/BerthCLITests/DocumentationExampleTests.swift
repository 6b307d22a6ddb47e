import Foundation
import Testing

/// The worked examples in `docs/` are run, and must print what the pages show.
@Suite struct DocumentationExampleTests {
    /// The fenced blocks of `language` in the page `docs/NAME`, in order.
    func blocks(_ language: String, in name: String) throws -> [String] {
        let page = try String(
            contentsOf: packageRoot.appendingPathComponent("docs/\(name)"), encoding: .utf8)
        var result: [String] = []
        var current: [Substring]?
        for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```\(language)" {
                current = []
            } else if current != nil, line == "```" {
                result.append((current ?? []).joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return result
    }

    /// A directory holding the capacity model page's example status as `status.json`.
    func exampleDirectory() throws -> URL {
        let directory = URL(fileURLWithPath: try temporaryDirectory())
        let status = try #require(try blocks("json", in: "capacity-model.md").first)
        try Data(status.utf8).write(to: directory.appendingPathComponent("status.json"))
        return directory
    }

    @Test("the capacity model page's worked example inspects as the page shows")
    func capacityModelExample() throws {
        let run = try berth(arguments: ["inspect", "status.json"], in: try exampleDirectory())
        #expect(run.status == 0, "\(run)")
        let shown = try blocks("text", in: "capacity-model.md")
        #expect(shown.count == 2)
        for block in shown {
            #expect(run.stdout.contains(block), "not printed:\n\(block)\nprinted:\n\(run.stdout)")
        }
    }

    @Test("the workload page's example plans as the page shows, and verifies")
    func workloadExample() throws {
        let directory = try exampleDirectory()
        let workload = try #require(try blocks("json", in: "workload-format.md").first)
        try Data(workload.utf8).write(to: directory.appendingPathComponent("workload.json"))
        let run = try berth(
            arguments: [
                "plan", "--solver", "greedy", "--snapshot", "status.json", "--workload",
                "workload.json", "--max-nodes-per-request", "10", "--out", "plan",
            ], in: directory)
        #expect(run.status == 0, "\(run)")
        let shown = try #require(try blocks("text", in: "workload-format.md").last)
        #expect(run.stdout.hasPrefix(shown), "printed:\n\(run.stdout)")

        let verified = try berth(
            arguments: [
                "verify", "--snapshot", "status.json", "--workload", "workload.json", "--plan",
                "plan",
            ], in: directory)
        #expect(verified.status == 0, "\(verified)")
    }
}

import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// Exit codes, messages and credentials of `berth apply` and `berth autoscale`.
@Suite struct CommandLineTests {
    @Test(
        "usage mistakes exit 64",
        arguments: [
            ["apply"], ["apply", "--plan", "x", "--format", "yaml", "--url", "http://127.0.0.1:9"],
            ["apply", "--plan", "x", "--timeout", "0"], ["apply", "--plan", "x", "--bogus"],
            ["autoscale"], ["autoscale", "--workload", "w", "--once", "--interval", "5"],
            ["autoscale", "--workload", "w", "--solver", "best"],
        ])
    func usage(arguments: [String]) async throws {
        let run = try await berth(
            arguments + ["--username", "u", "--cluster", "c"],
            environment: ["CYCLECLOUD_PASSWORD": "pw", "CYCLECLOUD_URL": "http://127.0.0.1:9"])
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("error: "), "\(run)")
    }

    @Test("a plan file that cannot be read exits 65 and names the file")
    func badPlan() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/plan.json"
        try Data(#"{"planner": 3}"#.utf8).write(to: URL(fileURLWithPath: path))
        let run = try await berth(
            [
                "apply", "--plan", path, "--url", "http://127.0.0.1:9", "--username", "u",
                "--cluster", "c",
            ], environment: ["CYCLECLOUD_PASSWORD": "pw"])
        #expect(run.status == 65, "\(run)")
        #expect(run.stderr.contains("error: \(path)"), "\(run)")

        let missing = try await berth(
            ["apply", "--plan", directory + "/none.json", "--dry-run"])
        #expect(missing.status == 65, "\(missing)")
    }

    @Test("a journal of another plan is refused with exit 65 before anything is sent")
    func journalOfAnotherPlan() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let greedy = try await contentionPlan(.greedy)
        let optimal = try await contentionPlan(.optimal)
        try PlanFiles.write(optimal, to: directory)
        try ApplyJournal(plan: greedy, planPath: "other", cluster: "demo", server: "x")
            .save(to: directory + "/apply-journal.json")
        try await withEmulator { harness in
            let before = harness.emulator.status().nodes?.count
            let run = try await berth(
                ["apply", "--plan", directory] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 65, "\(run)")
            #expect(run.stderr.contains("belongs to another plan"), "\(run)")
            #expect(harness.emulator.status().nodes?.count == before)
        }
    }

    @Test("a dry run without a connection lists the requests and says the fit was not checked")
    func offlineDryRun() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PlanFiles.write(try await contentionPlan(.greedy), to: directory)
        let run = try await berth(["apply", "--plan", directory, "--dry-run"])
        #expect(run.status == 0, "\(run)")
        #expect(run.stdout.hasPrefix("Would send 1 of the plan's 1 create request(s)"))
        #expect(run.stderr.contains("not checked against the live cluster"), "\(run)")
    }

    @Test("unreachable CycleCloud exits 69 for apply and autoscale, sending nothing")
    func unreachable() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PlanFiles.write(try await contentionPlan(.greedy), to: directory)
        let connection = ["--url", "http://127.0.0.1:9", "--username", "u", "--cluster", "c"]
        let apply = try await berth(
            ["apply", "--plan", directory, "--request-timeout", "2"] + connection,
            environment: ["CYCLECLOUD_PASSWORD": "pw"])
        #expect(apply.status == 69, "\(apply)")
        #expect(apply.stderr.contains("could not connect"), "\(apply)")
        #expect(!FileManager.default.fileExists(atPath: directory + "/apply-journal.json"))

        let autoscale = try await berth(
            ["autoscale", "--workload", Paths.workload] + connection,
            environment: ["CYCLECLOUD_PASSWORD": "pw"])
        #expect(autoscale.status == 69, "\(autoscale)")
    }

    @Test("a bad workload exits 65 for autoscale")
    func badWorkload() async throws {
        try await withEmulator { harness in
            let run = try await berth(
                ["autoscale", "--workload", Paths.snapshot] + harness.connection,
                environment: harness.environment)
            #expect(run.status == 65, "\(run)")
            #expect(run.stderr.contains(Paths.snapshot), "\(run)")
        }
    }

    @Test("no password appears in output, errors or the journal, even when it is refused")
    func credentialsStayHidden() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try PlanFiles.write(try await contentionPlan(.greedy), to: directory)
        let secret = TestCredentials.password
        let header = Data("\(TestCredentials.username):\(secret)".utf8).base64EncodedString()
        let faults = FaultInjection(dropCreateResponseRate: 1, dropMode: .badGateway)
        try await withEmulator(faults: faults) { harness in
            var runs: [Run] = []
            runs.append(
                try await berth(
                    ["apply", "--plan", directory, "--verbose", "--wait"] + harness.connection,
                    environment: harness.environment))
            #expect(runs[0].status == 0, "\(runs[0])")
            runs.append(
                try await berth(
                    ["autoscale", "--workload", Paths.workload, "--verbose", "--dry-run"]
                        + harness.connection, environment: harness.environment))
            let wrong = "Wrong-\(secret)"
            runs.append(
                try await berth(
                    ["apply", "--plan", directory, "--journal", directory + "/j2.json"]
                        + harness.connection, environment: ["CYCLECLOUD_PASSWORD": wrong]))
            #expect(runs[2].status == 69, "\(runs[2])")
            runs.append(
                try await berth(
                    ["autoscale", "--workload", Paths.workload] + harness.connection,
                    environment: ["CYCLECLOUD_PASSWORD": wrong]))
            #expect(runs[3].status == 69, "\(runs[3])")
            for run in runs {
                for text in [secret, header, wrong] {
                    #expect(!run.mentions(text), "\(run)")
                }
            }
            let journal = try String(
                contentsOfFile: directory + "/apply-journal.json", encoding: .utf8)
            #expect(!journal.contains(secret) && !journal.contains(header))
            #expect(journal.contains("\"state\" : \"done\""))
        }
    }
}

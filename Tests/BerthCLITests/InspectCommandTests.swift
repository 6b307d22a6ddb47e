import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

@Suite struct InspectCommandTests {
    @Test("berth inspect prints each bucket's room and binding limits, warnings on stderr")
    func text() throws {
        let run = try berth("inspect", Paths.docsStatus)
        #expect(run.status == 0, "\(run)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Capacity of \(Paths.docsStatus)")
        #expect(lines.contains("nodearray ondemand"))
        #expect(
            lines.contains(
                "  Standard_Fs32_v2 [Standard_Fs32_v2]: 3 nodes, 96 vCPUs can be added (32 vCPUs "
                    + "per node)"))
        #expect(
            lines.contains(
                "  Standard_Hc44rs [standardHCSFamily]: 11 nodes, 484 vCPUs can be added (44 "
                    + "vCPUs per node)"))
        #expect(
            lines.contains(
                "    binding: bucket ondemand/Standard_Hc44rs availableCount; nodearray "
                    + "ondemand maxCoreCount"))
        #expect(
            lines.contains(
                "   * nodearray ondemand maxCoreCount: 500 of 500 vCPUs free -> 11 nodes"))
        #expect(lines.contains("     cluster maxCount: 100 of 100 nodes free -> 100 nodes"))
        #expect(lines.contains("    placement groups: new ones hold 40 nodes"))
        #expect(
            run.stderrLines == [
                "warning: \(Paths.docsStatus): $.nodearrays[0].buckets[0].definition.machineType: "
                    + "machine type Standard_Fs32_v2 is not in the machine catalog; it is taken to "
                    + "be a quota family of its own (add it with --catalog FILE)"
            ])
    }

    @Test("berth inspect --json prints the same report as JSON")
    func json() throws {
        let run = try berth("inspect", "--json", "--quiet", Paths.docsStatus)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        let report = try JSONDocument.decode(
            InspectReport.self, from: Data(run.stdout.utf8), document: "stdout")
        #expect(report.snapshot == Paths.docsStatus)
        #expect(report.buckets.map(\.nodes) == [3, 11])
        #expect(report.buckets.map(\.addedVcpus) == [96, 484])
        #expect(report.buckets.map(\.family) == ["Standard_Fs32_v2", "standardHCSFamily"])
        #expect(
            report.buckets[1].binding == [
                "bucket ondemand/Standard_Hc44rs availableCount", "nodearray ondemand maxCoreCount",
            ])
        #expect(report.warnings.count == 1)
        let quota = report.buckets[1].limits.first { $0.name.hasPrefix("family quota") }
        #expect(quota?.capacity == 8800 && quota?.used == 44 && quota?.nodesAllowed == 199)
    }

    @Test("a capacity failure holds a bucket back unless the backoff is turned off")
    func capacityBackoff() throws {
        let status = "Tests/CycleCloudAPITests/Fixtures/synthetic-cluster-status-nodes-true.json"
        let held = try berth("inspect", "--json", status)
        let report = try JSONDocument.decode(
            InspectReport.self, from: Data(held.stdout.utf8), document: "stdout")
        #expect(report.buckets.map(\.nodes) == [6, 0, 0])
        let relaxed = try berth("inspect", "--json", "--capacity-backoff", "0", status)
        let free = try JSONDocument.decode(
            InspectReport.self, from: Data(relaxed.stdout.utf8), document: "stdout")
        #expect(free.buckets.map(\.nodes) == [6, 22, 0])
        #expect(
            free.buckets[2].valid == false && free.buckets[2].invalidReason == "DisabledMachineType"
        )
    }

    @Test("a missing status file exits 65 with one error line naming it")
    func missingFile() throws {
        let run = try berth("inspect", "no/such/status.json")
        expectOneErrorLine(run, status: 65, containing: ["no/such/status.json: no such file"])
    }

    @Test("a malformed status file exits 65 naming the line and column")
    func malformedFile() throws {
        let path = try temporaryDirectory() + "/status.json"
        try Data("{\"nodearrays\": [\n  {\"name\": \"a\" \"buckets\": []}\n]}".utf8)
            .write(to: URL(fileURLWithPath: path))
        let run = try berth("inspect", path)
        expectOneErrorLine(
            run, status: 65,
            containing: ["\(path): line 2, column 16: expected ',' or a closing bracket"])
    }

    @Test("a status whose numbers cannot be true exits 65 naming the JSON path")
    func impossibleNumbers() throws {
        let path = try temporaryDirectory() + "/status.json"
        let json = """
            {"nodearrays": [{"name": "a", "buckets": [{"bucketId": "b", "maxCount": 2,
              "maxCoreCount": 8, "activeCount": 0, "activeCoreCount": 0, "availableCount": 3,
              "availableCoreCount": 12, "virtualMachine": {"vcpuCount": 4}}]}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        let run = try berth("inspect", path)
        expectOneErrorLine(
            run, status: 65,
            containing: [
                "\(path): $.nodearrays[0].buckets[0].availableCount: availableCount 3 is above "
                    + "maxCount 2"
            ])
    }

    @Test("an unknown option exits 64 and points to the help")
    func unknownOption() throws {
        let run = try berth("inspect", "--frobnicate", Paths.docsStatus)
        #expect(run.status == 64, "\(run)")
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderrLines == [
                "error: unknown option '--frobnicate'", "Run 'berth inspect --help' for usage.",
            ])
    }

    @Test("inspect without a status file, or with two, is a usage error")
    func operands() throws {
        let none = try berth("inspect")
        #expect(none.status == 64)
        #expect(none.stderrLines.first == "error: inspect takes exactly one status file")
        let two = try berth("inspect", Paths.docsStatus, Paths.docsStatus)
        #expect(two.status == 64)
    }

    @Test("--help prints the usage to stdout and exits 0")
    func help() throws {
        let run = try berth("inspect", "--help")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run)")
        #expect(run.stdout.hasPrefix("Usage: berth inspect STATUS.json"))
        #expect(run.stdout.contains("--capacity-backoff SECONDS"))
        let overview = try berth("--help")
        #expect(overview.status == 0 && overview.stderr.isEmpty)
        #expect(overview.stdout.contains("inspect") && overview.stdout.contains("verify"))
        let unknown = try berth("frobnicate")
        #expect(unknown.status == 64)
        #expect(
            unknown.stderrLines == [
                "error: unknown command 'frobnicate'; run 'berth --help' for the list"
            ])
    }
}

@Suite struct TopLevelUsageTests {
    @Test("berth with no command is a usage error on standard error; --help is not")
    func noCommand() throws {
        let bare = try berth(arguments: [])
        #expect(bare.status == 64 && bare.stdout.isEmpty, "\(bare)")
        #expect(bare.stderr.hasPrefix("error: no command given"))
        let help = try berth("--help")
        #expect(help.status == 0 && help.stderr.isEmpty && help.stdout.contains("Commands:"))
    }
}

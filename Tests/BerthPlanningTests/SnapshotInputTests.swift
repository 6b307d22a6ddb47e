import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// A snapshot broken in one way, and where and how the error must say so.
struct BrokenSnapshot: Sendable, CustomTestStringConvertible {
    var name: String
    var location: String
    var problem: String
    var breakIt: @Sendable (inout ClusterStatus) -> Void

    var testDescription: String { name }

    /// Two nodearrays: `htc` with one F4 bucket, `hpc` with one HC44rs bucket of placement
    /// groups of up to 10 nodes.
    static var sound: ClusterStatus {
        cluster(
            maxCount: 100, maxCoreCount: 1000,
            nodearray("htc", bucket("Standard_F4s_v2", available: 5)),
            nodearray(
                "hpc", bucket("Standard_HC44rs", available: 5).placementGroups(size: 10)))
    }

    static let all: [BrokenSnapshot] = [
        BrokenSnapshot(
            name: "a negative activeCount", location: "$.nodearrays[0].buckets[0].activeCount",
            problem: "-1 is negative; counts cannot be below zero"
        ) { $0.nodearrays[0].buckets[0].activeCount = -1 },
        BrokenSnapshot(
            name: "a negative nodearray maxCount", location: "$.nodearrays[1].maxCount",
            problem: "-5 is negative"
        ) { $0.nodearrays[1].maxCount = -5 },
        BrokenSnapshot(
            name: "a negative cluster maxCoreCount", location: "$.maxCoreCount",
            problem: "-1 is negative"
        ) { $0.maxCoreCount = -1 },
        BrokenSnapshot(
            name: "a negative family quota",
            location: "$.nodearrays[1].buckets[0].familyConsumedCoreCount",
            problem: "-44 is negative"
        ) { $0.nodearrays[1].buckets[0].familyConsumedCoreCount = -44 },
        BrokenSnapshot(
            name: "availableCount above maxCount",
            location: "$.nodearrays[0].buckets[0].availableCount",
            problem: "availableCount 5 is above maxCount 3"
        ) { $0.nodearrays[0].buckets[0].maxCount = 3 },
        BrokenSnapshot(
            name: "a placement group larger than its maximum",
            location: "$.nodearrays[1].buckets[0].placementGroups[0].activeCount",
            problem: "placement group \"pg0\" has 12 nodes, more than the bucket's "
                + "maxPlacementGroupSize 10"
        ) {
            $0.nodearrays[1].buckets[0].placementGroups = [
                PlacementGroupStatus(name: "pg0", activeCount: 12, activeCoreCount: 12 * 44)
            ]
        },
        BrokenSnapshot(
            name: "a placement group with more vCPUs than its maximum",
            location: "$.nodearrays[1].buckets[0].placementGroups[0].activeCoreCount",
            problem: "has 484 vCPUs, more than the bucket's maxPlacementGroupCoreSize 440"
        ) {
            $0.nodearrays[1].buckets[0].placementGroups = [
                PlacementGroupStatus(name: "pg0", activeCount: 10, activeCoreCount: 484)
            ]
        },
        BrokenSnapshot(
            name: "a placement group of no nodes at most",
            location: "$.nodearrays[1].buckets[0].maxPlacementGroupSize",
            problem: "a placement group holds at least one node"
        ) { $0.nodearrays[1].buckets[0].maxPlacementGroupSize = 0 },
        BrokenSnapshot(
            name: "one placement group name in two buckets of a nodearray",
            location: "$.nodearrays[1].buckets[1].placementGroups[0].name",
            problem: "placement group \"pg0\" is also in $.nodearrays[1].buckets[0]"
        ) {
            $0.nodearrays[1].buckets[0].placementGroups = [
                PlacementGroupStatus(name: "pg0", activeCount: 2, activeCoreCount: 88)
            ]
            $0.nodearrays[1].buckets.append(
                bucket("Standard_HB120rs_v3", available: 2, id: "hpc/hb")
                    .placementGroups(size: 10, existing: [("pg0", 1)]))
        },
        BrokenSnapshot(
            name: "two buckets with one bucketId", location: "$.nodearrays[1].buckets[0].bucketId",
            problem: "bucketId \"htc/Standard_F4s_v2\" is used twice (also at "
                + "$.nodearrays[0].buckets[0])"
        ) { $0.nodearrays[1].buckets[0].bucketId = "htc/Standard_F4s_v2" },
        BrokenSnapshot(
            name: "two nodearrays with one name", location: "$.nodearrays[1].name",
            problem: "nodearray \"htc\" appears twice (also at $.nodearrays[0])"
        ) { $0.nodearrays[1].name = "htc" },
        BrokenSnapshot(
            name: "a machine of no vCPUs",
            location: "$.nodearrays[0].buckets[0].virtualMachine.vcpuCount",
            problem: "0 vCPUs; a machine has at least 1"
        ) {
            $0.nodearrays[0].buckets[0].virtualMachine.vcpuCount = 0
            $0.nodearrays[0].buckets[0].availableCoreCount = 0
        },
        BrokenSnapshot(
            name: "a vcpuQuotaCount of zero",
            location: "$.nodearrays[0].buckets[0].virtualMachine.vcpuQuotaCount",
            problem: "must be at least 1"
        ) { $0.nodearrays[0].buckets[0].virtualMachine.vcpuQuotaCount = 0 },
        BrokenSnapshot(
            name: "a negative memory size",
            location: "$.nodearrays[0].buckets[0].virtualMachine.memory",
            problem: "-8.0 GB is not a possible memory size"
        ) { $0.nodearrays[0].buckets[0].virtualMachine.memory = -8 },
    ]
}

@Suite struct SnapshotInputTests {
    /// Writes `status` to a file and reads it back as `berth` does.
    func load(_ status: ClusterStatus) throws -> (
        path: String, result: Result<CapacityModel, InputError>
    ) {
        let path = try temporaryFile(
            "status.json", String(decoding: try JSONDocument.encode(status), as: UTF8.self))
        do {
            return (
                path,
                .success(try CapacityModel.load(path: path, catalog: TestMachines.catalog).model)
            )
        } catch {
            return (path, .failure(error))
        }
    }

    @Test("the sound snapshot the broken ones start from loads without warnings")
    func soundSnapshotLoads() throws {
        let (_, result) = try load(BrokenSnapshot.sound)
        let model = try result.get()
        #expect(model.buckets.count == 2 && model.diagnostics.warnings.isEmpty)
    }

    @Test(
        "a snapshot whose numbers cannot be true is refused, naming file, path and problem",
        arguments: BrokenSnapshot.all)
    func brokenSnapshot(_ example: BrokenSnapshot) throws {
        var status = BrokenSnapshot.sound
        example.breakIt(&status)
        let (path, result) = try load(status)
        guard case .failure(let error) = result else {
            Issue.record("\(example.name) was accepted")
            return
        }
        #expect(error.document == path)
        #expect(error.location == example.location)
        #expect(error.problem.contains(example.problem), "\(error.problem)")
        #expect(error.description.hasPrefix("\(path): \(example.location): "))
    }

    @Test("one placement group name in two nodearrays names two placement groups")
    func placementGroupNamesPerNodearray() throws {
        let status = cluster(
            nodearray(
                "a",
                bucket("Standard_F4s_v2", available: 10, active: 2)
                    .placementGroups(size: 10, existing: [("pg0", 2)])),
            nodearray(
                "b",
                bucket("Standard_F4s_v2", available: 10, active: 3)
                    .placementGroups(size: 10, existing: [("pg0", 3)])))
        let model = try capacity(status)
        #expect(model.placementGroups.map { "\($0.name) \($0.room)" } == ["pg0 8", "pg0 7"])
        let plan = try planAndVerify(
            status,
            [
                nodeJob("a", nodes: 8, colocated: true, require: Requirements(nodearrays: ["a"])),
                nodeJob("b", nodes: 7, colocated: true, require: Requirements(nodearrays: ["b"])),
            ])
        #expect(
            plan.groupLines == [
                "g1 a/Standard_F4s_v2 in pg0 x8: a", "g2 b/Standard_F4s_v2 in pg0 x7: b",
            ])
    }

    @Test("a missing file is an error that names it")
    func missingFile() throws {
        let path = try temporaryDirectory() + "/nowhere.json"
        let error = #expect(throws: InputError.self) {
            try CapacityModel.load(path: path, catalog: TestMachines.catalog)
        }
        #expect(error?.document == path)
        #expect(error?.location == nil)
        #expect(error?.problem == "no such file")
    }

    @Test("a directory given as a snapshot is an error that says so")
    func directoryInsteadOfFile() throws {
        let path = try temporaryDirectory()
        let error = #expect(throws: InputError.self) {
            try CapacityModel.load(path: path, catalog: TestMachines.catalog)
        }
        #expect(error?.problem == "is a directory, not a JSON file")
    }

    struct TextCase: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var location: String
        var problem: String
        var testDescription: String { name }
    }

    @Test(
        "malformed JSON and wrong types are errors with a line and column or a JSON path",
        arguments: [
            TextCase(
                name: "a missing comma",
                text: """
                    {"nodearrays": [
                      {"name": "htc", "buckets": []},
                      {"name": "gpu" "buckets": []}
                    ]}
                    """,
                location: "line 3, column 18",
                problem: "expected ',' or a closing bracket, found '\"'"),
            TextCase(
                name: "a truncated document",
                text: """
                    {"nodearrays": [
                      {"name": "htc", "buckets": []}
                    """,
                location: "line 2, column 33",
                problem: "the JSON ends early: 2 bracket(s) still open"),
            TextCase(
                name: "an empty file", text: "", location: "line 1, column 1",
                problem: "the document is empty"),
            TextCase(
                name: "a string for a count",
                text: """
                    {"nodearrays": [{"name": "htc", "maxCount": "ten", "buckets": []}]}
                    """,
                location: "$.nodearrays[0].maxCount",
                problem: "expected an integer, found the string \"ten\""),
            TextCase(
                name: "a fractional count",
                text: """
                    {"maxCount": 2.5, "nodearrays": []}
                    """,
                location: "$.maxCount", problem: "expected an integer, found 2.5"),
            TextCase(
                name: "a fractional count beside a fractional memory size",
                text: """
                    {"nodearrays": [{"name": "htc", "maxCount": 7.5, "buckets": [{"bucketId": "b",
                      "maxCount": 1, "maxCoreCount": 4, "activeCount": 0, "activeCoreCount": 0,
                      "availableCount": 1, "availableCoreCount": 4,
                      "virtualMachine": {"vcpuCount": 4, "memory": 327.83}}]}]}
                    """,
                location: "$.nodearrays[0].maxCount", problem: "expected an integer, found 7.5"),
            TextCase(
                name: "a count beyond 64 bits",
                text: """
                    {"maxCount": 99999999999999999999, "nodearrays": []}
                    """,
                location: "$.maxCount", problem: "expected an integer, found 1e+20"),
            TextCase(
                name: "a bucket without its virtual machine",
                text: """
                    {"nodearrays": [{"name": "htc", "buckets": [{"bucketId": "b",
                      "maxCount": 1, "maxCoreCount": 4, "activeCount": 0, "activeCoreCount": 0,
                      "availableCount": 1, "availableCoreCount": 4}]}]}
                    """,
                location: "$.nodearrays[0].buckets[0]",
                problem: "the required key \"virtualMachine\" is missing"),
            TextCase(
                name: "no nodearrays at all", text: "{\"maxCount\": 3}", location: "$",
                problem: "the required key \"nodearrays\" is missing"),
        ])
    func malformedText(_ example: TextCase) throws {
        let path = try temporaryFile("status.json", example.text)
        let error = #expect(throws: InputError.self) {
            try CapacityModel.load(path: path, catalog: TestMachines.catalog)
        }
        #expect(error?.document == path)
        #expect(error?.location == example.location)
        #expect(error?.problem.contains(example.problem) == true, "\(error?.problem ?? "")")
    }

    @Test("odd but usable numbers are warnings, and the snapshot is still read")
    func warnings() throws {
        let status = cluster(
            nodearray(
                "htc",
                bucket("Standard_F4s_v2", available: 2, active: 5, maxCount: 4).with {
                    $0.availableCoreCount = 7
                }))
        let (path, result) = try load(status)
        let model = try result.get()
        let messages = model.diagnostics.warnings.map(\.description)
        #expect(
            messages == [
                "\(path): $.nodearrays[0].buckets[0]: availableCoreCount 7 is not availableCount "
                    + "2 × 4 vCPUs; Berth counts nodes",
                "\(path): $.nodearrays[0].buckets[0]: activeCount 5 is above maxCount 4 (a limit "
                    + "was lowered below what is in use)",
            ])
        #expect(try model.room("htc", "Standard_F4s_v2").nodes == 2)
    }
}

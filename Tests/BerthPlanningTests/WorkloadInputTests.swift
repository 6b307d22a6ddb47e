import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

@Suite struct WorkloadInputTests {
    struct BadJob: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var location: String
        var problem: String
        var testDescription: String { name }
    }

    func decode(_ json: String) throws(InputError) -> Workload {
        try Workload.decode(Data(json.utf8), document: "mix.json")
    }

    @Test("a job class with only what it must have gets the documented defaults")
    func defaults() throws {
        let mix = try decode(
            """
            {"jobs": [
              {"name": "one-node", "nodes": 1},
              {"name": "one-task", "tasks": 3, "task": {"vcpus": 2}}
            ]}
            """)
        #expect(
            mix.jobClasses == [
                JobClass(name: "one-node", shape: .nodes(1)),
                JobClass(name: "one-task", shape: .tasks(count: 3, task: TaskShape(vcpus: 2))),
            ])
        let task = try #require(mix.jobClasses[1].task)
        #expect(task.memoryGB == 0 && task.gpus == 0)
        #expect(mix.jobClasses.allSatisfy { $0.count == 1 && $0.priority == 1 })
        #expect(mix.jobClasses.allSatisfy { !$0.exclusive && !$0.colocated })
        #expect(mix.jobClasses.allSatisfy { $0.require == Requirements() })
        #expect(mix.document == "mix.json" && mix.jobCount == 2)
    }

    @Test("every field of a job class is read")
    func everyField() throws {
        let mix = try decode(
            """
            {"jobs": [{"name": "mpi", "count": 3, "priority": 7, "tasks": 88, "colocated": true,
              "exclusive": true,
              "task": {"vcpus": 4, "memoryGB": 6.5, "gpus": 1},
              "require": {"nodearrays": ["hpc"], "machineTypes": ["Standard_HC44rs"],
                "infiniband": true, "minVcpus": 40, "minMemoryGB": 300, "minGpus": 0,
                "spot": false}}]}
            """)
        #expect(
            mix.jobClasses == [
                JobClass(
                    name: "mpi", count: 3, priority: 7,
                    shape: .tasks(count: 88, task: TaskShape(vcpus: 4, memoryGB: 6.5, gpus: 1)),
                    exclusive: true, colocated: true,
                    require: Requirements(
                        nodearrays: ["hpc"], machineTypes: ["Standard_HC44rs"], infiniband: true,
                        minVcpus: 40, minMemoryGB: 300, minGpus: 0, spot: false))
            ])
        #expect(mix.jobClasses[0].hasDedicatedNodes && mix.jobClasses[0].unitsPerJob == 88)
    }

    @Test(
        "a job class that does not fit the format is refused, naming the job and the field",
        arguments: [
            BadJob(
                name: "a missing name", json: #"{"nodes": 1}"#, location: "$.jobs[0].name",
                problem: "every job class needs a non-empty \"name\""),
            BadJob(
                name: "an empty name", json: #"{"name": "", "nodes": 1}"#,
                location: "$.jobs[0].name", problem: "every job class needs a non-empty \"name\""),
            BadJob(
                name: "both nodes and tasks",
                json: #"{"name": "x", "nodes": 1, "tasks": 2, "task": {"vcpus": 1}}"#,
                location: "$.jobs[0].tasks",
                problem: "job class \"x\": give either \"nodes\" or \"tasks\", not both"),
            BadJob(
                name: "neither nodes nor tasks", json: #"{"name": "x", "count": 2}"#,
                location: "$.jobs[0].nodes", problem: "job class \"x\": give \"nodes\": N"),
            BadJob(
                name: "tasks without a task", json: #"{"name": "x", "tasks": 2}"#,
                location: "$.jobs[0].task", problem: "job class \"x\": \"tasks\" needs \"task\""),
            BadJob(
                name: "a task of no vCPUs",
                json: #"{"name": "x", "tasks": 2, "task": {"vcpus": 0}}"#,
                location: "$.jobs[0].task.vcpus",
                problem: "job class \"x\": a task needs at least 1 vCPU"),
            BadJob(
                name: "a task without vCPUs",
                json: #"{"name": "x", "tasks": 2, "task": {"memoryGB": 4}}"#,
                location: "$.jobs[0].task.vcpus",
                problem: "job class \"x\": a task needs at least 1 vCPU"),
            BadJob(
                name: "a negative count", json: #"{"name": "x", "count": -2, "nodes": 1}"#,
                location: "$.jobs[0].count", problem: "job class \"x\": count -2 is negative"),
            BadJob(
                name: "a priority of zero", json: #"{"name": "x", "priority": 0, "nodes": 1}"#,
                location: "$.jobs[0].priority",
                problem: "job class \"x\": priority must be a whole number from 1 to 1000000, "
                    + "not 0"),
            BadJob(
                name: "a priority above the maximum",
                json: #"{"name": "x", "priority": 1000001, "nodes": 1}"#,
                location: "$.jobs[0].priority", problem: "not 1000001"),
            BadJob(
                name: "a priority given as a word",
                json: #"{"name": "x", "priority": "high", "nodes": 1}"#,
                location: "$.jobs[0].priority",
                problem: "expected an integer, found the string \"high\""),
            BadJob(
                name: "a fractional count", json: #"{"name": "x", "count": 1.5, "nodes": 1}"#,
                location: "$.jobs[0].count", problem: "expected an integer, found 1.5"),
            BadJob(
                name: "a job of no nodes", json: #"{"name": "x", "nodes": 0}"#,
                location: "$.jobs[0].nodes", problem: "job class \"x\": a job needs at least 1 node"
            ),
            BadJob(
                name: "a job of no tasks",
                json: #"{"name": "x", "tasks": 0, "task": {"vcpus": 1}}"#,
                location: "$.jobs[0].tasks", problem: "job class \"x\": a job needs at least 1 task"
            ),
            BadJob(
                name: "a task shape on a node job",
                json: #"{"name": "x", "nodes": 2, "task": {"vcpus": 1}}"#,
                location: "$.jobs[0].task",
                problem: "job class \"x\": \"task\" goes with \"tasks\", not with \"nodes\""),
            BadJob(
                name: "exclusive on a node job",
                json: #"{"name": "x", "nodes": 2, "exclusive": true}"#,
                location: "$.jobs[0].exclusive",
                problem: "job class \"x\": node jobs always have their nodes to themselves"),
            BadJob(
                name: "negative task memory",
                json: #"{"name": "x", "tasks": 1, "task": {"vcpus": 1, "memoryGB": -1}}"#,
                location: "$.jobs[0].task.memoryGB",
                problem: "job class \"x\": -1.0 GB is not a possible amount of memory"),
            BadJob(
                name: "negative task GPUs",
                json: #"{"name": "x", "tasks": 1, "task": {"vcpus": 1, "gpus": -1}}"#,
                location: "$.jobs[0].task.gpus", problem: "job class \"x\": -1 GPUs is negative"),
            BadJob(
                name: "a negative minimum of GPUs",
                json: #"{"name": "x", "nodes": 1, "require": {"minGpus": -1}}"#,
                location: "$.jobs[0].require.minGpus", problem: "job class \"x\": -1 is negative"),
            BadJob(
                name: "a negative minimum of vCPUs",
                json: #"{"name": "x", "nodes": 1, "require": {"minVcpus": -4}}"#,
                location: "$.jobs[0].require.minVcpus", problem: "job class \"x\": -4 is negative"),
            BadJob(
                name: "an empty list of nodearrays",
                json: #"{"name": "x", "nodes": 1, "require": {"nodearrays": []}}"#,
                location: "$.jobs[0].require.nodearrays",
                problem: "job class \"x\": an empty list allows no nodearray"),
            BadJob(
                name: "an empty list of machine types",
                json: #"{"name": "x", "nodes": 1, "require": {"machineTypes": []}}"#,
                location: "$.jobs[0].require.machineTypes",
                problem: "job class \"x\": an empty list allows no machine type"),
        ])
    func badJob(_ example: BadJob) throws {
        let json = #"{"jobs": [{"name": "fine", "nodes": 1}, "# + example.json + "]}"
        let shifted = example.location.replacingOccurrences(of: "$.jobs[0]", with: "$.jobs[1]")
        let error = #expect(throws: InputError.self) { try decode(json) }
        #expect(error?.document == "mix.json")
        #expect(error?.location == shifted)
        #expect(error?.problem.contains(example.problem) == true, "\(error?.problem ?? "")")
    }

    struct UnknownField: Sendable, CustomTestStringConvertible {
        var json: String
        var location: String
        var field: String
        var testDescription: String { field }
    }

    @Test(
        "a field the format does not have is refused, not ignored",
        arguments: [
            UnknownField(
                json: #"{"name": "x", "nodes": 2, "colocate": true}"#,
                location: "$.jobs[1].colocate",
                field: "colocate"),
            UnknownField(
                json: #"{"name": "x", "tasks": 2, "task": {"vcpus": 1, "memory": 4}}"#,
                location: "$.jobs[1].task.memory", field: "memory"),
            UnknownField(
                json: #"{"name": "x", "nodes": 2, "require": {"minMemory": 4}}"#,
                location: "$.jobs[1].require.minMemory", field: "minMemory"),
        ])
    func unknownField(_ example: UnknownField) throws {
        let json = #"{"jobs": [{"name": "fine", "nodes": 1}, "# + example.json + "]}"
        let error = #expect(throws: InputError.self) { try decode(json) }
        #expect(error?.location == example.location)
        #expect(
            error?.problem.hasPrefix("unknown field \"\(example.field)\"; expected one of ") == true
        )
    }

    @Test("two job classes of one name are refused, naming both places")
    func duplicateName() throws {
        let error = #expect(throws: InputError.self) {
            try decode(#"{"jobs": [{"name": "a", "nodes": 1}, {"name": "a", "nodes": 2}]}"#)
        }
        #expect(error?.location == "$.jobs[1].name")
        #expect(error?.problem == "job class \"a\" is defined twice (also at $.jobs[0])")
    }

    @Test("a workload without a jobs list is refused")
    func noJobs() throws {
        let error = #expect(throws: InputError.self) { try decode(#"{"classes": []}"#) }
        #expect(error?.location == "$")
        #expect(error?.problem == "the required key \"jobs\" is missing")
    }

    @Test("a workload file is read from disk, and a malformed one fails with line and column")
    func fromDisk() throws {
        let good = try temporaryFile("w.json", #"{"jobs": [{"name": "a", "nodes": 2}]}"#)
        #expect(try Workload.load(path: good).jobClasses.map(\.name) == ["a"])
        #expect(try Workload.load(path: good).document == good)
        let bad = try temporaryFile("w.json", "{\"jobs\": [\n  {\"name\": \"a\" \"nodes\": 2}\n]}")
        let error = #expect(throws: InputError.self) { try Workload.load(path: bad) }
        #expect(error?.document == bad)
        #expect(error?.location == "line 2, column 16")
    }

    struct UnknownName: Sendable, CustomTestStringConvertible {
        var require: String
        var location: String
        var problem: String
        var testDescription: String { require }
    }

    @Test(
        "a requirement naming a nodearray or machine type the snapshot lacks is refused",
        arguments: [
            UnknownName(
                require: #"{"nodearrays": ["htc", "gpux"]}"#,
                location: "$.jobs[1].require.nodearrays[1]",
                problem: "job class \"b\": unknown nodearray \"gpux\"; the snapshot has hpc, htc"),
            UnknownName(
                require: #"{"machineTypes": ["Standard_F4s_v2", "Standard_F4s_v9"]}"#,
                location: "$.jobs[1].require.machineTypes[1]",
                problem: "job class \"b\": unknown machine type \"Standard_F4s_v9\"; the snapshot "
                    + "has Standard_F4s_v2, Standard_HC44rs"),
        ])
    func unknownNames(_ example: UnknownName) throws {
        let mix = try decode(
            #"{"jobs": [{"name": "a", "nodes": 1}, {"name": "b", "nodes": 1, "require": "#
                + example.require + "}]}")
        let model = try capacity(BrokenSnapshot.sound)
        let error = #expect(throws: InputError.self) {
            try PlanningInput(
                status: BrokenSnapshot.sound, model: model, workload: mix, snapshotDigest: "d")
        }
        #expect(error?.document == "mix.json")
        #expect(error?.location == example.location)
        #expect(error?.problem == example.problem)
    }

    @Test("machine types in a requirement match the snapshot's without regard to case")
    func machineTypeCase() throws {
        let mix = try decode(
            #"{"jobs": [{"name": "a", "nodes": 1, "require": {"machineTypes": ["standard_hc44RS"]}}]}"#
        )
        let model = try capacity(BrokenSnapshot.sound)
        let input = try PlanningInput(
            status: BrokenSnapshot.sound, model: model, workload: mix, snapshotDigest: "d")
        #expect(input.problem.eligibleBuckets == [[1]])
        let plan = try planAndVerify(input, catalog: TestMachines.catalog)
        #expect(plan.groupLines == ["g1 hpc/Standard_HC44rs x1: a"])
    }
}

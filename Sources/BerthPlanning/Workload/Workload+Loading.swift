import CycleCloudAPI
import Foundation

extension Workload {
    /// The JSON form of a workload mix, as `docs/workload-format.md` describes it.
    struct File: Codable {
        struct Entry: Codable {
            var name: String?
            var count: Int?
            var priority: Int?
            var nodes: Int?
            var tasks: Int?
            var task: TaskShapeEntry?
            var exclusive: Bool?
            var colocated: Bool?
            var require: Requirements?
        }
        struct TaskShapeEntry: Codable {
            var vcpus: Int?
            var memoryGB: Double?
            var gpus: Int?
        }
        var jobs: [Entry]
    }

    /// Reads a workload mix file.
    ///
    /// - Throws: `InputError` naming the file, the job (by name and JSON path) and the field
    ///   that does not fit the format.
    public static func load(path: String) throws(InputError) -> Workload {
        try decode(JSONDocument.read(path: path), document: path)
    }

    /// Decodes a workload mix from JSON `data` that came from `document`.
    ///
    /// - Throws: `InputError` as for `load(path:)`, including for a field the format does
    ///   not have (a misspelt `minMemory` would otherwise be ignored without a word).
    public static func decode(_ data: Data, document: String) throws(InputError) -> Workload {
        let file = try JSONDocument.decode(File.self, from: data, document: document)
        let raw = try JSONDocument.decode(JSONValue.self, from: data, document: document)
        try checkKeys(raw, document: document)
        return try Workload(file: file, document: document)
    }

    private static let jobKeys: Set<String> = [
        "name", "count", "priority", "nodes", "tasks", "task", "exclusive", "colocated", "require",
    ]
    private static let taskKeys: Set<String> = ["vcpus", "memoryGB", "gpus"]
    private static let requireKeys: Set<String> = [
        "nodearrays", "machineTypes", "infiniband", "minVcpus", "minMemoryGB", "minGpus", "spot",
    ]

    private static func checkKeys(_ root: JSONValue, document: String) throws(InputError) {
        func check(_ value: JSONValue?, _ known: Set<String>, _ path: String) throws(InputError) {
            guard let members = value?.objectValue else { return }
            for key in members.keys.sorted() where !known.contains(key) {
                throw InputError(
                    document: document, location: path + "." + key,
                    problem: "unknown field \"\(key)\"; expected one of "
                        + known.sorted().joined(separator: ", "))
            }
        }
        for (index, job) in (root["jobs"]?.arrayValue ?? []).enumerated() {
            let path = "$.jobs[\(index)]"
            try check(job, jobKeys, path)
            try check(job["task"], taskKeys, path + ".task")
            try check(job["require"], requireKeys, path + ".require")
        }
    }

    init(file: File, document: String) throws(InputError) {
        var classes: [JobClass] = []
        var names: [String: Int] = [:]
        for (index, entry) in file.jobs.enumerated() {
            let path = "$.jobs[\(index)]"
            guard let name = entry.name, !name.isEmpty else {
                throw InputError(
                    document: document, location: path + ".name",
                    problem: "every job class needs a non-empty \"name\"")
            }
            if let earlier = names[name] {
                throw InputError(
                    document: document, location: path + ".name",
                    problem: "job class \"\(name)\" is defined twice (also at $.jobs[\(earlier)])")
            }
            names[name] = index
            classes.append(try JobClass(entry: entry, name: name, path: path, document: document))
        }
        self.init(document: document, jobClasses: classes)
    }
}

extension JobClass {
    fileprivate init(entry: Workload.File.Entry, name: String, path: String, document: String)
        throws(InputError)
    {
        func fail(_ field: String, _ problem: String) -> InputError {
            InputError(
                document: document, location: path + "." + field,
                problem: "job class \"\(name)\": \(problem)")
        }
        let count = entry.count ?? 1
        guard count >= 0 else { throw fail("count", "count \(count) is negative") }
        let priority = entry.priority ?? 1
        guard priority >= 1, priority <= 1_000_000 else {
            throw fail(
                "priority", "priority must be a whole number from 1 to 1000000, not \(priority)")
        }

        let shape: Shape
        switch (entry.nodes, entry.tasks) {
        case (.some, .some):
            throw fail("tasks", "give either \"nodes\" or \"tasks\", not both")
        case (.none, .none):
            throw fail(
                "nodes",
                "give \"nodes\": N for a job of N whole nodes, or \"tasks\": T with \"task\"")
        case (.some(let nodes), .none):
            guard nodes >= 1 else {
                throw fail("nodes", "a job needs at least 1 node, not \(nodes)")
            }
            guard entry.task == nil else {
                throw fail("task", "\"task\" goes with \"tasks\", not with \"nodes\"")
            }
            guard entry.exclusive == nil else {
                throw fail(
                    "exclusive",
                    "node jobs always have their nodes to themselves; drop \"exclusive\"")
            }
            shape = .nodes(nodes)
        case (.none, .some(let tasks)):
            guard tasks >= 1 else {
                throw fail("tasks", "a job needs at least 1 task, not \(tasks)")
            }
            guard let task = entry.task else {
                throw fail(
                    "task", "\"tasks\" needs \"task\": {\"vcpus\": c, \"memoryGB\": m, \"gpus\": g}"
                )
            }
            guard let vcpus = task.vcpus, vcpus >= 1 else {
                throw fail("task.vcpus", "a task needs at least 1 vCPU")
            }
            let memory = task.memoryGB ?? 0
            guard memory >= 0, memory.isFinite else {
                throw fail("task.memoryGB", "\(memory) GB is not a possible amount of memory")
            }
            let gpus = task.gpus ?? 0
            guard gpus >= 0 else { throw fail("task.gpus", "\(gpus) GPUs is negative") }
            shape = .tasks(
                count: tasks, task: TaskShape(vcpus: vcpus, memoryGB: memory, gpus: gpus))
        }

        let require = entry.require ?? Requirements()
        try Self.check(require, fail: fail)
        self.init(
            name: name, count: count, priority: priority, shape: shape,
            exclusive: entry.exclusive ?? false, colocated: entry.colocated ?? false,
            require: require)
    }

    private static func check(
        _ require: Requirements, fail: (String, String) -> InputError
    ) throws(InputError) {
        if let value = require.minVcpus, value < 0 {
            throw fail("require.minVcpus", "\(value) is negative")
        }
        if let value = require.minGpus, value < 0 {
            throw fail("require.minGpus", "\(value) is negative")
        }
        if let value = require.minMemoryGB, value < 0 || !value.isFinite {
            throw fail("require.minMemoryGB", "\(value) is not a possible amount of memory")
        }
        if let list = require.nodearrays, list.isEmpty {
            throw fail(
                "require.nodearrays", "an empty list allows no nodearray; leave it out instead")
        }
        if let list = require.machineTypes, list.isEmpty {
            throw fail(
                "require.machineTypes", "an empty list allows no machine type; leave it out instead"
            )
        }
    }
}

extension Workload {
    /// Checks that every nodearray and machine type named in a requirement exists in the
    /// snapshot, since a misspelt name would otherwise leave a job unplaced for no visible
    /// reason.
    ///
    /// - Throws: `InputError` naming the job class, the field and the names the snapshot has.
    public func checkNames(against model: CapacityModel) throws(InputError) {
        let nodearrays = Set(model.buckets.map(\.nodearray))
        let machineTypes = Set(model.buckets.map { $0.machineType.lowercased() })
        for (index, job) in jobClasses.enumerated() {
            for (position, name) in (job.require.nodearrays ?? []).enumerated()
            where !nodearrays.contains(name) {
                throw InputError(
                    document: document,
                    location: "$.jobs[\(index)].require.nodearrays[\(position)]",
                    problem:
                        "job class \"\(job.name)\": unknown nodearray \"\(name)\"; the snapshot "
                        + "has \(nodearrays.sorted().joined(separator: ", "))")
            }
            for (position, name) in (job.require.machineTypes ?? []).enumerated()
            where !machineTypes.contains(name.lowercased()) {
                let known = Set(model.buckets.map(\.machineType)).sorted()
                throw InputError(
                    document: document,
                    location: "$.jobs[\(index)].require.machineTypes[\(position)]",
                    problem: "job class \"\(job.name)\": unknown machine type \"\(name)\"; the "
                        + "snapshot has \(known.joined(separator: ", "))")
            }
        }
    }
}

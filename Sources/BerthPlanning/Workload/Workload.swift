import CycleCloudAPI

/// A workload mix: the queued work to place, as job classes of identical jobs.
public struct Workload: Sendable, Hashable {
    /// The document it came from, for messages.
    public var document: String
    /// The job classes, in file order (the order a greedy autoscaler sees them in).
    public var jobClasses: [JobClass]

    /// Creates a workload.
    public init(document: String = "workload", jobClasses: [JobClass]) {
        self.document = document
        self.jobClasses = jobClasses
    }

    /// The number of jobs in all classes.
    public var jobCount: Int { jobClasses.reduce(0) { $0 + $1.count } }
}

/// A class of identical jobs.
public struct JobClass: Sendable, Hashable {
    /// What one job asks for.
    public enum Shape: Sendable, Hashable {
        /// `nodes` whole nodes, shared with no other job.
        case nodes(Int)
        /// `count` tasks of one shape, each running whole on one node.
        case tasks(count: Int, task: TaskShape)
    }

    /// The class's unique name.
    public var name: String
    /// How many identical jobs.
    public var count: Int
    /// The weight of one job in the objective; a positive integer.
    public var priority: Int
    /// What one job asks for.
    public var shape: Shape
    /// Task jobs only: the job's nodes carry no other job's tasks.
    public var exclusive: Bool
    /// All nodes of one job lie in one placement group of one bucket. A colocated task job
    /// also gets its nodes to itself.
    public var colocated: Bool
    /// What a node must be to take part.
    public var require: Requirements

    /// Creates a job class.
    public init(
        name: String, count: Int = 1, priority: Int = 1, shape: Shape, exclusive: Bool = false,
        colocated: Bool = false, require: Requirements = Requirements()
    ) {
        self.name = name
        self.count = count
        self.priority = priority
        self.shape = shape
        self.exclusive = exclusive
        self.colocated = colocated
        self.require = require
    }

    /// Whether a job's nodes belong to that job alone: node jobs, exclusive task jobs and
    /// colocated task jobs.
    public var hasDedicatedNodes: Bool {
        switch shape {
        case .nodes: return true
        case .tasks: return exclusive || colocated
        }
    }

    /// The task shape, for task jobs.
    public var task: TaskShape? {
        if case .tasks(_, let task) = shape { return task }
        return nil
    }

    /// Nodes of a node job, or tasks of a task job.
    public var unitsPerJob: Int {
        switch shape {
        case .nodes(let nodes): return nodes
        case .tasks(let count, _): return count
        }
    }
}

/// What one task needs of the node it runs on.
public struct TaskShape: Sendable, Hashable, Codable {
    /// vCPUs.
    public var vcpus: Int
    /// Memory in GB.
    public var memoryGB: Double
    /// GPUs.
    public var gpus: Int

    /// Creates a task shape.
    public init(vcpus: Int, memoryGB: Double = 0, gpus: Int = 0) {
        self.vcpus = vcpus
        self.memoryGB = memoryGB
        self.gpus = gpus
    }
}

/// Conditions a node must meet for a job class. Every given condition must hold.
public struct Requirements: Sendable, Hashable, Codable {
    /// The node's nodearray is one of these.
    public var nodearrays: [String]?
    /// The node's machine type is one of these (compared without regard to case).
    public var machineTypes: [String]?
    /// The node has (true) or lacks (false) InfiniBand.
    public var infiniband: Bool?
    /// The node has at least this many vCPUs.
    public var minVcpus: Int?
    /// The node has at least this much memory, in GB.
    public var minMemoryGB: Double?
    /// The node has at least this many GPUs.
    public var minGpus: Int?
    /// true: only spot (interruptible) nodearrays; false: only regular ones.
    public var spot: Bool?

    /// No conditions.
    public init(
        nodearrays: [String]? = nil, machineTypes: [String]? = nil, infiniband: Bool? = nil,
        minVcpus: Int? = nil, minMemoryGB: Double? = nil, minGpus: Int? = nil, spot: Bool? = nil
    ) {
        self.nodearrays = nodearrays
        self.machineTypes = machineTypes
        self.infiniband = infiniband
        self.minVcpus = minVcpus
        self.minMemoryGB = minMemoryGB
        self.minGpus = minGpus
        self.spot = spot
    }
}

/// Whether a bucket's nodes can serve a job class, and how many of its tasks fit on one.
///
/// Memory is compared in whole MiB: a node's memory rounded down, a task's rounded up, so
/// that tasks that fit by this rule also fit in the exact figures.
public struct Eligibility: Sendable {
    /// Why a bucket cannot serve a job class: one requirement, and what the bucket has.
    public struct Exclusion: Sendable, Hashable {
        /// The requirement, as the workload spells it (`require.minGpus`, `task.vcpus`).
        public var requirement: String
        /// What the bucket has, for the message.
        public var found: String
    }

    /// Memory in MiB of `gigabytes` of a node, rounded down.
    public static func nodeMemory(_ gigabytes: Double) -> Int {
        Int((gigabytes * 1024).rounded(.down))
    }

    /// Memory in MiB of `gigabytes` of a task, rounded up.
    public static func taskMemory(_ gigabytes: Double) -> Int {
        Int((gigabytes * 1024).rounded(.up))
    }

    /// Every requirement of `job` that `bucket` fails; empty when it is eligible.
    public static func exclusions(of bucket: CapacityModel.Bucket, for job: JobClass)
        -> [Exclusion]
    {
        var result: [Exclusion] = []
        let require = job.require
        if !bucket.isValid {
            result.append(
                .init(requirement: "valid bucket", found: bucket.invalidReason ?? "invalid"))
        }
        if let list = require.nodearrays, !list.contains(bucket.nodearray) {
            result.append(.init(requirement: "require.nodearrays", found: bucket.nodearray))
        }
        if let list = require.machineTypes,
            !list.contains(where: { $0.lowercased() == bucket.machineType.lowercased() })
        {
            result.append(.init(requirement: "require.machineTypes", found: bucket.machineType))
        }
        if let wanted = require.infiniband, wanted != bucket.infiniband {
            result.append(
                .init(
                    requirement: "require.infiniband",
                    found: bucket.infiniband ? "has InfiniBand" : "no InfiniBand"))
        }
        if let minimum = require.minVcpus, bucket.vcpus < minimum {
            result.append(.init(requirement: "require.minVcpus", found: "\(bucket.vcpus) vCPUs"))
        }
        if let minimum = require.minMemoryGB, bucket.memoryGB < minimum {
            result.append(
                .init(requirement: "require.minMemoryGB", found: "\(format(bucket.memoryGB)) GB"))
        }
        if let minimum = require.minGpus, bucket.gpus < minimum {
            result.append(.init(requirement: "require.minGpus", found: "\(bucket.gpus) GPUs"))
        }
        if let spot = require.spot, spot != bucket.isSpot {
            result.append(
                .init(requirement: "require.spot", found: bucket.isSpot ? "spot" : "regular"))
        }
        if let task = job.task {
            if task.vcpus > bucket.vcpus {
                result.append(.init(requirement: "task.vcpus", found: "\(bucket.vcpus) vCPUs"))
            }
            if taskMemory(task.memoryGB) > nodeMemory(bucket.memoryGB) {
                result.append(
                    .init(requirement: "task.memoryGB", found: "\(format(bucket.memoryGB)) GB"))
            }
            if task.gpus > bucket.gpus {
                result.append(.init(requirement: "task.gpus", found: "\(bucket.gpus) GPUs"))
            }
        }
        return result
    }

    /// How many tasks of `task` fit on one node of `bucket`; 0 when none does.
    public static func tasksPerNode(_ task: TaskShape, on bucket: CapacityModel.Bucket) -> Int {
        NodeResources(bucket: bucket).count(of: task)
    }

    static func format(_ gigabytes: Double) -> String {
        gigabytes.rounded() == gigabytes ? "\(Int(gigabytes))" : "\(gigabytes)"
    }
}

/// vCPUs, memory (MiB) and GPUs: what a node has, or has left.
public struct NodeResources: Sendable, Hashable {
    /// vCPUs.
    public var vcpus: Int
    /// Memory in MiB.
    public var memory: Int
    /// GPUs.
    public var gpus: Int

    /// Creates a resource amount.
    public init(vcpus: Int, memory: Int, gpus: Int) {
        self.vcpus = vcpus
        self.memory = memory
        self.gpus = gpus
    }

    /// What one empty node of `bucket` has.
    public init(bucket: CapacityModel.Bucket) {
        self.init(
            vcpus: bucket.vcpus, memory: Eligibility.nodeMemory(bucket.memoryGB), gpus: bucket.gpus)
    }

    /// What `tasks` tasks of `task` need.
    public init(task: TaskShape, tasks: Int = 1) {
        self.init(
            vcpus: task.vcpus * tasks, memory: Eligibility.taskMemory(task.memoryGB) * tasks,
            gpus: task.gpus * tasks)
    }

    /// How many tasks of `task` fit in this amount.
    public func count(of task: TaskShape) -> Int {
        count(of: NodeResources(task: task))
    }

    /// How many of `need` fit in this amount; 0 when `need` is nothing at all.
    public func count(of need: NodeResources) -> Int {
        var fit = Int.max
        if need.vcpus > 0 { fit = min(fit, vcpus / need.vcpus) }
        if need.memory > 0 { fit = min(fit, memory / need.memory) }
        if need.gpus > 0 { fit = min(fit, gpus / need.gpus) }
        return fit == Int.max ? 0 : max(0, fit)
    }

    /// This amount plus `other`.
    public func adding(_ other: NodeResources) -> NodeResources {
        NodeResources(
            vcpus: vcpus + other.vcpus, memory: memory + other.memory, gpus: gpus + other.gpus)
    }

    /// This amount less `other`.
    public func subtracting(_ other: NodeResources) -> NodeResources {
        NodeResources(
            vcpus: vcpus - other.vcpus, memory: memory - other.memory, gpus: gpus - other.gpus)
    }

    /// Whether every part is at least zero.
    public var isNonNegative: Bool { vcpus >= 0 && memory >= 0 && gpus >= 0 }
}

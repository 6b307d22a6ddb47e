/// A planner's answer before it becomes a `Plan`: groups of identical new nodes, and how
/// jobs are laid out on them. Indices refer to the capacity model and the workload.
public struct Allocation: Sendable, Hashable {
    /// Where a node goes with respect to placement groups.
    public enum Placement: Sendable, Hashable {
        /// In no placement group.
        case none
        /// In an existing placement group (index into `CapacityModel.placementGroups`).
        case existing(Int)
        /// In the `n`th new placement group of the node's bucket (from 0).
        case new(Int)
    }

    /// Tasks of one job class on a node; `tasks` is 0 for a node job's whole node.
    public struct Load: Sendable, Hashable {
        /// Index into `Workload.jobClasses`.
        public var jobClass: Int
        /// Tasks per node.
        public var tasks: Int

        /// Creates a load.
        public init(jobClass: Int, tasks: Int) {
            self.jobClass = jobClass
            self.tasks = tasks
        }
    }

    /// Identical new nodes.
    public struct Group: Sendable, Hashable {
        /// Index into `CapacityModel.buckets`.
        public var bucket: Int
        /// The placement group.
        public var placement: Placement
        /// How many nodes.
        public var count: Int
        /// What each node carries, by job class index.
        public var load: [Load]

        /// Creates a group.
        public init(bucket: Int, placement: Placement, count: Int, load: [Load]) {
            self.bucket = bucket
            self.placement = placement
            self.count = count
            self.load = load
        }
    }

    /// `jobs` jobs that each take `shares` nodes of their own.
    public struct Layout: Sendable, Hashable {
        /// How many jobs.
        public var jobs: Int
        /// Per group index, nodes each job takes.
        public var shares: [Share]

        /// Creates a layout.
        public init(jobs: Int, shares: [Share]) {
            self.jobs = jobs
            self.shares = shares
        }
    }

    /// Nodes of one group.
    public struct Share: Sendable, Hashable {
        /// Index into `groups`.
        public var group: Int
        /// Nodes.
        public var nodes: Int

        /// Creates a share.
        public init(group: Int, nodes: Int) {
            self.group = group
            self.nodes = nodes
        }
    }

    /// The node groups.
    public var groups: [Group]
    /// Per job class, how its placed jobs are laid out (empty for shared task classes).
    public var layouts: [[Layout]]
    /// Per job class, jobs placed.
    public var placed: [Int]

    /// Creates an allocation.
    public init(groups: [Group], layouts: [[Layout]], placed: [Int]) {
        self.groups = groups
        self.layouts = layouts
        self.placed = placed
    }

    /// An allocation that places nothing, for `classes` job classes.
    public static func empty(classes: Int) -> Allocation {
        Allocation(
            groups: [], layouts: Array(repeating: [], count: classes),
            placed: Array(repeating: 0, count: classes))
    }
}

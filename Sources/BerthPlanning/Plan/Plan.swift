import CycleCloudAPI

/// A placement plan: the new nodes to create, which jobs they carry, why the rest stay
/// queued, and the `nodes/create` requests that make it happen.
///
/// A plan is self-contained: `PlanVerifier` re-checks it from the snapshot, the workload and
/// this document alone. Its JSON form is what `berth plan --out DIR` writes as `plan.json`.
public struct Plan: Codable, Sendable, Hashable {
    /// The planner that made it: `greedy`, `largest-first` or `optimal`.
    public var planner: String
    /// The snapshot file it was planned against.
    public var snapshot: String
    /// The workload file it places.
    public var workload: String
    /// The solver's account of itself, for the optimal planner.
    public var solver: SolverSummary?
    /// What the plan achieves, in the objective's order.
    public var objective: Objective
    /// The new nodes, in groups of identical nodes.
    public var nodeGroups: [NodeGroup]
    /// Per job class: requested, placed, how, and why not.
    public var jobs: [JobOutcome]
    /// Every limit, before and after the plan.
    public var limits: [LimitUse]
    /// The most nodes one create request carries.
    public var maxNodesPerRequest: Int
    /// The `nodes/create` request bodies, in the order to send them.
    public var createRequests: [NodeCreationRequest]
}

/// What a plan achieves, in the order the planners rank plans by.
public struct Objective: Codable, Sendable, Hashable, Comparable {
    /// Jobs placed, each weighted by its class's priority. More is better.
    public var weightedJobsPlaced: Int
    /// vCPUs of all new nodes. Fewer is better.
    public var newVcpus: Int
    /// New placement groups. Fewer is better.
    public var newPlacementGroups: Int
    /// Jobs placed, unweighted.
    public var jobsPlaced: Int
    /// New nodes.
    public var newNodes: Int

    /// Whether `lhs` is worse than `rhs`: fewer weighted jobs, or as many with more vCPUs, or
    /// as many vCPUs with more placement groups.
    public static func < (lhs: Objective, rhs: Objective) -> Bool {
        if lhs.weightedJobsPlaced != rhs.weightedJobsPlaced {
            return lhs.weightedJobsPlaced < rhs.weightedJobsPlaced
        }
        if lhs.newVcpus != rhs.newVcpus { return lhs.newVcpus > rhs.newVcpus }
        return lhs.newPlacementGroups > rhs.newPlacementGroups
    }
}

/// The optimal planner's account of its solve.
public struct SolverSummary: Codable, Sendable, Hashable {
    /// `optimal`, `feasible` (stopped with a gap), `time-limit`, `greedy-fallback`.
    public var status: String
    /// A proven upper bound on the weighted jobs that any plan can place.
    public var bound: Int
    /// `(bound - placed) / bound`, 0 when proven optimal.
    public var gap: Double
    /// Wall-clock seconds spent.
    public var seconds: Double
    /// The weighted jobs the greedy plan placed, which the result never falls below.
    public var greedyWeightedJobsPlaced: Int
    /// Rows and columns of the integer program.
    public var modelRows: Int
    /// Columns of the integer program.
    public var modelColumns: Int
    /// Anything worth knowing: why a stage stopped, what was kept.
    public var notes: [String]
}

/// Identical new nodes: same bucket, same placement group, same load per node.
public struct NodeGroup: Codable, Sendable, Hashable {
    /// The group's name within the plan, such as `g3`.
    public var id: String
    /// The nodearray.
    public var nodearray: String
    /// The machine type.
    public var machineType: String
    /// The bucket's `bucketId`.
    public var bucketId: String
    /// The placement group, when the nodes must be in one.
    public var placementGroup: String?
    /// Whether that placement group is created by this plan.
    public var newPlacementGroup: Bool?
    /// How many nodes.
    public var count: Int
    /// What each of these nodes carries.
    public var load: [Load]
}

/// Part of what one node carries: tasks of a job class, or (for node jobs) the whole node.
public struct Load: Codable, Sendable, Hashable {
    /// The job class.
    public var jobClass: String
    /// Tasks of that class on the node; absent for a node job, which has the node whole.
    public var tasks: Int?
}

/// What became of one job class.
public struct JobOutcome: Codable, Sendable, Hashable {
    /// The job class.
    public var jobClass: String
    /// Its priority.
    public var priority: Int
    /// Jobs asked for.
    public var requested: Int
    /// Jobs placed whole.
    public var placed: Int
    /// For classes whose jobs have nodes to themselves: how each placed job is laid out
    /// over node groups. Absent for shared task jobs, whose tasks only need to add up.
    public var layouts: [JobLayout]?
    /// Why the jobs not placed were not; empty when all were placed.
    public var unplaced: [UnplacedReason]
}

/// `jobs` placed jobs of one class that each take the same nodes: from each listed group,
/// `nodes` nodes of their own.
public struct JobLayout: Codable, Sendable, Hashable {
    /// How many jobs are laid out this way.
    public var jobs: Int
    /// The nodes each of them takes.
    public var nodes: [NodeShare]
}

/// Some nodes of one group.
public struct NodeShare: Codable, Sendable, Hashable {
    /// The node group's `id`.
    public var group: String
    /// How many of its nodes.
    public var nodes: Int
}

/// Why some jobs of a class were not placed.
public struct UnplacedReason: Codable, Sendable, Hashable {
    /// The kind of reason.
    public enum Kind: String, Codable, Sendable, Hashable {
        /// No bucket meets the job's requirements.
        case noEligibleBucket
        /// A colocated job needs more nodes than any eligible placement group holds.
        case largerThanPlacementGroup
        /// A limit has too little left for one more job.
        case limitExhausted
        /// Room remains, but the planner did not use it for this class (greedy order, or
        /// the optimizer preferred other jobs of equal or higher weight).
        case displaced
    }

    /// The kind.
    public var kind: Kind
    /// The jobs this reason covers.
    public var jobs: Int
    /// The reason for people.
    public var message: String
    /// For `limitExhausted`: the limit that ran out.
    public var limit: String?
    /// For `limitExhausted`: what is left of it, in its unit.
    public var remaining: Int?
    /// For `limitExhausted`: what one more job needs of it.
    public var needed: Int?
    /// For `noEligibleBucket`: which requirement excluded which buckets.
    public var excluded: [Excluded]?
}

/// Buckets that one requirement excluded.
public struct Excluded: Codable, Sendable, Hashable {
    /// The requirement (`require.minGpus`, `task.vcpus`, `valid bucket`).
    public var requirement: String
    /// The buckets it excluded, as `nodearray/machineType (what it has)`.
    public var buckets: [String]
}

/// One limit before and after a plan.
public struct LimitUse: Codable, Sendable, Hashable {
    /// The limit's name.
    public var name: String
    /// Nodes or vCPUs.
    public var unit: CapacityModel.Limit.Unit
    /// Its cap.
    public var capacity: Int
    /// In use before the plan.
    public var usedBefore: Int
    /// In use after the plan.
    public var usedAfter: Int
}

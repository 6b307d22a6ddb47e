/// What applying a plan came to: per request, what was sent and created; the sets
/// CycleCloud filled only in part; the placement groups left too small for their colocated
/// jobs; and, when waiting, how many nodes became ready.
public struct ApplyReport: Codable, Sendable, Hashable {
    /// The cluster.
    public var cluster: String
    /// One entry per create request of the plan, in plan order.
    public var requests: [RequestReport]
    /// Nodes the plan's requests ask for.
    public var nodesRequested: Int
    /// Nodes the requests created, in this run and earlier ones.
    public var nodesCreated: Int
    /// Sets that CycleCloud filled only in part.
    public var partialSets: [PartialSet]
    /// Placement groups whose colocated jobs got fewer nodes than they need.
    public var strandedGroups: [StrandedGroup]
    /// Nodes terminated because their placement group cannot run its job (this run and
    /// earlier ones), by name.
    public var terminated: [String]
    /// Where the live cluster has less room than the plan assumed, and other things that
    /// did not stop the run.
    public var warnings: [String]
    /// How the created nodes came up, when waiting was asked for.
    public var wait: WaitSummary?

    /// Creates a report.
    public init(
        cluster: String, requests: [RequestReport], nodesRequested: Int, nodesCreated: Int,
        partialSets: [PartialSet], strandedGroups: [StrandedGroup], terminated: [String],
        warnings: [String], wait: WaitSummary?
    ) {
        self.cluster = cluster
        self.requests = requests
        self.nodesRequested = nodesRequested
        self.nodesCreated = nodesCreated
        self.partialSets = partialSets
        self.strandedGroups = strandedGroups
        self.terminated = terminated
        self.warnings = warnings
        self.wait = wait
    }

    /// Whether every requested node was created, every request is done, no placement
    /// group is short and, when waiting, every node is ready.
    public var isComplete: Bool {
        requests.allSatisfy { $0.state == .done } && nodesCreated >= nodesRequested
            && partialSets.isEmpty && strandedGroups.isEmpty
            && (wait.map { $0.failed.isEmpty && !$0.timedOut } ?? true)
    }
}

/// What became of one create request.
public struct RequestReport: Codable, Sendable, Hashable {
    /// How this run dealt with the request.
    public enum Action: String, Codable, Sendable, Hashable {
        /// Sent by this run, with the server's answer.
        case sent
        /// Found by its request id: sent by an earlier run, or its answer was lost.
        case recovered
        /// Done in an earlier run; nothing was sent.
        case alreadyDone = "already-done"
        /// Not sent: the run stopped before it.
        case notSent = "not-sent"
        /// Sent, but whether it took effect is unknown.
        case unknown
    }

    /// Its position in the plan, from 1.
    public var index: Int
    /// Its request id.
    public var requestId: String
    /// Where it stands in the journal.
    public var state: ApplyJournal.State
    /// How this run dealt with it.
    public var action: Action
    /// The operation it started, when known.
    public var operationId: String?
    /// Nodes it asks for.
    public var nodesRequested: Int
    /// Nodes it created, when known.
    public var nodesCreated: Int?
}

/// A set that CycleCloud filled only in part (`added < count`).
public struct PartialSet: Codable, Sendable, Hashable {
    /// The request's position in the plan, from 1.
    public var request: Int
    /// The set's position in its request, from 1.
    public var set: Int
    /// The nodearray.
    public var nodearray: String
    /// The machine type.
    public var machineType: String?
    /// The placement group.
    public var placementGroup: String?
    /// Nodes asked for.
    public var requested: Int
    /// Nodes added.
    public var added: Int
    /// The server's reason, when it gave one.
    public var message: String?
}

/// A placement group whose colocated jobs got fewer nodes than they need: the nodes beyond
/// what whole jobs can use are stranded, since a colocated job cannot take nodes outside
/// its placement group.
public struct StrandedGroup: Codable, Sendable, Hashable {
    /// The jobs of one class that the plan put in the group.
    public struct Jobs: Codable, Sendable, Hashable {
        /// The job class.
        public var jobClass: String
        /// Nodes each job needs in the group.
        public var nodesPerJob: Int
        /// Jobs the plan put there.
        public var planned: Int
        /// Jobs the created nodes can still run.
        public var runnable: Int
    }

    /// The nodearray.
    public var nodearray: String
    /// The machine type.
    public var machineType: String
    /// The placement group.
    public var placementGroup: String
    /// New nodes the plan puts in the group.
    public var plannedNodes: Int
    /// New nodes created in it.
    public var createdNodes: Int
    /// The colocated jobs planned there.
    public var jobs: [Jobs]
    /// The created nodes no whole job can use, by name.
    public var strandedNodes: [String]
    /// Their node ids.
    public var strandedNodeIds: [String]
    /// Whether they were terminated.
    public var terminated: Bool
}

/// How the created nodes came up.
public struct WaitSummary: Codable, Sendable, Hashable {
    /// A node that failed or disappeared.
    public struct FailedNode: Codable, Sendable, Hashable {
        /// Its name.
        public var name: String
        /// Its last `Status`, or `missing` when it is no longer listed.
        public var status: String
        /// Its `StatusMessage`, when it has one.
        public var message: String?
    }

    /// Nodes waited for.
    public var nodes: Int
    /// Nodes `Ready` (or `Started`).
    public var ready: Int
    /// Nodes that failed or disappeared.
    public var failed: [FailedNode]
    /// Nodes still coming up when the wait ended.
    public var pending: Int
    /// Whether the wait ended on its timeout.
    public var timedOut: Bool
    /// Seconds waited.
    public var seconds: Double
}

import BerthPlanning
import Foundation

/// How to apply a plan.
public struct ApplyOptions: Sendable {
    /// Before sending, read the cluster's status and warn where it has less room than the
    /// plan's remaining requests need.
    public var checkFit: Bool
    /// The plan's workload, when at hand: the fit check then also runs `PlanVerifier`
    /// against the live cluster (only before anything of the plan was created).
    public var workload: Workload?
    /// Machine types and their quota families, for the fit check's capacity model.
    public var catalog: MachineCatalog
    /// How the fit check reads the status (capacity-failure backoff).
    public var capacity: CapacityOptions
    /// Terminate the nodes of placement groups that cannot run their colocated jobs.
    public var terminateStranded: Bool
    /// Wait until the created nodes are ready (or failed).
    public var wait: Bool
    /// The longest to wait.
    public var waitTimeout: Duration
    /// The pause before the second look at the nodes; the first is at once.
    public var firstPollDelay: Duration
    /// The longest pause between two looks; pauses double up to it.
    public var maxPollDelay: Duration

    /// Defaults: check the fit, no workload, an empty catalog, keep stranded nodes, no wait;
    /// when waiting, up to 20 minutes, looking at once, after 0.5 s, then doubling to 10 s.
    public init(
        checkFit: Bool = true, workload: Workload? = nil,
        catalog: MachineCatalog = MachineCatalog(),
        capacity: CapacityOptions = CapacityOptions(), terminateStranded: Bool = false,
        wait: Bool = false, waitTimeout: Duration = .seconds(1200),
        firstPollDelay: Duration = .milliseconds(500), maxPollDelay: Duration = .seconds(10)
    ) {
        self.checkFit = checkFit
        self.workload = workload
        self.catalog = catalog
        self.capacity = capacity
        self.terminateStranded = terminateStranded
        self.wait = wait
        self.waitTimeout = waitTimeout
        self.firstPollDelay = firstPollDelay
        self.maxPollDelay = maxPollDelay
    }
}

/// Something applying a plan did that a caller may want to show: each request, each
/// look-up, the nodes terminated, and the wait's progress. Events never carry credentials.
public enum ApplyEvent: Sendable, Hashable, CustomStringConvertible {
    /// Something did not stop the run but deserves attention.
    case warning(String)
    /// Request `request` of `total` was done by an earlier run and is skipped.
    case skipped(request: Int, total: Int, requestId: String)
    /// Request `request` was sent by an earlier run with no outcome recorded: looking it up.
    case lookingUp(request: Int, total: Int, requestId: String)
    /// Request `request` of `total` is being sent.
    case sending(request: Int, total: Int, requestId: String, nodes: Int)
    /// Request `request` created `added` of its `requested` nodes.
    case created(request: Int, total: Int, added: Int, requested: Int, recovered: Bool)
    /// Stranded nodes of a placement group are being terminated.
    case terminating(placementGroup: String, nodes: [String])
    /// The state of the created nodes after one look.
    case waiting(ready: Int, failed: Int, pending: Int, seconds: Double)

    /// One line for people.
    public var description: String {
        switch self {
        case .warning(let message):
            return message
        case .skipped(let request, let total, let requestId):
            return "request \(request)/\(total) \(requestId): done by an earlier run, skipped"
        case .lookingUp(let request, let total, let requestId):
            return "request \(request)/\(total) \(requestId): sent earlier with no recorded "
                + "outcome; looking it up by request id"
        case .sending(let request, let total, let requestId, let nodes):
            return "request \(request)/\(total) \(requestId): sending, \(nodes) node(s)"
        case .created(let request, let total, let added, let requested, let recovered):
            return "request \(request)/\(total): \(added) of \(requested) node(s) created"
                + (recovered ? " (found by request id)" : "")
        case .terminating(let placementGroup, let nodes):
            return "terminating \(nodes.count) stranded node(s) of placement group "
                + "\(placementGroup): \(nodes.joined(separator: ", "))"
        case .waiting(let ready, let failed, let pending, let seconds):
            return "\(ready) ready, \(failed) failed, \(pending) coming up "
                + String(format: "(%.0f s)", seconds)
        }
    }
}

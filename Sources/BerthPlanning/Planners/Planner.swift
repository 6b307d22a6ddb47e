import CycleCloudAPI
import Foundation

/// The planners Berth offers.
public enum PlannerKind: String, Sendable, Hashable, CaseIterable {
    /// CycleCloud's autoscaler today: file order, first fit.
    case greedy
    /// Largest jobs first, first fit: a stronger heuristic.
    case largestFirst = "largest-first"
    /// The integer program solved with GLPK, started from the better heuristic plan.
    case optimal
}

/// How to plan.
public struct PlanOptions: Sendable {
    /// Which planner.
    public var planner: PlannerKind
    /// The most nodes in one create request.
    public var maxNodesPerRequest: Int

    /// Options for `planner` with at most `maxNodesPerRequest` nodes per request.
    public init(planner: PlannerKind = .greedy, maxNodesPerRequest: Int = 500) {
        self.planner = planner
        self.maxNodesPerRequest = maxNodesPerRequest
    }
}

/// A snapshot and a workload, read, checked and related to each other: what every planner
/// starts from.
public struct PlanningInput: Sendable {
    /// The snapshot's status body.
    public var status: ClusterStatus
    /// The problem.
    public var problem: PlanningProblem
    /// A digest of the snapshot's bytes, for request ids.
    public var snapshotDigest: String

    /// Relates `workload` to the snapshot `status` and its capacity `model`.
    ///
    /// - Throws: `InputError` when the workload names a nodearray or machine type the
    ///   snapshot does not have.
    public init(
        status: ClusterStatus, model: CapacityModel, workload: Workload, snapshotDigest: String
    )
        throws(InputError)
    {
        try workload.checkNames(against: model)
        self.status = status
        self.problem = PlanningProblem(model: model, workload: workload)
        self.snapshotDigest = snapshotDigest
    }

    /// Reads the snapshot and workload files.
    ///
    /// - Throws: `InputError` for either file, naming the file, the place and the problem.
    public static func load(
        snapshot: String, workload: String, catalog: MachineCatalog,
        options: CapacityOptions = CapacityOptions()
    ) throws(InputError) -> PlanningInput {
        let data = try JSONDocument.read(path: snapshot)
        let status = try JSONDocument.decode(ClusterStatus.self, from: data, document: snapshot)
        let model = try CapacityModel(
            status: status, document: snapshot, catalog: catalog, options: options)
        let mix = try Workload.load(path: workload)
        return try PlanningInput(
            status: status, model: model, workload: mix,
            snapshotDigest: Digest.hex(String(decoding: data, as: UTF8.self)))
    }
}

/// Runs a heuristic planner and assembles its plan.
public enum HeuristicPlanner {
    /// The plan of the greedy planner in `order`.
    public static func plan(
        _ input: PlanningInput, order: GreedyPlanner.Order, maxNodesPerRequest: Int
    ) -> Plan {
        let allocation = GreedyPlanner(order: order).allocate(input.problem)
        return PlanAssembly(
            problem: input.problem, maxNodesPerRequest: maxNodesPerRequest,
            snapshotDigest: input.snapshotDigest
        ).plan(allocation, planner: order == .fileOrder ? "greedy" : "largest-first")
    }
}

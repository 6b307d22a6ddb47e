import BerthPlanning
import CycleCloudAPI
import Testing

/// Plans `jobs` against `status` with the greedy planner in `order`, and checks the plan with
/// `PlanVerifier` against a capacity model and workload built afresh, as `berth verify`
/// does. Every plan a test makes goes through here.
@discardableResult
func planAndVerify(
    _ status: ClusterStatus, _ jobs: [JobClass], order: GreedyPlanner.Order = .fileOrder,
    options: CapacityOptions = CapacityOptions(), maxNodesPerRequest: Int = 500,
    snapshotDigest: String = "snapshot-digest", catalog: MachineCatalog = TestMachines.catalog,
    context: String = "", sourceLocation: SourceLocation = #_sourceLocation
) throws -> Plan {
    let model = try CapacityModel(
        status: status, document: "snapshot.json", catalog: catalog, options: options)
    let input = try PlanningInput(
        status: status, model: model, workload: workload(jobs), snapshotDigest: snapshotDigest)
    return try planAndVerify(
        input, order: order, maxNodesPerRequest: maxNodesPerRequest, catalog: catalog,
        options: options, context: context, sourceLocation: sourceLocation)
}

/// Plans `input` and verifies the plan, as above.
@discardableResult
func planAndVerify(
    _ input: PlanningInput, order: GreedyPlanner.Order = .fileOrder,
    maxNodesPerRequest: Int = 500, catalog: MachineCatalog,
    options: CapacityOptions = CapacityOptions(), context: String = "",
    sourceLocation: SourceLocation = #_sourceLocation
) throws -> Plan {
    let plan = HeuristicPlanner.plan(input, order: order, maxNodesPerRequest: maxNodesPerRequest)
    let violations = try verify(
        plan, status: input.status, workload: input.problem.workload, catalog: catalog,
        options: options)
    #expect(
        violations.isEmpty,
        "\(context)the \(plan.planner) plan breaks: \(violations.joined(separator: "; "))",
        sourceLocation: sourceLocation)
    return plan
}

/// What `PlanVerifier` finds wrong with `plan`, from a capacity model built afresh.
func verify(
    _ plan: Plan, status: ClusterStatus, workload: Workload,
    catalog: MachineCatalog = TestMachines.catalog, options: CapacityOptions = CapacityOptions()
) throws -> [String] {
    let model = try CapacityModel(
        status: status, document: "snapshot.json", catalog: catalog, options: options)
    return PlanVerifier(model: model, workload: workload).violations(of: plan)
}

extension Plan {
    /// One line per node group, the way the tests write expected plans:
    /// `g1 hpc/Standard_HC44rs in berth-Standard_HC44rs-1 (new) x16: wrf` or
    /// `g2 htc/Standard_F16s_v2 x3: sweep*4, post*1`.
    var groupLines: [String] {
        nodeGroups.map { group in
            var place = ""
            if let name = group.placementGroup {
                place = " in \(name)" + (group.newPlacementGroup == true ? " (new)" : "")
            }
            let load = group.load.map { entry in
                entry.tasks.map { "\(entry.jobClass)*\($0)" } ?? entry.jobClass
            }
            return "\(group.id) \(group.nodearray)/\(group.machineType)\(place) "
                + "x\(group.count): \(load.joined(separator: ", "))"
        }
    }

    /// The objective as `J jobs (weighted W), N nodes, V vCPUs, G new placement groups`.
    var objectiveLine: String {
        "\(objective.jobsPlaced) jobs (weighted \(objective.weightedJobsPlaced)), "
            + "\(objective.newNodes) nodes, \(objective.newVcpus) vCPUs, "
            + "\(objective.newPlacementGroups) new placement groups"
    }

    /// `name placed/requested` per job class, in workload order.
    var placedLines: [String] {
        jobs.map { "\($0.jobClass) \($0.placed)/\($0.requested)" }
    }

    /// Each layout of `jobClass` as `jobs x [group:nodes, ...]`.
    func layoutLines(_ jobClass: String) -> [String] {
        (outcome(jobClass)?.layouts ?? []).map { layout in
            "\(layout.jobs) x ["
                + layout.nodes.map { "\($0.group):\($0.nodes)" }
                .joined(separator: ", ") + "]"
        }
    }

    /// The outcome of `jobClass`.
    func outcome(_ jobClass: String) -> JobOutcome? {
        jobs.first { $0.jobClass == jobClass }
    }

    /// The one reason jobs of `jobClass` were left out; a test failure when there is not
    /// exactly one.
    func reason(_ jobClass: String) throws -> UnplacedReason {
        let reasons = outcome(jobClass)?.unplaced ?? []
        guard reasons.count == 1, let reason = reasons.first else {
            throw TestFailure("\(jobClass) has \(reasons.count) unplaced reasons: \(reasons)")
        }
        return reason
    }

    /// The use of the limit called `name`.
    func limitUse(_ name: String) -> LimitUse? {
        limits.first { $0.name == name }
    }
}

import BerthPlanning
import CycleCloudAPI
import Testing

/// The optimal planner on the random scenarios of the heuristics' property test: spot,
/// capacity failures, node records and constrained-core sizes included.
@Suite struct OptimalPropertyTests {
    @Test(
        "every optimal plan of a random scenario verifies, within its bound, never below the heuristics",
        arguments: PlannerPropertyTests.seeds)
    func randomOptimalPlans(_ seed: UInt64) async throws {
        let scenario = RandomScenario(seed: seed)
        let context = "seed \(seed): "
        let model = try capacity(scenario.status)
        let input = try PlanningInput(
            status: scenario.status, model: model, workload: workload(scenario.jobs),
            snapshotDigest: "digest")
        let plan = await OptimalPlanner.plan(
            input, options: OptimalOptions(timeLimit: .seconds(2), maxNodesPerRequest: 7))
        let violations = try verify(
            plan, status: scenario.status, workload: workload(scenario.jobs))
        #expect(violations.isEmpty, "\(context)\(violations)")
        let solver = try #require(plan.solver, "\(context)no solver summary")
        #expect(plan.planner == "optimal", "\(context)")
        #expect(
            !solver.notes.contains { $0.contains("failed verification") },
            "\(context)\(solver.notes)")
        #expect(plan.objective.weightedJobsPlaced <= solver.bound, "\(context)\(solver)")
        for order in [GreedyPlanner.Order.fileOrder, .largestFirst] {
            let heuristic = try planAndVerify(
                input, order: order, catalog: TestMachines.catalog, context: context)
            #expect(
                plan.objective.weightedJobsPlaced >= heuristic.objective.weightedJobsPlaced,
                "\(context)\(heuristic.planner) places more")
        }
    }
}

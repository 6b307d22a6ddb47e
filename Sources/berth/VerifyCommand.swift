import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth verify`: re-checks a plan from the files alone.
enum VerifyCommand: Command {
    static let name = "verify"
    static let summary = "re-check a plan against its snapshot and workload"
    static let valueOptions: Set<String> = [
        "--snapshot", "--workload", "--plan", "--catalog", "--capacity-backoff",
    ]
    static let help = """
        Usage: berth verify --snapshot STATUS.json --workload WORKLOAD.json --plan PLAN

        Re-checks a plan (plan.json, or the directory 'berth plan --out' wrote) without the
        planner: every limit, every node's load, every placed job's nodes, tasks and
        placement group, the stated objective, that the create requests add exactly the
        planned nodes, and, for a directory, that its request-NNN.json files are those
        requests. Prints each violation; exits 0 when there is none and 1 otherwise.

        Options: --catalog FILE, --capacity-backoff SECONDS (as for 'berth plan'; use the same).
        """

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let snapshot = try arguments.required("--snapshot")
        let workloadPath = try arguments.required("--workload")
        let planPath = try arguments.required("--plan")
        let catalog = try loadCatalog(&arguments)
        let capacity = try capacityOptions(&arguments)
        try arguments.checkAllUsed()
        try arguments.checkNoOperands()

        let (_, model) = try CapacityModel.load(path: snapshot, catalog: catalog, options: capacity)
        let workload = try Workload.load(path: workloadPath)
        let plan = try PlanFiles.load(path: planPath)
        let violations =
            PlanVerifier(model: model, workload: workload).violations(of: plan)
            + PlanFiles.requestFileMismatches(plan, path: planPath)
        guard violations.isEmpty else {
            for violation in violations { Console.output("violation: \(violation)\n") }
            Console.error("the plan breaks \(violations.count) rule(s)")
            return .failure
        }
        Console.output(
            "ok: \(plan.nodeGroups.reduce(0) { $0 + $1.count }) new nodes in "
                + "\(plan.createRequests.count) request(s); every limit, job and request checks out\n"
        )
        return .success
    }
}

import BerthSolver
import CycleCloudAPI
import Foundation

/// Options of the optimal planner.
public struct OptimalOptions: Sendable {
    /// The longest the whole planning may take; the best plan found by then is returned.
    public var timeLimit: Duration
    /// Stop once the weighted jobs placed are within this fraction of the bound.
    public var relativeGap: Double
    /// The most nodes in one create request.
    public var maxNodesPerRequest: Int
    /// Write the stage-1 plan model here (`.lp` for CPLEX LP, `.mps` for MPS) before solving.
    public var exportModel: URL?
    /// A token that stops the solve early, keeping the best plan so far.
    public var cancellation: MIPCancellationToken?
    /// Called with the stage name and the search's state, at most every half second.
    public var progress: (@Sendable (String, MIPProgress) -> Void)?
    /// Prices per machine type; when given, the second stage minimizes the hourly price of
    /// the new nodes instead of their vCPUs. Every machine type used must have a price.
    public var prices: PriceList?

    /// Defaults: 10 s, prove optimality (gap 0), 500 nodes per request.
    public init(
        timeLimit: Duration = .seconds(10), relativeGap: Double = 0, maxNodesPerRequest: Int = 500
    ) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.maxNodesPerRequest = maxNodesPerRequest
    }
}

/// Plans with an integer program solved by GLPK, in three stages (most weighted jobs, then
/// fewest new vCPUs, then fewest new placement groups), started from the better of the two
/// heuristic plans so that the result is never worse than either.
///
/// The reported bound comes from a relaxation of the problem (`PlacementModel`, `.bound`
/// mode) and holds for every plan under the rules, not only for the plans the model's
/// columns can express. The result always passes `PlanVerifier`; if anything goes wrong —
/// a solver error, a deadline before any solve, a solution that fails verification — the
/// heuristic plan is returned with a note saying why.
public enum OptimalPlanner {
    /// Plans `input`.
    ///
    /// Runs the solves on threads of their own; cancelling the calling task stops the
    /// search and keeps the best plan found so far.
    public static func plan(_ input: PlanningInput, options: OptimalOptions) async -> Plan {
        var run = OptimalRun(input: input, options: options)
        return await run.plan()
    }
}

private struct OptimalRun {
    let input: PlanningInput
    let options: OptimalOptions
    let started = ContinuousClock.now
    var notes: [String] = []
    var generated: [PlacementModel.Pattern] = []
    var rows = 0
    var columns = 0

    init(input: PlanningInput, options: OptimalOptions) {
        self.input = input
        self.options = options
    }

    var problem: PlanningProblem { input.problem }

    var assembly: PlanAssembly {
        PlanAssembly(
            problem: problem, maxNodesPerRequest: options.maxNodesPerRequest,
            snapshotDigest: input.snapshotDigest)
    }

    var remaining: Duration { options.timeLimit - (ContinuousClock.now - started) }

    /// Time since the start, for notes.
    var elapsedText: String {
        let elapsed = ContinuousClock.now - started
        let seconds =
            Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return String(format: "%.2f s", seconds)
    }

    mutating func plan() async -> Plan {
        let greedy = GreedyPlanner(order: .fileOrder).allocate(problem)
        let greedyPlan = assembly.plan(greedy, planner: "greedy")
        var candidates: [(name: String, allocation: Allocation)] = [
            ("greedy", greedy),
            ("largest-first", GreedyPlanner(order: .largestFirst).allocate(problem)),
            (
                "weight-per-vCPU",
                GuidedHeuristic(problem: problem).allocate(
                    .init(
                        jobs: problem.workload.jobClasses.map { _ in 0 },
                        nodes: problem.workload.jobClasses.map { _ in [:] }))
            ),
        ]
        candidates += await lpGuided(seeds: candidates.map(\.allocation), label: "")
        let capacityBound = await proveBound()
        let patternBound = await generatePatterns(seeds: candidates.map(\.allocation))
        let bound = (
            value: min(capacityBound.value, patternBound.value),
            stopped: capacityBound.stopped && patternBound.stopped
        )
        if !generated.isEmpty {
            candidates += await lpGuided(
                seeds: candidates.map(\.allocation), label: " with priced patterns")
        }
        // Every candidate is checked as any plan is; one that fails is dropped, never used.
        let verifier = PlanVerifier(model: problem.model, workload: problem.workload)
        let scored = candidates.compactMap { candidate -> (String, Allocation, Objective)? in
            let plan = assembly.plan(candidate.allocation, planner: candidate.name)
            let violations = verifier.violations(of: plan)
            guard violations.isEmpty else {
                notes.append("the \(candidate.name) plan failed verification (\(violations[0]))")
                return nil
            }
            return (candidate.name, candidate.allocation, plan.objective)
        }
        let first = scored.first ?? ("greedy", greedy, greedyPlan.objective)
        let bestCandidate = scored.dropFirst().reduce(first) { $0.2 < $1.2 ? $1 : $0 }
        let heuristic = bestCandidate.1
        let heuristicPlan = assembly.plan(heuristic, planner: bestCandidate.0)
        notes.append(
            "started from the \(bestCandidate.0) plan ("
                + scored.map { "\($0.0) \($0.2.weightedJobsPlaced)" }.joined(separator: ", ")
                + " weighted jobs)")
        let greedyAllocations = candidates.map(\.allocation)

        var best = heuristic
        var bestObjective = heuristicPlan.objective
        var stopped = false
        do {
            let (allocation, wasStopped) = try await solvePlanModel(
                seeds: greedyAllocations, start: heuristic,
                startWeighted: heuristicPlan.objective.weightedJobsPlaced, bound: bound)
            stopped = wasStopped
            let candidate = assembly.plan(allocation, planner: "optimal")
            let violations = PlanVerifier(model: problem.model, workload: problem.workload)
                .violations(of: candidate)
            if !violations.isEmpty {
                notes.append(
                    "the solver's plan failed verification (\(violations[0])); kept the "
                        + "heuristic plan")
            } else if bestObjective < candidate.objective || bestObjective == candidate.objective {
                best = allocation
                bestObjective = candidate.objective
            }
        } catch {
            notes.append("the solver failed (\(error)); kept the heuristic plan")
        }

        let placed = bestObjective.weightedJobsPlaced
        let proven = max(placed, bound.value)
        if bound.value < placed {
            notes.append("the relaxation's bound \(bound.value) was below the plan; using the plan")
        }
        let status: String
        if placed == proven {
            status = "optimal"
        } else if stopped || bound.stopped {
            status = "time-limit"
        } else {
            status = "feasible"
        }
        let seconds =
            Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        let summary = SolverSummary(
            status: status, bound: proven,
            gap: proven > 0 ? Double(proven - placed) / Double(proven) : 0, seconds: seconds,
            greedyWeightedJobsPlaced: greedyPlan.objective.weightedJobsPlaced, modelRows: rows,
            modelColumns: columns, notes: notes)
        return assembly.plan(best, planner: "optimal", solver: summary)
    }

    /// The heuristic plan led by the LP relaxation of the plan model, or `nil` when the
    /// relaxation cannot be solved in its share of the time.
    mutating func lpGuided(seeds: [Allocation], label: String) async
        -> [(name: String, allocation: Allocation)]
    {
        do {
            let model = try PlacementModel(
                problem: problem, mode: .plan, seeds: seeds, extraPatterns: generated)
            var relaxation = model.mip
            for variable in relaxation.variables {
                try relaxation.setKind(of: variable, to: .continuous)
            }
            let result = try await MIPSolver.solve(
                relaxation, options: solverOptions(stage: "LP relaxation", share: 0.1))
            guard let solution = result.solution else { return [] }
            let heuristic = GuidedHeuristic(problem: problem)
            let guided = heuristic.allocate(model.guidance(from: solution.values))
            let rounded = model.allocation(from: model.roundedValues(from: solution.values))
            var pass = GreedyPass(problem: problem, continuing: rounded)
            for job in heuristic.densityOrder() {
                while pass.placedJobs[job] < problem.workload.jobClasses[job].count {
                    guard pass.place(job) else { break }
                }
            }
            return [("LP-guided" + label, guided), ("LP-rounded" + label, pass.allocation())]
        } catch {
            notes.append("the LP relaxation failed (\(error)); no LP-guided plan")
            return []
        }
    }

    /// Prices node patterns into the `.patternBound` relaxation for a bound, and keeps the
    /// patterns for the plan model.
    mutating func generatePatterns(seeds: [Allocation]) async -> (value: Int, stopped: Bool) {
        do {
            let model = try PlacementModel(problem: problem, mode: .patternBound, seeds: seeds)
            var generation = ColumnGeneration(model: model)
            try await generation.run(until: ContinuousClock.now + remaining * 0.2, maxRounds: 400)
            generated = generation.generated
            notes.append(
                "column generation: \(generation.rounds) rounds, \(generated.count) patterns, "
                    + (generation.converged ? "converged" : "stopped before converging")
                    + ", bound \(generation.bound), at \(elapsedText)")
            guard generation.bound.isFinite else { return (Int.max, true) }
            return (Int((generation.bound + 1e-6).rounded(.down)), !generation.converged)
        } catch {
            notes.append("column generation failed (\(error))")
            return (Int.max, true)
        }
    }

    /// Solves the relaxation for an upper bound on the weighted jobs any plan can place.
    mutating func proveBound() async -> (value: Int, stopped: Bool) {
        let everything = problem.workload.jobClasses.enumerated().reduce(0) { total, entry in
            total
                + (problem.eligibleBuckets[entry.offset].isEmpty
                    ? 0 : entry.element.priority * entry.element.count)
        }
        do {
            let model = try PlacementModel(problem: problem, mode: .capacityBound, seeds: [])
            var mipOptions = solverOptions(stage: "bound", share: 0.15)
            mipOptions.absoluteGap = 0.999
            let result = try await MIPSolver.solve(model.mip, options: mipOptions)
            guard result.bestBound.isFinite else {
                if result.status == .infeasible { return (0, false) }
                return (everything, true)
            }
            let value = min(everything, Int((result.bestBound + 1e-6).rounded(.down)))
            notes.append(
                "capacity relaxation: bound \(value) (\(result.status)), at \(elapsedText)")
            return (value, result.status != .optimal)
        } catch {
            notes.append("the bound model failed (\(error)); the bound is every eligible job")
            return (everything, true)
        }
    }

    /// Stage 1 (weighted jobs), 2 (vCPUs) and 3 (placement groups) on the plan model.
    mutating func solvePlanModel(
        seeds: [Allocation], start: Allocation, startWeighted: Int,
        bound: (value: Int, stopped: Bool)
    ) async throws -> (Allocation, Bool) {
        var model = try PlacementModel(
            problem: problem, mode: .plan, seeds: seeds, extraPatterns: generated)
        rows = model.mip.constraintCount
        columns = model.mip.variableCount
        if let url = options.exportModel {
            if url.pathExtension.lowercased() == "mps" {
                try model.mip.write(mpsTo: url)
            } else {
                try model.mip.write(lpTo: url)
            }
        }
        var values = model.startVector(for: start)
        if values == nil { notes.append("the heuristic plan could not be expressed in the model") }
        var stopped = false

        var weighted = startWeighted
        if startWeighted < bound.value {
            var stage = solverOptions(stage: "stage 1: weighted jobs", share: 0.6)
            stage.start = values
            stage.absoluteGap = 0.999
            stage.relativeGap = max(options.relativeGap, 0)
            let result = try await MIPSolver.solve(model.mip, options: stage)
            if let solution = result.solution {
                values = solution.values
                weighted = Int(solution.objectiveValue.rounded())
            }
            stopped = stopped || result.stopReason == .timeLimit || result.stopReason == .cancelled
        }
        guard var current = values else { return (start, stopped) }

        try model.mip.addObjectiveConstraint("stage1", bounds: .atLeast(Double(weighted)))
        let costTerms = model.nodes.map { bucket, variable in
            let machine = problem.model.buckets[bucket]
            let cost = options.prices?.milliPrice(machine.machineType) ?? machine.vcpus
            return (variable, Double(cost))
        }
        try model.mip.setObjective(.minimize, terms: costTerms)
        let costName = options.prices == nil ? "vCPUs" : "price"
        var stage2 = solverOptions(stage: "stage 2: \(costName)", share: 0.6)
        stage2.start = current
        stage2.absoluteGap = 0.999
        let second = try await MIPSolver.solve(model.mip, options: stage2)
        if let solution = second.solution { current = solution.values }
        stopped = stopped || second.stopReason == .timeLimit

        if !model.newGroups.isEmpty {
            let vcpus = model.mip.objectiveValue(of: current)
            try model.mip.addObjectiveConstraint("stage2", bounds: .atMost(vcpus))
            try model.mip.setObjective(.minimize, terms: model.newGroups.values.map { ($0, 1.0) })
            var stage3 = solverOptions(stage: "stage 3: placement groups", share: 1)
            stage3.start = current
            stage3.absoluteGap = 0.999
            let third = try await MIPSolver.solve(model.mip, options: stage3)
            if let solution = third.solution { current = solution.values }
            stopped = stopped || third.stopReason == .timeLimit
        }
        return (model.allocation(from: current), stopped)
    }

    /// Solver options for one stage, with `share` of the time that is left.
    func solverOptions(stage: String, share: Double) -> MIPOptions {
        var mipOptions = MIPOptions()
        let left = max(remaining, .milliseconds(50))
        mipOptions.timeLimit = left * share
        mipOptions.cancellation = options.cancellation
        if let progress = options.progress {
            mipOptions.progressHandler = { progress(stage, $0) }
        }
        return mipOptions
    }
}

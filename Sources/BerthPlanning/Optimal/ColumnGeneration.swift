import BerthSolver

/// Column generation on the `.patternBound` model: solve its linear relaxation, price the
/// node patterns it lacks bucket by bucket (`PatternPricing`), add those worth having, and
/// repeat.
///
/// Every round yields a Lagrangian bound from the relaxation's duals that holds for all
/// patterns, priced in or not: the duals' worth of the right-hand sides, plus each column's
/// best contribution at its bounds, plus, per bucket, its headroom times the best pattern's
/// reduced cost (no more patterns than nodes fit in a bucket). So the bound is valid
/// whenever the loop stops, converged or not, and equals the relaxation's optimum once no
/// pattern prices out.
struct ColumnGeneration {
    var model: PlacementModel
    /// The patterns this run added.
    private(set) var generated: [PlacementModel.Pattern] = []
    /// The best (lowest) bound so far.
    private(set) var bound = Double.infinity
    /// Rounds run, and whether the last one found nothing to add.
    private(set) var rounds = 0
    private(set) var converged = false

    init(model: PlacementModel) {
        self.model = model
    }

    /// Runs rounds until no pattern prices out, `maxRounds` pass, or `deadline`.
    // Limitation: each round builds and solves the LP anew (no warm-started basis), so on
    // hundreds of buckets the rounds do not converge within the planner's share of time.
    mutating func run(until deadline: ContinuousClock.Instant, maxRounds: Int = 60) async throws {
        while rounds < maxRounds, ContinuousClock.now < deadline {
            rounds += 1
            let relaxation = try await MIPSolver.solveRelaxation(
                model.mip, timeLimit: ContinuousClock.now.duration(to: deadline))
            guard relaxation.status == .optimal else { return }
            let (lagrangian, added) = try priceAndAdd(relaxation.duals)
            bound = min(bound, lagrangian, Double.infinity)
            if added == 0 {
                converged = true
                bound = min(bound, relaxation.objectiveValue)
                return
            }
        }
    }

    /// Prices every bucket at `duals`, adds the improving patterns, and returns the
    /// Lagrangian bound and how many patterns were added.
    private mutating func priceAndAdd(_ duals: [Double]) throws -> (Double, Int) {
        var lagrangian = rightHandSideWorth(duals) + columnWorth(duals)
        var added = 0
        let problem = model.problem
        for (bucket, _) in model.nodes.sorted(by: { $0.key < $1.key }) {
            guard let balance = model.rowIndex[.balance(bucket)] else { continue }
            var items: [PatternPricing.Item] = []
            for job in problem.workload.jobClasses.indices
            where !problem.workload.jobClasses[job].hasDedicatedNodes {
                guard let cover = model.rowIndex[.taskCover(job)],
                    let task = problem.workload.jobClasses[job].task,
                    problem.tasksPerNode[job][bucket] > 0
                else { continue }
                items.append(
                    .init(
                        job: job, value: -duals[cover.index], need: NodeResources(task: task),
                        most: problem.tasksPerNode[job][bucket]))
            }
            guard !items.isEmpty else { continue }
            var pricing = PatternPricing(
                capacity: NodeResources(bucket: problem.model.buckets[bucket]), items: items)
            let priced = pricing.solve()
            let best = duals[balance.index] + priced.upperBound
            lagrangian += Double(model.headroom[bucket]) * max(0, best)
            let reducedCost = duals[balance.index] + priced.worth
            if reducedCost > 1e-6, !priced.tasks.isEmpty {
                let pattern = PlacementModel.Pattern(bucket: bucket, tasks: priced.tasks)
                if try model.addPattern(pattern) {
                    generated.append(pattern)
                    added += 1
                }
            }
        }
        return (lagrangian, added)
    }

    /// `Σ dual × right-hand side` over the rows.
    private func rightHandSideWorth(_ duals: [Double]) -> Double {
        var total = 0.0
        for constraint in model.mip.constraints {
            let bounds = model.mip.bounds(of: constraint)
            let side: Double
            if bounds.lower.isFinite, bounds.upper.isFinite {
                side = duals[constraint.index] >= 0 ? bounds.upper : bounds.lower
            } else if bounds.upper.isFinite {
                side = bounds.upper
            } else if bounds.lower.isFinite {
                side = bounds.lower
            } else {
                continue
            }
            total += duals[constraint.index] * side
        }
        return total
    }

    /// Each non-pattern column's best contribution `reduced cost × bound`; pattern columns
    /// are covered per bucket by the caller.
    private func columnWorth(_ duals: [Double]) -> Double {
        var reduced = model.mip.variables.map { model.mip.objectiveCoefficient(of: $0) }
        for constraint in model.mip.constraints {
            let dual = duals[constraint.index]
            guard dual != 0 else { continue }
            for (variable, coefficient) in model.mip.terms(of: constraint) {
                reduced[variable.index] -= coefficient * dual
            }
        }
        let patternColumns = Set(model.patternColumns.map(\.index))
        var total = 0.0
        for variable in model.mip.variables where !patternColumns.contains(variable.index) {
            let bounds = model.mip.bounds(of: variable)
            let cost = reduced[variable.index]
            let at = cost > 0 ? bounds.upper : bounds.lower
            guard at.isFinite else {
                if abs(cost) > 1e-9 { return .infinity }
                continue
            }
            total += cost * at
        }
        return total
    }
}

extension PlacementModel {
    /// Adds `pattern` as a column; false when the model has it already or cannot take it.
    mutating func addPattern(_ pattern: Pattern) throws(MIPError) -> Bool {
        guard !patterns.contains(pattern), headroom[pattern.bucket] > 0,
            let balance = rowIndex[.balance(pattern.bucket)]
        else { return false }
        let covers = pattern.tasks.compactMap { load in
            rowIndex[.taskCover(load.jobClass)].map { ($0, Double(load.tasks)) }
        }
        guard covers.count == pattern.tasks.count else { return false }
        let variable = try mip.addVariable(
            "lambda_\(patterns.count)", kind: .integer,
            bounds: .between(0, Double(headroom[pattern.bucket])))
        try mip.addTerm(variable, coefficient: -1, to: balance)
        for (row, tasks) in covers {
            try mip.addTerm(variable, coefficient: tasks, to: row)
        }
        patterns.append(pattern)
        patternColumns.append(variable)
        return true
    }
}

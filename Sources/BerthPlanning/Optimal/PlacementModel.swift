import BerthSolver

/// The integer program of a planning problem, with what each of its columns means.
///
/// Identical jobs are one class with an integer count, so the model's size depends on the
/// buckets, the classes and the placement-group sizes, not on the number of jobs. Blocks:
///
/// - `N[b]`: new nodes of bucket b, at most its headroom; every limit is one row
///   `Σ units × N[b] ≤ remaining`; a balance row ties `N[b]` to the nodes each block uses.
/// - `v[j]`: jobs of class j placed, at most its count; stage 1 maximizes `Σ priority × v`.
/// - Node jobs that may span buckets: `u[j,b]` nodes, with `Σ_b u[j,b] = nodes × v[j]`.
/// - Colocated jobs (node jobs, or task jobs on `⌈tasks / per node⌉` nodes of their own):
///   `y[j,p]` jobs in existing placement group p (`Σ size × y ≤ room`), and new groups as
///   the ordered arc-flow graph of each bucket (`ArcFlowGraph`), `x[j,b]` jobs in them.
/// - Shared task jobs: in `.plan` mode, node patterns `λ[b,π]` (tasks per class on one
///   node) with `Σ π[t] × λ ≥ tasks × v[t]`; in `.bound` mode, tasks `x[t,b]` (continuous)
///   on `M[b]` nodes with vCPU, memory, GPU and per-node-count rows — a relaxation that
///   every real packing satisfies.
/// - Exclusive task jobs: in `.plan` mode, layout columns (nodes per bucket for one job);
///   in `.bound` mode, nodes `y[e,b]` with `Σ per node × y ≥ tasks × v`.
///
/// `.plan` solutions are plans. The two bound modes are relaxations whose optima bound what
/// any plan can place, since they drop only packing detail: `.capacityBound` solved as an
/// integer program, `.patternBound` as a linear program whose missing pattern columns are
/// priced (`PatternPricing`).
struct PlacementModel {
    enum Mode {
        /// Solutions are plans: patterns and layouts as columns.
        case plan
        /// A relaxation for a bound by column generation: node patterns for shared tasks
        /// (priced in), exclusive jobs relaxed to counts.
        case patternBound
        /// A relaxation solved as an integer program: shared tasks relaxed to capacity and
        /// counting rows, exclusive jobs relaxed to counts.
        case capacityBound
    }

    /// Tasks of shared classes on one node of a bucket.
    struct Pattern: Hashable {
        var bucket: Int
        /// (class, tasks), sorted by class.
        var tasks: [Allocation.Load]
    }

    /// Nodes of one exclusive job: per bucket, nodes and tasks on each.
    struct LayoutColumn: Hashable {
        struct Entry: Hashable {
            var bucket: Int
            var tasks: Int
            var nodes: Int
        }
        var entries: [Entry]
    }

    let problem: PlanningProblem
    let mode: Mode
    var mip = MIPModel(name: "berth")

    var nodes: [Int: MIPModel.Variable] = [:]
    var placed: [Int: MIPModel.Variable] = [:]
    var spread: [Int: [Int: MIPModel.Variable]] = [:]
    var existingJobs: [Int: [Int: MIPModel.Variable]] = [:]
    var newGroupJobs: [Int: [Int: MIPModel.Variable]] = [:]
    var graphs: [Int: ArcFlowGraph] = [:]
    var arcs: [Int: [MIPModel.Variable]] = [:]
    var newGroups: [Int: MIPModel.Variable] = [:]
    var patterns: [Pattern] = []
    var patternColumns: [MIPModel.Variable] = []
    var layouts: [Int: [LayoutColumn]] = [:]
    var layoutColumns: [Int: [MIPModel.Variable]] = [:]
    var relaxedTasks: [Int: [Int: MIPModel.Variable]] = [:]
    var relaxedTaskNodes: [Int: MIPModel.Variable] = [:]
    var relaxedExclusive: [Int: [Int: MIPModel.Variable]] = [:]
    /// The constraint of each collected row, for adding columns later.
    var rowIndex: [RowCollector.Row: MIPModel.Constraint] = [:]

    /// Headroom of each bucket alone; buckets with none get no columns.
    let headroom: [Int]

    var classes: [JobClass] { problem.workload.jobClasses }

    /// The size in nodes of one colocated job of class `job` in `bucket`.
    func colocatedSize(_ job: Int, _ bucket: Int) -> Int {
        problem.dedicatedNodes(forJobOf: job, in: bucket)
    }

    /// Usable buckets of class `job`: eligible, with headroom.
    func buckets(of job: Int) -> [Int] {
        problem.eligibleBuckets[job].filter { headroom[$0] > 0 }
    }
}

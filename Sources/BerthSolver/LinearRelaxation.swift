internal import CGLPK

/// The optimum of a model's linear relaxation, with the row duals that column generation
/// prices new columns with.
public struct LinearRelaxation: Sendable {
    /// How the simplex method ended.
    public enum Status: Sendable, Hashable {
        /// An optimal basis was found.
        case optimal
        /// The relaxation has no feasible point.
        case infeasible
        /// The relaxation is unbounded in the objective's direction.
        case unbounded
        /// The time limit came first.
        case timeLimit
    }

    /// How it ended.
    public var status: Status
    /// The optimal objective value (meaningful when `status` is `.optimal`).
    public var objectiveValue: Double
    /// One value per variable, integer variables treated as continuous.
    public var values: [Double]
    /// One dual value per constraint, GLPK's convention: a variable's reduced cost is its
    /// objective coefficient less `Σ coefficient × dual` over the rows it appears in, and at
    /// an optimum of a maximization no variable at its lower bound has a positive one.
    public var duals: [Double]
}

extension MIPSolver {
    /// Solves the linear relaxation of `model` (every variable continuous) with the simplex
    /// method, on a dedicated thread.
    ///
    /// - Parameter timeLimit: the longest the simplex method may run.
    /// - Throws: A GLPK fatal error or a simplex failure.
    /// - Complexity: that of GLPK's simplex method on the model.
    public static func solveRelaxation(
        _ model: MIPModel, timeLimit: Duration? = nil
    ) async throws(MIPError) -> LinearRelaxation {
        let outcome = await SolverThread.run {
            Result { () throws(MIPError) -> LinearRelaxation in
                try relax(model, timeLimit: timeLimit)
            }
        }
        return try outcome.get()
    }

    private static func relax(_ model: MIPModel, timeLimit: Duration?) throws(MIPError)
        -> LinearRelaxation
    {
        let output = GLPKOutput(handler: nil)
        return try output.routing { () throws(MIPError) -> LinearRelaxation in
            let data = try GLPKProblemData(model)
            let problem = try GLPKProblem(building: data)
            defer { problem.release() }
            try problem.scale(quietly: true)
            var parameters = glp_smcp()
            glp_init_smcp(&parameters)
            parameters.msg_lev = GLP_MSG_OFF
            if let timeLimit {
                let milliseconds =
                    timeLimit.components.seconds * 1000
                    + timeLimit.components.attoseconds / 1_000_000_000_000_000
                parameters.tm_lim = Int32(clamping: max(1, milliseconds))
            }
            let code = try problem.simplex(parameters)
            let empty = LinearRelaxation(
                status: .timeLimit, objectiveValue: 0, values: [], duals: [])
            if code == GLP_ETMLIM { return empty }
            guard code == 0 else {
                throw .solverFailure(
                    operation: "glp_simplex", code: Int(code), meaning: GLPKSolve.meaning(of: code))
            }
            switch problem.read(glp_get_status) {
            case GLP_OPT: break
            case GLP_NOFEAS:
                return LinearRelaxation(
                    status: .infeasible, objectiveValue: 0, values: [], duals: [])
            case GLP_UNBND:
                return LinearRelaxation(
                    status: .unbounded, objectiveValue: 0, values: [], duals: [])
            default:
                return empty
            }
            // GLPK's rows are the model's constraints less the free ones, in order.
            let kept = model.constraintRecords.indices.filter {
                model.constraintRecords[$0].bounds != .free
            }
            return problem.read { pointer in
                let values = model.variableRecords.indices.map {
                    glp_get_col_prim(pointer, Int32($0 + 1))
                }
                var duals = Array(repeating: 0.0, count: model.constraintRecords.count)
                for (row, constraint) in kept.enumerated() {
                    duals[constraint] = glp_get_row_dual(pointer, Int32(row + 1))
                }
                return LinearRelaxation(
                    status: .optimal, objectiveValue: glp_get_obj_val(pointer), values: values,
                    duals: duals)
            } ?? empty
        }
    }
}

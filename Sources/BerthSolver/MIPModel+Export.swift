import Foundation

extension MIPModel {
    /// Writes the model in CPLEX LP format, with GLPK's own writer.
    ///
    /// Names are adjusted to what the format allows: characters other than ASCII letters,
    /// digits and `!"#$%&()/,.;?@_`'{}|~` become `_`, a leading digit or period gets a `_`
    /// in front, names are cut to 240 characters, an empty name becomes `x<n>` or `r<n>`,
    /// and repeated names get `~2`, `~3`… so that each is unique. The objective row is
    /// named `obj`. Free constraints are left out. GLPK writes a ranged constraint as an
    /// equality with an extra bounded variable named `~r_<n>`. A non-zero objective constant
    /// is written as a variable `objective_constant` fixed at 1, because the format has no
    /// constant term that GLPK reads. `glpsol --lp file` reads the result.
    ///
    /// The work runs on a dedicated thread, like a solve; this call blocks until it is done.
    ///
    /// - Throws: ``MIPError/exportFailure(path:reason:)`` when the file cannot be written,
    ///   with GLPK's message.
    public func write(lpTo url: URL) throws(MIPError) {
        try export(to: url, format: .lp)
    }

    /// Writes the model in free MPS format, with GLPK's own writer.
    ///
    /// Names are adjusted and free constraints left out as for ``write(lpTo:)``; the objective
    /// row is named `R0000000`. The objective constant is the right-hand side of the objective
    /// row, which GLPK reads back as the constant (some other readers negate it).
    /// `glpsol --freemps file` reads the result.
    ///
    /// Limitation: the file does not say whether to minimize or maximize, because GLPK 5.0
    /// neither writes nor reads an `OBJSENSE` section; read a maximization with
    /// `glpsol --freemps file --max`.
    ///
    /// - Throws: ``MIPError/exportFailure(path:reason:)`` when the file cannot be written,
    ///   with GLPK's message.
    public func write(mpsTo url: URL) throws(MIPError) {
        try export(to: url, format: .mps)
    }

    private func export(to url: URL, format: GLPKExport.Format) throws(MIPError) {
        guard url.isFileURL else {
            throw .exportFailure(
                path: url.absoluteString, reason: "it is not a file URL; pass a file URL")
        }
        let model = self
        let path = url.path
        try SolverThread.run {
            Result { () throws(MIPError) in try GLPKExport.write(model, to: path, as: format) }
        }.get()
    }
}

/// Writing a model through GLPK's LP and MPS writers, on the current thread.
enum GLPKExport {
    enum Format {
        case lp
        case mps
    }

    static func write(_ model: MIPModel, to path: String, as format: Format) throws(MIPError) {
        var exported = model
        if format == .lp, exported.objectiveConstant != 0 {
            // GLPK's LP writer keeps the constant only as a comment, and its reader accepts
            // no constant term: carry it as a variable fixed at 1.
            _ = try exported.addVariable(
                "objective_constant", bounds: .exactly(1), objective: exported.objectiveConstant)
            try exported.setObjectiveConstant(0)
        }
        if format == .mps, exported.variableCount > 0,
            !exported.constraintRecords.contains(where: { $0.bounds != .free })
        {
            // GLPK's MPS writer asserts that there is a row to name in the line of a column
            // without coefficients; a row without terms, at least 0, constrains nothing.
            try exported.addConstraint(
                "empty", terms: [] as [(MIPModel.Variable, Double)], bounds: .atLeast(0))
        }
        let output = GLPKOutput(handler: nil, keepsTranscript: true)
        try output.routing { () throws(MIPError) in
            let data = try GLPKProblemData(exported)
            let problem = try GLPKProblem(building: data)
            defer { problem.release() }
            let code: Int32
            switch format {
            case .lp: code = try problem.writeLP(to: path)
            case .mps: code = try problem.writeMPS(to: path)
            }
            guard code == 0 else {
                let message = output.transcript.split(separator: "\n").joined(separator: "; ")
                throw .exportFailure(path: path, reason: message)
            }
        }
    }
}

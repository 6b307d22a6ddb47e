internal import CGLPK

/// A model translated into GLPK's arrays, ready for `berth_glp_guarded_build`.
///
/// Free constraints (no bound on either side) are left out: they constrain nothing. Every
/// array is 1-based, as GLPK wants: element 0 is unused. The arrays live as long as
/// this object, so keep it alive across the build call.
final class GLPKProblemData {
    /// The name of the objective row in exported files; reserved among constraint names.
    static let objectiveName = "obj"

    private let columnKinds: CArray<Int32>
    private let columnTypes: CArray<Int32>
    private let columnLower: CArray<Double>
    private let columnUpper: CArray<Double>
    private let columnObjective: CArray<Double>
    private let columnNames: CArray<CChar>
    private let columnNameOffsets: CArray<Int32>
    private let rowTypes: CArray<Int32>
    private let rowLower: CArray<Double>
    private let rowUpper: CArray<Double>
    private let rowNames: CArray<CChar>
    private let rowNameOffsets: CArray<Int32>
    private let entryRows: CArray<Int32>
    private let entryColumns: CArray<Int32>
    private let entryValues: CArray<Double>
    private let problemName: CArray<CChar>
    private let objectiveName: CArray<CChar>
    private let direction: Int32
    private let objectiveConstant: Double

    /// Translates `model`.
    ///
    /// - Throws: ``MIPError/modelTooLarge(what:count:limit:)`` when a count does not fit
    ///   GLPK's `int`.
    /// - Complexity: O(n + m + nonzeros + total name length).
    init(_ model: MIPModel) throws(MIPError) {
        let limit = Int(Int32.max) - 1
        for (what, count) in [
            ("variables", model.variableCount), ("constraints", model.constraintCount),
            ("nonzero coefficients", model.nonzeroCount),
        ] where count > limit {
            throw .modelTooLarge(what: what, count: count, limit: limit)
        }

        let variables = model.variableRecords
        // A free row constrains nothing, and GLPK's MPS writer drops the objective when the
        // problem has one (the first free row would then read back as the objective).
        let constraints = model.constraintRecords.filter { $0.bounds != .free }
        columnKinds = CArray(repeating: GLP_CV, count: variables.count + 1)
        columnTypes = CArray(repeating: GLP_FR, count: variables.count + 1)
        columnLower = CArray(repeating: 0, count: variables.count + 1)
        columnUpper = CArray(repeating: 0, count: variables.count + 1)
        columnObjective = CArray(repeating: 0, count: variables.count + 1)
        for (offset, variable) in variables.enumerated() {
            let j = offset + 1
            columnKinds[j] = variable.kind == .integer ? GLP_IV : GLP_CV
            (columnTypes[j], columnLower[j], columnUpper[j]) = Self.glpkBounds(variable.bounds)
            columnObjective[j] = variable.objective
        }
        (columnNames, columnNameOffsets) = Self.packed(
            LPNames.unique(variables.lazy.map(\.name), fallbackPrefix: "x"))

        rowTypes = CArray(repeating: GLP_FR, count: constraints.count + 1)
        rowLower = CArray(repeating: 0, count: constraints.count + 1)
        rowUpper = CArray(repeating: 0, count: constraints.count + 1)
        for (offset, constraint) in constraints.enumerated() {
            (rowTypes[offset + 1], rowLower[offset + 1], rowUpper[offset + 1]) =
                Self.glpkBounds(constraint.bounds)
        }
        (rowNames, rowNameOffsets) = Self.packed(
            LPNames.unique(
                constraints.lazy.map(\.name), fallbackPrefix: "r",
                reserved: [Self.objectiveName]))

        (entryRows, entryColumns, entryValues) = Self.entries(of: constraints)
        (problemName, _) = Self.packed([LPNames.sanitized(model.name, fallback: "berth")])
        (objectiveName, _) = Self.packed([Self.objectiveName])
        direction = model.objectiveSense == .maximize ? GLP_MAX : GLP_MIN
        objectiveConstant = model.objectiveConstant
    }

    /// The C view of the arrays; valid while this object is alive.
    var raw: berth_glp_problem_data {
        berth_glp_problem_data(
            problem_name: problemName.pointer, objective_name: objectiveName.pointer,
            direction: direction, objective_constant: objectiveConstant,
            column_count: Int32(columnKinds.count - 1), column_kinds: columnKinds.pointer,
            column_types: columnTypes.pointer, column_lower: columnLower.pointer,
            column_upper: columnUpper.pointer, column_objective: columnObjective.pointer,
            column_names: columnNames.pointer, column_name_offsets: columnNameOffsets.pointer,
            row_count: Int32(rowTypes.count - 1), row_types: rowTypes.pointer,
            row_lower: rowLower.pointer, row_upper: rowUpper.pointer,
            row_names: rowNames.pointer, row_name_offsets: rowNameOffsets.pointer,
            entry_count: Int32(entryRows.count - 1), entry_rows: entryRows.pointer,
            entry_columns: entryColumns.pointer, entry_values: entryValues.pointer)
    }

    /// GLPK's bound type and the two values for `bounds`; an unused side is passed as 0.
    ///
    /// Equal sides become `GLP_FX`: GLPK rejects `GLP_DB` with equal sides.
    private static func glpkBounds(_ bounds: MIPModel.Bounds) -> (Int32, Double, Double) {
        switch (bounds.lower.isFinite, bounds.upper.isFinite) {
        case (false, false):
            return (GLP_FR, 0, 0)
        case (true, false):
            return (GLP_LO, bounds.lower, 0)
        case (false, true):
            return (GLP_UP, 0, bounds.upper)
        case (true, true):
            let type = bounds.lower == bounds.upper ? GLP_FX : GLP_DB
            return (type, bounds.lower, bounds.upper)
        }
    }

    /// The names back to back, each ending in NUL, and where each starts (1-based).
    private static func packed(_ names: [String]) -> (CArray<CChar>, CArray<Int32>) {
        let length = names.reduce(0) { $0 + $1.utf8.count + 1 }
        let bytes = CArray<CChar>(repeating: 0, count: length)
        let offsets = CArray<Int32>(repeating: 0, count: names.count + 1)
        var position = 0
        for (offset, name) in names.enumerated() {
            offsets[offset + 1] = Int32(position)
            for byte in name.utf8 {
                bytes[position] = CChar(bitPattern: byte)
                position += 1
            }
            position += 1
        }
        return (bytes, offsets)
    }

    /// The constraint matrix as 1-based triplets, row by row.
    private static func entries(
        of constraints: [MIPModel.ConstraintRecord]
    ) -> (CArray<Int32>, CArray<Int32>, CArray<Double>) {
        let count = constraints.reduce(0) { $0 + $1.columns.count }
        let rows = CArray<Int32>(repeating: 0, count: count + 1)
        let columns = CArray<Int32>(repeating: 0, count: count + 1)
        let values = CArray<Double>(repeating: 0, count: count + 1)
        var k = 0
        for (offset, constraint) in constraints.enumerated() {
            for (column, coefficient) in zip(constraint.columns, constraint.coefficients) {
                k += 1
                rows[k] = Int32(offset + 1)
                columns[k] = Int32(column + 1)
                values[k] = coefficient
            }
        }
        return (rows, columns, values)
    }
}

import BerthSolver
import Foundation
import Testing

@Suite struct ExportTests {
    private static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("berth-solver-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// The path of `glpsol`, or nil when it is not installed.
    private static func glpsolPath() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/glpsol" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// Solves `file` with glpsol and returns the objective it reports.
    private static func glpsolObjective(_ glpsol: String, arguments: [String]) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: glpsol)
        process.arguments = arguments + ["-o", "/dev/stdout"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(
            decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = output.split(separator: "\n").first {
            $0.hasPrefix("Objective:") && $0.contains("=")
        }
        guard let line, let equals = line.firstIndex(of: "=") else { return nil }
        let number = line[line.index(after: equals)...].split(separator: " ").first
        return number.flatMap { Double(String($0)) }
    }

    /// A model with awkward names (spaces, non-ASCII, a leading digit, duplicates, a name
    /// equal to the objective's), a ranged row, a free row and an objective constant.
    private static func awkwardModel() throws -> MIPModel {
        var model = MIPModel(name: "export test")
        let a = try model.addVariable("nodes in bucket A", kind: .integer, objective: 5)
        let b = try model.addVariable("nœuds B", kind: .integer, objective: 4)
        let c = try model.addVariable("3rd", bounds: .between(0, 2.5), objective: 1)
        let d = try model.addVariable("nodes in bucket A", kind: .integer, bounds: .between(0, 3))
        try model.addConstraint("cores", terms: [(a, 6), (b, 4), (c, 1)], bounds: .atMost(24))
        try model.addConstraint("obj", terms: [(a, 1), (b, 1)], bounds: .between(1, 5))
        try model.addConstraint("cores", terms: [(a, 1), (d, -1)], bounds: .atLeast(0))
        try model.addConstraint("unused", terms: [(b, 3), (d, 1)], bounds: .free)
        try model.setObjectiveConstant(2)
        model.objectiveSense = .maximize
        return model
    }

    @Test("LP and MPS files are written with the variable names, sanitized")
    func writesFiles() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = try TestModels.twoVariable()
        let lp = directory.appendingPathComponent("model.lp")
        let mps = directory.appendingPathComponent("model.mps")
        try model.write(lpTo: lp)
        try model.write(mpsTo: mps)
        for file in [lp, mps] {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(" x"))
            #expect(text.contains(" y"))
            #expect(text.contains("capacity"))
        }

        let awkward = directory.appendingPathComponent("awkward.lp")
        try Self.awkwardModel().write(lpTo: awkward)
        let text = try String(contentsOf: awkward, encoding: .utf8)
        #expect(text.contains("nodes_in_bucket_A"))
        #expect(text.contains("nodes_in_bucket_A~2"))
        #expect(text.contains("n__uds_B") || text.contains("n_uds_B"))
        #expect(text.contains("_3rd"))
        #expect(text.contains("obj~2"))
    }

    @Test("glpsol reads the written files and finds the same optimum")
    func glpsolAgrees() throws {
        guard let glpsol = Self.glpsolPath() else {
            print("glpsol is not on PATH: skipping the comparison with glpsol")
            return
        }
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for model in [try TestModels.twoVariable(), try Self.awkwardModel()] {
            let expected = try #require(try MIPSolver.solve(model).objectiveValue)
            let lp = directory.appendingPathComponent("model.lp")
            let mps = directory.appendingPathComponent("model.mps")
            try model.write(lpTo: lp)
            try model.write(mpsTo: mps)
            #expect(try Self.glpsolObjective(glpsol, arguments: ["--lp", lp.path]) == expected)
            // MPS carries no objective sense that GLPK reads, so say it on the command line.
            #expect(
                try Self.glpsolObjective(glpsol, arguments: ["--freemps", mps.path, "--max"])
                    == expected)
        }
    }

    @Test("a model without constraints can be written as MPS")
    func mpsWithoutConstraints() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var model = MIPModel()
        _ = try model.addVariable("idle", bounds: .between(0, 1))
        try model.write(mpsTo: directory.appendingPathComponent("model.mps"))
    }

    @Test("writing into a missing directory throws an export error with GLPK's reason")
    func unwritablePath() throws {
        let model = try TestModels.twoVariable()
        let error = try #require(throws: MIPError.self) {
            try model.write(lpTo: URL(fileURLWithPath: "/nonexistent-berth-dir/model.lp"))
        }
        guard case .exportFailure(let path, let reason) = error else {
            Issue.record("unexpected error \(error)")
            return
        }
        #expect(path.hasSuffix("model.lp"))
        #expect(reason.contains("No such file"))
    }
}

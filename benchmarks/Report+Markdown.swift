import BerthPlanning
import Foundation

extension Report {
    static let readingMarkers = ("<!-- reading:begin -->", "<!-- reading:end -->")
    static let emulatorMarkers = ("<!-- emulator:begin -->", "<!-- emulator:end -->")

    static let readingPlaceholder = """
        (Not written yet: after a run of `berth-bench full`, describe here, from the tables
        above, what the numbers show and what limits any missed target.)
        """

    static let emulatorPlaceholder = """
        Not measured yet: `berth-bench emulator --docs docs/benchmarks.md` writes the
        emulator's requests per second and the time to apply a 1,000-node plan here.
        """

    /// Rewrites the report at `path`, keeping the hand-written reading and the emulator's
    /// section from the file that is there.
    func writeMarkdown(to path: String) throws {
        let old = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let reading = Self.section(in: old, between: Self.readingMarkers) ?? Self.readingPlaceholder
        let emulator =
            Self.section(in: old, between: Self.emulatorMarkers) ?? Self.emulatorPlaceholder
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(),
            withIntermediateDirectories: true)
        try markdown(reading: reading, emulator: emulator)
            .write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func section(in text: String, between markers: (String, String)) -> String? {
        guard let start = text.range(of: markers.0), let end = text.range(of: markers.1),
            start.upperBound <= end.lowerBound
        else { return nil }
        return text[start.upperBound..<end.lowerBound].trimmingCharacters(in: .newlines)
    }

    func markdown(reading: String, emulator: String) -> String {
        var lines = [
            "# Benchmarks",
            "",
            "Written by `berth-bench full` from what it measured; rewriting it keeps only the two",
            "marked sections (the reading and the emulator's section). How to run the benchmarks,",
            "and what each mode does: `benchmarks/README.md`. The raw numbers: `docs/benchmarks.csv`.",
            "",
            "## How these numbers were measured",
            "",
        ]
        lines += setup().map { "- " + $0 }
        for section in sections {
            lines += ["", "## \(section.title)", "", intro(section.title), ""]
            lines += markdownTable(section)
        }
        lines += ["", "## Targets", ""] + targets()
        lines += [
            "", "## Reading of the results", "", Self.readingMarkers.0, reading,
            Self.readingMarkers.1, "", "## Emulator", "", Self.emulatorMarkers.0, emulator,
            Self.emulatorMarkers.1, "",
        ]
        return lines.joined(separator: "\n")
    }

    func setup() -> [String] {
        let date = ISO8601DateFormatter().string(from: Date())
        return [
            "Command: `\(command)`",
            "Date: \(date)",
            "Machine: \(machine.processors) processors (`nproc`), \(machine.memory), "
                + "\(machine.cpuModel); \(machine.operatingSystem)",
            "Toolchain: \(machine.swiftVersion); \(machine.glpkVersion)",
            "Load average (1, 5, 15 min) before: \(loadBefore); after: \(loadAfter). The machine "
                + "is shared, so times include other people's work.",
            "Each (instance, planner) pair runs in a fresh child process (`berth-bench measure`): "
                + "\(warmup) warm-up run(s), then \(runs) measured runs of each heuristic and "
                + "\(optimalRuns) of the optimal planner. **time** is the median wall time of the "
                + "planner call, which includes assembling the plan and not reading the files; "
                + "**peak MB** is the child's VmHWM (peak resident memory) at the end, so it "
                + "includes the Swift runtime, the loaded instance and every run.",
            "The optimal planner runs with a \(format(timeLimit)) s time limit and a relative gap of "
                + "0 (it tries to prove optimality) unless the planner is `optimal-gap0.1%`. "
                + "**bound** is its proven upper bound on weighted jobs, **gap** = (bound − "
                + "placed) / bound, **status** its own verdict, **model** the stage-1 model's "
                + "rows × columns.",
            "Every plan of every run passed `PlanVerifier`, and the optimal plan never placed "
                + "fewer weighted jobs than greedy; the benchmark fails and leaves this file alone "
                + "otherwise.",
            "**weighted placed** is the sum of priorities of the jobs placed by the last run "
                + "(with the range over the measured runs when they differ), **of** the sum over "
                + "all jobs; **vs greedy** divides by greedy's. The other columns are the last run's.",
        ]
    }

    func intro(_ title: String) -> String {
        switch title {
        case "Families":
            return "Each family at scale 1 (the instances committed under `datasets/`), seed 1."
        case "Scaling: breadth":
            return "The large family with 1, 10 and 100 cells at scale 1: buckets, job classes "
                + "and jobs each grow tenfold per step (`berth generate --family large --cells N`)."
        case "Scaling: depth":
            return "The large family with 10 cells at scale 0.1, 1 and 10: jobs and the room of "
                + "every limit grow tenfold per step; buckets and job classes stay."
        default:
            return ""
        }
    }

    func markdownTable(_ section: SectionResult) -> [String] {
        let numeric = Set([1, 2, 3, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15])
        var lines = [
            "| " + Self.headers.joined(separator: " | ") + " |",
            "|" + Self.headers.indices.map { numeric.contains($0) ? " ---: |" : " --- |" }.joined(),
        ]
        for row in table(section) {
            lines.append("| " + row.joined(separator: " | ") + " |")
        }
        let commands = section.instances.map { "`\($0.name)`: `\($0.generateCommand)`" }
        lines += ["", "Instances: " + commands.joined(separator: "; ") + "."]
        let earlier = sections.prefix { $0.title != section.title }.flatMap(\.rows).map(\.instance)
        let repeated = Set(section.rows.map(\.instance)).intersection(earlier).sorted()
        if !repeated.isEmpty {
            let names = repeated.map { "`\($0)`" }.joined(separator: ", ")
            lines += ["", "\(names): the same measurement as in the section above, not a new run."]
        }
        return lines
    }

    /// The targets set for the headline instance, judged from the measurements.
    func targets() -> [String] {
        let section = sections.first { $0.rows.contains { $0.instance == "large-c10-s1" } }
        let rows = section?.rows.filter { $0.instance == "large-c10-s1" } ?? []
        guard !rows.isEmpty else {
            return ["The headline instance `large-c10-s1` was not measured."]
        }
        var lines = [
            "On `large-c10-s1` (50 buckets, 200 job classes, 20,000 jobs):", "",
            "| target | measured | met |", "| --- | --- | --- |",
        ]
        for row in rows where row.planner.hasPrefix("optimal") {
            guard let solver = row.solver else { continue }
            let met = (solver.status == "optimal" || solver.gap <= 0.001) && row.medianSeconds <= 10
            lines.append(
                "| \(row.planner): proven optimum or gap ≤ 0.1 % in ≤ 10 s | \(solver.status), gap "
                    + String(format: "%.3f %%", solver.gap * 100) + ", median "
                    + duration(row.medianSeconds) + " | \(met ? "yes" : "no") |")
            let memory = Double(row.peakMemoryKB) / 1024
            lines.append(
                "| \(row.planner): peak memory < 200 MB | "
                    + String(format: "%.1f MB", memory) + " | \(memory < 200 ? "yes" : "no") |")
        }
        if let greedy = rows.first(where: { $0.planner == PlannerVariant.greedy.label }) {
            lines.append(
                "| greedy: < 100 ms | median \(duration(greedy.medianSeconds)) | "
                    + "\(greedy.medianSeconds < 0.1 ? "yes" : "no") |")
        }
        return lines
    }

    func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

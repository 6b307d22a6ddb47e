import BerthPlanning
import Foundation

/// The results of a mode, as a text table, CSV, and the markdown report.
struct Report {
    var mode: String
    var sections: [SectionResult]
    var machine: MachineInfo
    var loadBefore: String
    var loadAfter: String
    var command: String
    var timeLimit: Double
    var runs: Int
    var optimalRuns: Int
    var warmup: Int

    static let headers = [
        "instance", "buckets", "classes", "jobs", "planner", "weighted placed", "of",
        "vs greedy", "bound", "gap", "status", "nodes", "vCPUs", "new PGs", "time", "peak MB",
        "model",
    ]

    func cells(_ row: Measurement, greedy: Measurement?) -> [String] {
        let placed = row.objective.weightedJobsPlaced
        let ratio =
            greedy.map {
                $0.objective.weightedJobsPlaced > 0
                    ? String(
                        format: "%.2f×", Double(placed) / Double($0.objective.weightedJobsPlaced))
                    : "–"
            } ?? "–"
        return [
            row.instance, grouped(row.buckets), grouped(row.jobClasses), grouped(row.jobs),
            row.planner, placedText(row), grouped(row.totalWeight), ratio,
            row.solver.map { grouped($0.bound) } ?? "",
            row.solver.map { String(format: "%.3f %%", $0.gap * 100) } ?? "",
            row.solver?.status ?? "", grouped(row.objective.newNodes),
            grouped(row.objective.newVcpus), String(row.objective.newPlacementGroups),
            duration(row.medianSeconds), String(format: "%.1f", Double(row.peakMemoryKB) / 1024),
            row.solver.map { "\(grouped($0.modelRows))×\(grouped($0.modelColumns))" } ?? "",
        ]
    }

    func table(_ section: SectionResult) -> [[String]] {
        var greedy: [String: Measurement] = [:]
        for row in section.rows where row.planner == PlannerVariant.greedy.label {
            greedy[row.instance] = row
        }
        return section.rows.map { cells($0, greedy: greedy[$0.instance]) }
    }

    // MARK: - Text

    func text() -> String {
        var lines: [String] = []
        for section in sections {
            lines.append("== \(section.title)")
            let rows = [Self.headers] + table(section)
            var widths = Array(repeating: 0, count: Self.headers.count)
            for row in rows {
                for (index, cell) in row.enumerated() {
                    widths[index] = max(widths[index], cell.count)
                }
            }
            for row in rows {
                let padded = row.enumerated().map { index, cell in
                    index == 0 || index == 4 || index == 10
                        ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[index] - cell.count) + cell
                }
                lines.append(padded.joined(separator: "  "))
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - CSV

    func csv() -> String {
        let header = [
            "section", "instance", "buckets", "job_classes", "jobs", "planner",
            "weighted_jobs_placed", "total_weight", "jobs_placed", "bound", "gap", "status",
            "new_nodes", "new_vcpus", "new_placement_groups", "median_seconds", "min_seconds",
            "max_seconds", "runs", "peak_memory_kb", "model_rows", "model_columns",
            "weighted_jobs_placed_per_run",
        ]
        var lines = [header.joined(separator: ",")]
        for section in sections {
            for row in section.rows {
                let fields: [String] = [
                    section.title, row.instance, String(row.buckets), String(row.jobClasses),
                    String(row.jobs), row.planner, String(row.objective.weightedJobsPlaced),
                    String(row.totalWeight), String(row.objective.jobsPlaced),
                    row.solver.map { String($0.bound) } ?? "",
                    row.solver.map { String(format: "%.6f", $0.gap) } ?? "",
                    row.solver?.status ?? "",
                    String(row.objective.newNodes), String(row.objective.newVcpus),
                    String(row.objective.newPlacementGroups),
                    String(format: "%.6f", row.medianSeconds),
                    String(format: "%.6f", row.seconds.min() ?? 0),
                    String(format: "%.6f", row.seconds.max() ?? 0), String(row.seconds.count),
                    String(row.peakMemoryKB), row.solver.map { String($0.modelRows) } ?? "",
                    row.solver.map { String($0.modelColumns) } ?? "",
                    row.weightedPerRun.map(String.init).joined(separator: " "),
                ]
                lines.append(fields.map(csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func csvField(_ text: String) -> String {
        text.contains(",") || text.contains("\"")
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }

    // MARK: - Formatting

    /// The last run's weighted jobs, with the range over the runs when they differ.
    func placedText(_ row: Measurement) -> String {
        let placed = grouped(row.objective.weightedJobsPlaced)
        guard let low = row.weightedPerRun.min(), let high = row.weightedPerRun.max(), low != high
        else { return placed }
        return "\(placed) (\(grouped(low))–\(grouped(high)))"
    }

    func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    func duration(_ seconds: Double) -> String {
        if seconds < 0.001 { return String(format: "%.0f µs", seconds * 1_000_000) }
        if seconds < 1 { return String(format: "%.1f ms", seconds * 1000) }
        return String(format: "%.2f s", seconds)
    }
}

import BerthPlanning
import CycleCloudAPI
import Foundation

/// What one child process measured: one planner on one instance.
struct Measurement: Codable, Sendable {
    var instance: String
    var planner: String
    var buckets: Int
    var jobClasses: Int
    var jobs: Int
    /// The weight of every job of the workload: what a plan placing everything would get.
    var totalWeight: Int
    var objective: Objective
    /// Weighted jobs placed by each measured run, in order: a time-limited solve can end
    /// differently from one run to the next.
    var weightedPerRun: [Int]
    /// Seconds of each measured run, in order.
    var seconds: [Double]
    /// The median of `seconds`.
    var medianSeconds: Double
    /// VmHWM of the child process at the end: the peak resident memory of loading the
    /// instance, the warm-up runs and the measured runs.
    var peakMemoryKB: Int
    var solver: SolverSummary?
    /// Verifier violations, for every run that had any.
    var violations: [String]
}

/// `berth-bench measure --instance DIR --planner LABEL ...`: loads the instance, runs the
/// planner, verifies every plan and prints one JSON line.
enum MeasureCommand {
    /// What to measure, from the command line.
    struct Request {
        var directory: String
        var variant: PlannerVariant
        var runs: Int
        var warmup: Int
        var timeLimit: Double

        init(_ options: BenchOptions) throws {
            guard let directory = options.values["--instance"],
                let label = options.values["--planner"],
                var variant = PlannerVariant.named(label)
            else {
                throw BenchError("measure needs --instance DIR and --planner LABEL")
            }
            variant.relativeGap = try options.number(
                "--gap", default: variant.relativeGap, in: 0...1)
            self.directory = directory
            self.variant = variant
            runs = try options.integer("--runs", default: 1, in: 1...1000)
            warmup = try options.integer("--warmup", default: 0, in: 0...100)
            timeLimit = try options.number("--time-limit", default: 10, in: 0.01...3600)
        }
    }

    static func run(_ options: inout BenchOptions) async throws -> Int32 {
        let measurement = try await measure(Request(options))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        print(String(decoding: try encoder.encode(measurement), as: UTF8.self))
        return 0
    }

    /// Loads the instance, makes the warm-up and measured runs, and verifies every plan.
    static func measure(_ request: Request) async throws -> Measurement {
        let input = try PlanningInput.load(
            snapshot: request.directory + "/snapshot.json",
            workload: request.directory + "/workload.json", catalog: try MachineCatalog.bundled())
        let verifier = PlanVerifier(model: input.problem.model, workload: input.problem.workload)
        var seconds: [Double] = []
        var weighted: [Int] = []
        var violations: [String] = []
        var last: Plan?
        for run in 0..<(request.warmup + request.runs) {
            let started = ContinuousClock.now
            let plan = await Self.plan(
                input, variant: request.variant, timeLimit: request.timeLimit)
            let elapsed = ContinuousClock.now - started
            violations += verifier.violations(of: plan).map { "run \(run + 1): \($0)" }
            if run >= request.warmup {
                seconds.append(elapsed.seconds)
                weighted.append(plan.objective.weightedJobsPlaced)
            }
            last = plan
        }
        guard let last else { throw BenchError("no plan was made", usage: false) }

        let workload = input.problem.workload
        return Measurement(
            instance: URL(fileURLWithPath: request.directory).lastPathComponent,
            planner: request.variant.label, buckets: input.problem.model.buckets.count,
            jobClasses: workload.jobClasses.count, jobs: workload.jobCount,
            totalWeight: workload.jobClasses.reduce(0) { $0 + $1.priority * $1.count },
            objective: last.objective, weightedPerRun: weighted, seconds: seconds,
            medianSeconds: median(seconds), peakMemoryKB: peakMemoryKB(), solver: last.solver,
            violations: violations)
    }

    static func plan(_ input: PlanningInput, variant: PlannerVariant, timeLimit: Double) async
        -> Plan
    {
        switch variant.kind {
        case .greedy:
            return HeuristicPlanner.plan(input, order: .fileOrder, maxNodesPerRequest: 500)
        case .largestFirst:
            return HeuristicPlanner.plan(input, order: .largestFirst, maxNodesPerRequest: 500)
        case .optimal:
            let options = OptimalOptions(
                timeLimit: .milliseconds(Int(timeLimit * 1000)), relativeGap: variant.relativeGap)
            return await OptimalPlanner.plan(input, options: options)
        }
    }

    /// VmHWM from /proc/self/status, in kB; 0 where there is no /proc.
    static func peakMemoryKB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
            return 0
        }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return digits.first ?? 0
        }
        return 0
    }
}

/// The median of `values`; 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// Runs `berth-bench measure` in a fresh child process, so that its peak memory is its own.
enum ChildProcess {
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    static func measure(
        instance directory: URL, planner: PlannerVariant, runs: Int, warmup: Int, timeLimit: Double
    ) throws -> Measurement {
        let process = Process()
        process.executableURL = executable
        process.arguments = [
            "measure", "--instance", directory.path, "--planner", planner.label,
            "--gap", String(planner.relativeGap), "--runs", String(runs), "--warmup",
            String(warmup),
            "--time-limit", String(timeLimit),
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError(
                "measuring \(planner.label) on \(directory.lastPathComponent) failed: the child "
                    + "process exited with \(process.terminationStatus)", usage: false)
        }
        do {
            return try JSONDecoder().decode(Measurement.self, from: data)
        } catch {
            throw BenchError(
                "measuring \(planner.label) on \(directory.lastPathComponent): unreadable "
                    + "output (\(error))", usage: false)
        }
    }
}

import BerthPlanning
import Foundation

/// The modes of `berth-bench` and their options.
enum BenchCommandLine {
    static let usage = """
        Usage: berth-bench MODE [options]

        Modes:
          quick            a small suite (every family at a small scale, a 2 s optimal time
                           limit, one run each); exits 1 on any verifier violation or on an
                           optimal plan that places fewer weighted jobs than greedy
          full             every family at scale 1 plus the scaling series, with warm-up and
                           repeated runs; writes docs/benchmarks.md and docs/benchmarks.csv
          scaling          only the scaling series (the large family by factors of ten)
          export DIR       write each suite instance's stage-1 model (DIR/NAME.lp), its
                           snapshot and workload, and Berth's own result (DIR/NAME.json),
                           for benchmarks/cross-check-highs.py
          measure ...      one measurement in this process (used by the other modes, which
                           run every measurement in a fresh child process)
          emulator         the CycleCloud emulator on loopback: GET status per second, and
                           the time to apply a 1,000-node plan (see 'berth-bench emulator
                           --help' for its options)

        Options:
          --runs N         measured runs per heuristic planner (quick 1, full 7)
          --optimal-runs N measured runs of the optimal planner (quick 1, full 3)
          --warmup N       unmeasured runs before them (quick 0, full 1)
          --time-limit S   the optimal planner's time limit in seconds (quick 2, otherwise 10)
          --csv FILE       also write the results as CSV (full: docs/benchmarks.csv)
          --docs FILE      where full writes its report (default docs/benchmarks.md)
          --suite NAME     for export: quick or full (default full)
          --no-docs        full: do not rewrite the report or its CSV

        Build it optimised before measuring: swift build -c release --product berth-bench
        """

    static func run(_ words: [String]) async -> Int32 {
        guard let mode = words.first, !["-h", "--help", "help"].contains(mode) else {
            print(usage)
            return words.isEmpty ? 64 : 0
        }
        do {
            if mode == "emulator" {
                return try await EmulatorBenchmark.main(Array(words.dropFirst()))
            }
            var options = try BenchOptions(Array(words.dropFirst()), mode: mode)
            switch mode {
            case "quick", "full", "scaling":
                return try await SuiteRunner(mode: mode, options: options).run()
            case "export":
                return try await ModelExport(options: options).run()
            case "measure":
                return try await MeasureCommand.run(&options)
            default:
                throw BenchError("unknown mode '\(mode)'; run 'berth-bench --help'")
            }
        } catch let error as BenchError {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            return error.usage ? 64 : 1
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return 1
        }
    }
}

/// A failure of the benchmark itself, or a mistake in how it was called (`usage`).
struct BenchError: Error, CustomStringConvertible {
    var message: String
    var usage: Bool

    init(_ message: String, usage: Bool = true) {
        self.message = message
        self.usage = usage
    }

    var description: String { message }
}

/// The options of a mode: `--name value` pairs, `--flag` switches and operands.
struct BenchOptions {
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var operands: [String] = []

    static let valueNames: Set<String> = [
        "--runs", "--optimal-runs", "--warmup", "--time-limit", "--csv", "--docs", "--suite",
        "--instance", "--planner", "--gap",
    ]
    static let flagNames: Set<String> = ["--no-docs"]

    init(_ words: [String], mode: String) throws {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if Self.valueNames.contains(word) {
                guard index < words.count else { throw BenchError("\(word) needs a value") }
                values[word] = words[index]
                index += 1
            } else if Self.flagNames.contains(word) {
                flags.insert(word)
            } else if word.hasPrefix("--") {
                throw BenchError("unknown option '\(word)' for \(mode)")
            } else {
                operands.append(word)
            }
        }
    }

    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw BenchError(
                "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return value
    }

    func number(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws
        -> Double
    {
        guard let text = values[name] else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw BenchError(
                "\(name) takes a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return value
    }
}

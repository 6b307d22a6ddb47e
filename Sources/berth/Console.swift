import BerthSolver
import Foundation

/// Where the CLI writes: results to standard output, everything else to standard error as
/// `error: …` or `warning: …`. Progress only when standard error is a terminal.
enum Console {
    nonisolated(unsafe) static var quiet = false
    nonisolated(unsafe) static var verbose = false

    /// Standard error is a terminal: progress lines and colour are wanted.
    static var isInteractive: Bool { isatty(STDERR_FILENO) != 0 }

    /// Writes `text` to standard output.
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Writes `warning: message` to standard error unless `--quiet`.
    static func warning(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
    }

    /// Writes `error: message` to standard error.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    }

    /// Writes a progress or information line to standard error unless `--quiet`.
    static func note(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    /// Writes a detail line to standard error with `--verbose`.
    static func detail(_ message: String) {
        guard verbose, !quiet else { return }
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }
}

extension Console {
    /// One line of solver progress on standard error: the stage, incumbent, bound and time.
    static func progress(_ stage: String, _ progress: MIPProgress) {
        guard !quiet else { return }
        let incumbent = progress.incumbent.map { String(Int($0.rounded())) } ?? "none"
        let seconds =
            Double(progress.elapsed.components.seconds)
            + Double(progress.elapsed.components.attoseconds) / 1e18
        let line = String(
            format: "%@: incumbent %@, bound %.0f, %.1f s, %d nodes", stage, incumbent,
            progress.bestBound, seconds, progress.nodeCount)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Exit codes, after sysexits(3).
enum ExitCode: Int32 {
    case success = 0
    case failure = 1
    case usage = 64
    case dataError = 65
    case unavailable = 69
    case temporaryFailure = 75
}

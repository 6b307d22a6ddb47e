import CycleCloudAPI

/// One `berth` subcommand.
protocol Command {
    /// The word that selects it: `berth NAME …`.
    static var name: String { get }
    /// One line for `berth --help`.
    static var summary: String { get }
    /// The full help text, printed by `berth NAME --help`.
    static var help: String { get }
    /// Options that take a value, such as `--snapshot`.
    static var valueOptions: Set<String> { get }
    /// Runs the command. Errors are reported by the caller, with their exit codes.
    static func run(_ arguments: inout Arguments) async throws -> ExitCode
}

/// A failure that has already been explained to the user, with the exit code to end with.
struct ReportedFailure: Error {
    var code: ExitCode
}

/// The exit code for an error that reached the top: sysexits codes by kind of error.
func exitCode(for error: any Error) -> ExitCode {
    switch error {
    case is UsageError: return .usage
    case is InputError: return .dataError
    case let reported as ReportedFailure: return reported.code
    case let classified as any ClassifiedError: return classified.exitCode
    default: return .failure
    }
}

/// An error type from a library that knows which exit code fits it.
protocol ClassifiedError: Error {
    /// The sysexits code to end with.
    var exitCode: ExitCode { get }
}

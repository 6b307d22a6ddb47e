import CycleCloudAPI
import Foundation

/// Runs one invocation of `berth`: picks the subcommand, handles the common options, and
/// turns errors into messages on standard error and sysexits codes.
enum CommandLineRunner {
    static func run(_ words: [String]) async -> ExitCode {
        guard let first = words.first else {
            Console.error("no command given\n\n" + overview)
            return .usage
        }
        if first == "--help" || first == "-h" || first == "help" {
            Console.output(overview + "\n")
            return .success
        }
        if first == "--version" {
            Console.output("berth \(berthVersion)\n")
            return .success
        }
        guard let command = commands.first(where: { $0.name == first }) else {
            Console.error("unknown command '\(first)'; run 'berth --help' for the list")
            return .usage
        }
        let rest = Array(words.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            Console.output(command.help + "\n")
            return .success
        }
        do {
            var arguments = try Arguments(rest, valueOptions: command.valueOptions)
            Console.quiet = arguments.flag("--quiet")
            Console.verbose = arguments.flag("--verbose")
            return try await command.run(&arguments)
        } catch let error as UsageError {
            Console.error("\(error.message)\nRun 'berth \(command.name) --help' for usage.")
            return .usage
        } catch let error as ReportedFailure {
            return error.code
        } catch {
            Console.error("\(error)")
            return exitCode(for: error)
        }
    }
}

/// Berth's version, as `berth --version` prints it.
let berthVersion = "0.1.0"

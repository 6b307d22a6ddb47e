import Foundation

let code = await CommandLineRunner.run(Array(CommandLine.arguments.dropFirst()))
exit(code.rawValue)

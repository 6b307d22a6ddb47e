import Foundation

// berth-bench: measures Berth's planners on generated datasets. See benchmarks/README.md.
let code = await BenchCommandLine.run(Array(CommandLine.arguments.dropFirst()))
exit(code)

/// Every subcommand, in the order `berth --help` lists them.
var commands: [any Command.Type] {
    [
        InspectCommand.self,
        PlanCommand.self,
        VerifyCommand.self,
        SnapshotCommand.self,
        ApplyCommand.self,
        AutoscaleCommand.self,
        EmulateCommand.self,
        GenerateCommand.self,
    ]
}

var overview: String {
    """
    berth: capacity planning and placement optimization for Azure CycleCloud clusters.

    Usage: berth COMMAND [OPTIONS]

    Commands:
    \(commands.map { "  " + $0.name.padding(toLength: 11, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

    Common options: --quiet, --verbose, --help. Run 'berth COMMAND --help' for a command's options.
    """
}

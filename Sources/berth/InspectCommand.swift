import BerthPlanning
import CycleCloudAPI
import Foundation

/// `berth inspect STATUS.json`: the room a snapshot leaves for new nodes.
enum InspectCommand: Command {
    static let name = "inspect"
    static let summary = "show how many nodes each bucket can still add, and which limit binds"
    static let valueOptions: Set<String> = ["--catalog", "--capacity-backoff"]
    static let help = """
        Usage: berth inspect STATUS.json [--json] [--catalog FILE] [--capacity-backoff SECONDS]

        Reads a CycleCloud cluster status (the body of GET /clusters/NAME/status) and prints,
        per nodearray and bucket, how many nodes and vCPUs can still be added under each limit
        (bucket, nodearray, cluster, VM-family and regional quota, placement groups) and which
        limit binds.

        Options:
          --json                      print the same as JSON
          --catalog FILE              extra machine types and quota families (see docs/capacity-model.md)
          --capacity-backoff SECONDS  hold back buckets with a capacity failure this recent (default 300; 0 = off)
          --quiet, --verbose          fewer or more messages on standard error
        """

    static func run(_ arguments: inout Arguments) async throws -> ExitCode {
        let json = arguments.flag("--json")
        let catalog = try loadCatalog(&arguments)
        let options = try capacityOptions(&arguments)
        try arguments.checkAllUsed()
        guard arguments.operands.count == 1, let path = arguments.operands.first else {
            throw UsageError("inspect takes exactly one status file")
        }

        let (_, model) = try CapacityModel.load(path: path, catalog: catalog, options: options)
        for warning in model.diagnostics.warnings {
            Console.warning(warning.description)
        }
        let report = InspectReport(model: model)
        if json {
            Console.output(String(decoding: try JSONDocument.encode(report), as: UTF8.self) + "\n")
        } else {
            Console.output(report.text())
        }
        return .success
    }
}

/// The bundled machine catalog, extended by `--catalog FILE` when given.
func loadCatalog(_ arguments: inout Arguments) throws -> MachineCatalog {
    var catalog = try MachineCatalog.bundled()
    if catalog.count == 0 {
        Console.warning(
            "the bundled machine catalog (datasets/catalog/azure-vm-catalog.json) was not found; "
                + "set BERTH_CATALOG to its path. Every machine type is its own quota family.")
    }
    for path in arguments.values("--catalog") {
        catalog = catalog.merging(try MachineCatalog.load(path: path))
    }
    return catalog
}

/// `--capacity-backoff`, when given.
func capacityOptions(_ arguments: inout Arguments) throws -> CapacityOptions {
    var options = CapacityOptions()
    if let backoff = try arguments.number("--capacity-backoff", in: 0...1e9) {
        options.capacityFailureBackoff = backoff
    }
    return options
}

import CycleCloudAPI
import Foundation

/// What Berth knows of Azure machine types that a status may leave out: above all the quota
/// family, which the status never names, and GPUs and memory on older servers.
///
/// Lookups ignore case, as CycleCloud does (`Standard_Hc44rs` is `Standard_HC44rs`).
public struct MachineCatalog: Sendable {
    /// One machine type.
    public struct Entry: Codable, Sendable, Hashable {
        /// The quota family, such as `standardHBv3Family`.
        public var family: String
        /// vCPUs one machine has.
        public var vcpus: Int
        /// vCPUs one machine charges to quota, when more than it has.
        public var quotaVcpus: Int?
        /// Memory in GB.
        public var memoryGB: Double
        /// GPUs.
        public var gpus: Int
        /// Whether the machine has InfiniBand.
        public var infiniband: Bool

        /// Creates an entry.
        public init(
            family: String, vcpus: Int, quotaVcpus: Int? = nil, memoryGB: Double, gpus: Int,
            infiniband: Bool
        ) {
            self.family = family
            self.vcpus = vcpus
            self.quotaVcpus = quotaVcpus
            self.memoryGB = memoryGB
            self.gpus = gpus
            self.infiniband = infiniband
        }
    }

    private struct Document: Codable {
        var machineTypes: [String: Entry]
    }

    private var entries: [String: Entry]

    /// A catalog of `entries`, keyed by machine type.
    public init(_ entries: [String: Entry] = [:]) {
        self.entries = Dictionary(
            entries.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
    }

    /// The entry for `machineType`, if the catalog knows it.
    public subscript(machineType: String) -> Entry? {
        entries[machineType.lowercased()]
    }

    /// How many machine types the catalog knows.
    public var count: Int { entries.count }

    /// Reads a catalog file: `{"machineTypes": {NAME: {family, vcpus, memoryGB, gpus,
    /// infiniband, quotaVcpus?}}}`.
    ///
    /// - Throws: `InputError` naming the file and the entry that is wrong.
    public static func load(path: String) throws(InputError) -> MachineCatalog {
        let document = try JSONDocument.load(Document.self, path: path)
        for (name, entry) in document.machineTypes {
            let location = "$.machineTypes.\(name)"
            if entry.family.isEmpty {
                throw InputError(document: path, location: location, problem: "empty family")
            }
            if entry.vcpus < 1 || entry.gpus < 0 || entry.memoryGB < 0
                || (entry.quotaVcpus ?? 1) < 1
            {
                throw InputError(
                    document: path, location: location,
                    problem: "vcpus and quotaVcpus must be positive, memoryGB and gpus not negative"
                )
            }
        }
        return MachineCatalog(document.machineTypes)
    }

    /// This catalog with the entries of `other` added, replacing any of the same name.
    public func merging(_ other: MachineCatalog) -> MachineCatalog {
        var merged = self
        merged.entries.merge(other.entries) { _, new in new }
        return merged
    }

    /// The catalog that ships with Berth, `datasets/catalog/azure-vm-catalog.json`, found
    /// beside the executable's package; an empty catalog when it cannot be found.
    ///
    /// The search looks in `BERTH_CATALOG` (a file path) first, then walks up from the
    /// executable and from the working directory.
    public static func bundled() throws(InputError) -> MachineCatalog {
        guard let path = bundledPath() else { return MachineCatalog() }
        return try load(path: path)
    }

    /// Where the bundled catalog is, if it can be found.
    public static func bundledPath() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["BERTH_CATALOG"], !path.isEmpty {
            return path
        }
        let relative = "datasets/catalog/azure-vm-catalog.json"
        let starts = [
            URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath()
                .deletingLastPathComponent(),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        ]
        for start in starts {
            var directory = start
            for _ in 0..<8 {
                let candidate = directory.appendingPathComponent(relative).path
                if FileManager.default.fileExists(atPath: candidate) {
                    return candidate
                }
                directory.deleteLastPathComponent()
            }
        }
        return nil
    }
}

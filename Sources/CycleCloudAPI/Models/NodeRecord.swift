/// A node record (or the nodearray record of a status): an open object whose keys are
/// CycleCloud attributes in PascalCase. Every attribute is kept, known or not, and written
/// back as it came; typed accessors cover the ones clients read.
public struct NodeRecord: Codable, Sendable, Hashable {
    /// All attributes, as received.
    public var attributes: [String: JSONValue]

    /// Creates a record from its attributes.
    public init(_ attributes: [String: JSONValue] = [:]) {
        self.attributes = attributes
    }

    /// Decodes any JSON object.
    public init(from decoder: any Decoder) throws {
        attributes = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    /// Encodes the attributes as one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(attributes)
    }

    /// The attribute `key` as a string.
    public func string(_ key: String) -> String? { attributes[key]?.stringValue }

    /// The attribute `key` as a Boolean.
    public func bool(_ key: String) -> Bool? { attributes[key]?.boolValue }

    /// The attribute `key` as an integer.
    public func int(_ key: String) -> Int? { attributes[key]?.intValue }

    /// `Name`: the node's name, such as `hpc-3`.
    public var name: String? { string("Name") }
    /// `NodeId`: the node's identifier, used by management requests.
    public var nodeId: String? { string("NodeId") }
    /// `Template`: the nodearray the node came from.
    public var template: String? { string("Template") }
    /// `MachineType`: the VM size (a string for nodes; nodearray records may hold a list).
    public var machineType: String? { string("MachineType") }
    /// `Status`: where the node is in its lifecycle, such as `Acquiring` or `Ready`.
    public var status: String? { string("Status") }
    /// `TargetState`: `Started`, `Terminated`, `Deallocated` or `Off`.
    public var targetState: String? { string("TargetState") }
    /// `StatusMessage`: the text of a failure.
    public var statusMessage: String? { string("StatusMessage") }
    /// `Hostname`, once the node has registered.
    public var hostname: String? { string("Hostname") }
    /// `PrivateIp`, once the node has one.
    public var privateIp: String? { string("PrivateIp") }
    /// `InstanceId`, once a VM has been acquired.
    public var instanceId: String? { string("InstanceId") }
    /// `Region`.
    public var region: String? { string("Region") }
    /// `PlacementGroupId`: the placement group the node is in.
    public var placementGroupId: String? { string("PlacementGroupId") }
    /// `RequestId`: the `requestId` of the create call that made the node.
    public var requestId: String? { string("RequestId") }
    /// `ClusterName`.
    public var clusterName: String? { string("ClusterName") }
    /// `Interruptible`: a spot node.
    public var isInterruptible: Bool? { bool("Interruptible") }
    /// `KeepAlive`: protected from autoscale termination.
    public var keepAlive: Bool? { bool("KeepAlive") }
    /// `CoreCount`: the node's vCPUs, when set.
    public var coreCount: Int? { int("CoreCount") }
}

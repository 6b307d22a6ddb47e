import CycleCloudAPI

/// Which set of a create request each created node came from.
///
/// A node record names its nodearray (`Template`), machine type and placement group; a node
/// whose record leaves them out is given to the sets in order, as far as each set's count
/// (or its `added`, when known) goes, since CycleCloud lists nodes in creation order.
enum NodeAttribution {
    /// The journal's record of `records`, created by a request with `sets`.
    ///
    /// - Complexity: O(records × sets).
    static func createdNodes(_ records: [NodeRecord], sets: [ApplyJournal.SetRecord])
        -> [ApplyJournal.CreatedNode]
    {
        var left = sets.map { $0.added ?? $0.count }
        return records.map { record in
            let named = sets.indices.first { index in
                left[index] > 0 && matches(record, sets[index])
            }
            let index = named ?? left.firstIndex { $0 > 0 }
            if let index { left[index] -= 1 }
            let set = index.map { sets[$0] }
            return ApplyJournal.CreatedNode(
                id: record.nodeId ?? "", name: record.name ?? record.nodeId ?? "",
                nodearray: record.template ?? set?.nodearray ?? "",
                machineType: record.machineType ?? set?.machineType ?? "",
                placementGroup: record.placementGroupId ?? set?.placementGroup)
        }
    }

    /// How many of `nodes` each set added, for a create whose answer was lost: each set
    /// takes the nodes of its nodearray, machine type and placement group, up to its count.
    ///
    /// - Complexity: O(nodes + sets).
    static func added(by sets: [ApplyJournal.SetRecord], nodes: [ApplyJournal.CreatedNode])
        -> [Int]
    {
        var pool: [PlacementKey: Int] = [:]
        for node in nodes {
            pool[PlacementKey(node), default: 0] += 1
        }
        return sets.map { set in
            let key = PlacementKey(set)
            let taken = min(set.count, pool[key] ?? 0)
            pool[key, default: 0] -= taken
            return taken
        }
    }

    private static func matches(_ record: NodeRecord, _ set: ApplyJournal.SetRecord) -> Bool {
        guard let template = record.template, let machineType = record.machineType else {
            return false
        }
        return template == set.nodearray
            && (set.machineType.map { $0.lowercased() == machineType.lowercased() } ?? true)
            && record.placementGroupId == set.placementGroup
    }
}

/// A nodearray, machine type (without regard to case) and placement group: where a node is,
/// as far as colocation goes.
struct PlacementKey: Hashable {
    var nodearray: String
    var machineType: String
    var placementGroup: String?

    init(nodearray: String, machineType: String, placementGroup: String?) {
        self.nodearray = nodearray
        self.machineType = machineType.lowercased()
        self.placementGroup = placementGroup
    }

    init(_ node: ApplyJournal.CreatedNode) {
        self.init(
            nodearray: node.nodearray, machineType: node.machineType,
            placementGroup: node.placementGroup)
    }

    init(_ set: ApplyJournal.SetRecord) {
        self.init(
            nodearray: set.nodearray, machineType: set.machineType ?? "",
            placementGroup: set.placementGroup)
    }
}

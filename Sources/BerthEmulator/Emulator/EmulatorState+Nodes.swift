import CycleCloudAPI
import Foundation

extension EmulatorState {
    /// Moves every node's lifecycle to `now`: boots finish, terminations remove nodes (or
    /// leave them `Off` when they are not to be removed), deallocations finish.
    mutating func settle(now: Double) {
        var kept: [EmulatedNode] = []
        kept.reserveCapacity(nodes.count)
        for var node in nodes {
            switch node.phase {
            case .booting(let since) where now - since >= timings.acquiring + timings.preparing:
                node.phase = .ready
            case .terminating(let since, let removes) where now - since >= timings.terminating:
                if removes { continue }
                node.phase = .off
            case .deallocating(let since) where now - since >= timings.deallocating:
                node.phase = .deallocated
            default:
                break
            }
            kept.append(node)
        }
        nodes = kept
    }

    /// The node record as the API shows it now: its attributes with `Status`, `TargetState`
    /// and, once a VM exists, `InstanceId`, `PrivateIp` and `Hostname`.
    func render(_ node: EmulatedNode, now: Double, clusterName: String) -> NodeRecord {
        var record = node.record
        let status: String
        var hasVM = true
        switch node.phase {
        case .booting(let since):
            let acquiring = now - since < timings.acquiring
            status = acquiring ? "Acquiring" : "Preparing"
            hasVM = !acquiring
        case .ready: status = node.keepsStaticStatus ? (record.status ?? "Ready") : "Ready"
        case .terminating: status = "Terminating"
        case .off:
            status = "Off"
            hasVM = false
        case .deallocating: status = "Deallocating"
        case .deallocated: status = "Deallocated"
        }
        record.attributes["Status"] = .string(status)
        record.attributes["TargetState"] = .string(node.phase.targetState)
        record.attributes["ClusterName"] = .string(clusterName)
        if hasVM {
            record.attributes["InstanceId"] = node.instanceId.map { .string($0) }
            record.attributes["PrivateIp"] = .string(node.privateIp)
            record.attributes["Hostname"] = .string(node.hostname)
        } else {
            for key in ["InstanceId", "PrivateIp", "Hostname"] {
                record.attributes[key] = nil
            }
        }
        return record
    }

    /// The first name `format` gives that no node has: `%d` is replaced by 1, 2, … (plus
    /// `offset`); without a format, `NODEARRAY-%d`.
    func nextName(format: String?, offset: Int?, nodearray: String) -> String {
        nextNames(1, format: format, offset: offset, nodearray: nodearray)[0]
    }

    /// The first `count` names `format` gives that no node has, in index order.
    ///
    /// - Complexity: O(nodes + count), apart from names skipped because they are taken.
    func nextNames(_ count: Int, format: String?, offset: Int?, nodearray: String) -> [String] {
        let pattern = format ?? "\(nodearray)-%d"
        let shift = format == nil ? 0 : (offset ?? 0)
        let taken = Set(nodes.map(\.name))
        var names: [String] = []
        var index = 1
        while names.count < count {
            let name =
                pattern.contains("%d")
                ? pattern.replacingOccurrences(of: "%d", with: String(index + shift))
                : pattern + String(index + shift)
            if !taken.contains(name) { names.append(name) }
            index += 1
        }
        return names
    }

    /// Adds a node to bucket `bucket` of nodearray `array`, inheriting the nodearray's
    /// attributes, then `attributes`, then its identity, and returns its id.
    @discardableResult
    mutating func addNode(
        name: String, nodearray array: Int, bucket: Int, placementGroup: String?,
        requestId: String?, attributes: NodeRecord?, phase: NodePhase, operationId: String?
    ) -> String {
        let nodearray = nodearrays[array]
        let model = nodearray.buckets[bucket]
        var record = NodeRecord()
        for key in Self.inheritedAttributes {
            record.attributes[key] = nodearray.record?.attributes[key]
        }
        for (key, value) in attributes?.attributes ?? [:]
        where !Self.identityAttributes.contains(key) {
            record.attributes[key] = value
        }
        let nodeId = random.uuid()
        record.attributes["Name"] = .string(name)
        record.attributes["NodeId"] = .string(nodeId)
        record.attributes["Template"] = .string(nodearray.name)
        record.attributes["MachineType"] = .string(model.machineType)
        record.attributes["Region"] = .string(nodearray.region)
        record.attributes["Interruptible"] = .bool(nodearray.isSpot)
        record.attributes["CoreCount"] = .number(Double(model.vcpus))
        if let memory = model.template.virtualMachine.memory {
            record.attributes["Memory"] = .number(memory)
        }
        if let infiniband = model.template.virtualMachine.infiniband {
            record.attributes["Infiniband"] = .bool(infiniband)
        }
        record.attributes["PlacementGroupId"] = placementGroup.map { .string($0) }
        record.attributes["RequestId"] = requestId.map { .string($0) }
        nodesEverCreated += 1
        nodes.append(
            EmulatedNode(
                record: record, nodearray: array, bucket: bucket, vcpus: model.vcpus,
                quotaVcpus: model.quotaVcpus, phase: phase,
                operationIds: operationId.map { [$0] } ?? [], instanceId: random.uuid(),
                privateIp: Self.privateIp(nodesEverCreated)))
        return nodeId
    }

    /// Nodearray attributes that new nodes take over.
    static let inheritedAttributes = [
        "SubnetId", "ShutdownPolicy", "Fixed", "KeepAlive", "Priority", "Configuration",
    ]

    /// Attributes that `nodeAttributes` of a create request cannot override.
    static let identityAttributes: Set<String> = [
        "Name", "NodeId", "Template", "MachineType", "Region", "RequestId", "ClusterName",
        "Status", "TargetState", "PlacementGroupId", "InstanceId", "PrivateIp", "Hostname",
    ]
}

import CycleCloudAPI

extension EmulatorState {
    /// Applies a management action to the nodes `request` names (the union of its ids,
    /// names, hostnames and IP addresses), each node answering `OK` or `Error`.
    ///
    /// - Throws: 409 for a repeated request id, a request that names no node, or a filter
    ///   expression.
    mutating func manage(
        _ action: NodeManagementAction, _ request: NodeManagementRequest, now: Double
    ) throws(APIFailure) -> NodeManagementResult {
        try checkUnused(requestId: request.requestId)
        if let filter = request.filter, !filter.isEmpty {
            // Limitation: filter expressions are not evaluated; name nodes by id, name,
            // hostname or IP address instead.
            throw .invalidInput(
                "Filter expressions are not supported by the Berth emulator; name the nodes by "
                    + "ids, names, hostnames or ip_addresses")
        }
        let ids = Set(request.ids ?? [])
        let names = Set(request.names ?? [])
        let hostnames = Set((request.hostnames ?? []).map { $0.lowercased() })
        let addresses = Set(request.ipAddresses ?? [])
        guard !(ids.isEmpty && names.isEmpty && hostnames.isEmpty && addresses.isEmpty) else {
            throw .invalidInput(
                "The request names no nodes: give ids, names, hostnames or ip_addresses")
        }

        let operationId = random.uuid()
        var results: [NodeManagementResultNode] = []
        var affected: [String] = []
        var removed: Set<String> = []
        for index in nodes.indices {
            let node = nodes[index]
            guard
                ids.contains(node.nodeId) || names.contains(node.name)
                    || hostnames.contains(node.hostname.lowercased())
                    || addresses.contains(node.privateIp)
            else { continue }
            let error = apply(action, toNodeAt: index, now: now, removed: &removed)
            results.append(
                NodeManagementResultNode(
                    id: node.nodeId, name: node.name, status: error == nil ? "OK" : "Error",
                    error: error))
            if error == nil {
                nodes[index].operationIds.append(operationId)
                affected.append(node.nodeId)
            }
        }
        nodes.removeAll { removed.contains($0.nodeId) }
        record(
            action: action.rawValue, operationId: operationId, requestId: request.requestId,
            nodeIds: affected, now: now)
        return NodeManagementResult(operationId: operationId, nodes: results)
    }

    /// Applies `action` to one node; the reason it could not, or `nil`.
    private mutating func apply(
        _ action: NodeManagementAction, toNodeAt index: Int, now: Double,
        removed: inout Set<String>
    ) -> String? {
        let node = nodes[index]
        let fixed = node.record.bool("Fixed") ?? false
        switch action {
        case .terminate, .remove:
            return terminate(
                index, removes: action == .remove || !fixed, now: now, removed: &removed)
        case .shutdown:
            if node.record.string("ShutdownPolicy")?.lowercased() == "deallocate" {
                return deallocate(index, now: now)
            }
            return terminate(index, removes: !fixed, now: now, removed: &removed)
        case .deallocate:
            return deallocate(index, now: now)
        case .start:
            switch node.phase {
            case .deallocated, .deallocating, .off:
                // Limitation: start checks no limit or quota, as CycleCloud itself did not
                // (scalelib guards against it), so it can take a bucket past its maxCount.
                nodes[index].phase = .booting(since: now)
                nodes[index].keepsStaticStatus = false
                return nil
            case .booting, .ready:
                return "The node is already started"
            case .terminating:
                return "The node is terminating and cannot be started"
            }
        }
    }

    private mutating func terminate(
        _ index: Int, removes: Bool, now: Double, removed: inout Set<String>
    ) -> String? {
        switch nodes[index].phase {
        case .terminating(let since, let removing):
            nodes[index].phase = .terminating(since: since, removes: removing || removes)
        case .off where removes:
            removed.insert(nodes[index].nodeId)
        case .off:
            break
        default:
            nodes[index].phase = .terminating(since: now, removes: removes)
        }
        return nil
    }

    private mutating func deallocate(_ index: Int, now: Double) -> String? {
        switch nodes[index].phase {
        case .booting, .ready:
            nodes[index].phase = .deallocating(since: now)
            return nil
        case .deallocating, .deallocated:
            return nil
        case .terminating, .off:
            return "The node is terminated and cannot be deallocated"
        }
    }

    /// `POST /cloud/actions/retry`: nodes that kept a failure status boot again.
    mutating func retryFailedNodes(now: Double) {
        for index in nodes.indices where nodes[index].keepsStaticStatus {
            nodes[index].keepsStaticStatus = false
            nodes[index].phase = .booting(since: now)
        }
    }

    // MARK: Queries

    /// The operation `operationId`, and its nodes that still exist.
    func nodes(ofOperation operationId: String, now: Double, clusterName: String)
        throws(APIFailure) -> NodeList
    {
        guard let index = operationIndex[operationId] else {
            throw .notFound("No operation found with id \(operationId)")
        }
        return nodeList(of: operations[index], now: now, clusterName: clusterName)
    }

    /// The operation that `requestId` started, and its nodes that still exist.
    func nodes(ofRequest requestId: String, now: Double, clusterName: String)
        throws(APIFailure) -> NodeList
    {
        guard let index = requestIndex[requestId] else {
            throw .notFound("No operation found for request id \(requestId)")
        }
        return nodeList(of: operations[index], now: now, clusterName: clusterName)
    }

    private func nodeList(of operation: EmulatedOperation, now: Double, clusterName: String)
        -> NodeList
    {
        let wanted = Set(operation.nodeIds)
        let listed = nodes.filter { wanted.contains($0.nodeId) }.map {
            render($0, now: now, clusterName: clusterName)
        }
        return NodeList(nodes: listed, operation: operation.status)
    }
}

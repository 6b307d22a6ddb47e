import CycleCloudAPI
import Foundation

/// An answer the emulator gives instead of a success: a status and the API's error body.
struct APIFailure: Error {
    var status: Int
    var exception: String
    var message: String

    static func invalidInput(_ message: String) -> APIFailure {
        APIFailure(
            status: 409, exception: "com.cyclecomputing.cloud.exceptions.InvalidInputException",
            message: message)
    }

    static func notFound(_ message: String) -> APIFailure {
        APIFailure(
            status: 404, exception: "com.cyclecomputing.cloud.exceptions.NotFoundException",
            message: message)
    }

    static func badRequest(_ message: String) -> APIFailure {
        APIFailure(
            status: 400, exception: "com.cyclecomputing.cloud.exceptions.BadRequestException",
            message: message)
    }
}

/// One set of a create request, checked against the cluster.
private struct ResolvedSet {
    var set: NodeCreationRequestSet
    var array: Int
    var bucket: Int?
}

extension EmulatorState {
    /// Creates the nodes of `request`, as far as there is room, in set order.
    ///
    /// The whole request is refused with 409, before anything happens, for a repeated
    /// request id, no sets, an unknown nodearray, a count below 1, or a machine type with
    /// no valid bucket. A set that does not fit adds fewer nodes and says why in `message`.
    mutating func create(
        _ request: NodeCreationRequest, now: Double, capacityFailures: Set<String>
    ) throws(APIFailure) -> NodeCreationResult {
        try checkUnused(requestId: request.requestId)
        guard !request.sets.isEmpty else {
            throw .invalidInput("The request must contain at least one set")
        }
        var resolved: [ResolvedSet] = []
        for (index, set) in request.sets.enumerated() {
            resolved.append(try resolve(set, index: index))
        }

        let operationId = random.uuid()
        var results: [NodeCreationResultSet] = []
        var created: [String] = []
        for item in resolved {
            let (result, ids) = apply(
                item, requestId: request.requestId, operationId: operationId, now: now,
                capacityFailures: capacityFailures)
            results.append(result)
            created += ids
        }
        record(
            action: "create", operationId: operationId, requestId: request.requestId,
            nodeIds: created, now: now)
        return NodeCreationResult(operationId: operationId, sets: results)
    }

    /// Fails with 409 when `requestId` was used before.
    func checkUnused(requestId: String?) throws(APIFailure) {
        if let requestId, let index = requestIndex[requestId] {
            let previous = operations[index].status.operationId ?? "an earlier operation"
            throw .invalidInput(
                "The request id \(requestId) was already used (operation \(previous))")
        }
    }

    /// Records an operation so that its id and request id resolve.
    mutating func record(
        action: String, operationId: String, requestId: String?, nodeIds: [String], now: Double
    ) {
        let status = OperationStatus(
            action: action, startTime: Self.timestamp(now), operationId: operationId,
            requestId: requestId)
        operationIndex[operationId] = operations.count
        if let requestId {
            requestIndex[requestId] = operations.count
        }
        operations.append(EmulatedOperation(status: status, nodeIds: nodeIds))
    }

    private func resolve(_ set: NodeCreationRequestSet, index: Int) throws(APIFailure)
        -> ResolvedSet
    {
        guard let array = nodearrays.firstIndex(where: { $0.name == set.nodearray }) else {
            let known = nodearrays.map(\.name).joined(separator: ", ")
            throw .invalidInput(
                "sets[\(index)]: Unknown nodearray \(set.nodearray) (the cluster has: \(known))")
        }
        guard set.count >= 1 else {
            throw .invalidInput("sets[\(index)]: count must be at least 1, not \(set.count)")
        }
        if let group = set.placementGroupId, group.isEmpty {
            throw .invalidInput("sets[\(index)]: placementGroupId must not be empty")
        }
        let buckets = nodearrays[array].buckets
        guard let machineType = set.machineType else {
            guard buckets.contains(where: \.isValid) else {
                throw .invalidInput(
                    "sets[\(index)]: the nodearray \(set.nodearray) has no valid bucket")
            }
            return ResolvedSet(set: set, array: array, bucket: nil)
        }
        guard
            let bucket = buckets.firstIndex(where: {
                $0.machineType.lowercased() == machineType.lowercased()
            })
        else {
            throw .invalidInput(
                "sets[\(index)]: MachineType \(machineType) is not recognized for nodearray "
                    + "\(set.nodearray)")
        }
        guard buckets[bucket].isValid else {
            let reason = buckets[bucket].template.invalidReason ?? "invalid"
            throw .invalidInput(
                "sets[\(index)]: the bucket for \(machineType) in nodearray \(set.nodearray) "
                    + "is not valid (\(reason.isEmpty ? "invalid" : reason))")
        }
        return ResolvedSet(set: set, array: array, bucket: bucket)
    }

    /// Adds as many nodes of one set as fit, and says why when not all did.
    private mutating func apply(
        _ item: ResolvedSet, requestId: String?, operationId: String, now: Double,
        capacityFailures: Set<String>
    ) -> (NodeCreationResultSet, [String]) {
        let usage = Usage(of: self)
        let set = item.set
        let bucket = item.bucket ?? firstFittingBucket(array: item.array, count: set.count, usage)
        let model = nodearrays[item.array].buckets[bucket]
        var room = self.room(array: item.array, bucket: bucket, usage)
        if let group = set.placementGroupId {
            let inGroup = usage.groupCounts[item.array][bucket][group] ?? 0
            let groupRoom = model.maxPlacementGroupSize - inGroup
            if groupRoom < room.count {
                room = Room(
                    count: max(0, groupRoom),
                    limitedBy: "the placement group \(group) (maxPlacementGroupSize "
                        + "\(model.maxPlacementGroupSize), \(inGroup) in use)")
            }
        }
        if capacityFailures.contains(model.machineType.lowercased())
            || capacityFailures.contains(model.template.bucketId.lowercased())
        {
            nodearrays[item.array].buckets[bucket].lastCapacityFailureAt = now
            let message =
                "Azure has no capacity for \(model.machineType) in "
                + "\(nodearrays[item.array].region) right now (emulated capacity failure); "
                + "0 of \(set.count) nodes were added"
            return (NodeCreationResultSet(added: 0, message: message), [])
        }

        let added = min(set.count, room.count)
        var ids: [String] = []
        let names = nextNames(
            added, format: set.nameFormat, offset: set.nameOffset, nodearray: set.nodearray)
        for name in names {
            ids.append(
                addNode(
                    name: name, nodearray: item.array, bucket: bucket,
                    placementGroup: set.placementGroupId, requestId: requestId,
                    attributes: set.nodeAttributes, phase: .booting(since: now),
                    operationId: operationId))
        }
        guard added < set.count else {
            return (NodeCreationResultSet(added: added), ids)
        }
        let message =
            "Only \(added) of \(set.count) nodes could be added to nodearray \(set.nodearray) "
            + "(\(model.machineType)): limited by \(room.limitedBy)"
        return (NodeCreationResultSet(added: added, message: message), ids)
    }

    /// The first valid bucket with room for `count` nodes, else the valid bucket with the
    /// most room (the first of those on a tie).
    private func firstFittingBucket(array: Int, count: Int, _ usage: Usage) -> Int {
        let valid = nodearrays[array].buckets.indices.filter {
            nodearrays[array].buckets[$0].isValid
        }
        let rooms = valid.map { (bucket: $0, room: room(array: array, bucket: $0, usage).count) }
        if let fitting = rooms.first(where: { $0.room >= count }) {
            return fitting.bucket
        }
        let best = rooms.max { $0.room < $1.room || ($0.room == $1.room && $0.bucket > $1.bucket) }
        return best?.bucket ?? 0
    }

    static func timestamp(_ seconds: Double) -> String {
        Date(timeIntervalSince1970: seconds).ISO8601Format()
    }
}

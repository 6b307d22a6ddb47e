import CycleCloudAPI

/// What `berth inspect` shows: for every bucket, how many nodes and vCPUs can still be
/// added, what each limit alone would allow, and which limit binds.
public struct InspectReport: Codable, Sendable, Hashable {
    /// One bucket's room.
    public struct BucketRoom: Codable, Sendable, Hashable {
        /// The nodearray.
        public var nodearray: String
        /// The machine type.
        public var machineType: String
        /// The status's `bucketId`.
        public var bucketId: String
        /// Whether new nodes may come from it.
        public var valid: Bool
        /// Why not, when not.
        public var invalidReason: String?
        /// Spot (interruptible) nodearray.
        public var spot: Bool
        /// Quota family.
        public var family: String
        /// Region, when given.
        public var region: String?
        /// vCPUs per node.
        public var vcpus: Int
        /// vCPUs per node charged to quota.
        public var quotaVcpus: Int
        /// Nodes that can be added.
        public var nodes: Int
        /// vCPUs that can be added.
        public var addedVcpus: Int
        /// The limits that allow no more than `nodes`.
        public var binding: [String]
        /// Each limit the bucket draws on, with what it alone would allow.
        public var limits: [LimitRoom]
        /// Nodes a new placement group can hold.
        public var newPlacementGroupSize: Int
        /// Existing placement groups and their room.
        public var placementGroups: [GroupRoom]
    }

    /// One limit as seen from one bucket.
    public struct LimitRoom: Codable, Sendable, Hashable {
        /// The limit's name.
        public var name: String
        /// Nodes or vCPUs.
        public var unit: CapacityModel.Limit.Unit
        /// Its cap.
        public var capacity: Int
        /// In use already.
        public var used: Int
        /// Still free.
        public var remaining: Int
        /// What one node of this bucket uses of it.
        public var perNode: Int
        /// Nodes of this bucket it alone allows.
        public var nodesAllowed: Int
    }

    /// An existing placement group.
    public struct GroupRoom: Codable, Sendable, Hashable {
        /// Its name.
        public var name: String
        /// Nodes in it.
        public var activeCount: Int
        /// Nodes it can still take.
        public var room: Int
    }

    /// The snapshot file.
    public var snapshot: String
    /// Every bucket, in status order.
    public var buckets: [BucketRoom]
    /// Warnings about the snapshot.
    public var warnings: [String]

    /// The report for `model`.
    public init(model: CapacityModel) {
        snapshot = model.document
        warnings = model.diagnostics.warnings.map(\.description)
        buckets = model.buckets.map { bucket in
            let headroom = model.headroom(of: bucket.index)
            let limits = bucket.draws.map { draw in
                let limit = model.limits[draw.limit]
                return LimitRoom(
                    name: limit.name, unit: limit.unit, capacity: limit.capacity,
                    used: limit.used, remaining: limit.remaining, perNode: draw.units,
                    nodesAllowed: limit.remaining / draw.units)
            }
            let groups = bucket.placementGroups.map { index in
                let group = model.placementGroups[index]
                return GroupRoom(name: group.name, activeCount: group.activeCount, room: group.room)
            }
            return BucketRoom(
                nodearray: bucket.nodearray, machineType: bucket.machineType,
                bucketId: bucket.bucketId, valid: bucket.isValid,
                invalidReason: bucket.invalidReason, spot: bucket.isSpot, family: bucket.family,
                region: bucket.region.isEmpty ? nil : bucket.region, vcpus: bucket.vcpus,
                quotaVcpus: bucket.quotaVcpus, nodes: headroom.nodes,
                addedVcpus: headroom.nodes * bucket.vcpus,
                binding: bucket.isValid ? headroom.binding.map { model.limits[$0].name } : [],
                limits: limits, newPlacementGroupSize: bucket.newPlacementGroupSize,
                placementGroups: groups)
        }
    }

    /// The report as text for a terminal: one block per bucket.
    public func text() -> String {
        var lines: [String] = ["Capacity of \(snapshot)"]
        var nodearray: String?
        for bucket in buckets {
            if bucket.nodearray != nodearray {
                nodearray = bucket.nodearray
                lines.append("")
                lines.append("nodearray \(bucket.nodearray)\(bucket.spot ? " (spot)" : "")")
            }
            let location = [bucket.family, bucket.region].compactMap { $0 }.joined(separator: ", ")
            guard bucket.valid else {
                lines.append(
                    "  \(bucket.machineType): not valid (\(bucket.invalidReason ?? "no reason given"))"
                )
                continue
            }
            let quota = bucket.quotaVcpus != bucket.vcpus ? ", \(bucket.quotaVcpus) of quota" : ""
            lines.append(
                "  \(bucket.machineType) [\(location)]: \(bucket.nodes) nodes, "
                    + "\(bucket.addedVcpus) vCPUs can be added (\(bucket.vcpus) vCPUs per node\(quota))"
            )
            lines.append("    binding: \(bucket.binding.joined(separator: "; "))")
            for limit in bucket.limits {
                let unit = limit.unit == .nodes ? "nodes" : "vCPUs"
                let mark = bucket.binding.contains(limit.name) ? "*" : " "
                lines.append(
                    "   \(mark) \(limit.name): \(limit.remaining) of \(limit.capacity) \(unit) free "
                        + "-> \(limit.nodesAllowed) nodes")
            }
            lines.append(
                "    placement groups: new ones hold \(bucket.newPlacementGroupSize) nodes"
                    + bucket.placementGroups.map {
                        "; \($0.name) has \($0.activeCount), room for \($0.room)"
                    }.joined())
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

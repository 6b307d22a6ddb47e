import CycleCloudAPI

/// The room a cluster has for new nodes, built from one status snapshot: every bucket that
/// new nodes can come from, every limit they draw on, and the placement groups that already
/// exist.
///
/// A new node in bucket `b` draws `draw.units` from each limit in `b.draws`: one unit for a
/// limit counted in nodes, its vCPUs for a core cap, and the vCPUs it charges to quota for a
/// quota limit. A set of new nodes fits when no limit's `remaining` is exceeded. The model is
/// the one `docs/capacity-model.md` explains.
public struct CapacityModel: Sendable {
    /// The document the snapshot came from, for messages.
    public var document: String
    /// Every bucket of the snapshot, in status order (nodearray by nodearray). Invalid buckets
    /// are kept, with no room, so that reports can name them.
    public var buckets: [Bucket]
    /// Every limit, shared or not.
    public var limits: [Limit]
    /// Placement groups that exist already, with their room.
    public var placementGroups: [ExistingPlacementGroup]
    /// What was odd but usable in the snapshot.
    public var diagnostics: Diagnostics

    /// A bucket: one machine type of one nodearray.
    public struct Bucket: Sendable, Hashable {
        /// Position in `CapacityModel.buckets`.
        public var index: Int
        /// The status's `bucketId`.
        public var bucketId: String
        /// The nodearray's name.
        public var nodearray: String
        /// The machine type, such as `Standard_HB120rs_v3`.
        public var machineType: String
        /// The quota family, from the machine catalog.
        public var family: String
        /// The Azure region; empty when the status does not say.
        public var region: String
        /// Whether the nodearray makes spot (interruptible) nodes.
        public var isSpot: Bool
        /// Whether new nodes may come from this bucket.
        public var isValid: Bool
        /// Why they may not, when they may not.
        public var invalidReason: String?
        /// Seconds since the bucket's last capacity failure, when it had one.
        public var lastCapacityFailure: Double?
        /// vCPUs of one node.
        public var vcpus: Int
        /// vCPUs one node charges to quota (above `vcpus` for constrained-core sizes).
        public var quotaVcpus: Int
        /// Memory of one node in GB.
        public var memoryGB: Double
        /// GPUs of one node.
        public var gpus: Int
        /// Whether the nodes have InfiniBand.
        public var infiniband: Bool
        /// How many nodes a new placement group of this bucket may hold: the smaller of
        /// `maxPlacementGroupSize` and `maxPlacementGroupCoreSize / vcpus`.
        public var newPlacementGroupSize: Int
        /// The limits a new node draws on, and how much of each.
        public var draws: [Draw]
        /// Indices into `CapacityModel.placementGroups` of this bucket's existing groups.
        public var placementGroups: [Int]
    }

    /// How much of one limit a new node of a bucket uses.
    public struct Draw: Sendable, Hashable {
        /// Index into `CapacityModel.limits`.
        public var limit: Int
        /// Units of that limit one node uses: 1 for node counts, vCPUs for core limits.
        public var units: Int
    }

    /// One limit on new nodes.
    public struct Limit: Sendable, Hashable {
        /// What kind of limit it is, and whose.
        public enum Kind: Sendable, Hashable {
            /// A bucket's own `availableCount`, which the server computed.
            case bucket(bucketId: String)
            /// A bucket held back after a recent capacity failure.
            case capacityFailure(bucketId: String)
            /// A nodearray's `maxCount`.
            case nodearrayNodes(nodearray: String)
            /// A nodearray's `maxCoreCount`.
            case nodearrayCores(nodearray: String)
            /// The cluster's `maxCount`.
            case clusterNodes
            /// The cluster's `maxCoreCount`.
            case clusterCores
            /// A VM family's vCPU quota in a region (regular, not spot, nodes).
            case familyQuota(family: String, region: String)
            /// A region's vCPU quota for regular nodes.
            case regionalQuota(region: String)
            /// A region's vCPU quota for spot nodes.
            case spotQuota(region: String)
        }

        /// The unit a limit counts in.
        public enum Unit: String, Sendable, Hashable, Codable {
            /// Nodes.
            case nodes
            /// vCPUs.
            case vcpus
        }

        /// Position in `CapacityModel.limits`.
        public var index: Int
        /// Its kind.
        public var kind: Kind
        /// A name for people, such as `family quota standardHBv3Family (westus2)`.
        public var name: String
        /// What it counts.
        public var unit: Unit
        /// The cap.
        public var capacity: Int
        /// What is in use already.
        public var used: Int
        /// What new nodes may still take: `capacity - used`, never below zero.
        public var remaining: Int { max(0, capacity - used) }
    }

    /// A placement group that already has nodes.
    public struct ExistingPlacementGroup: Sendable, Hashable {
        /// Position in `CapacityModel.placementGroups`.
        public var index: Int
        /// Its name.
        public var name: String
        /// Index of its bucket.
        public var bucket: Int
        /// Nodes in it now.
        public var activeCount: Int
        /// How many more nodes it can take: the bucket's group size less its nodes, and no
        /// more than its vCPU room allows.
        public var room: Int
    }
}

extension CapacityModel {
    /// How many new nodes bucket `bucket` can take when nothing else is added, and which
    /// limits allow no more than that.
    ///
    /// - Complexity: O(number of limits the bucket draws on).
    public func headroom(of bucket: Int) -> (nodes: Int, binding: [Int]) {
        headroom(of: bucket, remaining: limits.map(\.remaining))
    }

    /// As `headroom(of:)`, against `remaining` in place of each limit's own remaining room.
    public func headroom(of bucket: Int, remaining: [Int]) -> (nodes: Int, binding: [Int]) {
        var nodes = Int.max
        var binding: [Int] = []
        for draw in buckets[bucket].draws {
            let allowed = remaining[draw.limit] / draw.units
            if allowed < nodes {
                nodes = allowed
                binding = [draw.limit]
            } else if allowed == nodes {
                binding.append(draw.limit)
            }
        }
        return (nodes == Int.max ? 0 : nodes, binding)
    }

    /// The buckets new nodes can come from.
    public var usableBuckets: [Bucket] {
        buckets.filter(\.isValid)
    }
}

import CycleCloudAPI

/// Writes a plan's `nodes/create` request bodies: one set per nodearray, machine type and
/// placement group, in plan order; requests of at most `maxNodesPerRequest` nodes, a set
/// split across requests when it is larger. Request ids are derived from the snapshot and
/// the sets, so the same plan always yields the same ids and a retried request is
/// recognised by CycleCloud as a duplicate.
public struct CreateRequestBatches: Sendable {
    /// The most nodes in one request.
    public var maxNodesPerRequest: Int
    /// A digest of the snapshot the plan was made for.
    public var snapshotDigest: String

    /// Creates a batcher.
    public init(maxNodesPerRequest: Int, snapshotDigest: String) {
        self.maxNodesPerRequest = max(1, maxNodesPerRequest)
        self.snapshotDigest = snapshotDigest
    }

    /// The requests that create exactly the nodes of `groups`.
    ///
    /// - Complexity: O(groups + requests).
    public func requests(for groups: [NodeGroup]) -> [NodeCreationRequest] {
        struct Key: Hashable {
            var nodearray: String
            var machineType: String
            var placementGroup: String?
        }
        var order: [Key] = []
        var counts: [Key: Int] = [:]
        for group in groups where group.count > 0 {
            let key = Key(
                nodearray: group.nodearray, machineType: group.machineType,
                placementGroup: group.placementGroup)
            if counts[key] == nil { order.append(key) }
            counts[key, default: 0] += group.count
        }

        var batches: [[NodeCreationRequestSet]] = [[]]
        var room = maxNodesPerRequest
        for key in order {
            var left = counts[key] ?? 0
            while left > 0 {
                if room == 0 {
                    batches.append([])
                    room = maxNodesPerRequest
                }
                let count = min(left, room)
                batches[batches.count - 1].append(
                    NodeCreationRequestSet(
                        nodearray: key.nodearray, count: count, machineType: key.machineType,
                        placementGroupId: key.placementGroup))
                left -= count
                room -= count
            }
        }
        let sets = batches.filter { !$0.isEmpty }
        let planDigest = Digest.hex(
            snapshotDigest + "|"
                + sets.map { batch in
                    batch.map {
                        "\($0.nodearray)/\($0.machineType ?? "")/\($0.placementGroupId ?? "")/\($0.count)"
                    }.joined(separator: ",")
                }.joined(separator: ";"))
        return sets.enumerated().map { index, batch in
            NodeCreationRequest(
                requestId: Digest.uuid(planDigest + "#\(index + 1)of\(sets.count)"), sets: batch)
        }
    }
}

/// Stable, non-cryptographic digests for naming things derived from content: two
/// independent 64-bit FNV-1a hashes.
public enum Digest {
    /// 32 hex digits for `text`.
    public static func hex(_ text: String) -> String {
        let (high, low) = hash(text)
        return hexDigits(high) + hexDigits(low)
    }

    /// `text`'s digest formatted like a UUID (8-4-4-4-12 hex digits).
    public static func uuid(_ text: String) -> String {
        let digits = Array(hex(text))
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(digits[$0]) }
        return parts.joined(separator: "-")
    }

    private static func hash(_ text: String) -> (UInt64, UInt64) {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01b3
        }
        return (first, second)
    }

    private static func hexDigits(_ value: UInt64) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: 16 - text.count) + text
    }
}

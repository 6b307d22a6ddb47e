import BerthPlanning
import CycleCloudAPI

/// Checks, before sending, that the live cluster still has the room a plan's requests need.
///
/// The cluster may have changed since the snapshot the plan was made from: other nodes
/// came, quota went elsewhere, a bucket had a capacity failure. CycleCloud then adds fewer
/// nodes than asked (which `PlanApplier` reports), so the check warns rather than fails.
public enum FitCheck {
    /// Warnings for the `requests` (those still to send) against the cluster's `status`:
    /// a bucket or nodearray that is gone, a limit with less room than the requests draw,
    /// an existing placement group too full for its new nodes.
    ///
    /// - Parameters:
    ///   - plan: with `workload`, also verified against the live cluster by `PlanVerifier`
    ///     (meaningful only before any of the plan was created; pass `nil` otherwise).
    /// - Complexity: O(sets × limits per bucket + limits), plus the verifier's when it runs.
    public static func warnings(
        for requests: [NodeCreationRequest], status: ClusterStatus, document: String,
        catalog: MachineCatalog, options: CapacityOptions, verifying plan: Plan? = nil,
        workload: Workload? = nil
    ) -> [String] {
        let model: CapacityModel
        do {
            model = try CapacityModel(
                status: status, document: document, catalog: catalog, options: options)
        } catch {
            return ["cannot check the plan against the live cluster: \(error)"]
        }
        var warnings: [String] = []
        var drawn = Array(repeating: 0, count: model.limits.count)
        var newInGroup: [Int: Int] = [:]
        var newGroups: [PlacementKey: (bucket: Int, nodes: Int)] = [:]
        for set in requests.flatMap(\.sets) {
            guard let bucket = bucket(of: set, in: model, warnings: &warnings) else { continue }
            for draw in model.buckets[bucket].draws {
                drawn[draw.limit] += draw.units * set.count
            }
            guard let name = set.placementGroupId else { continue }
            if let existing = model.buckets[bucket].placementGroups.first(where: {
                model.placementGroups[$0].name == name
            }) {
                newInGroup[existing, default: 0] += set.count
            } else {
                let key = PlacementKey(
                    nodearray: set.nodearray, machineType: set.machineType ?? "",
                    placementGroup: name)
                newGroups[key, default: (bucket, 0)].nodes += set.count
            }
        }

        for limit in model.limits where drawn[limit.index] > limit.remaining {
            warnings.append(
                "the live cluster has less room than the plan assumed: \(limit.name) has "
                    + "\(limit.remaining) \(limit.unit.rawValue) left, the requests to send "
                    + "need \(drawn[limit.index]); CycleCloud will add fewer nodes")
        }
        for (index, nodes) in newInGroup.sorted(by: { $0.key < $1.key }) {
            let group = model.placementGroups[index]
            if nodes > group.room {
                warnings.append(
                    "placement group \(group.name) has room for \(group.room) more node(s), "
                        + "the requests to send put \(nodes) there")
            }
        }
        let ordered = newGroups.sorted {
            ($0.key.placementGroup ?? "") < ($1.key.placementGroup ?? "")
        }
        for (key, entry) in ordered {
            let size = model.buckets[entry.bucket].newPlacementGroupSize
            if entry.nodes > size {
                warnings.append(
                    "placement group \(key.placementGroup ?? "") would get \(entry.nodes) nodes; "
                        + "a new group of \(model.buckets[entry.bucket].machineType) holds "
                        + "\(size)")
            }
        }
        if let plan, let workload {
            for violation in PlanVerifier(model: model, workload: workload).violations(of: plan) {
                warnings.append("the plan does not verify against the live cluster: \(violation)")
            }
        }
        return warnings
    }

    /// The bucket a set draws on, or `nil` with a warning when the live cluster has none
    /// that can take it.
    private static func bucket(
        of set: NodeCreationRequestSet, in model: CapacityModel, warnings: inout [String]
    ) -> Int? {
        let candidates = model.buckets.filter { bucket in
            bucket.nodearray == set.nodearray
                && (set.machineType.map { $0.lowercased() == bucket.machineType.lowercased() }
                    ?? true)
        }
        let name = "\(set.nodearray)/\(set.machineType ?? "any machine type")"
        guard let bucket = candidates.first(where: \.isValid) ?? candidates.first else {
            warnings.append(
                "the live cluster has no bucket \(name): CycleCloud will refuse the request")
            return nil
        }
        if !bucket.isValid {
            warnings.append(
                "bucket \(name) is not valid in the live cluster "
                    + "(\(bucket.invalidReason ?? "no reason given")): CycleCloud will refuse "
                    + "the request")
            return nil
        }
        return bucket.index
    }
}

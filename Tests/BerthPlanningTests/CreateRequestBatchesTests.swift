import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

@Suite struct CreateRequestBatchesTests {
    /// A node group as a plan file spells it.
    func group(
        _ id: String, _ nodearray: String, _ machineType: String, count: Int,
        placementGroup: String? = nil, job: String = "j"
    ) throws -> NodeGroup {
        let pg =
            placementGroup.map { #", "placementGroup": "\#($0)", "newPlacementGroup": true"# } ?? ""
        let json = """
            {"id": "\(id)", "nodearray": "\(nodearray)", "machineType": "\(machineType)",
             "bucketId": "\(nodearray)/\(machineType)", "count": \(count)\(pg),
             "load": [{"jobClass": "\(job)"}]}
            """
        return try JSONDocument.decode(NodeGroup.self, from: Data(json.utf8), document: "group")
    }

    /// Five groups: two of one set, two placement groups of one machine type, one other.
    func groups() throws -> [NodeGroup] {
        [
            try group("g1", "htc", "Standard_F4s_v2", count: 3, job: "a"),
            try group("g2", "htc", "Standard_F4s_v2", count: 2, job: "b"),
            try group("g3", "hpc", "Standard_HC44rs", count: 4, placementGroup: "pg-x"),
            try group("g4", "htc", "Standard_F8s_v2", count: 1),
            try group("g5", "hpc", "Standard_HC44rs", count: 2, placementGroup: "pg-y"),
        ]
    }

    func describe(_ requests: [NodeCreationRequest]) -> [String] {
        requests.map { request in
            request.sets.map { set in
                "\(set.nodearray)/\(set.machineType ?? "?")"
                    + (set.placementGroupId.map { " in \($0)" } ?? "") + " x\(set.count)"
            }.joined(separator: "; ")
        }
    }

    @Test("one set per nodearray, machine type and placement group, in plan order")
    func setsInPlanOrder() throws {
        let requests = CreateRequestBatches(maxNodesPerRequest: 500, snapshotDigest: "s")
            .requests(for: try groups())
        #expect(
            describe(requests) == [
                "htc/Standard_F4s_v2 x5; hpc/Standard_HC44rs in pg-x x4; htc/Standard_F8s_v2 x1; "
                    + "hpc/Standard_HC44rs in pg-y x2"
            ])
        #expect(requests[0].sets.allSatisfy { $0.nameFormat == nil && $0.nodeAttributes == nil })
    }

    @Test("a maximum of nodes per request splits the rest, a set across requests when needed")
    func splitting() throws {
        let requests = CreateRequestBatches(maxNodesPerRequest: 4, snapshotDigest: "s")
            .requests(for: try groups())
        #expect(
            describe(requests) == [
                "htc/Standard_F4s_v2 x4",
                "htc/Standard_F4s_v2 x1; hpc/Standard_HC44rs in pg-x x3",
                "hpc/Standard_HC44rs in pg-x x1; htc/Standard_F8s_v2 x1; hpc/Standard_HC44rs in pg-y x2",
            ])
        #expect(requests.map(\.nodeCount) == [4, 4, 4])
        let one = CreateRequestBatches(maxNodesPerRequest: 1, snapshotDigest: "s")
            .requests(for: try groups())
        #expect(one.count == 12 && one.allSatisfy { $0.nodeCount == 1 })
    }

    @Test(
        "requests add exactly the planned nodes, whatever the maximum per request",
        arguments: [1, 2, 3, 5, 7, 11, 12, 500])
    func requestsAddThePlannedNodes(_ maximum: Int) throws {
        let groups = try groups()
        let requests = CreateRequestBatches(maxNodesPerRequest: maximum, snapshotDigest: "s")
            .requests(for: groups)
        var planned: [String: Int] = [:]
        for group in groups {
            planned[
                "\(group.nodearray)/\(group.machineType)/\(group.placementGroup ?? "")", default: 0] +=
                group.count
        }
        var requested: [String: Int] = [:]
        for set in requests.flatMap(\.sets) {
            requested[
                "\(set.nodearray)/\(set.machineType ?? "")/\(set.placementGroupId ?? "")",
                default: 0] += set.count
        }
        #expect(requested == planned)
        #expect(requests.allSatisfy { !$0.sets.isEmpty && $0.nodeCount <= maximum })
        #expect(requests.flatMap(\.sets).allSatisfy { $0.count >= 1 })
        #expect(requests.count == (12 + maximum - 1) / maximum)
    }

    @Test("request ids are stable for one plan and snapshot, and change with either")
    func requestIds() throws {
        let groups = try groups()
        let first = CreateRequestBatches(maxNodesPerRequest: 4, snapshotDigest: "snapshot-1")
        let ids = first.requests(for: groups).compactMap(\.requestId)
        #expect(ids.count == 3 && Set(ids).count == 3)
        #expect(first.requests(for: groups).compactMap(\.requestId) == ids)
        let hexDigits = Set("0123456789abcdef")
        #expect(
            ids.allSatisfy { id in
                id.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12]
                    && id.allSatisfy { $0 == "-" || hexDigits.contains($0) }
            })

        let otherSnapshot = CreateRequestBatches(
            maxNodesPerRequest: 4, snapshotDigest: "snapshot-2"
        )
        .requests(for: groups).compactMap(\.requestId)
        #expect(Set(otherSnapshot).isDisjoint(with: ids))

        var changed = groups
        changed[0].count += 1
        let otherPlan = first.requests(for: changed).compactMap(\.requestId)
        #expect(Set(otherPlan).isDisjoint(with: ids))
    }

    @Test("a planned workload gets the same request ids twice, and others for another snapshot")
    func requestIdsThroughPlanning() throws {
        let status = cluster(
            nodearray("htc", bucket("Standard_F4s_v2", available: 20)),
            nodearray("hpc", bucket("Standard_HC44rs", available: 20).placementGroups(size: 6)))
        let jobs = [
            nodeJob("loose", nodes: 7),
            nodeJob(
                "mpi", nodes: 5, count: 2, colocated: true,
                require: Requirements(nodearrays: ["hpc"])),
        ]
        let once = try planAndVerify(status, jobs, maxNodesPerRequest: 4, snapshotDigest: "a")
        let twice = try planAndVerify(status, jobs, maxNodesPerRequest: 4, snapshotDigest: "a")
        let elsewhere = try planAndVerify(status, jobs, maxNodesPerRequest: 4, snapshotDigest: "b")
        #expect(once.createRequests == twice.createRequests)
        #expect(once.maxNodesPerRequest == 4)
        #expect(
            describe(once.createRequests) == [
                "htc/Standard_F4s_v2 x4",
                "htc/Standard_F4s_v2 x3; hpc/Standard_HC44rs in berth-Standard_HC44rs-1 x1",
                "hpc/Standard_HC44rs in berth-Standard_HC44rs-1 x4",
                "hpc/Standard_HC44rs in berth-Standard_HC44rs-2 x4",
                "hpc/Standard_HC44rs in berth-Standard_HC44rs-2 x1",
            ])
        #expect(elsewhere.createRequests.map(\.sets) == once.createRequests.map(\.sets))
        #expect(
            Set(elsewhere.createRequests.compactMap(\.requestId))
                .isDisjoint(with: once.createRequests.compactMap(\.requestId)))
    }

    @Test("a plan with no new nodes has no requests")
    func emptyPlan() throws {
        let requests = CreateRequestBatches(maxNodesPerRequest: 10, snapshotDigest: "s")
            .requests(for: [])
        #expect(requests.isEmpty)
    }
}

import BerthApply
import BerthPlanning
import CycleCloudAPI
import Foundation
import Testing

/// Which colocated jobs a short placement group can still run, and which nodes it strands.
@Suite struct StrandedGroupsTests {
    /// A plan with one placement group of 20 nodes: two 8-node jobs and one 4-node job.
    static let plan = """
        {"planner": "optimal", "snapshot": "s", "workload": "w", "maxNodesPerRequest": 500,
         "objective": {"weightedJobsPlaced": 3, "newVcpus": 2400, "newPlacementGroups": 1,
                       "jobsPlaced": 3, "newNodes": 22},
         "nodeGroups": [
           {"id": "g1", "nodearray": "hpc", "machineType": "Standard_HB120rs_v3",
            "bucketId": "b1", "placementGroup": "pg-a", "newPlacementGroup": true, "count": 16,
            "load": [{"jobClass": "cfd-8"}]},
           {"id": "g2", "nodearray": "hpc", "machineType": "Standard_HB120rs_v3",
            "bucketId": "b1", "placementGroup": "pg-a", "newPlacementGroup": true, "count": 4,
            "load": [{"jobClass": "small-4"}]},
           {"id": "g3", "nodearray": "hpc", "machineType": "Standard_HB120rs_v3",
            "bucketId": "b1", "count": 2, "load": [{"jobClass": "single"}]}],
         "jobs": [
           {"jobClass": "cfd-8", "priority": 1, "requested": 2, "placed": 2, "unplaced": [],
            "layouts": [{"jobs": 2, "nodes": [{"group": "g1", "nodes": 8}]}]},
           {"jobClass": "small-4", "priority": 1, "requested": 1, "placed": 1, "unplaced": [],
            "layouts": [{"jobs": 1, "nodes": [{"group": "g2", "nodes": 4}]}]},
           {"jobClass": "single", "priority": 1, "requested": 2, "placed": 2, "unplaced": [],
            "layouts": [{"jobs": 2, "nodes": [{"group": "g3", "nodes": 1}]}]}],
         "limits": [], "createRequests": []}
        """

    static func nodes(_ count: Int, group: String?) -> [ApplyJournal.CreatedNode] {
        (0..<count).map { index in
            ApplyJournal.CreatedNode(
                id: "id-\(group ?? "none")-\(index)", name: "hpc-\(index + 1)", nodearray: "hpc",
                machineType: "Standard_HB120rs_v3", placementGroup: group)
        }
    }

    @Test(
        "a short group runs the whole jobs that use the most of its nodes and strands the rest",
        arguments: [
            (13, [1, 1], 1), (20, [2, 1], 0), (4, [0, 1], 0), (3, [0, 0], 3), (0, [0, 0], 0),
            (19, [2, 0], 3), (12, [1, 1], 0),
        ])
    func shortGroup(created: Int, runnable: [Int], stranded: Int) throws {
        let plan = try JSONDocument.decode(Plan.self, from: Data(Self.plan.utf8), document: "p")
        let created = Self.nodes(created, group: "pg-a") + Self.nodes(1, group: nil)
        let groups = StrandedGroups.find(in: plan, created: created)
        if runnable == [2, 1] {
            #expect(groups.isEmpty)
            return
        }
        let group = try #require(groups.first)
        #expect(groups.count == 1)
        #expect(group.placementGroup == "pg-a" && group.plannedNodes == 20)
        #expect(group.jobs.map(\.jobClass) == ["cfd-8", "small-4"])
        #expect(group.jobs.map(\.runnable) == runnable)
        #expect(group.strandedNodes.count == stranded)
        // The nodes created last are the stranded ones.
        #expect(
            group.strandedNodeIds
                == created.filter { $0.placementGroup != nil }.suffix(stranded).map(\.id))
    }

    @Test("nodes already terminated mark the group as terminated")
    func terminated() throws {
        let plan = try JSONDocument.decode(Plan.self, from: Data(Self.plan.utf8), document: "p")
        let created = Self.nodes(3, group: "pg-a")
        let groups = StrandedGroups.find(
            in: plan, created: created, terminated: Set(created.map(\.id)))
        #expect(groups.first?.terminated == true)
    }
}

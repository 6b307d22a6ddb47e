import BerthEmulator
import CycleCloudAPI
import Foundation
import Testing

@Suite struct EmulatorCapacityTests {
    @Test("a create beyond the family quota adds what fits and says which limit stopped it")
    func beyondRoom() async throws {
        try await withEmulator { harness in
            let outcome = try await harness.client.createNodes(
                createRequest("htc", 30, machineType: "Standard_F4s_v2"))
            let set = try #require(outcome.sets?.first)
            #expect(set.added == 20)
            let message = try #require(set.message)
            #expect(message.contains("20 of 30"))
            #expect(message.contains("standardFSv2Family quota in westus2"))
            #expect(outcome.nodes?.count == 20)
        }
    }

    @Test("the consumption shows on every bucket that shares the family, region or nodearray")
    func sharedConsumption() async throws {
        try await withEmulator { harness in
            _ = try await harness.client.createNodes(
                createRequest("htc", 20, machineType: "Standard_F4s_v2"))
            let status = try await harness.client.clusterStatus()
            let buckets = Dictionary(
                uniqueKeysWithValues: status.nodearrays.flatMap { array in
                    array.buckets.map { ("\(array.name)/\($0.machineType ?? "")", $0) }
                })
            let f4 = try #require(buckets["htc/Standard_F4s_v2"])
            #expect(f4.activeCount == 22 && f4.activeCoreCount == 88)
            #expect(f4.familyConsumedCoreCount == 100 && f4.availableCount == 0)
            #expect(f4.regionalConsumedCoreCount == 180)

            // Same family, other nodearray: its room is gone, its own active count is not.
            let f8 = try #require(buckets["batch/Standard_F8s_v2"])
            #expect(f8.familyConsumedCoreCount == 100 && f8.consumedCoreCount == 100)
            #expect(f8.availableCount == 0 && f8.availableCoreCount == 0)
            #expect(f8.activeCount == 0)

            // Same nodearray and region, other family: the nodearray's count binds it now.
            let d4 = try #require(buckets["htc/Standard_D4s_v3"])
            #expect(d4.familyConsumedCoreCount == 0 && d4.regionalConsumedCoreCount == 180)
            #expect(d4.availableCount == 10)

            let hb = try #require(buckets["hpc/Standard_HB120rs_v3"])
            #expect(hb.regionalConsumedCoreCount == 180)

            // The spot quota is a pool of its own.
            let spot = try #require(buckets["spot/Standard_F4s_v2"])
            #expect(spot.regionalConsumedCoreCount == 8 && spot.availableCount == 8)
            #expect(spot.familyQuotaCoreCount == 0)
        }
    }

    @Test("without a family map every machine type has a family quota of its own")
    func ownFamilies() async throws {
        try await withEmulator(configuration: configured { $0.machineFamilies = [:] }) { harness in
            // Without a family map every machine type is its own family.
            _ = try await harness.client.createNodes(
                createRequest("batch", 10, machineType: "Standard_F8s_v2"))
            let f4 = try harness.bucket("htc", "Standard_F4s_v2")
            #expect(f4.familyConsumedCoreCount == 20)
            #expect(f4.availableCount == 20)
        }
    }

    @Test("spot creates draw on the regional spot quota and leave the others alone")
    func spotQuota() async throws {
        try await withEmulator { harness in
            let outcome = try await harness.client.createNodes(createRequest("spot", 10))
            #expect(outcome.sets?.first?.added == 8)
            #expect(outcome.sets?.first?.message?.contains("regional spot quota") == true)
            let spot = try harness.bucket("spot", "Standard_F4s_v2")
            #expect(spot.regionalConsumedCoreCount == 40 && spot.availableCount == 0)
            #expect(try harness.bucket("htc", "Standard_F4s_v2").familyConsumedCoreCount == 20)
            #expect(outcome.nodes?.allSatisfy { $0.isInterruptible == true } == true)
        }
    }

    @Test("placement groups fill to maxPlacementGroupSize and a new name makes a new group")
    func placementGroups() async throws {
        try await withEmulator { harness in
            let first = try await harness.client.createNodes(
                createRequest("hpc", 5, placementGroup: "pg-a"))
            #expect(first.sets?.first?.added == 3)
            #expect(first.sets?.first?.message?.contains("placement group pg-a") == true)
            let second = try await harness.client.createNodes(
                createRequest("hpc", 2, placementGroup: "pg-b"))
            #expect(second.sets?.first?.added == 2)
            #expect(second.nodes?.allSatisfy { $0.placementGroupId == "pg-b" } == true)

            let bucket = try harness.bucket("hpc", "Standard_HB120rs_v3")
            #expect(
                bucket.placementGroups == [
                    PlacementGroupStatus(name: "pg-a", activeCount: 3, activeCoreCount: 360),
                    PlacementGroupStatus(name: "pg-b", activeCount: 2, activeCoreCount: 240),
                ])
            #expect(bucket.maxPlacementGroupSize == 3 && bucket.maxPlacementGroupCoreSize == 360)
            #expect(bucket.activeCount == 5 && bucket.availableCount == 5)
        }
    }

    @Test("a set without a definition takes the first valid bucket that fits")
    func defaultBucket() async throws {
        try await withEmulator { harness in
            let small = try await harness.client.createNodes(createRequest("htc", 5))
            #expect(small.nodes?.allSatisfy { $0.machineType == "Standard_F4s_v2" } == true)
            _ = try await harness.client.createNodes(
                createRequest("htc", 13, machineType: "Standard_F4s_v2"))
            // Standard_F4s_v2 has room for 2 now, Standard_D4s_v3 for 10.
            let large = try await harness.client.createNodes(createRequest("htc", 4))
            #expect(large.nodes?.allSatisfy { $0.machineType == "Standard_D4s_v3" } == true)
            #expect(large.sets?.first?.added == 4)
        }
    }

    @Test(
        "invalid create requests are refused whole with 409 and an error body",
        arguments: [
            (#"{"sets":[]}"#, "at least one set"),
            (#"{"sets":[{"nodearray":"gpu","count":1}]}"#, "Unknown nodearray gpu"),
            (#"{"sets":[{"nodearray":"htc","count":0}]}"#, "count must be at least 1"),
            (
                #"{"sets":[{"nodearray":"htc","count":1,"definition":{"machineType":"Standard_X9"}}]}"#,
                "MachineType Standard_X9 is not recognized"
            ),
            (
                #"{"sets":[{"nodearray":"htc","count":1},{"nodearray":"nope","count":1}]}"#,
                "sets[1]: Unknown nodearray"
            ),
        ])
    func invalidCreates(body: String, expected: String) async throws {
        try await withEmulator { harness in
            let answer = try await rawRequest(
                harness.server, method: "POST", path: "/clusters/demo/nodes/create",
                body: Data(body.utf8))
            #expect(answer.status == 409)
            let error = try JSONDecoder().decode(APIErrorBody.self, from: answer.body)
            #expect(error.message?.contains(expected) == true, "\(error)")
            #expect(error.exception != nil && error.detail != nil)
            #expect(try harness.bucket("htc", "Standard_F4s_v2").activeCount == 2)
        }
    }

    @Test("a repeated request id is refused with 409 and creates nothing more")
    func repeatedRequestId() async throws {
        try await withEmulator { harness in
            let body = try JSONDocument.encode(createRequest("htc", 2, requestId: "same"))
            let first = try await rawRequest(
                harness.server, method: "POST", path: "/clusters/demo/nodes/create", body: body)
            #expect(first.status == 202)
            #expect(first.headers.contains { $0.key.lowercased() == "location" })
            let second = try await rawRequest(
                harness.server, method: "POST", path: "/clusters/demo/nodes/create", body: body)
            #expect(second.status == 409)
            #expect(try harness.bucket("htc", "Standard_F4s_v2").activeCount == 4)
        }
    }

    @Test("names take the lowest free index, and nameFormat with nameOffset is honoured")
    func naming() async throws {
        try await withEmulator { harness in
            _ = try await harness.client.terminateNodes(NodeManagementRequest(names: ["htc-1"]))
            let reused = try await harness.client.createNodes(createRequest("htc", 2))
            #expect(reused.nodes?.compactMap(\.name) == ["htc-1", "htc-3"])

            var set = NodeCreationRequestSet(nodearray: "batch", count: 2)
            set.nameFormat = "render-%d"
            set.nameOffset = 10
            let custom = try await harness.client.createNodes(
                NodeCreationRequest(requestId: nil, sets: [set]))
            #expect(custom.nodes?.compactMap(\.name) == ["render-11", "render-12"])
        }
    }

    @Test("the documentation's example status is what the emulator's formula computes")
    func documentedExample() throws {
        let path = fixturePath("docs-use-rest-api-cluster-status.json")
        let snapshot = try JSONDocument.load(ClusterStatus.self, path: path)
        let emulator = try Emulator(snapshot: snapshot)
        let computed = emulator.status(includeNodes: false).nodearrays[0].buckets
        for (given, made) in zip(snapshot.nodearrays[0].buckets, computed) {
            #expect(made.maxCount == given.maxCount)
            #expect(made.maxCoreCount == given.maxCoreCount)
            #expect(made.availableCount == given.availableCount)
            #expect(made.availableCoreCount == given.availableCoreCount)
            #expect(made.quotaCount == given.quotaCount)
            #expect(made.quotaCoreCount == given.quotaCoreCount)
            #expect(made.consumedCoreCount == given.consumedCoreCount)
            #expect(made.maxPlacementGroupCoreSize == given.maxPlacementGroupCoreSize)
        }
    }
}

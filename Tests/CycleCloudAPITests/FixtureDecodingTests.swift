import CycleCloudAPI
import Foundation
import Testing

/// The directory of API bodies captured from documentation and issues, or built to the
/// documented invariants (see its README for the provenance of each).
let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures")

func fixture(_ name: String) throws -> Data {
    try Data(contentsOf: fixtures.appendingPathComponent(name))
}

/// Decodes `name` as `T`, encodes it again, and checks that the JSON written back carries
/// the same values as the fixture.
func roundTrip<T: Codable & Equatable>(_ type: T.Type, _ name: String) throws -> T {
    let data = try fixture(name)
    let value = try JSONDocument.decode(type, from: data, document: name)
    let encoded = try JSONDocument.encode(value)
    #expect(try JSONDocument.decode(type, from: encoded, document: "re-encoded") == value)
    let original = try JSONDecoder().decode(JSONValue.self, from: data)
    let written = try JSONDecoder().decode(JSONValue.self, from: encoded)
    #expect(written == original, "\(name) does not encode back to the same JSON")
    #expect(!String(decoding: encoded, as: UTF8.self).contains("null"))
    return value
}

@Suite struct FixtureDecodingTests {
    @Test("the documentation's cluster status decodes and encodes back the same")
    func documentedStatus() throws {
        let status = try roundTrip(ClusterStatus.self, "docs-use-rest-api-cluster-status.json")
        #expect(status.nodearrays.map(\.name) == ["ondemand"])
        let buckets = status.nodearrays[0].buckets
        #expect(buckets.map(\.machineType) == ["Standard_Fs32_v2", "Standard_Hc44rs"])
        #expect(buckets[1].virtualMachine.memory == 327.83)
        #expect(buckets[1].virtualMachine.infiniband == true)
        #expect(buckets[0].invalidReason == nil && buckets[0].isValid)
        #expect(status.nodes == nil)
    }

    @Test("a synthetic status with every field and node records decodes and round-trips")
    func syntheticStatus() throws {
        let status = try roundTrip(ClusterStatus.self, "synthetic-cluster-status-nodes-true.json")
        #expect(status.nodearrays.count == 2)
        let hpc = status.nodearrays[0]
        #expect(hpc.region == "westus2")
        #expect(hpc.maxScaleSetSize == 100)
        #expect(!hpc.isInterruptible)
        #expect(status.nodearrays[1].isInterruptible)
        let bucket = hpc.buckets[0]
        #expect(bucket.familyQuotaCoreCount == 1200)
        #expect(bucket.regionalConsumedCoreCount == 500)
        #expect(bucket.placementGroups?.first?.name == "Standard_HB120rs_v3_pg0")
        #expect(bucket.virtualMachine.vcpuQuotaCount == 120)
        #expect(bucket.virtualMachine.gpuCount == 0)
        #expect(!bucket.hasCapacityFailure)
        #expect(status.nodearrays[1].buckets[0].hasCapacityFailure)
        #expect(status.nodearrays[1].buckets[1].invalidReason == "DisabledMachineType")
        let node = try #require(status.nodes?.first { $0.name == "hpc-2" })
        #expect(node.status == "Preparing")
        #expect(node.placementGroupId == "Standard_HB120rs_v3_pg0")
        #expect(node.attributes["Configuration"]?["autoscale"] != nil)
    }

    @Test("create requests, results, node lists and management bodies round-trip")
    func otherBodies() throws {
        let request = try roundTrip(
            NodeCreationRequest.self, "docs-use-rest-api-create-nodes-request.json")
        #expect(request.sets == [NodeCreationRequestSet(nodearray: "ondemand", count: 1)])
        let grouped = try roundTrip(
            NodeCreationRequest.self, "docs-use-rest-api-create-nodes-placement-group-request.json")
        #expect(grouped.sets[0].placementGroupId == "pg0")
        #expect(grouped.sets[0].machineType == "Standard_Hc44rs")
        #expect(grouped.nodeCount == 4)
        let created = try roundTrip(
            NodeCreationResult.self, "docs-use-rest-api-create-nodes-response.json")
        #expect(created.sets.map(\.added) == [1])
        let partial = try roundTrip(
            NodeCreationResult.self, "synthetic-create-nodes-partial-response.json")
        #expect(partial.sets[0].message != nil && partial.sets[1].message == nil)
        let list = try roundTrip(NodeList.self, "docs-api-node-list-response.json")
        #expect(list.nodes == [NodeRecord()])
        #expect(list.operation?.startTime == "2020-01-01T12:34:56Z")
        let byOperation = try roundTrip(NodeList.self, "synthetic-node-list-by-operation.json")
        #expect(byOperation.operation?.action == "create")
        #expect(byOperation.nodes.compactMap(\.name) == ["hpc-1", "hpc-2"])
        _ = try roundTrip(OperationStatus.self, "docs-api-operation-status.json")
        let operations = try roundTrip([OperationStatus].self, "docs-api-operations-list.json")
        #expect(operations.count == 1)
        let manage = try roundTrip(
            NodeManagementRequest.self, "docs-api-node-management-request.json")
        #expect(manage.ipAddresses == ["10.0.1.1", "10.1.1.2"])
        _ = try roundTrip(NodeManagementRequest.self, "docs-use-rest-api-terminate-request.json")
        _ = try roundTrip(NodeManagementResult.self, "docs-use-rest-api-terminate-response.json")
        let mixed = try roundTrip(
            NodeManagementResult.self, "synthetic-node-management-result-mixed.json")
        #expect(mixed.nodes.map(\.status) == ["OK", "Error"])
        let error = try roundTrip(APIErrorBody.self, "azhop-issue221-error-body.json")
        #expect(error.message == "MachineType Standard_HC44rs is not recognized")
    }

    @Test("the verbatim documentation example fails with where it is truncated")
    func truncatedExample() throws {
        let data = try fixture("docs-use-rest-api-cluster-status.verbatim.txt")
        let lines = String(decoding: data, as: UTF8.self).split(
            separator: "\n", omittingEmptySubsequences: false)
        do {
            _ = try JSONDocument.decode(ClusterStatus.self, from: data, document: "verbatim.txt")
            Issue.record("the truncated example decoded")
        } catch {
            #expect(error.document == "verbatim.txt")
            #expect(error.location == "line \(lines.count), column 1")
            #expect(error.problem.contains("ends early"))
            #expect(error.problem.contains("missing ] }"))
        }
    }

    @Test("unknown keys are ignored, absent optional fields stay absent")
    func unknownKeys() throws {
        let json = """
            {"nodearrays": [{"name": "a", "someFutureField": 3, "buckets": [{
              "bucketId": "b", "maxCount": 1, "maxCoreCount": 2, "activeCount": 0,
              "activeCoreCount": 0, "availableCount": 1, "availableCoreCount": 2,
              "brandNew": {"x": 1}, "virtualMachine": {"vcpuCount": 2}}]}]}
            """
        let status = try JSONDocument.decode(
            ClusterStatus.self, from: Data(json.utf8), document: "inline")
        let bucket = status.nodearrays[0].buckets[0]
        #expect(bucket.placementGroups == nil && bucket.virtualMachine.memory == nil)
        let encoded = String(decoding: try JSONDocument.encode(status), as: UTF8.self)
        #expect(!encoded.contains("null") && !encoded.contains("placementGroups"))
    }
}

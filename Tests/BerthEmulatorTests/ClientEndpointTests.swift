import BerthEmulator
import CycleCloudAPI
import Foundation
import Testing

@Suite struct ClientEndpointTests {
    @Test("the status comes without node records unless they are asked for")
    func status() async throws {
        try await withEmulator { harness in
            let plain = try await harness.client.clusterStatus()
            #expect(plain.nodes == nil)
            #expect(plain.nodearrays.map(\.name) == ["htc", "batch", "hpc", "spot"])
            #expect(plain.nodearrays[0].buckets[0].activeNodes == nil)

            let full = try await harness.client.clusterStatus(includeNodes: true)
            let names = try #require(full.nodes).compactMap(\.name)
            #expect(names == ["htc-1", "htc-2"])
            #expect(full.nodearrays[0].buckets[0].activeNodes == ["htc-1", "htc-2"])
        }
    }

    @Test("a create is answered per set and its nodes resolve by operation and by request id")
    func createAndList() async throws {
        try await withEmulator { harness in
            let outcome = try await harness.client.createNodes(
                createRequest("htc", 3, machineType: "Standard_F4s_v2", requestId: "req-1"))
            #expect(outcome.sets == [NodeCreationResultSet(added: 3)])
            #expect(!outcome.wasRecovered && outcome.attempts == 1)
            let nodes = try #require(outcome.nodes)
            #expect(nodes.compactMap(\.name) == ["htc-3", "htc-4", "htc-5"])
            #expect(nodes.allSatisfy { $0.requestId == "req-1" && $0.template == "htc" })
            #expect(nodes.allSatisfy { $0.machineType == "Standard_F4s_v2" })
            #expect(nodes.allSatisfy { $0.status == "Ready" && $0.targetState == "Started" })

            let operationId = try #require(outcome.operationId)
            let byOperation = try await harness.client.nodes(operationId: operationId)
            #expect(byOperation.nodes.compactMap(\.nodeId) == nodes.compactMap(\.nodeId))
            #expect(byOperation.operation?.action == "create")
            let byRequest = try await harness.client.nodes(requestId: "req-1")
            #expect(byRequest.nodes.compactMap(\.name) == ["htc-3", "htc-4", "htc-5"])
            #expect(byRequest.operation?.operationId == operationId)

            let all = try await harness.client.nodes()
            #expect(all.nodes.count == 5)
            #expect(all.operation == nil)
        }
    }

    @Test("operations list, resolve by id and by request id, and unknown ones are not found")
    func operations() async throws {
        try await withEmulator { harness in
            let first = try await harness.client.createNodes(
                createRequest("htc", 1, requestId: "op-a"))
            _ = try await harness.client.terminateNodes(
                NodeManagementRequest(names: ["htc-1"], requestId: "op-b"))

            let all = try await harness.client.operations()
            #expect(all.compactMap(\.requestId) == ["op-a", "op-b"])
            #expect(all.compactMap(\.action) == ["create", "terminate"])
            #expect(all.allSatisfy { $0.startTime?.hasSuffix("Z") == true })

            let byRequest = try await harness.client.operations(requestId: "op-b")
            #expect(byRequest.count == 1 && byRequest[0].action == "terminate")
            #expect(try await harness.client.operations(requestId: "nothing").isEmpty)

            let operationId = try #require(first.operationId)
            let one = try await harness.client.operation(id: operationId)
            #expect(one.requestId == "op-a")

            await #expect {
                _ = try await harness.client.operation(id: "no-such-operation")
            } throws: { error in
                (error as? CycleCloudClientError)?.status == 404
            }
            await #expect {
                _ = try await harness.client.nodes(requestId: "never-sent")
            } throws: { error in
                (error as? CycleCloudClientError)?.isUnknownRequestId == true
            }
        }
    }

    @Test("an operations answer that is a single object is read as a list of one")
    func operationsAsObject() async throws {
        let transport = ScriptedTransport([
            .answer(200, #"{"action":"create","startTime":"2020-01-01T12:34:56Z"}"#)
        ])
        let client = try scriptedClient(transport)
        let found = try await client.operations(requestId: "x")
        #expect(found == [OperationStatus(action: "create", startTime: "2020-01-01T12:34:56Z")])
        #expect(transport.paths == ["GET /operations/?request_id=x"])
    }

    @Test("terminate, remove, deallocate, shutdown and start each report every node they touch")
    func management() async throws {
        try await withEmulator { harness in
            _ = try await harness.client.createNodes(createRequest("batch", 2))
            let client = harness.client

            let deallocated = try await client.deallocateNodes(
                NodeManagementRequest(names: ["batch-1"]))
            #expect(deallocated.nodes.map(\.status) == ["OK"])
            #expect(try harness.bucket("batch", "Standard_F8s_v2").activeCount == 1)

            let started = try await client.startNodes(
                NodeManagementRequest(names: ["batch-1", "batch-2"]))
            #expect(started.nodes.map(\.status) == ["OK", "Error"])
            #expect(started.nodes[1].error?.contains("already started") == true)
            #expect(try harness.bucket("batch", "Standard_F8s_v2").activeCount == 2)

            // batch's ShutdownPolicy is Deallocate, so shutdown keeps the node.
            let shut = try await client.shutdownNodes(NodeManagementRequest(names: ["batch-2"]))
            #expect(shut.nodes.map(\.name) == ["batch-2"])
            let afterShutdown = try await client.nodes().nodes.first { $0.name == "batch-2" }
            #expect(afterShutdown?.targetState == "Deallocated")

            let terminated = try await client.terminateNodes(
                NodeManagementRequest(names: ["htc-1"]))
            #expect(terminated.nodes.map(\.name) == ["htc-1"])
            let removed = try await client.removeNodes(NodeManagementRequest(names: ["batch-2"]))
            #expect(removed.nodes.map(\.status) == ["OK"])
            let names = try await client.nodes().nodes.compactMap(\.name)
            #expect(names == ["htc-2", "batch-1"])

            try await client.retryFailedNodes()
        }
    }

    @Test("a cluster other than the emulated one is not found")
    func unknownCluster() async throws {
        try await withEmulator { harness in
            let connection = try CycleCloudConnection(
                url: harness.server.url, clusterName: "other",
                credentials: CycleCloudCredentials(username: "u", password: "p"))
            let client = try CycleCloudClient(connection: connection, retryPolicy: .immediate)
            await #expect {
                _ = try await client.clusterStatus()
            } throws: { error in
                guard case .server(let call, 404, let body, _) = error as? CycleCloudClientError
                else { return false }
                return call.path == "/clusters/other/status"
                    && body?.message == "Cluster other not found"
            }
        }
    }
}

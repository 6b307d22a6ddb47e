import BerthEmulator
import CycleCloudAPI
import Foundation
import Testing

@Suite struct EmulatorLifecycleTests {
    private func node(_ harness: Harness, _ name: String) async throws -> NodeRecord? {
        try await harness.client.nodes().nodes.first { $0.name == name }
    }

    @Test("a new node goes from Acquiring to Preparing to Ready as the clock moves")
    func boot() async throws {
        let clock = ManualClock()
        try await withEmulator(
            configuration: configured {
                $0.clock = clock
                $0.lifecycle = LifecycleTimings(
                    acquiring: 30, preparing: 60, terminating: 20, deallocating: 10)
            }
        ) { harness in
            _ = try await harness.client.createNodes(createRequest("hpc", 1))
            let acquiring = try #require(try await node(harness, "hpc-1"))
            #expect(acquiring.status == "Acquiring" && acquiring.targetState == "Started")
            #expect(acquiring.instanceId == nil && acquiring.privateIp == nil)
            #expect(try harness.bucket("hpc", "Standard_HB120rs_v3").activeCount == 1)

            clock.advance(by: 30)
            let preparing = try #require(try await node(harness, "hpc-1"))
            #expect(preparing.status == "Preparing")
            #expect(preparing.instanceId != nil && preparing.privateIp != nil)
            #expect(preparing.hostname == "hpc-1")

            clock.advance(by: 60)
            #expect(try await node(harness, "hpc-1")?.status == "Ready")
        }
    }

    @Test("terminating a node frees its room at once and removes it after the delay")
    func terminate() async throws {
        let clock = ManualClock()
        try await withEmulator(
            configuration: configured {
                $0.clock = clock
                $0.lifecycle = .booting(seconds: 40)
            }
        ) { harness in
            let result = try await harness.client.terminateNodes(
                NodeManagementRequest(names: ["htc-1"]))
            #expect(result.nodes.map(\.status) == ["OK"])
            let terminating = try #require(try await node(harness, "htc-1"))
            #expect(terminating.status == "Terminating" && terminating.targetState == "Terminated")
            let bucket = try harness.bucket("htc", "Standard_F4s_v2")
            #expect(bucket.activeCount == 1 && bucket.familyConsumedCoreCount == 16)

            clock.advance(by: 20)
            #expect(try await node(harness, "htc-1") == nil)
        }
    }

    @Test("a Fixed node is Off after termination and can be started again")
    func fixedNode() async throws {
        let clock = ManualClock()
        try await withEmulator(
            configuration: configured {
                $0.clock = clock
                $0.lifecycle = .booting(seconds: 10)
            }
        ) { harness in
            var set = NodeCreationRequestSet(nodearray: "htc", count: 1)
            set.nodeAttributes = NodeRecord(["Fixed": .bool(true)])
            _ = try await harness.client.createNodes(
                NodeCreationRequest(requestId: nil, sets: [set]))
            _ = try await harness.client.terminateNodes(NodeManagementRequest(names: ["htc-3"]))
            clock.advance(by: 5)
            let off = try #require(try await node(harness, "htc-3"))
            #expect(off.status == "Off" && off.targetState == "Terminated")

            _ = try await harness.client.startNodes(NodeManagementRequest(names: ["htc-3"]))
            #expect(try await node(harness, "htc-3")?.status == "Acquiring")
            clock.advance(by: 10)
            #expect(try await node(harness, "htc-3")?.status == "Ready")

            _ = try await harness.client.removeNodes(NodeManagementRequest(names: ["htc-3"]))
            clock.advance(by: 5)
            #expect(try await node(harness, "htc-3") == nil)
        }
    }

    @Test("a deallocated node leaves the active count, and start brings it back by id")
    func deallocateAndStart() async throws {
        let clock = ManualClock()
        try await withEmulator(
            configuration: configured {
                $0.clock = clock
                $0.lifecycle = .booting(seconds: 8)
            }
        ) { harness in
            let nodeId = try #require(try await node(harness, "htc-2")?.nodeId)
            _ = try await harness.client.deallocateNodes(NodeManagementRequest(ids: [nodeId]))
            #expect(try await node(harness, "htc-2")?.status == "Deallocating")
            #expect(try harness.bucket("htc", "Standard_F4s_v2").activeCount == 1)
            clock.advance(by: 4)
            let deallocated = try #require(try await node(harness, "htc-2"))
            #expect(deallocated.status == "Deallocated" && deallocated.targetState == "Deallocated")

            _ = try await harness.client.startNodes(NodeManagementRequest(ids: [nodeId]))
            #expect(try await node(harness, "htc-2")?.targetState == "Started")
            #expect(try harness.bucket("htc", "Standard_F4s_v2").activeCount == 2)
        }
    }

    @Test("nodes can be named by hostname and IP address, and a filter is refused")
    func selectors() async throws {
        try await withEmulator { harness in
            let nodes = try await harness.client.nodes().nodes
            let address = try #require(nodes[1].privateIp)
            let result = try await harness.client.deallocateNodes(
                NodeManagementRequest(hostnames: ["HTC-1"], ipAddresses: [address]))
            #expect(result.nodes.map(\.name) == ["htc-1", "htc-2"])

            await #expect {
                _ = try await harness.client.terminateNodes(
                    NodeManagementRequest(filter: "State === \"Started\""))
            } throws: { error in
                (error as? CycleCloudClientError)?.status == 409
            }
        }
    }
}

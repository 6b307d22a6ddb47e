import BerthEmulator
import CycleCloudAPI
import Foundation
import Testing

@Suite struct FaultInjectionTests {
    private func isLookup(_ event: CycleCloudClientEvent) -> Bool {
        if case .lookingUpRequest = event { return true }
        return false
    }

    private func isRetry(_ event: CycleCloudClientEvent) -> Bool {
        if case .retrying = event { return true }
        return false
    }

    @Test("creates that fail with 500 or 503 are looked up, retried, and made exactly once")
    func failingCreates() async throws {
        // A fixed seed: the draws, and so the failures met, are the same on every run.
        let seed: UInt64 = 2026
        let policy = RetryPolicy(
            maxAttempts: 40, baseDelay: .zero, maxDelay: .zero, jitter: 0, sleep: { _ in })
        try await withEmulator(
            configuration: configured {
                $0.seed = seed
                $0.faults.failureRates = [.create: 0.5]
            }, retryPolicy: policy
        ) { harness in
            for index in 1...8 {
                let outcome = try await harness.client.createNodes(
                    createRequest("htc", 2, requestId: "flaky-\(index)"))
                #expect(outcome.addedCount == 2, "seed \(seed)")
                #expect(outcome.nodes?.count == 2, "seed \(seed)")
            }
            for index in 1...8 {
                let made = try await harness.client.nodes(requestId: "flaky-\(index)")
                #expect(made.nodes.count == 2, "seed \(seed), request flaky-\(index)")
            }
            let names = try await harness.client.nodes().nodes.compactMap(\.name)
            #expect(names.count == 18 && Set(names).count == 18, "seed \(seed)")
            #expect(try await harness.client.operations().count == 8, "seed \(seed)")
            let failures = harness.events.count(where: isLookup)
            #expect(failures > 0, "seed \(seed): no injected failure was met")
        }
    }

    @Test("reads that fail with 500 or 503 are retried until they succeed")
    func failingReads() async throws {
        try await withEmulator(
            configuration: configured {
                $0.seed = 7
                $0.faults.failureRates = [.status: 0.6, .operations: 0.6]
            },
            retryPolicy: RetryPolicy(
                maxAttempts: 20, baseDelay: .zero, maxDelay: .zero, sleep: { _ in })
        ) { harness in
            for _ in 0..<5 {
                let status = try await harness.client.clusterStatus()
                #expect(status.nodearrays.count == 4)
                _ = try await harness.client.operations()
            }
            #expect(harness.events.count(where: isRetry) > 0)
        }
    }

    @Test(
        "a create whose answer is lost after it took effect is found by its request id, not repeated",
        arguments: [FaultInjection.DropMode.closeConnection, .badGateway])
    func droppedAnswers(mode: FaultInjection.DropMode) async throws {
        try await withEmulator(
            configuration: configured {
                $0.faults.dropCreateResponseRate = 1
                $0.faults.dropMode = mode
            }
        ) { harness in
            let outcome = try await harness.client.createNodes(
                createRequest("batch", 3, requestId: "lost-answer"))
            #expect(outcome.wasRecovered)
            #expect(outcome.sets == nil)
            #expect(outcome.nodes?.compactMap(\.name) == ["batch-1", "batch-2", "batch-3"])
            #expect(outcome.operationId != nil)
            #expect(harness.events.count(where: isLookup) >= 1)

            let operations = try await harness.client.operations()
            #expect(operations.count == 1)
            #expect(try harness.bucket("batch", "Standard_F8s_v2").activeCount == 3)
        }
    }

    @Test("a create that times out is reported as unknown, never as failed, and is found later")
    func timeouts() async throws {
        let policy = RetryPolicy(
            maxAttempts: 2, baseDelay: .zero, maxDelay: .zero, jitter: 0, sleep: { _ in })
        try await withEmulator(
            configuration: configured { $0.faults.latency = 1.6 }, retryPolicy: policy, timeout: 1
        ) { harness in
            await #expect {
                _ = try await harness.client.createNodes(
                    createRequest("htc", 2, requestId: "slow-create"))
            } throws: { error in
                guard
                    case .createOutcomeUnknown(let requestId, let cause) =
                        error as? CycleCloudClientError
                else { return false }
                return requestId == "slow-create" && cause.category == .temporary
                    && "\(error)".contains("nodes?request_id=slow-create")
            }

            let patient = try CycleCloudClient(
                connection: CycleCloudConnection(
                    url: harness.server.url, clusterName: "demo",
                    credentials: CycleCloudCredentials(username: "u", password: "p"),
                    requestTimeout: 10),
                retryPolicy: .immediate)
            let found = try await patient.nodes(requestId: "slow-create")
            #expect(found.nodes.count == 2)
        }
    }

    @Test("a capacity failure adds no node, says why, and shows in lastCapacityFailure")
    func capacityFailure() async throws {
        let clock = ManualClock()
        try await withEmulator(
            configuration: configured {
                $0.clock = clock
                $0.faults.capacityFailures = ["standard_hb120rs_v3"]
            }
        ) { harness in
            #expect(try harness.bucket("hpc", "Standard_HB120rs_v3").lastCapacityFailure == -1)
            let outcome = try await harness.client.createNodes(createRequest("hpc", 2))
            let set = try #require(outcome.sets?.first)
            #expect(set.added == 0)
            #expect(set.message?.contains("no capacity for Standard_HB120rs_v3") == true)
            #expect(outcome.nodes == [])

            clock.advance(by: 30)
            let bucket = try harness.bucket("hpc", "Standard_HB120rs_v3")
            #expect(bucket.lastCapacityFailure == 30)
            #expect(bucket.hasCapacityFailure && bucket.activeCount == 0)
            #expect(try harness.bucket("htc", "Standard_F4s_v2").lastCapacityFailure == -1)
        }
    }

    @Test("capacity failures can name a bucket by its id")
    func capacityFailureByBucketId() async throws {
        try await withEmulator(
            configuration: configured {
                $0.faults.capacityFailures = ["B0000000-0000-4000-8000-000000000002"]
            }
        ) { harness in
            let outcome = try await harness.client.createNodes(
                createRequest("htc", 1, machineType: "Standard_D4s_v3"))
            #expect(outcome.addedCount == 0)
            let other = try await harness.client.createNodes(
                createRequest("htc", 1, machineType: "Standard_F4s_v2"))
            #expect(other.addedCount == 1)
        }
    }

    @Test("a create to a closed port is retried without look-ups, then reported unreachable")
    func connectionRefused() async throws {
        let closed = try EmulatorServer.start(
            snapshotPath: fixturePath("shared-quota-snapshot.json"))
        let url = closed.url
        closed.stop()
        let events = EventLog()
        let client = try CycleCloudClient(
            connection: CycleCloudConnection(
                url: url, clusterName: "demo",
                credentials: CycleCloudCredentials(username: "u", password: "p")),
            retryPolicy: .immediate, observer: { events.record($0) })
        await #expect {
            _ = try await client.createNodes(createRequest("htc", 1))
        } throws: { error in
            guard case .transport(_, _, let failure) = error as? CycleCloudClientError else {
                return false
            }
            return failure.kind == .cannotConnect
                && (error as? CycleCloudClientError)?.category == .unavailable
        }
        #expect(events.count(where: isRetry) == 4)
        #expect(events.count(where: isLookup) == 0)
    }
}

import CycleCloudAPI
import Foundation
import Synchronization
import Testing

/// Records the delays a policy asks to sleep.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    func sleep(_ delay: Duration) {
        delays.withLock { $0.append(delay) }
    }
}

@Suite struct ClientRetryTests {
    private let created = #"{"operationId":"op-1","sets":[{"added":2}]}"#
    private let twoNodes =
        #"{"nodes":[{"Name":"htc-1"},{"Name":"htc-2"}],"operation":{"action":"create","operationId":"op-1"}}"#
    private let unknownRequest =
        #"{"Exception":"NotFound","Message":"No operation found for request id r-1"}"#

    @Test("delays double from the base delay up to the maximum")
    func exponential() {
        let policy = RetryPolicy(baseDelay: .milliseconds(100), maxDelay: .seconds(1), jitter: 0)
        let delays = (1...6).map { policy.delay(beforeRetry: $0, draw: 0.7) }
        #expect(
            delays == [
                .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800),
                .seconds(1), .seconds(1),
            ])
        #expect(policy.delay(beforeRetry: 500, draw: 0) == .seconds(1))
    }

    @Test("jitter shortens a delay by up to its fraction, never lengthens it")
    func jitter() {
        let policy = RetryPolicy(baseDelay: .seconds(2), maxDelay: .seconds(8), jitter: 0.5)
        #expect(policy.delay(beforeRetry: 1, draw: 0) == .seconds(2))
        #expect(policy.delay(beforeRetry: 1, draw: 0.5) == .milliseconds(1500))
        #expect(policy.delay(beforeRetry: 1, draw: 0.999_999) > .milliseconds(999))
        let full = RetryPolicy(baseDelay: .seconds(2), jitter: 1)
        #expect(full.delay(beforeRetry: 1, draw: 0.25) == .milliseconds(1500))
    }

    @Test("a read is retried on 503 and a lost connection with the policy's delays")
    func readRetries() async throws {
        let sleeps = SleepRecorder()
        let policy = RetryPolicy(
            maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .seconds(1), jitter: 0,
            sleep: { sleeps.sleep($0) })
        let transport = ScriptedTransport([
            .answer(503, "busy"), .fail(.connectionLost), .answer(200, #"{"nodes":[]}"#),
        ])
        let list = try await scriptedClient(transport, retryPolicy: policy).nodes()
        #expect(list.nodes.isEmpty)
        #expect(transport.paths.count == 3)
        #expect(sleeps.recorded == [.milliseconds(10), .milliseconds(20)])
    }

    @Test("a read gives up after the last attempt with the server's own words")
    func readGivesUp() async throws {
        let body = #"{"Exception":"Boom","Message":"database locked","Detail":"see log"}"#
        let transport = ScriptedTransport(Array(repeating: .answer(500, body), count: 3))
        let client = try scriptedClient(
            transport,
            retryPolicy: RetryPolicy(maxAttempts: 3, baseDelay: .zero, sleep: { _ in }))
        await #expect {
            _ = try await client.clusterStatus(includeNodes: true)
        } throws: { error in
            let text = "\(error)"
            return text.contains("GET /clusters/demo/status?nodes=true failed with HTTP 500")
                && text.contains("database locked (Boom); see log")
                && (error as? CycleCloudClientError)?.category == .temporary
        }
        #expect(transport.paths.count == 3)
    }

    @Test("a 4xx other than 408 and 429 is not retried")
    func noRetryOnRejection() async throws {
        let transport = ScriptedTransport([.answer(404, "missing"), .answer(200, "{}")])
        let client = try scriptedClient(transport)
        await #expect(throws: CycleCloudClientError.self) {
            _ = try await client.nodes(operationId: "x")
        }
        #expect(transport.paths == ["GET /clusters/demo/nodes?operation=x"])
    }

    @Test("an answer that is not the documented body names the call and the JSON path")
    func invalidBody() async throws {
        let transport = ScriptedTransport([.answer(200, #"{"nodearrays":[{"name":3}]}"#)])
        await #expect {
            _ = try await scriptedClient(transport).clusterStatus()
        } throws: { error in
            guard case .invalidResponse(let call, let problem) = error as? CycleCloudClientError
            else { return false }
            return call.path == "/clusters/demo/status"
                && problem.location == "$.nodearrays[0].name"
        }
    }

    @Test("a create that failed before it was sent is sent again with the same request id")
    func createNotSent() async throws {
        let transport = ScriptedTransport([
            .fail(.cannotConnect), .answer(202, created), .answer(200, twoNodes),
        ])
        let outcome = try await scriptedClient(transport).createNodes(
            createRequest("htc", 2, requestId: "r-1"))
        #expect(outcome.attempts == 2 && !outcome.wasRecovered)
        #expect(outcome.nodes?.count == 2)
        #expect(
            transport.paths == [
                "POST /clusters/demo/nodes/create", "POST /clusters/demo/nodes/create",
                "GET /clusters/demo/nodes?operation=op-1",
            ])
        let bodies = transport.requests.prefix(2).compactMap(\.body)
        #expect(bodies.count == 2 && bodies[0] == bodies[1])
    }

    @Test("after a timeout the request id is looked up, and a create that did not happen is resent")
    func createTimeoutNotApplied() async throws {
        let transport = ScriptedTransport([
            .fail(.timedOut), .answer(404, unknownRequest), .answer(202, created),
            .answer(200, twoNodes),
        ])
        let outcome = try await scriptedClient(transport).createNodes(
            createRequest("htc", 2, requestId: "r-1"))
        #expect(outcome.attempts == 2 && !outcome.wasRecovered)
        #expect(
            transport.paths == [
                "POST /clusters/demo/nodes/create", "GET /clusters/demo/nodes?request_id=r-1",
                "POST /clusters/demo/nodes/create", "GET /clusters/demo/nodes?operation=op-1",
            ])
    }

    @Test("a 409 for the request's own id means an earlier try took effect")
    func createConflictIsDone() async throws {
        let transport = ScriptedTransport([
            .fail(.connectionLost), .answer(500, "lookup failed once"),
            .answer(404, unknownRequest), .answer(409, #"{"Message":"duplicate request id"}"#),
            .answer(200, twoNodes),
        ])
        let outcome = try await scriptedClient(transport).createNodes(
            createRequest("htc", 2, requestId: "r-1"))
        #expect(outcome.wasRecovered && outcome.operationId == "op-1")
        #expect(outcome.nodes?.compactMap(\.name) == ["htc-1", "htc-2"])
        #expect(transport.paths.filter { $0.hasPrefix("POST") }.count == 2)
    }

    @Test("a 409 for invalid input is reported as the server said it")
    func createInvalid() async throws {
        let transport = ScriptedTransport([
            .answer(409, #"{"Exception":"Invalid","Message":"Unknown nodearray gpu"}"#),
            .answer(404, unknownRequest),
        ])
        await #expect {
            _ = try await scriptedClient(transport).createNodes(createRequest("gpu", 1))
        } throws: { error in
            (error as? CycleCloudClientError)?.category == .rejected
                && "\(error)".contains("Unknown nodearray gpu")
        }
        #expect(transport.paths.filter { $0.hasPrefix("POST") }.count == 1)
    }

    @Test("when the look-up fails too, the create is reported unknown and never resent")
    func createUnknown() async throws {
        let transport = ScriptedTransport(
            [.fail(.timedOut)] + Array(repeating: .fail(.cannotConnect), count: 5))
        await #expect {
            _ = try await scriptedClient(transport).createNodes(
                createRequest("htc", 2, requestId: "r-9"))
        } throws: { error in
            guard case .createOutcomeUnknown(let requestId, _) = error as? CycleCloudClientError
            else { return false }
            return requestId == "r-9"
        }
        #expect(transport.paths.filter { $0.hasPrefix("POST") }.count == 1)
    }

    @Test("a request without an id gets a fresh one that every try reuses")
    func generatedRequestId() async throws {
        let transport = ScriptedTransport([
            .fail(.cannotConnect), .answer(202, created), .answer(200, twoNodes),
        ])
        let outcome = try await scriptedClient(transport).createNodes(createRequest("htc", 2))
        #expect(UUID(uuidString: outcome.requestId) != nil)
        let sent = try transport.requests.prefix(2).map {
            try JSONDocument.decode(
                NodeCreationRequest.self, from: try #require($0.body), document: "sent")
        }
        #expect(sent.allSatisfy { $0.requestId == outcome.requestId })
    }

    @Test("cancellation during a backoff stops the retries")
    func cancellation() async throws {
        let transport = ScriptedTransport(Array(repeating: .answer(503, "busy"), count: 5))
        let policy = RetryPolicy(
            maxAttempts: 5, baseDelay: .seconds(30), sleep: { try await Task.sleep(for: $0) })
        let client = try scriptedClient(transport, retryPolicy: policy)
        let task = Task { try await client.nodes() }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        await #expect {
            _ = try await task.value
        } throws: { error in
            guard case .transport(_, _, let failure) = error as? CycleCloudClientError else {
                return false
            }
            return failure.kind == .cancelled
        }
        #expect(transport.paths.count == 1)
    }
}

@Suite struct ClientCreateAnswerTests {
    @Test("a 2xx create answer that cannot be read is resolved by the request id")
    func unreadableSuccess() async throws {
        let transport = ScriptedTransport([
            .answer(202, "<html>accepted</html>"),
            .answer(200, #"{"nodes":[{"Name":"htc-1"}],"operation":{"operationId":"op-7"}}"#),
        ])
        let outcome = try await scriptedClient(transport).createNodes(
            createRequest("htc", 1, requestId: "r-2"))
        #expect(outcome.wasRecovered && outcome.operationId == "op-7")
        #expect(transport.paths.last == "GET /clusters/demo/nodes?request_id=r-2")
    }
}

@Suite struct ClientCreateExhaustionTests {
    @Test("a create whose every try ended in a 503 is reported unknown, not failed")
    func exhausted() async throws {
        let unknown =
            #"{"Exception":"NotFound","Message":"No operation found for request id r-3"}"#
        let transport = ScriptedTransport([
            .answer(503, "busy"), .answer(404, unknown), .answer(503, "busy"),
            .answer(404, unknown),
        ])
        let client = try scriptedClient(
            transport,
            retryPolicy: RetryPolicy(maxAttempts: 2, baseDelay: .zero, sleep: { _ in }))
        await #expect {
            _ = try await client.createNodes(createRequest("htc", 1, requestId: "r-3"))
        } throws: { error in
            guard case .createOutcomeUnknown("r-3", let cause) = error as? CycleCloudClientError
            else { return false }
            return cause.status == 503
        }
        #expect(transport.paths.filter { $0.hasPrefix("POST") }.count == 2)
    }
}

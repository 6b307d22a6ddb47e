import CycleCloudAPI
import Foundation
import Testing

@testable import BerthEmulator

@Suite struct EmulatorRobustnessTests {
    private func errorBody(_ data: Data) throws -> APIErrorBody {
        try JSONDecoder().decode(APIErrorBody.self, from: data)
    }

    @Test(
        "bad requests get the API's error body with a fitting status",
        arguments: [
            ("POST", "/clusters/demo/nodes/create", "{not json", 400, "line 1, column 2"),
            (
                "POST", "/clusters/demo/nodes/create",
                #"{"sets":[{"nodearray":"htc","count":"5"}]}"#, 400, "$.sets[0].count"
            ),
            ("POST", "/clusters/demo/nodes/create", "", 400, "empty"),
            ("POST", "/clusters/demo/nodes/terminate", #"{"ids":"abc"}"#, 400, "$.ids"),
            ("POST", "/clusters/demo/nodes/terminate", "{}", 409, "names no nodes"),
            ("POST", "/clusters/demo/nodes/explode", "{}", 404, "No such API call"),
            ("GET", "/clusters/demo/nodes/create", "", 405, "use POST"),
            ("DELETE", "/clusters/demo/status", "", 405, "use GET"),
            ("GET", "/clusters/demo/nodes?operation=a&request_id=b", "", 400, "not both"),
            ("GET", "/clusters/elsewhere/nodes", "", 404, "Cluster elsewhere not found"),
            ("GET", "/", "", 404, "No such API call"),
            ("GET", "/operations/unknown-id", "", 404, "No operation found"),
        ])
    func badRequests(method: String, path: String, body: String, status: Int, text: String)
        async throws
    {
        try await withEmulator { harness in
            let answer = try await rawRequest(
                harness.server, method: method, path: path,
                body: body.isEmpty ? nil : Data(body.utf8))
            #expect(answer.status == status)
            let error = try errorBody(answer.body)
            #expect(error.message?.contains(text) == true, "\(error.message ?? "no message")")
            #expect(error.exception?.isEmpty == false)
        }
    }

    @Test("random bytes as bodies never crash the emulator and never change its state")
    func garbage() async throws {
        let seed = UInt64.random(in: 0...UInt64(UInt32.max))
        var generator = SeededRandom(seed: seed)
        try await withEmulator { harness in
            let paths = [
                "/clusters/demo/nodes/create", "/clusters/demo/nodes/terminate",
                "/clusters/demo/nodes/start",
            ]
            for round in 0..<40 {
                let length = Int(generator.next() % 300)
                let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
                let path = paths[round % paths.count]
                let answer = try await rawRequest(
                    harness.server, method: "POST", path: path, body: Data(bytes))
                #expect([400, 409].contains(answer.status), "seed \(seed), round \(round)")
                #expect((try? errorBody(answer.body)) != nil, "seed \(seed), round \(round)")
            }
            let nodes = try await harness.client.nodes().nodes
            #expect(nodes.count == 2, "seed \(seed)")
        }
    }

    @Test("with credentials configured, a wrong password gets 401 and a Basic challenge")
    func authentication() async throws {
        let right = CycleCloudCredentials(username: "admin", password: "correct horse")
        let wrong = CycleCloudCredentials(username: "admin", password: "battery staple")
        try await withEmulator(
            configuration: configured { $0.credentials = right }, credentials: wrong
        ) {
            harness in
            await #expect {
                _ = try await harness.client.clusterStatus()
            } throws: { error in
                guard let error = error as? CycleCloudClientError else { return false }
                return error.status == 401 && error.category == .unavailable
                    && "\(error)".contains("check the user name and password")
            }
            // 401 is not retried.
            #expect(harness.events.count { if case .retrying = $0 { true } else { false } } == 0)

            let bare = try await rawRequest(harness.server, method: "GET", path: "/operations")
            #expect(bare.status == 401)
            let challenge = bare.headers.first { $0.key.lowercased() == "www-authenticate" }
            #expect(challenge?.value.hasPrefix("Basic") == true)

            let good = try await rawRequest(
                harness.server, method: "GET", path: "/operations",
                headers: ["Authorization": right.authorizationHeader])
            #expect(good.status == 200)
        }
    }

    @Test("concurrent creates from many tasks never share a node name or exceed the room")
    func concurrentCreates() async throws {
        try await withEmulator { harness in
            let client = harness.client
            let outcomes = try await withThrowingTaskGroup(of: NodeCreationOutcome.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await client.createNodes(
                            createRequest(
                                "htc", 2, machineType: "Standard_F4s_v2",
                                requestId: "parallel-\(index)"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.reduce(0) { $0 + $1.addedCount } == 20)
            let names = try await client.nodes().nodes.compactMap(\.name)
            #expect(Set(names).count == names.count && names.count == 22)
            #expect(try harness.bucket("htc", "Standard_F4s_v2").availableCount == 0)
        }
    }
}

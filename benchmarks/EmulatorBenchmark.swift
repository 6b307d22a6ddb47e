import BerthApply
import BerthEmulator
import BerthPlanning
import CycleCloudAPI
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `berth-bench emulator`: the emulator's throughput for `GET status` with concurrent
/// keep-alive clients, and the time to apply a 1,000-node plan through `PlanApplier`.
///
/// Everything runs on loopback in this process: the emulator on 127.0.0.1 and an ephemeral
/// port, the clients on threads of their own. Request counts and durations are bounded.
struct EmulatorBenchmark {
    static let usage = """
        Usage: berth-bench emulator [options]

        Starts the CycleCloud emulator on loopback and measures
          - GET /clusters/NAME/status per second, with CLIENTS threads each keeping one
            HTTP/1.1 connection alive, for REQUESTS requests in all or SECONDS, whichever
            comes first (also with ?nodes=true, and through CycleCloudClient);
          - the time to apply a NODES-node plan (a generated snapshot with room to spare,
            planned by the greedy planner, applied by PlanApplier with its journal), as the
            median of RUNS runs after one warm-up, each on a fresh emulator.

        Options:
          --requests N      status requests per measurement (default 20000)
          --seconds S       the longest a measurement may take (default 10)
          --clients N       concurrent keep-alive clients (default 4)
          --threads N       the emulator's server threads (default 2)
          --nodes N         nodes in the applied plan (default 1000)
          --runs N          measured apply runs (default 5)
          --snapshot FILE   a status snapshot to measure GET status on; repeatable (default
                            the documentation's example and the contention example, paths
                            relative to the package root)
          --docs FILE       also write the results into FILE's emulator section
                            (between <!-- emulator:begin --> and <!-- emulator:end -->)

        Build it optimised first: swift build -c release --product berth-bench
        """

    var requests = 20_000
    var seconds = 10.0
    var clients = 4
    var threads = 2
    var nodes = 1000
    var runs = 5
    var docs: String?
    var snapshots: [String] = []
    var command: String

    /// The status snapshots measured by default: the documentation's example (2
    /// nodearrays, 6 nodes) and the contention example (4 nodearrays, 6 buckets, 56 nodes).
    static let defaultSnapshots = [
        "Tests/CycleCloudAPITests/Fixtures/docs-use-rest-api-cluster-status.json",
        "datasets/examples/contention/snapshot.json",
    ]

    /// Runs `berth-bench emulator` with the options `words`.
    static func main(_ words: [String]) async throws -> Int32 {
        if words.contains("--help") || words.contains("-h") {
            print(usage)
            return 0
        }
        return try await EmulatorBenchmark(words).run()
    }

    /// Reads the options that follow `emulator`.
    init(_ words: [String]) throws {
        command = (["berth-bench", "emulator"] + words).joined(separator: " ")
        var index = 0
        func value() throws -> String {
            guard index < words.count else {
                throw BenchError("\(words[index - 1]) needs a value")
            }
            index += 1
            return words[index - 1]
        }
        func integer(_ text: String, _ name: String, _ range: ClosedRange<Int>) throws -> Int {
            guard let number = Int(text), range.contains(number) else {
                throw BenchError(
                    "\(name) takes a whole number from \(range.lowerBound) to "
                        + "\(range.upperBound), not '\(text)'")
            }
            return number
        }
        while index < words.count {
            let word = words[index]
            index += 1
            switch word {
            case "--requests": requests = try integer(try value(), word, 1...10_000_000)
            case "--seconds":
                let text = try value()
                guard let number = Double(text), number > 0, number <= 600 else {
                    throw BenchError("--seconds takes a number from 0 to 600, not '\(text)'")
                }
                seconds = number
            case "--clients": clients = try integer(try value(), word, 1...64)
            case "--threads": threads = try integer(try value(), word, 1...64)
            case "--nodes": nodes = try integer(try value(), word, 1...20_000)
            case "--runs": runs = try integer(try value(), word, 1...100)
            case "--docs": docs = try value()
            case "--snapshot": snapshots.append(try value())
            default: throw BenchError("unknown option '\(word)' for emulator")
            }
        }
        if snapshots.isEmpty {
            snapshots = Self.defaultSnapshots
        }
    }

    /// Runs every measurement, prints the results as Markdown, and writes them into the
    /// report with `--docs`. Exit status 1 when an apply run does not create every node.
    func run() async throws -> Int32 {
        let loadBefore = MachineInfo.loadAverage()
        var statuses: [StatusRates] = []
        for path in snapshots {
            note("GET status on \(path): \(clients) keep-alive clients, \(threads) server threads")
            let snapshot = try JSONDocument.load(ClusterStatus.self, path: path)
            statuses.append(
                StatusRates(
                    snapshot: path,
                    plain: try throughput(snapshot, path: "/clusters/bench/status"),
                    withNodes: try throughput(snapshot, path: "/clusters/bench/status?nodes=true"),
                    viaClient: try await clientThroughput(snapshot)))
        }
        note("applying a \(nodes)-node plan: 1 warm-up and \(runs) measured runs")
        let apply = try await applyTimes()
        let result = Result(
            statuses: statuses, apply: apply, loadBefore: loadBefore,
            loadAfter: MachineInfo.loadAverage())
        let text = markdown(result)
        print(text)
        if let docs {
            try writeSection(text, into: docs)
            note("wrote the emulator section of \(docs)")
        }
        return apply.allComplete ? 0 : 1
    }

    // MARK: Status throughput

    /// Requests per second for `GET path` with raw keep-alive clients.
    func throughput(_ snapshot: ClusterStatus, path: String) throws -> Throughput {
        let server = try EmulatorServer.start(
            try Emulator(snapshot: snapshot, configuration: configuration()),
            threads: threads)
        defer { server.stop() }
        let port = UInt16(server.url.port ?? 0)
        let request = Array(
            ("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
                + "Authorization: \(Self.credentials.authorizationHeader)\r\n"
                + "Accept: application/json\r\n\r\n").utf8)

        // Warm-up: every client makes a few requests on its connection first.
        let connections = try (0..<clients).map { _ in try KeepAliveConnection(port: port) }
        for connection in connections {
            for _ in 0..<20 { _ = try connection.exchange(request) }
        }
        let share = (requests + clients - 1) / clients
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let results = Mutex<[(count: Int, failure: String?)]>([])
        let start = ContinuousClock.now
        let group = DispatchGroup()
        for connection in connections {
            group.enter()
            let thread = Thread {
                var count = 0
                var failure: String?
                do {
                    while count < share, ContinuousClock.now < deadline {
                        let status = try connection.exchange(request)
                        guard status == 200 else {
                            failure = "HTTP \(status)"
                            break
                        }
                        count += 1
                    }
                } catch {
                    failure = "\(error)"
                }
                results.withLock { $0.append((count, failure)) }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        let elapsed = Self.seconds(ContinuousClock.now - start)
        let collected = results.withLock { $0 }
        if let failure = collected.compactMap(\.failure).first {
            throw BenchError("GET \(path) failed during the measurement: \(failure)", usage: false)
        }
        let total = collected.reduce(0) { $0 + $1.count }
        let bytes = try connections[0].exchangeBody(request).count
        return Throughput(
            path: path, requests: total, seconds: elapsed, bodyBytes: bytes, clients: clients)
    }

    /// Requests per second for `GET status` through `CycleCloudClient` (URLSession), with
    /// `clients` concurrent tasks.
    func clientThroughput(_ snapshot: ClusterStatus) async throws -> Throughput {
        let server = try EmulatorServer.start(
            try Emulator(snapshot: snapshot, configuration: configuration()),
            threads: threads)
        defer { server.stop() }
        let client = try CycleCloudClient(
            connection: try CycleCloudConnection(
                url: server.url, clusterName: "bench", credentials: Self.credentials),
            retryPolicy: .never)
        let total = max(clients, requests / 10)
        let share = (total + clients - 1) / clients
        for _ in 0..<20 { _ = try await client.clusterStatus() }
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let start = ContinuousClock.now
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var count = 0
                    while count < share, ContinuousClock.now < deadline {
                        _ = try await client.clusterStatus()
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = Self.seconds(ContinuousClock.now - start)
        return Throughput(
            path: "/clusters/bench/status", requests: counts,
            seconds: elapsed, bodyBytes: 0, clients: clients)
    }

    // MARK: Applying a plan

    /// Times `PlanApplier.apply` of a `nodes`-node plan: one warm-up, then `runs` runs, each
    /// against a fresh emulator.
    func applyTimes() async throws -> ApplyTimes {
        let snapshot = Self.applySnapshot(nodes: nodes)
        let catalog = (try? MachineCatalog.bundled()) ?? MachineCatalog()
        let model = try CapacityModel(
            status: snapshot, document: "generated snapshot", catalog: catalog)
        let workload = Self.applyWorkload(nodes: nodes)
        let input = try PlanningInput(
            status: snapshot, model: model, workload: workload, snapshotDigest: "bench")
        let plan = HeuristicPlanner.plan(input, order: .fileOrder, maxNodesPerRequest: 500)
        let violations = PlanVerifier(model: model, workload: workload).violations(of: plan)
        guard violations.isEmpty, plan.objective.newNodes == nodes else {
            throw BenchError(
                "the generated plan is not the \(nodes)-node plan expected: "
                    + "\(plan.objective.newNodes) nodes, violations \(violations)", usage: false)
        }

        var times: [Double] = []
        var complete = true
        for run in 0...runs {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("berth-bench-apply-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let server = try EmulatorServer.start(
                try Emulator(snapshot: snapshot, configuration: configuration()),
                threads: threads)
            defer { server.stop() }
            let applier = PlanApplier(
                client: try CycleCloudClient(
                    connection: try CycleCloudConnection(
                        url: server.url, clusterName: "bench", credentials: Self.credentials)),
                options: ApplyOptions(catalog: catalog))

            let start = ContinuousClock.now
            let report = try await applier.apply(
                plan, planPath: directory.path,
                journalPath: directory.appendingPathComponent("apply-journal.json").path)
            let elapsed = Self.seconds(ContinuousClock.now - start)
            let created = server.emulator.status(includeNodes: true).nodes?.count ?? 0
            if !report.isComplete || created != nodes {
                complete = false
                note("run \(run): \(created) of \(nodes) nodes created")
            }
            if run > 0 { times.append(elapsed) }
        }
        return ApplyTimes(
            nodes: nodes, requests: plan.createRequests.count,
            placementGroups: plan.objective.newPlacementGroups, times: times,
            allComplete: complete)
    }

    // MARK: Inputs

    static let credentials = CycleCloudCredentials(username: "bench", password: "bench-only")

    func configuration() -> EmulatorConfiguration {
        EmulatorConfiguration(
            clusterName: "bench", credentials: Self.credentials,
            machineFamilies: ["Standard_F16s_v2": "standardFSv2Family"])
    }

    /// One nodearray of Standard_F16s_v2 with room for twice `nodes`, and no nodes yet.
    static func applySnapshot(nodes: Int) -> ClusterStatus {
        let room = nodes * 2
        var bucket = BucketStatus(
            bucketId: "bench-f16s-v2", machineType: "Standard_F16s_v2", maxCount: room,
            maxCoreCount: room * 16, activeCount: 0, activeCoreCount: 0, availableCount: room,
            availableCoreCount: room * 16,
            virtualMachine: VirtualMachine(vcpuCount: 16, memory: 32, infiniband: false))
        bucket.valid = true
        bucket.quotaCount = room
        bucket.quotaCoreCount = room * 16
        bucket.consumedCoreCount = 0
        bucket.familyQuotaCount = room
        bucket.familyQuotaCoreCount = room * 16
        bucket.familyConsumedCoreCount = 0
        bucket.regionalQuotaCount = room
        bucket.regionalQuotaCoreCount = room * 16
        bucket.regionalConsumedCoreCount = 0
        bucket.maxPlacementGroupSize = 100
        bucket.placementGroups = []
        bucket.lastCapacityFailure = -1
        let record = NodeRecord([
            "Name": .string("bench"), "Region": .string("eastus"),
            "Azure": .object(["MaxScalesetSize": .number(100)]),
        ])
        let nodearray = NodearrayStatus(
            name: "bench", maxCount: room, maxCoreCount: room * 16, buckets: [bucket],
            nodearray: record)
        return ClusterStatus(
            maxCount: room, maxCoreCount: room * 16, nodearrays: [nodearray], nodes: [],
            state: "Started", targetState: "Started")
    }

    /// `nodes` nodes of work: a fifth in colocated 20-node jobs, the rest single-node jobs.
    static func applyWorkload(nodes: Int) -> Workload {
        let colocated = nodes / 5 / 20
        return Workload(
            document: "generated workload",
            jobClasses: [
                JobClass(name: "mpi-20", count: colocated, shape: .nodes(20), colocated: true),
                JobClass(name: "single", count: nodes - colocated * 20, shape: .nodes(1)),
            ].filter { $0.count > 0 })
    }

    // MARK: Results

    struct Throughput {
        var path: String
        var requests: Int
        var seconds: Double
        var bodyBytes: Int
        var clients: Int
        var perSecond: Double { Double(requests) / seconds }
    }

    struct ApplyTimes {
        var nodes: Int
        var requests: Int
        var placementGroups: Int
        var times: [Double]
        var allComplete: Bool
        var median: Double {
            let sorted = times.sorted()
            guard !sorted.isEmpty else { return 0 }
            let middle = sorted.count / 2
            return sorted.count % 2 == 1
                ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    struct StatusRates {
        var snapshot: String
        var plain: Throughput
        var withNodes: Throughput
        var viaClient: Throughput
    }

    struct Result {
        var statuses: [StatusRates]
        var apply: ApplyTimes
        var loadBefore: String
        var loadAfter: String
    }

    func markdown(_ result: Result) -> String {
        let machine = MachineInfo.current()
        #if DEBUG
            let build = "a debug build: not for the record"
        #else
            let build = "release build"
        #endif
        var lines = [
            "Measured with `swift build -c release --product berth-bench` then "
                + "`.build/release/\(command)` (\(build)), from the package root, on "
                + "\(machine.processors) processors (\(machine.cpuModel)), \(machine.memory), "
                + "\(machine.operatingSystem), \(machine.swiftVersion). Load average before "
                + "\(result.loadBefore), after \(result.loadAfter): the machine is shared, so "
                + "these numbers move with what else runs.",
            "",
            "**GET status per second.** The emulator on 127.0.0.1 with \(threads) server "
                + "threads; \(clients) client threads in the same process, each keeping one "
                + "HTTP/1.1 connection alive and sending Basic authentication, after 20 "
                + "warm-up requests each; \(requests) requests or \(Int(seconds)) s, whichever "
                + "came first. The `CycleCloudClient` rows go through Berth's client "
                + "(URLSession on FoundationNetworking, JSON decoded) with \(clients) "
                + "concurrent tasks for a tenth as many requests: what an autoscaler written "
                + "with Berth sees.",
            "",
            "| snapshot | request | client | answer | requests | time | requests/s |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for status in result.statuses {
            let name = status.snapshot
            for (value, client) in [
                (status.plain, "raw socket"), (status.withNodes, "raw socket"),
                (status.viaClient, "CycleCloudClient"),
            ] {
                lines.append(
                    String(
                        format: "| %@ | `%@` | %@ | %@ | %d | %.2f s | %.0f |", name,
                        value.path, client,
                        value.bodyBytes > 0 ? "\(value.bodyBytes) B" : "—", value.requests,
                        value.seconds, value.perSecond))
            }
        }
        let apply = result.apply
        lines += [
            "",
            String(
                format: "**Applying a %d-node plan.** %d create requests (at most 500 nodes "
                    + "each) with %d new placement groups, planned by the greedy planner on a "
                    + "generated one-nodearray snapshot with room for twice as many nodes, "
                    + "applied by `PlanApplier.apply` (the fit check's `GET status`, each "
                    + "create, the listing of each operation's nodes, the journal written to "
                    + "disk after every step) against a fresh emulator each run. One warm-up, "
                    + "then %d runs: median %.3f s (min %.3f s, max %.3f s).", apply.nodes,
                apply.requests, apply.placementGroups, apply.times.count, apply.median,
                apply.times.min() ?? 0, apply.times.max() ?? 0),
            "",
            "| target | measured | met |",
            "| --- | --- | --- |",
        ]
        for status in result.statuses {
            let name = status.snapshot
            lines.append(
                String(
                    format: "| ≥ 5,000 GET status/s (%@) | %.0f/s | %@ |", name,
                    status.plain.perSecond, status.plain.perSecond >= 5000 ? "yes" : "no"))
        }
        lines.append(
            String(
                format: "| a 1,000-node plan applied in < 2 s | %.3f s (median, %d nodes) | %@ |",
                apply.median, apply.nodes,
                apply.median < 2 && apply.allComplete && apply.nodes >= 1000 ? "yes" : "no"))
        if !apply.allComplete {
            lines += ["", "Some apply runs did not create every node: see the run's output."]
        }
        return lines.joined(separator: "\n")
    }

    /// Replaces the text between the emulator markers of the report at `path`.
    func writeSection(_ text: String, into path: String) throws {
        let (begin, end) = Report.emulatorMarkers
        let old = try String(contentsOfFile: path, encoding: .utf8)
        guard let start = old.range(of: begin), let stop = old.range(of: end),
            start.upperBound <= stop.lowerBound
        else {
            throw BenchError("\(path) has no \(begin) … \(end) section", usage: false)
        }
        let new = old[..<start.upperBound] + "\n" + text + "\n" + old[stop.lowerBound...]
        try String(new).write(toFile: path, atomically: true, encoding: .utf8)
    }

    func note(_ message: String) {
        FileHandle.standardError.write(Data("\(message)\n".utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// One HTTP/1.1 connection to 127.0.0.1 kept alive across requests: the smallest client
/// that measures the server rather than itself. One request at a time; `Sendable` because
/// each connection is used by one thread at a time.
final class KeepAliveConnection: @unchecked Sendable {
    private let socketDescriptor: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 65_536)

    init(port: UInt16) throws {
        socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else {
            throw BenchError("socket() failed: \(errno)", usage: false)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(socketDescriptor)
            throw BenchError("cannot connect to 127.0.0.1:\(port): errno \(errno)", usage: false)
        }
        var yes: Int32 = 1
        _ = setsockopt(
            socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &yes,
            socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        close(socketDescriptor)
    }

    /// Sends `request` and reads the whole answer; returns its status code.
    func exchange(_ request: [UInt8]) throws -> Int {
        try exchangeWithBody(request).status
    }

    /// Sends `request` and returns the answer's body.
    func exchangeBody(_ request: [UInt8]) throws -> [UInt8] {
        try exchangeWithBody(request).body
    }

    private func exchangeWithBody(_ request: [UInt8]) throws -> (status: Int, body: [UInt8]) {
        var sent = 0
        while sent < request.count {
            let count = request[sent...].withUnsafeBytes {
                send(socketDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { throw BenchError("send failed: errno \(errno)", usage: false) }
            sent += count
        }
        let headerEnd = try readUntilHeaders()
        let header = String(decoding: buffer[..<headerEnd], as: UTF8.self)
        let lines = header.split(separator: "\r\n")
        guard let statusLine = lines.first, statusLine.count >= 12,
            let status = Int(statusLine.dropFirst(9).prefix(3))
        else { throw BenchError("not an HTTP answer: \(header.prefix(80))", usage: false) }
        let length =
            lines.first { $0.lowercased().hasPrefix("content-length:") }
            .flatMap {
                Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces))
            }
            ?? 0
        let total = headerEnd + 4 + length
        while buffer.count < total {
            try fill()
        }
        let body = Array(buffer[(headerEnd + 4)..<total])
        buffer.removeFirst(total)
        return (status, body)
    }

    /// Reads until the buffer holds a header block; returns where its `\r\n\r\n` starts.
    private func readUntilHeaders() throws -> Int {
        var searched = 0
        while true {
            if buffer.count >= 4 {
                for index in max(0, searched - 3)..<(buffer.count - 3)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                    && buffer[index + 3] == 10
                {
                    return index
                }
                searched = buffer.count
            }
            try fill()
        }
    }

    private func fill() throws {
        let count = chunk.withUnsafeMutableBytes {
            recv(socketDescriptor, $0.baseAddress, $0.count, 0)
        }
        guard count > 0 else {
            throw BenchError("the connection closed (recv \(count), errno \(errno))", usage: false)
        }
        buffer.append(contentsOf: chunk[..<count])
    }
}

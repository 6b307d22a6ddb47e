import BerthPlanning
import CycleCloudAPI
import Foundation

/// What has been done with each create request of a plan, written after every step, so that
/// a run that was interrupted can be finished without creating anything twice.
///
/// A request is `pending` until Berth is about to send it; it is `sent` (written before the
/// request leaves) until its outcome is known, `done` once it is, and `unknown` when the
/// client could not tell whether it took effect. A later run skips `done` requests, and looks
/// `sent` and `unknown` ones up by request id before anything else.
///
/// The journal holds request ids, operation ids and node ids and names; never credentials.
public struct ApplyJournal: Codable, Sendable, Hashable {
    /// Where a request stands.
    public enum State: String, Codable, Sendable, Hashable {
        /// Not sent yet.
        case pending
        /// About to be sent or sent, with no outcome recorded: look it up by request id.
        case sent
        /// Its outcome is known and its nodes are recorded.
        case done
        /// The client could not tell whether it took effect: look it up by request id.
        case unknown
    }

    /// One create request of the plan.
    public struct Entry: Codable, Sendable, Hashable {
        /// The request's `requestId`, as in the plan.
        public var requestId: String
        /// Where it stands.
        public var state: State
        /// The operation it started, once known.
        public var operationId: String?
        /// Its sets, with what the server added to each once known.
        public var sets: [SetRecord]
        /// The nodes it created, once known.
        public var nodes: [CreatedNode]?
        /// Whether the outcome was found by looking the request id up rather than from the
        /// server's answer.
        public var recovered: Bool?
        /// The last problem met with this request, for people.
        public var note: String?
    }

    /// One set of a request.
    public struct SetRecord: Codable, Sendable, Hashable {
        /// The nodearray.
        public var nodearray: String
        /// The machine type, when the set names one.
        public var machineType: String?
        /// The placement group, when the set names one.
        public var placementGroup: String?
        /// Nodes asked for.
        public var count: Int
        /// Nodes added, once known.
        public var added: Int?
        /// The server's reason for adding fewer, when it gave one.
        public var message: String?
    }

    /// A node that a request created.
    public struct CreatedNode: Codable, Sendable, Hashable {
        /// The node's `NodeId`.
        public var id: String
        /// The node's name.
        public var name: String
        /// Its nodearray.
        public var nodearray: String
        /// Its machine type.
        public var machineType: String
        /// Its placement group, when in one.
        public var placementGroup: String?

        /// Creates a record of a node.
        public init(
            id: String, name: String, nodearray: String, machineType: String,
            placementGroup: String?
        ) {
            self.id = id
            self.name = name
            self.nodearray = nodearray
            self.machineType = machineType
            self.placementGroup = placementGroup
        }
    }

    /// The format's version; 1.
    public var version: Int
    /// The plan applied, as given on the command line.
    public var plan: String
    /// The cluster the requests went to.
    public var cluster: String
    /// The CycleCloud server, as scheme, host and port.
    public var server: String
    /// One entry per create request of the plan, in plan order.
    public var requests: [Entry]
    /// Nodes terminated because their placement group could not run its job.
    public var terminated: [CreatedNode]

    /// A journal of `plan` with every request pending.
    public init(plan: Plan, planPath: String, cluster: String, server: String) {
        self.version = 1
        self.plan = planPath
        self.cluster = cluster
        self.server = server
        self.requests = plan.createRequests.map { request in
            Entry(
                requestId: request.requestId ?? "", state: .pending, operationId: nil,
                sets: request.sets.map {
                    SetRecord(
                        nodearray: $0.nodearray, machineType: $0.machineType,
                        placementGroup: $0.placementGroupId, count: $0.count)
                })
        }
        self.terminated = []
    }

    /// Why this journal does not belong to `plan`, or `nil` when it does: the same request
    /// ids with the same sets, in the same order.
    public func mismatch(with plan: Plan) -> String? {
        guard requests.count == plan.createRequests.count else {
            return "it has \(requests.count) request(s), the plan \(plan.createRequests.count)"
        }
        for (index, (entry, request)) in zip(requests, plan.createRequests).enumerated() {
            guard entry.requestId == request.requestId else {
                return "request \(index + 1) is \(entry.requestId) in the journal and "
                    + "\(request.requestId ?? "without an id") in the plan"
            }
            let planned = request.sets.map {
                SetRecord(
                    nodearray: $0.nodearray, machineType: $0.machineType,
                    placementGroup: $0.placementGroupId, count: $0.count)
            }
            let recorded = entry.sets.map {
                SetRecord(
                    nodearray: $0.nodearray, machineType: $0.machineType,
                    placementGroup: $0.placementGroup, count: $0.count)
            }
            guard planned == recorded else {
                return "the sets of request \(index + 1) (\(entry.requestId)) differ"
            }
        }
        return nil
    }

    /// Every node the requests created, in request order and, within a request, in creation
    /// order.
    public var createdNodes: [CreatedNode] {
        requests.flatMap { $0.nodes ?? [] }
    }

    /// Whether every request is done.
    public var isComplete: Bool {
        requests.allSatisfy { $0.state == .done }
    }
}

extension ApplyJournal {
    /// The journal's default place for the plan at `planPath`: `apply-journal.json` in the
    /// plan directory, or beside `plan.json`.
    public static func defaultPath(forPlan planPath: String) -> String {
        var isDirectory: ObjCBool = false
        let url = URL(fileURLWithPath: planPath)
        if FileManager.default.fileExists(atPath: planPath, isDirectory: &isDirectory),
            isDirectory.boolValue
        {
            return url.appendingPathComponent(fileName).path
        }
        return url.deletingLastPathComponent().appendingPathComponent(fileName).path
    }

    /// `apply-journal.json`.
    public static let fileName = "apply-journal.json"

    /// Reads the journal at `path`, or `nil` when there is no file there.
    ///
    /// - Throws: `ApplyError.unreadableJournal` naming the file and the problem.
    public static func load(path: String) throws(ApplyError) -> ApplyJournal? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        do throws(InputError) {
            let journal = try JSONDocument.load(ApplyJournal.self, path: path)
            guard journal.version == 1 else {
                throw InputError(
                    document: path, location: "$.version",
                    problem: "version \(journal.version) is not one this Berth reads (1)")
            }
            return journal
        } catch {
            throw .unreadableJournal(path: path, problem: error)
        }
    }

    /// Writes the journal to `path` atomically: a reader sees the old or the new journal,
    /// never half of one.
    ///
    /// - Throws: `ApplyError.unwritableJournal` naming the file.
    public func save(to path: String) throws(ApplyError) {
        do {
            let data = try JSONDocument.encode(self) + Data("\n".utf8)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritableJournal(path: path, problem: "\(error)")
        }
    }
}

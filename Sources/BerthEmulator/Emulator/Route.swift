import CycleCloudAPI

/// A request matched to one of the API's calls.
enum Route {
    case status(includeNodes: Bool)
    case nodes(operationId: String?, requestId: String?)
    case create
    case manage(NodeManagementAction)
    case operations(requestId: String?)
    case operation(id: String)
    case retry

    /// Matches `request`; other cluster names than `cluster` are not found.
    ///
    /// - Throws: 404 for an unknown path or cluster, 405 for a known path with the wrong
    ///   method, 400 for contradictory query arguments.
    init(_ request: HTTPRequest, cluster: String) throws(APIFailure) {
        let parts = request.path.split(separator: "/").map(String.init)
        let method = request.method.uppercased()
        switch parts.count {
        case 3 where parts[0] == "clusters" && parts[2] == "status":
            try Self.check(cluster: parts[1], cluster, method: method, "GET", request)
            let nodes = request.query["nodes"]?.lowercased() == "true"
            self = .status(includeNodes: nodes)
        case 3 where parts[0] == "clusters" && parts[2] == "nodes":
            try Self.check(cluster: parts[1], cluster, method: method, "GET", request)
            let operation = request.query["operation"]
            let requestId = request.query["request_id"]
            if operation != nil && requestId != nil {
                throw .badRequest("Give either operation or request_id, not both")
            }
            self = .nodes(operationId: operation, requestId: requestId)
        case 4 where parts[0] == "clusters" && parts[2] == "nodes":
            if parts[3] == "create" {
                try Self.check(cluster: parts[1], cluster, method: method, "POST", request)
                self = .create
            } else if let action = NodeManagementAction(rawValue: parts[3]) {
                try Self.check(cluster: parts[1], cluster, method: method, "POST", request)
                self = .manage(action)
            } else {
                throw Self.unknown(request)
            }
        case 1 where parts[0] == "operations":
            try Self.check(method: method, "GET", request)
            self = .operations(requestId: request.query["request_id"])
        case 2 where parts[0] == "operations":
            try Self.check(method: method, "GET", request)
            self = .operation(id: parts[1])
        case 4 where parts[0] == "cloud" && parts[1] == "actions" && parts[2] == "retry":
            try Self.check(cluster: parts[3], cluster, method: method, "POST", request)
            self = .retry
        default:
            // Limitation: scale, usage, ghr, reimage and restart are not emulated; they get
            // 404 like any unknown call.
            throw Self.unknown(request)
        }
    }

    /// The endpoint for fault injection.
    var endpoint: EmulatorEndpoint {
        switch self {
        case .status: return .status
        case .nodes: return .nodes
        case .create: return .create
        case .manage(let action):
            switch action {
            case .terminate: return .terminate
            case .remove: return .remove
            case .deallocate: return .deallocate
            case .shutdown: return .shutdown
            case .start: return .start
            }
        case .operations, .operation: return .operations
        case .retry: return .retry
        }
    }

    private static func check(
        cluster given: String, _ served: String, method: String, _ expected: String,
        _ request: HTTPRequest
    ) throws(APIFailure) {
        try check(method: method, expected, request)
        guard given == served else {
            throw .notFound("Cluster \(given) not found")
        }
    }

    private static func check(method: String, _ expected: String, _ request: HTTPRequest)
        throws(APIFailure)
    {
        guard method == expected else {
            throw APIFailure(
                status: 405, exception: "MethodNotAllowed",
                message: "\(request.method) is not allowed on \(request.path); use \(expected)")
        }
    }

    private static func unknown(_ request: HTTPRequest) -> APIFailure {
        .notFound("No such API call: \(request.method) \(request.path)")
    }
}

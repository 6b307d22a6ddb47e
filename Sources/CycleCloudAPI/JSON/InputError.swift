/// A problem with an input document: a snapshot, a workload mix, a plan or an API body.
///
/// It names the document, the place in it (a JSON path, or a line and column for a syntax
/// error) and the problem, so that a person can find and fix it.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file name, or a label such as `response of GET /clusters/x/status`.
    public var document: String
    /// The JSON path of the offending value (`$.nodearrays[0].maxCount`), or the line and
    /// column of a syntax error (`line 12, column 3`); `nil` for the document as a whole.
    public var location: String?
    /// What is wrong, and where it helps, what to do.
    public var problem: String

    /// Creates an error about `document` at `location`.
    public init(document: String, location: String? = nil, problem: String) {
        self.document = document
        self.location = location
        self.problem = problem
    }

    /// `document: location: problem`.
    public var description: String {
        if let location {
            return "\(document): \(location): \(problem)"
        }
        return "\(document): \(problem)"
    }
}

/// Collects the problems that do not stop the work but that a person should hear of.
public struct Diagnostics: Sendable, Hashable {
    /// One warning, with where it comes from.
    public struct Warning: Sendable, Hashable, CustomStringConvertible {
        /// The document the warning is about.
        public var document: String
        /// The JSON path in it, if any.
        public var location: String?
        /// What is odd, and what Berth does about it.
        public var message: String

        /// `document: location: message`.
        public var description: String {
            InputError(document: document, location: location, problem: message).description
        }
    }

    /// The warnings, in the order they were found.
    public private(set) var warnings: [Warning] = []

    /// An empty collection.
    public init() {}

    /// Records a warning.
    public mutating func warn(_ message: String, document: String, at location: String? = nil) {
        warnings.append(Warning(document: document, location: location, message: message))
    }

    /// Appends the warnings of `other`.
    public mutating func merge(_ other: Diagnostics) {
        warnings += other.warnings
    }
}

/// Why a dataset could not be generated or written: the family, and what went wrong.
public struct GeneratorError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The family being generated, or the directory being written.
    public var subject: String
    /// What is wrong, and what to do about it.
    public var problem: String

    /// An error about `subject`.
    public init(subject: String, problem: String) {
        self.subject = subject
        self.problem = problem
    }

    /// `subject: problem`.
    public var description: String { "\(subject): \(problem)" }
}

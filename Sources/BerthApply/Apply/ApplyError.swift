import CycleCloudAPI

/// Why applying a plan stopped: a journal that cannot be used, or a CycleCloud call that
/// failed. In the second case `report` says what had been done by then, and the journal
/// records it, so that running again finishes the job.
public enum ApplyError: Error, Sendable, CustomStringConvertible {
    /// The journal file exists but cannot be read as a journal.
    case unreadableJournal(path: String, problem: InputError)
    /// The journal file belongs to a different plan.
    case journalOfAnotherPlan(path: String, detail: String)
    /// The journal cannot be written; nothing more is sent, since it could not be recorded.
    case unwritableJournal(path: String, problem: String)
    /// A CycleCloud call failed while doing `step`.
    case cycleCloud(CycleCloudClientError, step: String, report: ApplyReport?)

    /// What was done before the failure, when anything was.
    public var report: ApplyReport? {
        if case .cycleCloud(_, _, let report) = self { return report }
        return nil
    }

    /// What failed, why, and what to do.
    public var description: String {
        switch self {
        case .unreadableJournal(_, let problem):
            return "\(problem): this is not an apply journal Berth can use. Move it away to "
                + "start over, after checking which of its requests were done"
        case .journalOfAnotherPlan(let path, let detail):
            return "the apply journal \(path) belongs to another plan: \(detail). Pass "
                + "--journal with a new file, or move the old journal away"
        case .unwritableJournal(let path, let problem):
            return "cannot write the apply journal \(path) (\(problem)); nothing more was "
                + "sent. Check the directory and its permissions, or pass --journal"
        case .cycleCloud(let error, let step, _):
            var text = "\(step): \(error)"
            if error.category == .temporary || error.category == .unavailable {
                text += ". Run again to finish: the journal says what was done"
            }
            return text
        }
    }
}

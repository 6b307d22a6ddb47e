import Dispatch
import Foundation
import Synchronization

/// Waiting for the signals that end a long-running command (`emulate`, `autoscale
/// --interval`).
enum Termination {
    /// Returns when the process receives SIGINT or SIGTERM.
    static func wait() async {
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let sources = [SIGINT, SIGTERM].map {
            DispatchSource.makeSignalSource(signal: $0, queue: .global())
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = Mutex(false)
            for source in sources {
                source.setEventHandler {
                    let first = resumed.withLock { done -> Bool in
                        defer { done = true }
                        return !done
                    }
                    if first {
                        continuation.resume()
                    }
                }
                source.resume()
            }
        }
        for source in sources {
            source.cancel()
        }
    }
}

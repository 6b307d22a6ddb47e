internal import CGLPK

/// Routes GLPK's terminal output on the current thread to a handler, line by line.
///
/// While installed, everything GLPK prints on this thread goes to `handler` (or nowhere),
/// never to stdout. The object must stay on one thread: the thread that installs it.
final class GLPKOutput {
    private let handler: (@Sendable (String) -> Void)?
    private let keepsTranscript: Bool
    private var pending = ""
    private(set) var transcript = ""

    /// - Parameters:
    ///   - handler: Receives each complete line, without its newline.
    ///   - keepsTranscript: Whether to keep all the text in ``transcript`` too.
    init(handler: (@Sendable (String) -> Void)?, keepsTranscript: Bool = false) {
        self.handler = handler
        self.keepsTranscript = keepsTranscript
    }

    /// Whether anyone reads the output; if not, GLPK need not produce it.
    var isHeard: Bool {
        handler != nil || keepsTranscript
    }

    /// Runs `body` with this thread's GLPK output routed here, then flushes the last line.
    func routing<T, Failure: Error>(
        _ body: () throws(Failure) -> T
    ) throws(Failure) -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        berth_glp_set_output(isHeard ? glpkOutputSink : nil, context)
        defer {
            berth_glp_set_output(nil, nil)
            flush()
        }
        return try withExtendedLifetime(self) { () throws(Failure) -> T in try body() }
    }

    fileprivate func receive(_ text: String) {
        if keepsTranscript {
            transcript += text
        }
        guard let handler else { return }
        pending += text
        while let newline = pending.firstIndex(of: "\n") {
            handler(String(pending[..<newline]))
            pending.removeSubrange(...newline)
        }
    }

    private func flush() {
        if let handler, !pending.isEmpty {
            handler(pending)
        }
        pending = ""
    }
}

/// The C sink GLPK's terminal hook calls; it captures nothing, so it converts to a C
/// function pointer, and finds its ``GLPKOutput`` through the context pointer.
private let glpkOutputSink: berth_glp_output_sink = { context, text in
    guard let context, let text else { return }
    Unmanaged<GLPKOutput>.fromOpaque(context).takeUnretainedValue().receive(String(cString: text))
}

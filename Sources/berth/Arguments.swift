/// The command line after the subcommand: `--name value` options, `--flag` switches and
/// positional operands, read once and checked for leftovers.
///
/// Parsing is strict: an option that no command asked for is an error, so a typo never
/// passes silently.
struct Arguments {
    private var options: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var operands: [String] = []
    private var consumed: Set<String> = []

    /// Splits `words` into options, flags and operands. `valueOptions` lists the options
    /// that take a value; every other `--word` is a flag.
    init(_ words: [String], valueOptions: Set<String>) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                operands += words[index...]
                break
            }
            guard word.hasPrefix("-"), word.count > 1 else {
                operands.append(word)
                continue
            }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "=") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            if valueOptions.contains(name) {
                if let inlineValue {
                    options[name, default: []].append(inlineValue)
                } else if index < words.count {
                    options[name, default: []].append(words[index])
                    index += 1
                } else {
                    throw UsageError("\(name) needs a value")
                }
            } else {
                guard inlineValue == nil else {
                    throw UsageError("\(name) takes no value")
                }
                flags.insert(name)
            }
        }
    }

    /// The last value given for `name`, if any.
    mutating func value(_ name: String) -> String? {
        consumed.insert(name)
        return options[name]?.last
    }

    /// Every value given for `name`, in order.
    mutating func values(_ name: String) -> [String] {
        consumed.insert(name)
        return options[name] ?? []
    }

    /// The value of `name`, or a usage error naming it.
    mutating func required(_ name: String) throws(UsageError) -> String {
        guard let value = value(name) else {
            throw UsageError("missing \(name)")
        }
        return value
    }

    /// The value of `name` as an integer within `range`.
    mutating func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), "
                    + "not '\(text)'")
        }
        return number
    }

    /// The value of `name` as a number within `range`.
    mutating func number(_ name: String, in range: ClosedRange<Double>) throws(UsageError)
        -> Double?
    {
        guard let text = value(name) else { return nil }
        guard let number = Double(text), range.contains(number) else {
            throw UsageError(
                "\(name) takes a number from \(range.lowerBound) to \(range.upperBound), "
                    + "not '\(text)'")
        }
        return number
    }

    /// Whether the switch `name` was given.
    mutating func flag(_ name: String) -> Bool {
        consumed.insert(name)
        return flags.contains(name)
    }

    /// Fails on any operand, for commands that take options only.
    func checkNoOperands() throws(UsageError) {
        if let first = operands.first {
            throw UsageError("unexpected argument '\(first)'")
        }
    }

    /// Fails on any option or flag that the command did not read.
    func checkAllUsed() throws(UsageError) {
        let unknown = (Set(options.keys).union(flags)).subtracting(consumed).sorted()
        if let first = unknown.first {
            throw UsageError("unknown option '\(first)'")
        }
    }
}

/// A mistake in how the command was called: exit code 64 with a pointer to the help.
struct UsageError: Error, CustomStringConvertible {
    var message: String

    init(_ message: String) {
        self.message = message
    }

    var description: String { message }
}

/// Names that GLPK accepts and that the CPLEX LP and free MPS formats can carry.
///
/// GLPK's LP writer accepts a name made of ASCII letters, digits and the characters
/// ``allowedPunctuation``, not starting with a digit or a period, and GLPK limits names to
/// 255 bytes. A name is sanitized by replacing every other character with `_`, prefixing
/// `_` when it starts with a digit or a period, and truncating; an empty name becomes a
/// default such as `x17`. Names are then made unique within their kind by appending `~2`,
/// `~3` and so on, because a file identifies variables and constraints by name.
enum LPNames {
    static let allowedPunctuation = Set("!\"#$%&()/,.;?@_`'{}|~".unicodeScalars)

    /// The longest name passed to GLPK, leaving room for a uniqueness suffix within its
    /// limit of 255 bytes.
    static let maximumLength = 240

    /// A valid name for `name`, or `fallback` when nothing of it is left.
    static func sanitized(_ name: String, fallback: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars.prefix(maximumLength) {
            let allowed =
                scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || allowedPunctuation.contains(scalar))
            scalars.append(allowed ? scalar : "_")
        }
        guard let first = scalars.first else { return fallback }
        if first == "." || ("0"..."9").contains(first) {
            scalars.insert("_", at: scalars.startIndex)
        }
        return String(scalars)
    }

    /// Sanitized, pairwise distinct names, none of them in `reserved`.
    ///
    /// - Complexity: O(total length of the names), amortized.
    static func unique(
        _ names: some Sequence<String>, fallbackPrefix: String, reserved: Set<String> = []
    ) -> [String] {
        var taken = reserved
        var nextSuffix: [String: Int] = [:]
        var result: [String] = []
        for (offset, name) in names.enumerated() {
            let base = sanitized(name, fallback: "\(fallbackPrefix)\(offset + 1)")
            var candidate = base
            if taken.contains(candidate) {
                var suffix = nextSuffix[base, default: 2]
                repeat {
                    candidate = "\(base)~\(suffix)"
                    suffix += 1
                } while taken.contains(candidate)
                nextSuffix[base] = suffix
            }
            taken.insert(candidate)
            result.append(candidate)
        }
        return result
    }
}

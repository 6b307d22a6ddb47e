/// Formats a Codable coding path the way JSONPath does, for error messages:
/// `$.nodearrays[0].buckets[2].availableCount`.
public enum JSONPath {
    /// The path of `codingPath`, rooted at `$`.
    public static func string(_ codingPath: [any CodingKey]) -> String {
        var result = "$"
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += "." + key.stringValue
            }
        }
        return result
    }

    /// The path of a member `key` below `parent`.
    public static func member(_ parent: String, _ key: String) -> String {
        parent + "." + key
    }

    /// The path of element `index` below `parent`.
    public static func element(_ parent: String, _ index: Int) -> String {
        parent + "[\(index)]"
    }
}

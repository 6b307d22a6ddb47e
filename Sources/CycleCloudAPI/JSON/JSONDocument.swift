import Foundation

/// Reads and writes the JSON documents Berth deals in, with errors that say where.
public enum JSONDocument {
    /// Decodes `type` from `data`, which came from `document`.
    ///
    /// - Throws: `InputError` naming the document and either the line and column of a
    ///   syntax error or the JSON path of a value of the wrong type or a missing key.
    public static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, document: String
    ) throws(InputError) -> T {
        do {
            return try JSONDecoder().decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
                JSONSyntaxCheck.firstError(in: data) == nil,
                let misfit = misfitNumber(type, in: data, document: document)
            {
                throw misfit
            }
            throw describe(error, data: data, document: document)
        } catch {
            throw InputError(document: document, problem: "cannot be read as JSON: \(error)")
        }
    }

    /// Reads the file at `path` and decodes `type` from it.
    ///
    /// - Throws: `InputError` for a missing or unreadable file, as for `decode`.
    public static func load<T: Decodable>(_ type: T.Type, path: String) throws(InputError) -> T {
        try decode(type, from: try read(path: path), document: path)
    }

    /// The bytes of the file at `path`.
    ///
    /// - Throws: `InputError` when the file is missing, a directory, or unreadable.
    public static func read(path: String) throws(InputError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError(document: path, problem: "no such file")
        }
        guard !isDirectory.boolValue else {
            throw InputError(document: path, problem: "is a directory, not a JSON file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(document: path, problem: "cannot be read (check its permissions)")
        }
        return data
    }

    /// Encodes `value` as JSON the way the CycleCloud API's own clients do: absent values
    /// are left out, never written as `null`. Keys are sorted so that output is stable.
    public static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys]
        return try encoder.encode(value)
    }

    static func describe(_ error: DecodingError, data: Data, document: String) -> InputError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let syntax = JSONSyntaxCheck.firstError(in: data)
            return InputError(
                document: document, location: syntax?.location,
                problem: syntax?.problem ?? "is not valid JSON")
        case .dataCorrupted(let context):
            return InputError(
                document: document, location: JSONPath.string(context.codingPath),
                problem: context.debugDescription)
        case .keyNotFound(let key, let context):
            return InputError(
                document: document, location: JSONPath.string(context.codingPath),
                problem: "the required key \"\(key.stringValue)\" is missing")
        case .typeMismatch(let expected, let context):
            return InputError(
                document: document, location: JSONPath.string(context.codingPath),
                problem: "expected \(describe(expected)), found \(found(at: context, in: data))")
        case .valueNotFound(let expected, let context):
            return InputError(
                document: document, location: JSONPath.string(context.codingPath),
                problem: "expected \(describe(expected)), found null")
        @unknown default:
            return InputError(document: document, problem: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type: return "an integer"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type: return "a string"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object (\(name))"
        }
    }

    private static func found(at context: DecodingError.Context, in data: Data) -> String {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return "a value of another type"
        }
        var value: JSONValue? = root
        for key in context.codingPath {
            if let index = key.intValue, let elements = value?.arrayValue,
                elements.indices.contains(index)
            {
                value = elements[index]
            } else {
                value = value?[key.stringValue]
            }
        }
        switch value {
        case .none: return "a value of another type"
        case .null: return "null"
        case .bool(let flag): return "\(flag)"
        case .number(let number):
            return number.rounded() == number ? "\(Int(exactly: number) ?? 0)" : "\(number)"
        case .string(let text): return "the string \"\(text.prefix(40))\""
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

import Foundation

extension JSONDocument {
    private enum Step {
        case key(String)
        case index(Int)
    }

    /// Finds a number that does not fit where it goes: a fraction, or a number beyond 64 bits,
    /// where an integer is expected. Foundation reports such a number as invalid JSON with no
    /// coding path, which sends a person looking for a syntax error that is not there.
    ///
    /// Suspects (numbers that are not whole, or too large) are replaced by 0 one after another
    /// until the document decodes or fails elsewhere; the last one replaced is the culprit.
    ///
    /// - Complexity: O(suspects × document size); it runs only after a decode has failed.
    static func misfitNumber<T: Decodable>(_ type: T.Type, in data: Data, document: String)
        -> InputError?
    {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        var suspects: [(path: [Step], number: Double)] = []
        collectSuspects(root, path: [], into: &suspects)
        var repaired = root
        for suspect in suspects {
            repaired = replacing(suspect.path[...], in: repaired, with: .number(0))
            guard let bytes = try? JSONEncoder().encode(repaired) else { return nil }
            do {
                _ = try JSONDecoder().decode(type, from: bytes)
            } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
                continue
            } catch {}
            return InputError(
                document: document, location: pathText(suspect.path),
                problem: "expected an integer, found \(suspect.number)")
        }
        return nil
    }

    private static func collectSuspects(
        _ value: JSONValue, path: [Step], into suspects: inout [(path: [Step], number: Double)]
    ) {
        switch value {
        case .number(let number) where number.rounded() != number || abs(number) >= 0x1p63:
            suspects.append((path, number))
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                collectSuspects(element, path: path + [.index(index)], into: &suspects)
            }
        case .object(let members):
            for key in members.keys.sorted() {
                collectSuspects(members[key] ?? .null, path: path + [.key(key)], into: &suspects)
            }
        default:
            break
        }
    }

    private static func replacing(
        _ path: ArraySlice<Step>, in value: JSONValue, with new: JSONValue
    ) -> JSONValue {
        guard let step = path.first else { return new }
        switch (step, value) {
        case (.index(let index), .array(var elements)) where elements.indices.contains(index):
            elements[index] = replacing(path.dropFirst(), in: elements[index], with: new)
            return .array(elements)
        case (.key(let key), .object(var members)):
            members[key] = replacing(path.dropFirst(), in: members[key] ?? .null, with: new)
            return .object(members)
        default:
            return value
        }
    }

    private static func pathText(_ path: [Step]) -> String {
        path.reduce("$") { text, step in
            switch step {
            case .key(let key): return JSONPath.member(text, key)
            case .index(let index): return JSONPath.element(text, index)
            }
        }
    }
}

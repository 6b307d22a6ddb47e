import Foundation

/// Finds where a document stops being valid JSON, because Foundation's parser only says
/// that it is not. Used once a parse has already failed, so it favours clear messages over
/// speed.
enum JSONSyntaxCheck {
    struct Failure {
        var location: String
        var problem: String
    }

    private struct Position {
        var line = 1
        var column = 1
        var text: String { "line \(line), column \(column)" }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0
        var position = Position()

        var atEnd: Bool { index >= bytes.count }
        var byte: UInt8 { bytes[index] }

        mutating func advance() {
            if bytes[index] == UInt8(ascii: "\n") {
                position.line += 1
                position.column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                position.column += 1
            }
            index += 1
        }
    }

    private enum Expect {
        case value
        case valueOrClose
        case keyOrClose
        case key
        case colon
        case commaOrClose
    }

    /// The first syntax error in `data`, or `nil` when there is none.
    ///
    /// - Complexity: O(n) in the size of the document.
    static func firstError(in data: Data) -> Failure? {
        var cursor = Cursor(bytes: [UInt8](data))
        var stack: [(opener: UInt8, at: Position)] = []
        var expect = Expect.value
        var sawRoot = false

        func fail(_ problem: String) -> Failure {
            Failure(location: cursor.position.text, problem: problem)
        }
        func afterValue() {
            expect = .commaOrClose
            if stack.isEmpty { sawRoot = true }
        }

        while !cursor.atEnd {
            let byte = cursor.byte
            if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
                cursor.advance()
                continue
            }
            if sawRoot {
                return fail("unexpected text after the end of the JSON document")
            }
            let character = Character(UnicodeScalar(byte))
            switch expect {
            case .colon:
                guard byte == UInt8(ascii: ":") else {
                    return fail("expected ':' after an object key, found '\(character)'")
                }
                cursor.advance()
                expect = .value
                continue
            case .commaOrClose:
                if byte == UInt8(ascii: ",") {
                    cursor.advance()
                    expect = stack.last?.opener == UInt8(ascii: "{") ? .key : .value
                    continue
                }
                if let close = closer(byte, stack: stack) {
                    if let problem = close { return fail(problem) }
                    stack.removeLast()
                    cursor.advance()
                    afterValue()
                    continue
                }
                return fail("expected ',' or a closing bracket, found '\(character)'")
            case .key, .keyOrClose:
                if expect == .keyOrClose, byte == UInt8(ascii: "}") {
                    stack.removeLast()
                    cursor.advance()
                    afterValue()
                    continue
                }
                guard byte == UInt8(ascii: "\"") else {
                    return fail("expected an object key in double quotes, found '\(character)'")
                }
                if let problem = skipString(&cursor) { return fail(problem) }
                expect = .colon
                continue
            case .value, .valueOrClose:
                if expect == .valueOrClose, byte == UInt8(ascii: "]") {
                    stack.removeLast()
                    cursor.advance()
                    afterValue()
                    continue
                }
                switch byte {
                case UInt8(ascii: "{"):
                    stack.append((byte, cursor.position))
                    cursor.advance()
                    expect = .keyOrClose
                case UInt8(ascii: "["):
                    stack.append((byte, cursor.position))
                    cursor.advance()
                    expect = .valueOrClose
                case UInt8(ascii: "\""):
                    if let problem = skipString(&cursor) { return fail(problem) }
                    afterValue()
                default:
                    let start = cursor.position
                    var token = ""
                    while !cursor.atEnd, isTokenByte(cursor.byte) {
                        token.append(Character(UnicodeScalar(cursor.byte)))
                        cursor.advance()
                    }
                    guard !token.isEmpty, isLiteral(token) else {
                        let shown = token.isEmpty ? String(character) : token
                        return Failure(
                            location: start.text, problem: "expected a value, found '\(shown)'")
                    }
                    afterValue()
                }
            }
        }

        guard let open = stack.last else {
            return sawRoot ? nil : fail("the document is empty")
        }
        let closers = stack.reversed().map { $0.opener == UInt8(ascii: "{") ? "}" : "]" }
        return fail(
            "the JSON ends early: \(stack.count) bracket(s) still open, the innermost "
                + "'\(Character(UnicodeScalar(open.opener)))' opened at \(open.at.text); "
                + "the document is truncated (missing \(closers.joined(separator: " ")))")
    }

    /// `nil` when `byte` is not a closing bracket; `.some(nil)` when it closes the innermost
    /// container; `.some(problem)` when it closes the wrong kind.
    private static func closer(_ byte: UInt8, stack: [(opener: UInt8, at: Position)])
        -> String??
    {
        guard byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") else { return nil }
        guard let open = stack.last else {
            return .some("a closing bracket with nothing open")
        }
        let matches =
            (open.opener == UInt8(ascii: "{") && byte == UInt8(ascii: "}"))
            || (open.opener == UInt8(ascii: "[") && byte == UInt8(ascii: "]"))
        if matches { return .some(nil) }
        return .some(
            "'\(Character(UnicodeScalar(byte)))' does not match the "
                + "'\(Character(UnicodeScalar(open.opener)))' opened at \(open.at.text)")
    }

    private static func skipString(_ cursor: inout Cursor) -> String? {
        cursor.advance()
        while !cursor.atEnd {
            let byte = cursor.byte
            if byte == UInt8(ascii: "\"") {
                cursor.advance()
                return nil
            }
            if byte == UInt8(ascii: "\\") {
                cursor.advance()
                guard !cursor.atEnd else { break }
            } else if byte < 0x20 {
                return "a control character inside a string (is a closing quote missing?)"
            }
            cursor.advance()
        }
        return "a string is not closed before the end of the document"
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".")
    }

    private static func isLiteral(_ token: String) -> Bool {
        if token == "true" || token == "false" || token == "null" { return true }
        return token.range(
            of: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$"#, options: .regularExpression)
            != nil
    }
}

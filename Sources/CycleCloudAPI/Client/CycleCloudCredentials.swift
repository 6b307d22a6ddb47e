import Foundation

/// A CycleCloud user name and password for HTTP Basic authentication.
///
/// The password never leaves this type except as the `Authorization` header: its
/// `description`, `debugDescription` and mirror (what `print`, `dump`, string
/// interpolation and debuggers show) name the user and hide the password, so that
/// credentials cannot reach output, logs or error messages by accident.
public struct CycleCloudCredentials: Sendable, Hashable, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// The CycleCloud user name.
    public let username: String
    private let password: String

    /// Credentials of `username` with `password`.
    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    /// The value of the `Authorization` header: `Basic base64(username:password)`.
    public var authorizationHeader: String {
        "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
    }

    /// Whether `header` (an `Authorization` header value) carries exactly these credentials.
    /// The comparison takes the same time wherever the first difference is.
    public func matches(authorizationHeader header: String?) -> Bool {
        let expected = Array(authorizationHeader.utf8)
        let given = Array((header ?? "").utf8)
        var difference = expected.count ^ given.count
        for index in expected.indices {
            difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0))
        }
        return difference == 0
    }

    /// Whether `text` contains the password; used to check that output is clean.
    public func appears(in text: String) -> Bool {
        !password.isEmpty && text.contains(password)
    }

    /// `user NAME (password hidden)`.
    public var description: String { "user \(username) (password hidden)" }

    /// The same as `description`: the password is hidden from debuggers too.
    public var debugDescription: String { description }

    /// A mirror that shows the user name and hides the password.
    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "password": "(hidden)"])
    }
}

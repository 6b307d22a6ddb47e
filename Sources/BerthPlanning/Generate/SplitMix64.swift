/// A small, fast pseudo-random generator (Steele, Lea and Flood's SplitMix64) whose output
/// depends on its seed alone, so that generated datasets are the same on every machine and
/// every Swift version.
///
/// It deliberately does not conform to `RandomNumberGenerator`: the standard library's
/// `random(in:using:)` algorithms may change between releases, and generated files must not.
/// Every draw goes through the methods below, which are fixed here.
///
/// A value type: copy it to fork an identical stream; use it from one thread at a time.
public struct SplitMix64: Sendable, Hashable {
    private var state: UInt64

    /// A generator whose stream is determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for the sub-stream `label` of `seed`, so that independent parts of a
    /// dataset do not shift each other's draws when one of them changes.
    public init(seed: UInt64, stream label: String) {
        state = seed ^ Self.fnv1a(label)
    }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniformly distributed integer in `range`, without modulo bias (rejection sampling).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound &- range.lowerBound)) &+ 1
        guard span != 0 else { return Int(truncatingIfNeeded: next()) }
        let limit = UInt64.max - UInt64.max % span
        var draw = next()
        while draw >= limit { draw = next() }
        return range.lowerBound &+ Int(truncatingIfNeeded: draw % span)
    }

    /// A uniformly distributed number in [0, 1), from the top 53 bits of one draw.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// One element of `elements`, uniformly; `nil` when it is empty.
    public mutating func element<T>(of elements: [T]) -> T? {
        guard !elements.isEmpty else { return nil }
        return elements[int(in: 0...(elements.count - 1))]
    }

    /// A version-4 UUID string made of generator output, for bucket and node identifiers.
    public mutating func uuid() -> String {
        let high = next()
        let low = next()
        let bytes =
            (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        var adjusted = bytes
        adjusted[6] = (adjusted[6] & 0x0F) | 0x40
        adjusted[8] = (adjusted[8] & 0x3F) | 0x80
        let hex = adjusted.map { byte in
            let text = String(byte, radix: 16)
            return text.count == 1 ? "0" + text : text
        }
        return [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }
            .joined(separator: "-")
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes: stable across processes, unlike
    /// `Hasher`, which is seeded per process.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}

extension MIPModel {
    /// The interval a variable or a constraint's activity must stay in.
    ///
    /// Either side may be infinite: `-.infinity` below, `.infinity` above. Equal sides fix the
    /// value (GLPK's fixed type); a constraint with both sides finite and different is a
    /// ranged row.
    public struct Bounds: Hashable, Sendable, CustomStringConvertible {
        /// The smallest allowed value, or `-.infinity`.
        public var lower: Double
        /// The largest allowed value, or `.infinity`.
        public var upper: Double

        /// The interval from `lower` to `upper`; the model checks it when used.
        public init(lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }

        /// No limit on either side.
        public static let free = Bounds(lower: -.infinity, upper: .infinity)

        /// Zero or more: the usual bounds of a variable.
        public static let nonNegative = Bounds(lower: 0, upper: .infinity)

        /// `value` or more.
        public static func atLeast(_ value: Double) -> Bounds {
            Bounds(lower: value, upper: .infinity)
        }

        /// `value` or less.
        public static func atMost(_ value: Double) -> Bounds {
            Bounds(lower: -.infinity, upper: value)
        }

        /// Exactly `value`.
        public static func exactly(_ value: Double) -> Bounds {
            Bounds(lower: value, upper: value)
        }

        /// From `lower` to `upper`, both included.
        public static func between(_ lower: Double, _ upper: Double) -> Bounds {
            Bounds(lower: lower, upper: upper)
        }

        /// Whether both sides are the same finite value.
        public var isFixed: Bool {
            lower == upper && lower.isFinite
        }

        /// Whether `value` lies within the bounds, allowing a violation of `tolerance` times
        /// the larger of 1 and the size of the bound it crosses.
        public func contains(_ value: Double, tolerance: Double = 0) -> Bool {
            // An infinite side needs no slack, and `0 * .infinity` would be NaN.
            let lowerSlack = lower.isFinite ? tolerance * max(1, abs(lower)) : 0
            let upperSlack = upper.isFinite ? tolerance * max(1, abs(upper)) : 0
            return value >= lower - lowerSlack && value <= upper + upperSlack
        }

        /// `[lower, upper]` in interval notation.
        public var description: String {
            "[\(lower), \(upper)]"
        }

        /// Whether the sides are numbers, in order, and not infinite on the wrong side.
        var isWellFormed: Bool {
            !lower.isNaN && !upper.isNaN && lower <= upper && lower != .infinity
                && upper != -.infinity
        }
    }
}

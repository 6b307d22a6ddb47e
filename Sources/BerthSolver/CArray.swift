/// A fixed-size block of C memory that frees itself, for arrays handed to GLPK.
///
/// Swift arrays only lend their storage inside a closure; GLPK's problem data needs a dozen
/// arrays at once, so they live in blocks like this one for the duration of the call.
final class CArray<Element: BitwiseCopyable> {
    let count: Int
    private let storage: UnsafeMutablePointer<Element>

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        self.count = count
        // One element at least, so that an empty array still has an address.
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: value, count: max(count, 1))
    }

    deinit {
        storage.deallocate()
    }

    subscript(index: Int) -> Element {
        get {
            precondition(index >= 0 && index < count, "CArray index out of range")
            return storage[index]
        }
        set {
            precondition(index >= 0 && index < count, "CArray index out of range")
            storage[index] = newValue
        }
    }

    /// The block's address; valid while this object is alive.
    var pointer: UnsafePointer<Element> {
        UnsafePointer(storage)
    }
}

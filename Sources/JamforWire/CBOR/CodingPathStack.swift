/// The coding path as a stack in memory the coder owns: pushing and popping a key is one existential
/// copy, without the uniqueness and capacity checks of appending to an array. Every nested value
/// pushes a key, so this is on the hot path; the path as an array is built only when asked for.
struct CodingPathStack {
    private var base: UnsafeMutablePointer<any CodingKey>
    private(set) var count = 0
    private var capacity: Int

    init(_ initial: [any CodingKey] = []) {
        capacity = Swift.max(16, initial.count * 2)
        base = .allocate(capacity: capacity)
        for key in initial { push(key) }
    }

    @inline(__always)
    mutating func push<Key: CodingKey>(_ key: Key) {
        if count == capacity { grow() }
        (base + count).initialize(to: key)
        count += 1
    }

    @inline(__always)
    mutating func pop() {
        guard count > 0 else { return }
        count -= 1
        (base + count).deinitialize(count: 1)
    }

    /// The keys from the outermost to the innermost.
    var keys: [any CodingKey] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private mutating func grow() {
        let grown = UnsafeMutablePointer<any CodingKey>.allocate(capacity: capacity * 2)
        grown.moveInitialize(from: base, count: count)
        base.deallocate()
        base = grown
        capacity *= 2
    }

    func deallocate() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}

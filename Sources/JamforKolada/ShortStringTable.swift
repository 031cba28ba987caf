/// Interns short strings — up to 8 bytes, which covers KPI ids (`N05401`), municipality codes (`0880`) and group
/// ids (`G124026`) — so that a file with millions of entries builds each distinct `String` once instead of
/// validating and creating one per entry. Bounded: after ``maxEntries`` distinct strings it stops adding.
struct ShortStringTable {
    private static let slotCount = 4096
    static let maxEntries = 2048

    /// The bytes of each slot's string as a little-endian word; `lengths` 0 marks an empty slot.
    private var words = [UInt64](repeating: 0, count: slotCount)
    private var lengths = [UInt8](repeating: 0, count: slotCount)
    private var strings = [String](repeating: "", count: slotCount)
    private var entries = 0

    /// The string for `bytes` (valid UTF-8), from the table when it has been seen before.
    @inline(__always)
    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let length = bytes.count
        guard length > 0, length <= 8 else { return String(decoding: bytes, as: UTF8.self) }
        let word = bytes.shortWord
        // Fibonacci hashing: the top 12 bits of the product.
        var slot = Int(truncatingIfNeeded: (word &* 0x9E37_79B9_7F4A_7C15) >> 52)
        while lengths[slot] != 0 {
            if words[slot] == word, Int(lengths[slot]) == length { return strings[slot] }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        let string = String(decoding: bytes, as: UTF8.self)
        if entries < Self.maxEntries {
            words[slot] = word
            lengths[slot] = UInt8(length)
            strings[slot] = string
            entries += 1
        }
        return string
    }
}

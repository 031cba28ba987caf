/// Remembers recently decoded short strings by their bytes.
///
/// Payloads repeat the same short strings many times — indicator ids, periods, scopes, genders,
/// municipality codes — and making a `String` (validating it, packing it) costs more than finding
/// it again: a hit is two word comparisons. Only strings of up to 15 bytes are kept, which Swift
/// stores inline, so a cached value holds no memory of its own.
struct StringCache {
    private static let slotBits = 8
    private static let slotCount = 1 << slotBits

    private let words: UnsafeMutablePointer<UInt64>
    private let lengths: UnsafeMutablePointer<UInt8>
    private let strings: UnsafeMutablePointer<String>

    init() {
        words = .allocate(capacity: 2 * Self.slotCount)
        words.initialize(repeating: 0, count: 2 * Self.slotCount)
        lengths = .allocate(capacity: Self.slotCount)
        // 0xff is no valid length, so empty slots never match.
        lengths.initialize(repeating: 0xff, count: Self.slotCount)
        strings = .allocate(capacity: Self.slotCount)
        strings.initialize(repeating: "", count: Self.slotCount)
    }

    func deallocate() {
        words.deallocate()
        lengths.deallocate()
        strings.deinitialize(count: Self.slotCount)
        strings.deallocate()
    }

    /// The string made of the `length` (at most 15) bytes at `start`, or `nil` if they are not UTF-8.
    @inline(__always)
    func string(_ start: UnsafeRawPointer, length: Int) -> String? {
        var packed: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &packed) { $0.baseAddress?.copyMemory(from: start, byteCount: length) }
        let hash = (packed.0 &* 0x9E37_79B9_7F4A_7C15) ^ (packed.1 &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        let slot = Int(truncatingIfNeeded: (hash &* 0xD6E8_FEB8_6659_FD93) >> UInt64(64 - Self.slotBits))
        if lengths[slot] == UInt8(length) && words[2 * slot] == packed.0 && words[2 * slot + 1] == packed.1 {
            return strings[slot]
        }
        guard let string = UTF8Validation.string(start, count: length) else { return nil }
        lengths[slot] = UInt8(length)
        words[2 * slot] = packed.0
        words[2 * slot + 1] = packed.1
        strings[slot] = string
        return string
    }
}

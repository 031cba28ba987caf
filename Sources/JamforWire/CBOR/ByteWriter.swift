import Foundation

/// A growable byte buffer that the encoder writes every item into.
///
/// It owns raw memory instead of wrapping `[UInt8]` so that appends carry no uniqueness checks; the
/// encoder that holds it is a class, so the memory has exactly one owner and is freed in its `deinit`.
/// The memory comes from `malloc` so that growing uses `realloc`, which for large buffers can remap
/// pages instead of copying them.
struct ByteWriter {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count: Int = 0

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        self.base = Self.allocate(self.capacity)
    }

    private static func allocate(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        // When malloc has nothing to give, Swift's allocator is asked, which fails the way every
        // other allocation in the process does.
        malloc(capacity)?.assumingMemoryBound(to: UInt8.self) ?? .allocate(capacity: capacity)
    }

    func deallocate() { free(base) }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count &+ extra > capacity { grow(to: count + extra) }
    }

    @inline(never)
    private mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        if let grown = realloc(base, newCapacity) {
            base = grown.assumingMemoryBound(to: UInt8.self)
        } else {
            let fresh = Self.allocate(newCapacity)
            fresh.update(from: base, count: count)
            free(base)
            base = fresh
        }
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        if bytes.count <= 16 {
            // Short strings are most of what is written; a call to memcpy costs more than the copy.
            let target = base + count
            for index in 0..<bytes.count { target[index] = source.load(fromByteOffset: index, as: UInt8.self) }
        } else {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count &+= bytes.count
    }

    /// Writes an initial byte and its argument in the shortest form (RFC 8949 section 4.2.1).
    @inline(__always)
    mutating func appendHead(_ major: UInt8, _ argument: UInt64) {
        reserve(9)
        let p = base + count
        let type = major << 5
        if argument < 24 {
            p[0] = type | UInt8(truncatingIfNeeded: argument)
            count &+= 1
        } else if argument <= 0xff {
            p[0] = type | 24
            p[1] = UInt8(truncatingIfNeeded: argument)
            count &+= 2
        } else if argument <= 0xffff {
            p[0] = type | 25
            UnsafeMutableRawPointer(p + 1).storeBytes(
                of: UInt16(truncatingIfNeeded: argument).bigEndian,
                as: UInt16.self
            )
            count &+= 3
        } else if argument <= 0xffff_ffff {
            p[0] = type | 26
            UnsafeMutableRawPointer(p + 1).storeBytes(
                of: UInt32(truncatingIfNeeded: argument).bigEndian,
                as: UInt32.self
            )
            count &+= 5
        } else {
            p[0] = type | 27
            UnsafeMutableRawPointer(p + 1).storeBytes(of: argument.bigEndian, as: UInt64.self)
            count &+= 9
        }
    }

    /// The number of bytes `appendHead` writes for `argument`.
    @inline(__always)
    static func headLength(_ argument: UInt64) -> Int {
        if argument < 24 { return 1 }
        if argument <= 0xff { return 2 }
        if argument <= 0xffff { return 3 }
        if argument <= 0xffff_ffff { return 5 }
        return 9
    }

    @inline(__always)
    mutating func appendInt64(_ value: Int64) {
        if value >= 0 {
            appendHead(CBOR.majorUnsigned, UInt64(value))
        } else {
            // -1 - n without overflow for Int64.min: the bitwise complement.
            appendHead(CBOR.majorNegative, UInt64(bitPattern: ~value))
        }
    }

    @inline(__always)
    mutating func appendString(_ value: String) {
        // Native strings lend their UTF-8 without a copy of the string value; others are made native.
        let written: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
            appendHead(CBOR.majorText, UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
        if written == nil {
            var copy = value
            copy.withUTF8 { utf8 in
                appendHead(CBOR.majorText, UInt64(utf8.count))
                append(UnsafeRawBufferPointer(utf8))
            }
        }
    }

    /// Writes a float in the shortest of half, single and double precision that keeps its value.
    @inline(__always)
    mutating func appendDouble(_ value: Double) {
        let single = Float(value)
        if Double(single) == value {
            appendFloat(single)
        } else if value.isNaN {
            appendCanonicalNaN()
        } else {
            reserve(9)
            base[count] = 0xfb
            UnsafeMutableRawPointer(base + count + 1).storeBytes(of: value.bitPattern.bigEndian, as: UInt64.self)
            count &+= 9
        }
    }

    @inline(__always)
    mutating func appendFloat(_ value: Float) {
        if let half = HalfFloat.exactBits(value) {
            reserve(3)
            base[count] = 0xf9
            UnsafeMutableRawPointer(base + count + 1).storeBytes(of: half.bigEndian, as: UInt16.self)
            count &+= 3
        } else if value.isNaN {
            appendCanonicalNaN()
        } else {
            reserve(5)
            base[count] = 0xfa
            UnsafeMutableRawPointer(base + count + 1).storeBytes(of: value.bitPattern.bigEndian, as: UInt32.self)
            count &+= 5
        }
    }

    /// Writes a date as tag 1 and its seconds since 1970: an integer when whole, else a float.
    @inline(__always)
    mutating func appendEpochDate(_ date: Date) {
        appendHead(CBOR.majorTag, CBOR.tagEpochDate)
        let seconds = date.timeIntervalSince1970
        if let whole = Int64(exactly: seconds) {
            appendInt64(whole)
        } else {
            appendDouble(seconds)
        }
    }

    /// NaN is always written as the half-precision quiet NaN 0xf97e00 (RFC 8949 section 4.2.2).
    @inline(__always)
    mutating func appendCanonicalNaN() {
        reserve(3)
        base[count] = 0xf9
        base[count + 1] = 0x7e
        base[count + 2] = 0x00
        count &+= 3
    }

    /// Opens a gap of `length` bytes at `offset`, moving what follows it.
    mutating func insertGap(at offset: Int, length: Int) {
        reserve(length)
        (base + offset + length).update(from: base + offset, count: count - offset)
        count += length
    }

    /// Writes `argument`'s head over a one-byte placeholder at `offset`, widening it if needed.
    mutating func patchHead(at offset: Int, major: UInt8, argument: UInt64) {
        let length = ByteWriter.headLength(argument)
        if length > 1 {
            insertGap(at: offset + 1, length: length - 1)
        }
        let saved = count
        count = offset
        appendHead(major, argument)
        count = saved
    }
}

import Crypto
import Foundation

/// Account tokens: random, shown once, stored only as a hash, compared in constant time.
public enum Tokens {
    /// Bytes of randomness in a token: 256 bits.
    public static let byteCount = 32

    /// A new token: 32 random bytes from the system's cryptographic generator, as 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        for _ in 0..<byteCount { bytes.append(generator.next()) }
        return hex(bytes)
    }

    /// The SHA-256 digest a token is stored and compared as. Tokens carry 256 random bits, so a
    /// fast hash is enough: there is no dictionary to guess from.
    public static func hash(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(token.utf8)))
    }

    /// Whether two digests are equal, taking the same time wherever they differ.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

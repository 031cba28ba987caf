import Foundation
import Testing

@testable import JamforWire

@Suite struct CBOREncoderTests {
    // Expected bytes from RFC 8949 Appendix A.
    @Test func integersTakeTheShortestForm() throws {
        #expect(try encode(0) == "00")
        #expect(try encode(23) == "17")
        #expect(try encode(24) == "1818")
        #expect(try encode(100) == "1864")
        #expect(try encode(1000) == "1903e8")
        #expect(try encode(1_000_000) == "1a000f4240")
        #expect(try encode(1_000_000_000_000) == "1b000000e8d4a51000")
        #expect(try encode(UInt64.max) == "1bffffffffffffffff")
        #expect(try encode(-1) == "20")
        #expect(try encode(-10) == "29")
        #expect(try encode(-100) == "3863")
        #expect(try encode(-1000) == "3903e7")
        #expect(try encode(Int64.min) == "3b7fffffffffffffff")
        #expect(try encode(Int8(-128)) == "387f")
        #expect(try encode(UInt8(255)) == "18ff")
        #expect(try encode(Int16(-300)) == "39012b")
        #expect(try encode(UInt32(65536)) == "1a00010000")
    }

    @Test func floatsTakeTheShortestExactForm() throws {
        #expect(try encode(0.0) == "f90000")
        #expect(try encode(-0.0) == "f98000")
        #expect(try encode(1.0) == "f93c00")
        #expect(try encode(1.1) == "fb3ff199999999999a")
        #expect(try encode(1.5) == "f93e00")
        #expect(try encode(65504.0) == "f97bff")
        #expect(try encode(100_000.0) == "fa47c35000")
        #expect(try encode(3.4028234663852886e+38) == "fa7f7fffff")
        #expect(try encode(1.0e+300) == "fb7e37e43c8800759c")
        #expect(try encode(5.960464477539063e-8) == "f90001")
        #expect(try encode(0.00006103515625) == "f90400")
        #expect(try encode(-4.0) == "f9c400")
        #expect(try encode(-4.1) == "fbc010666666666666")
        #expect(try encode(Double.infinity) == "f97c00")
        #expect(try encode(-Double.infinity) == "f9fc00")
        #expect(try encode(Double.nan) == "f97e00")
        #expect(try encode(Double(bitPattern: 0x7ff0_0000_0000_0001)) == "f97e00")
        #expect(try encode(Float.nan) == "f97e00")
        #expect(try encode(Float(100_000)) == "fa47c35000")
        #expect(try encode(Float(0.1)) == "fa3dcccccd")
    }

    @Test func halfPrecisionMatchesFloat16ForEveryBitPattern() {
        #if !((os(macOS) || targetEnvironment(macCatalyst)) && arch(x86_64))
            for bits in UInt16.min...UInt16.max {
                let half = Float16(bitPattern: bits)
                let widened = HalfFloat.float(fromBits: bits)
                if half.isNaN {
                    #expect(widened.isNaN)
                    continue
                }
                #expect(widened.bitPattern == Float(half).bitPattern, "bits \(bits)")
                #expect(HalfFloat.exactBits(widened) == bits, "bits \(bits)")
            }
        #endif
    }

    @Test func halfPrecisionRejectsFloatsItCannotHoldExactly() {
        #expect(HalfFloat.exactBits(65505) == nil)
        #expect(HalfFloat.exactBits(1.0009765625) != nil)
        #expect(HalfFloat.exactBits(1.00048828125) == nil)
        #expect(HalfFloat.exactBits(0x1p-25) == nil)
        #expect(HalfFloat.exactBits(0x1p-24) == 0x0001)
        #expect(HalfFloat.exactBits(0x1.8p-24) == nil)
        #expect(HalfFloat.exactBits(.leastNonzeroMagnitude) == nil)
    }

    @Test func stringsBytesAndSimpleValues() throws {
        #expect(try encode("") == "60")
        #expect(try encode("a") == "6161")
        #expect(try encode("IETF") == "6449455446")
        #expect(try encode("\u{00fc}") == "62c3bc")
        #expect(try encode("\u{6c34}") == "63e6b0b4")
        #expect(try encode("Västerås") == "6a56c3a473746572c3a573")
        #expect(try encode(true) == "f5")
        #expect(try encode(false) == "f4")
        #expect(try encode(Data([1, 2, 3, 4])) == "4401020304")
        #expect(try encode(String?.none) == "f6")
        #expect(try encode(Optional(5)) == "05")
    }

    @Test func datesAreTagOne() throws {
        #expect(try encode(Date(timeIntervalSince1970: 1_363_896_240)) == "c11a514b67b0")
        #expect(try encode(Date(timeIntervalSince1970: 1_363_896_240.5)) == "c1fb41d452d9ec200000")
        #expect(try encode(Date(timeIntervalSince1970: -1)) == "c120")
    }

    @Test func decimalsAreDecimalFractions() throws {
        // 273.15 = 27315 × 10^-2, RFC 8949 section 3.4.4.
        #expect(try encode(Decimal(string: "273.15")) == "c48221196ab3")
        #expect(try encode(Decimal(string: "-1.5")) == "c482202e")
        #expect(try encode(Decimal(string: "1000")) == "c4820301")
        #expect(try encode(Decimal(0)) == "c4820000")
        #expect(try encode(Decimal(string: "1.0")) == (try encode(Decimal(string: "1"))))
        // 2^64 needs a bignum mantissa.
        #expect(try encode(Decimal(string: "18446744073709551616")) == "c48200c249010000000000000000")
        #expect(try encode(Decimal(string: "-18446744073709551617")) == "c48200c349010000000000000000")
    }

    @Test func arraysAndTypedArrays() throws {
        #expect(try encode([String]()) == "80")
        #expect(try encode(["a", "b"]) == "82" + "6161" + "6162")
        #expect(try encode([[1], [2, 3]] as [[UInt8]]) == "82" + "d840" + "4101" + "d840" + "420203")
        #expect(try encode([1.5, 2.0]) == "d856" + "50" + "000000000000f83f" + "0000000000000040")
        #expect(try encode([Float(1)]) == "d855" + "44" + "0000803f")
        #expect(try encode([Int16(1), -2]) == "d84d" + "44" + "0100" + "feff")
        #expect(try encode([1, 2] as [Int]) == "d84f" + "50" + "0100000000000000" + "0200000000000000")
        #expect(try encode([UInt32(7)]) == "d8464407000000")
        // 24 elements need a two-byte head, which the encoder widens into place.
        let long = try CBOREncoder().encode(Array(repeating: "x", count: 24))
        #expect(Array(long.prefix(3)) == [0x98, 24, 0x61])
        #expect(long.count == 2 + 24 * 2)
        let longer = try CBOREncoder().encode(Array(repeating: true, count: 300))
        #expect(Array(longer.prefix(4)) == [0x99, 0x01, 0x2c, 0xf5])
    }

    struct Point: Codable, Equatable {
        var x: Int
        var y: Int
        var label: String?
        enum CodingKeys: Int, CodingKey {
            case x = 1
            case y = 2
            case label = 3
        }
    }

    struct Named: Codable, Equatable {
        var alpha: Int
        var beta: Bool
    }

    @Test func structsAreKeyedByIntegerOrString() throws {
        #expect(try encode(Point(x: 1, y: -1, label: nil)) == "a2" + "0101" + "0220")
        #expect(try encode(Point(x: 1, y: 2, label: "p")) == "a3" + "0101" + "0202" + "036170")
        #expect(try encode(Named(alpha: 1, beta: true)) == "a2" + "65616c706861" + "01" + "6462657461" + "f5")
    }

    @Test func dictionariesAreSortedByEncodedKey() throws {
        // Shorter keys first, then bytewise (RFC 8949 section 4.2.1).
        let strings: [String: Int] = ["bb": 2, "a": 1, "c": 3, "aa": 4]
        #expect(try encode(strings) == "a4" + "616101" + "616303" + "62616104" + "62626202")
        let ints: [Int: String] = [10: "x", -1: "y", 1000: "z", 0: "w"]
        #expect(try encode(ints) == "a4" + "006177" + "0a6178" + "1903e8617a" + "206179")
        for _ in 0..<5 {
            let shuffled = Dictionary(uniqueKeysWithValues: (0..<50).map { ("key\($0)", $0) }.shuffled())
            #expect(
                try encode(shuffled)
                    == (try encode(Dictionary(uniqueKeysWithValues: (0..<50).map { ("key\($0)", $0) })))
            )
        }
    }

    @Test func setsAreSortedByEncodedElement() throws {
        // Shorter encodings first, then bytewise: 1, 23, 24, 1000, then -1.
        #expect(try encode(Set([1000, -1, 24, 1, 23])) == "85" + "01" + "17" + "1818" + "1903e8" + "20")
        #expect(try encode(Set(["bb", "a", "c"])) == "83" + "6161" + "6163" + "626262")
        for _ in 0..<5 {
            let words = Set((0..<40).map { "ord\($0)" })
            #expect(try CBOREncoder().encode(words) == (try CBOREncoder().encode(Set(words.shuffled()))))
        }
        try roundTrip(Set(["Kalmar", "Växjö", "Halmstad"]))
    }

    @Test func equalValuesGiveEqualBytes() throws {
        let a = Point(x: 300, y: -70000, label: "ö")
        #expect(try CBOREncoder().encode(a) == (try CBOREncoder().encode(a)))
    }

    @Test func appendingKeepsExistingBytes() throws {
        var bytes: [UInt8] = [0xaa]
        try CBOREncoder().encode(7, appendingTo: &bytes)
        #expect(bytes == [0xaa, 0x07])
    }

    struct Empty: Codable, Equatable {}

    @Test func aValueThatEncodesNothingIsAnEmptyMap() throws {
        #expect(try encode(Empty()) == "a0")
    }

    struct TwoContainers: Encodable {
        func encode(to encoder: any Encoder) throws {
            var keyed = encoder.container(keyedBy: CBORKey.self)
            try keyed.encode(1, forKey: CBORKey(stringValue: "a"))
            var unkeyed = encoder.unkeyedContainer()
            try unkeyed.encode(2)
        }
    }

    @Test func mixingContainerKindsForOneValueIsAnError() {
        #expect(throws: CBORError.self) { try CBOREncoder().encode(TwoContainers()) }
    }

    struct Deep: Codable, Equatable {
        var next: [Deep]
    }

    @Test func encodingDepthIsLimited() throws {
        var value = Deep(next: [])
        for _ in 0..<20 { value = Deep(next: [value]) }
        #expect(throws: EncodingError.self) { try CBOREncoder(maxNestingDepth: 10).encode(value) }
        _ = try CBOREncoder(maxNestingDepth: 100).encode(value)
    }
}

import Foundation
import Testing

@testable import JamforWire

@Suite struct CBORDecoderTests {
    func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try CBORDecoder().decode(type, from: hex(text))
    }

    // MARK: Shapes Codable produces

    enum Shape: Codable, Equatable {
        case circle(radius: Double)
        case rectangle(width: Double, height: Double)
        case labelled(String, Int)
        case empty
    }

    enum Suit: String, Codable, Equatable { case hearts, spades }
    enum Rank: Int, Codable, Equatable {
        case ace = 1
        case king = 13
    }

    struct Everything: Codable, Equatable {
        var int: Int = -5
        var int8: Int8 = .min
        var int16: Int16 = .min
        var int32: Int32 = .min
        var int64: Int64 = .min
        var uint: UInt = .max
        var uint8: UInt8 = .max
        var uint16: UInt16 = .max
        var uint32: UInt32 = .max
        var uint64: UInt64 = .max
        var float: Float = 3.25
        var double: Double = -0.1
        var bool: Bool = true
        var string: String = "Kungsör – Västra Mälardalen 🇸🇪"
        var optionalPresent: String? = "here"
        var optionalAbsent: Int? = nil
        var data: Data = Data([0, 1, 2, 255])
        var date: Date = Date(timeIntervalSince1970: 1_700_000_000.25)
        var decimal: Decimal = Decimal(string: "-12345678901234567890.123") ?? 0
        var doubles: [Double] = [1, -2.5, .infinity, -.infinity, 1e-300]
        var floats: [Float] = [1, 0.1, -3]
        var ints: [Int] = [0, -1, .max, .min]
        var int8s: [Int8] = [-128, 127]
        var int16s: [Int16] = [-1, 300]
        var int32s: [Int32] = [.min]
        var int64s: [Int64] = [.max]
        var uints: [UInt] = [.max]
        var uint8s: [UInt8] = [1, 2, 3]
        var uint16s: [UInt16] = [65535]
        var uint32s: [UInt32] = [1 << 31]
        var uint64s: [UInt64] = [.max]
        var strings: [String] = ["a", "", "ö"]
        var nested: [[String]] = [["x"], [], ["y", "z"]]
        var optionals: [Int?] = [1, nil, 3]
        var byString: [String: Int] = ["one": 1, "two": 2, "42": 42]
        var byInt: [Int: String] = [1: "one", -7: "minus seven"]
        var shapes: [Shape] = [.circle(radius: 1.5), .rectangle(width: 2, height: 3), .labelled("x", 9), .empty]
        var suit: Suit = .spades
        var rank: Rank = .king
        var set: Set<Int> = [3, 1, 2]
        var tuple: [Int: [Double]] = [0: [1, 2]]
    }

    @Test func everyShapeRoundTrips() throws {
        try roundTrip(Everything())
    }

    @Test func doubleOptionalsCollapseLikeJSON() throws {
        // Codable writes `.some(nil)` as null, so it reads back as nil, as with JSONDecoder.
        struct Holder: Codable { var value: Int?? }
        let bytes = try CBOREncoder().encode(Holder(value: .some(nil)))
        #expect(hexString(bytes) == "a1" + "6576616c7565" + "f6")
        #expect(try CBORDecoder().decode(Holder.self, from: bytes).value == nil)
    }

    @Test func nanSurvivesAsNaN() throws {
        let bytes = try CBOREncoder().encode([Double.nan, 1])
        let back = try CBORDecoder().decode([Double].self, from: bytes)
        #expect(back[0].isNaN && back[1] == 1)
        let plain = try CBOREncoder().encode(Double.nan)
        #expect(try CBORDecoder().decode(Double.self, from: plain).isNaN)
        #expect(try CBORDecoder().decode(Float.self, from: plain).isNaN)
    }

    class Animal: Codable {
        var name: String
        init(name: String) { self.name = name }
    }

    final class Dog: Animal, Equatable {
        var good: Bool
        init(name: String, good: Bool) {
            self.good = good
            super.init(name: name)
        }
        enum CodingKeys: Int, CodingKey { case good = 1 }
        required init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            good = try container.decode(Bool.self, forKey: .good)
            try super.init(from: container.superDecoder())
        }
        override func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(good, forKey: .good)
            try super.encode(to: container.superEncoder())
        }
        static func == (a: Dog, b: Dog) -> Bool { a.name == b.name && a.good == b.good }
    }

    @Test func superEncodersRoundTrip() throws {
        let dog = Dog(name: "Tussi", good: true)
        #expect(try encode(dog) == "a2" + "01f5" + "657375706572" + "a1" + "646e616d65" + "655475737369")
        try roundTrip(dog)
    }

    /// Writes to a nested container after writing more to its parent, which Codable allows.
    struct Interleaved: Codable, Equatable {
        var a: Int
        var inner: [Int]
        var b: Int
        var map: [String: Int]

        enum Keys: Int, CodingKey {
            case a = 1
            case inner = 2
            case b = 3
            case map = 4
        }
        enum MapKeys: String, CodingKey { case x, y }

        init(a: Int, inner: [Int], b: Int, map: [String: Int]) {
            self.a = a
            self.inner = inner
            self.b = b
            self.map = map
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            var list = container.nestedUnkeyedContainer(forKey: .inner)
            var nestedMap = container.nestedContainer(keyedBy: MapKeys.self, forKey: .map)
            try container.encode(a, forKey: .a)
            try list.encode(inner[0])
            try nestedMap.encode(map["x"], forKey: .x)
            try container.encode(b, forKey: .b)
            for value in inner.dropFirst() { try list.encode(value) }
            try nestedMap.encode(map["y"], forKey: .y)
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            var list = try container.nestedUnkeyedContainer(forKey: .inner)
            let nestedMap = try container.nestedContainer(keyedBy: MapKeys.self, forKey: .map)
            b = try container.decode(Int.self, forKey: .b)
            var values: [Int] = []
            while !list.isAtEnd { values.append(try list.decode(Int.self)) }
            inner = values
            a = try container.decode(Int.self, forKey: .a)
            map = ["x": try nestedMap.decode(Int.self, forKey: .x), "y": try nestedMap.decode(Int.self, forKey: .y)]
        }
    }

    @Test func interleavedNestedContainersKeepTheirContents() throws {
        let value = Interleaved(a: 1, inner: [10, 20, 30], b: 2, map: ["x": 5, "y": 6])
        // inner (key 2) and map (key 4) were created first, so they come first in the map.
        #expect(try encode(value) == "a4" + "02" + "830a14181e" + "04" + "a2617805617906" + "0101" + "0302")
        try roundTrip(value)
    }

    // MARK: Reading other encoders' CBOR

    struct Pair: Codable, Equatable {
        var first: Int
        var second: String?
        enum CodingKeys: Int, CodingKey {
            case first = 1
            case second = 2
        }
    }

    @Test func readsKeysInAnyOrderAndSkipsUnknownOnes() throws {
        // {99: [1, {"deep": h'00'}], 2: "b", 1: 7}
        let value = try decode(Pair.self, "a3 1863 8201a1646465657041 00 02 6162 01 07")
        #expect(value == Pair(first: 7, second: "b"))
    }

    /// Asks for keys in an order of its own, again, and absent, to exercise every lookup path.
    struct Picky: Decodable, Equatable {
        var values: [Int?]

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(_ int: Int) {
                intValue = int
                stringValue = "k\(int)"
            }
            init?(stringValue: String) {
                self.stringValue = stringValue
                intValue = nil
            }
            init?(intValue: Int) { self.init(intValue) }
        }

        static let order = [1, 2, 1, 4, 9, 3, 30, 2, 4, -1, 100]

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            values = try Self.order.map { try container.decodeIfPresent(Int.self, forKey: Key($0)) }
            if container.contains(Key(stringValue: "name") ?? Key(0)) {
                values.append(try container.decode(Int.self, forKey: Key(stringValue: "name") ?? Key(0)))
            }
        }

        init(values: [Int?]) { self.values = values }
    }

    @Test func keysAskedForOutOfOrderAgainOrAbsentAreFound() throws {
        // {1: 10, 2: 20, 3: 30, 4: 40, 30: 300, -1: -10}
        let map = "a6 010a 0214 03181e 041828 181e19012c 2029"
        let expected: [Int?] = [10, 20, 10, 40, nil, 30, 300, 20, 40, -10, nil]
        #expect(try decode(Picky.self, map) == Picky(values: expected))
        // The same keys in another order, with a text key at the end.
        let shuffled = "a7 181e19012c 041828 2029 03181e 0214 010a 646e616d6505"
        #expect(try decode(Picky.self, shuffled) == Picky(values: expected + [5]))
        // Only small keys, consumed in order until the end, then asked for again.
        #expect(
            try decode(Picky.self, "a2 010a 0214")
                == Picky(values: [10, 20, 10, nil, nil, nil, nil, 20, nil, nil, nil])
        )
        // Indefinite length.
        #expect(
            try decode(Picky.self, "bf 010a 0214 ff")
                == Picky(values: [10, 20, 10, nil, nil, nil, nil, 20, nil, nil, nil])
        )
    }

    @Test func readsFieldNamesAsKeys() throws {
        // {"first": 3, "second": null}
        let value = try decode(Pair.self, "a2 656669727374 03 667365636f6e64 f6")
        #expect(value == Pair(first: 3, second: nil))
    }

    @Test func readsIndefiniteLengths() throws {
        // {_ 1: 5, 2: (_ "ab", "c")}
        #expect(try decode(Pair.self, "bf 0105 02 7f 626162 6163 ff ff") == Pair(first: 5, second: "abc"))
        // [_ 1, [_ ], 2]
        #expect(try decode([[Int]].self, "9f 9f01ff 9fff 8102 ff") == [[1], [], [2]])
        // (_ h'0102', h'03')
        #expect(try decode(Data.self, "5f 420102 4103 ff") == Data([1, 2, 3]))
    }

    @Test func readsNumbersInAnyWidth() throws {
        #expect(try decode(Int.self, "1b0000000000000005") == 5)
        #expect(try decode(Int8.self, "387f") == -128)
        #expect(try decode(UInt64.self, "1bffffffffffffffff") == .max)
        #expect(try decode(Int64.self, "3b7fffffffffffffff") == .min)
        #expect(try decode(Int.self, "f94500") == 5)
        #expect(try decode(Double.self, "19 03e8") == 1000)
        #expect(try decode(Double.self, "f93c00") == 1)
        #expect(try decode(Double.self, "fa47c35000") == 100_000)
        #expect(try decode(Float.self, "fb3ff8000000000000") == 1.5)
        #expect(try decode(Int.self, "c2 42 0100") == 256)
        #expect(try decode(Int.self, "c3 41 00") == -1)
        #expect(try decode(Int.self, "d9d9f7 05") == 5)
    }

    @Test func readsTypedArraysOfOtherLayouts() throws {
        // float64 big-endian [1.0]
        #expect(try decode([Double].self, "d852 48 3ff0000000000000") == [1])
        // float32 little-endian [1.0] into [Double]
        #expect(try decode([Double].self, "d855 44 0000803f") == [1])
        // float16 big-endian [1.0, -2.0]
        #expect(try decode([Double].self, "d850 44 3c00c000") == [1, -2])
        // uint16 big-endian [1, 2] into [Int]
        #expect(try decode([Int].self, "d841 44 00010002") == [1, 2])
        // sint8 [-1] into [Int32]
        #expect(try decode([Int32].self, "d848 41 ff") == [-1])
        // plain arrays for typed-array types
        #expect(try decode([Double].self, "83 01 f93e00 20") == [1, 1.5, -1])
        #expect(try decode([UInt8].self, "43 010203") == [1, 2, 3])
    }

    @Test func unknownTagsAreMismatchesNotIgnored() throws {
        // Tag 6 (unassigned) before an integer, and a bignum tag before a byte string meant as Data.
        #expect(throws: DecodingError.self) { try decode(Int.self, "c6 01") }
        #expect(throws: DecodingError.self) { try decode(Data.self, "c2 41 01") }
        #expect(throws: DecodingError.self) { try decode(Pair.self, "c6 a1 01 01") }
        // Encoding hints (21–23) change nothing.
        #expect(try decode(Data.self, "d5 41 01") == Data([1]))
    }

    @Test func typedArrayNaNsAreCanonical() throws {
        let payload = Double(bitPattern: 0x7ff8_0000_0000_0123)
        let negative = Double(bitPattern: 0xfff8_0000_0000_0000)
        #expect(payload.isNaN && negative.isNaN)
        let bytes = try CBOREncoder().encode([1, payload, negative])
        #expect(bytes == (try CBOREncoder().encode([1, Double.nan, Double.nan])))
        #expect(hexString(Array(bytes.suffix(16))) == "000000000000f87f" + "000000000000f87f")
        let floats = try CBOREncoder().encode([Float(bitPattern: 0xffc0_0001)])
        #expect(hexString(Array(floats.suffix(4))) == "0000c07f")
    }

    enum Colour: String, Codable { case red, blue }

    @Test func dictionariesOfAnyKeyTypeAreSortedMaps() throws {
        // Keys that Swift's own Dictionary coding would write as an array of pairs, in random order.
        let value: [Int16: [UInt16]] = [3: [1], -2: [], 100: [7, 8]]
        let bytes = try CBOREncoder().encode(value)
        #expect(hexString(bytes).hasPrefix("a3" + "03"))
        #expect(try CBORDecoder().decode([Int16: [UInt16]].self, from: bytes) == value)
        for _ in 0..<5 {
            let shuffled = Dictionary(uniqueKeysWithValues: value.shuffled())
            #expect(try CBOREncoder().encode(shuffled) == bytes)
        }
        let colours: [Colour: Int] = [.red: 1, .blue: 2]
        #expect(try encode(colours) == "a2" + "6372656401" + "64626c756502")
        try roundTrip(colours)
        // Swift's own format for such keys, an array of alternating keys and values, is read too.
        #expect(try decode([Colour: Int].self, "84 6372656401 64626c756502") == colours)
    }

    @Test func stringKeysStayStrings() throws {
        // Found by the fuzzer: "01" and "1" are different keys, though both read as the number 1.
        let value: [String: [Double]] = ["01": [], "1": [2]]
        let bytes = try CBOREncoder().encode(value)
        #expect(hexString(bytes) == "a2" + "6131" + "d85648" + "0000000000000040" + "623031" + "d85640")
        #expect(try CBORDecoder().decode([String: [Double]].self, from: bytes) == value)
    }

    @Test func duplicateKeysInADictionaryAreAnError() {
        #expect(throws: DecodingError.self) { try decode([String: Int].self, "a2 616101 616102") }
    }

    @Test func infinityIsNoDecimal() throws {
        // Found by the fuzzer: Decimal has no infinity.
        #expect(throws: DecodingError.self) { try decode(Decimal.self, "f97c00") }
        #expect(throws: DecodingError.self) { try decode(Decimal.self, "f9fc00") }
        #expect((try? decode(Decimal.self, "f97e00"))?.isNaN == true)
        // 1e200 is beyond what Decimal holds: refused, not read as NaN.
        #expect(throws: DecodingError.self) { try decode(Decimal.self, "fb 697e37e43c8800759c") }
        #expect(try decode(Decimal.self, "f93e00") == Decimal(string: "1.5"))
    }

    @Test func readsDates() throws {
        #expect(try decode(Date.self, "c1 1a514b67b0") == Date(timeIntervalSince1970: 1_363_896_240))
        #expect(
            try decode(Date.self, "c0 74 323031332d30332d32315432303a30343a30305a")
                == Date(timeIntervalSince1970: 1_363_896_240)
        )
    }

    // MARK: Schema errors

    @Test func typeMismatchNamesThePath() throws {
        struct Outer: Codable { var pairs: [Pair] }
        // {"pairs": [{1: "x"}]}
        do {
            _ = try decode(Outer.self, "a1 657061697273 81 a1 01 6178")
            Issue.record("expected a type mismatch")
        } catch DecodingError.typeMismatch(_, let context) {
            #expect(context.codingPath.map(\.stringValue) == ["pairs", "Index 0", "first"])
        }
    }

    @Test func missingKeyIsKeyNotFound() throws {
        #expect {
            try decode(Pair.self, "a1 02 6162")
        } throws: { error in
            guard case DecodingError.keyNotFound(let key, _) = error else { return false }
            return key.intValue == 1
        }
    }

    @Test func numbersOutOfRangeAreRejected() throws {
        #expect(throws: DecodingError.self) { try decode(UInt8.self, "190100") }
        #expect(throws: DecodingError.self) { try decode(Int.self, "3bffffffffffffffff") }
        #expect(throws: DecodingError.self) { try decode(UInt.self, "20") }
        #expect(throws: DecodingError.self) { try decode(Int.self, "f93e00") }
        #expect(throws: DecodingError.self) { try decode(Float.self, "fb3ff199999999999a") }
    }
}

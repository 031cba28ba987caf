import Testing

@testable import JamforTerminal

@Suite struct JSONTextTests {
    @Test func keysAreSortedAndIndented() {
        let value = JSONValue.object(["b": .number(1), "a": .array([.bool(true), .null]), "c": .object([:])])
        #expect(value.document == "{\n  \"a\": [\n    true,\n    null\n  ],\n  \"b\": 1,\n  \"c\": {}\n}\n")
    }

    @Test func numbersAreNumbersAndNaNIsNull() {
        #expect(JSONValue.number(7.5).document == "7.5\n")
        #expect(JSONValue.number(79).document == "79\n")
        #expect(JSONValue.number(-0.25).document == "-0.25\n")
        #expect(JSONValue.number(.nan).document == "null\n")
        #expect(JSONValue.number(Double?.none).document == "null\n")
        #expect(JSONValue.number(Double.infinity).document == "null\n")
        #expect(JSONValue.integer(UInt16?.none).document == "null\n")
        #expect(JSONValue.number(1e20).document == "1e+20\n")
    }

    @Test func stringsAreEscaped() {
        #expect(JSONValue.string("a\"b\\c\nd\te\u{1}").document == "\"a\\\"b\\\\c\\nd\\te\\u0001\"\n")
        #expect(JSONValue.string("Växjö / 東京").document == "\"Växjö / 東京\"\n")
        #expect(JSONValue.string(String?.none).document == "null\n")
    }
}

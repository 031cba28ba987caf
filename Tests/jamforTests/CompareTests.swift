import JamforWire
import Testing

@testable import jamfor

@Suite("jamfor compare's weights")
struct CompareTests {
    static let indicators = ["hme", "sick-leave", "nki"].map {
        IndicatorInfo(id: $0, titleSv: $0, titleEn: $0, unit: "index", direction: .higherIsBetter)
    }

    @Test("none given: every indicator weighs 1")
    func defaults() throws {
        #expect(try Compare.parseWeights(nil, for: Self.indicators) == [1, 1, 1])
    }

    @Test("one per indicator in order, or by id with the rest at 1")
    func forms() throws {
        #expect(try Compare.parseWeights("2,1,0.5", for: Self.indicators) == [2, 1, 0.5])
        #expect(try Compare.parseWeights("nki=3", for: Self.indicators) == [1, 1, 3])
        #expect(try Compare.parseWeights("HME=2, sick-leave=0.5", for: Self.indicators) == [2, 0.5, 1])
    }

    @Test("wrong weights are refused with what to write instead")
    func refused() {
        for text in ["2,1", "0,1,1", "-1,1,1", "x,1,1", "turnover=2", "hme=2,nki", "hme=inf"] {
            #expect(throws: CommandFailure.self, "\(text)") { try Compare.parseWeights(text, for: Self.indicators) }
        }
    }
}

import Foundation
import HandbookModel
import Testing

/// Section order must not change with how it is computed: the byte comparison for ASCII
/// titles gives Foundation's answer on every pair.
@Suite struct NaturalOrderTests {
    @Test func asciiTitlesCompareAsFoundationComparesThem() {
        var state: UInt64 = 42
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        // Few letters, digits with leading zeros, punctuation around both cases' letters.
        let alphabet = Array("aAbBzZ0019 _-.~[`@^{")
        func title() -> String { String((0..<next(9)).map { _ in alphabet[next(alphabet.count)] }) }
        var compared = 0
        for _ in 0..<40_000 {
            let a = title(), b = next(4) == 0 ? a.uppercased() : title()
            let expected = a.compare(b, options: [.caseInsensitive, .numeric])
            #expect(NaturalOrder.compare(a, b) == expected, "'\(a)' vs '\(b)'")
            compared += 1
            if NaturalOrder.compare(a, b) != expected { return }
        }
        #expect(compared == 40_000)
    }

    @Test func numbersSortByValueAndOtherScriptsStillSort() {
        #expect(naturallyPrecedes("Step 9", "Step 10"))
        #expect(naturallyPrecedes("step 2", "Step 3"))
        #expect(naturallyPrecedes("Étape 2", "Étape 10"))
        #expect(!naturallyPrecedes("Zeta", "alpha"))
        // Equal in natural order: the plain order decides, so sorting is total.
        #expect(naturallyPrecedes("Step 01", "Step 1") != naturallyPrecedes("Step 1", "Step 01"))
    }
}

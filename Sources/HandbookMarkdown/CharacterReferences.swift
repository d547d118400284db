/// Decodes HTML character references in an attribute value, so URL checks see what a browser
/// would follow: `&#106;avascript&colon;` is `javascript:`.
///
/// Only what can matter to a check is decoded exactly: numeric references (with or without
/// `;`, any number of leading zeros) and every named reference whose value is ASCII. Other
/// named references stand for non-ASCII characters, which can never be part of a URL scheme,
/// so they are left as written.
enum CharacterReferences {
    /// The named references whose value is ASCII (the HTML standard's table has 46, plus `fjlig`'s
    /// two letters); all need their `;`.
    static let asciiNamed: [[UInt8]: [UInt8]] = {
        let table: [String: String] = [
            "AMP": "&", "DiacriticalGrave": "`", "GT": ">", "Hat": "^", "LT": "<", "NewLine": "\n", "QUOT": "\"", "Tab": "\t",
            "UnderBar": "_", "VerticalLine": "|", "amp": "&", "apos": "'", "ast": "*", "bsol": "\\", "colon": ":", "comma": ",",
            "commat": "@", "dollar": "$", "equals": "=", "excl": "!", "fjlig": "fj", "grave": "`", "gt": ">", "lbrace": "{",
            "lbrack": "[", "lcub": "{", "lowbar": "_", "lpar": "(", "lsqb": "[", "lt": "<", "midast": "*", "num": "#",
            "percnt": "%", "period": ".", "plus": "+", "quest": "?", "quot": "\"", "rbrace": "}", "rbrack": "]", "rcub": "}",
            "rpar": ")", "rsqb": "]", "semi": ";", "sol": "/", "verbar": "|", "vert": "|",
        ]
        return Dictionary(uniqueKeysWithValues: table.map { (Array($0.key.utf8), Array($0.value.utf8)) })
    }()

    /// The legacy references a browser also decodes without `;` (those with ASCII values).
    static let legacyNamed: [[UInt8]: UInt8] = [
        Array("amp".utf8): UInt8(ascii: "&"), Array("AMP".utf8): UInt8(ascii: "&"), Array("lt".utf8): UInt8(ascii: "<"),
        Array("LT".utf8): UInt8(ascii: "<"), Array("gt".utf8): UInt8(ascii: ">"), Array("GT".utf8): UInt8(ascii: ">"),
        Array("quot".utf8): UInt8(ascii: "\""), Array("QUOT".utf8): UInt8(ascii: "\""),
    ]

    /// The value with its references decoded as described above, as UTF-8.
    static func decode(_ value: [UInt8]) -> [UInt8] {
        guard value.contains(UInt8(ascii: "&")) else { return value }
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var index = 0
        while index < value.count {
            let byte = value[index]
            guard byte == UInt8(ascii: "&"), index + 1 < value.count else {
                out.append(byte)
                index += 1
                continue
            }
            if value[index + 1] == UInt8(ascii: "#"), let (scalar, end) = numeric(value, at: index + 2) {
                out += Array(String(Character(scalar)).utf8)
                index = end
            } else if let (decoded, end) = named(value, at: index + 1) {
                out += decoded
                index = end
            } else {
                out.append(byte)
                index += 1
            }
        }
        return out
    }

    /// `&#106;`, `&#x6A`, `&#0000106`: the character and where the reference ends.
    private static func numeric(_ value: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start
        let hex = index < value.count && (value[index] | 0x20) == UInt8(ascii: "x")
        if hex { index += 1 }
        let digitsStart = index
        var number: UInt32 = 0
        while index < value.count, let digit = digitValue(value[index], hex: hex) {
            number = min(number &* (hex ? 16 : 10) &+ digit, 0x11_0000)
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < value.count, value[index] == UInt8(ascii: ";") { index += 1 }
        // NUL, surrogates and values past Unicode become U+FFFD, as in a browser.
        let scalar = number == 0 ? nil : Unicode.Scalar(number)
        return (scalar ?? "\u{FFFD}", index)
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// `&colon;` and the legacy `&amp` (not before a letter, digit or `=`, as in an attribute).
    private static func named(_ value: [UInt8], at start: Int) -> ([UInt8], Int)? {
        var index = start
        while index < value.count, value[index].isASCIIAlphanumeric { index += 1 }
        guard index > start else { return nil }
        let name = Array(value[start..<index])
        if index < value.count, value[index] == UInt8(ascii: ";"), let decoded = asciiNamed[name] {
            return (decoded, index + 1)
        }
        // A legacy name is matched as the longest prefix a browser would take.
        for length in stride(from: min(4, name.count), through: 2, by: -1) {
            guard let char = legacyNamed[Array(name[..<length])] else { continue }
            let after = start + length
            if after < value.count, value[after].isASCIIAlphanumeric || value[after] == UInt8(ascii: "=") { return nil }
            return ([char], after)
        }
        return nil
    }
}

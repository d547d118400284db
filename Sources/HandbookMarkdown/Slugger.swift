/// Makes heading ids the way GitHub does: lower case, punctuation dropped, spaces to
/// hyphens, and `-1`, `-2` appended to repeats.
public struct Slugger: Sendable {
    private var counts: [String: Int] = [:]

    /// Creates a slugger with no ids taken.
    public init() {}

    /// The base slug of a text, before de-duplication.
    public static func slug(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiSlug(text) }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().unicodeScalars {
            let props = scalar.properties
            if scalar == " " {
                out.append("-")
            } else if scalar == "-" || scalar == "_" || props.isAlphabetic || props.numericType != nil
                || props.generalCategory == .nonspacingMark || props.generalCategory == .spacingMark
            {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.isEmpty ? "section" : out
    }

    /// The same rules for ASCII text, on bytes: most headings are ASCII.
    private static func asciiSlug(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): out.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"):
                out.append(byte)
            case UInt8(ascii: " "): out.append(UInt8(ascii: "-"))
            default: break
            }
        }
        return out.isEmpty ? "section" : String(decoding: out, as: UTF8.self)
    }

    /// A unique id for a heading text, remembering it as taken.
    public mutating func unique(for text: String) -> String {
        let base = Self.slug(text)
        var candidate = base
        if let seen = counts[base] {
            var n = seen
            repeat {
                n += 1
                candidate = "\(base)-\(n)"
            } while counts[candidate] != nil
            counts[base] = n
        } else {
            counts[base] = 0
        }
        if candidate != base { counts[candidate] = 0 }
        return candidate
    }
}

/// Makes heading ids the way GitHub does: lower case, punctuation dropped, spaces to
/// hyphens, and `-1`, `-2` appended to repeats.
public struct Slugger: Sendable {
    private var counts: [String: Int] = [:]

    /// Creates a slugger with no ids taken.
    public init() {}

    /// The base slug of a text, before de-duplication.
    public static func slug(_ text: String) -> String {
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

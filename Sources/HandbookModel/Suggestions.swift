/// "Did you mean" help: the closest candidate within a small edit distance.
public enum Suggestions {
    /// The candidate nearest to `word`, if it is close enough to be a likely typo.
    public static func closest(to word: String, in candidates: some Sequence<String>, maxDistance: Int? = nil) -> String? {
        let limit = maxDistance ?? max(2, word.count / 3)
        var best: (String, Int)?
        let lower = word.lowercased()
        let length = lower.unicodeScalars.count
        for candidate in candidates {
            // The distance is at least the difference in length: most candidates end here.
            guard abs(candidate.unicodeScalars.count - length) <= limit else { continue }
            let d = distance(lower, candidate.lowercased())
            if d <= limit, best == nil || d < best!.1 || (d == best!.1 && candidate < best!.0) {
                best = (candidate, d)
            }
        }
        return best?.0
    }

    /// The known word that `word` is most likely a mistyping of: one slip (a letter added,
    /// dropped, changed, or two swapped: `titel`) in a short word, two in a longer one, or
    /// only letter case (`Title`). Stricter than `closest`, because it turns a key that other
    /// generators use (`stage`, two slips from `tags`) into an error.
    public static func likelyTypo(of word: String, in candidates: [String]) -> String? {
        let lower = word.lowercased()
        let limit = word.count <= 5 ? 1 : 2
        var best: (String, Int)?
        for candidate in candidates.sorted() where candidate != word {
            let d = slips(lower, candidate.lowercased())
            if d <= limit, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// Edits between two strings, a swap of neighbours counting as one (optimal string alignment).
    static func slips(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// Levenshtein distance between two strings.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// "known X: a, b, c; did you mean 'b'?" for a hint.
    public static func hint(known noun: String, _ candidates: [String], for word: String) -> String {
        let sortedCandidates = candidates.sorted()
        var text: String
        if sortedCandidates.isEmpty {
            text = "there are no \(noun)"
        } else {
            let shown = sortedCandidates.prefix(20).joined(separator: ", ")
            text = "known \(noun): \(shown)" + (sortedCandidates.count > 20 ? ", ..." : "")
        }
        if let best = closest(to: word, in: sortedCandidates) {
            text = "did you mean '\(best)'? " + text
        }
        return text
    }
}

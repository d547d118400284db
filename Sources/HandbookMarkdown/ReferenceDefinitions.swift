/// Finds where a reference-style link's destination is written (`[label]: url`), so a problem
/// with the URL is reported where it can be fixed rather than at the link text. cmark-gfm
/// resolves reference definitions while parsing and keeps no node or position for them, so
/// they are found again in the source text, only for pages that have reference-style links.
struct ReferenceDefinitions {
    private let bytes: [UInt8]
    /// The byte offset where each line starts; line 1 is index 0.
    private let lineStarts: [Int]
    private var definitions: [Definition]?

    struct Definition {
        /// Case-folded, whitespace-collapsed label, as CommonMark matches labels.
        var label: String
        var url: String
        var line: Int
        var column: Int
    }

    init(source: String) {
        bytes = Array(source.utf8)
        var starts = [0]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(index + 1) }
        lineStarts = starts
    }

    /// The byte at a cmark position (line and column from 1, columns in bytes).
    func byte(line: Int, column: Int) -> UInt8? {
        guard line >= 1, line <= lineStarts.count, column >= 1 else { return nil }
        let offset = lineStarts[line - 1] + column - 1
        return offset < bytes.count ? bytes[offset] : nil
    }

    /// Where the definition of the reference-style link spanning the given positions is written;
    /// nil for an inline link (`[text](url)`) or when no definition matches.
    mutating func definition(
        url: String, startLine: Int, startColumn: Int, endLine: Int, endColumn: Int
    ) -> (line: Int, column: Int)? {
        // An inline link ends with `)`, an autolink with `>` or a letter; a reference with `]`.
        guard byte(line: endLine, column: endColumn) == UInt8(ascii: "]") else { return nil }
        if definitions == nil { definitions = scan() }
        let candidates = definitions!.filter { $0.url == url }
        guard !candidates.isEmpty else { return nil }
        if candidates.count > 1 {
            let labels = labels(startLine: startLine, startColumn: startColumn, endLine: endLine, endColumn: endColumn)
            if let match = candidates.first(where: { labels.contains($0.label) }) { return (match.line, match.column) }
        }
        return (candidates[0].line, candidates[0].column)
    }

    /// The labels a link's source may use: the last bracket's content (`[text][label]`), or the
    /// whole text (`[label]`, `[label][]`).
    private func labels(startLine: Int, startColumn: Int, endLine: Int, endColumn: Int) -> Set<String> {
        guard startLine >= 1, startLine <= lineStarts.count, endLine >= 1, endLine <= lineStarts.count else { return [] }
        let start = lineStarts[startLine - 1] + startColumn - 1, end = lineStarts[endLine - 1] + endColumn - 1
        guard start >= 0, end < bytes.count, start < end else { return [] }
        let text = String(decoding: bytes[start...end], as: UTF8.self)
        var result = Set<String>()
        if let open = text.lastIndex(of: "[") {
            result.insert(Self.normalize(String(text[text.index(after: open)...].dropLast())))
        }
        var whole = Substring(text)
        if whole.hasPrefix("!") { whole = whole.dropFirst() }
        if whole.hasSuffix("[]") { whole = whole.dropLast(2) }
        result.insert(Self.normalize(String(whole.dropFirst().dropLast())))
        return result
    }

    /// Every line that looks like a link reference definition, in order (the first of a label
    /// wins, as in CommonMark); block quote markers before it are allowed.
    private func scan() -> [Definition] {
        var found: [Definition] = []
        for (index, start) in lineStarts.enumerated() {
            let end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
            var position = start
            func skipSpaces() { while position < end, bytes[position] == 32 || bytes[position] == 9 { position += 1 } }
            skipSpaces()
            while position < end, bytes[position] == UInt8(ascii: ">") {
                position += 1
                skipSpaces()
            }
            guard position < end, bytes[position] == UInt8(ascii: "[") else { continue }
            let open = position
            position += 1
            while position < end, bytes[position] != UInt8(ascii: "]") {
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard position + 1 < end, bytes[position + 1] == UInt8(ascii: ":") else { continue }
            let label = String(decoding: bytes[(open + 1)..<min(position, end)], as: UTF8.self)
            position += 2
            skipSpaces()
            var urlLine = index
            var urlEnd = end
            if position >= end, index + 1 < lineStarts.count {
                // The destination may start on the next line.
                urlLine = index + 1
                position = lineStarts[urlLine]
                urlEnd = urlLine + 1 < lineStarts.count ? lineStarts[urlLine + 1] - 1 : bytes.count
                while position < urlEnd, bytes[position] == 32 || bytes[position] == 9 { position += 1 }
            }
            var url: String
            if position < urlEnd, bytes[position] == UInt8(ascii: "<") {
                let close = bytes[position..<urlEnd].firstIndex(of: UInt8(ascii: ">")) ?? urlEnd
                url = String(decoding: bytes[(position + 1)..<close], as: UTF8.self)
            } else {
                var stop = position
                while stop < urlEnd, bytes[stop] != 32, bytes[stop] != 9, bytes[stop] != 13 { stop += 1 }
                url = String(decoding: bytes[position..<stop], as: UTF8.self)
            }
            url = Self.unescape(url)
            found.append(Definition(label: Self.normalize(label), url: url, line: index + 1, column: open - start + 1))
        }
        return found
    }

    /// CommonMark label matching: case-insensitive, runs of white space as one space.
    static func normalize(_ label: String) -> String {
        label.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).joined(separator: " ")
    }

    /// Backslash escapes of ASCII punctuation removed, as cmark stores destinations.
    static func unescape(_ url: String) -> String {
        guard url.contains("\\") else { return url }
        var out = ""
        var escaping = false
        for character in url {
            if escaping {
                if !(character.isASCII && character.isPunctuation || character.isSymbol) { out.append("\\") }
                out.append(character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        if escaping { out.append("\\") }
        return out
    }
}

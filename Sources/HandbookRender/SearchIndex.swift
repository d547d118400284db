import Foundation

/// What the search index knows about one page.
public struct SearchDocument: Sendable {
    public var title: String
    /// Root-relative URL, e.g. `roles/pm/`.
    public var url: String
    /// The section's title, shown under the result.
    public var section: String
    /// Term weights from the title, headings, fields and body.
    public var terms: [String: Int]
    /// Plain text for snippets: summary, then body, cut at a limit.
    public var text: String

    /// Indexes a page: title words weigh most, then headings, then fields, then body.
    public init(title: String, url: String, section: String, summary: String?, headings: [String], fields: [String], bodyHTML: String) {
        self.title = title
        self.url = url
        self.section = section
        let body = SearchText.plainText(fromHTML: bodyHTML)
        var terms: [String: Int] = [:]
        SearchText.addTerms(of: title, weight: 50, to: &terms)
        for heading in headings { SearchText.addTerms(of: heading, weight: 8, to: &terms) }
        if let summary { SearchText.addTerms(of: summary, weight: 4, to: &terms) }
        for field in fields { SearchText.addTerms(of: field, weight: 3, to: &terms) }
        SearchText.addTerms(of: body, weight: 1, to: &terms)
        self.terms = terms
        let snippet = [summary, body].compactMap { $0 }.joined(separator: " ")
        self.text = snippet.count > SearchIndex.snippetLimit ? String(snippet.prefix(SearchIndex.snippetLimit)) : snippet
    }
}

/// The offline search index: JavaScript files that hand their data to `handbookSearchLoaded`,
/// so they load with `<script>` from file:// where fetch() is blocked, split so a query loads
/// only the metadata, the term shards of its words and the text of its top results.
public enum SearchIndex {
    /// Characters of text kept per page for snippets.
    public static let snippetLimit = 4000
    /// Pages per text file.
    public static let textChunk = 50
    /// Postings kept per term, best first: enough for any results page.
    public static let postingLimit = 500

    /// The index files, by path under the output folder.
    public static func files(for documents: [SearchDocument]) -> [(path: String, data: Data)] {
        var shards: [String: [String: [(doc: Int, score: Int)]]] = [:]
        for (doc, document) in documents.enumerated() {
            for (term, score) in document.terms {
                shards[shardKey(term), default: [:]][term, default: []].append((doc, score))
            }
        }
        var files: [(String, Data)] = []
        let meta: [String: Any] = [
            "version": 1,
            "pages": documents.map { [$0.title, $0.url, $0.section] },
            "shards": shards.keys.sorted(),
            "textChunk": textChunk,
        ]
        files.append(("search/meta.js", script("meta", meta)))
        for (key, terms) in shards {
            var object: [String: [Int]] = [:]
            for (term, postings) in terms {
                let best = postings.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }.prefix(postingLimit)
                object[term] = best.flatMap { [$0.doc, $0.score] }
            }
            files.append(("search/terms/\(key).js", script("terms/\(key)", object)))
        }
        for start in stride(from: 0, to: documents.count, by: textChunk) {
            let chunk = documents[start..<min(documents.count, start + textChunk)].map(\.text)
            files.append(("search/text/\(start / textChunk).js", script("text/\(start / textChunk)", chunk)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The shard of a term: its first two characters, or `_` for anything unusual.
    public static func shardKey(_ term: String) -> String {
        let prefix = term.unicodeScalars.prefix(2)
        if prefix.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }) { return String(String.UnicodeScalarView(prefix)) }
        return "_"
    }

    private static func script(_ name: String, _ value: Any) -> Data {
        let json = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        var data = Data("handbookSearchLoaded(\"\(name)\",".utf8)
        data.append(json)
        data.append(Data(");\n".utf8))
        return data
    }
}

/// Tokenising and text extraction shared by the index and its tests; the browser's
/// tokenizer in search.js must split words the same way.
public enum SearchText {
    /// Words too common to help a query.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "that",
        "the", "to", "with",
    ]

    /// Adds each word's weight to `terms`: lower-cased runs of letters and digits.
    public static func addTerms(of text: String, weight: Int, to terms: inout [String: Int]) {
        var word: [UInt8] = []
        word.reserveCapacity(32)
        var hasNonASCII = false
        func flush() {
            guard !word.isEmpty else { return }
            defer { word.removeAll(keepingCapacity: true); hasNonASCII = false }
            var term = String(decoding: word, as: UTF8.self)
            if hasNonASCII { term = term.lowercased() }
            guard term.utf8.count >= 2, term.utf8.count <= 40, !stopWords.contains(term) else { return }
            terms[term, default: 0] += weight
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                word.append(byte + 32)
            case 0x80...:
                // Part of a non-ASCII letter: kept; split later only on ASCII separators.
                word.append(byte)
                hasNonASCII = true
            default:
                flush()
            }
        }
        flush()
    }

    /// Text content of an HTML fragment: tags dropped, common entities decoded, spaces folded.
    public static func plainText(fromHTML html: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(html.utf8.count)
        var inTag = false
        var lastSpace = true
        for byte in html.utf8 {
            if inTag {
                if byte == UInt8(ascii: ">") { inTag = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "<"):
                inTag = true
                if !lastSpace { out.append(32); lastSpace = true }
            case 9, 10, 13, 32:
                if !lastSpace { out.append(32); lastSpace = true }
            default:
                out.append(byte)
                lastSpace = false
            }
        }
        var text = String(decoding: out, as: UTF8.self)
        if text.contains("&") {
            for (entity, char) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
                text = text.replacingOccurrences(of: entity, with: char)
            }
        }
        return text.trimmingCharacters(in: .whitespaces)
    }
}

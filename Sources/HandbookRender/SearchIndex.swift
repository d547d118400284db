import Foundation
import HandbookModel

/// What the search index knows about one page.
public struct SearchDocument: Sendable {
    public var title: String
    /// Root-relative URL, e.g. `roles/pm/`.
    public var url: String
    /// The section's title, shown under the result.
    public var section: String
    /// Term weights from the title, headings, fields and body.
    public var terms: [(term: String, score: Int)]
    /// Plain text for snippets: summary, then body, cut at a limit.
    public var text: String

    /// Indexes a page: title words weigh most, then headings, then fields, then body.
    public init(title: String, url: String, section: String, summary: String?, headings: [String], fields: [String], bodyHTML: String) {
        self.title = title
        self.url = url
        self.section = section
        let body = SearchText.plainText(fromHTML: bodyHTML)
        // Title, headings, summary and fields are short: a dictionary sums their weights. The
        // body's words are counted apart and merged once, without a dictionary insert per word.
        var terms: [String: Int] = [:]
        SearchText.addTerms(of: title, weight: 50, to: &terms)
        for heading in headings { SearchText.addTerms(of: heading, weight: 8, to: &terms) }
        if let summary { SearchText.addTerms(of: summary, weight: 4, to: &terms) }
        for field in fields { SearchText.addTerms(of: field, weight: 3, to: &terms) }
        var merged: [(term: String, score: Int)] = []
        merged.reserveCapacity(terms.count + 512)
        SearchText.countTerms(of: body) { term, count in
            if let extra = terms.removeValue(forKey: term) {
                merged.append((term, count + extra))
            } else {
                merged.append((term, count))
            }
        }
        for (term, score) in terms { merged.append((term, score)) }
        self.terms = merged
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
        // Chunks of pages bucket their postings by shard on all cores; the buckets are joined in
        // page order, then each shard's file is built on its own core.
        let chunkSize = 256
        let chunks = Array(stride(from: 0, to: documents.count, by: chunkSize))
        let partial = chunks.parallelMap { start -> [String: [Posting]] in
            var buckets: [String: [Posting]] = [:]
            for doc in start..<min(documents.count, start + chunkSize) {
                for (term, score) in documents[doc].terms {
                    buckets[shardKey(term), default: []].append(Posting(term: term, doc: doc, score: score))
                }
            }
            return buckets
        }
        var buckets: [String: [Posting]] = [:]
        for chunk in partial {
            for (key, postings) in chunk { buckets[key, default: []].append(contentsOf: postings) }
        }
        var files: [(String, Data)] = []
        let keys = buckets.keys.sorted()
        let meta = JSONValue.object([
            ("pages", .array(documents.map { .array([.string($0.title), .string($0.url), .string($0.section)]) })),
            ("shards", .array(keys.map(JSONValue.string))),
            ("textChunk", .int(textChunk)),
            ("version", .int(1)),
        ])
        files.append(("search/meta.js", script("meta", meta)))
        let bucketList = keys.map { (key: $0, postings: buckets[$0]!) }
        files += bucketList.parallelMap { bucket in
            var byTerm: [String: [Posting]] = [:]
            for posting in bucket.postings { byTerm[posting.term, default: []].append(posting) }
            let object = byTerm.sorted { $0.key < $1.key }.map { term, postings -> (String, JSONValue) in
                // Best first; documents are appended in order, so ties stay in page order.
                let best = postings.sorted { $0.score != $1.score ? $0.score > $1.score : $0.doc < $1.doc }.prefix(postingLimit)
                return (term, JSONValue.ints(best.flatMap { [$0.doc, $0.score] }))
            }
            return ("search/terms/\(bucket.key).js", script("terms/\(bucket.key)", .object(object)))
        }
        for start in stride(from: 0, to: documents.count, by: textChunk) {
            let chunk = documents[start..<min(documents.count, start + textChunk)].map { JSONValue.string($0.text) }
            files.append(("search/text/\(start / textChunk).js", script("text/\(start / textChunk)", .array(chunk))))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    /// The shard of a term: its first two characters, or `_` for anything unusual.
    public static func shardKey(_ term: String) -> String {
        let prefix = term.unicodeScalars.prefix(2)
        if prefix.allSatisfy({ ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }) { return String(String.UnicodeScalarView(prefix)) }
        return "_"
    }

    private static func script(_ name: String, _ value: JSONValue) -> Data {
        var out: [UInt8] = Array("handbookSearchLoaded(\"\(name)\",".utf8)
        value.write(to: &out)
        out += Array(");\n".utf8)
        return Data(out)
    }
}

/// One page's weight for one term.
private struct Posting: Sendable {
    var term: String
    var doc: Int
    var score: Int
}

/// Tokenising and text extraction shared by the index and its tests; the browser's
/// tokenizer in search.js must split words the same way.
public enum SearchText {
    /// Words too common to help a query.
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "that",
        "the", "to", "with",
    ]

    /// Adds each word's weight to `terms`: lower-cased runs of letters and digits. Words are
    /// counted as ranges of one lower-cased copy of the text, so a String is made once per
    /// distinct word rather than once per occurrence.
    public static func addTerms(of text: String, weight: Int, to terms: inout [String: Int]) {
        countTerms(of: text) { term, count in terms[term, default: 0] += weight * count }
    }

    /// Calls `body` once per distinct indexable word of `text` with how often it occurs.
    public static func countTerms(of text: String, _ body: (String, Int) -> Void) {
        var lowered = Array(text.utf8)
        var counter = WordCounter(capacity: lowered.count / 5)
        var start = -1
        for index in 0...lowered.count {
            let byte: UInt8 = index < lowered.count ? lowered[index] : 32
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...:
                if start < 0 { start = index }
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                lowered[index] = byte + 32
                if start < 0 { start = index }
            default:
                if start >= 0, index - start >= 2, index - start <= 120 {
                    counter.add(start, index - start, in: lowered)
                }
                start = -1
            }
        }
        counter.forEach { start, length, count in
            let slice = lowered[start..<start + length]
            var term = String(decoding: slice, as: UTF8.self)
            if slice.contains(where: { $0 >= 0x80 }) { term = term.lowercased() }
            guard term.utf8.count <= 40, !stopWords.contains(term) else { return }
            body(term, count)
        }
    }

    /// The entities cmark-gfm and the renderers write, decoded for plain text.
    private static let entities: [(name: [UInt8], char: UInt8)] = [
        (Array("amp;".utf8), UInt8(ascii: "&")), (Array("lt;".utf8), UInt8(ascii: "<")),
        (Array("gt;".utf8), UInt8(ascii: ">")), (Array("quot;".utf8), UInt8(ascii: "\"")),
        (Array("#39;".utf8), UInt8(ascii: "'")),
    ]

    private static let blockTags: Set<String> = [
        "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "br", "div", "pre", "blockquote", "dt",
        "dd", "dl", "table", "section", "hr", "figure", "figcaption",
    ]

    /// Whether the tag starting after `<` at `index` is a block-level element's.
    private static func startsBlockTag(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var position = index
        if position < bytes.count, bytes[position] == UInt8(ascii: "/") { position += 1 }
        var name: [UInt8] = []
        while position < bytes.count, name.count < 12 {
            let byte = bytes[position] | 0x20
            guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            else { break }
            name.append(byte)
            position += 1
        }
        return blockTags.contains(String(decoding: name, as: UTF8.self))
    }

    /// Text content of an HTML fragment: tags dropped, common entities decoded, spaces folded,
    /// in one pass over the bytes.
    public static func plainText(fromHTML html: String) -> String {
        var html = html
        return html.withUTF8 { bytes -> String in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var inTag = false
            var lastSpace = true
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if inTag {
                    if byte == UInt8(ascii: ">") { inTag = false }
                    continue
                }
                switch byte {
                case UInt8(ascii: "<"):
                    inTag = true
                    // Block boundaries separate words; inline tags (`<em>how</em>.`) do not.
                    if !lastSpace, startsBlockTag(bytes, at: index) { out.append(32); lastSpace = true }
                case 9, 10, 13, 32:
                    if !lastSpace { out.append(32); lastSpace = true }
                case UInt8(ascii: "&"):
                    var decoded = byte
                    for entity in entities
                    where index + entity.name.count <= bytes.count
                        && entity.name.elementsEqual(bytes[index..<index + entity.name.count])
                    {
                        decoded = entity.char
                        index += entity.name.count
                        break
                    }
                    out.append(decoded)
                    lastSpace = false
                default:
                    out.append(byte)
                    lastSpace = false
                }
            }
            if out.last == 32 { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// Counts words, given as ranges of one buffer, with open addressing and an FNV-1a hash:
/// the tokenizer's hot loop, kept free of allocations.
private struct WordCounter {
    private var hashes: [UInt64]
    private var starts: [Int]
    private var lengths: [Int]
    private var counts: [Int]
    private var used = 0

    init(capacity: Int) {
        var size = 64
        while size < capacity * 2 { size <<= 1 }
        hashes = Array(repeating: 0, count: size)
        starts = Array(repeating: 0, count: size)
        lengths = Array(repeating: 0, count: size)
        counts = Array(repeating: 0, count: size)
    }

    mutating func add(_ start: Int, _ length: Int, in buffer: [UInt8], count: Int = 1) {
        if used * 2 >= hashes.count { grow(buffer) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in start..<start + length { hash = (hash ^ UInt64(buffer[index])) &* 0x100_0000_01b3 }
        hash |= 1
        let mask = hashes.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while hashes[slot] != 0 {
            if hashes[slot] == hash, lengths[slot] == length,
                buffer[starts[slot]..<starts[slot] + length].elementsEqual(buffer[start..<start + length])
            {
                counts[slot] += count
                return
            }
            slot = (slot + 1) & mask
        }
        hashes[slot] = hash
        starts[slot] = start
        lengths[slot] = length
        counts[slot] = count
        used += 1
    }

    private mutating func grow(_ buffer: [UInt8]) {
        var bigger = WordCounter(capacity: hashes.count)
        forEach { start, length, count in bigger.add(start, length, in: buffer, count: count) }
        self = bigger
    }

    func forEach(_ body: (Int, Int, Int) -> Void) {
        for slot in hashes.indices where hashes[slot] != 0 { body(starts[slot], lengths[slot], counts[slot]) }
    }
}

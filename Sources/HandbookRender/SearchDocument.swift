#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the search index knows about one page.
public struct SearchDocument: Sendable {
    public var title: String
    /// Root-relative URL, e.g. `roles/pm/`.
    public var url: String
    /// The section's title, shown under the result.
    public var section: String
    /// Term weights from the title, headings, fields and body, each term once.
    public var terms: [(term: String, score: Int)] {
        termList.entries.map { (String(decoding: termList.bytes[$0.range], as: UTF8.self), Int($0.value)) }
    }
    /// The same terms as bytes, with their scores, for the index.
    var termList = PackedTerms<Int32>()
    /// Plain text for snippets: summary, then body, cut at a limit.
    public var text: String

    /// Indexes a page: title words weigh most, then headings, summary, fields, then body.
    /// `fieldsHTML` are the page's rendered fields. `titleWeight` is lower for a generated page
    /// whose title repeats other pages' titles ("Analyst vs Lead"), so those pages come first;
    /// below 25 its title is not counted as a title match (see `rank` in handbook.js).
    public init(
        title: String, url: String, section: String, summary: String?, headings: [String], fieldsHTML: [String], bodyHTML: String,
        titleWeight: Int = 50
    ) {
        self.title = title
        self.url = url
        self.section = section
        var counter = TermCounter()
        counter.add(title.utf8, weight: titleWeight)
        for heading in headings { counter.add(heading.utf8, weight: 8) }
        if let summary { counter.add(summary.utf8, weight: 4) }
        for field in fieldsHTML { counter.count(counter.appendPlainText(fromHTML: field), weight: 3) }
        // The body's text goes into the counter's buffer once: the snippet is cut from it before
        // its words are lower-cased in place.
        let body = counter.appendPlainText(fromHTML: bodyHTML)
        var snippet: [UInt8] = []
        if let summary {
            snippet += summary.utf8
            snippet.append(32)
        }
        let room = SearchIndex.snippetLimit - SearchText.scalarCount(snippet)
        snippet += counter.text(in: body, scalars: max(0, room))
        counter.count(body, weight: 1)
        termList = counter.terms()
        text = SearchText.prefix(snippet, scalars: SearchIndex.snippetLimit)
    }
}

extension SearchDocument {
    /// Its terms as a build keeps them between runs: their bytes one after another, and each
    /// term's length in bytes and score, in the index's order.
    package var storedTerms: (bytes: [UInt8], lengths: [Int], scores: [Int]) {
        (termList.bytes, termList.entries.map { Int($0.length) }, termList.entries.map { Int($0.value) })
    }

    /// A document as `storedTerms` and its other fields kept it; nil when the lengths do not
    /// add up to the bytes.
    package init?(title: String, url: String, section: String, text: String, storedTerms: (bytes: [UInt8], lengths: [Int], scores: [Int])) {
        guard storedTerms.lengths.count == storedTerms.scores.count,
            storedTerms.lengths.allSatisfy({ $0 >= 0 && $0 <= Int(Int32.max) }),
            storedTerms.lengths.reduce(0, +) == storedTerms.bytes.count
        else { return nil }
        self.title = title
        self.url = url
        self.section = section
        self.text = text
        termList.bytes = storedTerms.bytes
        termList.entries.reserveCapacity(storedTerms.lengths.count)
        var start = 0
        for (length, score) in zip(storedTerms.lengths, storedTerms.scores) {
            termList.entries.append(.init(start: Int32(start), length: Int32(length), value: Int32(clamping: score)))
            start += length
        }
    }
}

/// Tokenising and text extraction; the browser's tokenizer in handbook.js must split words
/// the same way: runs of ASCII letters and digits and non-ASCII characters, lower-cased,
/// 2 to 40 bytes long, stop words dropped.
public enum SearchText {
    /// Words too common to help a query (handbook.js has the same list).
    static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "is", "it", "of", "on", "or", "that",
        "the", "to", "with",
    ]

    /// The longest indexed word, in bytes.
    static let maxTermLength = 40

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
        // The name, lower-cased, packed into one integer: no array or string per tag.
        var name: UInt64 = 0
        var length = 0
        while position < bytes.count, length < 8 {
            let byte = bytes[position] | 0x20
            guard (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            else { break }
            name = name << 8 | UInt64(byte)
            length += 1
            position += 1
        }
        return blockTagNames.contains(name)
    }

    /// `blockTags` packed as `startsBlockTag` packs a name (the first 8 letters).
    private static let blockTagNames: Set<UInt64> = Set(
        blockTags.map { $0.utf8.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) } })

    /// Appends the text content of an HTML fragment to `out` in one pass over its bytes: tags
    /// dropped, common entities decoded, spaces folded.
    public static func appendPlainText(fromHTML html: String, to out: inout [UInt8]) {
        var html = html
        html.withUTF8 { bytes in
            let begin = out.count
            // Text is never longer than its HTML: write into room reserved up front.
            out.append(contentsOf: repeatElement(0, count: bytes.count))
            let written = out.withUnsafeMutableBufferPointer { buffer in
                plainText(bytes, into: UnsafeMutableBufferPointer(rebasing: buffer[begin...]))
            }
            out.removeLast(bytes.count - written)
        }
    }

    /// Writes the text of `html` into `out` (at least as long as `html`); returns its length.
    private static func plainText(_ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        htmlByteClass.withUnsafeBufferPointer { htmlByteClass in plainText(bytes, into: out, classes: htmlByteClass) }
    }

    private static func plainText(
        _ bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutableBufferPointer<UInt8>, classes htmlByteClass: UnsafeBufferPointer<UInt8>
    ) -> Int {
        guard let base = bytes.baseAddress, let text = out.baseAddress else { return 0 }
        let end = bytes.count
        var count = 0
        var lastSpace = true
        var index = 0
        while index < end {
            let byte = base[index]
            index += 1
            switch htmlByteClass[Int(byte)] {
            case 0:
                // A run of plain text is copied at once.
                var runEnd = index
                while runEnd < end, htmlByteClass[Int(base[runEnd])] == 0 { runEnd += 1 }
                text[count] = byte
                (text + count + 1).update(from: base + index, count: runEnd - index)
                count += 1 + runEnd - index
                index = runEnd
                lastSpace = false
            case 1:
                if !lastSpace {
                    text[count] = 32
                    count += 1
                    lastSpace = true
                }
            case 2:
                // Block boundaries separate words; inline tags (`<em>how</em>.`) do not.
                if !lastSpace, startsBlockTag(bytes, at: index) {
                    text[count] = 32
                    count += 1
                    lastSpace = true
                }
                let close = memchr(base + index, Int32(UInt8(ascii: ">")), end - index)
                index = close.map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) + 1 } ?? end
            default:
                var decoded = byte
                for entity in entities
                where index + entity.name.count <= end
                    && entity.name.elementsEqual(UnsafeBufferPointer(rebasing: bytes[index..<index + entity.name.count]))
                {
                    decoded = entity.char
                    index += entity.name.count
                    break
                }
                text[count] = decoded
                count += 1
                lastSpace = false
            }
        }
        if count > 0, text[count - 1] == 32 { count -= 1 }
        return count
    }

    /// How many Unicode scalars UTF-8 text holds.
    static func scalarCount(_ bytes: some Collection<UInt8>) -> Int {
        bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    /// The first `limit` Unicode scalars of UTF-8 text, as a string.
    static func prefix(_ bytes: [UInt8], scalars limit: Int) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: $0[..<prefixLength($0, scalars: limit)], as: UTF8.self) }
    }

    /// How many bytes the first `limit` Unicode scalars of UTF-8 text take.
    static func prefixLength(_ bytes: UnsafeBufferPointer<UInt8>, scalars limit: Int) -> Int {
        var scalars = 0
        var length = 0
        for byte in bytes {
            // Continuation bytes (10xxxxxx) belong to the scalar before them.
            if byte & 0xC0 != 0x80 {
                if scalars == limit { break }
                scalars += 1
            }
            length += 1
        }
        return length
    }
}

/// Per byte of HTML: 0 is text, 1 white space, 2 starts a tag, 3 starts an entity.
private let htmlByteClass: [UInt8] = (0..<256).map { byte in
    switch byte {
    case 9, 10, 13, 32: return 1
    case 0x3C: return 2
    case 0x26: return 3
    default: return 0
    }
}

/// Per byte: 0 separates words, 1 is part of a word, 2 is an upper-case ASCII letter.
private let wordByteClass: [UInt8] = (0..<256).map { byte in
    switch byte {
    case 0x61...0x7A, 0x30...0x39, 0x80...: return 1
    case 0x41...0x5A: return 2
    default: return 0
    }
}

/// Sums the weights of a page's words from all its parts in one table: the words are ranges
/// of one lower-cased buffer, so a String is made once per distinct word, not per occurrence.
struct TermCounter {
    private var buffer: [UInt8] = []
    /// The distinct words, as ranges of `buffer`, with their summed weights.
    private var words = ByteStringTable()
    private var weights: [Int] = []

    /// Counts each word of `text` `weight` times.
    mutating func add(_ text: some Collection<UInt8>, weight: Int) {
        let begin = buffer.count
        buffer += text
        count(begin..<buffer.count, weight: weight)
    }

    /// Appends the text of an HTML fragment to the buffer, uncounted; returns where it is.
    mutating func appendPlainText(fromHTML html: String) -> Range<Int> {
        let begin = buffer.count
        SearchText.appendPlainText(fromHTML: html, to: &buffer)
        return begin..<buffer.count
    }

    /// The first `limit` scalars of text in the buffer, as it was appended.
    func text(in range: Range<Int>, scalars limit: Int) -> ArraySlice<UInt8> {
        let length = buffer.withUnsafeBufferPointer { SearchText.prefixLength(UnsafeBufferPointer(rebasing: $0[range]), scalars: limit) }
        return buffer[range.lowerBound..<range.lowerBound + length]
    }

    /// Lower-cases the text in `range` in place and counts each word `weight` times.
    mutating func count(_ range: Range<Int>, weight: Int) {
        // The table is read through a pointer taken once: a global is checked for lazy
        // initialisation on every access.
        wordByteClass.withUnsafeBufferPointer { wordByteClass in
            buffer.withUnsafeMutableBufferPointer { bytes in
                guard let base = bytes.baseAddress else { return }
                var index = range.lowerBound
                let end = range.upperBound
                while index < end {
                    while index < end, wordByteClass[Int(base[index])] == 0 { index += 1 }
                    let start = index
                    // The lower-cased word is hashed as it is scanned.
                    var hash = FNV1a.offsetBasis
                    while index < end {
                        var byte = base[index]
                        let kind = wordByteClass[Int(byte)]
                        if kind == 0 { break }
                        if kind == 2 {
                            byte += 32
                            base[index] = byte
                        }
                        hash = FNV1a.step(hash, byte)
                        index += 1
                    }
                    let length = index - start
                    if length >= 2, length <= 4 * SearchText.maxTermLength {
                        let word = UnsafeBufferPointer(start: base + start, count: length)
                        let (number, isNew) = words.number(of: word, hash: hash, storage: base, newStart: start)
                        if isNew { weights.append(weight) } else { weights[number] += weight }
                    }
                }
            }
        }
    }

    /// Each indexable term once with its summed weight.
    func terms() -> PackedTerms<Int32> {
        var list = PackedTerms<Int32>()
        list.bytes.reserveCapacity(words.count * 8)
        list.entries.reserveCapacity(words.count)
        // Non-ASCII words are lower-cased as strings, so two spellings may become one term.
        var unicode: [String: Int] = [:]
        buffer.withUnsafeBufferPointer { buffer in
            for (number, count) in weights.enumerated() {
                let word = UnsafeBufferPointer(rebasing: buffer[words.range(of: number)])
                let length = word.count
                if word.contains(where: { $0 >= 0x80 }) {
                    let term = String(decoding: word, as: UTF8.self).lowercased()
                    if term.utf8.count <= SearchText.maxTermLength { unicode[term, default: 0] += count }
                } else if length <= SearchText.maxTermLength, length > 4 || !isStopWord(word) {
                    list.append(word, Int32(clamping: count))
                }
            }
        }
        for (term, count) in unicode.sorted(by: { $0.key < $1.key }) { list.append(term.utf8, Int32(clamping: count)) }
        return list
    }

    private func isStopWord(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        SearchText.stopWords.contains(String(decoding: word, as: UTF8.self))
    }
}

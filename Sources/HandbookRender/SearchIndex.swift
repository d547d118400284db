import Foundation
import HandbookModel

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
        // Chunks of pages bucket their postings by shard on all cores; then each shard joins its
        // buckets in page order and writes its file on all cores.
        let chunkSize = 256
        let chunks = Array(stride(from: 0, to: documents.count, by: chunkSize))
        let partial = chunks.parallelMap { start -> [ShardBucket] in
            var buckets = [ShardBucket](repeating: ShardBucket(), count: shardCount)
            for doc in start..<min(documents.count, start + chunkSize) {
                let list = documents[doc].termList
                list.bytes.withUnsafeBufferPointer { bytes in
                    for term in list.entries {
                        let word = UnsafeBufferPointer(rebasing: bytes[term.range])
                        buckets[shardIndex(word)].append(word, Posting(doc: Int32(doc), score: term.value))
                    }
                }
            }
            return buckets
        }
        let used = (0..<shardCount).filter { shard in partial.contains { !$0[shard].entries.isEmpty } }
        var files: [(String, Data)] = used.parallelMap { shard in
            (shardPath(shard), shardScript(shard, partial.map { $0[shard] }))
        }
        files.append(metaFile(documents, shards: used))
        files += Array(0..<textChunkCount(documents.count)).parallelMap { textFile(documents, chunk: $0) }
        return files.sorted { $0.0 < $1.0 }
    }

    /// `search/meta.js`: every page's title, address and section, and the shards that exist.
    static func metaFile(_ documents: [SearchDocument], shards used: [Int]) -> (path: String, data: Data) {
        let meta = JSONValue.object([
            ("pages", .array(documents.map { .array([.string($0.title), .string($0.url), .string($0.section)]) })),
            ("shards", .array(used.map { shardKey(index: $0) }.sorted().map(JSONValue.string))),
            ("textChunk", .int(textChunk)),
            ("version", .int(1)),
        ])
        return ("search/meta.js", script("meta", meta))
    }

    /// How many text files `count` pages fill.
    static func textChunkCount(_ count: Int) -> Int { (count + textChunk - 1) / textChunk }

    /// Text file `chunk`: the snippet text of its pages.
    static func textFile(_ documents: [SearchDocument], chunk: Int) -> (path: String, data: Data) {
        let start = chunk * textChunk
        let texts = documents[start..<min(documents.count, start + textChunk)].map { JSONValue.string($0.text) }
        return ("search/text/\(chunk).js", script("text/\(chunk)", .array(texts)))
    }

    /// The path of shard `index`'s file.
    static func shardPath(_ index: Int) -> String { "search/terms/\(shardKey(index: index)).js" }

    /// One term of a shard file, `"term":[doc,score,...]`, from its postings in rank order
    /// (see `rank`): the best `postingLimit` of them.
    static func encodeTerm(_ term: UnsafeBufferPointer<UInt8>, ranks: some Collection<UInt64>, to out: inout [UInt8]) {
        JSONValue.writeString(term, to: &out)
        out += Array(":[".utf8)
        for (index, rank) in ranks.prefix(postingLimit).enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            JSONValue.writeInt(Int(UInt32(truncatingIfNeeded: rank)), to: &out)
            out.append(UInt8(ascii: ","))
            JSONValue.writeInt(Int(Int32.max - Int32(rank >> 32)), to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A posting as one sortable number: best score first, then page order.
    static func rank(doc: Int32, score: Int32) -> UInt64 { UInt64(UInt32(Int32.max - score)) << 32 | UInt64(UInt32(doc)) }

    /// What a shard file starts with, and ends with.
    static func shardHead(_ index: Int) -> [UInt8] { Array("handbookSearchLoaded(\"terms/\(shardKey(index: index))\",{".utf8) }
    static let shardTail = Array("});\n".utf8)

    /// One shard's file: its terms in order, each with its best pages as `[doc, score, ...]`.
    private static func shardScript(_ shard: Int, _ buckets: [ShardBucket]) -> Data {
        var groups = TermGroups()
        var postings: [[UInt64]] = []
        for bucket in buckets {
            bucket.bytes.withUnsafeBufferPointer { bytes in
                for entry in bucket.entries {
                    let group = groups.group(for: UnsafeBufferPointer(rebasing: bytes[entry.range]))
                    if group == postings.count { postings.append([]) }
                    postings[group].append(rank(doc: entry.value.doc, score: entry.value.score))
                }
            }
        }
        var out = shardHead(shard)
        groups.bytes.withUnsafeBufferPointer { bytes in
            func term(_ group: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[groups.range(of: group)]) }
            let order = postings.indices.sorted { term($0).lexicographicallyPrecedes(term($1)) }
            for (count, group) in order.enumerated() {
                if count > 0 { out.append(UInt8(ascii: ",")) }
                encodeTerm(term(group), ranks: postings[group].sorted(), to: &out)
            }
        }
        out += shardTail
        return Data(out)
    }

    /// Shards: `_`, then one per first character, then one per pair of first characters.
    private static let shardAlphabet = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
    static let shardCount = 1 + 36 + 36 * 36

    /// The shard of a term by number; see `shardKey`.
    static func shardIndex(_ term: some Sequence<UInt8>) -> Int {
        var utf8 = term.makeIterator()
        guard let first = utf8.next(), let a = alphabetIndex(first) else { return 0 }
        guard let second = utf8.next() else { return 1 + a }
        guard let b = alphabetIndex(second) else { return 0 }
        return 37 + a * 36 + b
    }

    static func shardKey(index: Int) -> String {
        switch index {
        case 0: return "_"
        case 1..<37: return String(decoding: [shardAlphabet[index - 1]], as: UTF8.self)
        default: return String(decoding: [shardAlphabet[(index - 37) / 36], shardAlphabet[(index - 37) % 36]], as: UTF8.self)
        }
    }

    private static func alphabetIndex(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return 10 + Int(byte - UInt8(ascii: "a"))
        default: return nil
        }
    }

    /// The shard of a term: its first two characters, or `_` for anything unusual.
    public static func shardKey(_ term: String) -> String { shardKey(index: shardIndex(term.utf8)) }

    private static func script(_ name: String, _ value: JSONValue) -> Data {
        var out: [UInt8] = Array("handbookSearchLoaded(\"\(name)\",".utf8)
        value.write(to: &out)
        out += Array(");\n".utf8)
        return Data(out)
    }
}

/// One shard's postings from a chunk of pages.
typealias ShardBucket = PackedTerms<Posting>

struct Posting: Sendable {
    var doc: Int32
    var score: Int32
}

/// Numbers a shard's distinct terms in the order they are first seen, keeping each term's
/// bytes once.
private struct TermGroups {
    private(set) var bytes: [UInt8] = []
    private var table = ByteStringTable()

    /// The number of `term`, adding it when new.
    mutating func group(for term: UnsafeBufferPointer<UInt8>) -> Int {
        let hash = FNV1a.hash(term)
        let newStart = bytes.count
        let (group, isNew) = bytes.withUnsafeBufferPointer {
            table.number(of: term, hash: hash, storage: $0.baseAddress, newStart: newStart)
        }
        if isNew { bytes.append(contentsOf: term) }
        return group
    }

    /// Where term `group` is in `bytes`.
    func range(of group: Int) -> Range<Int> { table.range(of: group) }
}

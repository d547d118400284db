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
        var utf8 = term.utf8.makeIterator()
        guard let first = utf8.next(), isShardByte(first) else { return "_" }
        guard let second = utf8.next() else { return shardKeys[Int(first)] }
        guard isShardByte(second) else { return "_" }
        return shardKeys[Int(first)] + shardKeys[Int(second)]
    }

    private static func isShardByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    /// One-character strings by byte, so a shard key costs no decoding.
    private static let shardKeys: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }

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

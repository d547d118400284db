import Foundation

/// The search index kept in memory between a preview's rebuilds. A page that changed rewrites
/// only the shards of the terms whose scores it changed, its text file, and the metadata when
/// its title, address or section changed or a shard appeared or emptied. Its files are those
/// `SearchIndex.files(for:)` makes of the same documents, byte for byte.
public struct LiveSearchIndex: Sendable {
    /// One term of a shard: every posting as a rank (`SearchIndex.rank`), sorted, and the
    /// term's part of the shard file.
    private struct Term: Sendable {
        var ranks: [UInt64]
        var encoded: [UInt8]
    }

    /// A shard's terms, and their order in its file (byte order).
    private struct Shard: Sendable {
        var terms: [[UInt8]: Term] = [:]
        var order: [[UInt8]] = []

        /// Where `term` is or would go in `order`.
        func position(of term: [UInt8]) -> Int {
            var low = 0, high = order.count
            while low < high {
                let middle = (low + high) / 2
                if order[middle].lexicographicallyPrecedes(term) { low = middle + 1 } else { high = middle }
            }
            return low
        }

        var file: Data {
            var out: [UInt8] = []
            out.reserveCapacity(order.reduce(64) { $0 + terms[$1]!.encoded.count + 1 })
            for (count, term) in order.enumerated() {
                if count > 0 { out.append(UInt8(ascii: ",")) }
                out += terms[term]!.encoded
            }
            return Data(out)
        }
    }

    private var documents: [SearchDocument]
    private var shards: [Shard]
    /// Every file of the index, by path under the output folder.
    public private(set) var files: [String: Data] = [:]

    /// The index of `documents`, in the order their numbers in the index follow.
    public init(documents: [SearchDocument]) {
        self.documents = documents
        // Postings by shard from chunks of pages on all cores, then each shard's terms.
        let chunkSize = 512
        let partial = Array(stride(from: 0, to: documents.count, by: chunkSize)).parallelMap { start in
            var buckets = [PackedTerms<UInt64>](repeating: PackedTerms(), count: SearchIndex.shardCount)
            for doc in start..<min(documents.count, start + chunkSize) {
                let list = documents[doc].termList
                list.bytes.withUnsafeBufferPointer { bytes in
                    for term in list.entries {
                        let word = UnsafeBufferPointer(rebasing: bytes[term.range])
                        buckets[SearchIndex.shardIndex(word)].append(word, SearchIndex.rank(doc: Int32(doc), score: term.value))
                    }
                }
            }
            return buckets
        }
        shards = Array(0..<SearchIndex.shardCount).parallelMap { index in
            var shard = Shard()
            for bucket in partial.map({ $0[index] }) {
                for entry in bucket.entries {
                    shard.terms[Array(bucket.bytes[entry.range]), default: Term(ranks: [], encoded: [])].ranks.append(entry.value)
                }
            }
            for (term, var entry) in shard.terms {
                entry.ranks.sort()
                entry.encoded = Self.encode(term, entry.ranks)
                shard.terms[term] = entry
            }
            shard.order = shard.terms.keys.sorted { $0.lexicographicallyPrecedes($1) }
            return shard
        }
        for index in shards.indices where !shards[index].order.isEmpty {
            files[SearchIndex.shardPath(index)] = shardFile(index)
        }
        writeMeta()
        for chunk in 0..<SearchIndex.textChunkCount(documents.count) {
            let (path, data) = SearchIndex.textFile(documents, chunk: chunk)
            files[path] = data
        }
    }

    /// The number of documents.
    public var count: Int { documents.count }

    /// Puts `document` in place of document number `index`; returns the paths of the files
    /// that changed.
    public mutating func replace(_ index: Int, with document: SearchDocument) -> Set<String> {
        replace([(index, document)])
    }

    /// Puts documents in place of those with their numbers; returns the paths of the files
    /// that changed. Each term's part of its shard is written once, however many of its pages
    /// changed.
    public mutating func replace(_ replacements: [(Int, SearchDocument)]) -> Set<String> {
        var changed = Set<String>()
        var touched: [Int: Set<[UInt8]>] = [:]
        var shardsChanged = false, metaChanged = false
        var texts = Set<Int>()
        for (index, document) in replacements {
            let old = documents[index]
            documents[index] = document
            // Only terms whose score changed move: a small edit leaves most of a page's terms alone.
            let before = Self.scores(old), after = Self.scores(document)
            for (term, score) in before where after[term] != score {
                let shard = SearchIndex.shardIndex(term)
                let rank = SearchIndex.rank(doc: Int32(index), score: score)
                guard var entry = shards[shard].terms[term], let at = Self.find(rank, in: entry.ranks) else { continue }
                entry.ranks.remove(at: at)
                shards[shard].terms[term] = entry
                touched[shard, default: []].insert(term)
            }
            for (term, score) in after where before[term] != score {
                let shard = SearchIndex.shardIndex(term)
                let rank = SearchIndex.rank(doc: Int32(index), score: score)
                var entry = shards[shard].terms[term] ?? Term(ranks: [], encoded: [])
                if shards[shard].terms[term] == nil {
                    if shards[shard].order.isEmpty { shardsChanged = true }
                    shards[shard].order.insert(term, at: shards[shard].position(of: term))
                }
                entry.ranks.insert(rank, at: Self.insertion(rank, in: entry.ranks))
                shards[shard].terms[term] = entry
                touched[shard, default: []].insert(term)
            }
            if old.title != document.title || old.url != document.url || old.section != document.section { metaChanged = true }
            if old.text != document.text { texts.insert(index / SearchIndex.textChunk) }
        }
        for (shard, terms) in touched {
            for term in terms {
                guard let entry = shards[shard].terms[term] else { continue }
                if entry.ranks.isEmpty {
                    shards[shard].terms[term] = nil
                    shards[shard].order.remove(at: shards[shard].position(of: term))
                } else {
                    shards[shard].terms[term]!.encoded = Self.encode(term, entry.ranks)
                }
            }
            let path = SearchIndex.shardPath(shard)
            if shards[shard].order.isEmpty {
                shardsChanged = true
                files[path] = nil
            } else {
                files[path] = shardFile(shard)
            }
            changed.insert(path)
        }
        if shardsChanged || metaChanged { changed.insert(writeMeta()) }
        for chunk in texts {
            let (path, data) = SearchIndex.textFile(documents, chunk: chunk)
            files[path] = data
            changed.insert(path)
        }
        return changed
    }

    private func shardFile(_ index: Int) -> Data {
        SearchIndex.shardHead(index) + shards[index].file + SearchIndex.shardTail
    }

    @discardableResult
    private mutating func writeMeta() -> String {
        let used = shards.indices.filter { !shards[$0].order.isEmpty }
        let (path, data) = SearchIndex.metaFile(documents, shards: used)
        files[path] = data
        return path
    }

    private static func encode(_ term: [UInt8], _ ranks: [UInt64]) -> [UInt8] {
        var out: [UInt8] = []
        term.withUnsafeBufferPointer { SearchIndex.encodeTerm($0, ranks: ranks, to: &out) }
        return out
    }

    private static func scores(_ document: SearchDocument) -> [[UInt8]: Int32] {
        let list = document.termList
        var scores: [[UInt8]: Int32] = [:]
        scores.reserveCapacity(list.entries.count)
        for entry in list.entries { scores[Array(list.bytes[entry.range])] = entry.value }
        return scores
    }

    private static func insertion(_ rank: UInt64, in ranks: [UInt64]) -> Int {
        var low = 0, high = ranks.count
        while low < high {
            let middle = (low + high) / 2
            if ranks[middle] < rank { low = middle + 1 } else { high = middle }
        }
        return low
    }

    private static func find(_ rank: UInt64, in ranks: [UInt64]) -> Int? {
        let at = insertion(rank, in: ranks)
        return at < ranks.count && ranks[at] == rank ? at : nil
    }
}

import Foundation
import HandbookMarkdown
import HandbookRender
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The rendered Markdown of the last `handbook build`, kept on disk in the work folder
/// (`.Output.handbook/cache/`) so that the next build, in this checkout or in a CI job that
/// restored the folder, runs cmark-gfm only on the bodies and text fields whose inputs changed.
///
/// Entries are named by the `KeyDigest` of every input of their `BuildMemo` key, so a hit
/// gives what rendering would make. They are spread over `shardCount` files by digest; each
/// file starts with the format, handbook's version, a digest of the running binary and
/// cmark-gfm's version, and ends with a digest of its bytes. A file that is missing, damaged
/// or from another binary or library is ignored (its entries are rendered again); a build
/// rewrites only the files whose set of entries changed, each through a temporary file and a
/// rename, and keeps only the entries it used.
final class BuildCache: Sendable {
    /// How many files the entries are spread over: a build that changed a few pages rewrites
    /// a few of them, and reading them goes on all cores.
    static let shardCount = 32

    /// The kind of an entry, stored with it: a digest found under the wrong kind is a miss.
    enum Kind: UInt8 {
        case body = 1
        case text = 2
        case page = 3
    }

    /// One entry of a file: its kind and where its bytes are.
    struct Entry: Sendable {
        var kind: Kind
        var range: Range<Int>
    }

    /// One file read and checked: its bytes, and where each entry is in them.
    struct Shard: Sendable {
        var bytes: [UInt8]
        var entries: [KeyDigest: Entry]
    }

    /// The folder, `cache/` in the work folder.
    let folder: String
    /// What every file must start with: format, version and binary.
    let header: [UInt8]
    /// Each file as read; nil where it was missing or not usable.
    let shards: [Shard?]
    /// What the last build's site model was made of, and its pages' keys (see `PageReuse`).
    let snapshot: SiteSnapshot?

    private init(folder: String, header: [UInt8], shards: [Shard?], snapshot: SiteSnapshot?) {
        self.folder = folder
        self.header = header
        self.shards = shards
        self.snapshot = snapshot
    }

    /// Entries held.
    var count: Int { shards.reduce(0) { $0 + ($1?.entries.count ?? 0) } }

    /// The rendered body stored under `digest`, if any.
    func body(_ digest: KeyDigest) -> RenderedPage? {
        entry(digest, kind: .body) { reader throws(CacheFormatError) in try reader.renderedPage() }
    }

    /// The rendered text field stored under `digest`, if any.
    func text(_ digest: KeyDigest) -> BuildMemo.Text? {
        entry(digest, kind: .text) { reader throws(CacheFormatError) in try reader.text() }
    }

    func entry<T>(_ digest: KeyDigest, kind: Kind, _ decode: (inout CacheReader) throws(CacheFormatError) -> T) -> T? {
        guard let shard = shards[Self.shardNumber(of: digest)], let entry = shard.entries[digest], entry.kind == kind else {
            return nil
        }
        return shard.bytes.withUnsafeBufferPointer { bytes -> T? in
            var reader = CacheReader(UnsafeBufferPointer(rebasing: bytes[entry.range]))
            guard let value = try? decode(&reader), reader.isAtEnd else { return nil }
            return value
        }
    }

    // MARK: - Reading

    /// Reads the cache in `folder`; nil when it cannot be used at all (the running binary
    /// cannot be read to stamp it). A missing folder or file is an empty cache.
    static func read(folder: String, serial: Bool = false) -> BuildCache? {
        guard let binary = CacheFile.binaryDigest else { return nil }
        let header = Self.header(binary: binary)
        var shards = [Shard?](repeating: nil, count: shardCount)
        var snapshot: SiteSnapshot?
        if CacheFile.isFolder(folder) {
            shards = Array(0..<shardCount).parallelMap(serial: serial) { number in
                CacheFile.contents(of: shardPath(folder, number)).flatMap { parse($0, header: header, shard: number) }
            }
            snapshot = SiteSnapshot.read(folder: folder, header: header)
        }
        return BuildCache(folder: folder, header: header, shards: shards, snapshot: snapshot)
    }

    /// Checks one file: its header, its closing digest, and that every entry lies inside it
    /// and belongs in it. nil when anything is wrong.
    static func parse(_ bytes: [UInt8], header: [UInt8], shard: Int) -> Shard? {
        let entries = CacheFile.framedBody(bytes, header: header) { reader throws(CacheFormatError) -> [KeyDigest: Entry] in
            let count = try reader.count()
            var entries: [KeyDigest: Entry] = [:]
            entries.reserveCapacity(min(count, bytes.count / 18))
            for _ in 0..<count {
                let digest = try reader.digest()
                guard let kind = Kind(rawValue: try reader.byte()), shardNumber(of: digest) == shard, entries[digest] == nil else {
                    throw CacheFormatError()
                }
                entries[digest] = Entry(kind: kind, range: try reader.skip(try reader.size()))
            }
            return entries
        }
        return entries.map { Shard(bytes: bytes, entries: $0) }
    }

    /// Reads the cache on another thread, so that reading overlaps the load step.
    final class Reading: Sendable {
        private let group = DispatchGroup()
        private let result = Mutex<BuildCache?>(nil)

        /// Starts reading `folder` at once.
        init(folder: String, serial: Bool) {
            DispatchQueue.global().async(group: group) { [self] in
                let cache = BuildCache.read(folder: folder, serial: serial)
                result.withLock { $0 = cache }
            }
        }

        /// The cache, once it is read.
        var value: BuildCache? {
            group.wait()
            return result.withLock { $0 }
        }
    }

    // MARK: - Writing

    /// Keeps the bodies, text fields and page records of `memo`, this build's, and the entries
    /// of this cache it used as they were (`carried`), and nothing else: a file whose
    /// entries are the ones it already holds is left alone, the others are written again, and
    /// files left with no entry are deleted. Failures leave the cache as it was, or without
    /// the files that could not be written; they are never an error of the build.
    /// Returns how many files were written.
    @discardableResult
    func write(_ memo: BuildMemo, serial: Bool = false) -> Int {
        enum Source: Sendable {
            case body(BuildMemo.Body)
            case text(BuildMemo.TextKey, BuildMemo.Text)
            case page(KeyDigest, BuildMemo.PageRecord)
            /// An entry of this cache that the build used as it is.
            case carried(KeyDigest)
        }
        let sources =
            memo.bodies.values.map(Source.body) + memo.texts.map { Source.text($0.key, $0.value) }
            + memo.pageRecords.map { Source.page($0.key, $0.value) } + memo.carried.filter(holds).sorted().map(Source.carried)
        let digests = sources.parallelMap(serial: serial) { source -> KeyDigest in
            switch source {
            case .body(let body): return body.key.digest
            case .text(let key, _): return key.digest
            case .page(let digest, _), .carried(let digest): return digest
            }
        }
        var byShard = [[Int]](repeating: [], count: Self.shardCount)
        var seen = Set<KeyDigest>()
        for (position, digest) in digests.enumerated() where seen.insert(digest).inserted {
            byShard[Self.shardNumber(of: digest)].append(position)
        }
        guard CacheFile.makeFolder(folder) else { return 0 }
        let groups = byShard
        let written = Array(0..<Self.shardCount).parallelMap(serial: serial) { number -> Int in
            let positions = groups[number]
            let path = Self.shardPath(folder, number)
            if positions.isEmpty {
                unlink(path)
                return 0
            }
            if let shard = shards[number], shard.entries.count == positions.count,
                positions.allSatisfy({ shard.entries[digests[$0]] != nil })
            {
                return 0
            }
            let bytes = CacheFile.framed(header: header) { writer in
                writer.count(positions.count)
                for position in positions.sorted(by: { digests[$0] < digests[$1] }) {
                    writer.digest(digests[position])
                    switch sources[position] {
                    case .body(let body):
                        writer.byte(Kind.body.rawValue)
                        writer.sized { $0.renderedPage(body.rendered) }
                    case .text(_, let text):
                        writer.byte(Kind.text.rawValue)
                        writer.sized { $0.text(text) }
                    case .page(_, let record):
                        writer.byte(Kind.page.rawValue)
                        writer.sized { $0.pageRecord(record) }
                    case .carried(let digest):
                        // Only entries this cache holds are carried (`holds`).
                        let shard = shards[number]!, entry = shard.entries[digest]!
                        writer.byte(entry.kind.rawValue)
                        writer.sized { $0.bytes += shard.bytes[entry.range] }
                    }
                }
            }
            return CacheFile.replace(path, with: bytes) ? 1 : 0
        }
        return written.reduce(0, +)
    }

    /// Whether an entry is in the files as read: a page's record may name a body whose file
    /// was damaged since.
    func holds(_ digest: KeyDigest) -> Bool {
        shards[Self.shardNumber(of: digest)]?.entries[digest] != nil
    }

    /// Keeps `snapshot`, this build's, for the next build; false when it could not.
    @discardableResult
    func write(_ snapshot: SiteSnapshot) -> Bool {
        snapshot.write(folder: folder, header: header)
    }

    // MARK: - Files

    /// Where shard `number` lives.
    static func shardPath(_ folder: String, _ number: Int) -> String {
        folder + "/" + String(format: "%02x", number) + ".bin"
    }

    static func shardNumber(of digest: KeyDigest) -> Int {
        Int(digest.low % UInt64(shardCount))
    }

    /// The start of every file: a name, the format, handbook's version, the binary's digest
    /// and the version of the cmark-gfm library it runs with.
    static func header(binary: KeyDigest) -> [UInt8] {
        var writer = CacheWriter(capacity: 64)
        writer.bytes += Array("handbook cache\n".utf8)
        writer.count(format)
        writer.string(HandbookVersion.current)
        writer.digest(binary)
        writer.string(MarkdownRenderer.libraryVersion)
        return writer.bytes
    }

    /// The layout of the files; a reader ignores files of any other.
    static let format = 1
}

extension BuildMemo {
    /// The body kept for page `id` when its key is `key`: from this memo, or from the build
    /// cache on disk.
    func body(for id: PageID, key: BodyKey) -> Body? {
        if let known = bodies[id], known.key == key { return known }
        guard let stored, let rendered = stored.body(key.digest) else { return nil }
        return Body(key: key, rendered: rendered)
    }

    /// The text field kept for `key`: from this memo, or from the build cache on disk.
    func text(for key: TextKey) -> Text? {
        if let known = texts[key] { return known }
        return stored?.text(key.digest)
    }
}

extension BuildMemo.BodyKey {
    /// Everything rendering `page`'s body reads, with `fingerprint` for the rest of the site.
    init(_ page: ParsedPage, fingerprint: UInt64) {
        self.init(
            body: page.body, file: page.file, lineOffset: page.bodyLineOffset, fingerprint: fingerprint, id: page.id.path,
            untitled: page.frontMatter.title == nil, linkSource: page.linkSource?.path,
            comparisons: page.frontMatter.compare.map(\.caption))
    }

    /// The key's digest in the build cache: every field, with the entry's kind first.
    var digest: KeyDigest {
        var hasher = KeyHasher()
        hasher.add(Int(BuildCache.Kind.body.rawValue))
        hasher.add(fingerprint)
        hasher.add(id)
        hasher.add(file)
        hasher.add(lineOffset)
        hasher.add(untitled ? 1 : 0)
        hasher.add(linkSource)
        hasher.add(comparisons.count)
        for caption in comparisons { hasher.add(caption) }
        hasher.add(body)
        return hasher.digest
    }
}

extension BuildMemo.TextKey {
    /// The key's digest in the build cache: every field, with the entry's kind first.
    var digest: KeyDigest {
        var hasher = KeyHasher()
        hasher.add(Int(BuildCache.Kind.text.rawValue))
        hasher.add(fingerprint)
        hasher.add(location.file)
        hasher.add(location.line)
        hasher.add(location.column)
        hasher.add(renderedAt)
        hasher.add(markdown)
        return hasher.digest
    }
}

import Foundation
import HandbookRender

/// Whole pages that `handbook build` takes from its last build instead of rendering them.
///
/// A page's file is made from its own body and from the site model: every page's front matter,
/// the titles bodies give their pages, dates and owners, site.yml and the theme. It never shows
/// another page's body. So when the site model's inputs are those of the last build
/// (`SiteStructure`) and a page's body is too, the page is the file the last build made. When
/// only some pages' front matter changed, the pages that show none of it (`AffectedPages`,
/// which the preview relies on too) keep their files as well. A page's key names its file
/// (`PageReuse.key`); the cache keeps under that key what else rendering the page gave
/// (`BuildMemo.PageRecord`: its search document, diagnostics and anchors).
///
/// The file itself is not in the cache: the staging tree (the site before the last one) holds
/// it when the page was the same then (`OutputFolder.takeStagingKeys`), and otherwise it is
/// copied from the output folder when the record of the last build says the file there was
/// made from this key and is still as that build left it. When neither holds, the page is
/// rendered.
struct PageReuse: Sendable {
    /// The digest of the site model's inputs in this build, set once they are parsed.
    var structure = KeyDigest(high: 0, low: 0)
    /// What changed since the last build, when only pages' front matter, titles and dates did.
    var chain: Chain?
    /// The key each page file in the staging tree was made from, for the files known to be
    /// untouched since.
    var staging: [String: KeyDigest]
    /// The key each page file in the output folder was made from, and its state then.
    var output: [String: (key: KeyDigest, state: String)]
    /// The output folder.
    var outputFolder: String
    /// What the last build's site model was made of, from the cache.
    var snapshot: SiteSnapshot?

    /// Where a reused page's file comes from.
    enum Source: Sendable {
        /// The staging tree already holds it.
        case staging
        /// The output folder does, at this path.
        case output(String)
    }

    /// The last build's site model and pages, and what changed since.
    struct Chain: Sendable {
        /// The site model of the last build.
        var old: Site
        /// The pages whose front matter, title from the body, date or owners changed.
        var changed: Set<PageID>
        /// Each page's key and body key in the last build.
        var keys: [PageID: SiteSnapshot.PageKeys]
        /// The pages whose templates may show something else now (`AffectedPages`), once
        /// the sidebars are made.
        var affected: Set<PageID> = []
    }

    /// The key of a page: the one it had in the last build when neither its body nor anything it
    /// shows changed since; else made of the site model's inputs, the page, and its body's key
    /// (nil for a page made for a folder, which has no body). Either way, two pages with one key
    /// are the same file.
    func key(for id: PageID, body: KeyDigest?) -> KeyDigest {
        if let chain, !chain.affected.contains(id), let before = chain.keys[id], before.body == body { return before.key }
        var hasher = KeyHasher()
        hasher.add(Int(BuildCache.Kind.page.rawValue))
        hasher.add(structure.high)
        hasher.add(structure.low)
        hasher.add(id.path)
        hasher.add(body == nil ? 0 : 1)
        if let body {
            hasher.add(body.high)
            hasher.add(body.low)
        }
        return hasher.digest
    }

    /// Where the file at `path`, made from `key`, can be had without rendering; nil when it
    /// cannot.
    func source(of path: String, key: KeyDigest) -> Source? {
        if staging[path] == key { return .staging }
        guard let known = output[path], known.key == key else { return nil }
        let full = outputFolder + "/" + path
        return BuildRecord.state(of: full) == known.state ? .output(full) : nil
    }
}

extension PageReuse {
    /// changes: this reuse with the digest of the site model's inputs and, when the last
    /// build's snapshot allows, the chain to it (`SiteSnapshot.changes`); with the structure
    /// to keep for the next build. nil when the running program cannot be read to stamp it.
    func prepared(_ parsed: ParsedSite, site: Site, early: [PageID: RenderedPage], config: String?, includeDrafts: Bool)
        -> (reuse: PageReuse, structure: SiteStructure)?
    {
        guard let binary = CacheFile.binaryDigest else { return nil }
        let structure = SiteStructure(parsed, config: config, early: early, includeDrafts: includeDrafts, binary: binary)
        var reuse = self
        reuse.structure = structure.digest
        reuse.chain = snapshot?.changes(to: structure, parsed: parsed, site: site)
        return (reuse, structure)
    }
}

extension BuildMemo {
    /// What rendering a page gave besides its file.
    struct PageRecord: Sendable {
        var search: SearchDocument?
        var diagnostics: [Diagnostic]
        var anchors: Set<String>
        var anchorChecks: [AnchorCheck]
        /// The cache entries the page was made from (its body and text fields): kept as long as
        /// the page is, so that a later change to the site finds them.
        var uses: [KeyDigest]
    }
}

extension BuildCache {
    /// What rendering the page with key `digest` gave, if it is kept.
    func page(_ digest: KeyDigest) -> BuildMemo.PageRecord? {
        entry(digest, kind: .page) { reader throws(CacheFormatError) in try reader.pageRecord() }
    }
}

extension CacheWriter {
    mutating func pageRecord(_ record: BuildMemo.PageRecord) {
        flag(record.search != nil)
        if let search = record.search {
            string(search.title)
            string(search.url)
            string(search.section)
            string(search.text)
            let terms = search.storedTerms
            byteArray(terms.bytes)
            count(terms.lengths.count)
            for (length, score) in zip(terms.lengths, terms.scores) {
                count(length)
                integer(score)
            }
        }
        diagnostics(record.diagnostics)
        anchors(record.anchors, checks: record.anchorChecks)
        count(record.uses.count)
        for use in record.uses { digest(use) }
    }
}

extension CacheReader {
    mutating func pageRecord() throws(CacheFormatError) -> BuildMemo.PageRecord {
        var search: SearchDocument?
        if try flag() {
            let title = try string(), url = try string(), section = try string(), text = try string()
            let bytes = try byteArray()
            let count = try count()
            var lengths: [Int] = [], scores: [Int] = []
            lengths.reserveCapacity(count)
            scores.reserveCapacity(count)
            for _ in 0..<count {
                lengths.append(try self.count())
                scores.append(try integer())
            }
            search = SearchDocument(title: title, url: url, section: section, text: text, storedTerms: (bytes, lengths, scores))
            guard search != nil else { throw CacheFormatError() }
        }
        let diagnostics = try diagnostics()
        let (anchors, checks) = try anchors()
        let useCount = try count()
        var uses: [KeyDigest] = []
        uses.reserveCapacity(useCount)
        for _ in 0..<useCount { uses.append(try digest()) }
        return BuildMemo.PageRecord(search: search, diagnostics: diagnostics, anchors: anchors, anchorChecks: checks, uses: uses)
    }
}

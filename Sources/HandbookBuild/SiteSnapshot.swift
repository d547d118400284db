import Foundation
import HandbookMarkdown
import HandbookRender

/// Every input of the site model, which is every input of the site but the pages' bodies.
struct SiteStructure: Sendable, Equatable {
    /// A Markdown file's text before its body (front matter and fences), and whether that
    /// front matter could not be read.
    struct FrontMatterText: Sendable, Equatable {
        var text: String
        var broken: Bool
    }

    /// What every page may show: the program and its cmark-gfm, site.yml's text, the theme's
    /// files, whether drafts are built, and the pages, drafts and files links may point at
    /// (`ParsedSite.markdownFingerprint`).
    var global: KeyDigest
    /// Each Markdown file's front matter, by path under Content/.
    var files: [String: FrontMatterText]
    /// The titles bodies gave the pages without `title:`.
    var titles: [PageID: String]
    /// Each page's date, owners and repository path.
    var facts: [PageID: PageFacts]

    init(global: KeyDigest, files: [String: FrontMatterText], titles: [PageID: String], facts: [PageID: PageFacts]) {
        self.global = global
        self.files = files
        self.titles = titles
        self.facts = facts
    }

    /// The structure of a parsed site; `binary` is the running program's digest.
    init(_ parsed: ParsedSite, config: String?, early: [PageID: RenderedPage], includeDrafts: Bool, binary: KeyDigest) {
        var hasher = KeyHasher()
        // Another build of handbook, or another cmark-gfm, may make other bytes of the same page.
        hasher.add(binary.high)
        hasher.add(binary.low)
        hasher.add(MarkdownRenderer.libraryVersion)
        hasher.add(config)
        hasher.add(parsed.markdownFingerprint)
        hasher.add(parsed.themeFingerprint)
        hasher.add(includeDrafts ? 1 : 0)
        global = hasher.digest
        var files: [String: FrontMatterText] = [:]
        files.reserveCapacity(parsed.markdownPaths.count)
        for path in parsed.markdownPaths {
            guard let entry = parsed.memo[path] else { continue }
            // The body is the end of the text (a BOM and lone CRs aside, which keep lengths):
            // what comes before it is the front matter and its fences.
            let bodyLength = entry.page?.body.utf8.count ?? 0
            let text = String(decoding: entry.text.utf8.dropLast(bodyLength), as: UTF8.self)
            files[path] = FrontMatterText(text: text, broken: entry.page?.frontMatterIsBroken ?? true)
        }
        self.files = files
        titles = early.compactMapValues(\.title)
        facts = parsed.facts
    }

    /// A digest of all of it: the same digest, the same site model.
    var digest: KeyDigest {
        var hasher = KeyHasher()
        hasher.add(Int(BuildCache.Kind.page.rawValue))
        hasher.add(global.high)
        hasher.add(global.low)
        hasher.add(files.count)
        for (path, file) in files.sorted(by: { $0.key < $1.key }) {
            hasher.add(path)
            hasher.add(file.text)
            hasher.add(file.broken ? 1 : 0)
        }
        hasher.add(titles.count)
        for (id, title) in titles.sorted(by: { $0.key < $1.key }) {
            hasher.add(id.path)
            hasher.add(title)
        }
        hasher.add(facts.count)
        for (id, facts) in facts.sorted(by: { $0.key < $1.key }) {
            hasher.add(id.path)
            hasher.add(facts.updated ?? Int.min)
            hasher.add(facts.owners.count)
            for owner in facts.owners { hasher.add(owner) }
            hasher.add(facts.repositoryPath)
        }
        return hasher.digest
    }
}

/// What the last `handbook build` made its site model of, and each page's key, kept beside the
/// build cache (`cache/site`): the next build finds from it which pages' front matter changed,
/// resolves the site as it was, and keeps the keys (and so the files) of the pages that show
/// none of the change.
struct SiteSnapshot: Sendable {
    /// A page's key, and its body's key (nil for a page made for a folder).
    struct PageKeys: Sendable, Equatable {
        var key: KeyDigest
        var body: KeyDigest?
    }

    var structure: SiteStructure
    var pages: [PageID: PageKeys]

    /// What changed from this snapshot to `now`, when that is only some pages' front matter,
    /// titles from bodies, dates or owners; nil when anything else changed (site.yml, the
    /// theme, a page added, removed or turned into a draft), and then no page keeps its key.
    func changes(to now: SiteStructure, parsed: ParsedSite, site: Site) -> PageReuse.Chain? {
        guard structure.global == now.global, Set(pages.keys) == Set(site.pages.keys),
            Set(structure.files.keys) == Set(now.files.keys)
        else { return nil }
        var changed = Set<PageID>()
        var old = parsed.pages
        let pageOfFile = Dictionary(parsed.pages.enumerated().map { ($0.element.file, $0.offset) }, uniquingKeysWith: { first, _ in first })
        for (path, file) in now.files where structure.files[path] != file {
            guard let index = pageOfFile["Content/" + path] else {
                // A draft stays one (else the drafts, and `global`, differ): nothing shows it.
                if parsed.drafts.contains(PageID(path)) { continue }
                return nil
            }
            let before = structure.files[path]!
            // The page as it was: its front matter then, the rest as now (resolving reads
            // nothing else of it that the site model keeps).
            var page = old[index]
            page.frontMatter = BuildStages.parsePage(path: path, text: before.text).0?.frontMatter ?? FrontMatter()
            page.frontMatterIsBroken = before.broken
            old[index] = page
            changed.insert(page.id)
        }
        for id in site.pages.keys where structure.titles[id] != now.titles[id] || structure.facts[id] != now.facts[id] {
            changed.insert(id)
        }
        var chain = PageReuse.Chain(old: site, changed: changed, keys: pages)
        if !changed.isEmpty {
            var (resolved, _) = SiteResolver(config: parsed.config, configFile: "Content/site.yml").resolve(
                old, bodyTitles: structure.titles)
            resolved.facts = structure.facts
            chain.old = resolved
        }
        return chain
    }
}

// MARK: - On disk

extension SiteSnapshot {
    /// The file beside the cache's entries.
    static func path(in folder: String) -> String { folder + "/site" }

    /// The snapshot kept in the cache's `folder`, when it is there whole and was written by
    /// this program (`header`).
    static func read(folder: String, header: [UInt8]) -> SiteSnapshot? {
        guard let bytes = CacheFile.contents(of: path(in: folder)) else { return nil }
        return CacheFile.framedBody(bytes, header: header) { reader throws(CacheFormatError) in try reader.siteSnapshot() }
    }

    /// Writes the snapshot into the cache's `folder`, whole or not at all.
    @discardableResult
    func write(folder: String, header: [UInt8]) -> Bool {
        guard CacheFile.makeFolder(folder) else { return false }
        return CacheFile.replace(Self.path(in: folder), with: CacheFile.framed(header: header) { $0.siteSnapshot(self) })
    }
}

extension CacheWriter {
    mutating func siteSnapshot(_ snapshot: SiteSnapshot) {
        let structure = snapshot.structure
        digest(structure.global)
        count(structure.files.count)
        for (path, file) in structure.files.sorted(by: { $0.key < $1.key }) {
            string(path)
            string(file.text)
            flag(file.broken)
        }
        count(structure.titles.count)
        for (id, title) in structure.titles.sorted(by: { $0.key < $1.key }) {
            string(id.path)
            string(title)
        }
        count(structure.facts.count)
        for (id, facts) in structure.facts.sorted(by: { $0.key < $1.key }) {
            string(id.path)
            flag(facts.updated != nil)
            if let updated = facts.updated { integer(updated) }
            strings(facts.owners)
            string(facts.repositoryPath)
        }
        count(snapshot.pages.count)
        for (id, keys) in snapshot.pages.sorted(by: { $0.key < $1.key }) {
            string(id.path)
            digest(keys.key)
            flag(keys.body != nil)
            if let body = keys.body { digest(body) }
        }
    }
}

extension CacheReader {
    mutating func siteSnapshot() throws(CacheFormatError) -> SiteSnapshot {
        let global = try digest()
        var files: [String: SiteStructure.FrontMatterText] = [:]
        for _ in 0..<(try count()) {
            let path = try string()
            files[path] = SiteStructure.FrontMatterText(text: try string(), broken: try flag())
        }
        var titles: [PageID: String] = [:]
        for _ in 0..<(try count()) {
            let id = PageID(try string())
            titles[id] = try string()
        }
        var facts: [PageID: PageFacts] = [:]
        for _ in 0..<(try count()) {
            let id = PageID(try string())
            let updated = try flag() ? try integer() : nil
            facts[id] = PageFacts(updated: updated, owners: try strings(), repositoryPath: try optionalString())
        }
        var pages: [PageID: SiteSnapshot.PageKeys] = [:]
        for _ in 0..<(try count()) {
            let id = PageID(try string())
            let key = try digest()
            pages[id] = SiteSnapshot.PageKeys(key: key, body: try flag() ? try digest() : nil)
        }
        return SiteSnapshot(structure: SiteStructure(global: global, files: files, titles: titles, facts: facts), pages: pages)
    }
}

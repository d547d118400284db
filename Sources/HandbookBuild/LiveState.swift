import Foundation
import HandbookRender
import Synchronization

/// Everything a build made on its way to the site, kept by a live site so that the next save
/// redoes only its share.
///
/// A save of pages that were already there (no file added or removed, no draft flag turned,
/// site.yml and the theme untouched) is applied here:
/// - bodies only: those pages are rendered again, the search shards of the terms whose scores
///   changed are rewritten, and the `#anchor` links from and to them are checked again;
/// - front matter, or the title a body gives its page: the site model is resolved again, and
///   the pages that show what changed (see `affected`) go through their templates again,
///   taking their bodies from the memo; the other files of the site are made again.
/// Anything else goes through every stage, with the memo.
struct LiveState: Sendable {
    var parsed: ParsedSite
    var renderer: PageRenderStage
    var navs: [PageRenderStage.NavKey: String]
    /// Each page's share of the render stage.
    var outputs: [PageID: PageRenderStage.PageOutput]
    /// Each page's heading ids, which links' `#anchor`s must find.
    var anchors: [PageID: Set<String>]
    /// Problems of the site as a whole found while loading and parsing (site.yml, the theme,
    /// folder pages), before site.yml's levels apply.
    var siteDiagnostics: [Diagnostic]
    /// Each Markdown file's front matter problems, by path under Content/, for the files that
    /// have any.
    var parseDiagnostics: [String: [Diagnostic]]
    /// What resolving the site model reported, and what checking its output paths did.
    var resolveDiagnostics: [Diagnostic]
    var outputPathDiagnostics: [Diagnostic]
    /// What rendering each page reported, for the pages that reported anything.
    var pageDiagnostics: [PageID: [Diagnostic]]
    /// Each page's links to anchors that are missing, by the page they are written on.
    var anchorProblems: [PageID: [Diagnostic]]
    /// The pages with a link to an anchor of a page, by the page linked to.
    var anchorLinks: [PageID: Set<PageID>]
    /// The unreachable pages, and the targets of the links written in each file they were
    /// found with.
    var navigation: [Diagnostic]
    var linksFrom: [String: [PageID]]
    /// The pages that show each sidebar.
    var pagesByNav: [PageRenderStage.NavKey: [PageID]]
    /// The files besides the pages and the search index, and what making them reported.
    var extras: PageRenderStage.Extras
    /// Every search document in the index's order: the pages' in reading order, then the
    /// pair pages'; the index itself is made in the background until a change needs it.
    var documents: [SearchDocument]
    var search: LiveSearchIndex?
    var pendingSearch: Eventually<LiveSearchIndex>?
    /// The last commits and code owners the pages' dates and owners come from.
    var repository: Repository
    var memo: BuildMemo
    /// Every file of this state's site, good or not.
    var files: [String: Data]

    /// The state after a build through every stage, made of what each stage made.
    init(
        sources: SiteSources, parsed: ParsedSite, memo: BuildMemo, resolved: ResolvedSite, renderer: PageRenderStage,
        pages: PageRenderStage.RenderedPages, files: SiteFiles, anchorProblems: [PageID: [Diagnostic]], navigation: [Diagnostic]
    ) {
        self.memo = memo
        self.parsed = parsed
        // The memo holds the front matter; a second reference would copy it on the first change.
        self.parsed.memo = [:]
        self.renderer = renderer
        self.renderer.memo = nil
        navs = pages.navs
        outputs = pages.outputs
        anchors = files.anchors
        parseDiagnostics = parsed.memo.compactMapValues { $0.problems.isEmpty ? nil : $0.problems }
        // The parse stage's own diagnostics are its list less each file's.
        var perFile: [Diagnostic: Int] = [:]
        for problems in parseDiagnostics.values { for problem in problems { perFile[problem, default: 0] += 1 } }
        siteDiagnostics = parsed.diagnostics.filter { diagnostic in
            guard let count = perFile[diagnostic], count > 0 else { return true }
            perFile[diagnostic] = count - 1
            return false
        }
        outputPathDiagnostics = resolved.outputPathDiagnostics
        resolveDiagnostics = Array(resolved.diagnostics.dropLast(resolved.outputPathDiagnostics.count))
        pageDiagnostics = pages.outputs.compactMapValues { $0.diagnostics.isEmpty ? nil : $0.diagnostics }
        self.anchorProblems = anchorProblems
        anchorLinks = Self.anchorLinks(pages.outputs)
        self.navigation = navigation
        var linksFrom: [String: [PageID]] = [:]
        var pagesByNav: [PageRenderStage.NavKey: [PageID]] = [:]
        for page in renderer.site.pages.values {
            if let output = pages.outputs[page.id] { linksFrom[page.file] = output.anchorChecks.map(\.target) }
            pagesByNav[renderer.navKey(for: page.url, section: page.section), default: []].append(page.id)
        }
        self.linksFrom = linksFrom
        self.pagesByNav = pagesByNav
        extras = files.extras
        documents = files.documents
        pendingSearch = Eventually { [documents = files.documents] in LiveSearchIndex(documents: documents) }
        repository = sources.repository
        self.files = Dictionary(files.files.map { ($0.path, $0.data) }, uniquingKeysWith: { $1 })
    }

    /// What an update made.
    struct Update {
        var report: BuildReport
        /// Paths whose bytes may differ from before.
        var touched: Set<String>
    }

    /// One saved page, read and parsed.
    private struct Edit {
        var path: String
        var parsed: BuildMemo.Parsed
        var page: ParsedPage
        /// Whether its front matter changed; a body's new title counts as front matter.
        var frontMatterChanged: Bool
        /// For a page that takes its title from its body: the body, rendered.
        var body: (body: BuildMemo.Body, made: Bool)?
        /// Left out as a draft, before and after.
        var isDraft: Bool
    }

    /// Applies a save of the files at `paths` (relative to the root) when they are pages that
    /// were already there; nil when anything else changed, for a full update instead. The
    /// state is left as it was when nil is returned.
    mutating func update(_ paths: Set<String>, options: BuildOptions) -> Update? {
        var report = BuildReport()
        let start = ContinuousClock.now
        var clock = start
        func lap(_ name: String) {
            let now = ContinuousClock.now
            report.steps.append(StepTiming(name: name, seconds: clock.duration(to: now).seconds))
            clock = now
        }
        // read: each file again; nothing changes in the state until every one is known to fit.
        var edits: [Edit] = []
        for path in paths.sorted() where !isGone(path, root: options.root) {
            guard let read = Self.read(path, root: options.root, memo: memo) else { return nil }
            guard let (entry, page, frontMatterChanged) = read else { continue }
            let wasDraft = parsed.drafts.contains(page.id)
            guard wasDraft == (page.frontMatter.draft && !options.includeDrafts) else { return nil }
            var edit = Edit(
                path: String(path.dropFirst("Content/".count)), parsed: entry, page: page, frontMatterChanged: frontMatterChanged,
                isDraft: wasDraft)
            if !wasDraft {
                guard parsed.sameAs[page.id] == nil, renderer.sources[page.id]?.file == page.file, renderer.site.pages[page.id] != nil
                else { return nil }
                if page.frontMatter.title == nil {
                    // The body gives the page its title.
                    let body = renderer.markdown.render(page, memo: memo, fingerprint: parsed.markdownFingerprint)
                    if body.body.rendered.title != renderer.early[page.id]?.title { edit.frontMatterChanged = true }
                    edit.body = body
                }
            }
            edits.append(edit)
        }
        lap("read")

        // From here on the state changes in place: each of its tables is this state's alone,
        // so a change does not copy them.
        var changed: [PageID] = []
        for edit in edits {
            memo.parsed[edit.path] = edit.parsed
            parseDiagnostics[edit.path] = edit.parsed.problems.isEmpty ? nil : edit.parsed.problems
            guard !edit.isDraft else { continue }
            let id = edit.page.id
            if let body = edit.body {
                renderer.early[id] = body.body.rendered
                memo.bodies[id] = body.body
                if body.made { report.renderedBodies += 1 }
            } else {
                renderer.early[id] = nil
            }
            renderer.sources[id] = edit.page
            changed.append(id)
        }
        let structural = edits.contains { $0.frontMatterChanged && !$0.isDraft }
        var render = Set(changed)
        var touched = Set<String>()
        if structural {
            render.formUnion(resolveAgain(changed: changed, options: options))
            lap("resolve")
        }

        // render: the pages, each through its template only when what it shows changed.
        let ids = renderer.site.readingOrder.filter(render.contains)
        let made = Self.render(ids, renderer: renderer, navs: navs, memo: memo, parsed: parsed)
        var linksMoved = structural
        var before: [PageID: PageRenderStage.PageOutput] = [:]
        for (id, output) in zip(ids, made) {
            before[id] = outputs[id]
            let page = renderer.site.pages[id]!
            if output.madeBody { report.renderedBodies += 1 }
            if output.madePage { report.renderedPages += 1 }
            if let kept = output.kept {
                // A page that takes its title from its body kept it in the read step.
                if let body = kept.body { memo.bodies[id] = body }
                for (key, text) in kept.texts { memo.texts[key] = text }
                memo.pages[id] = kept.page
                if let html = kept.page?.html, files[page.url + "index.html"] != html {
                    files[page.url + "index.html"] = html
                    touched.insert(page.url + "index.html")
                }
            }
            if Set(outputs[id]?.anchorChecks.map(\.target) ?? []) != Set(output.anchorChecks.map(\.target)) { linksMoved = true }
            outputs[id] = output
            linksFrom[page.file] = output.anchorChecks.map(\.target)
            anchors[id] = output.anchors
            pageDiagnostics[id] = output.diagnostics.isEmpty ? nil : output.diagnostics
        }
        if structural { touched.formUnion(makeExtrasAgain()) }
        lap("render")

        // index: the search documents that differ, by their number in the index.
        var documents = renderer.site.readingOrder.compactMap { outputs[$0]?.search } + extras.documents
        if search == nil {
            search = pendingSearch?.value ?? LiveSearchIndex(documents: self.documents)
            pendingSearch = nil
        }
        if documents.count != search!.count {
            // Pair pages came or went: a new index, its files in place of the old ones.
            let old = Set(files.keys.filter { $0.hasPrefix("search/") })
            search = LiveSearchIndex(documents: documents)
            touched.formUnion(old.union(search!.files.keys))
        } else {
            let pairsFrom = structural ? documents.count - extras.documents.count : documents.count
            touched.formUnion(
                search!.replace(Self.changedDocuments(self.documents, documents, rendered: Set(ids), pairsFrom: pairsFrom)))
        }
        for path in touched where path.hasPrefix("search/") { files[path] = search!.files[path] }
        swap(&self.documents, &documents)
        lap("index")

        // check links: the anchors of the pages made again and of those that link to them.
        var recheck = Set(ids)
        for (id, old) in before {
            let new = outputs[id]!
            for target in Self.anchorTargets(old) { anchorLinks[target]?.remove(id) }
            for target in Self.anchorTargets(new) { anchorLinks[target, default: []].insert(id) }
            if old.anchors != new.anchors { recheck.formUnion(anchorLinks[id] ?? []) }
        }
        for id in recheck {
            let problems = BuildStages.checkAnchors(outputs[id]?.anchorChecks ?? [], anchors: anchors)
            anchorProblems[id] = problems.isEmpty ? nil : problems
        }
        if linksMoved {
            navigation = BuildStages.checkNavigation(renderer, linksFrom: linksFrom, generated: parsed.generated)
        }
        lap("check links")
        report.diagnostics = diagnostics
        report.pages = renderer.site.readingOrder.count + extras.pairPages
        report.files = files.count
        report.seconds = start.duration(to: .now).seconds
        return Update(report: report, touched: touched)
    }

    /// Every diagnostic of the site as it is now, at site.yml's levels, sorted.
    var diagnostics: [Diagnostic] {
        var all = Diagnostics()
        all.setLevels(parsed.config.checks)
        all.append(contentsOf: siteDiagnostics)
        for problems in parseDiagnostics.values { all.append(contentsOf: problems) }
        all.append(contentsOf: resolveDiagnostics)
        all.append(contentsOf: outputPathDiagnostics)
        for problems in pageDiagnostics.values { all.append(contentsOf: problems) }
        all.append(contentsOf: extras.diagnostics)
        for problems in anchorProblems.values { all.append(contentsOf: problems) }
        all.append(contentsOf: navigation)
        return all.sorted
    }

    /// Resolves the site model again after front matter changed, with the pages' new dates and
    /// owners; returns the pages whose templates may show something else now.
    private mutating func resolveAgain(changed: [PageID], options: BuildOptions) -> Set<PageID> {
        let changedSet = Set(changed)
        // Other pages keep the bodies they were resolved with: a save that blanks a body or
        // fills a blank one comes here (see `read`), so those bodies are as blank as now.
        for index in parsed.pages.indices where changedSet.contains(parsed.pages[index].id) {
            parsed.pages[index] = renderer.sources[parsed.pages[index].id]!
        }
        let files = Set(parsed.markdownPaths)
        let facts = repository.facts(
            for: changed.map { renderer.sources[$0]! }, files: files, sourceDateEpoch: options.sourceDateEpoch)
        parsed.facts.merge(facts) { $1 }
        let resolver = SiteResolver(config: parsed.config, configFile: "Content/site.yml")
        let sources = changed.map { renderer.sources[$0]! }
        var site: Site
        if let (updated, problems) = resolver.update(
            renderer.site, changed: sources, bodyTitles: renderer.early.filter { changedSet.contains($0.key) }.compactMapValues(\.title))
        {
            // What resolving reports about a page is located in its file.
            let files = Set(sources.map(\.file))
            site = updated
            resolveDiagnostics = resolveDiagnostics.filter { !files.contains($0.location.file) } + problems
        } else {
            let (resolved, problems) = resolver.resolve(parsed.pages, bodyTitles: renderer.early.compactMapValues(\.title))
            site = resolved
            resolveDiagnostics = problems
        }
        site.facts = parsed.facts
        // Output paths come from the pages' addresses, which stay, and their aliases.
        let old = renderer.site
        if changed.contains(where: { old.pages[$0]?.frontMatter.aliases != site.pages[$0]?.frontMatter.aliases }) {
            outputPathDiagnostics = BuildStages.outputPathProblems(parsed, site: site)
        }
        renderer.site = site
        let oldNavs = navs
        navs = Self.sidebarsAgain(oldNavs, renderer: renderer, old: old, changed: changed)
        return Self.affected(old: old, new: renderer.site, changed: changedSet, oldNavs: oldNavs, newNavs: navs, pagesByNav: pagesByNav)
    }

    /// The sidebars after `changed` pages' front matter changed. A sidebar lists the pages and
    /// subsections of the sections open above its pages (every section when the site is small
    /// enough to show the whole tree): only those that list a changed page, or the section a
    /// changed landing page stands for, are made again.
    private static func sidebarsAgain(
        _ navs: [PageRenderStage.NavKey: String], renderer: PageRenderStage, old: Site, changed: [PageID]
    ) -> [PageRenderStage.NavKey: String] {
        let site = renderer.site
        if NavRenderer.showsEveryPage(of: site) { return renderer.renderNavs() }
        // The listings a changed page shows in: its section's, or for a landing page its
        // parent's, where the section's title and weight place it.
        var listings = Set<String>()
        for id in changed {
            for page in [old.pages[id], site.pages[id]] {
                guard let page else { continue }
                listings.insert(page.id.isSectionIndex ? (site.sections[page.section]?.parent ?? "") : page.section)
            }
        }
        let redo = navs.keys.filter { key in site.ancestry(of: key.section).contains { listings.contains($0.id) } }
        var next = navs
        let navRenderer = NavRenderer(site: site)
        for (key, nav) in zip(redo, redo.parallelMap { navRenderer.render(section: $0.section, depth: $0.depth) }) { next[key] = nav }
        return next
    }

    /// The pages whose templates may show something else after `changed` pages' front matter
    /// changed, found from what a page's template shows of other pages (see `PageContext`):
    /// its neighbours in reading order (the pager), its sidebar, the sections above it (the
    /// breadcrumbs) and, for a landing page, its section's pages; the entries its fields name
    /// and the pages that name it (backlinks); the comparisons that show an entry. Whether a
    /// page among them really changed is then decided by the hash of all it shows.
    static func affected(
        old: Site, new: Site, changed: Set<PageID>, oldNavs: [PageRenderStage.NavKey: String], newNavs: [PageRenderStage.NavKey: String],
        pagesByNav: [PageRenderStage.NavKey: [PageID]]
    ) -> Set<PageID> {
        // What every page shows: the feed link.
        if old.hasDates != new.hasDates { return Set(new.readingOrder) }
        var pages = changed
        func neighbours(_ site: Site, _ id: PageID) -> [PageID?] {
            guard let index = site.readingPosition[id] else { return [nil, nil] }
            return [
                index > 0 ? site.readingOrder[index - 1] : nil, index + 1 < site.readingOrder.count ? site.readingOrder[index + 1] : nil,
            ]
        }
        for id in new.readingOrder where neighbours(old, id) != neighbours(new, id) { pages.insert(id) }
        for id in changed {
            for neighbour in neighbours(old, id) + neighbours(new, id) { if let neighbour { pages.insert(neighbour) } }
        }
        for key in newNavs.keys where oldNavs[key] != newNavs[key] { pages.formUnion(pagesByNav[key] ?? []) }
        // Landing pages list their section's pages and subsections; every page below a section
        // shows its title in the breadcrumbs and the search results.
        var renamed: [String] = []
        for (id, section) in new.sections where old.sections[id] != section {
            if let index = section.index { pages.insert(index) }
            if let parent = section.parent, let index = new.sections[parent]?.index { pages.insert(index) }
            if old.sections[id]?.title != section.title { renamed.append(id) }
        }
        for id in changed {
            guard let page = new.pages[id], let section = new.sections[page.section] else { continue }
            if let index = section.index { pages.insert(index) }
            if let parent = section.parent, let index = new.sections[parent]?.index { pages.insert(index) }
        }
        if !renamed.isEmpty {
            for page in new.pages.values
            where renamed.contains(where: { $0.isEmpty || page.section == $0 || page.section.hasPrefix($0 + "/") }) {
                pages.insert(page.id)
            }
        }
        // Entries: the pages that name them in fields, the backlinks on them, comparisons.
        var entries = Set<EntryRef>()
        for id in changed {
            for site in [old, new] {
                guard let page = site.pages[id] else { continue }
                if let entry = page.entry { entries.insert(entry) }
                // The entries it names list it among their backlinks.
                for value in page.fields.values {
                    for ref in value.references { if let target = site.entries[ref] { pages.insert(target) } }
                }
            }
        }
        for entry in entries {
            for link in (old.backlinks[entry] ?? []) + (new.backlinks[entry] ?? []) { pages.insert(link.source) }
        }
        for entry in Set(old.backlinks.keys).union(new.backlinks.keys) where old.backlinks[entry] != new.backlinks[entry] {
            if let id = new.entries[entry] { pages.insert(id) }
        }
        if !entries.isEmpty {
            for site in [old, new] {
                for (id, tables) in site.comparisons where tables.contains(where: { !entries.isDisjoint(with: $0.entries) }) {
                    pages.insert(id)
                }
            }
        }
        return pages.filter { new.pages[$0] != nil }
    }

    /// Makes the files besides the pages and the search index again for the new site model;
    /// returns the paths that changed.
    private mutating func makeExtrasAgain() -> Set<String> {
        let next = renderer.renderExtras(navs: navs)
        var touched = Set<String>()
        let paths = Set(next.files.map(\.path))
        for file in extras.files where !paths.contains(file.path) {
            files[file.path] = nil
            touched.insert(file.path)
        }
        for file in next.files where files[file.path] != file.data {
            files[file.path] = file.data
            touched.insert(file.path)
        }
        extras = next
        return touched
    }

    /// The documents to put in the index: where the page at a number is another one now, a
    /// page made again, or a pair page made again (from `pairsFrom` on).
    private static func changedDocuments(
        _ old: [SearchDocument], _ new: [SearchDocument], rendered: Set<PageID>, pairsFrom: Int
    ) -> [(Int, SearchDocument)] {
        var replaced: [(Int, SearchDocument)] = []
        let renderedURLs = Set(rendered.map { pageURL(for: $0) })
        for (number, document) in new.enumerated()
        where number >= pairsFrom || old[number].url != document.url || renderedURLs.contains(document.url) {
            replaced.append((number, document))
        }
        return replaced
    }

    /// The pages with a link to an anchor of a page, by the page linked to.
    static func anchorLinks(_ outputs: [PageID: PageRenderStage.PageOutput]) -> [PageID: Set<PageID>] {
        var links: [PageID: Set<PageID>] = [:]
        for (id, output) in outputs {
            for target in anchorTargets(output) { links[target, default: []].insert(id) }
        }
        return links
    }

    /// The pages a page links to with an `#anchor`.
    static func anchorTargets(_ output: PageRenderStage.PageOutput) -> Set<PageID> {
        Set(output.anchorChecks.lazy.filter { !$0.fragment.isEmpty }.map(\.target))
    }

    /// Whether `path` is a file that came and went between two builds, as an editor's temporary
    /// file does: the site never had it and it is not there now.
    private func isGone(_ path: String, root: URL) -> Bool {
        guard path.hasPrefix("Content/") else { return false }
        let relative = String(path.dropFirst("Content/".count))
        var info = stat()
        guard lstat(root.appendingPathComponent(path).path, &info) != 0, errno == ENOENT else { return false }
        return memo.parsed[relative] == nil && !parsed.staticFiles.contains(relative)
    }

    /// Renders pages of the site with the memo; the renderer's copy of it is gone on return.
    private static func render(
        _ ids: [PageID], renderer: PageRenderStage, navs: [PageRenderStage.NavKey: String], memo: BuildMemo, parsed: ParsedSite
    ) -> [PageRenderStage.PageOutput] {
        var renderer = renderer
        renderer.memo = PageRenderStage.MemoUse(
            previous: memo, markdownFingerprint: parsed.markdownFingerprint, themeFingerprint: parsed.themeFingerprint)
        return ids.parallelMap { [renderer] in renderer.renderPage(renderer.site.pages[$0]!, navs: navs) }
    }

    /// A changed file's new front matter entry and page, and whether its front matter changed;
    /// `.some(nil)` when its text is as it was; nil when it is not a page that was read before
    /// or is no longer a plain file.
    private static func read(_ path: String, root: URL, memo: BuildMemo) -> (BuildMemo.Parsed, ParsedPage, Bool)?? {
        guard path.hasPrefix("Content/"), path.hasSuffix(".md") else { return nil }
        let relative = String(path.dropFirst("Content/".count))
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") }), let known = memo.parsed[relative], known.page != nil
        else { return nil }
        // Only a plain file: a link may now lead out of Content/, which the load stage decides.
        let url = root.appendingPathComponent(path)
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: url.path),
            case .success(let text) = SourceText.decode(data, file: path)
        else { return nil }
        if text == known.text { return .some(nil) }
        let (page, problems) = BuildStages.parsePage(path: relative, text: text)
        guard let page else { return nil }
        let before = try? SourceText.split(known.text, file: path), after = try? SourceText.split(text, file: path)
        // Resolving reads one thing of a body: whether it is blank (an `empty-page` warning).
        let same =
            before != nil && after != nil && before?.frontMatter == after?.frontMatter
            && before?.frontMatterLine == after?.frontMatterLine && before?.bodyLineOffset == after?.bodyLineOffset
            && problems == known.problems && before?.body.allSatisfy(\.isWhitespace) == after?.body.allSatisfy(\.isWhitespace)
        return .some((BuildMemo.Parsed(text: text, page: page, problems: problems), page, !same))
    }
}

/// A value made on another thread, waited for when it is needed.
final class Eventually<Value: Sendable>: Sendable {
    private let result = Mutex<Value?>(nil)
    private let group = DispatchGroup()

    /// Starts making the value at once.
    init(_ make: @escaping @Sendable () -> Value) {
        DispatchQueue.global(qos: .utility).async(group: group) { [self] in
            let value = make()
            result.withLock { $0 = value }
        }
    }

    /// The value, once it is made.
    var value: Value {
        group.wait()
        return result.withLock { $0! }
    }
}

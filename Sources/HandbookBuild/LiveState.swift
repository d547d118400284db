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
    /// Each page's number in the index.
    var documentNumbers: [PageID: Int]
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
        documentNumbers = Self.documentNumbers(renderer.site.readingOrder, pages.outputs)
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
        if search == nil {
            search = pendingSearch?.value ?? LiveSearchIndex(documents: documents)
            pendingSearch = nil
        }
        if structural {
            // Pages may have moved: every number is looked at again.
            let next = renderer.site.readingOrder.compactMap { outputs[$0]?.search } + extras.documents
            if next.count != search!.count {
                // Pair pages came or went: a new index, its files in place of the old ones.
                let old = Set(files.keys.filter { $0.hasPrefix("search/") })
                search = LiveSearchIndex(documents: next)
                touched.formUnion(old.union(search!.files.keys))
            } else {
                let pairsFrom = next.count - extras.documents.count
                touched.formUnion(search!.replace(Self.changedDocuments(documents, next, rendered: Set(ids), pairsFrom: pairsFrom)))
            }
            documents = next
            documentNumbers = Self.documentNumbers(renderer.site.readingOrder, outputs)
        } else {
            // Bodies only: every page keeps its number.
            let replaced = ids.compactMap { id in documentNumbers[id].flatMap { number in outputs[id]?.search.map { (number, $0) } } }
            for (number, document) in replaced { documents[number] = document }
            touched.formUnion(search!.replace(replaced))
        }
        for path in touched where path.hasPrefix("search/") { files[path] = search!.files[path] }
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

    /// Each page's number in an index of the pages' documents in reading order.
    private static func documentNumbers(_ order: [PageID], _ outputs: [PageID: PageRenderStage.PageOutput]) -> [PageID: Int] {
        Dictionary(uniqueKeysWithValues: zip(order.filter { outputs[$0]?.search != nil }, 0...))
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

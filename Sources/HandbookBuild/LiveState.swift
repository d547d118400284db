import Foundation
import HandbookRender
import Synchronization

/// Everything a build made on its way to the site, kept by a live site so that the next change
/// redoes only its share. A save that changes only page bodies (no front matter, no title a
/// body gives its page, no file added or removed) leaves the site model as it was: only those
/// pages, their search terms and the link checks are made again. Anything else goes through
/// every stage, with the memo.
struct LiveState: Sendable {
    var parsed: ParsedSite
    var renderer: PageRenderStage
    var navs: [PageRenderStage.NavKey: String]
    /// Each page's share of the render stage.
    var outputs: [PageID: PageRenderStage.PageOutput]
    /// Each page's heading ids, which links' `#anchor`s must find.
    var anchors: [PageID: Set<String>]
    /// What rendering each page reported, for the pages that reported anything.
    var pageDiagnostics: [PageID: [Diagnostic]]
    /// Each page's links to anchors that are missing, by the page they are written on.
    var anchorProblems: [PageID: [Diagnostic]]
    /// The pages with a link to an anchor of a page, by the page linked to.
    var anchorLinks: [PageID: Set<PageID>]
    /// What parsing, resolving and the pages besides the site's own reported, before
    /// site.yml's levels: none of it depends on a body.
    var fixedDiagnostics: [Diagnostic]
    /// The unreachable pages, and the link targets they were found with.
    var navigation: [Diagnostic]
    /// The search index's number of each page.
    var documentNumbers: [PageID: Int]
    /// What the search index is made of, until the first change that needs it.
    var documents: [SearchDocument]
    /// The index, once a change needed it; until then it is being made in the background.
    var search: LiveSearchIndex?
    var pendingSearch: Eventually<LiveSearchIndex>?
    var memo: BuildMemo
    /// Pages written, generated ones included.
    var pageCount: Int
    /// Every file of this state's site, good or not.
    var files: [String: Data]

    /// What a body-only update made.
    struct Update {
        var report: BuildReport
        /// Paths whose bytes may differ from before.
        var touched: Set<String>
    }

    /// Applies a save of the Markdown files at `paths` (relative to the root) when every one of
    /// them changed only its body, or not at all; nil when anything else changed, for a full
    /// update instead. The state is left as it was when nil is returned.
    mutating func updateBodies(_ paths: Set<String>, options: BuildOptions) -> Update? {
        var report = BuildReport()
        let start = ContinuousClock.now
        var clock = start
        func lap(_ name: String) {
            let now = ContinuousClock.now
            report.steps.append(StepTiming(name: name, seconds: clock.duration(to: now).seconds))
            clock = now
        }
        // read: each file again, and its front matter, which must be as it was.
        var edits: [(path: String, parsed: BuildMemo.Parsed, page: ParsedPage)] = []
        for path in paths.sorted() {
            if isGone(path, root: options.root) { continue }
            guard let edit = Self.bodyEdit(path, root: options.root, memo: memo) else { return nil }
            guard let (parsedEntry, page) = edit else { continue }
            if parsed.drafts.contains(page.id) {
                // A draft left out stays out: its body shows nowhere.
                edits.append((String(path.dropFirst("Content/".count)), parsedEntry, page))
                continue
            }
            guard parsed.sameAs[page.id] == nil, let known = renderer.sources[page.id], known.file == page.file,
                renderer.site.pages[page.id] != nil
            else { return nil }
            edits.append((String(path.dropFirst("Content/".count)), parsedEntry, page))
        }
        // Bodies that give their pages a title must give the same one.
        var titled: [PageID: (body: BuildMemo.Body, made: Bool)] = [:]
        for edit in edits where !parsed.drafts.contains(edit.page.id) && edit.page.frontMatter.title == nil {
            let body = renderer.markdown.render(edit.page, memo: memo, fingerprint: parsed.markdownFingerprint)
            guard body.body.rendered.title == renderer.early[edit.page.id]?.title else { return nil }
            titled[edit.page.id] = body
        }
        lap("read")
        // From here on the state changes in place: each of its tables is this state's alone,
        // so a change does not copy them.
        var touched = Set<String>()
        var rendered: [PageID] = []
        for edit in edits {
            memo.parsed[edit.path] = edit.parsed
            guard !parsed.drafts.contains(edit.page.id) else { continue }
            let id = edit.page.id
            if let body = titled[id] {
                renderer.early[id] = body.body.rendered
                memo.bodies[id] = body.body
                if body.made { report.renderedBodies += 1 }
            }
            renderer.sources[id] = edit.page
            rendered.append(id)
        }
        let made = Self.render(rendered, renderer: renderer, navs: navs, memo: memo, parsed: parsed)
        var linksMoved = false
        var before: [PageID: PageRenderStage.PageOutput] = [:]
        for (id, output) in zip(rendered, made) {
            before[id] = outputs[id]
            let page = renderer.site.pages[id]!
            if output.madeBody { report.renderedBodies += 1 }
            if output.madePage { report.renderedPages += 1 }
            if let kept = output.kept {
                memo.bodies[id] = kept.body
                for (key, text) in kept.texts { memo.texts[key] = text }
                memo.pages[id] = kept.page
                if let html = kept.page?.html {
                    files[page.url + "index.html"] = html
                    touched.insert(page.url + "index.html")
                }
            }
            if Set(outputs[id]?.anchorChecks.map(\.target) ?? []) != Set(output.anchorChecks.map(\.target)) { linksMoved = true }
            outputs[id] = output
            anchors[id] = output.anchors
            pageDiagnostics[id] = output.diagnostics.isEmpty ? nil : output.diagnostics
        }
        lap("render")
        if !rendered.isEmpty {
            if search == nil {
                search = pendingSearch?.value ?? LiveSearchIndex(documents: documents)
                pendingSearch = nil
                documents = []
            }
            for id in rendered {
                guard let number = documentNumbers[id], let document = outputs[id]?.search else { continue }
                for path in search!.replace(number, with: document) {
                    files[path] = search!.files[path]
                    touched.insert(path)
                }
            }
        }
        lap("index")
        // Links to anchors: those of the pages made again, and those that point at a page
        // whose headings changed.
        var recheck = Set(rendered)
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
        let order = renderer.site.readingOrder
        if linksMoved {
            navigation = BuildStages.checkNavigation(
                renderer, links: order.flatMap { outputs[$0]?.anchorChecks ?? [] }, generated: parsed.generated)
        }
        lap("check links")
        var diagnostics = Diagnostics()
        diagnostics.setLevels(parsed.config.checks)
        diagnostics.append(contentsOf: fixedDiagnostics)
        for problems in pageDiagnostics.values { diagnostics.append(contentsOf: problems) }
        for problems in anchorProblems.values { diagnostics.append(contentsOf: problems) }
        diagnostics.append(contentsOf: navigation)
        report.diagnostics = diagnostics.sorted
        report.pages = pageCount
        report.files = files.count
        report.seconds = start.duration(to: .now).seconds
        return Update(report: report, touched: touched)
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

    /// A changed file's new front matter entry and page when only its body changed; `.some(nil)`
    /// when its text is as it was; nil when it is not a page of the site that was read before,
    /// is no longer a plain file, or its front matter changed.
    private static func bodyEdit(_ path: String, root: URL, memo: BuildMemo) -> (BuildMemo.Parsed, ParsedPage)?? {
        guard path.hasPrefix("Content/"), path.hasSuffix(".md") else { return nil }
        let relative = String(path.dropFirst("Content/".count))
        let parts = relative.split(separator: "/", omittingEmptySubsequences: false)
        guard !parts.contains(where: { $0.isEmpty || $0.hasPrefix(".") }), let known = memo.parsed[relative],
            let old = known.page, !old.frontMatterIsBroken
        else { return nil }
        // Only a plain file: a link may now lead out of Content/, which the load stage decides.
        let url = root.appendingPathComponent(path)
        var info = stat()
        guard lstat(url.path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: url.path),
            case .success(let text) = SourceText.decode(data, file: path)
        else { return nil }
        if text == known.text { return .some(nil) }
        guard let before = try? SourceText.split(known.text, file: path), let after = try? SourceText.split(text, file: path),
            before.frontMatter == after.frontMatter, before.frontMatterLine == after.frontMatterLine,
            before.bodyLineOffset == after.bodyLineOffset
        else { return nil }
        let (page, problems) = BuildStages.parsePage(path: relative, text: text)
        guard let page, !page.frontMatterIsBroken, problems == known.problems else { return nil }
        return .some((BuildMemo.Parsed(text: text, page: page, problems: problems), page))
    }
}

extension Dictionary where Key == PageID, Value == Int {
    /// Each page's number in the search index made of `documents`, found by its address.
    init(site: Site, documents: [SearchDocument]) {
        let byURL = Dictionary<String, PageID>(site.pages.values.map { ($0.url, $0.id) }, uniquingKeysWith: { first, _ in first })
        self.init()
        for (number, document) in documents.enumerated() {
            if let id = byURL[document.url], self[id] == nil { self[id] = number }
        }
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

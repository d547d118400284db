import Foundation
import HandbookRender
import Synchronization

/// Renders every page through the theme, plus generated pages, redirects and assets.
struct PageRenderStage: Sendable {
    var site: Site
    let theme: Theme
    /// Every page's parsed source, for rendering its Markdown.
    var sources: [PageID: ParsedPage]
    /// Bodies rendered before resolving (pages that take their title from the body).
    var early: [PageID: RenderedPage]
    let markdown: MarkdownStage
    /// The built-in theme stands in for a site theme with errors: layouts it lacks were the
    /// site theme's and are not reported again.
    var themeIsFallback = false
    /// What the previous build kept, and whether to keep this build's work for the next one.
    var memo: MemoUse?
    /// Told of each page made, for a progress line.
    var progress: (@Sendable (BuildProgress) -> Void)?

    /// A memo from the build before and the fingerprints its entries are checked against.
    struct MemoUse: Sendable {
        var previous: BuildMemo?
        var markdownFingerprint: UInt64
        var themeFingerprint: UInt64
        /// Whether pages made through their templates, and each page's share, are kept too,
        /// for a live site. A build that keeps its work on disk keeps bodies and text fields
        /// only: a page's HTML is tens of KB (most of it the sidebar), and hashing its template
        /// context costs about what the template does.
        var keepsPages = true
        /// For a build that keeps its work on disk: what it needs to take whole pages from
        /// the last build (see `PageReuse`).
        var reuse: PageReuse?
    }

    /// What rendering produced besides the pages, which went to the output as they were made.
    struct Result {
        var files: [OutputFile] = []
        var pages = 0
        var diagnostics: [Diagnostic] = []
        /// Each page's heading ids, and the `#anchor` links to check against them.
        var anchors: [PageID: Set<String>] = [:]
        var anchorChecks: [AnchorCheck] = []
        /// The files besides the pages and the search index (also in `files`), and what
        /// making them reported (also in `diagnostics`).
        var extras = Extras()
        /// What the search index was made of, in its order: pages, then pair pages.
        var documents: [SearchDocument] = []
    }

    /// One page's share of the result.
    struct PageOutput: Sendable {
        /// The page's HTML and where it goes; nil when the page could not be rendered.
        var page: (path: String, html: String)?
        var diagnostics: [Diagnostic]
        var search: SearchDocument?
        var anchors: Set<String>
        var anchorChecks: [AnchorCheck]
        /// With a memo: what to keep of this page for the next build.
        var kept: (body: BuildMemo.Body?, texts: [(BuildMemo.TextKey, BuildMemo.Text)], page: BuildMemo.Page?)?
        /// Whether the body went through cmark and the page through its template.
        var madeBody = false
        var madePage = false
        /// With `MemoUse.reuse`: the page's keys, and what rendering it gave (this time, or in
        /// the build its file is taken from).
        var record: (keys: SiteSnapshot.PageKeys, record: BuildMemo.PageRecord)?
        /// Where the file of a page taken from the last build is.
        var reused: PageReuse.Source?
    }

    /// A sidebar is the same for every page of one section at one depth.
    struct NavKey: Hashable, Sendable {
        var section: String
        var depth: Int
    }

    /// The pages rendered, with what the rest of the site is built from.
    struct RenderedPages: Sendable {
        var result = Result()
        var documents: [SearchDocument] = []
        var navs: [NavKey: String] = [:]
        /// With a memo: bodies, text fields and pages to keep for the next build.
        var memo = BuildMemo()
        /// Bodies rendered and pages made through their templates (the rest came from the memo).
        var madeBodies = 0
        var madePages = 0
        /// With `MemoUse.reuse`: each page's keys, for the next build.
        var pageKeys: [PageID: SiteSnapshot.PageKeys] = [:]
        /// Pages taken whole from the last build, and how many of them have a body that is not
        /// in `memo` (the bodies of pages without `title:` always are).
        var reusedPages = 0
        var reusedBodies = 0
        /// Each page's share, its HTML left out (it went to the output), for a live site to
        /// replace one page's share when only that page changed.
        var outputs: [PageID: PageOutput] = [:]
    }

    /// Renders every page on all cores; page files go to `output` as soon as they are rendered.
    func renderPages(serial: Bool, output: SiteOutput) -> RenderedPages {
        let navs = renderNavs(serial: serial)
        var stage = self
        stage.memo?.reuse?.chain?.affected = affected(navs: navs, serial: serial)
        return stage.renderPages(serial: serial, output: output, navs: navs)
    }

    private func renderPages(serial: Bool, output: SiteOutput, navs: [NavKey: String]) -> RenderedPages {

        let order = site.readingOrder
        let made = Atomic<Int>(0)
        let results = order.parallelMap(serial: serial) { id in
            var result = renderPage(site.pages[id]!, navs: navs)
            if let progress {
                progress(BuildProgress(step: "render", done: made.add(1, ordering: .relaxed).newValue, total: order.count))
            }
            let path = site.pages[id]!.url + "index.html"
            switch result.reused {
            case .staging: output.keep(path)
            case .output(let file): output.copy(from: URL(fileURLWithPath: file), to: path)
            case nil:
                if let kept = result.kept?.page {
                    output.write(path, kept.html)
                } else if let page = result.page {
                    output.write(page.path, page.html)
                }
            }
            result.page = nil
            return result
        }
        var rendered = RenderedPages(navs: navs)
        for (id, result) in zip(order, results) {
            if result.madeBody { rendered.madeBodies += 1 }
            if result.madePage { rendered.madePages += 1 }
            if let kept = result.kept {
                rendered.memo.bodies[id] = kept.body
                for (key, text) in kept.texts { rendered.memo.texts[key] = text }
                rendered.memo.pages[id] = kept.page
            }
            if let (keys, record) = result.record {
                rendered.pageKeys[id] = keys
                if result.reused != nil {
                    rendered.reusedPages += 1
                    if sources[id] != nil, early[id] == nil { rendered.reusedBodies += 1 }
                    rendered.memo.carried.insert(keys.key)
                    rendered.memo.carried.formUnion(record.uses)
                } else {
                    rendered.memo.pageRecords[keys.key] = record
                }
            }
            rendered.result.diagnostics += result.diagnostics
            if let document = result.search { rendered.documents.append(document) }
            rendered.result.anchors[id] = result.anchors
            rendered.result.anchorChecks += result.anchorChecks
            if memo?.keepsPages == true { rendered.outputs[id] = result }
        }
        rendered.result.pages = results.count
        return rendered
    }

    /// Every sidebar the site's pages and pair pages show, on all cores.
    func renderNavs(serial: Bool = false) -> [NavKey: String] {
        let navRenderer = NavRenderer(site: site)
        var keys = Set<NavKey>()
        for page in site.pages.values { keys.insert(navKey(for: page.url, section: page.section)) }
        for collection in site.config.collections where collection.comparePairs {
            keys.insert(navKey(for: collection.folder + "/compare/x/", section: collection.folder))
            keys.insert(navKey(for: collection.folder + "/compare/", section: collection.folder))
        }
        let keyList = keys.sorted { ($0.section, $0.depth) < ($1.section, $1.depth) }
        return Dictionary(
            uniqueKeysWithValues: zip(
                keyList, keyList.parallelMap(serial: serial) { navRenderer.render(section: $0.section, depth: $0.depth) }))
    }

    /// The rest of the site: pair pages, the search index, redirects, theme assets, and what a
    /// static host needs (404.html, robots.txt, the feed, and the sitemap with `base_url`).
    func renderIndexAndExtras(_ rendered: RenderedPages) -> Result {
        var output = rendered.result
        let extras = renderExtras(navs: rendered.navs)
        output.diagnostics += extras.diagnostics
        output.extras = extras
        output.pages += extras.pairPages
        output.documents = rendered.documents + extras.documents
        output.files += SearchIndex.files(for: output.documents).map { OutputFile(path: $0.path, data: $0.data) }
        output.files += extras.files
        return output
    }

    /// What the site has besides its pages and the search index.
    struct Extras: Sendable {
        /// Pair pages, 404.html, robots.txt, the feed, the sitemap, redirects and theme assets.
        var files: [OutputFile] = []
        /// The pair pages' search documents.
        var documents: [SearchDocument] = []
        var diagnostics: [Diagnostic] = []
        /// Pair pages made.
        var pairPages = 0
    }

    /// Pair pages, redirects, theme assets, and what a static host needs (404.html,
    /// robots.txt, the feed, and the sitemap with `base_url`).
    func renderExtras(navs: [NavKey: String]) -> Extras {
        var result = Extras()
        var sitemap = site.readingOrder.map { SitemapEntry(url: site.pages[$0]!.url, updated: site.facts[$0]?.updated) }
        let pairs = PairPages(site: site, theme: theme, markdown: markdown)
        for collection in site.config.collections where collection.comparePairs {
            let pairPages = pairs.render(collection) { url in
                navs[navKey(for: url, section: collection.folder)] ?? ""
            }
            result.files += pairPages.files
            result.diagnostics += pairPages.diagnostics
            result.documents += pairPages.documents
            sitemap += pairPages.sitemap
        }
        // Redirects and 404.html are not pages: only the pages made here are counted.
        result.pairPages = result.files.count
        if NotFoundPage.isWritten(for: site) {
            result.files.append(OutputFile(path: "404.html", data: Data(NotFoundPage.render(site: site, theme: theme).utf8)))
        }
        result.files.append(OutputFile(path: "robots.txt", data: Data(RobotsFile.text(site.config).utf8)))
        if let feed = AtomFeed.xml(site: site) { result.files.append(OutputFile(path: "feed.xml", data: Data(feed.utf8))) }
        if let base = site.config.baseURL {
            result.files.append(OutputFile(path: "sitemap.xml", data: Data(Sitemap.xml(baseURL: base, entries: sitemap).utf8)))
        }
        // Pages may already be on disk rather than in `files`: their paths count as taken too.
        // (The search index's files end in .js, which no redirect does.)
        if site.pages.values.contains(where: { !$0.frontMatter.aliases.isEmpty }) {
            let taken = Set(site.pages.values.map { $0.url + "index.html" } + result.files.map(\.path))
            result.files += redirects(taken: taken)
        }
        for (path, data) in theme.assets.sorted(by: { $0.key < $1.key }) {
            result.files.append(OutputFile(path: path, data: data))
        }
        return result
    }

    func navKey(for url: String, section: String) -> NavKey {
        NavKey(section: section, depth: rootPrefix(for: url).count / 3)
    }

    /// Renders one page: its body (from the memo when it did not change) and its template; its
    /// search document is `search` when that is known.
    func renderPage(_ page: Page, navs: [NavKey: String], memo: MemoUse?, search known: SearchDocument? = nil) -> PageOutput {
        var keptBody: BuildMemo.Body?
        var madeBody = false
        var rendered = early[page.id]
        if rendered == nil, let source = sources[page.id] {
            if let memo {
                let body = markdown.render(source, memo: memo.previous, fingerprint: memo.markdownFingerprint)
                (keptBody, madeBody) = (body.body, body.made)
                rendered = body.body.rendered
            } else {
                rendered = markdown.render(source)
                madeBody = true
            }
        }
        var diagnostics: [Diagnostic] = rendered?.diagnostics ?? []
        let anchors = rendered?.anchors ?? []
        let checks = rendered?.anchorChecks ?? []
        var layout = layoutName(for: page)
        if !theme.templateNames.contains(layout) {
            if !themeIsFallback {
                let location = page.frontMatter.layoutLocation ?? SourceLocation(file: page.file, line: 1, column: 1)
                diagnostics.append(
                    .report(
                        .unknownLayout, location,
                        "layout '\(layout)' is not a template of the theme; the page is made with '\(defaultLayout(for: page))'",
                        hint: Suggestions.hint(known: "templates", Array(theme.templateNames), for: layout)))
            }
            // The page is still made, with its kind's template: links to it must lead somewhere.
            layout = defaultLayout(for: page)
            guard theme.templateNames.contains(layout) else {
                return PageOutput(page: nil, diagnostics: diagnostics, search: nil, anchors: anchors, anchorChecks: checks)
            }
        }
        var keptTexts: [(BuildMemo.TextKey, BuildMemo.Text)] = []
        let fields = FieldRenderer(site: site, fromURL: page.url) { text, location in
            guard let memo else {
                return markdown.renderText(text, location: location, renderedAt: page.url, diagnostics: &diagnostics)
            }
            let key = BuildMemo.TextKey(markdown: text, location: location, renderedAt: page.url, fingerprint: memo.markdownFingerprint)
            var made = memo.previous?.text(for: key)
            if made == nil {
                var problems: [Diagnostic] = []
                let html = markdown.renderText(text, location: location, renderedAt: page.url, diagnostics: &problems)
                made = BuildMemo.Text(html: html, diagnostics: problems)
            }
            keptTexts.append((key, made!))
            diagnostics += made!.diagnostics
            return made!.html
        }
        let body = rendered?.body ?? PageBody(html: "", heading: nil, toc: [], comparisonIDs: [])
        let nav = NavRenderer.markCurrent(
            navs[navKey(for: page.url, section: page.section)] ?? "", href: relativeURL(from: page.url, to: page.url))
        let context = PageContext(site: site, page: page, body: body, fields: fields).build(nav: nav)
        let sectionID = page.id.isSectionIndex ? (site.sections[page.section]?.parent ?? "") : page.section
        let sectionTitle = sectionID.isEmpty ? "" : (site.sections[sectionID]?.title ?? "")
        func search() -> SearchDocument {
            known
                ?? SearchDocument(
                    title: page.title, url: page.url, section: sectionTitle, summary: page.frontMatter.summary,
                    headings: body.toc.map(\.text), fieldsHTML: context.fieldsHTML, bodyHTML: body.html)
        }
        guard let memo, memo.keepsPages else {
            return PageOutput(
                page: (page.url + "index.html", theme.render(layout, context.values)), diagnostics: diagnostics, search: search(),
                anchors: anchors, anchorChecks: checks, kept: memo.map { _ in (keptBody, keptTexts, nil) }, madeBody: madeBody,
                madePage: true)
        }
        // Everything the template and the search index see of this page, hashed: the same
        // hash means the same bytes as last time.
        var hash = StableHash()
        hash.add(layout)
        hash.add(sectionTitle)
        hash.add(Int(bitPattern: UInt(memo.themeFingerprint)))
        TemplateValue.object(context.values).addStableHash(to: &hash)
        for html in context.fieldsHTML { hash.add(html) }
        var keptPage = memo.previous?.pages[page.id]
        let madePage = keptPage?.hash != hash.value
        if madePage {
            keptPage = BuildMemo.Page(hash: hash.value, html: Data(theme.render(layout, context.values).utf8), search: search())
        }
        return PageOutput(
            page: nil, diagnostics: diagnostics, search: keptPage!.search, anchors: anchors, anchorChecks: checks,
            kept: (keptBody, keptTexts, keptPage), madeBody: madeBody, madePage: madePage)
    }

    /// The template a page is rendered with: its `layout:`, or its kind's when the theme
    /// lacks that one.
    func effectiveLayout(for page: Page) -> String {
        let layout = layoutName(for: page)
        return theme.templateNames.contains(layout) ? layout : defaultLayout(for: page)
    }

    private func layoutName(for page: Page) -> String {
        if let layout = page.frontMatter.layout { return layout }
        return defaultLayout(for: page)
    }

    /// The template for a page's kind, when it names none or one the theme lacks.
    private func defaultLayout(for page: Page) -> String {
        switch page.kind {
        case .home: return "home"
        case .section: return "section"
        case .page: return "page"
        case .entry: return page.entry.flatMap { site.config.collection(named: $0.collection)?.layout } ?? "entry"
        }
    }

    /// A small page at each alias that sends the reader on to the page.
    private func redirects(taken: Set<String>) -> [OutputFile] {
        var files: [OutputFile] = []
        var seen = taken
        for id in site.readingOrder {
            let page = site.pages[id]!
            for alias in page.frontMatter.aliases {
                var path = alias.value.trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                if !path.hasSuffix(".html") { path += path.isEmpty ? "index.html" : "/index.html" }
                // OutputPaths reported the aliases that cannot be written; they are left out here.
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                guard !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }), seen.insert(path).inserted else { continue }
                let folder = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
                let target = relativeURL(from: folder, to: page.url)
                let context: [String: TemplateValue] = [
                    "site": site.config.templateValues,
                    "page": ["title": .string(page.title)], "target": .string(target), "root": .string(rootPrefix(for: folder)),
                    "canonical": .string(SiteAddress.canonical(site.config, page.url) ?? target),
                ]
                files.append(OutputFile(path: path, data: Data(theme.render("redirect", context).utf8)))
            }
        }
        return files
    }
}

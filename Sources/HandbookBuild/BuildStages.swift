import Foundation
import HandbookMarkdown
import HandbookRender

/// What the parse stage makes of the sources: the configuration, the theme, every page's
/// front matter, and every page's address, known before any link is rewritten.
struct ParsedSite: Sendable {
    var config = SiteConfig()
    /// nil when the theme has errors.
    var theme: Theme?
    /// Pages that are built: drafts left out, missing section index pages added.
    var pages: [ParsedPage] = []
    /// Pages left out as drafts.
    var drafts: Set<PageID> = []
    /// Files that would also have been a folder's page, to the page that is.
    var sameAs: [PageID: PageID] = [:]
    /// Pages made for folders that have none.
    var generated: Set<PageID> = []
    /// The site's theme has errors and the built-in one stands in: layouts it lacks are not
    /// reported again.
    var themeIsFallback = false
    /// Files under Content/ copied as they are.
    var staticFiles: [String] = []
    /// Every Markdown file under Content/, drafts included.
    var markdownPaths: [String] = []
    /// Every problem found so far, loading included.
    var diagnostics: [Diagnostic] = []
    /// Each page's date, owners and repository path.
    var facts: [PageID: PageFacts] = [:]
    /// Each page's front matter by path, with its text, for the next build.
    var memo: [String: BuildMemo.Parsed] = [:]
    /// A hash of everything a body's rendering reads besides the body: the pages, drafts and
    /// files its links may point at, and the `markdown:` settings.
    var markdownFingerprint: UInt64 = 0
    /// A hash of the theme's files that the site overrides.
    var themeFingerprint: UInt64 = 0

    /// Rewrites and checks links against the pages and files of this site.
    var links: LinkResolver {
        LinkResolver(
            pages: Dictionary(uniqueKeysWithValues: pages.map { ($0.id, pageURL(for: $0.id)) }), drafts: drafts,
            staticFiles: Set(staticFiles), sameAs: sameAs, generated: generated)
    }
}

/// The site model with what resolving needed of the Markdown: the bodies that gave their pages
/// a title.
struct ResolvedSite: Sendable {
    var parsed: ParsedSite
    var site: Site
    /// Bodies already rendered, by page: the pages without `title:`.
    var early: [PageID: RenderedPage]
    var markdown: MarkdownStage
    var diagnostics: [Diagnostic]
    /// The part of `diagnostics` about two sources written to one output path.
    var outputPathDiagnostics: [Diagnostic] = []
}

/// Every file of the site besides the pages (which the render stage hands to the output as it
/// makes them): search index, pair pages, redirects and theme assets, with the anchors that
/// links must find.
struct SiteFiles: Sendable {
    var files: [OutputFile]
    /// Paths under Content/ copied as they are.
    var staticFiles: [String]
    /// Pages written, generated ones included.
    var pages: Int
    var diagnostics: [Diagnostic]
    /// Each page's heading ids, and the `#anchor` links to check against them.
    var anchors: [PageID: Set<String>]
    var anchorChecks: [AnchorCheck]
    /// The files besides the pages and the search index, and what making them reported.
    var extras = PageRenderStage.Extras()
    /// What the search index was made of, in its order.
    var documents: [SearchDocument] = []
}

/// The build's stages, each a function of the values the stage before it made. `SiteBuilder`
/// runs them in order, times them, and gives the disk only to the output.
enum BuildStages {
    /// load: reads Content/ and the theme folders it names, and, with `useGit`, the pages' last
    /// commits from one `git log` that runs meanwhile; CODEOWNERS. The only stage that reads files.
    static func load(root: URL, useGit: Bool = true) -> SiteSources {
        let reading = Repository.start(siteRoot: root, useGit: useGit)
        var sources = SiteSources.load(root: root)
        sources.repository = reading.finish()
        sources.problems += sources.repository.problems
        // Which theme folder to read is written in site.yml; its problems are the parse stage's.
        let config = sources.config.map { SiteConfig.parse($0, file: "Content/site.yml").0 }
        let theme = config?.theme
        sources.problems += sources.loadTheme(root: root, name: theme)
        if let name = theme, name != "default",
            !FileManager.default.fileExists(atPath: root.appendingPathComponent("Themes/\(name)").path)
        {
            let folders = SiteSources.folders(under: root.appendingPathComponent("Themes"))
            sources.problems.append(
                .error(
                    config?.themeLocation ?? SourceLocation(file: "Content/site.yml", line: 1, column: 1),
                    "theme '\(name)' not found: there is no folder Themes/\(name)/",
                    hint: (folders.isEmpty ? "" : Suggestions.hint(known: "themes", folders, for: name) + "; ")
                        + "create Themes/\(name)/ or remove `theme:` to use the built-in default theme", check: .theme))
        }
        return sources
    }

    /// parse: site.yml, the theme's templates, and every page's front matter on all cores;
    /// then drafts are left out and every page gets its address.
    /// Each page's facts (date, owners) come from its front matter and the repository, with no
    /// date later than `sourceDateEpoch`.
    static func parse(_ sources: SiteSources, includeDrafts: Bool, serial: Bool, memo: BuildMemo? = nil, sourceDateEpoch: Int? = nil)
        -> ParsedSite
    {
        var parsed = ParsedSite(
            staticFiles: sources.staticFiles, markdownPaths: sources.markdown.map(\.path), diagnostics: sources.problems)
        if let text = sources.config {
            let (config, problems) = SiteConfig.parse(text, file: "Content/site.yml")
            parsed.config = config
            parsed.diagnostics += problems
        }
        let (theme, themeProblems) = Theme.load(
            overrides: sources.themeOverrides, shownAs: sources.themeOverridePaths, displayRoot: parsed.config.theme.map { "Themes/\($0)" })
        parsed.theme = theme
        parsed.diagnostics += themeProblems
        if theme == nil {
            // The site's theme has errors: the built-in one renders the rest of this run, so
            // every page's links and anchors are still checked (and --keep-going has a site).
            parsed.theme = Theme.load(overrides: [:], displayRoot: nil).0
            parsed.themeIsFallback = true
        }
        let results = sources.markdown.parallelMap(serial: serial) { file -> BuildMemo.Parsed in
            if let known = memo?.parsed[file.path], known.text == file.text { return known }
            let (page, problems) = parsePage(path: file.path, text: file.text)
            return BuildMemo.Parsed(text: file.text, page: page, problems: problems)
        }
        var pages: [ParsedPage] = []
        for (file, result) in zip(sources.markdown, results) {
            parsed.diagnostics += result.problems
            if let page = result.page { pages.append(page) }
            parsed.memo[file.path] = result
        }
        parsed.drafts = Set(pages.filter { $0.frontMatter.draft && !includeDrafts }.map(\.id))
        pages.removeAll { parsed.drafts.contains($0.id) }
        let folderPages = FolderPages.choose(pages)
        parsed.sameAs = folderPages.sameAs
        parsed.diagnostics += folderPages.diagnostics
        let generated = SiteResolver.missingSectionIndexes(for: folderPages.pages)
        parsed.generated = Set(generated.map(\.id))
        pages = folderPages.pages + generated
        parsed.pages = pages
        parsed.facts = sources.repository.facts(
            for: pages, files: Set(parsed.markdownPaths), sourceDateEpoch: sourceDateEpoch)
        var links = StableHash()
        for id in pages.map(\.id).sorted() { links.add(id.path) }
        links.add(-1)
        for id in parsed.drafts.sorted() { links.add(id.path) }
        links.add(-1)
        for (id, page) in parsed.sameAs.sorted(by: { $0.key < $1.key }) {
            links.add(id.path)
            links.add(page.path)
        }
        links.add(-1)
        // Pages made for folders are left out of the suggestions a broken link's hint gives.
        for id in parsed.generated.sorted() { links.add(id.path) }
        links.add(-1)
        for file in parsed.staticFiles.sorted() { links.add(file) }
        // How raw HTML is treated changes every body.
        links.add(parsed.config.markdown.rawHTML == .trusted ? 1 : 0)
        parsed.markdownFingerprint = links.value
        var themeFiles = StableHash()
        for (path, data) in sources.themeOverrides.sorted(by: { $0.key < $1.key }) {
            themeFiles.add(path)
            themeFiles.add(data.count)
            themeFiles.add(data)
        }
        parsed.themeFingerprint = themeFiles.value
        return parsed
    }

    /// Splits and decodes one file's front matter.
    /// A page whose front matter cannot be read still exists, with its body (or, when the front
    /// matter is not closed, its whole text, as GitHub shows it): links to it resolve, and its
    /// one mistake is not reported again at every link.
    static func parsePage(path: String, text: String) -> (ParsedPage?, [Diagnostic]) {
        let file = "Content/" + path
        var problems: [Diagnostic] = []
        let source: SourceText
        do throws(Diagnostic) {
            source = try SourceText.split(text, file: file)
        } catch {
            var page = ParsedPage(id: PageID(path), file: file, frontMatter: FrontMatter(), body: text, bodyLineOffset: 0)
            page.frontMatterIsBroken = true
            return (page, [error])
        }
        var page = ParsedPage(
            id: PageID(path), file: file, frontMatter: FrontMatter(), body: source.body, bodyLineOffset: source.bodyLineOffset)
        do throws(Diagnostic) {
            var node: YAMLNode?
            if let yaml = source.frontMatter {
                node = try YAMLNode.parse(yaml, file: file, firstLine: source.frontMatterLine)
            }
            page.frontMatter = FrontMatter.decode(node, file: file, diagnostics: &problems)
        } catch {
            page.frontMatterIsBroken = true
            problems.append(error)
        }
        return (page, problems)
    }

    /// markdown (titles): pages without `title:` take it from their body's first heading, which
    /// resolving needs for ordering. Every other body is rendered in the render stage, where
    /// cmark's serialised inline phase overlaps template work on the other cores.
    static func renderTitles(_ parsed: ParsedSite, markdown: MarkdownStage, serial: Bool, memo: BuildMemo? = nil)
        -> (bodies: [PageID: BuildMemo.Body], made: Int)
    {
        let untitled = parsed.pages.filter { $0.frontMatter.title == nil }
        let bodies = untitled.parallelMap(serial: serial) { page in
            markdown.render(page, memo: memo, fingerprint: parsed.markdownFingerprint)
        }
        return (Dictionary(uniqueKeysWithValues: zip(untitled.map(\.id), bodies.map(\.body))), bodies.filter(\.made).count)
    }

    /// resolve: sections, order, collections, references both ways, comparisons.
    static func resolve(_ parsed: ParsedSite, early: [PageID: RenderedPage], markdown: MarkdownStage) -> ResolvedSite {
        var (site, problems) = SiteResolver(config: parsed.config, configFile: "Content/site.yml")
            .resolve(parsed.pages, bodyTitles: early.compactMapValues(\.title))
        site.facts = parsed.facts
        // Two sources written to one output path: one of them would silently vanish.
        let paths = outputPathProblems(parsed, site: site)
        return ResolvedSite(
            parsed: parsed, site: site, early: early, markdown: markdown, diagnostics: problems + paths, outputPathDiagnostics: paths)
    }

    /// Sources written to one output path (pages, aliases, copied files, theme assets).
    static func outputPathProblems(_ parsed: ParsedSite, site: Site) -> [Diagnostic] {
        OutputPaths.problems(
            site, written: Set(parsed.markdownPaths), staticFiles: parsed.staticFiles,
            themeAssets: Array((parsed.theme?.assets ?? [:]).keys))
    }

    /// The link problems of every page, for a build that stops before rendering: one run
    /// reports them all the same.
    static func linkProblems(_ resolved: ResolvedSite, serial: Bool) -> [Diagnostic] {
        let rest = resolved.parsed.pages.filter { resolved.early[$0.id] == nil }
        let bodies = Array(resolved.early.values) + rest.parallelMap(serial: serial) { resolved.markdown.render($0) }
        return bodies.flatMap(\.diagnostics)
    }

    /// render: every page's Markdown and template on all cores, the sidebar once per section
    /// and depth; each page goes to `output` as soon as it exists.
    /// With `memo` (even `.some(nil)` for a first build), unchanged work is taken from it and
    /// this build's is returned in `RenderedPages.memo`.
    static func render(
        _ resolved: ResolvedSite, theme: Theme, serial: Bool, output: SiteOutput, memo: BuildMemo?? = nil, keepsPages: Bool = true,
        reuse: PageReuse? = nil, progress: (@Sendable (BuildProgress) -> Void)? = nil
    ) -> (PageRenderStage, PageRenderStage.RenderedPages) {
        var renderer = PageRenderStage(
            site: resolved.site, theme: theme, sources: Dictionary(uniqueKeysWithValues: resolved.parsed.pages.map { ($0.id, $0) }),
            early: resolved.early, markdown: resolved.markdown)
        renderer.themeIsFallback = resolved.parsed.themeIsFallback
        if let memo {
            renderer.memo = PageRenderStage.MemoUse(
                previous: memo, markdownFingerprint: resolved.parsed.markdownFingerprint,
                themeFingerprint: resolved.parsed.themeFingerprint, keepsPages: keepsPages, reuse: reuse)
        }
        renderer.progress = progress
        return (renderer, renderer.renderPages(serial: serial, output: output))
    }

    /// index: the search index, pair pages, redirects, theme assets, 404.html, robots.txt, the
    /// feed and the sitemap.
    static func assemble(_ renderer: PageRenderStage, _ pages: PageRenderStage.RenderedPages, staticFiles: [String]) -> SiteFiles {
        let result = renderer.renderIndexAndExtras(pages)
        return SiteFiles(
            files: result.files, staticFiles: staticFiles, pages: result.pages, diagnostics: result.diagnostics,
            anchors: result.anchors, anchorChecks: result.anchorChecks, extras: result.extras,
            documents: result.documents)
    }

    /// check navigation: every page is reached from the home page through what the theme shows
    /// (sidebar, listings, pager, breadcrumbs) or through links.
    /// Landing pages the build made for folders are not reported: there is no file to fix.
    static func checkNavigation(_ renderer: PageRenderStage, links: [AnchorCheck], generated: Set<PageID>) -> [Diagnostic] {
        var linksFrom: [String: [PageID]] = [:]
        for link in links { linksFrom[link.location.file, default: []].append(link.target) }
        return checkNavigation(renderer, linksFrom: linksFrom, generated: generated)
    }

    /// The same, with each file's links' targets.
    static func checkNavigation(_ renderer: PageRenderStage, linksFrom: [String: [PageID]], generated: Set<PageID>) -> [Diagnostic] {
        let site = renderer.site
        let layouts = Dictionary(uniqueKeysWithValues: site.pages.values.map { ($0.id, renderer.effectiveLayout(for: $0)) })
        return Reachability(site: site, theme: renderer.theme, layouts: layouts).unreachable(linksFrom: linksFrom, except: generated)
    }

    /// check links: every `#anchor` exists on its target page (`anchors`, each page's ids).
    static func checkAnchors(_ checks: some Sequence<AnchorCheck>, anchors pageAnchors: [PageID: Set<String>]) -> [Diagnostic] {
        // Each target's ids by their lower case, made once for the pages links miss.
        var folded: [PageID: [String: String]] = [:]
        return checks.compactMap { check in
            guard !check.fragment.isEmpty else { return nil }
            let anchors = pageAnchors[check.target] ?? []
            // GitHub decodes the fragment (`#caf%C3%A9`) before it looks for the heading.
            let fragment = check.fragment.contains("%") ? (check.fragment.removingPercentEncoding ?? check.fragment) : check.fragment
            guard !anchors.contains(fragment) else { return nil }
            if folded[check.target] == nil {
                folded[check.target] = Dictionary(anchors.map { ($0.lowercased(), $0) }, uniquingKeysWith: { min($0, $1) })
            }
            if let id = folded[check.target]?[fragment.lowercased()] {
                return .report(
                    .anchorCase, check.location, "link to '#\(check.fragment)', but the heading's id is '\(id)'",
                    hint: "GitHub finds it in any letter case, a browser without JavaScript does not; write '#\(id)'")
            }
            let known = anchors.sorted()
            return .report(
                .brokenAnchor, check.location, "link to '#\(check.fragment)', which \(check.target.path) does not have",
                hint: Suggestions.hint(known: "anchors", known, for: check.fragment))
        }
    }

    /// write: the files besides the pages, and the copies of Content/'s other files, on all cores.
    static func write(_ files: SiteFiles, content: URL, to output: SiteOutput, serial: Bool) {
        enum Job: Sendable {
            case file(OutputFile)
            case copy(String)
        }
        let jobs = files.files.map(Job.file) + files.staticFiles.map(Job.copy)
        _ = jobs.parallelMap(serial: serial) { job in
            switch job {
            case .file(let file): output.write(file.path, file.data)
            case .copy(let path): output.copy(from: content.appendingPathComponent(path), to: path)
            }
        }
    }
}

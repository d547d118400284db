import Foundation
import HandbookMarkdown
import HandbookRender

/// A file of the built site, in memory.
public struct OutputFile: Sendable {
    /// Path inside the output folder.
    public var path: String
    /// Its bytes.
    public var data: Data
}

/// The site rendered in memory: what `write` puts on disk and what a preview server serves.
public struct RenderedSite: Sendable {
    /// Generated files (pages, assets, search index).
    public var files: [OutputFile]
    /// Files under Content/ copied as they are, by path under Content/.
    public var staticFiles: [String]
    /// Paths of the output folder that are the user's (`keep:` in site.yml).
    public var keep: [KeptPath] = []
}

/// The build: one ordered list of named, timed steps from Content/ to Output/.
///
///     load → parse (and route) → markdown (titles) → resolve → render → index → check links → write
public enum SiteBuilder {
    /// Builds the site and, when there is no error, swaps the result into the output folder.
    /// Pages are written to the staging tree as they are rendered, so disk work overlaps
    /// rendering; nothing reaches the output folder unless the whole build succeeded, and then
    /// all of it at once.
    public static func build(_ options: BuildOptions) -> BuildReport {
        let folder: OutputFolder
        do {
            folder = try OutputFolder(output: options.output, root: options.root)
        } catch {
            var report = BuildReport()
            report.diagnostics = [error.diagnostic]
            return report
        }
        let staged = StagedOutput(staging: URL(fileURLWithPath: folder.staging))
        var run = Run(options: options, sink: staged)
        let site = run.execute()
        if let site, !run.diagnostics.hasErrors, staged.failure == nil {
            run.step("write") { run in
                let content = options.root.appendingPathComponent("Content")
                // Index files, assets and copied files on all cores.
                let jobs = site.files.map(WriteJob.file) + site.staticFiles.map(WriteJob.copy)
                _ = jobs.parallelMap(serial: options.serial) { job in
                    switch job {
                    case .file(let file): staged.write(file.path, file.data)
                    case .copy(let path): staged.copy(from: content.appendingPathComponent(path), to: path)
                    }
                }
                guard staged.failure == nil else { return }
                let written = staged.finish()
                run.diagnostics.append(contentsOf: keepConflicts(site.keep, written: written))
                guard !run.diagnostics.hasErrors else { return }
                do throws(OutputFolderError) {
                    try folder.swapIn(written: written, keep: site.keep.map(\.path))
                    run.report.files = written.count
                } catch {
                    run.diagnostics.append(error.diagnostic)
                }
            }
        }
        if let failure = staged.failure {
            run.diagnostics.append(OutputFolderError.system(failure.path, failure.code).diagnostic)
        }
        if run.diagnostics.all.contains(where: \.isEnvironment) { folder.discardStaging() }
        run.report.diagnostics = run.diagnostics.sorted
        run.report.seconds = run.report.steps.reduce(0) { $0 + $1.seconds }
        return run.report
    }

    /// `keep:` paths that the site itself writes: the user's file and the site's would clash.
    private static func keepConflicts(_ keep: [KeptPath], written: Set<String>) -> [Diagnostic] {
        keep.compactMap { kept in
            let inside = kept.path + "/"
            guard written.contains(kept.path) || written.contains(where: { $0.hasPrefix(inside) }) else { return nil }
            return .error(
                kept.location, "`keep:` entry '\(kept.path)' is also written by the site",
                hint: "keep only files the build does not make; remove the entry or the file under Content/ that becomes it")
        }
    }

    /// Renders the site in memory, writing nothing; nil when an error stops it.
    public static func render(_ options: BuildOptions) -> (RenderedSite?, BuildReport) {
        var run = Run(options: options, sink: nil)
        let site = run.execute()
        run.report.diagnostics = run.diagnostics.sorted
        run.report.seconds = run.report.steps.reduce(0) { $0 + $1.seconds }
        return (run.report.succeeded ? site : nil, run.report)
    }

    /// One file the write step puts into the staging folder.
    private enum WriteJob: Sendable {
        case file(OutputFile)
        /// A file under Content/ copied as it is.
        case copy(String)
    }

}

/// The state of one build as it goes through the steps.
private struct Run {
    let options: BuildOptions
    /// Where rendered pages go as soon as they exist; nil keeps them in memory.
    let sink: StagedOutput?
    var report = BuildReport()
    var diagnostics = Diagnostics()

    init(options: BuildOptions, sink: StagedOutput?) {
        self.options = options
        self.sink = sink
    }

    mutating func step<T>(_ name: String, _ body: (inout Run) -> T) -> T {
        let start = ContinuousClock.now
        let result = body(&self)
        report.steps.append(StepTiming(name: name, seconds: start.duration(to: .now).seconds))
        return result
    }

    mutating func execute() -> RenderedSite? {
        let root = options.root
        // load: the only step that reads files.
        let useGit = options.useGit
        var (sources, repository) = step("load") { _ in
            let reading = Repository.start(siteRoot: root, useGit: useGit)  // git log runs meanwhile
            return (SiteSources.load(root: root), reading.finish())
        }
        diagnostics.append(contentsOf: sources.problems + repository.problems)
        var config = SiteConfig()
        if let text = sources.config {
            let (parsed, problems) = SiteConfig.parse(text, file: "Content/site.yml")
            config = parsed
            diagnostics.append(contentsOf: problems)
        }
        step("theme") { run in
            sources.loadTheme(root: root, name: config.theme)
            if let name = config.theme, name != "default",
                !FileManager.default.fileExists(atPath: root.appendingPathComponent("Themes/\(name)").path)
            {
                run.diagnostics.error(
                    SourceLocation(file: "Content/site.yml", line: 1, column: 1), "theme '\(name)' not found in Themes/",
                    hint: "create Themes/\(name)/ or remove `theme:` to use the default theme")
            }
        }
        let (loadedTheme, themeProblems) = Theme.load(overrides: sources.themeOverrides, displayRoot: config.theme.map { "Themes/\($0)" })
        diagnostics.append(contentsOf: themeProblems)

        // parse: front matter of every page, on all cores.
        let markdownFiles = sources.markdown
        let serial = options.serial
        let parsedResults = step("parse") { _ in
            markdownFiles.parallelMap(serial: serial) { file in Self.parse(path: file.path, text: file.text) }
        }
        var parsed: [ParsedPage] = []
        for (page, problems) in parsedResults {
            diagnostics.append(contentsOf: problems)
            if let page { parsed.append(page) }
        }

        // route: drafts out, every page's URL known before any link is rewritten.
        let drafts = Set(parsed.filter { $0.frontMatter.draft && !options.includeDrafts }.map(\.id))
        parsed.removeAll { drafts.contains($0.id) }
        parsed += SiteResolver.missingSectionIndexes(for: parsed)
        let resolver = LinkResolver(
            pages: Dictionary(uniqueKeysWithValues: parsed.map { ($0.id, pageURL(for: $0.id)) }), drafts: drafts,
            staticFiles: Set(sources.staticFiles))
        let stage = MarkdownStage(links: resolver)

        // markdown (titles): pages without `title:` take it from their body's first heading, which
        // the resolve step needs for ordering. Every other body is rendered in the render step,
        // where the serialised cmark parse overlaps template work on the other cores.
        let untitled = parsed.filter { $0.frontMatter.title == nil }
        let early = step("markdown") { _ in untitled.parallelMap(serial: serial) { stage.render($0) } }
        let bodies = Dictionary(uniqueKeysWithValues: zip(untitled.map(\.id), early))

        // resolve: sections, order, collections, references both ways, comparisons.
        let (resolved, problems) = step("resolve") { _ in
            SiteResolver(config: config, configFile: "Content/site.yml")
                .resolve(parsed, bodyTitles: bodies.compactMapValues(\.body.heading))
        }
        let site = repository.annotate(
            resolved, files: Set(sources.markdown.map(\.path)), sourceDateEpoch: options.sourceDateEpoch)
        diagnostics.append(contentsOf: problems)
        guard !diagnostics.hasErrors, let theme = loadedTheme else {
            // Nothing will be rendered, but every page's link problems are still reported now.
            let rest = parsed.filter { $0.frontMatter.title != nil }
            for body in early + rest.parallelMap(serial: serial, { stage.render($0) }) {
                diagnostics.append(contentsOf: body.diagnostics)
            }
            return nil
        }

        // render: Markdown and templates on all cores; the sidebar once per section and depth.
        let renderer = PageRenderStage(
            site: site, theme: theme, sources: Dictionary(uniqueKeysWithValues: parsed.map { ($0.id, $0) }),
            early: bodies, markdown: stage)
        let sink = self.sink
        let pages = step("render") { _ in renderer.renderPages(serial: serial, sink: sink) }
        let result = step("index") { _ in renderer.renderIndexAndExtras(pages) }
        diagnostics.append(contentsOf: result.diagnostics + renderer.clashes(result.files, staticFiles: sources.staticFiles))
        report.pages = result.pages

        // check links: every #anchor exists on its target page.
        step("check links") { run in
            for check in result.anchorChecks where result.anchors[check.target]?.contains(check.fragment) != true {
                let known = result.anchors[check.target]?.sorted() ?? []
                run.diagnostics.error(
                    check.location, "link to '#\(check.fragment)', which \(check.target.path) does not have",
                    hint: Suggestions.hint(known: "anchors", known, for: check.fragment))
            }
        }
        return diagnostics.hasErrors ? nil : RenderedSite(files: result.files, staticFiles: sources.staticFiles, keep: config.keep)
    }

    /// Splits and decodes one file's front matter.
    static func parse(path: String, text: String) -> (ParsedPage?, [Diagnostic]) {
        let file = "Content/" + path
        var problems: [Diagnostic] = []
        do throws(Diagnostic) {
            let source = try SourceText.split(text, file: file)
            var node: YAMLNode?
            if let yaml = source.frontMatter {
                node = try YAMLNode.parse(yaml, file: file, firstLine: source.frontMatterLine)
            }
            let frontMatter = FrontMatter.decode(node, file: file, diagnostics: &problems)
            return (
                ParsedPage(
                    id: PageID(path), file: file, frontMatter: frontMatter, body: source.body, bodyLineOffset: source.bodyLineOffset),
                problems
            )
        } catch {
            return (nil, [error])
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

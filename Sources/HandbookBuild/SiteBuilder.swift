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
}

/// The build: one ordered list of named, timed steps from Content/ to Output/.
///
///     load → parse (and route) → markdown (titles) → resolve → render → index → check links → write
public enum SiteBuilder {
    /// Builds the site and, when there is no error, swaps the result into the output folder.
    /// Pages are written to the staging folder as they are rendered, so disk work overlaps
    /// rendering; nothing reaches the output folder unless the whole build succeeds.
    public static func build(_ options: BuildOptions) -> BuildReport {
        let staged: StagedOutput
        do {
            staged = try StagedOutput(output: options.output)
        } catch {
            var report = BuildReport()
            report.diagnostics = [writeError(error, options)]
            return report
        }
        var run = Run(options: options, sink: staged)
        let site = run.execute()
        if let site, !run.diagnostics.hasErrors {
            run.step("write") { run in
                do {
                    let content = options.root.appendingPathComponent("Content")
                    // Index files, assets and copied files on all cores; the first failure is reported.
                    let jobs = site.files.map(WriteJob.file) + site.staticFiles.map(WriteJob.copy)
                    let failures = jobs.parallelMap(serial: options.serial) { job -> String? in
                        do {
                            switch job {
                            case .file(let file): try staged.write(file.path, file.data)
                            case .copy(let path): try staged.copy(from: content.appendingPathComponent(path), to: path)
                            }
                            return nil
                        } catch {
                            return error.localizedDescription
                        }
                    }
                    if let failure = failures.compactMap({ $0 }).first { throw WriteFailure(description: failure) }
                    try staged.commit()
                    run.report.files = staged.count
                } catch {
                    run.diagnostics.append(writeError(error, options))
                }
            }
        }
        run.report.diagnostics = run.diagnostics.sorted
        run.report.seconds = run.report.steps.reduce(0) { $0 + $1.seconds }
        return run.report
    }

    /// Renders the site in memory, writing nothing; nil when an error stops it.
    public static func render(_ options: BuildOptions) -> (RenderedSite?, BuildReport) {
        var run = Run(options: options, sink: nil)
        let site = run.execute()
        run.report.diagnostics = run.diagnostics.sorted
        run.report.seconds = run.report.steps.reduce(0) { $0 + $1.seconds }
        return (run.report.succeeded ? site : nil, run.report)
    }

    /// Renders sources made in memory (the fuzzer's input, a regression test's), reading and
    /// writing nothing: the default theme only, `options.root` unused; nil when an error stops it.
    package static func render(sources: SiteSources, options: BuildOptions) -> (RenderedSite?, BuildReport) {
        var run = Run(options: options, sink: nil)
        let site = run.execute(sources: sources, themesIn: nil)
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

    private struct WriteFailure: LocalizedError {
        var description: String
        var errorDescription: String? { description }
    }

    private static func writeError(_ error: Error, _ options: BuildOptions) -> Diagnostic {
        .environment(
            SourceLocation(file: options.output.path, line: 1, column: 1),
            "could not write the output: \(error.localizedDescription)",
            hint: "check that the folder and the one beside it are writable; the previous output is unchanged")
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
        let sources = step("load") { _ in SiteSources.load(root: root) }
        return execute(sources: sources, themesIn: root)
    }

    /// Every step after load. `root` holds Themes/; nil for sources made in memory, which get
    /// the default theme and read nothing.
    mutating func execute(sources loaded: SiteSources, themesIn root: URL?) -> RenderedSite? {
        var sources = loaded
        diagnostics.append(contentsOf: sources.problems)
        var config = SiteConfig()
        if let text = sources.config {
            let (parsed, problems) = SiteConfig.parse(text, file: "Content/site.yml")
            config = parsed
            diagnostics.append(contentsOf: problems)
        }
        step("theme") { run in
            if let root { sources.loadTheme(root: root, name: config.theme) }
            if let name = config.theme, name != "default",
                !(root.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Themes/\(name)").path) } ?? false)
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
        let (site, problems) = step("resolve") { _ in
            SiteResolver(config: config, configFile: "Content/site.yml")
                .resolve(parsed, bodyTitles: bodies.compactMapValues(\.body.heading))
        }
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
        diagnostics.append(contentsOf: result.diagnostics)
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
        return diagnostics.hasErrors ? nil : RenderedSite(files: result.files, staticFiles: sources.staticFiles)
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

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
///     load → parse → markdown (titles) → resolve → (changes) → render → index → check links → write
///
/// `changes` runs in a build that keeps its work on disk: it finds what changed since the last
/// build, so that render takes whole pages from it (`PageReuse`).
///
/// Each step is a stage of `BuildStages`, a function of the values the step before it made;
/// `build`, `render` and `check` run the same steps and differ only in their output.
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
        var run = Run(options: options)
        // Taken before anything is read, so a file changed during the build counts as changed.
        let (stamps, record) = run.step("stamps") { _ in (InputStamps.take(root: options.root, options: options), folder.readRecord()) }
        if let record, record.stamps == stamps, folder.hasOutput, record.outputIsIntact(folder.output) {
            run.report.unchanged = true
            run.report.pages = record.pages
            run.diagnostics.append(contentsOf: record.diagnostics)
            return run.finish()
        }
        let stagingKeys = folder.takeStagingKeys()
        do throws(OutputFolderError) {
            try folder.prepareStaging()
        } catch {
            run.diagnostics.append(error.diagnostic)
            return run.finish()
        }
        let staged = StagedOutput(staging: URL(fileURLWithPath: folder.staging))
        let reading = BuildCache.Reading(folder: folder.cache, serial: options.serial)
        let sources = run.step("load") { _ in BuildStages.load(root: options.root, useGit: options.useGit) }
        let cache = run.step("read cache") { _ in reading.value }
        let memo = cache.map { BuildMemo(stored: $0) }
        // Pages are taken whole from the last build only along with its cache, which holds
        // what else rendering them gave.
        let reuse = cache.map { cache in
            PageReuse(
                staging: staged.startedEmpty ? [:] : stagingKeys, output: record?.pageFiles ?? [:], outputFolder: folder.output,
                snapshot: cache.snapshot)
        }
        if let made = run.execute(sources, output: staged, memo: memo.map { .some($0) }, forLiveSite: false, reuse: reuse),
            staged.failure == nil
        {
            run.step("write") { run in
                BuildStages.write(made.site, content: options.root.appendingPathComponent("Content"), to: staged, serial: options.serial)
                guard staged.failure == nil else { return }
                let written = staged.finish()
                run.diagnostics.append(contentsOf: keepConflicts(made.keep, written: written))
                // With --keep-going the content's errors do not keep the site out; the
                // environment's always do.
                let blocking =
                    options.keepGoing
                    ? run.diagnostics.all.contains { $0.isEnvironment || $0.check == Check.output.name } : run.diagnostics.hasErrors
                guard !blocking else { return }
                do throws(OutputFolderError) {
                    try folder.swapIn(written: written, keep: made.keep.map(\.path))
                    run.report.files = written.count
                    var report = run.report
                    report.diagnostics = run.diagnostics.sorted
                    // A file changed in the same clock tick as the stamps were taken might not
                    // show in them: then the next build is a real one.
                    folder.writeRecord(
                        BuildRecord(
                            stamps: stamps.racy ? nil : stamps, output: folder.output, written: written, report: report,
                            keys: made.pageKeys))
                    // The staging tree now holds the site the last record described.
                    folder.writeStagingKeys(from: record)
                } catch {
                    run.diagnostics.append(error.diagnostic)
                }
            }
            // Only a build whose site was swapped in keeps its work for the next one.
            if run.report.files > 0, let cache, let memo = made.memo {
                run.step("write cache") { _ in
                    cache.write(memo, serial: options.serial)
                    if let snapshot = made.snapshot { cache.write(snapshot) }
                }
            }
        }
        if let failure = staged.failure {
            run.diagnostics.append(OutputFolderError.system(failure.path, failure.code).diagnostic)
        }
        if run.diagnostics.all.contains(where: \.isEnvironment) {
            folder.discardStaging()
        } else if run.report.files == 0 {
            // Nothing was swapped in: the staging tree holds what it held, but for the files this
            // build put there, which are whole, and for the files it pruned if it got that far.
            // The next build, the one after a fix, takes pages from it again rather than copying
            // them from the output.
            let touched = staged.paths
            let untouched = staged.startedEmpty || staged.holdsOnlyThisBuild ? [:] : stagingKeys
            var keys = untouched.filter { !touched.contains($0.key) }
            for (path, key) in run.pageKeys where touched.contains(path) { keys[path] = key }
            folder.writeStagingKeys(keys)
        }
        return run.finish()
    }

    /// Renders the site in memory, writing nothing; nil when an error stops it. With
    /// `includeStaticFiles`, the files copied from Content/ are read into `files` too.
    public static func render(_ options: BuildOptions, includeStaticFiles: Bool = false) -> (RenderedSite?, BuildReport) {
        var run = Run(options: options)
        let sources = run.step("load") { _ in BuildStages.load(root: options.root, useGit: options.useGit) }
        return render(sources, run: run, copyingFrom: includeStaticFiles ? options.root.appendingPathComponent("Content") : nil)
    }

    /// Renders sources made in memory (the fuzzer's input, a regression test's), reading and
    /// writing nothing: the default theme only, `options.root` unused; nil when an error stops it.
    package static func render(sources: SiteSources, options: BuildOptions) -> (RenderedSite?, BuildReport) {
        render(sources, run: Run(options: options), copyingFrom: nil)
    }

    private static func render(_ sources: SiteSources, run: Run, copyingFrom content: URL?) -> (RenderedSite?, BuildReport) {
        var run = run
        let memory = MemoryOutput()
        let files = run.execute(sources, output: memory)
        if let files, let content {
            var site = files.site
            site.files = []
            BuildStages.write(site, content: content, to: memory, serial: run.options.serial)
        }
        let report = run.finish()
        guard let files, report.succeeded else { return (nil, report) }
        let pages = memory.files.map { OutputFile(path: $0.key, data: $0.value) }
        return (RenderedSite(files: (pages + files.site.files).sorted { $0.path < $1.path }, staticFiles: files.site.staticFiles), report)
    }

    /// Renders the site in memory taking unchanged work from `memo`. The state it returns holds
    /// every file (pages, index, assets and the files copied from Content/, which `copied` may
    /// supply unchanged by path) and all the work for the next build, also when the build has
    /// errors; it is nil only when the site could not be rendered at all.
    static func renderIncrementally(_ options: BuildOptions, memo: BuildMemo?, copied: (String) -> Data?)
        -> (report: BuildReport, live: LiveState?)
    {
        var run = Run(options: options)
        let sources = run.step("load") { _ in BuildStages.load(root: options.root, useGit: options.useGit) }
        let memory = MemoryOutput()
        _ = run.execute(sources, output: memory, memo: .some(memo))
        if var live = run.live {
            run.step("write") { _ in
                let content = options.root.appendingPathComponent("Content")
                for path in live.parsed.staticFiles {
                    if let data = copied(path) {
                        memory.write(path, data)
                    } else {
                        memory.copy(from: content.appendingPathComponent(path), to: path)
                    }
                }
                live.files.merge(memory.files) { $1 }
            }
            run.live = live
        }
        let report = run.finish()
        return (report, report.exitCode == 2 ? nil : run.live)
    }

    /// `keep:` paths that the site itself writes: the user's file and the site's would clash.
    private static func keepConflicts(_ keep: [KeptPath], written: Set<String>) -> [Diagnostic] {
        keep.compactMap { kept in
            let inside = kept.path + "/"
            guard written.contains(kept.path) || written.contains(where: { $0.hasPrefix(inside) }) else { return nil }
            return .error(
                kept.location, "`keep:` entry '\(kept.path)' is also written by the site",
                hint: "keep only files the build does not make; remove the entry or the file under Content/ that becomes it",
                check: .output)
        }
    }
}

/// The state of one build as it goes through the steps: timings and diagnostics.
private struct Run {
    let options: BuildOptions
    var report = BuildReport()
    var diagnostics = Diagnostics()
    /// With a memo: everything the steps made, for a live site's next update.
    var live: LiveState?
    /// With page reuse: each page file's key by its path, also when errors stop the build.
    var pageKeys: [String: KeyDigest] = [:]

    init(options: BuildOptions) {
        self.options = options
    }

    mutating func step<T>(_ name: String, _ body: (inout Run) -> T) -> T {
        options.progress?(BuildProgress(step: name, done: 0, total: 0))
        let start = ContinuousClock.now
        let result = body(&self)
        report.steps.append(StepTiming(name: name, seconds: start.duration(to: .now).seconds))
        return result
    }

    /// What the steps between load and write made.
    struct Made {
        var site: SiteFiles
        var keep: [KeptPath]
        /// This build's work, for the next build, when a memo was given.
        var memo: BuildMemo?
        /// Each page file's key by its path, and what the site model was made of, when pages
        /// may be taken from the last build.
        var pageKeys: [String: KeyDigest] = [:]
        var snapshot: SiteSnapshot?
    }

    /// The steps between load and write, in order; pages go to `output` as they are rendered.
    /// With `memo` (`.some(nil)` for a first build), work whose inputs did not change is taken
    /// from it and this build's is returned, with all a live site keeps unless `forLiveSite`
    /// is false (a build that keeps bodies on disk). With `reuse`, such a build takes whole pages
    /// from the last one where nothing they show changed. nil when an error stops the build.
    mutating func execute(
        _ sources: SiteSources, output: SiteOutput, memo: BuildMemo?? = nil, forLiveSite: Bool = true, reuse: PageReuse? = nil
    ) -> Made? {
        let serial = options.serial, includeDrafts = options.includeDrafts, epoch = options.sourceDateEpoch
        let progress = options.progress
        let previous = memo ?? nil
        let parsed = step("parse") { _ in
            BuildStages.parse(sources, includeDrafts: includeDrafts, serial: serial, memo: previous, sourceDateEpoch: epoch)
        }
        diagnostics.setLevels(parsed.config.checks)
        diagnostics.append(contentsOf: parsed.diagnostics)
        let markdown = MarkdownStage(links: parsed.links, markdown: parsed.config.markdown)
        let titled = step("markdown") { _ in BuildStages.renderTitles(parsed, markdown: markdown, serial: serial, memo: previous) }
        let early = titled.bodies.mapValues(\.rendered)
        report.renderedBodies = titled.made
        let resolved = step("resolve") { _ in BuildStages.resolve(parsed, early: early, markdown: markdown) }
        diagnostics.append(contentsOf: resolved.diagnostics)
        // Errors so far do not stop rendering: every page's links and anchors are checked in
        // this same run, and --keep-going writes the site.
        guard let theme = parsed.theme else {
            diagnostics.append(contentsOf: BuildStages.linkProblems(resolved, serial: serial))
            return nil
        }
        let changes = reuse.flatMap { reuse in
            step("changes") { _ in
                reuse.prepared(parsed, site: resolved.site, early: early, config: sources.config, includeDrafts: includeDrafts)
            }
        }
        let reuse = changes?.reuse, structure = changes?.structure
        let (renderer, pages) = step("render") { _ in
            BuildStages.render(
                resolved, theme: theme, serial: serial, output: output, memo: memo, keepsPages: forLiveSite, reuse: reuse,
                progress: progress)
        }
        let files = step("index") { _ in BuildStages.assemble(renderer, pages, staticFiles: parsed.staticFiles) }
        diagnostics.append(contentsOf: files.diagnostics)
        report.pages = files.pages
        report.renderedBodies += pages.madeBodies
        report.renderedPages = pages.madePages
        var anchorProblems: [PageID: [Diagnostic]] = [:]
        let navigation = step("check links") { run in
            if memo == nil || !forLiveSite {
                run.diagnostics.append(contentsOf: BuildStages.checkAnchors(files.anchorChecks, anchors: files.anchors))
            } else {
                // By the page each link is on, for a live site to check again only a page's share.
                for (id, output) in pages.outputs {
                    let problems = BuildStages.checkAnchors(output.anchorChecks, anchors: files.anchors)
                    if !problems.isEmpty { anchorProblems[id] = problems }
                    run.diagnostics.append(contentsOf: problems)
                }
            }
            let navigation = BuildStages.checkNavigation(renderer, links: files.anchorChecks, generated: parsed.generated)
            run.diagnostics.append(contentsOf: navigation)
            return navigation
        }
        var next: BuildMemo?
        if memo != nil {
            next = pages.memo
            // Front matter is kept in memory only, by a live site: the build cache does not store it.
            if forLiveSite { next!.parsed = parsed.memo }
            for (id, body) in titled.bodies { next!.bodies[id] = body }
        }
        report.bodies = next.map { $0.bodies.count + pages.reusedBodies } ?? report.renderedBodies
        report.reusedPages = pages.reusedPages
        for (id, keys) in pages.pageKeys { pageKeys[resolved.site.pages[id]!.url + "index.html"] = keys.key }
        if forLiveSite, let next {
            live = LiveState(
                sources: sources, parsed: parsed, memo: next, resolved: resolved, renderer: renderer, pages: pages, files: files,
                anchorProblems: anchorProblems, navigation: navigation)
        }
        guard !diagnostics.hasErrors || options.keepGoing else { return nil }
        var made = Made(site: files, keep: parsed.config.keep)
        made.memo = next
        if let structure { made.snapshot = SiteSnapshot(structure: structure, pages: pages.pageKeys) }
        made.pageKeys = pageKeys
        return made
    }

    /// The report, diagnostics sorted, time added up.
    func finish() -> BuildReport {
        var report = report
        report.diagnostics = diagnostics.sorted
        report.seconds = report.steps.reduce(0) { $0 + $1.seconds }
        return report
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

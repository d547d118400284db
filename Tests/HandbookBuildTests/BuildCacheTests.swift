import Foundation
import HandbookMarkdown
import HandbookRender
import Testing

@testable import HandbookBuild

/// `handbook build` keeps the rendered Markdown of its last build in `.Output.handbook/cache/`:
/// a rebuild runs cmark-gfm only on what changed, and whatever the cache holds (entries of an
/// edited site, a damaged file, another version's), the output is byte for byte a clean build's.
@Suite struct BuildCacheTests {
    /// A copy of the fixture site, built into its own Output/.
    struct Site {
        let root: URL
        var output: URL { root.appendingPathComponent("Output") }
        var work: URL { root.appendingPathComponent(".Output.handbook") }
        var cache: URL { work.appendingPathComponent("cache") }

        init(_ name: String = #function) throws {
            root = try Fixtures.temporaryFolder(name)
            try FileManager.default.copyItem(
                at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        }

        /// Builds into Output/, the stamps of the last build's record forgotten first.
        @discardableResult
        func build() -> BuildReport { BuildCacheTests.build(BuildOptions(root: root)) }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let url = root.appendingPathComponent("Content/" + path)
            try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent("Content/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        /// The cache's files, by name.
        var cacheFiles: [String: Data] { Fixtures.files(in: cache) }

        /// Checks that Output/ holds exactly what a build of the same Content/ into a fresh
        /// folder, with no cache, writes; and that both reported the same.
        func expectCleanBuildEqual(
            _ report: BuildReport, _ context: String = "", sourceLocation location: Testing.SourceLocation = #_sourceLocation
        ) throws {
            let clean = try Fixtures.temporaryFolder("clean").appendingPathComponent("Output")
            let cleanReport = SiteBuilder.build(BuildOptions(root: root, output: clean))
            #expect(report.diagnostics == cleanReport.diagnostics, "\(context)", sourceLocation: location)
            #expect(cleanReport.renderedBodies == cleanReport.bodies, sourceLocation: location)
            guard cleanReport.succeeded else { return }
            let built = Fixtures.files(in: output), fresh = Fixtures.files(in: clean)
            let differing = Set(built.keys).union(fresh.keys).filter { built[$0] != fresh[$0] }
            #expect(differing.sorted() == [], "\(context)", sourceLocation: location)
        }
    }

    /// Builds as `handbook build` does, after forgetting the stamps of the last build's record:
    /// a build whose inputs were not touched in the last second would otherwise find nothing
    /// to do and read no cache. The rest of the record (which pages the output holds) stays.
    static func build(_ options: BuildOptions) -> BuildReport {
        let output = options.output.standardizedFileURL
        let file = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).handbook/last-build")
        if let text = try? String(contentsOf: file, encoding: .utf8), var record = BuildRecord(text: text) {
            record.stamps = nil
            try? Data(record.text.utf8).write(to: file)
        }
        return SiteBuilder.build(options)
    }

    @Test func aBodyEditRendersOnlyThatBodyAndEqualsACleanBuild() throws {
        let site = try Site()
        let first = site.build()
        #expect(first.succeeded, "\(first.diagnostics)")
        #expect(first.renderedBodies == first.bodies && first.bodies > 15)
        #expect(site.cacheFiles.count > 3, "the cache holds its entries in several files")

        try site.edit("guides/step-2.md") { $0 + "\nOne more line, with a [link](step-1.md).\n" }
        let second = site.build()
        #expect(second.renderedBodies == 1)
        #expect(second.bodies == first.bodies)
        try site.expectCleanBuildEqual(second)

        // A text field (a role's `focus:`) is taken from the cache too, and an edit to one
        // renders it again.
        try site.edit("roles/analyst.md") { $0.replacingOccurrences(of: "Finding what the data says", with: "Finding what data say") }
        let third = site.build()
        #expect(third.renderedBodies == 0)
        try site.expectCleanBuildEqual(third)

        let unchanged = site.build()
        #expect(unchanged.renderedBodies == 0 && unchanged.bodies == first.bodies)
        try site.expectCleanBuildEqual(unchanged)
    }

    @Test func aDeletedOutputTakesItsBodiesFromTheCache() throws {
        let site = try Site()
        #expect(site.build().succeeded)
        try FileManager.default.removeItem(at: site.output)
        // Only the cache is left of the work folder, as a CI job restores it.
        for entry in try FileManager.default.contentsOfDirectory(atPath: site.work.path) where entry != "cache" {
            try FileManager.default.removeItem(at: site.work.appendingPathComponent(entry))
        }
        let report = site.build()
        #expect(report.renderedBodies == 0 && report.bodies > 15)
        try site.expectCleanBuildEqual(report)
    }

    @Test func whatChangesEveryBodyRendersEveryBody() throws {
        let site = try Site()
        try site.edit("guides/step-1.md") { $0 + "\nA <span onclick=\"go()\">raw</span> tag.\n" }
        // A link to a page that does not exist yet, kept as written while it is a warning.
        try site.edit("site.yml") { $0 + "checks:\n  broken-link: warning\n" }
        try site.edit("guides/step-9.md") { $0 + "\nSee [step 3](step-3.md).\n" }
        let first = site.build()
        #expect(first.succeeded, "\(first.diagnostics)")

        // `markdown:` changes how every body treats raw HTML.
        try site.edit("site.yml") { $0 + "markdown:\n  raw_html: trusted\n" }
        let trusted = site.build()
        #expect(trusted.renderedBodies == trusted.bodies)
        try site.expectCleanBuildEqual(trusted, "raw_html: trusted")

        // A new page is a new link target: the link to it now leads to its page.
        try site.write("guides/step-3.md", "---\ntitle: Step 3\n---\n\nThe third step.\n")
        let added = site.build()
        #expect(added.succeeded, "\(added.diagnostics)")
        #expect(added.renderedBodies == added.bodies && added.bodies == first.bodies + 1)
        try site.expectCleanBuildEqual(added, "page added")
    }

    /// What a body renders to depends on more of its page than the body: whether the page has
    /// `title:` (without one, the first heading becomes the title), and its comparison
    /// tables' captions (their ids and table-of-contents entries). Changed on the same lines,
    /// they keep the body and its place in the file as they were.
    @Test func frontMatterThatABodyDependsOnIsPartOfItsKey() throws {
        let site = try Site()
        try site.write("notes/plain.md", "---\nsummary: A note.\n---\n\n## First heading\n\nText.\n")
        try site.write(
            "notes/compared.md",
            "---\ntitle: Compared\ncompare:\n  - { caption: Old caption, collection: roles, entries: [analyst, lead], aspects: [level] }\n---\n\n## Body\n"
        )
        #expect(site.build().succeeded)
        try site.edit("notes/plain.md") { $0.replacingOccurrences(of: "summary: A note.", with: "title: A title now") }
        try site.edit("notes/compared.md") { $0.replacingOccurrences(of: "Old caption", with: "New caption") }
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.renderedBodies == 2)
        try site.expectCleanBuildEqual(report)
    }

    @Test(arguments: ["flipped byte", "truncated", "other version", "other cmark-gfm", "empty", "garbage", "folder"])
    func aDamagedCacheFileIsIgnored(damage: String) throws {
        let site = try Site("damaged \(damage)")
        let first = site.build()
        let files = site.cacheFiles
        #expect(!files.isEmpty)
        for (name, data) in files {
            let url = site.cache.appendingPathComponent(name)
            var bytes = [UInt8](data)
            switch damage {
            case "flipped byte": bytes[bytes.count / 2] ^= 0x20
            case "truncated": bytes.removeLast(bytes.count / 3)
            case "other version", "other cmark-gfm":
                let version = Array((damage == "other version" ? HandbookVersion.current : MarkdownRenderer.libraryVersion).utf8)
                let at = bytes.firstRange(of: version)!.lowerBound
                bytes[at] = bytes[at] == UInt8(ascii: "9") ? UInt8(ascii: "8") : UInt8(ascii: "9")
                // A whole file of that other version: its closing digest fits its bytes.
                var hasher = KeyHasher()
                bytes[..<(bytes.count - 16)].withUnsafeBytes { hasher.add($0) }
                var trailer = CacheWriter(capacity: 16)
                trailer.digest(hasher.digest)
                bytes.replaceSubrange((bytes.count - 16)..., with: trailer.bytes)
            case "empty": bytes = []
            case "garbage": bytes = (0..<bytes.count).map { UInt8(truncatingIfNeeded: $0 &* 151) }
            default:
                try FileManager.default.removeItem(at: url)
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: false)
                continue
            }
            try Data(bytes).write(to: url)
        }
        let report = site.build()
        #expect(report.succeeded)
        #expect(report.renderedBodies == first.bodies, "\(damage): nothing is taken from a damaged file")
        try site.expectCleanBuildEqual(report, damage)
        if damage != "folder" {
            // The build wrote a good cache in place of the damaged one.
            #expect(site.build().renderedBodies == 0, "\(damage)")
        }
    }

    /// A cache folder that is a file or a link is not read or written, and left as it is.
    @Test func aCacheThatIsNotAFolderIsLeftAlone() throws {
        let site = try Site()
        try FileManager.default.createDirectory(at: site.work, withIntermediateDirectories: true)
        try Data("not a folder".utf8).write(to: site.cache)
        let report = site.build()
        #expect(report.succeeded && report.renderedBodies == report.bodies)
        try site.expectCleanBuildEqual(report)
        #expect(try Data(contentsOf: site.cache) == Data("not a folder".utf8))

        let elsewhere = try Fixtures.temporaryFolder("elsewhere")
        try FileManager.default.removeItem(at: site.cache)
        try FileManager.default.createSymbolicLink(at: site.cache, withDestinationURL: elsewhere)
        let linked = site.build()
        #expect(linked.succeeded && linked.renderedBodies == linked.bodies)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere.path) == [])
    }

    @Test func aFailedBuildWritesNoCache() throws {
        let site = try Site()
        try site.edit("guides/step-2.md") { $0 + "\nA [broken link](missing.md).\n" }
        #expect(!site.build().succeeded)
        #expect(site.cacheFiles.isEmpty)

        try site.edit("guides/step-2.md") { $0.replacingOccurrences(of: "A [broken link](missing.md).", with: "Fixed.") }
        #expect(site.build().succeeded)
        let kept = site.cacheFiles
        try site.edit("guides/step-1.md") { $0 + "\nA [broken link](missing.md).\n" }
        try site.edit("guides/step-10.md") { $0 + "\nA good edit.\n" }
        #expect(!site.build().succeeded)
        #expect(site.cacheFiles == kept, "a failed build leaves the cache as the last good build left it")
    }

    /// The cache keeps only what the last build used: entries of deleted or edited pages go.
    @Test func theCacheHoldsOnlyTheLastBuildsEntries() throws {
        let site = try Site()
        let first = site.build()
        let entries = try #require(BuildCache.read(folder: site.cache.path)).count
        #expect(entries >= first.bodies)
        for round in 1...5 {
            try site.edit("guides/step-2.md") { $0 + "\nRound \(round).\n" }
            site.build()
        }
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/guides/step-9.md"))
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/guides/step-10.md"))
        let last = site.build()
        #expect(last.succeeded, "\(last.diagnostics)")
        let cache = try #require(BuildCache.read(folder: site.cache.path))
        // Each deleted page had a body and a page record.
        #expect(cache.count == entries - 4)
    }

    /// Random edits, each followed by a build with the cache, each compared with a clean build.
    /// Broken links are warnings here, so that builds succeed (and keep their cache) with links
    /// to pages that a later edit adds or that an edit deleted: those bodies must change then.
    @Test(arguments: [11, 12])
    func randomEditsEqualCleanBuilds(seed: UInt64) throws {
        let site = try Site("random \(seed)")
        try site.edit("site.yml") { $0 + "checks:\n  broken-link: warning\n" }
        // The same edits for the same seed, so a failure can be replayed.
        var random = IncrementalTests.Random(state: seed)
        #expect(site.build().succeeded)
        var failed = 0, onePage = 0
        let words = ["apple", "river", "stone", "cloud", "maple", "ember", "delta", "quartz"]
        let content = site.root.appendingPathComponent("Content")
        for step in 1...30 {
            let pages = try FileManager.default.subpathsOfDirectory(atPath: content.path).filter { $0.hasSuffix(".md") }.sorted()
            // Pages one folder deep, which links to ../notes/ reach.
            let plain = pages.filter { $0.hasPrefix("guides/step-") || $0.hasPrefix("notes/") }
            let page = pages.randomElement(using: &random)!
            let word = words.randomElement(using: &random)!
            let edit: String
            let kind = Int.random(in: 0..<8, using: &random)
            switch kind {
            case 0:
                try site.edit(page) { $0 + "\n\nEdit \(step): \(word).\n" }
                edit = "append to \(page)"
            case 1:
                try site.edit(page) { $0 + "\n\n## Heading \(step) \(word)\n\nText under it.\n" }
                edit = "heading in \(page)"
            case 2:
                let target = plain.randomElement(using: &random)!
                try site.edit(target) {
                    $0.replacingOccurrences(of: #"(?m)^title: .*$"#, with: "title: Retitled \(word) \(step)", options: .regularExpression)
                }
                edit = "retitle \(target)"
            case 3:
                let link = plain.randomElement(using: &random).map { "\n\nSee [a page](../\($0)).\n" } ?? ""
                try site.write("notes/new-\(step).md", "---\ntitle: New \(word) \(step)\n---\n\nAbout \(word).\(link)")
                edit = "add notes/new-\(step).md"
            case 4:
                try site.write("notes/untitled-\(step).md", "# Untitled \(word) \(step)\n\nNo front matter.\n")
                edit = "add notes/untitled-\(step).md"
            case 5:
                let target = plain.randomElement(using: &random)!
                try FileManager.default.removeItem(at: content.appendingPathComponent(target))
                edit = "delete \(target)"
            case 6:
                // A page that a later step may add.
                let target = plain.randomElement(using: &random)!
                let later = step + Int.random(in: 1...6, using: &random)
                try site.edit(target) { $0 + "\nSee [a later page](../notes/new-\(later).md).\n" }
                edit = "link to notes/new-\(later).md in \(target)"
            default:
                try site.write("notes/broken-\(step).md", "---\ntitle: [not closed\n---\n\nA page whose front matter fails the build.\n")
                edit = "add notes/broken-\(step).md"
            }
            let report = site.build()
            try site.expectCleanBuildEqual(report, "seed \(seed), edit \(step): \(edit)")
            if report.succeeded, [0, 1, 2, 6].contains(kind) {
                // One page's file changed and the site's pages did not: one body at most is new.
                onePage += 1
                #expect(report.renderedBodies <= 1, "seed \(seed), edit \(step): \(edit)")
            }
            if !report.succeeded {
                failed += 1
                for path in pages where path.hasPrefix("notes/broken-") {
                    try FileManager.default.removeItem(at: content.appendingPathComponent(path))
                }
                try? FileManager.default.removeItem(at: content.appendingPathComponent("notes/broken-\(step).md"))
            }
        }
        print("build cache, seed \(seed): 30 edits, \(onePage) of one page's file, \(failed) failed builds")
        #expect(failed > 0 && onePage > 5)
    }

    // MARK: - The format

    @Test func everyFieldOfARenderedBodyComesBack() throws {
        let location = SourceLocation(file: "Content/a.md", line: 7, column: 3)
        let page = RenderedPage(
            body: PageBody(
                html: "<p>héllo \u{1F600}</p>\n", heading: "Title", headingID: "title",
                toc: [TOCEntry(level: 2, text: "Two", id: "two"), TOCEntry(level: 3, text: "", id: "three")], comparisonIDs: ["cmp"]),
            title: nil, anchors: ["two", "three", "cmp"],
            anchorChecks: [AnchorCheck(target: PageID("b/c.md"), fragment: "x", location: location)],
            diagnostics: [
                .report(.rawHTML, location, "removed", hint: "use Markdown"),
                Diagnostic(.error, at: SourceLocation(file: "", line: -1, column: 0), "", isEnvironment: true),
            ])
        var writer = CacheWriter(capacity: 0)
        writer.renderedPage(page)
        let back = try writer.bytes.withUnsafeBufferPointer { bytes in
            var reader = CacheReader(bytes)
            let page = try reader.renderedPage()
            #expect(reader.isAtEnd)
            return page
        }
        #expect(back.body.html == page.body.html && back.body.heading == "Title" && back.body.headingID == "title")
        #expect(back.body.toc.map { "\($0.level) \($0.text) \($0.id)" } == ["2 Two two", "3  three"])
        #expect(back.body.comparisonIDs == ["cmp"] && back.title == nil && back.anchors == page.anchors)
        #expect(back.anchorChecks.map { "\($0.target.path) \($0.fragment) \($0.location)" } == ["b/c.md x Content/a.md:7:3"])
        #expect(back.diagnostics == page.diagnostics)
        // Every prefix is too short: a cut anywhere is an error, never a crash or a partial value.
        for length in 0..<writer.bytes.count {
            let cut = Array(writer.bytes[..<length])
            let result = cut.withUnsafeBufferPointer { bytes in
                var reader = CacheReader(bytes)
                return try? reader.renderedPage()
            }
            #expect(result == nil, "cut at \(length)")
        }
    }

    @Test func everyFieldOfAKeyChangesItsDigest() {
        let key = BuildMemo.BodyKey(
            body: "Text", file: "Content/a.md", lineOffset: 3, fingerprint: 9, id: "a.md", untitled: false, linkSource: nil,
            comparisons: ["One"])
        var changed: [BuildMemo.BodyKey] = []
        for index in 0..<9 {
            var other = key
            switch index {
            case 0: other.body = "Text "
            case 1: other.file = "Content/b.md"
            case 2: other.lineOffset = 4
            case 3: other.fingerprint = 10
            case 4: other.id = "b.md"
            case 5: other.untitled = true
            case 6: other.linkSource = "a.md"
            case 7: other.comparisons = ["One", ""]
            default: other.comparisons = ["Two"]
            }
            changed.append(other)
        }
        let digests = Set(([key] + changed).map(\.digest))
        #expect(digests.count == 10)
        #expect(key.digest == key.digest)
        // Fields are length-prefixed: moving text from one field to the next is a change.
        var first = KeyHasher(), second = KeyHasher()
        first.add("ab")
        first.add("c")
        second.add("a")
        second.add("bc")
        #expect(first.digest != second.digest)
        let text = BuildMemo.TextKey(
            markdown: "Text", location: SourceLocation(file: "Content/a.md", line: 1, column: 1), renderedAt: "a/", fingerprint: 9)
        var moved = text
        moved.renderedAt = "b/"
        #expect(text.digest != moved.digest && text.digest != key.digest)
    }
}

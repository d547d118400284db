import Foundation
import Testing

@testable import HandbookBuild

/// `handbook build` takes whole pages from its last build when nothing they show changed: after
/// an edit to one page's body, only that page goes through its template; after a front-matter
/// edit, only the pages that show it. The others come from the staging tree, or from the output
/// folder when the record of the last build vouches for them. Whatever the work folder and the
/// output hold, the site is a clean build's.
@Suite struct PageReuseTests {
    typealias Site = BuildCacheTests.Site

    @Test func aBodyEditMakesOnlyThatPageAgain() throws {
        let site = try Site()
        let first = site.build()
        // Pair pages are made anew every time; `renderedPages` counts the site's own pages.
        #expect(first.succeeded && first.reusedPages == 0 && first.renderedPages > 15)
        // The first rebuild finds the staging tree empty (the first build's tree became the
        // output) and copies the pages from the output; later ones find them in staging.
        for round in 1...4 {
            try site.edit("guides/step-2.md") { $0 + "\nRound \(round) of edits.\n" }
            let report = site.build()
            #expect(report.renderedPages == 1 && report.renderedBodies == 1, "round \(round)")
            #expect(report.reusedPages == first.renderedPages - 1, "round \(round)")
            #expect(report.bodies == first.bodies, "round \(round)")
            try site.expectCleanBuildEqual(report, "round \(round)")
        }
    }

    /// A new title shows in every sidebar of a site small enough for its sidebars to list every
    /// page: every page is made again, its body from the cache.
    @Test func aNewTitleOnASmallSiteMakesEveryPageAgain() throws {
        let site = try Site()
        let first = site.build()
        try site.edit("guides/step-2.md") { $0 + "\nA body edit first.\n" }
        #expect(site.build().reusedPages > 0)
        try site.edit("guides/step-9.md") {
            $0.replacingOccurrences(of: #"(?m)^title: .*$"#, with: "title: A new title", options: .regularExpression)
        }
        let report = site.build()
        #expect(report.reusedPages == 0 && report.renderedBodies == 0 && report.renderedPages == first.renderedPages)
        try site.expectCleanBuildEqual(report)
    }

    /// A summary shows on its page, in its section's listing and in the search index: only the
    /// pages that show it (and the pager's neighbours, which the preview's rules make again too)
    /// are made again.
    @Test func aNewSummaryMakesOnlyThePagesThatShowIt() throws {
        let site = try Site()
        let first = site.build()
        // A summary line first, so that the edit keeps the body's lines where they are.
        try site.edit("guides/step-9.md") { $0.replacingOccurrences(of: "---\ntitle:", with: "---\nsummary: The first one.\ntitle:") }
        #expect(site.build().succeeded)
        try site.edit("guides/step-2.md") { $0 + "\nA body edit first.\n" }
        #expect(site.build().reusedPages > 0)
        try site.edit("guides/step-9.md") { $0.replacingOccurrences(of: "The first one.", with: "A new summary.") }
        let report = site.build()
        #expect(report.renderedBodies == 0 && report.renderedPages > 1 && report.renderedPages <= 6, "\(report.renderedPages)")
        #expect(report.reusedPages == first.renderedPages - report.renderedPages)
        try site.expectCleanBuildEqual(report)
        let listing = try String(contentsOf: site.output.appendingPathComponent("guides/index.html"), encoding: .utf8)
        #expect(listing.contains("A new summary."))
    }

    /// A reader who edits a page in the output folder by hand gets the build's page back: the
    /// edited file is neither copied from the output nor trusted once it is in the staging tree.
    @Test func aPageEditedInTheOutputIsNotTaken() throws {
        let site = try Site()
        #expect(site.build().succeeded)
        try site.edit("guides/step-2.md") { $0 + "\nFirst edit.\n" }
        #expect(site.build().reusedPages > 0)
        let page = site.output.appendingPathComponent("guides/step-9/index.html")
        let original = try Data(contentsOf: page)
        for round in 1...3 {
            try Data("edited by hand in round \(round)".utf8).write(to: page)
            try site.edit("guides/step-2.md") { $0 + "\nEdit \(round).\n" }
            let report = site.build()
            #expect(report.reusedPages > 0 && report.renderedPages <= 2, "round \(round)")
            #expect(try Data(contentsOf: page) == original, "round \(round)")
            try site.expectCleanBuildEqual(report, "round \(round)")
        }
    }

    /// A failed build writes pages into the staging tree before it finds its errors: the next
    /// build takes from that tree only the pages it knows are there, the failed build's
    /// included.
    @Test func aFailedBuildLeavesNoStalePage() throws {
        let site = try Site()
        #expect(site.build().succeeded)
        for round in 1...2 {
            try site.edit("guides/step-2.md") { $0 + "\nEdit \(round).\n" }
            #expect(site.build().succeeded)
        }
        let good = try String(contentsOf: site.root.appendingPathComponent("Content/guides/step-9.md"), encoding: .utf8)
        try site.edit("guides/step-9.md") { $0 + "\nA [broken link](missing.md) and more words.\n" }
        try site.edit("guides/step-10.md") { $0 + "\nAnother [broken link](missing.md).\n" }
        #expect(!site.build().succeeded)
        try site.write("guides/step-9.md", good)
        try site.edit("guides/step-10.md") { $0.replacingOccurrences(of: "\nAnother [broken link](missing.md).\n", with: "") }
        // Without the output, pages can come only from the previous site in the work folder:
        // the failed build told which of its files it had replaced.
        try FileManager.default.removeItem(at: site.output)
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        #expect(report.reusedPages > 0 && report.renderedPages <= 3, "\(report.renderedPages)")
        try site.expectCleanBuildEqual(report)
    }

    /// A build stopped in its write step, after the staging tree was pruned to its own files
    /// (a `keep:` entry the site writes too), leaves no key for a file it pruned.
    @Test func aBuildStoppedAfterPruningLeavesNoKeyForWhatItPruned() throws {
        let site = try Site()
        #expect(site.build().succeeded)
        try site.edit("guides/step-2.md") { $0 + "\nFirst edit.\n" }
        #expect(site.build().succeeded)
        // The next build writes no guides/step-9/, so pruning deletes it from the staging tree.
        let step9 = try String(contentsOf: site.root.appendingPathComponent("Content/guides/step-9.md"), encoding: .utf8)
        try FileManager.default.removeItem(at: site.root.appendingPathComponent("Content/guides/step-9.md"))
        try site.edit("site.yml") { $0 + "keep: [guides/index.html]\n" }
        let stopped = site.build()
        #expect(stopped.diagnostics.contains { $0.message.contains("is also written by the site") })
        try site.write("guides/step-9.md", step9)
        try site.edit("site.yml") { $0.replacingOccurrences(of: "keep: [guides/index.html]\n", with: "") }
        try FileManager.default.removeItem(at: site.output)
        let report = site.build()
        #expect(report.succeeded, "\(report.diagnostics)")
        try site.expectCleanBuildEqual(report)
    }

    /// The output deleted, or the work folder but its cache: pages cannot be taken from
    /// anywhere and are made again, bodies from the cache.
    @Test func withoutTheLastSitePagesAreMadeAgain() throws {
        let site = try Site()
        let first = site.build()
        try site.edit("guides/step-2.md") { $0 + "\nAn edit.\n" }
        #expect(site.build().reusedPages > 0)
        try FileManager.default.removeItem(at: site.output)
        for entry in try FileManager.default.contentsOfDirectory(atPath: site.work.path) where entry != "cache" {
            try FileManager.default.removeItem(at: site.work.appendingPathComponent(entry))
        }
        let report = site.build()
        #expect(report.reusedPages == 0 && report.renderedBodies == 0 && report.renderedPages == first.renderedPages)
        try site.expectCleanBuildEqual(report)
    }

    @Test func aRecordKeepsItsPageKeys() throws {
        let site = try Site()
        let first = site.build()
        let text = try String(contentsOf: site.work.appendingPathComponent("last-build"), encoding: .utf8)
        let record = try #require(BuildRecord(text: text))
        #expect(record.keys.count == first.renderedPages)
        #expect(BuildRecord(text: record.text)?.keys == record.keys)
        // A damaged key makes the record unreadable, so nothing is taken on its word.
        let damaged = text.replacingOccurrences(of: "\t" + record.keys.first!.value.hex, with: "\tnot-a-key")
        #expect(BuildRecord(text: damaged) == nil)
    }
    /// A page without `title:` takes its title from its first heading, which other pages show
    /// (sidebars, pagers): a new heading there is front matter for the rest of the site.
    @Test func aTitleFromABodyMakesThePagesThatShowItAgain() throws {
        let site = try Site()
        try site.write("guides/untitled.md", "# A heading for a title\n\nNo front matter.\n")
        #expect(site.build().succeeded)
        try site.edit("guides/step-2.md") { $0 + "\nAn edit.\n" }
        #expect(site.build().reusedPages > 0)
        try site.edit("guides/untitled.md") { $0.replacingOccurrences(of: "# A heading for a title", with: "# Another title") }
        let report = site.build()
        #expect(report.succeeded && report.renderedPages > 1)
        try site.expectCleanBuildEqual(report)
        let sibling = try String(contentsOf: site.output.appendingPathComponent("guides/step-2/index.html"), encoding: .utf8)
        #expect(sibling.contains("Another title"))
    }
    /// A commit moves a page's date without changing a byte of Content/: the date is an input
    /// of the site model, so the page is made again.
    @Test func aCommitThatDatesAPageMakesItAgain() throws {
        let (top, root) = try PageDateTests.makeRepository()
        let output = root.appendingPathComponent("Output")
        try Data("\nAn edit not yet committed.\n".utf8).append(to: root.appendingPathComponent("Content/roles/director.md"))
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).succeeded)
        try Data("\nAnother edit.\n".utf8).append(to: root.appendingPathComponent("Content/skills/sql.md"))
        #expect(SiteBuilder.build(BuildOptions(root: root, output: output)).reusedPages > 0)
        try PageDateTests.git(["commit", "-q", "-am", "Director"], in: top, date: "2026-04-01T12:00:00Z")
        let report = SiteBuilder.build(BuildOptions(root: root, output: output))
        #expect(report.succeeded && !report.unchanged)
        let page = try String(contentsOf: output.appendingPathComponent("roles/director/index.html"), encoding: .utf8)
        #expect(PageDateTests.updated(page) == "2026-04-01")
        let clean = try Fixtures.temporaryFolder("clean").appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: root, output: clean)).succeeded)
        let built = Fixtures.files(in: output), fresh = Fixtures.files(in: clean)
        #expect(Set(built.keys).union(fresh.keys).filter { built[$0] != fresh[$0] }.sorted() == [])
    }
    /// The random edits of `IncrementalTests` (pages added, changed, renamed and deleted, front
    /// matter, entries, site.yml, a template, static files), each followed by a build on disk,
    /// which must write exactly what a clean build writes, or fail with its diagnostics. With
    /// 420 more pages a sidebar no longer lists every page, so a front-matter change reaches
    /// only some pages and the others are taken from the last build.
    @Test(arguments: [(21, 0), (22, 420), (23, 420)])
    func randomEditsEqualCleanBuilds(seed: UInt64, filler: Int) throws {
        let site = try Site("reuse \(seed)")
        try IncrementalTests().addFiller(filler, to: site.root)
        var editor = IncrementalTests.Editor(root: site.root, random: IncrementalTests.Random(state: seed))
        let first = site.build()
        #expect(first.succeeded, "\(first.diagnostics)")
        var failed = 0, some = 0, none = 0
        for step in 1...40 {
            let (edit, _) = try editor.edit()
            let report = site.build()
            try site.expectCleanBuildEqual(report, "seed \(seed), edit \(step): \(edit)")
            if !report.succeeded {
                failed += 1
            } else if report.reusedPages == 0 {
                none += 1
            } else if report.renderedPages > 1 {
                some += 1
            }
        }
        print(
            "page reuse, seed \(seed), \(filler) more pages: 40 edits, \(failed) failed, \(none) made every page, \(some) made more than one page and took the rest"
        )
        #expect(failed > 0 && failed < 20)
        if filler > 0 { #expect(some > 3) }
    }

    /// The record is read on bytes: every field comes back, and a line that is not two or three
    /// fields, or a key that is not 32 hex digits, makes the record unreadable.
    @Test func aRecordReadsBackWhatItWrote() throws {
        var report = BuildReport()
        report.pages = 2
        report.files = 3
        let folder = try Fixtures.temporaryFolder()
        for path in ["a b/index.html", "ü/index.html", "robots.txt"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(path).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(path.utf8).write(to: folder.appendingPathComponent(path))
        }
        let keys = [
            "a b/index.html": KeyDigest(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210),
            "ü/index.html": KeyDigest(high: 1, low: 2),
        ]
        let record = BuildRecord(
            stamps: nil, output: folder.path, written: ["a b/index.html", "ü/index.html", "robots.txt"], report: report, keys: keys)
        let read = try #require(BuildRecord(text: record.text))
        #expect(read.output == record.output && read.output.count == 3)
        #expect(read.keys == keys && read.stamps == nil && read.pages == 2 && read.files == 3)
        #expect(record.text.contains("\t0123456789abcdeffedcba9876543210\n"))
        for damage in ["\tABCDEF", "\t0123", "\tx\ty"] {
            let damaged = record.text.replacingOccurrences(of: "\t" + KeyDigest(high: 1, low: 2).hex, with: damage)
            #expect(BuildRecord(text: damaged) == nil, "\(damage)")
        }
    }
}

import Foundation
import HandbookBuild
import HandbookFuzz
import Synchronization
import Testing

/// Inputs the fuzzer (scripts/fuzz.sh) found to break the build, kept in Tests/Fixtures/fuzz as
/// NAME.input with the diagnostics they must give in NAME.expected, and replayed through the
/// fuzzer's own entry point. Regenerate the expected files with
/// `HANDBOOK_UPDATE_GOLDEN=1 swift test --filter FuzzRegressionTests` and review the diff.
@Suite struct FuzzRegressionTests {
    static let folder = Fixtures.folder.appendingPathComponent("fuzz")
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
        .filter { $0.hasSuffix(".input") }.map { String($0.dropLast(".input".count)) }.sorted()

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 2, "the inputs under Tests/Fixtures/fuzz were not found")
    }

    @Test(arguments: cases)
    func replaysWithoutCrashAndWithSaneDiagnostics(_ name: String) throws {
        let input = try Data(contentsOf: Self.folder.appendingPathComponent("\(name).input"))
        let (report, insanities) = FuzzCase(input).run()
        #expect(insanities == [])
        let text = report.diagnostics.map(\.description).joined(separator: "\n") + "\n"
        let expectedFile = Self.folder.appendingPathComponent("\(name).expected")
        if Fixtures.updating {
            try Data(text.utf8).write(to: expectedFile)
            return
        }
        #expect(text == (try String(contentsOf: expectedFile, encoding: .utf8)))
    }

    /// The entry point builds what a folder with the same files builds, so what the fuzzer finds
    /// in memory holds for `handbook build`.
    @Test func inMemoryBuildEqualsTheBuildFromDisk() throws {
        let content = Fixtures.site.appendingPathComponent("Content")
        var files = Fixtures.files(in: content)
        let config = files.removeValue(forKey: "site.yml")
        let input = FuzzCase.encode(config: config, files: files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        let (memorySite, memoryReport) = FuzzCase(input).build()
        // The Content/ folder alone: no Git history, no CODEOWNERS, as in memory.
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(at: content, to: root.appendingPathComponent("Content"))
        let (diskSite, diskReport) = SiteBuilder.render(BuildOptions(root: root, useGit: false))
        #expect(memoryReport.succeeded && diskReport.succeeded)
        #expect(memoryReport.pages == diskReport.pages)
        let memory = Dictionary(uniqueKeysWithValues: (memorySite?.files ?? []).map { ($0.path, $0.data) })
        let disk = Dictionary(uniqueKeysWithValues: (diskSite?.files ?? []).map { ($0.path, $0.data) })
        #expect(memory.count > 10)
        #expect(memory == disk)
        #expect(memorySite?.staticFiles == diskSite?.staticFiles)
    }

    /// Bytes that are not UTF-8 get the loader's diagnostic, not a crash or a silent repair.
    @Test func invalidUTF8GetsTheLoadersDiagnostic() {
        let input = FuzzCase.encode(config: Data("title: T\n".utf8), files: [("a.md", Data([0x2D, 0xFF, 0x0A]))])
        let (report, insanities) = FuzzCase(input).run()
        #expect(insanities == [])
        #expect(
            report.diagnostics.map(\.description) == [
                "Content/a.md:1:2: error: the file is not UTF-8 text: byte 0xFF here is not UTF-8 [encoding]\n"
                    + "    hint: save the file as UTF-8; such bytes usually come from Latin-1 or Windows-1252 text"
            ])
    }

    /// Paths are cleaned to what a folder can hold; the first of two files at one path wins.
    @Test func inputsBecomeFilesAFolderCouldHold() {
        let input = Data("title: T\0/a//./.hidden/b.md\nB\0a/b.md\nsecond\0a\nfile where a folder is\0..\n\0c.md\nC".utf8)
        let files = FuzzCase(input).files
        #expect(files.map(\.path) == ["site.yml", "a/b.md", "c.md"])
        #expect(files.map { String(decoding: $0.data, as: UTF8.self) } == ["title: T", "B", "C"])
    }

    /// The checker itself: a diagnostic outside its file is caught.
    @Test func aDiagnosticOutsideTheInputIsInsane() {
        let fuzzCase = FuzzCase(Data("title: T\0a.md\none line".utf8))
        let inside = Diagnostic.error(SourceLocation(file: "Content/a.md", line: 1, column: 9), "fine")
        #expect(fuzzCase.insanities(in: [inside]) == [])
        let bad: [Diagnostic] = [
            .error(SourceLocation(file: "Content/a.md", line: 2, column: 1), "past the end"),
            .error(SourceLocation(file: "Content/a.md", line: 1, column: 10), "past the line"),
            .error(SourceLocation(file: "Content/b.md", line: 1, column: 1), "no such file"),
            .error(SourceLocation(file: "Content/a.md", line: 1, column: 1), ""),
        ]
        #expect(fuzzCase.insanities(in: bad).count == bad.count)
    }
}

extension FuzzRegressionTests {
    /// Found under AddressSanitizer (heading-inline-html.input): raw HTML in a heading was a slice
    /// of the heading's text, read after the heading was replaced by its anchored copy and freed.
    /// Without the sanitizer the freed bytes are reused, so the HTML shows whether they were.
    @Test func rawHTMLInAHeadingSurvivesItsAnchor() throws {
        // Trusted, so the raw HTML is published as written rather than escaped by the sanitiser.
        let config = Data("title: S\nmarkdown: { raw_html: trusted }\n".utf8)
        let input = FuzzCase.encode(config: config, files: [("t.md", Data("---\ntitle: T\n---\n## <d>\n".utf8))])
        for _ in 0..<20 {
            let (site, report) = FuzzCase(input).build()
            #expect(report.succeeded)
            let page = try #require(site?.files.first { $0.path == "t/index.html" })
            #expect(String(decoding: page.data, as: UTF8.self).contains(#"<h2 id="section"><d><a class="anchor""#))
        }
    }
}

/// Counts its instances alive, to see that results are released. The count is atomic: the
/// instances are made on parallelMap's threads, and a plain `+= 1` there loses counts.
private final class Tracked: Sendable {
    static let count = Atomic<Int>(0)
    static var alive: Int { count.load(ordering: .sequentiallyConsistent) }
    init() { Self.count.add(1, ordering: .sequentiallyConsistent) }
    deinit { Self.count.subtract(1, ordering: .sequentiallyConsistent) }
}

extension FuzzRegressionTests {
    /// Found by the fuzzer's leak check (parallel-map-leak.input): parallelMap freed its result
    /// slots without releasing them, so every parallel step leaked its output, page HTML included.
    @Test func parallelMapReleasesItsResults() {
        do {
            let results = Array(0..<64).parallelMap { _ in Tracked() }
            #expect(Tracked.alive == 64)
            #expect(results.count == 64)
        }
        #expect(Tracked.alive == 0)
    }
}

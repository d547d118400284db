import Foundation
import HandbookBuild
import Testing

/// The first run reports every mistake the content has, each once and nothing that only
/// follows from another; `--keep-going` writes the whole site all the same.
@Suite struct OneRunTests {
    static let manyMistakes = Fixtures.invalid.appendingPathComponent("many-mistakes")

    /// Each mistake of the fixture, by file and check: twelve kinds in twelve files.
    static let expected: [String] = [
        "Content/broken.md yaml",
        "Content/guide.md broken-link",
        "Content/guide.md broken-anchor",
        "Content/guide.md link-to-draft",
        "Content/layout.md unknown-layout",
        "Content/moved.md alias",
        "Content/roles/lead.md unknown-reference",
        "Content/site.yml schema",
        "Content/team/README.md duplicate-index",
        "Content/typo.md unknown-key",
        "Content/unclosed.md yaml",
        "Content/weight.md front-matter",
    ]

    @Test func oneRunReportsEveryMistakeOnceAndNoConsequence() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let report = SiteBuilder.build(BuildOptions(root: Self.manyMistakes, output: output))
        let found = report.diagnostics.map { "\($0.location.file) \($0.check ?? "-")" }
        #expect(found == Self.expected)
        #expect(Set(report.diagnostics.compactMap(\.check)).count >= 8, "at least eight kinds of mistakes")
        #expect(Set(report.diagnostics.map(\.location.file)).count >= 8, "in at least eight files")
        // Links to the pages with broken front matter resolve: the pages still exist.
        #expect(!report.diagnostics.contains { $0.message.contains("broken.md") || $0.message.contains("unclosed.md") })
        // The field whose type is wrong in site.yml is reported there once, not at each entry.
        #expect(!report.diagnostics.contains { $0.message.contains("unknown field 'level'") })
        #expect(report.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: output.path), "without --keep-going nothing is written")
    }

    @Test func keepGoingWritesTheWholeSiteAndStillFails() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        var options = BuildOptions(root: Self.manyMistakes, output: output)
        options.keepGoing = true
        let report = SiteBuilder.build(options)
        #expect(report.diagnostics.map { "\($0.location.file) \($0.check ?? "-")" } == Self.expected)
        #expect(report.exitCode == 1)
        let files = Fixtures.files(in: output)
        for page in [
            "index.html", "guide/index.html", "broken/index.html", "unclosed/index.html", "typo/index.html", "weight/index.html",
            "layout/index.html", "moved/index.html", "team/index.html", "roles/lead/index.html", "skills/sql/index.html",
        ] {
            #expect(files[page] != nil, "\(page) is written")
        }
        let broken = String(decoding: files["broken/index.html"] ?? Data(), as: UTF8.self)
        #expect(broken.contains("id=\"its-heading\">Its heading") && broken.contains("Still here."))
        #expect(Fixtures.brokenLinks(in: output).allSatisfy { $0.contains("missing.md") || $0.contains("plan.md") })
    }

    @Test func theCommandLineWritesDespiteErrorsAndExitsOne() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let result = try HandbookProcess.start(["build", "--keep-going", "--root", Self.manyMistakes.path, "--output", output.path])
            .finish()
        #expect(result.status == 1)
        #expect(result.stdout.contains("despite 12 errors (--keep-going)"), "\(result.stdout)")
        #expect(result.stderr.contains("[duplicate-index]"))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("guide/index.html").path))
    }

    @Test func aBrokenThemeStillLetsEveryAnchorBeChecked() throws {
        let site = try ScratchSite([
            "Content/site.yml": "title: T\ntheme: custom\n",
            "Content/guide.md": "# Guide\n\n[nowhere](#nowhere)\n",
            "Themes/custom/templates/page.mustache": "{{<base}}{{$main}}{{#page.title}}{{/main}}{{/base}}\n",
        ])
        let report = site.build()
        #expect(report.diagnostics.map(\.check) == ["broken-anchor", "theme"])
    }
}
